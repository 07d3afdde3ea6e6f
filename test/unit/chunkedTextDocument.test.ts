/**
 * ChunkedTextDocument must behave exactly like vscode-languageserver-textdocument's TextDocument:
 * random edits (inserting and deleting line breaks of every kind, splitting \r\n pairs, crossing
 * chunk boundaries) are applied to both, and text, line count and every position are compared.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ChunkedTextDocument } from '../../server/src/languageServer/chunkedTextDocument';

function compare(expected: TextDocument, actual: ChunkedTextDocument, where: string): void {
	const text = expected.getText();
	assert.equal(actual.getText(), text, where);
	assert.equal(actual.lineCount, expected.lineCount, `${where}: line count`);
	for (let offset = 0; offset <= text.length; offset += Math.max(1, Math.floor(text.length / 97))) {
		assert.deepEqual(actual.positionAt(offset), expected.positionAt(offset), `${where}: positionAt(${offset})`);
	}
	for (let line = 0; line < expected.lineCount; line += Math.max(1, Math.floor(expected.lineCount / 53))) {
		assert.deepEqual(actual.getLineRange(line), expected.getLineRange(line), `${where}: getLineRange(${line})`);
		assert.equal(actual.getEOLCharacters(line), expected.getEOLCharacters(line), `${where}: getEOLCharacters(${line})`);
		for (const character of [0, 1, 5, 1000]) {
			assert.equal(actual.offsetAt({ line, character }), expected.offsetAt({ line, character }), `${where}: offsetAt(${line}:${character})`);
		}
	}
}

test('random incremental edits match the reference TextDocument', () => {
	const pieces = ['a,b,c', '\r\n', '\n', '\r', '"x\r\ny"', '+1 425 555 0100', 'é', ''];
	let seed = 7;
	const random = (n: number) => {
		seed = (seed * 1103515245 + 12345) & 0x7fffffff;
		return seed % n;
	};
	const build = (count: number) => Array.from({ length: count }, () => pieces[random(pieces.length)]).join('');
	const initial = build(40000); // several chunks
	const reference = TextDocument.create('file:///x.csv', 'csv', 0, initial);
	const chunked = new ChunkedTextDocument('file:///x.csv', 'csv', 0, initial);
	compare(reference, chunked, 'initial');
	for (let round = 1; round <= 300; round++) {
		const length = reference.getText().length;
		const start = random(length + 1);
		const end = Math.min(length, start + (random(4) === 0 ? random(200000) : random(5)));
		const change = { range: { start: reference.positionAt(start), end: reference.positionAt(end) }, text: build(random(6)) };
		TextDocument.update(reference, [change], round);
		chunked.update(change, round);
		if (round % 10 === 0 || round < 20) compare(reference, chunked, `round ${round}`);
	}
	const full = { text: 'line one\r\nline two\n' };
	TextDocument.update(reference, [full], 301);
	chunked.update(full, 301);
	compare(reference, chunked, 'full replacement');
	assert.equal(chunked.version, 301);
});
