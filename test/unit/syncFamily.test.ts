/**
 * The identity family through the seam: every identity fixture, linted by the engine (findings and
 * its own duplicates), gives exactly the findings test/fixtures/identity-expected.json lists, which
 * the reference built from identityChecks.ts alone gives too (identityFixtures.test.ts); the text
 * after fix-all; and a fix never changes a file's structure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../server/src/engine/linter';
import { applyEdits } from '../../server/src/engine/edits';
import { fixture, linter, repoRoot, settings } from './engineHarness';
import type { ExpectedFinding } from './identityReference';

const expected: { fixtures: Record<string, ExpectedFinding[]> } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/identity-expected.json'), 'utf8'));

function reasonOf(finding: Finding): string {
	if (finding.code === 'sync.duplicate') return 'duplicate';
	if (finding.code === 'sync.excluded') return finding.args![1];
	return finding.args![0];
}

function syncFindings(text: string, format: 'csv' | 'ldif'): ExpectedFinding[] {
	const resolved = settings();
	const findings = linter.validate(linter.read(text, format, resolved), resolved)!;
	return findings.filter((finding) => finding.code.startsWith('sync.')).map((finding) => ({
		code: finding.code as ExpectedFinding['code'],
		reason: reasonOf(finding),
		attribute: finding.attribute!,
		underlined: text.slice(finding.span.start, finding.span.end),
		fix: finding.fix?.value ?? null,
	}));
}

for (const name of ['identity-csvde.csv', 'identity-ps51.csv', 'identity-ps7.csv', 'identity-ldifde.ldf']) {
	test(`${name}: the engine reports exactly identity-expected.json's findings`, () => {
		assert.deepEqual(syncFindings(fixture(name), name.endsWith('.ldf') ? 'ldif' : 'csv'), expected.fixtures[name]);
	});
}

test('every finding is worded, every fix titled, and fix-all leaves only what has no fix', () => {
	for (const name of ['identity-csvde.csv', 'identity-ldifde.ldf']) {
		const format = name.endsWith('.ldf') ? 'ldif' : 'csv';
		const text = fixture(name);
		const resolved = settings();
		const findings = linter.validate(linter.read(text, format, resolved), resolved)!.filter((finding) => finding.code.startsWith('sync.'));
		for (const finding of findings) {
			assert.ok(finding.message.length > 20 && !finding.message.includes('undefined'), `${name}: ${finding.code} ${finding.message}`);
			if (finding.fix) assert.ok(finding.fix.title.length > 3 && !finding.fix.title.includes('undefined'), finding.fix.title);
		}
		let fixed = text;
		// Each pass fixes one problem per value; a value with several converges in a few passes.
		for (let pass = 0; pass < 4; pass++) fixed = applyEdits(fixed, linter.fixAllEdits(linter.validate(linter.read(fixed, format, resolved), resolved)!));
		const left = linter.validate(linter.read(fixed, format, resolved), resolved)!.filter((finding) => finding.code.startsWith('sync.'));
		assert.deepEqual(left.filter((finding) => finding.fix).map((finding) => finding.code), [], `${name}: nothing fixable left`);
		assert.ok(left.some((finding) => finding.code === 'sync.duplicate'), `${name}: duplicates are never fixed`);
	}
});

test('a blank displayName in a CSV gets the cn written into its cell, quoted where the cn needs it', () => {
	const text = 'DN,objectClass,cn,displayName,userPrincipalName\n"CN=Lee\\, Ann,DC=x",user,"Lee, Ann",,ann@contoso.com\n"CN=Bo,DC=x",user,Bo,"",bo@contoso.com\n';
	const resolved = settings();
	const findings = linter.validate(linter.read(text, 'csv', resolved), resolved)!.filter((finding) => finding.code === 'sync.blank');
	assert.equal(findings.length, 2);
	// A bare empty cell cannot take "Lee, Ann" without quotes: no fix rather than a broken row.
	assert.equal(findings[0].fix, undefined);
	assert.equal(findings[1].fix?.value, 'Bo');
	assert.equal(applyEdits(text, linter.fixAllEdits(findings)).split('\n')[2], '"CN=Bo,DC=x",user,Bo,"Bo",bo@contoso.com');
});

test('fix-all never changes a CSV\'s structure: a value with a bare quote gets no fix (issue #10 §6)', () => {
	// An unclosed quote, then thousands of rows that each hold one bare quote in a value a rule would fix.
	const rows = ['DN,userPrincipalName,mobile,c', '"CN=open,DC=x,o.neil@contoso.com,+1 4255550100,US'];
	for (let i = 0; i < 3000; i++) rows.push(`CN=u${i},o"neil ${i}@contoso.com,+1 (425) 555-01${String(i % 100).padStart(2, '0')},US`);
	const text = `${rows.join('\n')}\n`;
	const resolved = settings();
	const parseProblems = (value: string) => linter.validate(linter.read(value, 'csv', resolved), resolved)!.filter((finding) => finding.code === 'csv.parse').length;
	const findings = linter.validate(linter.read(text, 'csv', resolved), resolved)!;
	assert.ok(findings.some((finding) => finding.code === 'sync.character' && !finding.fix), 'the quoted UPN is reported, without a fix');
	const fixed = applyEdits(text, linter.fixAllEdits(findings));
	assert.notEqual(fixed, text, 'the phone numbers are still fixed');
	assert.equal(parseProblems(fixed), parseProblems(text));
	assert.equal((fixed.match(/"/g) ?? []).length, (text.match(/"/g) ?? []).length, 'not one quote taken away or added');
});
