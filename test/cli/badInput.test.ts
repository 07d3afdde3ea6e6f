/**
 * Bad input through the dirlint command: the exports of test/tools/badInputs.ts give their findings
 * at the right line and column, or a clear one-line message and exit 2, never a stack trace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hugeBase64Ldif, identityHeader, longUpnCsv, longUpnLdif, manyProxiesCsv, manyProxiesLdif, nulCsv, nulLdif, userRow } from '../tools/badInputs';
import { lineIndex, runCli, scratchDir, scratchFile } from './cliHarness';

/** The findings of `dirlint check --format json` as code@line:column, and what it wrote to stderr. */
function check(file: string): { status: number | null; findings: string[]; stderr: string } {
	const run = runCli(['check', '--format', 'json', file]);
	assert.doesNotMatch(run.stderr, /internal error|\n\s+at /, 'no stack trace');
	const findings = (JSON.parse(run.stdout) as { code: string; line: number; column: number }[]).map((finding) => `${finding.code}@${finding.line}:${finding.column}`);
	return { status: run.status, findings, stderr: run.stderr };
}

/** Where the `nth` occurrence of `value` starts, as the CLI counts lines and columns. */
function at(text: string, value: string, nth = 0): string {
	let offset = -1;
	for (let i = 0; i <= nth; i++) offset = text.indexOf(value, offset + 1);
	assert.ok(offset >= 0, value);
	const { line, column } = lineIndex(text)(offset);
	return `${line}:${column}`;
}

test('ten thousand proxy addresses, a 100 KB UPN, a NUL past the first 8 KB: findings at their places', () => {
	const cases: [string, string, string[]][] = [
		['proxies.csv', manyProxiesCsv, [`sync.duplicate@${at(manyProxiesCsv, 'smtp:p5000@')}`, `sync.duplicate@${at(manyProxiesCsv, 'p5000@', 1)}`]],
		['proxies.ldf', manyProxiesLdif, [`sync.duplicate@${at(manyProxiesLdif, 'smtp:p5000@')}`, `sync.duplicate@${at(manyProxiesLdif, 'p5000@', 1)}`]],
		['long.csv', longUpnCsv, [`sync.length@${at(longUpnCsv, 'aaaa')}`]],
		['long.ldf', longUpnLdif, [`sync.length@${at(longUpnLdif, 'aaaa')}`]],
		['nul.csv', nulCsv(true), [`sync.character@${at(nulCsv(true), '\u0000')}`]],
		['nul.ldf', nulLdif(true), [`sync.character@${at(nulLdif(true), '\u0000')}`]],
	];
	for (const [name, text, expected] of cases) {
		const run = check(scratchFile(name, text));
		assert.deepEqual(run.findings, expected, name);
		assert.equal(run.status, 1, name);
		assert.match(run.stderr, /^1 file checked: /, name);
	}
});

test('dirlint fix removes a NUL from a value', () => {
	const file = scratchFile('nul.csv', nulCsv(true));
	const run = runCli(['fix', file]);
	assert.equal(run.status, 0, run.stderr);
	assert.equal(fs.readFileSync(file, 'utf8'), nulCsv(true).replace('\u0000', ''));
});

test('a NUL in the first 8 KB: the file is refused as binary, in one sentence, exit 2', () => {
	const directory = scratchDir();
	fs.writeFileSync(path.join(directory, 'early.csv'), nulCsv(false));
	fs.writeFileSync(path.join(directory, 'early.ldf'), nulLdif(false));
	const run = runCli(['check', 'early.csv', 'early.ldf'], { cwd: directory });
	assert.equal(run.status, 2);
	assert.equal(run.stderr, [
		'dirlint: early.csv: looks like a binary file (it contains NUL bytes); dirlint reads CSV and LDIF text exports',
		'dirlint: early.ldf: looks like a binary file (it contains NUL bytes); dirlint reads CSV and LDIF text exports',
		'',
	].join('\n'));
	assert.equal(run.stdout, '0 files checked: 0 errors, 0 warnings, 0 information, 0 hints; 2 files could not be read\n');
});

test('a lone surrogate written to a file is not UTF-8: the line is named, exit 2', () => {
	// WTF-8 (the bytes a lone U+D800 would take) is what a tool that writes UTF-16 strings byte by byte leaves.
	const bytes = Buffer.concat([Buffer.from(`${identityHeader}\r\n${userRow('Bo')}\r\n"CN=Ann,OU=Users,DC=contoso,DC=com",user,Ann,Ann,ann,ann`), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('@contoso.com,ann@contoso.com,SMTP:ann@contoso.com\r\n')]);
	const run = runCli(['check', scratchFile('lone.csv', bytes)]);
	assert.equal(run.status, 2);
	assert.match(run.stderr, /^dirlint: \S+lone\.csv: is not valid UTF-8 \(an invalid byte sequence on line 3\); save the file as UTF-8 and run again\n$/);
});

test('a base64 value of 5 MB: its record is read whole and judged', () => {
	// Cut past 1 MB, the rest of the record used to read as a record without a dn: line, unchecked.
	const value = hugeBase64Ldif.indexOf('userPrincipalName:: ') + 'userPrincipalName:: '.length;
	const { line, column } = lineIndex(hugeBase64Ldif)(value);
	const run = check(scratchFile('huge.ldf', hugeBase64Ldif));
	assert.deepEqual(run.findings, [`sync.length@${line}:${column}`]);
	assert.equal(run.status, 1);
});
