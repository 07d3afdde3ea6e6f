/**
 * The readiness family through the seam: one record per entry (the readiness the report shows),
 * and phone.not-mobile beside a value's format problem.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readinessOf } from '../../server/src/engine/rules/readiness';
import { lint, linter, settings, summary } from './engineHarness';

const text = [
	'DN,userPrincipalName,mobile,telephoneNumber,c',
	'"CN=Ann,DC=x",ann@contoso.com,+44 20 7946 0958,+44 2079460959,GB',
	'"CN=Bo,DC=x",bo@contoso.com,07911 123456,,GB',
	'"CN=Cy,DC=x",,+1 4255550100,,US',
	'"CN=Dee,DC=x",dee@contoso.com,n/a,+1 (425) 555-0101,US',
	'',
].join('\n');

test('phone.not-mobile: a fixed-line number in mobile, reported beside its format problem', () => {
	const findings = lint(text);
	assert.deepEqual(summary(text, findings).filter((entry) => /phone\.(format|not-mobile)@\+44 20/.test(entry)), ['phone.format@+44 20 7946 0958', 'phone.not-mobile@+44 20 7946 0958']);
	const notMobile = findings.find((finding) => finding.code === 'phone.not-mobile')!;
	assert.equal(notMobile.severity, 'warning');
	assert.equal(notMobile.fix, undefined);
	assert.equal(notMobile.message, 'mobile is a fixed-line number (+44 2079460958): it cannot receive the text messages SSPR and MFA send. Register a mobile number for the user, or move this one to telephoneNumber.');
	// US numbers may be either: not flagged.
	assert.ok(!summary(text, findings).includes('phone.not-mobile@+1 4255550100'));
	assert.deepEqual(lint(text, 'csv', { rules: { readiness: false } }).filter((finding) => finding.code === 'phone.not-mobile'), []);
});

test('one readiness record per entry, placed where the entry starts', () => {
	const resolved = settings();
	const check = linter.check(linter.read(text, 'csv', resolved), resolved, undefined, true)!;
	assert.deepEqual(linter.check(linter.read(text, 'csv', resolved), resolved)!.records, [], 'records are made only when asked for');
	const users = check.records.filter((record) => record.family === 'readiness').map((record) => readinessOf(record.fields, 'users.csv', text.slice(0, record.start).split('\n').length));
	assert.deepEqual(users.map((user) => [user.line, user.upn, user.mobile, user.office, user.state]), [
		[2, 'ann@contoso.com', 'not-mobile', 'ready', 'ready'],
		[3, 'bo@contoso.com', 'fixable', 'absent', 'fixable'],
		[4, undefined, 'ready', 'absent', 'not-targetable'],
		[5, 'dee@contoso.com', 'invalid', 'fixable', 'fixable'],
	]);
	assert.equal(users[1].mobileNumber, '+44 7911123456');
	assert.equal(users[0].dn, 'CN=Ann,DC=x');
	assert.equal(users[0].registered, null);
});
