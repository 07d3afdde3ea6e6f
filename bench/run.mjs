// npm run bench: speed and memory on generated tenants with every rule family on (the default
// settings: phone; sync, duplicates included; readiness, phone.not-mobile included), printed side by
// side with the baselines and the targets of issues #10 and #11, and written to docs/performance.md
// between its bench markers. A benchmark, not a test: it asserts nothing.
//   npm run bench               the full run (about 20 minutes on a two-core machine)
//   npm run bench -- --quick    a smoke run: 10k users in the editor, 100k in the CLI, nothing written
//
// Editor figures go through the real language server (bench/editorBench.mjs); CLI figures run
// dist/cli.js and the Python peer on the same files (bench/cliBench.mjs); the exports come from
// bench/generate.mjs, cached in bench/out (bench/datasets.mjs).
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from '../scripts/debianPackages.mjs';
import { findingCounts, measureCli } from './cliBench.mjs';
import { dataset, generatorKey, megabytes } from './datasets.mjs';
import { editorFigures } from './editorBench.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const editorSizes = quick ? [10_000] : [10_000, 100_000];
/** The CLI's users, in two files of half each (generate.mjs --first), so duplicates cross files. */
const cliUsers = quick ? 100_000 : 1_000_000;
/** Server runs of each open (cold and warm): each figure is their median. */
const editorRuns = quick ? 3 : 5;
/** Server runs of each open with the phone family alone. */
const phoneOnlyRuns = 3;
/**
 * CLI runs, taken in turn. The Python peer takes about five minutes on 1M users here, so it runs
 * twice (its faster run counts) and dirlint three times, to keep the bench near 20 minutes.
 */
const cliRuns = quick ? { dirlintRuns: 1, pythonRuns: 1 } : { dirlintRuns: 3, pythonRuns: 2 };

/** The targets (issues #10 and #11), each: the figure's words, its limit, and whether a figure meets it. */
const targets = {
	ratio: { words: 'at most a third of the naive time', met: (ratio) => ratio <= 1 / 3 },
	edit: { words: '50 ms or less (median)', met: (milliseconds) => milliseconds <= 50 },
	request: { words: '20 ms or less (median)', met: (milliseconds) => milliseconds <= 20 },
	rss: { words: '300 MB or less', met: (mb) => mb <= 300 },
	speedUp: { words: 'at least 5× the Python peer', met: (times) => times >= 5 },
};
/** Whether a target is met, as the console (NOT MET) or the report (**not met**) says it. */
const status = (met) => (met ? 'met' : 'NOT MET');
const reportStatus = (met) => (met ? 'met' : '**not met**');

const number = (value) => Math.round(value).toLocaleString('en');
const ms = (value) => (value === undefined ? 'not seen' : `${number(value)} ms`);
const percent = (ratio) => `${Math.round(ratio * 100)}%`;
/** A spread() as `median (least–greatest)`. */
const ranged = (figure, unit = ms) => (figure.count === 0 ? 'not seen' : figure.count === 1 ? unit(figure.median) : `${unit(figure.median)} (${number(figure.min)}–${number(figure.max)})`);
const seconds = (run) => (run.runs > 1 ? `${run.seconds.toFixed(1)} s (${run.minSeconds.toFixed(1)}–${run.maxSeconds.toFixed(1)})` : `${run.seconds.toFixed(1)} s`);

function machine() {
	const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
	return `${os.availableParallelism?.() ?? os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`;
}

/**
 * CPU time in clock ticks: the whole machine's busy time (/proc/stat) and this process's own with its
 * finished children's (/proc/self/stat: utime, stime, cutime, cstime; the servers, the naive runs,
 * the CLI and the Python peer are all children that have ended when a part ends).
 */
function cpuTicks() {
	const [user, nice, system, , , irq, softirq, steal] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
	const own = fs.readFileSync('/proc/self/stat', 'utf8');
	const fields = own.slice(own.lastIndexOf(')') + 2).split(' ').map(Number);
	// After the command name: field 3 is the state, so utime (14) … cstime (17) are at 11 … 14.
	return { machine: user + nice + system + irq + softirq + steal, ours: fields[11] + fields[12] + fields[13] + fields[14], at: Date.now() };
}

/**
 * Runs work() and measures what else the shared machine did meanwhile: the cores other processes
 * kept busy on average (the machine's busy time less the bench's own, over the wall time).
 */
