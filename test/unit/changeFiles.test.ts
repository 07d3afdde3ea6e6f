/** AD change files: the fixes of an export and the differences between two, written as LDIF and PowerShell data. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { changeFileBetween, changeFileForFixes, ChangeFileOptions, powershellScript } from '../../server/src/engine/changes/changeFiles';
import { distinctValues, notWrittenReason } from '../../server/src/engine/changes/changeModel';
import { describeChangeSummary } from '../../server/src/engine/changes/changeSummary';
import { commentText, ldifLine, needsBase64 } from '../../server/src/engine/changes/ldifChangeWriter';
import { dataColumns } from '../../server/src/engine/changes/powershellChangeWriter';
import { fixture, lint, settings } from './engineHarness';

const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');

function options(overrides: Partial<ChangeFileOptions> = {}): ChangeFileOptions {
	return { format: 'ldif', eol: 'lf', version: true, names: { export: 'users.ldf', after: 'after.ldf', changes: 'fixes.ldf', undo: 'fixes.undo.ldf' }, ...overrides };
}

const header = [
	'version: 1',
	'# Written by dirlint changes: the fixes dirlint can make in users.ldf.',
	'# Review it, then apply it with: ldifde -i -k -f fixes.ldf',
	'',
].join('\n');
const undoHeader = [
	'version: 1',
	'# Written by dirlint changes: the undo of fixes.ldf (the fixes dirlint can make in users.ldf); it puts back the values as they were.',
	'# Review it, then apply it with: ldifde -i -k -f fixes.undo.ldf',
	'',
].join('\n');

/** An LDIF content record, LF line endings. */
function record(dn: string, ...lines: string[]): string {
	return [`dn: ${dn}`, ...lines].join('\n') + '\n';
}

/** The same with the DN base64 (`dn::`), as ldifde writes a non-ASCII one. */
function base64Record(dn: string, ...lines: string[]): string {
	return [`dn:: ${b64(dn)}`, ...lines].join('\n') + '\n';
}

/** A modify record as the writer writes it (LF). */
function modify(dn: string, ...blocks: string[][]): string {
	return [dn.startsWith('dn') ? dn : `dn: ${dn}`, 'changetype: modify', ...blocks.flatMap((block) => [...block, '-'])].join('\n') + '\n\n';
}

