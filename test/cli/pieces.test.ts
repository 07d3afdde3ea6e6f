/** Unit tests of how the CLI cuts files into pieces, numbers lines and decodes pieces. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { parse } from 'csv-parse/sync';
import { resolveSettings } from '../../shared/src/settings';
import { ChunkOptions, Piece, readPieces } from '../../server/src/cli/chunkedReader';
import { lintPiece } from '../../server/src/cli/pieceLinter';
import { indexLines } from '../../server/src/cli/positions';
import { scratchFile } from './cliHarness';

async function pieces(content: string | Buffer, options: ChunkOptions, name = 'export.csv'): Promise<Piece[]> {
	const result: Piece[] = [];
	for await (const piece of readPieces(scratchFile(name, content), options)) result.push(piece);
	return result;
}

const csvOptions = (chunkSize: number): ChunkOptions => ({ format: 'csv', delimiter: 'auto', chunkSize });

/** Quoted delimiters, doubled quotes, line breaks (LF and CRLF) in quoted fields, a stray quote in an unquoted field. */
const trickyCsv = [
	'DN,info,telephoneNumber,c',
	'"CN=Lee\\, Ann,DC=x","a, b",+1 4255550123,US',
	'"CN=b","two\nlines ""quoted""\r\nand three",+44 20 7946 0958,GB',
	'CN=c,12" screen,"","DE"',
	'"CN=d","""",n/a,US',
	'"CN=e","ends with a line break\n",+1 (425) 555-0123,US',
	'CN=f,,"+1 425\n555 0199",US',
	'',
].join('\r\n');

/** Byte offsets just after each record, as csv-parse reads the text. */
function csvRecordEnds(text: string): Set<number> {
	const records = parse(text, { info: true, relax_quotes: true, relax_column_count: true }) as unknown as { info: { bytes: number } }[];
	return new Set(records.map((record) => record.info.bytes));
}

test('CSV pieces end where csv-parse ends a record, for every chunk size, and join to the file', async () => {
	const ends = csvRecordEnds(trickyCsv);
	const bytes = Buffer.from(trickyCsv);
	for (let chunkSize = 1; chunkSize <= bytes.length + 1; chunkSize++) {
		const cut = await pieces(trickyCsv, csvOptions(chunkSize));
		assert.ok(Buffer.concat(cut.map((piece) => piece.bytes)).equals(bytes), `chunk ${chunkSize}: pieces join to the file`);
		let offset = 0;
		for (const piece of cut) {
			offset += piece.bytes.length;
			assert.ok(ends.has(offset) || offset === bytes.length, `chunk ${chunkSize}: a piece ends at ${offset}, inside a record`);
		}
		if (chunkSize <= 8) assert.ok(cut.length >= 6, `chunk ${chunkSize}: small chunks make many pieces`);
	}
});

test('the CSV header (with the BOM and #TYPE line) is a piece of its own, and every later piece is read after it', async () => {
	const header = '\ufeff#TYPE Selected.Microsoft.ActiveDirectory.Management.ADUser\r\n"Name";"OfficePhone"\r\n';
	const csv = `${header}"Ann";"+1 4255550123"\r\n"Bo";"n/a"\r\n`;
	const cut = await pieces(csv, csvOptions(8));
	assert.equal(cut[0].context, '');
	assert.equal(cut[0].header, true);
	assert.equal(Buffer.from(cut[0].bytes).toString('utf8'), header);
	for (const piece of cut.slice(1)) assert.equal(piece.context, header);
	assert.deepEqual(cut.slice(1).map((piece) => Buffer.from(piece.bytes).toString('utf8')), ['"Ann";"+1 4255550123"\r\n', '"Bo";"n/a"\r\n']);
});