async function withOthersLoad(work) {
	const before = cpuTicks();
	const result = await work();
	const after = cpuTicks();
	const ticksPerSecond = 100;
	const others = Math.max(0, (after.machine - before.machine) - (after.ours - before.ours)) / ticksPerSecond / ((after.at - before.at) / 1000);
	return { result, others };
}
const othersWords = (others) => `other processes kept ${others.toFixed(1)} of ${os.availableParallelism?.() ?? os.cpus().length} cores busy`;

/** The editor figures of one size, with the server's ratios to the naive baseline. */
async function editorRow(users) {
	const file = dataset(users);
	const { result: editor, others } = await withOthersLoad(() => editorFigures(file, { runs: editorRuns }));
	const row = {
		users, megabytes: megabytes(file), editor, others,
		coldRatio: editor.cold.median / editor.naive.cold.median,
		warmRatio: editor.warm.median / editor.naive.warm.median,
		// What the default lint finds in the same file (the CLI runs the server's piece pipeline).
		found: await findingCounts([file]),
	};
	printEditorRow(row);
	return row;
}

/**
 * The phone family alone (dirlint.rules: sync and readiness off) on the same file: the behaviour
 * phone-only users had, on the harsher tenant (issue #10: its figures must still hold).
 */
const phoneOnly = { rules: { sync: false, readiness: false } };
async function phoneOnlyRow(users) {
	const file = dataset(users);
	const { result: editor, others } = await withOthersLoad(() => editorFigures(file, { runs: phoneOnlyRuns, duplicatePairCount: 0, settings: phoneOnly }));
	const row = { users, editor, others, coldRatio: editor.cold.median / editor.naive.cold.median, warmRatio: editor.warm.median / editor.naive.warm.median };
	console.log([
		`${number(users)} users, the phone family alone, ${editor.runs} runs (${othersWords(others)}):`,
		`  complete diagnostics, cold: ${ranged(editor.cold)} vs naive cold ${ranged(editor.naive.cold)}: ${percent(row.coldRatio)}, target ${targets.ratio.words}: ${status(targets.ratio.met(row.coldRatio))}`,
		`  complete diagnostics, warm: ${ranged(editor.warm)} vs naive warm ${ranged(editor.naive.warm)}: ${percent(row.warmRatio)}, target ${targets.ratio.words}: ${status(targets.ratio.met(row.warmRatio))}`,
		`  one-cell phone edit: ${ranged(editor.phoneEdit)} ${status(editMet(editor.phoneEdit))}; server peak RSS: ${editor.rss} MB, target ${targets.rss.words}: ${status(targets.rss.met(editor.rss))}`,
	].join('\n'));
	return row;
}

/** Whether a one-cell edit figure meets its target (a duplicate edit never seen fails it: pass the editor figures). */
const editMet = (figure, editor) => (editor === undefined || editor.duplicateUnseen === 0) && figure.count > 0 && targets.edit.met(figure.median);
const requestsMet = (editor) => targets.request.met(editor.hover.median) && targets.request.met(editor.action.median);

function printEditorRow(row) {
	const { users, megabytes: size, editor, coldRatio, warmRatio, found } = row;
	const { naive } = editor;
	const lines = [
		`${number(users)} users (${size} MB, ${number(naive.values)} phone values), every rule family on, ${editor.runs} runs (${othersWords(row.others)}):`,
		`  complete diagnostics, cold: ${ranged(editor.cold)} vs naive cold ${ranged(naive.cold)}: ${percent(coldRatio)}, target ${targets.ratio.words}: ${status(targets.ratio.met(coldRatio))}`,
		`  complete diagnostics, warm: ${ranged(editor.warm)} vs naive warm ${ranged(naive.warm)}: ${percent(warmRatio)}, target ${targets.ratio.words}: ${status(targets.ratio.met(warmRatio))}`,
		`  first diagnostics (cold): ${ranged(editor.first)}`,
		`  one-cell edits, target ${targets.edit.words}: phone ${ranged(editor.phoneEdit)} ${status(editMet(editor.phoneEdit))}; duplicate made ${ranged(editor.duplicateMade)} ${status(editMet(editor.duplicateMade, editor))}, cleared ${ranged(editor.duplicateCleared)} ${status(editMet(editor.duplicateCleared, editor))} (${editor.duplicatePairs} pairs${editor.duplicateUnseen ? `, ${editor.duplicateUnseen} edits not seen within 10 s` : ''})`,
		`  hover: ${ranged(editor.hover)}, code action: ${ranged(editor.action)}, target ${targets.request.words}: ${status(requestsMet(editor))}; server peak RSS: ${editor.rss} MB, target ${targets.rss.words}: ${status(targets.rss.met(editor.rss))}`,
		`  findings (dirlint check on the same file): ${Object.entries(found.counts).sort(([a], [b]) => a.localeCompare(b)).map(([code, count]) => `${code} ${number(count)}`).join(', ')}`,
	];
	console.log(lines.join('\n'));
}

