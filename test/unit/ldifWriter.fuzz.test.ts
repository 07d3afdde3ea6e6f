/**
 * Change files for random values and DNs (Unicode with astral and combining characters, spaces at
 * the edges, `:` and `<` at the start, CR, LF, TAB, NUL), read back by the engine's own LDIF reader
 * and by python-ldap's ldif module (test/tools/parse_change_file.py, Debian python3-ldap) as an
 * independent RFC 2849 reader: every DN and value must come back exactly. Seeded: the same files
 * every run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EntryChange, Operation } from '../../server/src/engine/changes/changeModel';
import { commentText, ldifHeader, ldifModifyRecord, LineEnding } from '../../server/src/engine/changes/ldifChangeWriter';
import { readLdif } from '../../server/src/engine/readers/ldifReader';
import { repoRoot } from './engineHarness';

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const pools = [
	'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
	' +-().#;=,\\"\'/@!?*&%$[]{}|~^`_',
	': <', // RFC 2849 forbids these first
	'\r\n\t\0\x7f\x1b', // line breaks and other controls
	'éüñßøåçÆŒ', // Latin, precomposed
	'\u0301\u0308\u0327\u20dd', // combining marks
	'中文字日本語한국어עבריתالعربية', // CJK, Hebrew, Arabic
	'\u{1F600}\u{1F44D}\u{1D11E}\u{20000}\u{10FFFD}', // astral: emoji, music, CJK extension B, private use
	'\u00a0\u2028\u2029\u200d\ufeff\u3000', // no-break space, separators, ZWJ, BOM, ideographic space
];

/** Random text from the first `poolCount` pools (4: ASCII only, controls included). */
function randomText(next: () => number, length: number, poolCount = pools.length): string {
	let text = '';
	for (let i = 0; i < length; i++) {
		const pool = [...pools[Math.floor(next() * poolCount)]];
		text += pool[Math.floor(next() * pool.length)];
	}
	return text;
}

/**
 * A value, often with a hostile edge: a space at either end, or `:` / `<` / a space first. Some
 * are ASCII only, where nothing but the edges and the controls decides the encoding.
 */
function randomValue(next: () => number): string {
	let value = randomText(next, 1 + Math.floor(next() * 24), next() < 0.4 ? 4 : pools.length);
	const edge = next();
	if (edge < 0.15) value = ' ' + value;
	else if (edge < 0.3) value += ' ';
	else if (edge < 0.4) value = ':' + value;
	else if (edge < 0.5) value = '<' + value;
	return value;
}

/** A DN python-ldap's is_dn accepts: `CN=<random, commas escaped>,OU=Fuzz,DC=contoso,DC=test`. */
function randomDn(next: () => number): string {
	const name = randomText(next, 1 + Math.floor(next() * 16)).replaceAll('\\', '\\\\').replaceAll(',', '\\,');
	const edge = next();
	return `CN=${edge < 0.2 ? '\\ ' : ''}${name}${edge > 0.8 ? '\\ ' : ''},OU=Fuzz,DC=contoso,DC=test`;
}

/** Catalogue attributes, so the engine's reader keeps their values. */
const singleValued = ['mobile', 'telephoneNumber', 'mail', 'pager'];
const multiValued = ['otherMobile', 'otherTelephone', 'proxyAddresses'];

function randomEntry(next: () => number): EntryChange {
	const names = [...singleValued, ...multiValued].filter(() => next() < 0.5);
	if (names.length === 0) names.push('mobile');
	const changes = names.map((attribute) => {
		const operation: Operation = next() < 0.15 ? 'delete' : next() < 0.3 ? 'add' : 'replace';
		const count = operation === 'delete' ? 0 : multiValued.includes(attribute) ? 1 + Math.floor(next() * 4) : 1;
		return { operation, attribute, values: Array.from({ length: count }, () => randomValue(next)) };
	});
	return { dn: randomDn(next), changes };
}

interface Written {
	text: string;
	entries: EntryChange[];
	version: boolean;
}

function writeFile(next: () => number, eol: LineEnding, version: boolean): Written {
	const entries = Array.from({ length: 40 }, () => randomEntry(next));
	const comment = commentText(`fuzz ${randomText(next, 12)}`);
	const text = ldifHeader([comment], version, eol) + entries.map((entry) => ldifModifyRecord(entry, eol)).join('');
	return { text, entries, version };
}

const files: Written[] = [];
const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
for (const seed of seeds) {
	const next = random(seed);
	files.push(writeFile(next, seed % 2 === 0 ? '\r\n' : '\n', seed % 4 < 2));
}

test('every written line is printable ASCII', () => {
	for (const { text } of files) {
		for (const line of text.split(/\r?\n/)) assert.match(line, /^[\x20-\x7e]*$/, JSON.stringify(line));
	}
});

test('the engine\'s LDIF reader reads back every DN and value exactly', () => {
	for (const { text, entries } of files) {
		const document = readLdif(text);
		assert.deepEqual(document.problems, []);
		assert.equal(document.entries.length, entries.length);
		document.entries.forEach((read, index) => {
			const written = entries[index];
			assert.equal(read.dn, written.dn);
			const expected = written.changes.filter((change) => change.operation !== 'delete');
			const actual = read.attributes.filter((attribute) => attribute.values.some((value) => value.checked));
			assert.deepEqual(actual.map((attribute) => [attribute.name, attribute.values.map((value) => value.text)]),
				expected.map((change) => [change.attribute, change.values]));
		});
	}
});

const python = '/usr/bin/python3';
const pythonLdap = fs.existsSync(python) && spawnSync(python, ['-c', 'import ldif'], { stdio: 'ignore' }).status === 0;

test('python-ldap\'s ldif parser, an independent RFC 2849 reader, reads back every DN and value exactly', { skip: pythonLdap ? false : 'needs /usr/bin/python3 with python3-ldap (npm run test:all installs it)' }, () => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dirlint-ldif-fuzz-'));
	try {
		const paths = files.map((file, index) => {
			const name = path.join(directory, `fuzz${index}.ldf`);
			fs.writeFileSync(name, file.text);
			return name;
		});
		const result = spawnSync(python, [path.join(repoRoot, 'test/tools/parse_change_file.py'), ...paths], { encoding: 'utf8', maxBuffer: 64 << 20 });
		assert.equal(result.status, 0, result.stderr);
		const parsed = JSON.parse(result.stdout) as { version: number | null; records: EntryChange[] }[];
		parsed.forEach((read, index) => {
			assert.equal(read.version, files[index].version ? 1 : null);
			assert.deepEqual(read.records, files[index].entries);
		});
	} finally {
		fs.rmSync(directory, { recursive: true, force: true });
	}
});