test('LDIF pieces end at blank lines only', async () => {
	const ldif = 'version: 1\r\n\r\ndn: CN=a,DC=x\r\nmobile: +1 4255550123\r\ndescription: folded\r\n  over two lines\r\n\r\ndn: CN=b,DC=x\r\n# a comment\r\nmobile: n/a\r\n\r\n\r\ndn: CN=c,DC=x\r\nmobile: 020 7946 0958';
	for (let chunkSize = 1; chunkSize <= ldif.length; chunkSize += 3) {
		const cut = await pieces(ldif, { format: 'ldif', delimiter: 'auto', chunkSize }, 'export.ldif');
		const texts = cut.map((piece) => Buffer.from(piece.bytes).toString('utf8'));
		assert.equal(texts.join(''), ldif);
		for (const text of texts.slice(0, -1)) assert.match(text, /(^|\n)\r?\n$/, `chunk ${chunkSize}: ${JSON.stringify(text)} ends with a blank line`);
		assert.ok(cut.every((piece) => piece.context === ''));
		// A record never spans two pieces, and small chunks give each record a piece of its own.
		for (const record of ['dn: CN=a', 'dn: CN=b', 'dn: CN=c']) assert.equal(texts.filter((text) => text.includes(record)).length, 1, `chunk ${chunkSize}: ${record}`);
		if (chunkSize === 1) assert.ok(texts.every((text) => text.split('dn:').length <= 2), 'one record per piece');
	}
});

test('a quote left open is cut at a line break once it runs past 1 MB', async () => {
	const rows = ['DN,telephoneNumber,c', 'CN=a,"+1 4255550123,US'];
	for (let i = 0; i < 60_000; i++) rows.push(`CN=User ${i},+1 4255550123,US`);
	const csv = `${rows.join('\n')}\n`;
	const cut = await pieces(csv, csvOptions(1 << 16));
	const forced = cut.findIndex((piece) => piece.bytes.length > 1 << 20);
	assert.ok(forced > 0, 'the open quote ran on past 1 MB');
	assert.ok(cut[forced].bytes.length <= (1 << 20) + (1 << 16), 'and was cut as soon as it did');
	for (const piece of cut) assert.equal(piece.bytes[piece.bytes.length - 1], 10, 'cut after a line break');
	assert.ok(cut.length > forced + 1 && cut.slice(forced + 1).every((piece) => piece.bytes.length <= 2 << 16), 'after the cut, lines are records again');
	assert.equal(Buffer.concat(cut.map((piece) => piece.bytes)).toString('utf8'), csv);
});

test('an LDIF file without blank lines is cut before a dn: line once a record runs past 1 MB', async () => {
	let ldif = '';
	for (let i = 0; ldif.length < 3 << 20; i++) ldif += `dn: CN=User ${i},DC=x\r\nmobile: +1 4255550123\r\nDescription: ${'d'.repeat(i % 100)}\r\n`;
	const cut = await pieces(ldif, { format: 'ldif', delimiter: 'auto', chunkSize: 1 << 16 }, 'export.ldif');
	assert.ok(cut.length >= 3);
	for (const piece of cut) {
		assert.ok(piece.bytes.length <= (1 << 20) + (1 << 16));
		assert.match(Buffer.from(piece.bytes.subarray(0, 4)).toString(), /^dn: /);
	}
	assert.equal(Buffer.concat(cut.map((piece) => piece.bytes)).toString(), ldif);
});

test('one LDIF record longer than 1 MB is kept whole, its long value or its many lines', async () => {
	const longValue = `dn: CN=a,DC=x\r\nmobile: +1 4255550123\r\njpegPhoto:: ${'QUJD'.repeat(600_000)}\r\nmail: a@x.com\r\n\r\n`;
	const manyLines = `dn: CN=b,DC=x\r\n${'proxyAddresses: smtp:someone.with.a.long.name@contoso.com\r\n'.repeat(40_000)}\r\n`;
	const ldif = `${longValue}${manyLines}dn: CN=c,DC=x\r\nmobile: n/a\r\n`;
	const cut = await pieces(ldif, { format: 'ldif', delimiter: 'auto', chunkSize: 1 << 16 }, 'export.ldif');
	const texts = cut.map((piece) => Buffer.from(piece.bytes).toString());
	assert.equal(texts.join(''), ldif);
	assert.deepEqual(texts.map((text) => text.slice(0, 13)), ['dn: CN=a,DC=x', 'dn: CN=b,DC=x', 'dn: CN=c,DC=x']);
});