/** The CLI on cliUsers users in two files, against the Python peer. */
async function cliRow() {
	const files = [dataset(cliUsers / 2, 0), dataset(cliUsers / 2, cliUsers / 2)];
	const { result: measured, others } = await withOthersLoad(() => measureCli(files, cliRuns));
	const cli = { users: cliUsers, megabytes: files.map(megabytes), ...measured, others };
	cli.speedUp = cli.python.seconds / cli.dirlint.seconds;
	const { dirlint, python, found } = cli;
	console.log([
		`CLI on ${number(cliUsers)} users in two files (${cli.megabytes.join(' + ')} MB), every rule family on (${othersWords(cli.others)}):`,
		`  dirlint check: ${seconds(dirlint)}, peak RSS ${dirlint.peakRssMb} MB (runs: ${dirlint.rss.join(', ')} MB), target ${targets.rss.words}: ${status(targets.rss.met(dirlint.peakRssMb))}`,
		`  Python peer: ${seconds(python)}, peak RSS ${python.peakRssMb} MB; speed-up ${cli.speedUp.toFixed(1)}×, target ${targets.speedUp.words}: ${status(targets.speedUp.met(cli.speedUp))}`,
		`  findings: ${Object.entries(found.counts).sort(([a], [b]) => a.localeCompare(b)).map(([code, count]) => `${code} ${number(count)}`).join(', ')}; sync.duplicate with a holder in the other file: ${number(found.acrossFiles)}`,
	].join('\n'));
	return cli;
}

async function main() {
	// GNU time measures the CLI and the Python peer; python3-phonenumbers is the peer's library.
	ensureDebianPackages(['time', 'python3-phonenumbers'], 'npm run bench');
	const started = Date.now();
	const rows = [];
	for (const users of editorSizes) rows.push(await editorRow(users));
	const phoneRows = [];
	for (const users of editorSizes) phoneRows.push(await phoneOnlyRow(users));
	const cli = await cliRow();
	console.log(`bench took ${((Date.now() - started) / 60000).toFixed(1)} minutes`);
	if (!quick) writeReport(rows, phoneRows, cli);
}

/** The findings of a code in a row, or 0. */
const countOf = (row, code) => row.found.counts[code] ?? 0;

