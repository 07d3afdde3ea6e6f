// The CLI speed comparison: `dirlint check FILE` against the Python script an admin would write
// (bench/python_baseline.py), each run once in its own process under GNU time (/usr/bin/time,
// Debian package `time`), which gives wall-clock seconds and peak resident memory.
//   import { measureCli } from './cliBench.mjs'; await measureCli('users.csv')
//   node bench/cliBench.mjs users.csv        (prints the figures as JSON)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runs a command with its output discarded; its wall-clock seconds and peak RSS in MB. */
function measure(command, args, okExitCodes) {
	const directory = mkdtempSync(path.join(tmpdir(), 'dirlint-bench-'));
	const report = path.join(directory, 'time.txt');
	try {
		const result = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', report, command, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
		if (result.error) throw result.error;
		if (!okExitCodes.includes(result.status)) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
		// GNU time puts "Command exited with non-zero status N" before the figures.
		const [seconds, kilobytes] = readFileSync(report, 'utf8').trim().split('\n').pop().split(' ').map(Number);
		return { seconds, peakRssMb: Math.round(kilobytes / 1024) };
	} finally {
		rmSync(directory, { recursive: true, force: true });
	}
}

/** The run with the median time of `runs` runs, taken in turn with the other command's. */
function medianRun(runs) {
	return [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
}

/**
 * Times `node dist/cli.js check file` (build first) and `/usr/bin/python3 bench/python_baseline.py file`,
 * three times each, alternating (this machine's speed drifts): the median run of each.
 * Returns { dirlint: { seconds, peakRssMb }, python: { seconds, peakRssMb } }.
 */
export async function measureCli(file, runs = 3) {
	const dirlint = [];
	const python = [];
	for (let run = 0; run < runs; run++) {
		// dirlint exits 1 when errors remain: a finished run all the same.
		dirlint.push(measure(process.execPath, [path.join(root, 'dist/cli.js'), 'check', file], [0, 1]));
		python.push(measure('/usr/bin/python3', [path.join(root, 'bench/python_baseline.py'), file], [0]));
	}
	return { dirlint: medianRun(dirlint), python: medianRun(python) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	if (process.argv.length !== 3) {
		console.error('usage: node bench/cliBench.mjs FILE.csv');
		process.exit(2);
	}
	console.log(JSON.stringify(await measureCli(process.argv[2])));
}