test('line numbers: LF, CRLF and lone CR end lines; columns count UTF-16 code units', () => {
	const lines = indexLines('a\r\nb\rc\n😀x\n');
	assert.equal(lines.lineCount, 4);
	assert.deepEqual([0, 3, 5, 7, 9, 10].map((offset) => lines.position(offset)), [
		{ line: 1, column: 1 }, { line: 2, column: 1 }, { line: 3, column: 1 }, { line: 4, column: 1 }, { line: 4, column: 3 }, { line: 4, column: 4 },
	]);
	assert.equal(indexLines('no line break at the end').lineCount, 1);
	assert.equal(indexLines('').lineCount, 0);
});

test('a piece that is not UTF-8 reports the line of its first invalid sequence', () => {
	const bytes = Buffer.concat([Buffer.from('DN,mobile\n"CN=é",+1 4255550123\r\n"CN=x",'), Buffer.from([0xe2, 0x82]), Buffer.from('\n')]);
	const settings = resolveSettings({});
	assert.deepEqual(lintPiece({ bytes, context: '', format: 'csv', settings, fix: false }), { kind: 'not-utf8', line: 3 });
	const valid = lintPiece({ bytes: Buffer.from('DN,mobile\n"CN=é",+1 (425) 555-0123\n'), context: '', format: 'csv', settings, fix: true });
	assert.equal(valid.kind, 'linted');
	assert.equal(valid.kind === 'linted' && Buffer.from(valid.fixedBytes!).toString('utf8'), 'DN,mobile\n"CN=é",+1 4255550123\n');
});

test('a linted piece is not kept alive: LDIF values are slices of the piece text', () => {
	v8.setFlagsFromString('--expose-gc');
	const gc = vm.runInNewContext('gc') as () => void;
	const settings = resolveSettings({});
	// 64 KB pieces of records whose values take the engine's full (cached) judgement.
	const piece = (n: number) => {
		let text = '';
		for (let i = 0; i < 150; i++) text += `dn: CN=User ${n}-${i},OU=Users,DC=contoso,DC=com\nmobile: call ${n}-${i}\ndescription: ${'x'.repeat(330)}\n\n`;
		return Buffer.from(text);
	};
	gc();
	const before = process.memoryUsage().heapUsed;
	for (let n = 0; n < 300; n++) lintPiece({ bytes: piece(n), context: '', format: 'ldif', settings, fix: false });
	gc();
	const grown = process.memoryUsage().heapUsed - before;
	assert.ok(grown < 4 << 20, `the heap grew by ${(grown / 2 ** 20).toFixed(1)} MB over 300 pieces of 64 KB`);
});

test('a 5 MB base64 LDIF value is one record: never cut inside, judged once, quoted short (issue #10 §6)', async () => {
	const base64 = Buffer.from('x'.repeat(3_932_160)).toString('base64');
	const folded: string[] = [];
	for (let at = 0; at < base64.length; at += 76) folded.push(`${at ? ' ' : ''}${base64.slice(at, at + 76)}`);
	const ldif = `dn: CN=a,DC=x\nmobile:: ${folded.join('\n')}\n\ndn: CN=b,DC=x\nmobile: +1 4255550100\n`;
	const cut = await pieces(ldif, { format: 'ldif', delimiter: 'auto', chunkSize: 1 << 16 }, 'photo.ldif');
	const holding = cut.filter((piece) => Buffer.from(piece.bytes).includes('dn: CN=a'));
	assert.equal(holding.length, 1);
	assert.ok(holding[0].bytes.length > 5_000_000, 'the whole record in one piece');
	const outcome = lintPiece({ ...holding[0], format: 'ldif', settings: resolveSettings({}), fix: false });
	assert.equal(outcome.kind, 'linted');
	if (outcome.kind !== 'linted') return;
	assert.deepEqual(outcome.findings.map((finding) => finding.code), ['phone.invalid']);
	assert.ok(outcome.findings[0].message.length < 200, 'the message quotes the value cut short');
});
