// npm run bench: speed and memory on generated tenants, printed side by side with a naive
// baseline and written to docs/performance.md. A benchmark, not a test: it asserts nothing.
//
// Editor figures go through the real language server (dist/server.js over stdio, as any editor
// runs it); CLI figures run dist/cli.js and the python3-phonenumbers script on the same file.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from '../scripts/debianPackages.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.join(root, 'bench/out');
const quick = process.argv.includes('--quick');
const editorSizes = quick ? [10_000] : [10_000, 100_000];
const cliSize = quick ? 100_000 : 1_000_000;

/** Generates (once: the seed is fixed) a CSV export of `users` users. */
function dataset(users) {
	const file = path.join(dataDir, `users-${users}.csv`);
	if (!fs.existsSync(file)) {
		fs.mkdirSync(dataDir, { recursive: true });
		const result = spawnSync(process.execPath, [path.join(root, 'bench/generate.mjs'), '--users', String(users), '--format', 'csv', '--out', file], { stdio: 'inherit' });
		if (result.status !== 0) throw new Error(`generating ${users} users failed`);
	}
	return file;
}

const percent = (milliseconds, seconds) => `${Math.round((milliseconds / 1000 / seconds) * 100)}%`;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => `${Math.round(value)} ms`;
const now = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * The naive baseline: csv-parse over the whole file, then libphonenumber-js parse and validate of
 * every phone value (every value of telephoneNumber, mobile and otherTelephone), in one process.
 */
function naiveBaseline(file) {
	const { parse } = require('csv-parse/sync');
	const { parsePhoneNumberWithError } = require('libphonenumber-js/max');
	const started = now();
	const rows = parse(fs.readFileSync(file, 'utf8'), { relax_column_count: true });
	const header = rows[0];
	const columns = ['telephoneNumber', 'mobile', 'otherTelephone'].map((name) => header.indexOf(name)).filter((index) => index >= 0);
	let values = 0;
	let valid = 0;
	for (let row = 1; row < rows.length; row++) {
		for (const column of columns) {
			for (const value of (rows[row][column] ?? '').split(';')) {
				if (!value) continue;
				values++;
				try {
					if (parsePhoneNumberWithError(value, { extract: false }).isValid()) valid++;
				} catch {
					// not a number: counted, nothing else
				}
			}
		}
	}
	return { seconds: (now() - started) / 1000, values, valid };
}

/**
 * The baseline as the server is measured: cold, in a fresh process (as a server's first open is),
 * and warm, in this process after a first run (as every later open is).
 */
function naiveCold(file) {
	const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--naive', file], { encoding: 'utf8' });
	if (child.status !== 0) throw new Error(`the naive baseline failed: ${child.stderr}`);
	return JSON.parse(child.stdout);
}

/**
 * Runs of each measure. This machine's timings wander by a third from minute to minute, so each
 * figure is a median, and each server run is taken right after a baseline run it is compared with.
 */
const runs = 5;

function peakRssMb(pid) {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024);
}

/** Opens text as uri; the times to the first diagnostics and to the complete ones. */
async function openTimes(client, uri, text) {
	const opened = now();
	await client.open(uri, text);
	let first;
	for (;;) {
		const published = client.published.get(uri);
		if (published && published.diagnostics.length > 0) {
			first = now() - opened;
			break;
		}
		await client.nextEvent();
	}
	// Complete: the diagnostics published after the server's progress report ends.
	await client.completed(uri);
	return { first, complete: now() - opened };
}

async function startedClient() {
	const { TestClient } = require(path.join(root, 'out/test/protocol/lspClient.js'));
	const client = new TestClient({ settings: {} });
	await client.initialize({ progress: true });
	return client;
}

/**
 * Open, edit, hover and code action figures through the real server over stdio, and the naive
 * baseline's, each baseline run just before the open it is compared with. Cold: a server started
 * for the open, `runs` times. Edits, hovers, code actions and the peak RSS are measured on the
 * last, with the one export open. Warm: then the same file opened again (under another name, the
 * first closed) in that server, which has checked it before, `runs` times.
 */
async function editorFigures(file) {
	const text = fs.readFileSync(file, 'utf8');
	const lines = text.split('\n');
	const cold = [];
	const naive = { cold: [], warm: [] };
	let client;
	for (let run = 0; run < runs; run++) {
		await client?.shutdown();
		naive.cold.push(naiveCold(file));
		client = await startedClient();
		cold.push(await openTimes(client, `file://${file}`, text));
	}
	const uri = `file://${file}`;

	// One-cell edits: change a digit of a phone number in rows spread over the file.
	const editTimes = [];
	const phoneCells = [];
	for (let i = 0; i < 25; i++) {
		const line = 1 + Math.floor(((i * 7919) % (lines.length - 2)) + 1) % (lines.length - 2);
		const character = lines[line].indexOf(',+');
		if (character < 0) continue;
		phoneCells.push({ line, character: character + 2 });
		const started = now();
		const version = await client.edit(uri, { start: { line, character: character + 3 }, end: { line, character: character + 4 } }, String(i % 10));
		await client.publishedFor(uri, version);
		editTimes.push(now() - started);
	}

	const hoverTimes = [];
	for (const position of phoneCells) {
		const started = now();
		await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
		hoverTimes.push(now() - started);
	}
	const diagnostics = client.published.get(uri).diagnostics.filter((diagnostic) => diagnostic.data?.fix).slice(0, 25);
	const actionTimes = [];
	for (const diagnostic of diagnostics) {
		const started = now();
		await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
		actionTimes.push(now() - started);
	}
	const rss = peakRssMb(client.process.pid);

	const warm = [];
	let open = uri;
	naiveBaseline(file);
	for (let run = 0; run < runs; run++) {
		await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: open } });
		client.progress.length = 0;
		open = `file://${file}.${run}`;
		naive.warm.push(naiveBaseline(file));
		warm.push(await openTimes(client, open, text));
	}
	await client.shutdown();
	return {
		naive: { cold: median(naive.cold.map((run) => run.seconds)), warm: median(naive.warm.map((run) => run.seconds)), values: naive.warm[0].values },
		first: median(cold.map((run) => run.first)),
		cold: median(cold.map((run) => run.complete)),
		warm: median(warm.map((run) => run.complete)),
		edit: median(editTimes), hover: median(hoverTimes), action: median(actionTimes), rss,
	};
}

