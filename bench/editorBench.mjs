// The editor figures: the real language server (dist/server.js over stdio, as any editor runs it),
// driven by the protocol tests' client (out/test/protocol/lspClient.js: npm run compile-tests) with
// the default settings, so every rule family is on (phone; sync, duplicates included; readiness,
// phone.not-mobile included), against the naive phone-only baseline on the same file.
//   import { editorFigures } from './editorBench.mjs'; await editorFigures('users.csv', { runs: 5 })
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { naiveBaseline, naiveCold } from './naiveBaseline.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const now = () => Number(process.hrtime.bigint()) / 1e6;

/** How long an edit's diagnostics may take before the bench calls it not seen (and says so). */
const editTimeoutMs = 10_000;

/** The median (the upper one of an even count), least and greatest of some figures. */
export function spread(values) {
	const sorted = [...values].sort((a, b) => a - b);
	return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1], count: sorted.length };
}

/** The peak resident memory of a process so far (VmHWM), in MB. */
export function peakRssMb(pid) {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024);
}

/** A test client with a fresh server, initialized with progress support (as VS Code is); `settings` are the dirlint section. */
export async function startedClient(settings = {}) {
	const { TestClient } = require(path.join(root, 'out/test/protocol/lspClient.js'));
	const client = new TestClient({ settings });
	await client.initialize({ progress: true });
	return client;
}

/** Resolves true once test() holds (tested again after each publication or progress), false after `ms` without. */
async function waitUntil(client, test, ms) {
	const deadline = now() + ms;
	while (!test()) {
		const left = deadline - now();
		if (left <= 0) return false;
		let timer;
		await Promise.race([client.nextEvent(), new Promise((resolve) => { timer = setTimeout(resolve, left); })]);
		clearTimeout(timer);
	}
	return true;
}

/**
 * Opens text as uri: the times to the first diagnostics and to the complete ones (those published
 * after the server's progress ends: lspClient's completed), and the complete diagnostics.
 */
export async function openTimes(client, uri, text) {
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
	const diagnostics = await client.completed(uri);
	return { first, complete: now() - opened, diagnostics };
}

/** The [start, end) of each cell of a CSV record that is all on one line (quotes kept), or undefined. */
function cellSpans(line) {
	const spans = [];
	let start = 0;
	let quoted = false;
	for (let i = 0; i <= line.length; i++) {
		if (line[i] === '"') quoted = !quoted;
		else if (!quoted && (i === line.length || line[i] === ',')) {
			spans.push({ start, end: i });
			start = i + 1;
		}
	}
	return quoted ? undefined : spans;
}

/**
 * One-cell phone edits on the open document: a digit of a phone number changed in 25 rows spread
 * over the file, each timed until the diagnostics of its version are published. The times, and the
 * cells edited (for hovers).
 */
export async function phoneEdits(client, uri, lines) {
	const times = [];
	const cells = [];
	for (let i = 0; i < 25; i++) {
		const line = 1 + Math.floor(((i * 7919) % (lines.length - 2)) + 1) % (lines.length - 2);
		const character = lines[line].indexOf(',+');
		if (character < 0) continue;
		cells.push({ line, character: character + 2 });
		const started = now();
		const version = await client.edit(uri, { start: { line, character: character + 3 }, end: { line, character: character + 4 } }, String(i % 10));
		await client.publishedFor(uri, version);
		times.push(now() - started);
	}
	return { times, cells };
}

/**
 * Pairs for the duplicate edits: a holder, a user near the top of the file (inside the problems
 * shown, dirlint.maxProblems of them in document order) whose line has no sync finding, and an
 * editor, a user in the last 40% of the file (another piece); the edit writes the holder's
 * userPrincipalName into the editor's cell. Spread evenly over both ranges.
 */
export function duplicatePairs(lines, shown, count) {
	const header = lines[0].replace(/\r$/, '').split(',');
	const upnColumn = header.indexOf('userPrincipalName');
	const upnCell = (line) => {
		const text = lines[line].replace(/\r$/, '');
		if (!text.startsWith('"CN=')) return undefined;
		const spans = cellSpans(text);
		if (!spans || spans.length !== header.length) return undefined;
		const { start, end } = spans[upnColumn];
		const upn = text.slice(start, end);
		return upn.includes('@') && !upn.includes('"') ? { line, start, end, upn } : undefined;
	};
	const problems = shown.filter((diagnostic) => diagnostic.code !== 'dirlint.too-many-problems');
	const lastShown = Math.max(...problems.map((diagnostic) => diagnostic.range.start.line));
	const flagged = new Set(problems.filter((diagnostic) => String(diagnostic.code).startsWith('sync.')).map((diagnostic) => diagnostic.range.start.line));
	const holders = [];
	for (let line = 1; line < lastShown * 0.8; line++) {
		const cell = !flagged.has(line) && upnCell(line);
		if (cell) holders.push(cell);
	}
	const editors = [];
	for (let line = Math.floor(lines.length * 0.6); line < lines.length * 0.95; line++) {
		const cell = upnCell(line);
		if (cell) editors.push(cell);
	}
	const evenly = (list, i) => list[Math.floor(((i + 0.5) * list.length) / count)];
	return Array.from({ length: Math.min(count, holders.length, editors.length) }, (_, i) => ({ holder: evenly(holders, i), editor: evenly(editors, i) }));
}

