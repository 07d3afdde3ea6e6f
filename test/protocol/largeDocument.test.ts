/**
 * A large export over the protocol: the check is reported as progress, the problems beyond
 * dirlint.maxProblems are summed up in one diagnostic, and edits made while a check runs end in
 * diagnostics for the newest text only.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { resolveSettings } from '../../shared/src/settings';
import { createLinter } from '../../server/src/engine/linter';
import { TestClient } from './lspClient';

const client = new TestClient({ settings: { maxProblems: 50 } });
after(() => client.shutdown());

/** About 700 KB, so the server cuts it into a dozen pieces: every row has two problems, one fixable. */
function largeExport(rows: number): string {
	const lines = ['DN,telephoneNumber,mobile,c'];
	for (let i = 0; i < rows; i++) {
		const n = String(1000000 + i).slice(1);
		lines.push(`"CN=User ${i},OU=Accounts,OU=Seattle,DC=contoso,DC=com",+1 425 555 ${n.slice(2)},+1 (206) 55${n},US`);
	}
	return `${lines.join('\r\n')}\r\n`;
}

/** What the engine finds in the whole text at once, as `code@offset`. */
function expected(text: string): string[] {
	const settings = resolveSettings({ maxProblems: 50 });
	const linter = createLinter();
	return linter.limit(linter.validate(linter.read(text, 'csv', settings), settings) ?? [], settings).map((finding) => `${finding.code}@${finding.span.start}`);
}

function offsetOf(text: string, position: { line: number; character: number }): number {
	let offset = 0;
	for (let line = 0; line < position.line; line++) offset = text.indexOf('\n', offset) + 1;
	return offset + position.character;
}

test('a large export: progress, then the first problems and one diagnostic counting the rest', async () => {
	await client.initialize({ progress: true });
	const uri = 'file:///tmp/large.csv';
	const text = largeExport(8000);
	await client.open(uri, text);
	const diagnostics = await client.completed(uri);
	const kinds = client.progress.map((report) => report.value.kind);
	assert.equal(kinds[0], 'begin');
	assert.equal(kinds.at(-1), 'end');
	assert.equal(diagnostics.length, 51);
	assert.deepEqual(diagnostics.map((diagnostic) => `${diagnostic.code}@${offsetOf(text, diagnostic.range.start)}`), expected(text));
	const summary = diagnostics.at(-1)!;
	assert.equal(summary.code, 'dirlint.too-many-problems');
	assert.match(String(summary.message), /^15950 more problems are not shown \(dirlint\.maxProblems is 50\); 7975 of them can be fixed/);
});

test('edits made while a large export is checked end in diagnostics for the newest text', async () => {
	const uri = 'file:///tmp/large-edited.csv';
	let text = largeExport(8000);
	await client.open(uri, text);
	// Three edits in quick succession, the last near the top: rows 0 and 1 become correct.
	const edits = [
		{ line: 5000, from: '+1 425 555 ', to: '+1 425 555 9' },
		{ line: 1, from: '+1 425 555 0000', to: '+1 4255550000' },
		{ line: 2, from: '+1 (206) 55000001', to: '+1 20655000001' },
	];
	let version = 1;
	for (const edit of edits) {
		const line = text.split('\r\n')[edit.line];
		const character = line.indexOf(edit.from);
		version = await client.edit(uri, { start: { line: edit.line, character }, end: { line: edit.line, character: character + edit.from.length } }, edit.to);
		const start = offsetOf(text, { line: edit.line, character });
		text = text.slice(0, start) + edit.to + text.slice(start + edit.from.length);
	}
	const diagnostics = await client.publishedFor(uri, version);
	assert.equal(version, 4);
	assert.deepEqual(diagnostics.map((diagnostic) => `${diagnostic.code}@${offsetOf(text, diagnostic.range.start)}`), expected(text));
});