describe('change files of an export\'s fixes', () => {
	it('replaces each fixed attribute with its whole set, fixed, and the undo with the values as they are', () => {
		const text = [
			record('CN=Ann Lee,OU=Staff,DC=contoso,DC=test', 'mobile: (425) 555-0100', 'otherMobile: +1 4255550101',
				`otherMobile:: ${b64('+1 (425) 555-0102')}`, 'telephoneNumber: +1 4255550103', 'c: US'),
			record('CN=Bo Li,OU=Staff,DC=contoso,DC=test', 'telephoneNumber: +1 4255550104', 'c: US'),
		].join('\n');
		const files = changeFileForFixes(text, 'ldif', settings(), options());
		assert.equal(files.changes, header + '\n' + modify('CN=Ann Lee,OU=Staff,DC=contoso,DC=test',
			['replace: mobile', 'mobile: +1 4255550100'],
			['replace: otherMobile', 'otherMobile: +1 4255550101', 'otherMobile: +1 4255550102']));
		assert.equal(files.undo, undoHeader + '\n' + modify('CN=Ann Lee,OU=Staff,DC=contoso,DC=test',
			['replace: mobile', 'mobile: (425) 555-0100'],
			['replace: otherMobile', 'otherMobile: +1 4255550101', 'otherMobile: +1 (425) 555-0102']));
		assert.equal(files.script, undefined);
		assert.equal(files.summary.entries, 1);
		assert.equal(files.summary.values, 2);
		assert.deepEqual(files.summary.attributes, [
			{ attribute: 'mobile', entries: 1, values: 1, duplicatesDropped: 0 },
			{ attribute: 'otherMobile', entries: 1, values: 1, duplicatesDropped: 0 },
		]);
	});

	it('writes a fixed set with duplicates dropped, in first-seen order, and counts them', () => {
		const text = record('CN=Ann,DC=x', 'otherMobile: 425.555.0199', 'otherMobile: +1 2065550147', 'otherMobile: +1 (425) 555-0199', 'c: US');
		const files = changeFileForFixes(text, 'ldif', settings(), options());
		assert.equal(files.changes, header + '\n' + modify('CN=Ann,DC=x', ['replace: otherMobile', 'otherMobile: +1 4255550199', 'otherMobile: +1 2065550147']));
		assert.equal(files.undo, undoHeader + '\n' + modify('CN=Ann,DC=x',
			['replace: otherMobile', 'otherMobile: 425.555.0199', 'otherMobile: +1 2065550147', 'otherMobile: +1 (425) 555-0199']));
		assert.equal(files.summary.duplicatesDropped, 1);
		assert.deepEqual(describeChangeSummary(files.summary, { before: 'users.ldf' }), [
			'Entries that change: 1. Values changed: 2.',
			'  Attribute    Entries  Values changed  Duplicates dropped',
			'  otherMobile        1               2                   1',
			'Duplicate values dropped: 1. Two values of one attribute were the same once fixed, and Active Directory refuses a value given twice.',
		]);
	});

	it('gathers an attribute\'s values from anywhere in the record', () => {
		const text = record('CN=Ann,DC=x', 'otherMobile: +1 4255550101', 'c: US', 'otherMobile: (425) 555-0102');
		assert.equal(changeFileForFixes(text, 'ldif', settings(), options()).changes,
			header + '\n' + modify('CN=Ann,DC=x', ['replace: otherMobile', 'otherMobile: +1 4255550101', 'otherMobile: +1 4255550102']));
	});

	it('writes the DN as the export spelled it: base64 decoded, re-encoded only where RFC 2849 requires', () => {
		const nfd = 'CN=Zoe\u0308 Mu\u0308ller,OU=Staff,DC=contoso,DC=test';
		const raw = 'CN=Zoë Müller,OU=Staff,DC=contoso,DC=test';
		const text = [
			base64Record(nfd, 'mobile: +14255550100'),
			record(raw, 'mobile: +14255550101'),
			record('CN=\\#Lee\\+Kim  Jr\\ ,OU=Staff,DC=contoso,DC=test', 'mobile: +14255550102'),
			record('CN=O\'Brien\\, Pat,OU=Staff,DC=contoso,DC=test', 'mobile: +14255550103'),
		].join('\n');
		const changes = changeFileForFixes(text, 'ldif', settings(), options()).changes;
		assert.equal(changes, header + '\n' +
			modify(`dn:: ${b64(nfd)}`, ['replace: mobile', 'mobile: +1 4255550100']) +
			modify(`dn:: ${b64(raw)}`, ['replace: mobile', 'mobile: +1 4255550101']) +
			modify('CN=\\#Lee\\+Kim  Jr\\ ,OU=Staff,DC=contoso,DC=test', ['replace: mobile', 'mobile: +1 4255550102']) +
			modify('CN=O\'Brien\\, Pat,OU=Staff,DC=contoso,DC=test', ['replace: mobile', 'mobile: +1 4255550103']));
		assert.notEqual(b64(nfd), b64(raw));
	});

	it('reads csvde (DN, multiple values joined with ;) and Get-ADUser (DistinguishedName) exports', () => {
		const csvde = 'DN,mobile,otherTelephone,c\r\n"CN=Ann,DC=x","(425) 555-0100","425 555 0101;+1 4255550101",US\r\n';
		assert.equal(changeFileForFixes(csvde, 'csv', settings(), options()).changes, header + '\n' + modify('CN=Ann,DC=x',
			['replace: mobile', 'mobile: +1 4255550100'], ['replace: otherTelephone', 'otherTelephone: +1 4255550101']));
		const powershell = '"DistinguishedName","MobilePhone","OfficePhone"\r\n"CN=Bo,DC=x","+1-425-555-0100","+1 4255550101"\r\n';
		assert.equal(changeFileForFixes(powershell, 'csv', settings(), options()).changes,
			header + '\n' + modify('CN=Bo,DC=x', ['replace: mobile', 'mobile: +1 4255550100']));
	});

	it('reports an entry with a fix but no DN with its line, and writes no record for it', () => {
		const text = 'Name,MobilePhone\r\nAnn,+1 4255550100\r\nBo,+1-425-555-0101\r\n';
		const files = changeFileForFixes(text, 'csv', settings(), options());
		assert.equal(files.changes, header + '\n');
		assert.deepEqual(files.summary.skippedEntries, [{ reason: 'no-dn', line: 3 }]);
		assert.deepEqual(describeChangeSummary(files.summary, { before: 'users.csv' }), [
			'Entries that change: 0. Values changed: 0.',
			'Line 3: this entry has no DN, so the directory cannot be told which entry to change; it is skipped.',
		]);
	});

	it('applies only the fixes fix-all applies, with the severities the settings give', () => {
		const text = record('CN=Ann,DC=x', 'mobile: +1 (425) 555-0100', 'telephoneNumber: +1 425 555 0101 x12', 'homePhone: +1 (425) 555-0102');
		const all = changeFileForFixes(text, 'ldif', settings({ checkAllPhoneAttributes: true }), options());
		assert.deepEqual(all.summary.attributes.map((tally) => tally.attribute), ['mobile', 'telephoneNumber', 'homePhone']);
		const some = changeFileForFixes(text, 'ldif', settings({ severity: { 'phone.format': 'off' } }), options());
		assert.equal(some.changes, header + '\n' + modify('CN=Ann,DC=x', ['replace: telephoneNumber', 'telephoneNumber: +1 4255550101']));
	});

	it('skips change records (ldifde\'s changetype: add exports are entries) and values it cannot read whole', () => {
		const text = [
			record('CN=Ann,DC=x', 'changetype: add', 'objectClass: user', 'mobile: +14255550100'),
			record('CN=Bo,DC=x', 'changetype: modify', 'replace: mobile', 'mobile: +14255550101', '-'),
			record('CN=Cy,DC=x', 'otherMobile: +14255550102', 'otherMobile:< file:///tmp/phone.txt'),
		].join('\n');
		const files = changeFileForFixes(text, 'ldif', settings(), options());
		assert.equal(files.changes, header + '\n' + modify('CN=Ann,DC=x', ['replace: mobile', 'mobile: +1 4255550100']));
		assert.deepEqual(files.summary.skippedEntries, [{ reason: 'change-record', line: 6, dn: 'CN=Bo,DC=x' }]);
		assert.deepEqual(files.summary.skippedAttributes, [{ attribute: 'otherMobile', reason: 'url', entries: 1, firstLine: 12 }]);
	});

	it('writes CRLF and leaves out version: 1 when asked', () => {
		const text = record('CN=Ann,DC=x', 'mobile: +14255550100');
		const files = changeFileForFixes(text, 'ldif', settings(), options({ eol: 'crlf', version: false }));
		assert.equal(files.changes, [
			'# Written by dirlint changes: the fixes dirlint can make in users.ldf.',
			'# Review it, then apply it with: ldbmodify -H /var/lib/samba/private/sam.ldb fixes.ldf (on the domain controller)',
			'',
			'dn: CN=Ann,DC=x',
			'changetype: modify',
			'replace: mobile',
			'mobile: +1 4255550100',
			'-',
			'',
			'',
		].join('\r\n'));
	});

	it('reads a large export piece by piece: every entry, and lines counted across pieces', () => {
		const users = Array.from({ length: 4000 }, (_, index) => `"CN=User ${index},DC=x","+1 (425) 555-${String(index % 10000).padStart(4, '0')}",US`);
		users[2500] = `,"+1 (206) 555-0100",US`;
		const text = `DN,mobile,c\n${users.join('\n')}\n`;
		assert.ok(text.length > 2 * 65536);
		const files = changeFileForFixes(text, 'csv', settings(), options());
		assert.equal(files.summary.entries, 3999);
		assert.equal(files.changes.split('\ndn: ').length - 1, 3999);
		assert.deepEqual(files.summary.skippedEntries, [{ reason: 'no-dn', line: 2502 }]);
		assert.ok(files.changes.includes(modify('CN=User 3999,DC=x', ['replace: mobile', 'mobile: +1 4255553999'])));
	});

	it('turns every fixture into a change file that names no more than the fixes', () => {
		const ldifde = changeFileForFixes(fixture('ldifde-users.ldf'), 'ldif', settings(), options());
		assert.equal(ldifde.summary.entries, 5);
		assert.ok(ldifde.changes.includes(modify('CN=Nestor Wilke,OU=Toronto,OU=Users,DC=contoso,DC=com', ['replace: otherMobile', 'otherMobile: +1 4165550134'])));
		const csvde = changeFileForFixes(fixture('csvde-users.csv'), 'csv', settings(), options());
		assert.equal(csvde.summary.entries, 6);
		// Windows PowerShell's export has no DistinguishedName column: every entry with a fix is unaddressable.
		const ps51 = changeFileForFixes(fixture('ps51-users.csv'), 'csv', settings(), options());
		assert.equal(ps51.summary.entries, 0);
		assert.equal(ps51.summary.skippedEntryCounts['no-dn'], 4);
	});

	it('writes the new value a finding carries, not its encoding in the export (a base64 LDIF value is fixed as `: plain`)', () => {
		const text = `dn: CN=a,DC=x\nmobile:: ${b64('+1 (425) 555-0100')}\n`;
		const [finding] = lint(text, 'ldif');
		assert.equal(finding.fix?.edit.newText, ': +1 4255550100');
		assert.equal(finding.fix?.value, '+1 4255550100');
		assert.match(changeFileForFixes(text, 'ldif', settings(), options()).changes, /\nreplace: mobile\r?\nmobile: \+1 4255550100\r?\n-/);
	});
});

