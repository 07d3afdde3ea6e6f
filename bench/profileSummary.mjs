// Where a CPU profile's time goes: the functions with the most self time, located in the sources
// through the bundle's source map (dist/*.js.map), for profiles of a benchmark run.
//   NO_MINIFY=1 npm run build                      (names kept in the bundles)
//   DIRLINT_SERVER_NODE_ARGS=--cpu-prof ...        (the server; see test/protocol/lspClient.ts)
//   node --cpu-prof --cpu-prof-dir=DIR dist/cli.js check a.csv b.csv   (the CLI and its worker threads)
//   node bench/profileSummary.mjs [--top N] DIR-or-PROFILE...
// Prints, per profile (each thread writes its own), its span, the share of idle, garbage collection
// and V8's own work, and the top self-time functions as `name  source:line`.
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

/** Self time (ms) per function of one profile, and the profile's span. */
function selfTimes(profile) {
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	const byFunction = new Map();
	let total = 0;
	for (let i = 0; i < profile.samples.length; i++) {
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

function summarize(file, top) {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
	const { total, functions } = selfTimes(profile);
	const share = (ms) => `${((100 * ms) / total).toFixed(1)}%`;
	const special = (name) => functions.filter((entry) => entry.callFrame.functionName === name).reduce((sum, entry) => sum + entry.ms, 0);
	const idle = special('(idle)');
	const busy = total - idle;
	const lines = [
		`${path.basename(file)}: ${(total / 1000).toFixed(2)} s sampled, busy ${(busy / 1000).toFixed(2)} s; idle ${share(idle)}, garbage collector ${share(special('(garbage collector)'))}, program ${share(special('(program)'))}`,
		`  self ms  of busy  function  (source)`,
	];
	for (const entry of functions.filter((candidate) => candidate.callFrame.functionName !== '(idle)').slice(0, top)) {
		const name = entry.callFrame.functionName || '(anonymous)';
		lines.push(`  ${entry.ms.toFixed(0).padStart(7)}  ${`${((100 * entry.ms) / busy).toFixed(1)}%`.padStart(6)}  ${name}  ${placeOf(entry.callFrame)}`);
	}
	return lines.join('\n');
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '20' } } });
if (positionals.length === 0) {
	console.error('usage: node bench/profileSummary.mjs [--top N] DIR-or-PROFILE...');
	process.exit(2);
}
const files = positionals.flatMap((given) => (fs.statSync(given).isDirectory()
	? fs.readdirSync(given).filter((name) => name.endsWith('.cpuprofile')).sort().map((name) => path.join(given, name))
	: [given]));
for (const file of files) console.log(summarize(file, Number(values.top)));
