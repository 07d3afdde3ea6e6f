/**
 * test/fixtures/identity-expected.json is what the identity fixtures must give, finding by finding:
 * the reference built from the readers and identityChecks.ts (identityReference.ts) gives exactly
 * that, and the fixtures hold every reason, a duplicate pair, excluded objects and clean users.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readCsv } from '../../server/src/engine/readers/csvReader';
import { readLdif } from '../../server/src/engine/readers/ldifReader';
import { reasonCodes } from '../../server/src/engine/rules/identityChecks';
import { fixture, repoRoot } from './engineHarness';
import { ExpectedFinding, referenceFindings } from './identityReference';

const expected: { fixtures: Record<string, ExpectedFinding[]> } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/identity-expected.json'), 'utf8'));

function findingsOf(name: string): ExpectedFinding[] {
	const text = fixture(name);
	const document = name.endsWith('.ldf') ? readLdif(text) : readCsv(text, { delimiter: 'auto' });
	assert.deepEqual(document.problems, [], `${name} reads without a problem`);
	return referenceFindings(text, document);
}

for (const name of ['identity-csvde.csv', 'identity-ps51.csv', 'identity-ps7.csv', 'identity-ldifde.ldf']) {
	test(`${name}: the findings of identity-expected.json`, () => {
		assert.deepEqual(findingsOf(name), expected.fixtures[name]);
	});
}

test('the identity fixtures hold every reason, duplicates, exclusions and clean users', () => {
	const all = Object.values(expected.fixtures).flat();
	const reasons = new Set(all.map((finding) => finding.reason));
	assert.deepEqual(Object.keys(reasonCodes).filter((reason) => !reasons.has(reason)), []);
	for (const [name, findings] of Object.entries(expected.fixtures)) {
		const codes = new Set(findings.map((finding) => finding.code));
		for (const code of ['sync.duplicate', 'sync.excluded', 'sync.character', 'sync.format', 'sync.length', 'sync.top-level-domain', 'sync.domain-part', 'sync.local-part', 'sync.blank']) {
			assert.ok(codes.has(code as ExpectedFinding['code']), `${name} has ${code}`);
		}
		assert.ok(findings.some((finding) => finding.code === 'sync.duplicate' && finding.attribute === 'userPrincipalName'), `${name}: a duplicate UPN`);
		// Adele Vance is clean, and her conflict object's copy of her UPN is no duplicate.
		assert.ok(!findings.some((finding) => finding.underlined.includes('adelev')), `${name}: Adele Vance is clean`);
	}
	// Every format but Windows PowerShell 5.1's (ASCII only) holds every reason.
	for (const name of ['identity-csvde.csv', 'identity-ps7.csv', 'identity-ldifde.ldf']) {
		const present = new Set(expected.fixtures[name].map((finding) => finding.reason));
		assert.deepEqual(Object.keys(reasonCodes).filter((reason) => !present.has(reason) && reason !== 'collection-placeholder'), [], name);
	}
});
