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
import { cutPieces, documentFinding, endsRecord, findingMessage, fixTitleOf, lintPiece, packedFixable, pieceLayout, unpackFinding } from '../../server/src/engine/pieces';
import type { ExportFormat } from '../../server/src/engine/model';
import { fixture, linter, settings } from './engineHarness';

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
	assert.equal(layout.bodyStart, header.length);
	assert.equal(layout.complete, true);
	// Bytes are cut the same way: the header ends at the same offset (the text is ASCII).
	assert.deepEqual(pieceLayout(Buffer.from(header + body), 'csv', 'auto'), layout);
	assert.deepEqual(cutPieces(Buffer.from(body), 4096, 'csv', layout.delimiter), cutPieces(body, 4096, 'csv', layout.delimiter));
	const ends = cutPieces(body, 4096, 'csv', layout.delimiter);
	assert.equal(ends.at(-1), body.length);
	let start = 0;
	for (const end of ends) {
		assert.ok(body.slice(start, end).endsWith('\r\n'), `piece [${start}, ${end}) ends a record`);
		if (end !== body.length) assert.ok(end - start >= 4096 && end - start < 4096 + 60, `piece [${start}, ${end}) is about 4096 characters`);
		start = end;
	}
});

test('a piece keeps its findings flat, and spelled out they are the engine\'s own findings', () => {
	const resolved = settings({ checkAllPhoneAttributes: true });
	const inline: [string, ExportFormat][] = [
		// An escaped quote in a phone value, a multi-valued cell, an extension, an invalid number, a national one.
		['DN,telephoneNumber,otherTelephone,mobile,c\n"CN=a","+1 425 555 0100 ""x12""","+1 (425) 555-0101;0425 555 0102","+1 4255550103 x7",US\nCN=b,+999 1234,020 7946 0018,abc,GB\n', 'csv'],
		// A base64 value (its fix is written `: …` over the `::`), a plain one, a malformed one.
		[`dn: CN=c\nmobile:: ${Buffer.from('+1 (425) 555-0123').toString('base64')}\ntelephoneNumber: 425.555.0104\nc: US\n\ndn: CN=d\nmobile: +44 20 7946 0018 ext. 5\n`, 'ldif'],
	];
	const documents = [
		...inline,
		...['csvde-users.csv', 'excel-semicolon.csv', 'ps51-users.csv', 'ps7-users.csv', 'broken.csv'].map((name): [string, ExportFormat] => [fixture(name), 'csv']),
		...['ldifde-users.ldf', 'idfix-export.ldf', 'broken.ldf', 'changes.ldf'].map((name): [string, ExportFormat] => [fixture(name), 'ldif']),
	];
	let spelledValues = 0;
	let spelledFixes = 0;
	for (const [text, format] of documents) {
		const { bodyStart } = pieceLayout(text, format, 'auto');
		const context = text.slice(0, bodyStart);
		const piece = text.slice(bodyStart);
		const result = lintPiece(linter, piece, context, format, resolved);
		// The per-piece work: document-level findings (LDIF records of two kinds) are judged over all pieces.
		const expected = linter.check(linter.read(text, format, resolved), resolved)!.findings.filter((finding) => finding.span.start >= bodyStart);
		const packed = result.findings;
		assert.equal(packed.count, expected.length);
		// Nothing but an Int32Array and one string: no object per finding to copy or collect.
		assert.ok(packed.numbers instanceof Int32Array && typeof packed.strings === 'string');
		assert.equal(packed.fixable, expected.filter((finding) => finding.fix).length);
		for (let index = 0; index < packed.count; index++) {
			const flat = unpackFinding(packed, index);
			// Nothing nested is kept but the arguments and a fix.
			for (const value of Object.values(flat)) if (typeof value === 'object') assert.ok(value === flat.fix || value === flat.args);
			if (flat.value !== undefined) spelledValues++;
			if (flat.fix && flat.fix.newText !== flat.fix.value) spelledFixes++;
			assert.equal(packedFixable(packed, index), flat.fix !== undefined);
			const spelled = documentFinding(flat, piece, bodyStart);
			const finding = expected[index];
			assert.deepEqual(
				{ code: spelled.code, start: spelled.start, end: spelled.end, message: findingMessage(spelled), value: spelled.value, args: spelled.args, fix: spelled.fix, title: spelled.fix && fixTitleOf(spelled) },
				{
					code: finding.code, start: finding.span.start, end: finding.span.end, message: finding.message, value: finding.value, args: finding.args,
					fix: finding.fix && { start: finding.fix.edit.span.start, end: finding.fix.edit.span.end, newText: finding.fix.edit.newText, value: finding.fix.value },
					title: finding.fix?.title,
				},
			);
		}
	}
	// The cases above reach both exceptions: a value unlike its text, a fix whose text is not its value.
	assert.ok(spelledValues >= 2 && spelledFixes >= 1, `${spelledValues} values, ${spelledFixes} fixes kept`);
});

test('an export with unclosed quotes reads the same in pieces cut at any record boundary as whole', () => {
	const resolved = settings();
	const rows = ['DN\tmobile\tc'];
	for (let i = 0; i < 12; i++) {
		rows.push(`CN=u${i}\t+1 425 555 01${String(i).padStart(2, '0')}\tUS`);
		if (i % 4 === 1) rows.push('"broken\tx');
		if (i % 4 === 2) rows.push(`"CN=q${i}"\t4255550199\tUS`);
	}
	const text = `${rows.join('\n')}\n`;
	const whole = (linter.validate(linter.read(text, 'csv', resolved), resolved) ?? []).map((finding) => `${finding.code}@${finding.span.start}`);
	const { bodyStart } = pieceLayout(text, 'csv', 'auto');
	const context = text.slice(0, bodyStart);
	const body = text.slice(bodyStart);
	const boundaries = cutPieces(body, 1, 'csv', '\t');
	// Every way of cutting at one of the cutter's boundaries.
	for (const cut of boundaries) {
		const read: string[] = [];
		for (const [start, end] of [[0, cut], [cut, body.length]]) {
			if (start === end) continue;
			const { findings } = lintPiece(linter, body.slice(start, end), context, 'csv', resolved);
			for (let index = 0; index < findings.count; index++) {
				const finding = documentFinding(unpackFinding(findings, index), body.slice(start, end), bodyStart + start);
				read.push(`${finding.code}@${finding.start}`);
			}
		}
		assert.deepEqual(read, whole, `cut at ${bodyStart + cut}`);
	}
	assert.ok(whole.some((finding) => finding.startsWith('csv.parse')));
});
