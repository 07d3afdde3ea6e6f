// CPU profiles of the language server doing what the editor bench measures, for finding where the
// time goes: a server started with --cpu-prof (its worker thread writes a profile too) opens an export
// cold, then takes the one-cell phone edits and the duplicate edits. Prints each phase's window in
// microseconds of the monotonic clock, for `node bench/profileSummary.mjs --from A --to B DIR`, and
// the server's resident memory after each phase. Build with names kept first:
//   npm run compile-tests && NO_MINIFY=1 npm run build
//   node bench/profileServer.mjs FILE.csv DIR
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { duplicateEdits, duplicatePairs, openTimes, phoneEdits, startedClient } from './editorBench.mjs';

const clock = () => Number(process.hrtime.bigint() / 1000n);

/** VmRSS and VmHWM of a process, in MB. */
function memory(pid) {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const mb = (field) => Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)[1]) / 1024);
	return `RSS ${mb('VmRSS')} MB, peak ${mb('VmHWM')} MB`;
}

if (process.argv.length !== 4) {
	console.error('usage: node bench/profileServer.mjs FILE.csv PROFILE-DIR');
	process.exit(2);
}
const file = path.resolve(process.argv[2]);
const directory = path.resolve(process.argv[3]);
fs.mkdirSync(directory, { recursive: true });
// lspClient passes these to the server's node (and node passes --cpu-prof on to its worker threads).
process.env.DIRLINT_SERVER_NODE_ARGS = `--cpu-prof --cpu-prof-dir=${directory}`;
const text = fs.readFileSync(file, 'utf8');
const lines = text.split('\n');
const uri = `file://${file}`;
const client = await startedClient();
const phases = [];
const phase = async (name, work) => {
	const from = clock();
	const result = await work();
	phases.push({ name, from, to: clock(), memory: memory(client.process.pid) });
	return result;
};
const opened = await phase('cold open', () => openTimes(client, uri, text));
const phone = await phase('phone edits', () => phoneEdits(client, uri, lines));
const pairs = duplicatePairs(lines, opened.diagnostics, 10);
const duplicates = await phase('duplicate edits', () => duplicateEdits(client, uri, pairs));
await client.shutdown();
console.log(`cold open: ${Math.round(opened.complete)} ms; phone edits: ${phone.times.length}; duplicate edits made ${duplicates.made.length}, cleared ${duplicates.cleared.length}, not seen ${duplicates.unseen}`);
for (const { name, from, to, memory: used } of phases) console.log(`${name}: --from ${from} --to ${to} (${Math.round((to - from) / 1000)} ms); after it ${used}`);
console.log(`profiles in ${directory} (node ${path.relative(process.cwd(), fileURLToPath(new URL('./profileSummary.mjs', import.meta.url)))} ...)`);
