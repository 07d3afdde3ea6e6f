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

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => `${Math.round(value)} ms`;
const now = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * The naive baseline: csv-parse over the whole file, then libphonenumber-js parse and validate of
 * every phone value (every value of telephoneNumber, mobile and otherTelephone), in this process.
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

function peakRssMb(pid) {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024);
}

/** Open, edit, hover and code action figures through the real server over stdio. */
async function editorFigures(file) {
	const { TestClient } = require(path.join(root, 'out/test/protocol/lspClient.js'));
	const text = fs.readFileSync(file, 'utf8');
	const lines = text.split('\n');
	const client = new TestClient({ settings: {} });
	await client.initialize({ progress: true });
	const uri = `file://${file}`;

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
	const complete = now() - opened;

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
	await client.shutdown();
	return { first, complete, edit: median(editTimes), hover: median(hoverTimes), action: median(actionTimes), rss };
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
		const naive = naiveBaseline(file);
		const editor = await editorFigures(file);
		rows.push({ users, megabytes, naive, editor });
		console.log(`${users} users (${megabytes} MB): naive ${naive.seconds.toFixed(2)} s for ${naive.values} values; server first ${ms(editor.first)}, complete ${ms(editor.complete)} (${(editor.complete / 1000 / naive.seconds * 100).toFixed(0)}% of naive), edit ${ms(editor.edit)}, hover ${ms(editor.hover)}, code action ${ms(editor.action)}, peak RSS ${editor.rss} MB`);
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
		'',
		'## Editor (language server)',
		'',
		'| users | size | naive baseline | first diagnostics | complete diagnostics | vs naive | one-cell edit (median) | hover (median) | code action (median) | server peak RSS |',
		'| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		...rows.map(({ users, megabytes, naive, editor }) =>
			`| ${users.toLocaleString('en')} | ${megabytes} MB | ${naive.seconds.toFixed(2)} s | ${ms(editor.first)} | ${ms(editor.complete)} | ${(editor.complete / 1000 / naive.seconds * 100).toFixed(0)}% | ${ms(editor.edit)} | ${ms(editor.hover)} | ${ms(editor.action)} | ${editor.rss} MB |`),
		'',
		'Targets: complete diagnostics in at most a third of the naive time; a one-cell edit updated in 50 ms or less;',
		'hover and code actions in 20 ms or less; server RSS at or under 300 MB.',
	];
	if (cli) {
		lines.push('', '## Command line', '', '| users | size | dirlint check | peak RSS | python3-phonenumbers script | peak RSS | speed-up |', '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
			`| ${cli.users.toLocaleString('en')} | ${cli.megabytes} MB | ${cli.dirlint.seconds.toFixed(1)} s | ${cli.dirlint.peakRssMb} MB | ${cli.python.seconds.toFixed(1)} s | ${cli.python.peakRssMb} MB | ${(cli.python.seconds / cli.dirlint.seconds).toFixed(1)}× |`,
			'', 'Targets: 1M users in 300 MB RSS or less, at least 5× faster than the Python script (bench/python_baseline.py).');
	}
	// The figures replace the part between the markers; what is written around them is kept.
	const report = path.join(root, 'docs/performance.md');
	const figures = `<!-- bench:start -->\n${lines.join('\n')}\n<!-- bench:end -->`;
	const previous = fs.existsSync(report) ? fs.readFileSync(report, 'utf8') : '';
	const marked = /<!-- bench:start -->[\s\S]*<!-- bench:end -->/;
	fs.writeFileSync(report, marked.test(previous) ? previous.replace(marked, figures) : `${figures}\n${previous}`);
	console.log('wrote docs/performance.md');
}

await main();
