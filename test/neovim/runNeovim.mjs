#!/usr/bin/env node
/**
 * A second real editor drives the standalone server: headless Neovim (0.7+, built-in LSP client)
 * loads test/neovim/dirlint.lua, the configuration the README shows, opens a copy of a small CSV
 * export, and test/neovim/e2e.lua checks diagnostics, hover, a quick fix and source.fixAll.dirlint
 * from inside Neovim, down to the bytes written to disk.
 *
 *   node scripts/build.mjs && node test/neovim/runNeovim.mjs [--runs N] [--timeout SECONDS] [--keep]
 *
 * Each run opens the export three times, each in its own Neovim with its own temp dir (XDG_* point
 * into it, so no user configuration, swap or shada is touched): with LF and with CRLF line endings,
 * and with settings only through workspace/configuration ("pull"). Prints one line per check and finally exactly "N passed, N failed"; exits 1 on any failure or timeout.
 * Environment: DIRLINT_SERVER (default dist/server.js), NVIM (default nvim),
 * DIRLINT_E2E_LSP_LOG=debug (log every LSP message to the temp dir's lsp.log).
 * A failed run keeps its temp dir: server-stderr.log, lsp.log, nvim-output.log, the edited export.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const config = path.join(here, 'dirlint.lua');
const e2e = path.join(here, 'e2e.lua');
const server = path.resolve(process.env.DIRLINT_SERVER ?? path.join(repo, 'dist/server.js'));
const nvim = process.env.NVIM ?? 'nvim';

function option(name, fallback) {
	const index = process.argv.indexOf(name);
	return index > 0 && process.argv[index + 1] !== undefined ? Number(process.argv[index + 1]) : fallback;
}
const runs = option('--runs', 1);
const timeoutMs = option('--timeout', 30) * 1000;
const keep = process.argv.includes('--keep');
/** The longest e2e.lua waits for any one step; well inside the hard timeout. */
const stepWaitMs = Math.min(10_000, Math.floor(timeoutMs / 3));

// ---- The export and what Neovim must see in it --------------------------------------------------

const lines = [
	'DN,telephoneNumber,mobile,c',
	'"CN=Renée Ångström,OU=Users,DC=contoso,DC=com",+1 (425) 555-0100,,US',
	'"CN=Bob Burns,OU=Users,DC=contoso,DC=com",425 555 0199,,US',
	'"CN=Carol Cruz,OU=Users,DC=contoso,DC=com",+1 4255550123,,US',
	'"CN=王芳,OU=Users,DC=contoso,DC=com",+1 4255550124,n/a,US',
	// No c: read in dirlint.defaultRegion, which only the configuration's settings make US.
	'"CN=Eve Ellis,OU=Users,DC=contoso,DC=com",(425) 555-0147,,',
];

/** A cell: 0-based line, byte columns (Neovim's diagnostics) and UTF-16 characters (LSP). */
function cell(line, text) {
	const index = lines[line].indexOf(text);
	if (index < 0 || lines[line].lastIndexOf(text) !== index) throw new Error(`"${text}" is not once in line ${line}`);
	const before = lines[line].slice(0, index);
	const col = Buffer.byteLength(before);
	return { line, text, col, endCol: col + Buffer.byteLength(text), character: before.length, endCharacter: before.length + text.length };
}

const problems = [
	{ ...cell(1, '+1 (425) 555-0100'), code: 'phone.format', fix: '+1 4255550100' },
	{ ...cell(2, '425 555 0199'), code: 'phone.missing-country-code', fix: '+1 4255550199' },
	{ ...cell(4, 'n/a'), code: 'phone.invalid' },
	{ ...cell(5, '(425) 555-0147'), code: 'phone.missing-country-code', fix: '+1 4255550147' },
];

/** The text with the given fixes applied (at most one per line here, so columns do not move). */
function textWith(fixes, eol) {
	const fixed = lines.map((line, index) => {
		const fix = fixes.find((problem) => problem.line === index);
		return fix ? line.slice(0, fix.character) + fix.fix + line.slice(fix.endCharacter) : line;
	});
	return fixed.join(eol) + eol;
}