function machine() {
	const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
	return `${os.availableParallelism?.() ?? os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`;
}

async function main() {
	// GNU time measures the CLI and the Python script; python3-phonenumbers is that script's library.
	ensureDebianPackages(['time', 'python3-phonenumbers'], 'npm run bench');
	const rows = [];
	for (const users of editorSizes) {
		const file = dataset(users);
		const megabytes = (fs.statSync(file).size / 2 ** 20).toFixed(1);
		const editor = await editorFigures(file);
		const { naive } = editor;
		rows.push({ users, megabytes, naive, editor });
		console.log(`${users} users (${megabytes} MB, ${naive.values} phone values): complete diagnostics cold ${ms(editor.cold)} vs naive cold ${ms(naive.cold * 1000)} (${percent(editor.cold, naive.cold)}), warm ${ms(editor.warm)} vs naive warm ${ms(naive.warm * 1000)} (${percent(editor.warm, naive.warm)}); first diagnostics ${ms(editor.first)}, edit ${ms(editor.edit)}, hover ${ms(editor.hover)}, code action ${ms(editor.action)}, peak RSS ${editor.rss} MB`);
	}

	let cli;
	const { measureCli } = await import('./cliBench.mjs').catch(() => ({}));
	if (measureCli) {
		const file = dataset(cliSize);
		cli = { users: cliSize, megabytes: (fs.statSync(file).size / 2 ** 20).toFixed(1), ...(await measureCli(file)) };
		console.log(`CLI on ${cliSize} users: dirlint ${cli.dirlint.seconds.toFixed(1)} s, ${cli.dirlint.peakRssMb} MB; python3-phonenumbers ${cli.python.seconds.toFixed(1)} s, ${cli.python.peakRssMb} MB (${(cli.python.seconds / cli.dirlint.seconds).toFixed(1)}× slower)`);
	}
	if (!quick) writeReport(rows, cli);
}

function writeReport(rows, cli) {
	const date = new Date().toISOString().slice(0, 10);
	const lines = [
		'# Performance',
		'',
		`Measured by \`npm run bench\` on ${date}: ${machine()}.`,
		'Exports are generated from a fixed seed by bench/generate.mjs (csvde layout, mixed phone forms and countries,',
		'mostly unique numbers). Editor figures go through the real server over stdio; the naive baseline is csv-parse',
		'over the whole file plus libphonenumber-js parse and validate of every phone value, in one process.',
		'Cold: a server started for the open, against the baseline in a fresh process. Warm: a server that has checked',
		'an export before, against the baseline run before in the same process. Each figure is the median of five runs;',
		'each server open comes right after the baseline run it is compared with.',
		'',
		'## Editor (language server)',
		'',
		'| users | size | complete, cold | naive, cold | vs naive | complete, warm | naive, warm | vs naive | first diagnostics (cold) | one-cell edit | hover | code action | server peak RSS |',
		'| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		...rows.map(({ users, megabytes, naive, editor }) =>
			`| ${users.toLocaleString('en')} | ${megabytes} MB | ${ms(editor.cold)} | ${ms(naive.cold * 1000)} | ${percent(editor.cold, naive.cold)} | ${ms(editor.warm)} | ${ms(naive.warm * 1000)} | ${percent(editor.warm, naive.warm)} | ${ms(editor.first)} | ${ms(editor.edit)} | ${ms(editor.hover)} | ${ms(editor.action)} | ${editor.rss} MB |`),
		'',
		'Targets: complete diagnostics in at most a third of the naive time; a one-cell edit updated in 50 ms or less (median);',
		'hover and code actions in 20 ms or less (median); server RSS at or under 300 MB.',
	];
	if (cli) {
		lines.push('', '## Command line', '', '| users | size | dirlint check | peak RSS | python3-phonenumbers script | peak RSS | speed-up |', '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
			`| ${cli.users.toLocaleString('en')} | ${cli.megabytes} MB | ${cli.dirlint.seconds.toFixed(1)} s | ${cli.dirlint.peakRssMb} MB | ${cli.python.seconds.toFixed(1)} s | ${cli.python.peakRssMb} MB | ${(cli.python.seconds / cli.dirlint.seconds).toFixed(1)}× |`,
			'', 'Each is the median of three runs, taken in turn. Targets: 1M users in 300 MB RSS or less, at least 5× faster than the',
			'Python script (bench/python_baseline.py).');
	}
	// The figures replace the part between the markers; what is written around them is kept.
	const report = path.join(root, 'docs/performance.md');
	const figures = `<!-- bench:start -->\n${lines.join('\n')}\n<!-- bench:end -->`;
	const previous = fs.existsSync(report) ? fs.readFileSync(report, 'utf8') : '';
	const marked = /<!-- bench:start -->[\s\S]*<!-- bench:end -->/;
	fs.writeFileSync(report, marked.test(previous) ? previous.replace(marked, figures) : `${figures}\n${previous}`);
	console.log('wrote docs/performance.md');
}

if (process.argv[2] === '--naive') console.log(JSON.stringify(naiveBaseline(process.argv[3])));
else await main();
