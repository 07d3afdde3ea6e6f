// The CLI speed comparison: `dirlint check FILE...` (default settings: every rule family on, duplicates
// judged across every FILE) against the Python peer an admin would write (bench/python_baseline.py)
// on the same files, each run in its own process under GNU time (/usr/bin/time, Debian package
// `time`), which gives wall-clock seconds and peak resident memory. Each writes its report to a file,
// as a CI job keeps it; dirlint's text report is then counted by code.
//   import { measureCli, findingCounts } from './cliBench.mjs'; await measureCli(['a.csv', 'b.csv'])
//   node bench/cliBench.mjs FILE...        (prints the figures as JSON)
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runs a command with its output written to `output`; its wall-clock seconds and peak RSS in MB. */
function measure(command, args, okExitCodes, output) {
	const directory = mkdtempSync(path.join(tmpdir(), 'dirlint-bench-'));
	const report = path.join(directory, 'time.txt');
	const fd = openSync(output, 'w');
	try {
		const result = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', report, command, ...args], { stdio: ['ignore', fd, 'inherit'] });
		if (result.error) throw result.error;
		if (!okExitCodes.includes(result.status)) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
		// GNU time puts "Command exited with non-zero status N" before the figures.
		const [seconds, kilobytes] = readFileSync(report, 'utf8').trim().split('\n').pop().split(' ').map(Number);
		return { seconds, peakRssMb: Math.round(kilobytes / 1024) };
	} finally {
		closeSync(fd);
		rmSync(directory, { recursive: true, force: true });
	}
}

/** `node dist/cli.js check FILE...`, its report written to `output`. */
function runDirlint(files, output) {
	// dirlint exits 1 when errors remain: a finished run all the same.
	return measure(process.execPath, [path.join(root, 'dist/cli.js'), 'check', ...files], [0, 1], output);
}

/**
 * Counts the text report of `dirlint check` in a file by code (read line by line: a 1M-user report
 * is 200 MB); `acrossFiles`: the sync.duplicate findings with another holder in another of the
 * files (judged by the CLI's key table across files).
 */
async function countReport(report, files) {
	const counts = {};
	let acrossFiles = 0;
	const finding = /^(.+?):\d+:\d+ \w+ (\S+) /;
	for await (const line of createInterface({ input: createReadStream(report, 'utf8'), crlfDelay: Infinity })) {
		const match = finding.exec(line);
		if (!match || !files.includes(match[1])) continue;
		const code = match[2];
		counts[code] = (counts[code] ?? 0) + 1;
		if (code !== 'sync.duplicate') continue;
		const also = line.lastIndexOf(' (also at ');
		if (also >= 0 && files.some((file) => file !== match[1] && line.includes(`${file}:`, also))) acrossFiles++;
	}
	return { counts, acrossFiles };
}

/** The findings of `dirlint check FILE...` by code (one run, untimed). */
export async function findingCounts(files) {
	const directory = mkdtempSync(path.join(tmpdir(), 'dirlint-bench-'));
	try {
		const output = path.join(directory, 'report.txt');
		runDirlint(files, output);
		return await countReport(output, files);
	} finally {
		rmSync(directory, { recursive: true, force: true });
	}
}

/** The run with the median time (the faster one of an even count), and the range of the times. */
function medianRun(runs) {
	const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
	return { ...sorted[Math.floor((sorted.length - 1) / 2)], runs: sorted.length, minSeconds: sorted[0].seconds, maxSeconds: sorted[sorted.length - 1].seconds, rss: runs.map((run) => run.peakRssMb) };
}

/**
 * Times `node dist/cli.js check FILE...` (build first) `dirlintRuns` times and
 * `/usr/bin/python3 bench/python_baseline.py FILE...` `pythonRuns` times, taken in turn (this
 * machine's speed drifts). Returns { dirlint, python } (each the median run, the faster of an even
 * count: seconds, peakRssMb, the range and every run's RSS) and dirlint's findings by code from its
 * last run (countReport).
 */
export async function measureCli(files, { dirlintRuns = 3, pythonRuns = 3 } = {}) {
	const directory = mkdtempSync(path.join(tmpdir(), 'dirlint-bench-'));
	const output = path.join(directory, 'report.txt');
	const dirlint = [];
	const python = [];
	try {
		for (let run = 0; run < Math.max(dirlintRuns, pythonRuns); run++) {
			if (run < dirlintRuns) dirlint.push(runDirlint(files, output));
			if (run < pythonRuns) python.push(measure('/usr/bin/python3', [path.join(root, 'bench/python_baseline.py'), ...files], [0], `${output}.python`));
		}
		const found = await countReport(output, files);
		return { dirlint: medianRun(dirlint), python: medianRun(python), found };
	} finally {
		rmSync(directory, { recursive: true, force: true });
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	if (process.argv.length < 3) {
		console.error('usage: node bench/cliBench.mjs FILE...');
		process.exit(2);
	}
	console.log(JSON.stringify(await measureCli(process.argv.slice(2).map((file) => path.resolve(file)))));
}