function caseFor(eol) {
	const fixable = problems.filter((problem) => problem.fix);
	return {
		filetype: 'csv',
		original: textWith([], eol),
		diagnostics: problems,
		quickfix: { ...problems[0], title: 'Write +1 4255550100' },
		regionFromSettings: problems[3],
		hoverContains: ['SSPR', 'SSPR form: +1 4255550100'],
		afterQuickfix: textWith([problems[0]], eol),
		fixed: textWith(fixable, eol),
		afterFixAll: problems.filter((problem) => !problem.fix),
	};
}

// ---- Processes ---------------------------------------------------------------------------------

let running; // the Neovim child, while one runs

/** Kills Neovim's whole process group (nvim, and the server it started: it inherits the group). */
function killGroup(child) {
	try {
		process.kill(-child.pid, 'SIGKILL');
	} catch {
		// already gone
	}
}

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		if (running) killGroup(running);
		process.exit(130);
	});
}
process.on('exit', () => running && killGroup(running));

/** Pids of processes carrying this run's marker in their environment (nvim and the server). */
function markedProcesses(marker) {
	const found = [];
	for (const pid of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(pid)) continue;
		try {
			if (fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker)) found.push(Number(pid));
		} catch {
			// not ours, or gone
		}
	}
	return found;
}

async function leftovers(marker) {
	const deadline = Date.now() + 3000;
	let pids = markedProcesses(marker);
	while (pids.length > 0 && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 50));
		pids = markedProcesses(marker);
	}
	const described = pids.map((pid) => {
		let command = '?';
		try {
			command = fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim();
		} catch {}
		try {
			process.kill(pid, 'SIGKILL');
		} catch {}
		return `${pid} ${command}`;
	});
	return described;
}

