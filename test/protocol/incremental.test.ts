/**
 * Incremental re-linting must give exactly what a fresh lint of the whole text gives. Random edits
 * (typing in a cell, deleting a line, breaking and joining rows, opening and closing a quote) are
 * sent to the server as incremental changes on a document of many pieces; after each, the
 * pulled diagnostics are compared with the engine's lint of the same text.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient } from './lspClient';
import { createLinter } from '../../server/src/engine/linter';
import { defaultPieceSize } from '../../server/src/languageServer/documentLint';
import { resolveSettings } from '../../shared/src/settings';

const client = new TestClient({ settings: { maxProblems: 100000 } });
after(() => client.shutdown());

function positionAt(text: string, offset: number) {
	const before = text.slice(0, offset);
	const line = before.split('\n').length - 1;
	return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function expected(text: string, format: 'csv' | 'ldif' = 'csv'): string[] {
	const linter = createLinter();
	const settings = resolveSettings({ maxProblems: 100000 });
	const findings = linter.validate(linter.read(text, format, settings), settings) ?? [];
	return findings.map((finding) => `${finding.code}@${finding.span.start}-${finding.span.end}`);
}

function actual(text: string, diagnostics: Diagnostic[]): string[] {
	const lineStarts = [0];
	for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
	const offset = (p: { line: number; character: number }) => lineStarts[p.line] + p.character;
	return diagnostics.map((diagnostic) => `${diagnostic.code}@${offset(diagnostic.range.start)}-${offset(diagnostic.range.end)}`);
}

test('random incremental edits give the same diagnostics as a fresh lint', async () => {
	// Pulled diagnostics are those of a complete check of the version asked about; a push may be
	// partial (a check longer than 250 ms shows its first problems early), and under load would race.
	await client.initialize({ pull: true });
	const forms = ['+1 4255550100', '+1 (425) 555-0101', '020 7946 0958', '+44 20 7946 0958 x12', 'n/a', '+49 30 901820', ''];
	const rows = ['DN,description,telephoneNumber,mobile,c'];
	for (let i = 0; i < 4000; i++) rows.push(`"CN=User ${i},OU=Users,DC=contoso,DC=com",Desk ${i},${forms[i % forms.length]},${forms[(i * 3 + 1) % forms.length]},${i % 5 === 0 ? 'GB' : 'US'}`);
	let text = `${rows.join('\n')}\n`;
	assert.ok(text.length > 4 * defaultPieceSize, 'the document spans several pieces');
	const uri = 'file:///tmp/incremental.csv';
	await client.open(uri, text);
	assert.deepEqual(actual(text, await client.pull(uri)), expected(text));

	let seed = 12345;
	const random = (n: number) => {
		seed = (seed * 1103515245 + 12345) & 0x7fffffff;
		return seed % n;
	};
	const edits: [string, (at: number) => [number, number, string]][] = [
		['type a digit', (at) => [at, at, String(random(10))]],
		['delete a character', (at) => [at, at + 1, '']],
		['break a row', (at) => [at, at, '\n']],
		['join two rows', (at) => { const newline = text.indexOf('\n', at); return newline < 0 ? [at, at, ''] : [newline, newline + 1, '']; }],
		['open a quote', (at) => [at, at, '"']],
		['replace a phone', (at) => { const comma = text.indexOf(',+', at); return comma < 0 ? [at, at, ''] : [comma + 1, comma + 3, '+44 ']; }],
		['paste rows', (at) => { const newline = text.indexOf('\n', at); const place = newline < 0 ? text.length : newline + 1; return [place, place, '"CN=New,DC=x",New,+1 425 555 0199,07911 123456,GB\n']; }],
	];
	for (let round = 0; round < 40; round++) {
		const [name, make] = edits[random(edits.length)];
		const headerEnd = text.indexOf('\n') + 1;
		const at = headerEnd + random(text.length - headerEnd - 1);
		const [start, end, insert] = make(at);
		await client.edit(uri, { start: positionAt(text, start), end: positionAt(text, end) }, insert);
		text = text.slice(0, start) + insert + text.slice(end);
		assert.deepEqual(actual(text, await client.pull(uri)), expected(text), `round ${round}: ${name} at ${start}`);
	}
});

test('random incremental edits of an LDIF export give the same diagnostics as a fresh lint', async () => {
	const forms = ['+1 4255550100', '+1 (425) 555-0101', '020 7946 0958', '+44 20 7946 0958 x12', 'n/a', '+49 30 901820'];
	const records: string[] = ['version: 1', ''];
	for (let i = 0; i < 2500; i++) {
		records.push(`dn: CN=User ${i},OU=Users,DC=contoso,DC=com`, 'objectClass: user', `description: desk ${i} with a fairly long description of the office`,
			`telephoneNumber: ${forms[i % forms.length]}`, `mobile: ${forms[(i * 5 + 2) % forms.length]}`, `c: ${i % 3 ? 'US' : 'GB'}`, '');
	}
	let text = records.join('\n');
	assert.ok(text.length > 4 * defaultPieceSize, 'the document spans several pieces');
	const uri = 'file:///tmp/incremental.ldf';
	await client.open(uri, text, 'ldif');
	assert.deepEqual(actual(text, await client.pull(uri)), expected(text, 'ldif'));

	let seed = 4242;
	const random = (n: number) => {
		seed = (seed * 1103515245 + 12345) & 0x7fffffff;
		return seed % n;
	};
	const blankAfter = (at: number) => text.indexOf('\n\n', at);
	const edits: [string, (at: number) => [number, number, string]][] = [
		['type a digit', (at) => [at, at, String(random(10))]],
		['delete a character', (at) => [at, at + 1, '']],
		['join two records', (at) => { const blank = blankAfter(at); return blank < 0 ? [at, at, ''] : [blank, blank + 1, '']; }],
		['split a record', (at) => { const newline = text.indexOf('\nmobile', at); return newline < 0 ? [at, at, ''] : [newline, newline, '\n']; }],
		['fold a value', (at) => { const value = text.indexOf('telephoneNumber: ', at); return value < 0 ? [at, at, ''] : [value + 20, value + 20, '\n ']; }],
		['paste a record', (at) => { const blank = blankAfter(at); const place = blank < 0 ? text.length : blank + 2; return [place, place, 'dn: CN=New,DC=x\nmobile: 07911 123456\nc: GB\n\n']; }],
	];
	for (let round = 0; round < 40; round++) {
		const [name, make] = edits[random(edits.length)];
		const at = random(text.length - 1);
		const [start, end, insert] = make(at);
		await client.edit(uri, { start: positionAt(text, start), end: positionAt(text, end) }, insert);
		text = text.slice(0, start) + insert + text.slice(end);
		assert.deepEqual(actual(text, await client.pull(uri)), expected(text, 'ldif'), `round ${round}: ${name} at ${start}`);
	}
});