/**
 * The duplicate edits on the open document: for each pair, the editor's userPrincipalName set to the
 * holder's (a duplicate made), then set back (cleared), each timed until the diagnostics of that
 * version are published and include (or no longer include) sync.duplicate on the holder's line.
 */
export async function duplicateEdits(client, uri, pairs) {
	const made = [];
	const cleared = [];
	let unseen = 0;
	const holderFlagged = (version, line) => {
		const published = client.published.get(uri);
		if (published?.version !== version) return undefined;
		return published.diagnostics.some((diagnostic) => diagnostic.code === 'sync.duplicate' && diagnostic.range.start.line === line);
	};
	for (const { holder, editor } of pairs) {
		let started = now();
		const duplicated = await client.edit(uri, { start: { line: editor.line, character: editor.start }, end: { line: editor.line, character: editor.end } }, holder.upn);
		if (await waitUntil(client, () => holderFlagged(duplicated, holder.line) === true, editTimeoutMs)) made.push(now() - started);
		else unseen++;
		started = now();
		const restored = await client.edit(uri, { start: { line: editor.line, character: editor.start }, end: { line: editor.line, character: editor.start + holder.upn.length } }, editor.upn);
		if (await waitUntil(client, () => holderFlagged(restored, holder.line) === false, editTimeoutMs)) cleared.push(now() - started);
		else unseen++;
	}
	return { made, cleared, unseen };
}

/**
 * Open, edit, hover and code action figures, and the naive baseline's, each baseline run just
 * before the open it is compared with. Cold: a server started for the open, `runs` times. Edits,
 * hovers, code actions and the peak RSS are measured on the last, with the one export open. Warm:
 * then the same file opened again (under another name, the first closed) in that server, which has
 * checked it before, `runs` times. Figures in ms (naive ones in ms too), each a spread().
 * `settings`: the dirlint section (default: none, so every rule family is on); `duplicatePairCount`
 * 0 leaves out the duplicate edits.
 */
export async function editorFigures(file, { runs, duplicatePairCount = 10, settings = {} }) {
	const text = fs.readFileSync(file, 'utf8');
	const lines = text.split('\n');
	const uri = `file://${file}`;
	const cold = [];
	const naive = { cold: [], warm: [] };
	let client;
	let shown;
	for (let run = 0; run < runs; run++) {
		await client?.shutdown();
		naive.cold.push(naiveCold(file));
		client = await startedClient(settings);
		const opened = await openTimes(client, uri, text);
		cold.push(opened);
		shown = opened.diagnostics;
	}

	const { times: phoneEditTimes, cells: phoneCells } = await phoneEdits(client, uri, lines);
	const pairs = duplicatePairCount > 0 ? duplicatePairs(lines, shown, duplicatePairCount) : [];
	const duplicates = await duplicateEdits(client, uri, pairs);

	const hoverTimes = [];
	for (const position of phoneCells) {
		const started = now();
		await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
		hoverTimes.push(now() - started);
	}
	const fixable = client.published.get(uri).diagnostics.filter((diagnostic) => diagnostic.data?.fix).slice(0, 25);
	const actionTimes = [];
	for (const diagnostic of fixable) {
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
		naive: { cold: spread(naive.cold.map((run) => run.seconds * 1000)), warm: spread(naive.warm.map((run) => run.seconds * 1000)), values: naive.warm[0].values },
		first: spread(cold.map((run) => run.first)),
		cold: spread(cold.map((run) => run.complete)),
		warm: spread(warm.map((run) => run.complete)),
		phoneEdit: spread(phoneEditTimes),
		duplicateMade: spread(duplicates.made),
		duplicateCleared: spread(duplicates.cleared),
		duplicateUnseen: duplicates.unseen,
		duplicatePairs: pairs.length,
		hover: spread(hoverTimes),
		action: spread(actionTimes),
		rss,
		runs,
	};
}
