/**
 * The CSV reader's fast path reads plain records itself and leaves every other record to
 * csv-parse. It must never change what is read: on random exports full of what breaks CSV (stray
 * and unclosed quotes, line breaks inside quotes, doubled quotes, wrong field counts, blank lines,
 * line endings that change mid-file, a BOM and a #TYPE line) and on every fixture, the document
 * read with the fast path equals the document read by csv-parse alone, down to every span and
 * problem.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCsv } from '../../server/src/engine/readers/csvReader';
import { fixture } from './engineHarness';

function mulberry32(seed: number): (n: number) => number {
	return (n) => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) % n;
	};
}

function randomExport(seed: number): string {
	const random = mulberry32(seed);
	const delimiter = [',', ';', '\t'][random(3)];
	const lineEnd = ['\r\n', '\n', '\r\n', '\n', '\r'][random(5)];
	const header = ['DN', 'mobile', 'telephoneNumber', 'otherTelephone', 'c', 'mail'].slice(0, 2 + random(5));
	const quoteAll = random(2) === 0;
	const plain = () => ['', '+1 425 555 0100', '020 7946 0958', 'n/a', '+44 7700 900123 x12', '+1 206 555 0100;+1 206 555 0101', 'GB', 'US', 'a@contoso.com'][random(9)];
	const odd = () => [
		`"${plain()}" x`, `a"b`, `"line\nbreak"`, `"cr\r\nlf"`, `"say ""hi"""`, `"${delimiter}"`, '"unclosed', `""`, ' ', `"a""b"`, `"x"${delimiter}"y"`, '\r', `"${plain()}\r"`,
	][random(13)];
	const cell = () => {
		const value = random(12) === 0 ? odd() : plain();
		return quoteAll && !value.startsWith('"') ? `"${value.replace(/"/g, '""')}"` : value;
	};
	let text = ['', '\ufeff'][random(2)] + ['', `#TYPE Microsoft.ActiveDirectory.Management.ADUser${lineEnd}`][random(2)];
	text += header.map((name) => (quoteAll ? `"${name}"` : name)).join(delimiter) + lineEnd;
	const records = random(40);
	for (let record = 0; record < records; record++) {
		const count = random(10) === 0 ? header.length + random(3) - 1 : header.length;
		const cells = Array.from({ length: Math.max(1, count) }, (_, index) => (index === 0 ? `"CN=User ${record},DC=contoso,DC=com"` : cell()));
		text += cells.join(delimiter);
		const ending = random(15) === 0 ? ['\n', '\r\n', '\r', '\n\n', `${lineEnd}${lineEnd}`][random(5)] : lineEnd;
		if (record < records - 1 || random(2) === 0) text += ending;
	}
	return text;
}

test('the fast path reads random and broken exports exactly as csv-parse alone does', () => {
	let fast = 0;
	let problems = 0;
	for (let seed = 1; seed <= 3000; seed++) {
		const text = randomExport(seed);
		const expected = readCsv(text, { delimiter: 'auto', fastPath: false });
		const actual = readCsv(text, { delimiter: 'auto' });
		assert.deepEqual(actual, expected, `seed ${seed}: ${JSON.stringify(text)}`);
		fast += actual.entries.length;
		problems += actual.problems.length;
	}
	// The exports really are mixed: many records read, many problems found.
	assert.ok(fast > 20_000 && problems > 2_000, `${fast} entries, ${problems} problems`);
});

test('the fast path reads every fixture exactly as csv-parse alone does', () => {
	for (const name of ['csvde-users.csv', 'ps51-users.csv', 'ps7-users.csv', 'excel-semicolon.csv', 'broken.csv', 'identity-csvde.csv', 'identity-ps51.csv', 'identity-ps7.csv']) {
		const text = fixture(name);
		for (const delimiter of ['auto', ',', ';'] as const) {
			assert.deepEqual(readCsv(text, { delimiter }), readCsv(text, { delimiter, fastPath: false }), `${name} with ${delimiter}`);
		}
	}
});

test('a value the fast path reads from quotes has its doubled quotes undone', () => {
	const document = readCsv('"DN","mobile"\r\n"CN=""Bob"",DC=x","+1 425 555 0100"\r\n', { delimiter: 'auto' });
	assert.equal(document.entries[0].dn, 'CN="Bob",DC=x');
	assert.equal(document.entries[0].attributes[0].values[0].text, '+1 425 555 0100');
});