describe('change files between two exports', () => {
	const before = [
		record('CN=Ann,DC=x', 'mobile: +1 4255550100', 'otherMobile: +1 4255550101', 'otherMobile: +1 4255550102', 'telephoneNumber: +1 4255550103', 'mail: ann@x.test'),
		record('CN=Bo,DC=x', 'mobile: +1 4255550110', 'pager: +1 4255550111', 'telephoneNumber: +1 4255550114'),
		record('CN=Gone,DC=x', 'mobile: +1 4255550120', 'otherTelephone: +1 4255550121'),
	].join('\n');
	const after = [
		record('CN=New,DC=x', 'mobile: +1 4255550130'),
		record('CN=Bo,DC=x', 'mobile: +1 4255550110', 'pager: +1 4255550111', 'otherTelephone: +1 4255550112', 'otherTelephone: +1 4255550112', 'homePhone: +1 4255550113',
			'telephoneNumber: +1 4255550114'),
		record('CN=Ann,DC=x', 'mobile: +1 4255550109', 'otherMobile: +1 4255550102', 'otherMobile: +1 4255550101', 'mail: ann@x.test', 'otherTelephone: +1 4255550104'),
	].join('\n');
	const betweenOptions = options({ names: { export: 'before.ldf', after: 'after.ldf', changes: 'between.ldf', undo: 'between.undo.ldf' } });

	it('replaces changed values, deletes emptied ones, adds multi-valued and replaces single-valued that appeared', () => {
		const files = changeFileBetween(before, after, { before: 'ldif', after: 'ldif' }, settings(), betweenOptions);
		const head = (what: string, file: string) => `version: 1\n# Written by dirlint changes: ${what}.\n# Review it, then apply it with: ldifde -i -k -f ${file}\n\n`;
		assert.equal(files.changes, head('the differences from before.ldf to after.ldf', 'between.ldf') +
			modify('CN=Bo,DC=x', ['add: otherTelephone', 'otherTelephone: +1 4255550112']) +
			modify('CN=Ann,DC=x', ['replace: mobile', 'mobile: +1 4255550109'], ['replace: otherMobile', 'otherMobile: +1 4255550102', 'otherMobile: +1 4255550101'],
				['add: otherTelephone', 'otherTelephone: +1 4255550104'], ['delete: telephoneNumber']));
		assert.equal(files.undo, head('the undo of between.ldf (the differences from before.ldf to after.ldf); it puts back the values as they were', 'between.undo.ldf') +
			modify('CN=Bo,DC=x', ['delete: otherTelephone']) +
			modify('CN=Ann,DC=x', ['replace: mobile', 'mobile: +1 4255550100'], ['replace: otherMobile', 'otherMobile: +1 4255550101', 'otherMobile: +1 4255550102'],
				['delete: otherTelephone'], ['replace: telephoneNumber', 'telephoneNumber: +1 4255550103']));
		assert.deepEqual(describeChangeSummary(files.summary, { before: 'before.ldf', after: 'after.ldf' }), [
			'Entries that change: 2. Values changed: 5.',
			'  Attribute        Entries  Values changed  Duplicates dropped',
			'  otherTelephone         2               2                   1',
			'  mobile                 1               2                   0',
			'  otherMobile            1               0                   0',
			'  telephoneNumber        1               1                   0',
			'Duplicate values dropped: 1. Two values of one attribute were the same once fixed, and Active Directory refuses a value given twice.',
			'homePhone is in only one of the two files, so it is not compared.',
			'before.ldf line 13: CN=Gone,DC=x is not in after.ldf; it is skipped (dirlint never deletes an entry).',
			'after.ldf line 1: CN=New,DC=x is not in before.ldf; it is skipped (dirlint never creates an entry).',
		]);
	});

	it('a single-valued attribute that appears is replaced, not added', () => {
		const bo = record('CN=Bo,DC=x', 'mobile: +1 4255550110');
		const files = changeFileBetween([record('CN=Ann,DC=x', 'c: US'), bo].join('\n'), [record('CN=Ann,DC=x', 'mobile: +1 4255550100', 'c: US'), bo].join('\n'),
			{ before: 'ldif', after: 'ldif' }, settings(), betweenOptions);
		assert.ok(files.changes.endsWith(modify('CN=Ann,DC=x', ['replace: mobile', 'mobile: +1 4255550100'])));
		assert.ok(files.undo.endsWith(modify('CN=Ann,DC=x', ['delete: mobile'])));
	});

	it('compares only attributes both files hold: one left out of an export (or in no record of it) deletes nothing', () => {
		const ann = record('CN=Ann,DC=x', 'mobile: +1 4255550100', 'telephoneNumber: +1 4255550101');
		const files = changeFileBetween(ann, record('CN=Ann,DC=x', 'mobile: +1 4255550109'), { before: 'ldif', after: 'ldif' }, settings(), betweenOptions);
		assert.ok(files.changes.endsWith(modify('CN=Ann,DC=x', ['replace: mobile', 'mobile: +1 4255550109'])));
		assert.deepEqual(files.summary.notCompared, ['telephoneNumber']);
	});

	it('compares a CSV with an LDIF export, matching DNs exactly as spelled', () => {
		const csv = 'DN,mobile,otherMobile\n"CN=Ann,DC=x",+1 4255550109,+1 4255550102;+1 4255550101\n"cn=bo,dc=x",+1 4255550110,\n';
		const files = changeFileBetween(before, csv, { before: 'ldif', after: 'csv' }, settings(), betweenOptions);
		assert.ok(files.changes.endsWith('\n\n' + modify('CN=Ann,DC=x', ['replace: mobile', 'mobile: +1 4255550109'],
			['replace: otherMobile', 'otherMobile: +1 4255550102', 'otherMobile: +1 4255550101'])));
		// DNs are opaque: cn=bo,dc=x is not CN=Bo,DC=x to dirlint, whatever the directory thinks.
		assert.deepEqual(files.summary.skippedEntries.map((skipped) => `${skipped.reason} ${skipped.dn}`),
			['only-in-before CN=Bo,DC=x', 'only-in-before CN=Gone,DC=x', 'only-in-after cn=bo,dc=x']);
		// The CSV has no telephoneNumber or mail column: neither is compared, so neither is deleted.
		assert.deepEqual(files.summary.notCompared, ['telephoneNumber', 'mail', 'pager', 'otherTelephone']);
	});

	it('an emptied CSV cell is deleted; a CSV without DNs is unaddressable', () => {
		const files = changeFileBetween('DN,mobile\n"CN=Ann,DC=x",+1 4255550100\n', 'DN,mobile\n"CN=Ann,DC=x",\n', { before: 'csv', after: 'csv' }, settings(), betweenOptions);
		assert.ok(files.changes.endsWith(modify('CN=Ann,DC=x', ['delete: mobile'])));
		const undn = changeFileBetween('mobile\n+1 4255550100\n', 'mobile\n+1 4255550101\n', { before: 'csv', after: 'csv' }, settings(), betweenOptions);
		assert.deepEqual(undn.summary.skippedEntryCounts['no-dn'], 2);
	});

	it('does not write an attribute whose values the export does not hold whole', () => {
		const get = '"DistinguishedName","otherMobile"\n"CN=Ann,DC=x","Microsoft.ActiveDirectory.Management.ADPropertyValueCollection"\n';
		const files = changeFileBetween(get, get.replace('"Microsoft.ActiveDirectory.Management.ADPropertyValueCollection"', '+1 4255550100'),
			{ before: 'csv', after: 'csv' }, settings(), betweenOptions);
		assert.equal(files.summary.entries, 0);
		assert.deepEqual(files.summary.skippedAttributes, [{ attribute: 'otherMobile', reason: 'unexpanded', entries: 1, firstLine: 2 }]);
		const ranged = changeFileBetween(record('CN=Ann,DC=x', 'proxyAddresses;range=0-1499: smtp:a@x.test'), record('CN=Ann,DC=x', 'proxyAddresses;range=0-1499: smtp:b@x.test'),
			{ before: 'ldif', after: 'ldif' }, settings(), betweenOptions);
		assert.deepEqual(ranged.summary.skippedAttributes.map((skipped) => `${skipped.attribute} ${skipped.reason}`), ['proxyAddresses;range=0-1499 partial']);
	});

	it('matches entries whatever the order of the two files, waiting for the file that is behind', () => {
		const entries = Array.from({ length: 2000 }, (_, index) => record(`CN=User ${index},DC=x`, `mobile: +1 42555${String(index).padStart(5, '0')}`));
		const edited = entries.map((text, index) => (index % 500 === 7 ? text.replace('mobile: +1 42555', 'mobile: +1 20655') : text));
		const inOrder = changeFileBetween(entries.join('\n'), edited.join('\n'), { before: 'ldif', after: 'ldif' }, settings(), betweenOptions);
		const reversed = changeFileBetween(entries.join('\n'), [...edited].reverse().join('\n'), { before: 'ldif', after: 'ldif' }, settings(), betweenOptions);
		assert.equal(inOrder.summary.entries, 4);
		assert.equal(reversed.summary.entries, 4);
		const records = (text: string) => text.split('\n\n').filter((block) => block.startsWith('dn:')).sort();
		assert.deepEqual(records(reversed.changes), records(inOrder.changes));
		assert.deepEqual(reversed.summary.skippedEntries, []);
	});
});