function luaEscape(file) {
	return file.replace(/([ \\%#|"])/g, '\\$1');
}

/**
 * One Neovim session on one variant of the export; returns its check lines. `pull` makes the
 * client announce workspace/configuration and drops init_options (pullConfiguration.lua).
 */
async function runVariant(label, eol, pull) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `dirlint-nvim-${label}-`));
	const file = path.join(dir, 'users.csv');
	const resultsFile = path.join(dir, 'results.txt');
	const caseFile = path.join(dir, 'case.json');
	const expected = caseFor(eol);
	fs.writeFileSync(file, expected.original);
	fs.writeFileSync(caseFile, JSON.stringify(expected));
	const marker = `DIRLINT_E2E_RUN=${randomUUID()}`;
	const env = {
		...process.env,
		DIRLINT_SERVER: server,
		DIRLINT_E2E_RESULTS: resultsFile,
		DIRLINT_E2E_CASE: caseFile,
		DIRLINT_E2E_WAIT_MS: String(stepWaitMs),
		XDG_CONFIG_HOME: path.join(dir, 'config'),
		XDG_DATA_HOME: path.join(dir, 'data'),
		XDG_STATE_HOME: path.join(dir, 'state'),
		XDG_CACHE_HOME: path.join(dir, 'cache'),
		[marker.split('=')[0]]: marker.split('=')[1],
	};
	const args = ['--headless', '--clean'];
	if (process.env.DIRLINT_E2E_LSP_LOG) args.push('--cmd', `lua vim.lsp.set_log_level('${process.env.DIRLINT_E2E_LSP_LOG}')`);
	if (pull) args.push('--cmd', `luafile ${luaEscape(path.join(here, 'pullConfiguration.lua'))}`);
	args.push('-u', config, '-c', `luafile ${luaEscape(e2e)}`, file);

	const started = Date.now();
	const output = fs.openSync(path.join(dir, 'nvim-output.log'), 'w');
	const child = spawn(nvim, args, { cwd: dir, env, detached: true, stdio: ['ignore', output, output] });
	running = child;
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		killGroup(child);
	}, timeoutMs);
	const { code, signal, error } = await new Promise((resolve) => {
		child.on('error', (error) => resolve({ error }));
		child.on('exit', (code, signal) => resolve({ code, signal }));
	});
	clearTimeout(timer);
	if (timedOut) killGroup(child); // the server too, should it have left the group
	running = undefined;
	fs.closeSync(output);
	const seconds = ((Date.now() - started) / 1000).toFixed(1);

	const checks = fs.existsSync(resultsFile)
		? fs.readFileSync(resultsFile, 'utf8').split('\n').filter((line) => /^(ok|not ok) /.test(line))
		: [];
	const name = (text) => `${label}: ${text}`;
	const labelled = checks.map((line) => line.replace(/^(ok|not ok) /, `$1 ${label}: `));
	if (error) labelled.push(`not ok ${name(`${nvim} starts`)}: ${error.message}`);
	else if (timedOut) labelled.push(`not ok ${name('Neovim finishes in time')}: killed after ${timeoutMs / 1000} s`);
	else if (checks.length === 0) labelled.push(`not ok ${name('e2e.lua reports')}: no results (nvim exit ${code ?? signal})`);
	else {
		const failedInside = checks.some((line) => line.startsWith('not ok'));
		const cleanExit = failedInside ? code === 1 : code === 0;
		labelled.push(cleanExit ? `ok ${name('Neovim exits by itself')}` : `not ok ${name('Neovim exits by itself')}: status ${code ?? signal}`);
	}
	const left = await leftovers(marker);
	labelled.push(left.length === 0 ? `ok ${name('no nvim or server process left behind')}` : `not ok ${name('no nvim or server process left behind')}: killed ${left.join('; ')}`);

	// The server's stderr, which Neovim 0.7 logs to $XDG_CACHE_HOME/nvim/lsp.log.
	const lspLog = path.join(dir, 'cache', 'nvim', 'lsp.log');
	const log = fs.existsSync(lspLog) ? fs.readFileSync(lspLog, 'utf8') : '';
	fs.writeFileSync(path.join(dir, 'server-stderr.log'), log.split('\n').filter((line) => line.includes('"stderr"')).join('\n'));

	const failed = labelled.some((line) => line.startsWith('not ok'));
	if (failed) {
		for (const [what, file] of [['server stderr', 'server-stderr.log'], ['nvim output', 'nvim-output.log']]) {
			const text = fs.readFileSync(path.join(dir, file), 'utf8').trim();
			if (text) labelled.push(...`${what}:\n${text}`.split('\n').slice(0, 21).map((line) => `# ${line}`));
		}
	}
	if (!failed && !keep) fs.rmSync(dir, { recursive: true, force: true });
	return { lines: labelled, seconds, dir, failed };
}

// ---- Main ---------------------------------------------------------------------------------------

let passed = 0;
let failed = 0;
function fail(message) {
	console.log(`not ok ${message}`);
	console.log(`0 passed, 1 failed`);
	process.exit(1);
}
if (!(Number.isInteger(runs) && runs >= 1 && timeoutMs > 0)) fail(`arguments: --runs N (N >= 1) --timeout SECONDS (> 0)`);
if (!fs.existsSync(server)) fail(`server exists: ${server} is missing; build it with node scripts/build.mjs`);
const version = spawnSync(nvim, ['--version'], { encoding: 'utf8', timeout: 10_000 });
if (version.status !== 0) fail(`${nvim} --version: ${version.error?.message ?? version.stderr}`);
console.log(`# ${version.stdout.split('\n')[0]}, server ${path.relative(repo, server) || server}`);

/** LF and CRLF with settings from initializationOptions (all Neovim 0.7 sends), and workspace/configuration. */
const variants = [['lf', '\n', false], ['crlf', '\r\n', false], ['pull', '\n', true]];
const total = Date.now();
for (let run = 1; run <= runs; run++) {
	for (const [label, eol, pull] of variants) {
		const result = await runVariant(label, eol, pull);
		for (const line of result.lines) {
			console.log(line);
			if (line.startsWith('ok ')) passed++;
			else failed++;
		}
		console.log(`# ${runs > 1 ? `run ${run}/${runs} ` : ''}${label} took ${result.seconds} s${result.failed || keep ? `; temp dir kept: ${result.dir}` : ''}`);
	}
}
console.log(`# total ${((Date.now() - total) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