function writeReport(rows, phoneRows, cli) {
	const date = new Date().toISOString().slice(0, 10);
	const largest = rows[rows.length - 1];
	const codes = [...new Set([...rows.flatMap((row) => Object.keys(row.found.counts)), ...Object.keys(cli.found.counts)])].sort();
	const editorTargets = rows.flatMap(({ users, editor, coldRatio, warmRatio }) => {
		const at = `${number(users)} users`;
		return [
			[`complete diagnostics, cold, vs naive cold (${at})`, percent(coldRatio), targets.ratio.words, targets.ratio.met(coldRatio)],
			[`complete diagnostics, warm, vs naive warm (${at})`, percent(warmRatio), targets.ratio.words, targets.ratio.met(warmRatio)],
			[`one-cell phone edit (${at})`, ms(editor.phoneEdit.median), targets.edit.words, editMet(editor.phoneEdit)],
			[`one-cell edit making a duplicate (${at})`, ms(editor.duplicateMade.median), targets.edit.words, editMet(editor.duplicateMade, editor)],
			[`one-cell edit clearing it (${at})`, ms(editor.duplicateCleared.median), targets.edit.words, editMet(editor.duplicateCleared, editor)],
			[`hover / code action (${at})`, `${ms(editor.hover.median)} / ${ms(editor.action.median)}`, targets.request.words, requestsMet(editor)],
			[`server peak RSS (${at})`, `${editor.rss} MB`, targets.rss.words, targets.rss.met(editor.rss)],
		];
	});
	const phoneTargets = phoneRows.flatMap(({ users, editor, coldRatio, warmRatio }) => {
		const at = `${number(users)} users, phone family alone`;
		return [
			[`complete diagnostics, cold, vs naive cold (${at})`, percent(coldRatio), targets.ratio.words, targets.ratio.met(coldRatio)],
			[`complete diagnostics, warm, vs naive warm (${at})`, percent(warmRatio), targets.ratio.words, targets.ratio.met(warmRatio)],
			[`one-cell phone edit (${at})`, ms(editor.phoneEdit.median), targets.edit.words, editMet(editor.phoneEdit)],
			[`server peak RSS (${at})`, `${editor.rss} MB`, targets.rss.words, targets.rss.met(editor.rss)],
		];
	});
	const lines = [
		'# Performance',
		'',
		`Measured by \`npm run bench\` on ${date}: ${machine()}.`,
		'Every figure is taken with the default settings, so every rule family is on: phone; sync (IdFix\'s checks and',
		'duplicates); readiness (with phone.not-mobile). The exports are generated by bench/generate.mjs from a fixed seed',
		`(its key ${generatorKey()}: a hash of the generator and the libphonenumber-js version, in the cached files' names),`,
		'in csvde\'s layout. The tenant:',
		'- 81 countries, weighted as a multinational\'s staff (US 17.7%, IN 7%, GB and DE 6% … IS, JO, CY and MT 0.1%);',
		'  country columns c, co and countryCode on 86% of users, some of them on the rest, none on 3%, disagreeing on 0.5%;',
		'- phones drawn from each country\'s fixed-line and mobile patterns in libphonenumber-js\'s metadata: telephoneNumber',
		'  on 85% of users, mobile on 80% (5% of them a fixed-line number where the country has fixed-line-only numbers,',
		'  phone.not-mobile), otherTelephone on 15%;',
		'- each value in one of many forms: canonical 53.5%, other international forms (spaced, dashes, dots, compact,',
		'  slash, international prefixes) 23.3%, national 12%, extensions 4.1%, trunk prefixes 3.5%, fullwidth, labels,',
		'  and 2.8% no number or not a valid one; 6.2% of the values take libphonenumber-js\'s full parse (0.13% in the',
		'  tenant measured before 2026-12-04);',
		'- identity attributes: userPrincipalName (one in seven on another verified suffix), mail, mailNickname,',
		'  proxyAddresses (SMTP, smtp aliases, X500 on 30%, SIP on 25%), targetAddress, otherMails, sAMAccountName,',
		'  displayName, givenName, sn, department, title; identity problems on fixed shares (a UPN with a space, a .local',
		'  suffix, an unknown top-level domain, non-ASCII mail, edge spaces, long sAMAccountNames, a proxy\'s second colon);',
		'- duplicates: 0.25% of users hold an earlier user\'s UPN (case changed), 0.25% an earlier user\'s address as a',
		'  proxy address; the built-in accounts, HealthMailbox accounts and replication conflict objects (0.02% each);',
		'- the CLI\'s files are the two halves of one tenant (users 0 to N/2 − 1 and N/2 to N − 1, generate.mjs --first),',
		'  so duplicates cross the files and are judged by the CLI\'s key table.',
		'',
		'Editor figures go through the real server over stdio (dist/server.js, driven by test/protocol/lspClient.ts). The',
		'naive baseline is a phone-only loop: csv-parse over the whole file plus libphonenumber-js parse and validate of every',
		'phone value, in one process (bench/naiveBaseline.mjs). Complete diagnostics: those published after the server\'s',
		'progress ends. Cold: a server started for the open, against the baseline in a fresh process. Warm: a server that',
		'has checked an export before, against the baseline run before in the same process. Each figure is the median of',
		`${editorRuns} runs (least–greatest in brackets); each server open comes right after the baseline run it is compared with.`,
		'The machine is shared. The cores other processes kept busy on average (the machine\'s busy time less the bench\'s',
		`own): ${rows.map((row) => `${row.others.toFixed(1)} during the editor figures on ${number(row.users)} users`).join(', ')}, ${cli.others.toFixed(1)} during the CLI's.`,
		'',
		'## Editor (language server)',
		'',
		'| users | size | phone values | complete, cold | naive, cold | vs naive | complete, warm | naive, warm | vs naive | first diagnostics (cold) |',
		'| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		...rows.map(({ users, megabytes: size, editor, coldRatio, warmRatio }) =>
			`| ${number(users)} | ${size} MB | ${number(editor.naive.values)} | ${ranged(editor.cold)} | ${ranged(editor.naive.cold)} | ${percent(coldRatio)} | ${ranged(editor.warm)} | ${ranged(editor.naive.warm)} | ${percent(warmRatio)} | ${ranged(editor.first)} |`),
		'',
		'| users | one-cell phone edit | one-cell edit making a duplicate | clearing it | hover | code action | server peak RSS |',
		'| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		...rows.map(({ users, editor }) =>
			`| ${number(users)} | ${ranged(editor.phoneEdit)} | ${ranged(editor.duplicateMade)} | ${ranged(editor.duplicateCleared)} | ${ranged(editor.hover)} | ${ranged(editor.action)} | ${editor.rss} MB |`),
		'',
		'One-cell phone edit: a digit of a phone number changed, in 25 rows spread over the file, until the diagnostics of',
		`that version are published. Duplicate edits (${largest.editor.duplicatePairs} pairs): one user's userPrincipalName cell, in the last 40% of the`,
		'file, set to the UPN of a user near the top (in another piece, among the problems shown), until the diagnostics of',
		'that version are published and include sync.duplicate on the other user\'s line; then set back, until they no',
		'longer do. Hover: on 25 phone cells; code action: on 25 fixable diagnostics. Server peak RSS: VmHWM of the server',
		'process with the export open, after the edits, hovers and code actions.',
		'',
		`The phone family alone (\`dirlint.rules\`: \`{ "sync": false, "readiness": false }\`, what dirlint checked before the`,
		`identity rules), on the same files, ${phoneOnlyRuns} runs:`,
		'',
		'| users | complete, cold | naive, cold | vs naive | complete, warm | naive, warm | vs naive | one-cell phone edit | server peak RSS |',
		'| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		...phoneRows.map(({ users, editor, coldRatio, warmRatio }) =>
			`| ${number(users)} | ${ranged(editor.cold)} | ${ranged(editor.naive.cold)} | ${percent(coldRatio)} | ${ranged(editor.warm)} | ${ranged(editor.naive.warm)} | ${percent(warmRatio)} | ${ranged(editor.phoneEdit)} | ${editor.rss} MB |`),
		'',
		'What the default lint finds (`dirlint check` on the same files: the CLI and the server share one piece pipeline).',
		'phone.not-mobile is the readiness family\'s; it and every sync finding are in the editor figures above:',
		'',
		`| code | ${rows.map((row) => `${number(row.users)} users`).join(' | ')} | CLI, ${number(cli.users)} users |`,
		`| --- | ${rows.map(() => '---:').join(' | ')} | ---: |`,
		...codes.map((code) => `| ${code} | ${rows.map((row) => number(countOf(row, code))).join(' | ')} | ${number(cli.found.counts[code] ?? 0)} |`),
		'',
		'## Command line',
		'',
		'| users | files | dirlint check | peak RSS | Python peer | peak RSS | speed-up |',
		'| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		`| ${number(cli.users)} | ${cli.megabytes.map((size) => `${size} MB`).join(' + ')} | ${seconds(cli.dirlint)} | ${cli.dirlint.peakRssMb} MB | ${seconds(cli.python)} | ${cli.python.peakRssMb} MB | ${cli.speedUp.toFixed(1)}× |`,
		'',
		`\`dirlint check\` on both files, ${cli.dirlint.runs} runs (the median run; peak RSS of each run: ${cli.dirlint.rss.join(', ')} MB), against the Python`,
		`peer on the same two files, ${cli.python.runs} runs (it takes minutes; the faster run counts), taken in turn, each under GNU time, its report`,
		'written to a file. The Python peer (bench/python_baseline.py) is the script an admin would write for the same job:',
		'the csv module, python3-phonenumbers parse and validate of every phone value by the SSPR rule, the number type of',
		'every valid mobile value (phone.not-mobile), and one dict of the values that must be unique across both files',
		'(duplicates); it does none of IdFix\'s per-value checks. Duplicates with a holder in the other file, as the CLI',
		`reported them: ${number(cli.found.acrossFiles)}.`,
		'',
		'## Targets',
		'',
		'| measure | figure | target | status |',
		'| --- | ---: | --- | --- |',
		...[...editorTargets, ...phoneTargets,
			[`CLI, ${number(cli.users)} users in two files: speed-up over the Python peer`, `${cli.speedUp.toFixed(1)}×`, targets.speedUp.words, targets.speedUp.met(cli.speedUp)],
			[`CLI, ${number(cli.users)} users in two files: peak RSS`, `${cli.dirlint.peakRssMb} MB`, targets.rss.words, targets.rss.met(cli.dirlint.peakRssMb)],
		].map(([measure, figure, words, met]) => `| ${measure} | ${figure} | ${words} | ${reportStatus(met)} |`),
	];
	// The figures replace the part between the markers; what is written around them is kept.
	const report = path.join(root, 'docs/performance.md');
	const figures = `<!-- bench:start -->\n${lines.join('\n')}\n<!-- bench:end -->`;
	const previous = fs.existsSync(report) ? fs.readFileSync(report, 'utf8') : '';
	const marked = /<!-- bench:start -->[\s\S]*<!-- bench:end -->/;
	fs.writeFileSync(report, marked.test(previous) ? previous.replace(marked, figures) : `${figures}\n${previous}`);
	console.log('wrote docs/performance.md');
}

await main();