describe('writing LDIF that real tools accept', () => {
	it('writes base64 where RFC 2849 requires it, and for any control character', () => {
		for (const unsafe of [' lead', 'trail ', ':colon', '<angle', 'new\nline', 'cr\rhere', 'nul\0', 'Zoë', '\ttab first', 'tab\tinside', 'del\x7f', '\u{1F600}']) {
			assert.ok(needsBase64(unsafe), JSON.stringify(unsafe));
			assert.equal(ldifLine('cn', unsafe), `cn:: ${b64(unsafe)}`);
		}
		for (const safe of ['+1 4255550100', 'a:b', 'a<b', 'in side', '#hash', '-']) {
			assert.ok(!needsBase64(safe), safe);
			assert.equal(ldifLine('cn', safe), `cn: ${safe}`);
		}
	});

	it('keeps header comments ASCII and on one line', () => {
		assert.equal(commentText('from Zoë\nfile 100%.csv'), 'from Zo%C3%AB%0Afile 100%25.csv');
		const files = changeFileForFixes(record('CN=Ann,DC=x', 'mobile: +14255550100'), 'ldif', settings(),
			options({ names: { export: 'users\n\ndn: CN=Evil,DC=x.ldf', changes: 'a b.ldf', undo: 'a b.undo.ldf' } }));
		assert.equal(files.changes.split('\n').filter((row) => row.startsWith('dn:')).length, 1);
		assert.ok(files.changes.includes('# Written by dirlint changes: the fixes dirlint can make in users%0A%0Adn: CN=Evil,DC=x.ldf.\n'));
	});

	it('never writes what AD maintains or what renames an entry', () => {
		for (const name of ['cn', 'name', 'distinguishedName', 'dn']) assert.equal(notWrittenReason(name), 'rename', name);
		assert.equal(notWrittenReason('objectClass'), 'object-class');
		for (const name of ['whenChanged', 'whenCreated', 'uSNChanged', 'uSNCreated', 'objectGUID', 'objectSid', 'pwdLastSet', 'lastLogon',
			'lastLogonTimestamp', 'lastLogoff', 'badPwdCount', 'logonCount', 'dSCorePropagationData', 'WHENCHANGED']) {
			assert.equal(notWrittenReason(name), 'operational', name);
		}
		for (const name of ['mobile', 'otherMobile', 'displayName', 'proxyAddresses', 'sAMAccountName', 'mail']) assert.equal(notWrittenReason(name), undefined, name);
	});

	it('drops duplicates in first-seen order', () => {
		assert.deepEqual(distinctValues(['b', 'a', 'b', 'c', 'a']), { values: ['b', 'a', 'c'], dropped: 2 });
	});
});

