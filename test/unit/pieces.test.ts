/**
 * Cutting an export into pieces must cut only between records, exactly where csv-parse ends them:
 * a cut inside a quoted field would split one record into two broken ones. Random CSV records
 * (quoted fields with delimiters, line breaks and doubled quotes; quotes inside unquoted fields;
 * CRLF or LF files) are cut at every record and compared with where the records were written to end
 * and with csv-parse's own reading of the same text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { cutPieces, endsRecord, pieceLayout } from '../../server/src/engine/pieces';

function randomCsv(seed: number, delimiter: string): { text: string; recordEnds: number[] } {
	// mulberry32: a small seeded generator whose low bits are random too.
	const random = (n: number) => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) % n;
	};
	// One line ending per file, as csv-parse detects it from the first record.
	const lineEnd = random(2) === 0 ? '\r\n' : '\n';
	const unquoted = () => ['', 'a', '+1 425', 'b"c', 'x""y', 'n/a'][random(6)];
	const quoted = () => `"${['', 'a', `p${delimiter}q`, 'line\nbreak', 'cr\r\nlf', 'say ""hi""', '""', `${delimiter}""""`][random(8)]}"`;
	let text = '';
	const recordEnds: number[] = [];
	const records = 1 + random(30);
	for (let record = 0; record < records; record++) {
		const fields = 1 + random(5);
		const cells: string[] = [];
		for (let field = 0; field < fields; field++) cells.push(random(2) === 0 ? unquoted() : quoted());
		text += cells.join(delimiter);
		// A record of one empty field is an empty line, which csv-parse skips: keep every record visible.
		if (cells.join('') === '') text += 'z';
		text += lineEnd;
		recordEnds.push(text.length);
	}
	return { text, recordEnds };
}

test('CSV pieces are cut at every record end and nowhere else', () => {
	for (const delimiter of [',', ';', '\t'] as const) {
		for (let seed = 1; seed <= 400; seed++) {
			const { text, recordEnds } = randomCsv(seed, delimiter);
			const where = `seed ${seed}, delimiter ${JSON.stringify(delimiter)}: ${JSON.stringify(text)}`;
			assert.deepEqual(cutPieces(text, 1, 'csv', delimiter), recordEnds, where);
			// csv-parse reads the same records: each ends where it says it has read to (bytes: the text is ASCII).
			const read = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, info: true }) as unknown as { info: { bytes: number } }[];
			assert.deepEqual(read.map((record) => record.info.bytes), recordEnds, `${where}: csv-parse`);
			assert.equal(endsRecord(text, 'csv', delimiter), true, where);
			// Cut short inside a quoted field, the text no longer ends a record.
			const opened = text.indexOf(`${delimiter}"line`);
			if (opened >= 0) assert.equal(endsRecord(text.slice(0, opened + 6), 'csv', delimiter), false, where);
		}
	}
});

test('a quote opened at the start of a field keeps the record open to the end of the text', () => {
	assert.equal(endsRecord('a,"b\nc\n', 'csv', ','), false);
	assert.equal(endsRecord('a,b"c\n', 'csv', ','), true);
	assert.deepEqual(cutPieces('a,"b\nc"\nd\n', 1, 'csv', ','), [8, 10]);
});

test('pieces are about the size asked for, and the header is read once as context', () => {
	const header = '#TYPE Microsoft.ActiveDirectory.Management.ADUser\r\n"DN","mobile"\r\n';
	const body = Array.from({ length: 1000 }, (_, i) => `"CN=User ${i},DC=contoso,DC=com","+1 425555${String(i).padStart(4, '0')}"\r\n`).join('');
	const layout = pieceLayout(header + body, 'csv', 'auto');
	assert.equal(layout.context, header);
	assert.equal(layout.bodyStart, header.length);
	const ends = cutPieces(body, 4096, 'csv', layout.delimiter);
	assert.equal(ends.at(-1), body.length);
	let start = 0;
	for (const end of ends) {
		assert.ok(body.slice(start, end).endsWith('\r\n'), `piece [${start}, ${end}) ends a record`);
		if (end !== body.length) assert.ok(end - start >= 4096 && end - start < 4096 + 60, `piece [${start}, ${end}) is about 4096 characters`);
		start = end;
	}
});
