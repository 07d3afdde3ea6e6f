/**
 * The rule seam: a family plugged into createLinter reports findings, keys and records that the
 * linter, the pieces and the duplicate step carry without knowing the family. A family made here,
 * for the test, reads `userPrincipalName`; it reuses the `phone.format` code only because codes
 * live in the one table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLinter } from '../../server/src/engine/linter';
import { judgeDocumentKeys } from '../../server/src/engine/duplicates';
import { documentFinding, lintPiece, pieceLayout, unpackFinding, unpackKey, unpackRecord } from '../../server/src/engine/pieces';
import type { RuleFamily } from '../../server/src/engine/rules/family';
import { phoneFamily } from '../../server/src/engine/rules/phone';
import { applyEdits } from '../../server/src/engine/edits';
import { keyHash } from '../../server/src/engine/hash';
import { settings } from './engineHarness';

/** Flags a UPN with a space (fix: remove the spaces), keys every UPN lower-cased, and records each entry's UPN. */
const upnFamily: RuleFamily = {
	id: 'phone', // a family id the settings know (dirlint.rules.phone); the test never mixes it with the real one
	appliesTo: (info) => info.ldapName === 'userPrincipalName',
	createChecker: () => ({
		check(context) {
			for (const attribute of context.entry.attributes) {
				if (attribute.info.ldapName !== 'userPrincipalName') continue;
				for (const value of attribute.values) {
					const space = value.text.indexOf(' ');
					if (space >= 0) {
						// The finding underlines the space only; its fix replaces the whole value.
						context.report('phone.format', 'error', attribute, value, [String(space), 'a;b,c\u0000d'], value.text.replaceAll(' ', ''), { start: value.span.start + space, end: value.span.start + space + 1 });
					}
					context.key('upn', value.text.toLowerCase(), attribute, value);
					context.record([value.text, context.entry.dn ?? '']);
				}
			}
		},
		valueHover: (attribute, value) => `UPN hover: ${value.text}`,
	}),
	message: (words) => `${words.attribute} "${words.value}" has a space at ${words.args[0]} (${words.args[1]})`,
	fixTitle: (_words, fixValue) => `Remove the spaces: ${fixValue}`,
	duplicates: { code: 'phone.invalid', message: (words) => `${words.attribute} is also on ${words.others} other object(s)` },
};

const families = [upnFamily];
const linter = createLinter({ families });
const text = 'DN,userPrincipalName,mobile\n"CN=a,DC=x",ann lee@contoso.com,+1 4255550100\n"CN=b,DC=x",Bo@contoso.com,\n"CN=c,DC=x",bo@CONTOSO.com,\n';

test('a family reports through the context: sub-span findings, whole-value fixes, worded by the family', () => {
	const resolved = settings();
	const findings = linter.validate(linter.read(text, 'csv', resolved), resolved)!;
	const [space] = findings;
	assert.equal(text.slice(space.span.start, space.span.end), ' ');
	assert.equal(space.message, 'userPrincipalName "ann lee@contoso.com" has a space at 3 (a;b,c\u0000d)');
	assert.equal(space.fix?.title, 'Remove the spaces: annlee@contoso.com');
	assert.equal(applyEdits(text, linter.fixAllEdits(findings)).split('\n')[1], '"CN=a,DC=x",annlee@contoso.com,+1 4255550100');
	// The real phone family is not in this linter: the mobile value is not judged.
	assert.ok(findings.every((finding) => finding.attribute === 'userPrincipalName'));
	// A family that is off reports nothing.
	const off = settings({ rules: { phone: false } });
	assert.deepEqual(linter.validate(linter.read(text, 'csv', off), off), []);
});

test('validate judges a document\'s own keys: every holder of a value two objects hold, with the others as related places', () => {
	const resolved = settings();
	const findings = linter.validate(linter.read(text, 'csv', resolved), resolved)!.filter((finding) => finding.code === 'phone.invalid');
	assert.deepEqual(findings.map((finding) => text.slice(finding.span.start, finding.span.end)), ['Bo@contoso.com', 'bo@CONTOSO.com']);
	assert.equal(findings[0].message, 'userPrincipalName is also on 1 other object(s)');
	assert.deepEqual(findings[0].related?.map((place) => text.slice(place.span.start, place.span.end)), ['bo@CONTOSO.com']);
	assert.equal(findings[0].fix, undefined, 'a duplicate has no fix');
	// The duplicate step is off with dirlint.duplicates.scope off, and with the duplicate code off.
	for (const overrides of [{ duplicates: { scope: 'off' } }, { severity: { 'phone.invalid': 'off' } }]) {
		const quiet = settings(overrides);
		assert.ok(linter.validate(linter.read(text, 'csv', quiet), quiet)!.every((finding) => finding.code !== 'phone.invalid'), JSON.stringify(overrides));
	}
});