/** The operations a PowerShell data CSV holds, read as Import-Csv would (csv-parse with headers). */
function dataOperations(csv: string): { dn: string; changes: { operation: string; attribute: string; values: string[] }[] }[] {
	const rows = parse(csv, { columns: true }) as Record<(typeof dataColumns)[number], string>[];
	const decode = (plain: string, base64: string) => (base64 ? Buffer.from(base64, 'base64').toString('utf8') : plain);
	const entries: { number: string; dn: string; changes: { operation: string; attribute: string; values: string[] }[] }[] = [];
	for (const row of rows) {
		let entry = entries[entries.length - 1];
		if (!entry || entry.number !== row.Entry) {
			entry = { number: row.Entry, dn: decode(row.DistinguishedName, row.DistinguishedNameBase64), changes: [] };
			entries.push(entry);
		}
		const last = entry.changes[entry.changes.length - 1];
		if (row.Operation === 'Clear') entry.changes.push({ operation: 'Clear', attribute: row.Attribute, values: [] });
		else if (last && last.operation === row.Operation && last.attribute === row.Attribute) last.values.push(decode(row.Value, row.ValueBase64));
		else entry.changes.push({ operation: row.Operation, attribute: row.Attribute, values: [decode(row.Value, row.ValueBase64)] });
	}
	return entries.map(({ dn, changes }) => ({ dn, changes }));
}

