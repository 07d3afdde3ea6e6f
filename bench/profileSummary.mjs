// Where a CPU profile's time goes: the functions with the most self time, located in the sources
// through the bundle's source map (dist/*.js.map), for profiles of a benchmark run.
//   NO_MINIFY=1 npm run build                      (names kept in the bundles)
//   DIRLINT_SERVER_NODE_ARGS=--cpu-prof ...        (the server; see test/protocol/lspClient.ts)
//   node --cpu-prof --cpu-prof-dir=DIR dist/cli.js check a.csv b.csv   (the CLI and its worker threads)
//   node bench/profileSummary.mjs [--top N] [--from US --to US] DIR-or-PROFILE...
// Summarize before building again: the places come from the source maps in dist/ as they are now,
// which must be those of the bundles profiled (npm run bench builds minified bundles).
// Prints, per profile (each thread writes its own), its span, the share of idle, garbage collection
// and V8's own work, the top self-time functions as `name  source:line`, and self time by source file. --from and --to keep
// the samples of a window, in microseconds of the monotonic clock (process.hrtime.bigint() / 1000n
// in any process on the machine: the clock V8's profile timestamps use), as bench/profileServer.mjs
// prints for each phase.
import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The source maps of bundles, by the bundle's file URL (undefined when it has none). */
const sourceMaps = new Map();

function sourceMapOf(url) {
	if (!sourceMaps.has(url)) {
		let map;
		try {
			const file = url.startsWith('file:') ? fileURLToPath(url) : url;
			if (file.endsWith('.js') && fs.existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')));
		} catch {
			map = undefined;
		}
		sourceMaps.set(url, map);
	}
	return sourceMaps.get(url);
}

/** Where a profile's call frame is: the original source and line where a map has it, else the script's. */
function placeOf({ url, lineNumber, columnNumber }) {
	if (!url) return '';
	const entry = sourceMapOf(url)?.findEntry(lineNumber, columnNumber);
	if (entry?.originalSource) {
		const source = entry.originalSource.replace(/^.*?(node_modules\/|server\/|shared\/)/, '$1');
		return `${source}:${entry.originalLine + 1}`;
	}
	return `${path.basename(url)}:${lineNumber + 1}`;
}

/** Self time (ms) per function of one profile's samples in [from, to) (µs), and their total. */
function selfTimes(profile, from, to) {
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	const byFunction = new Map();
	let total = 0;
	let time = profile.startTime;
	for (let i = 0; i < profile.samples.length; i++) {
		time += profile.timeDeltas[i];
		if (time < from || time >= to) continue;
		// A sample's time is the gap to the next one.
		const delta = (profile.timeDeltas[i + 1] ?? 0) / 1000;
		total += delta;
		const { callFrame } = nodes.get(profile.samples[i]);
		const key = `${callFrame.functionName}\u0000${callFrame.url}\u0000${callFrame.lineNumber}\u0000${callFrame.columnNumber}`;
		const entry = byFunction.get(key);
		if (entry) entry.ms += delta;
		else byFunction.set(key, { callFrame, ms: delta });
	}
	return { total, functions: [...byFunction.values()].sort((a, b) => b.ms - a.ms) };
}

function summarize(file, top, from, to) {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
	const { total, functions } = selfTimes(profile, from, to);
	if (total === 0) return `${path.basename(file)}: no samples in the window`;
	const share = (ms) => `${((100 * ms) / total).toFixed(1)}%`;
	const special = (name) => functions.filter((entry) => entry.callFrame.functionName === name).reduce((sum, entry) => sum + entry.ms, 0);
	const idle = special('(idle)');
	const busy = total - idle;
	const lines = [
		`${path.basename(file)}: ${(total / 1000).toFixed(2)} s sampled, busy ${(busy / 1000).toFixed(2)} s; idle ${share(idle)}, garbage collector ${share(special('(garbage collector)'))}, program ${share(special('(program)'))}`,
		`  self ms  of busy  function  (source)`,
	];
	const row = (ms, words) => `  ${ms.toFixed(0).padStart(7)}  ${`${((100 * ms) / busy).toFixed(1)}%`.padStart(6)}  ${words}`;
	const working = functions.filter((candidate) => candidate.callFrame.functionName !== '(idle)');
	for (const entry of working.slice(0, top)) lines.push(row(entry.ms, `${entry.callFrame.functionName || '(anonymous)'}  ${placeOf(entry.callFrame)}`));
	// The same self time by source file: which module the time is spent in.
	const byFile = new Map();
	for (const entry of working) {
		const place = placeOf(entry.callFrame);
		const file = place ? place.slice(0, place.lastIndexOf(':')) : entry.callFrame.functionName;
		byFile.set(file, (byFile.get(file) ?? 0) + entry.ms);
	}
	lines.push('  by source file:');
	for (const [file, ms] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(row(ms, file));
	return lines.join('\n');
}

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: { top: { type: 'string', default: '20' }, from: { type: 'string', default: '0' }, to: { type: 'string', default: 'Infinity' } },
});
if (positionals.length === 0) {
	console.error('usage: node bench/profileSummary.mjs [--top N] [--from US --to US] DIR-or-PROFILE...');
	process.exit(2);
}
const files = positionals.flatMap((given) => (fs.statSync(given).isDirectory()
	? fs.readdirSync(given).filter((name) => name.endsWith('.cpuprofile')).sort().map((name) => path.join(given, name))
	: [given]));
for (const file of files) console.log(summarize(file, Number(values.top), Number(values.from), Number(values.to)));