test('the same value twice on one object is not a duplicate; two objects without a DN are two objects', () => {
	const resolved = settings();
	const sameDn = 'DN,userPrincipalName\n"CN=a,DC=x",a@x.com\n"cn=A,dc=x",A@x.com\n';
	assert.deepEqual(linter.validate(linter.read(sameDn, 'csv', resolved), resolved), []);
	const noDn = 'userPrincipalName\na@x.com\nA@x.com\n';
	assert.equal(linter.validate(linter.read(noDn, 'csv', resolved), resolved)!.length, 2);
});

test('without a DN, the sAMAccountName tells objects apart: one account twice is itself, two accounts are two', () => {
	const resolved = settings();
	const sameAccount = 'sAMAccountName,userPrincipalName\nann,ann@x.com\nANN,ann@x.com\n';
	assert.deepEqual(linter.validate(linter.read(sameAccount, 'csv', resolved), resolved), []);
	const twoAccounts = 'sAMAccountName,userPrincipalName\nann,ann@x.com\nbo,ann@x.com\n';
	assert.equal(linter.validate(linter.read(twoAccounts, 'csv', resolved), resolved)!.length, 2);
	const dnFirst = 'DN,sAMAccountName,userPrincipalName\n"CN=a,DC=x",ann,ann@x.com\n"CN=b,DC=x",ann,ann@x.com\n';
	assert.equal(linter.validate(linter.read(dnFirst, 'csv', resolved), resolved)!.length, 2, 'a DN says which object first');
});

test('a piece packs the family\'s findings, keys and records, and unpacked they are the engine\'s own', () => {
	const resolved = settings();
	const { bodyStart } = pieceLayout(text, 'csv', 'auto');
	const piece = text.slice(bodyStart);
	const result = lintPiece(linter, piece, text.slice(0, bodyStart), 'csv', resolved, true);
	const check = linter.check(linter.read(text, 'csv', resolved), resolved, undefined, true)!;
	assert.equal(result.findings.count, check.findings.length);
	const spelled = documentFinding(unpackFinding(result.findings, 0), piece, bodyStart);
	assert.deepEqual(spelled.args, ['3', 'a;b,c\u0000d']);
	assert.equal(spelled.value, 'ann lee@contoso.com');
	assert.deepEqual(spelled.fix, { start: check.findings[0].fix!.edit.span.start, end: check.findings[0].fix!.edit.span.end, newText: 'annlee@contoso.com', value: 'annlee@contoso.com' });
	assert.equal(result.keys.count, 3);
	const key = unpackKey(result.keys, 1, piece);
	assert.deepEqual({ ...key, start: key.start + bodyStart, end: key.end + bodyStart }, {
		namespace: 'phone:upn', key: 'bo@contoso.com', attribute: 'userPrincipalName', start: text.indexOf('Bo@'), end: text.indexOf('Bo@') + 14, entity: 'cn=b,dc=x', entry: 1, hash: key.hash,
	});
	assert.equal(key.hash, keyHash('phone:upn', 'bo@contoso.com'));
	// A key that is its value as written is read from the piece's text, not kept twice.
	assert.equal(unpackKey(result.keys, 2, piece).key, 'bo@contoso.com');
	assert.deepEqual(unpackRecord(result.records, 2), { family: 'phone', start: text.indexOf('"CN=c') - bodyStart, fields: ['bo@CONTOSO.com', 'CN=c,DC=x'] });
});

test('judgeDocumentKeys leaves namespaces apart and lists at most 20 related places', () => {
	const keys = Array.from({ length: 30 }, (_, entry) => ({ namespace: 'phone:upn', key: 'same', attribute: 'userPrincipalName', value: 'same', span: { start: entry * 10, end: entry * 10 + 4 }, entity: '', entry }));
	keys.push({ ...keys[0], namespace: 'phone:other', entry: 99 });
	const findings = judgeDocumentKeys(keys, settings(), families);
	assert.equal(findings.length, 30);
	assert.equal(findings[0].related?.length, 20);
	assert.equal(findings[0].message, 'userPrincipalName is also on 29 other object(s)');
});

test('value hovers come from the families that judge the attribute', () => {
	const resolved = settings();
	const document = linter.read(text, 'csv', resolved);
	assert.equal(linter.hover(document, text.indexOf('ann lee'), resolved)?.markdown, 'UPN hover: ann lee@contoso.com');
	assert.equal(linter.hover(document, text.indexOf('+1 425'), resolved), undefined, 'no family of this linter judges mobile');
	const both = createLinter({ families: [phoneFamily, upnFamily] });
	assert.match(both.hover(both.read(text, 'csv', resolved), text.indexOf('+1 425'), resolved)!.markdown, /^\*\*mobile\*\*/);
});