describe('the PowerShell form', () => {
	const hostile = 'CN=Zoë "Z" Müller\\, Jr,OU=Staff,DC=contoso,DC=test';
	const text = [
		record('CN=Ann Lee,OU=Staff,DC=contoso,DC=test', 'mobile: (425) 555-0100', 'otherMobile: 425.555.0199', 'otherMobile: +1 (425) 555-0199', 'c: US'),
		base64Record(hostile, 'telephoneNumber: +14255550101'),
	].join('\n');
	const powershell = () => changeFileForFixes(text, 'ldif', settings(), options({ format: 'powershell', eol: 'crlf' }));

	it('the data CSV round-trips through csv-parse to exactly the intended operations', () => {
		const files = powershell();
		assert.deepEqual(dataOperations(files.changes), [
			{ dn: 'CN=Ann Lee,OU=Staff,DC=contoso,DC=test', changes: [
				{ operation: 'Replace', attribute: 'mobile', values: ['+1 4255550100'] },
				{ operation: 'Replace', attribute: 'otherMobile', values: ['+1 4255550199'] },
			] },
			{ dn: hostile, changes: [{ operation: 'Replace', attribute: 'telephoneNumber', values: ['+1 4255550101'] }] },
		]);
		assert.deepEqual(dataOperations(files.undo), [
			{ dn: 'CN=Ann Lee,OU=Staff,DC=contoso,DC=test', changes: [
				{ operation: 'Replace', attribute: 'mobile', values: ['(425) 555-0100'] },
				{ operation: 'Replace', attribute: 'otherMobile', values: ['425.555.0199', '+1 (425) 555-0199'] },
			] },
			{ dn: hostile, changes: [{ operation: 'Replace', attribute: 'telephoneNumber', values: ['+14255550101'] }] },
		]);
		assert.equal(files.changes.split('\r\n')[0], '"Entry","DistinguishedName","DistinguishedNameBase64","Operation","Attribute","Value","ValueBase64"');
		assert.match(files.changes, /^[\x20-\x7e\r\n]*$/, 'ASCII only');
	});

	it('a cleared value is a Clear row', () => {
		const bo = record('CN=Bo,DC=x', 'mobile: +1 4255550110');
		const files = changeFileBetween([record('CN=Ann,DC=x', 'mobile: +1 4255550100', 'otherMobile: +1 4255550101'), bo].join('\n'),
			[record('CN=Ann,DC=x', 'otherMobile: +1 4255550102'), bo].join('\n'), { before: 'ldif', after: 'ldif' }, settings(), options({ format: 'powershell' }));
		assert.deepEqual(dataOperations(files.changes), [{ dn: 'CN=Ann,DC=x', changes: [
			{ operation: 'Replace', attribute: 'otherMobile', values: ['+1 4255550102'] },
			{ operation: 'Clear', attribute: 'mobile', values: [] },
		] }]);
		assert.deepEqual(dataOperations(files.undo), [{ dn: 'CN=Ann,DC=x', changes: [
			{ operation: 'Replace', attribute: 'otherMobile', values: ['+1 4255550101'] },
			{ operation: 'Replace', attribute: 'mobile', values: ['+1 4255550100'] },
		] }]);
	});

	it('the script is the same bytes for every export and holds none of its values', () => {
		const files = powershell();
		const other = changeFileForFixes(fixture('csvde-users.csv'), 'csv', settings(), options({ format: 'powershell' }));
		assert.equal(files.script, powershellScript);
		assert.equal(other.script, files.script);
		for (const operation of dataOperations(files.changes).concat(dataOperations(files.undo))) {
			assert.ok(!powershellScript.includes(operation.dn), operation.dn);
			for (const change of operation.changes) for (const value of change.values) assert.ok(!powershellScript.includes(value), value);
		}
		assert.ok(!/\+\d/.test(powershellScript), 'no phone number');
		assert.ok(!/CN=|DC=/.test(powershellScript), 'no DN');
	});

	it('the script supports -WhatIf, reads every column, and calls Set-ADUser with -Replace, -Add and -Clear', () => {
		assert.match(powershellScript, /^\[CmdletBinding\(SupportsShouldProcess = \$true\)\]\r$/m);
		assert.match(powershellScript, /\$PSCmdlet\.ShouldProcess\(\$entry\.Identity, \$action\)/);
		assert.match(powershellScript, /^\t\t\tSet-ADUser @parameters\r$/m);
		for (const parameter of ['Replace', 'Add', 'Clear']) assert.match(powershellScript, new RegExp(`\\$parameters\\.${parameter} = `));
		for (const column of dataColumns) assert.ok(powershellScript.includes(`$row.${column}`) || column === 'Entry' && powershellScript.includes('$row.Entry'), column);
		assert.match(powershellScript, /Import-Csv -LiteralPath \$DataPath -Encoding UTF8/);
		assert.match(powershellScript, /Write-Output "Changed /);
		assert.ok(!powershellScript.includes('\n') || powershellScript.split('\n').every((row, index, rows) => index === rows.length - 1 || row.endsWith('\r')), 'CRLF');
		assert.match(powershellScript, /^[\x09\x0d\x0a\x20-\x7e]*$/, 'ASCII only');
	});
});
