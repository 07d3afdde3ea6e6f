/** The LDIF reader through the linter: exact ranges, fixes written back, and every malformed case. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readLdif } from '../../server/src/engine/readers/ldifReader';
import type { Finding } from '../../server/src/engine/linter';
import * as harness from './engineHarness';
import { fixture, linter, settings, summary, underlined } from './engineHarness';

// How the reader reads phone values: the phone family's findings. The readiness family's
// phone.not-mobile (the London landlines in mobile below) and the identity family's sync.blank (users
// without a displayName) are tested on their own (readinessFamily.test.ts, syncFamily.test.ts).
const phoneOnly = (options: Record<string, unknown>) => ({ rules: { readiness: false, sync: false }, ...options });
const lint = (text: string, format: 'csv' | 'ldif' = 'csv', options: Record<string, unknown> = {}) => harness.lint(text, format, phoneOnly(options));
const fixAll = (text: string, format: 'csv' | 'ldif' = 'csv', options: Record<string, unknown> = {}) => harness.fixAll(text, format, phoneOnly(options));

const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');

/** A record for user `name` with the given lines, LF line endings. */
function record(name: string, ...lines: string[]): string {
	return [`dn: CN=${name},OU=Users,DC=contoso,DC=com`, ...lines].join('\n') + '\n';
}

function fixesOf(findings: Finding[]): string[] {
	return findings.map((finding) => finding.fix?.edit.newText ?? '');
}

/** Asserts that fix-all leaves nothing fixable behind. */
function assertFixedClean(text: string, options: Record<string, unknown> = {}): string {
	const fixed = fixAll(text, 'ldif', options);
	assert.deepEqual(lint(fixed, 'ldif', options).filter((finding) => finding.fix).map((finding) => finding.code), []);
	return fixed;
}

describe('LDIF reader: plain values', () => {
	it('accepts a correct number', () => {
		assert.deepEqual(lint(record('Adele', 'mobile: +1 4255551234'), 'ldif'), []);
	});

	it('underlines a misformatted value and fixes it in place', () => {
		const text = record('Adele', 'cn: Adele', 'mobile: +1 (425) 555-1234', 'c: US');
		const findings = lint(text, 'ldif');
		assert.deepEqual(summary(text, findings), ['phone.format@+1 (425) 555-1234']);
		assert.equal(findings[0].severity, 'error');
		assert.equal(findings[0].attribute, 'mobile');
		assert.equal(findings[0].span.start, text.indexOf('+1 ('));
		assert.equal(fixAll(text, 'ldif'), record('Adele', 'cn: Adele', 'mobile: +1 4255551234', 'c: US'));
	});

	it('reports and fixes an extension', () => {
		const text = record('Adele', 'telephoneNumber: +1 425 555 1234 x12');
		const findings = lint(text, 'ldif');
		assert.deepEqual(summary(text, findings), ['phone.extension@+1 425 555 1234 x12']);
		assert.deepEqual(fixesOf(findings), ['+1 4255551234']);
	});

	it('reads a national number in the entry region, the setting, or not at all', () => {
		const bare = record('Megan', 'mobile: 020 7946 0958');
		assert.deepEqual(summary(bare, lint(bare, 'ldif')), ['phone.missing-country-code@020 7946 0958']);
		assert.deepEqual(fixesOf(lint(bare, 'ldif')), ['']);
		assert.deepEqual(fixesOf(lint(bare, 'ldif', { defaultRegion: 'GB' })), ['+44 2079460958']);
		assert.equal(fixAll(bare, 'ldif', { defaultRegion: 'GB' }), record('Megan', 'mobile: +44 2079460958'));
		const withC = record('Megan', 'mobile: 020 7946 0958', 'c: GB');
		assert.deepEqual(fixesOf(lint(withC, 'ldif')), ['+44 2079460958']);
	});

	it('takes the value after any number of spaces, and an empty value as empty', () => {
		const text = record('Adele', 'mobile:    +1 (425) 555-1234', 'telephoneNumber:');
		const document = readLdif(text);
		const [mobile, office] = document.entries[0].attributes;
		assert.equal(mobile.values[0].text, '+1 (425) 555-1234');
		assert.equal(mobile.values[0].span.start, text.indexOf('+1'));
		assert.deepEqual(office.values[0].span, { start: text.length - 1, end: text.length - 1 });
		assert.equal(office.values[0].text, '');
	});

	it('gives SSPR attributes errors and alternate phones warnings, in document order', () => {
		const text = record('Alex',
			'otherMobile: +1 (425) 555-0100',
			'telephoneNumber: +1 (425) 555-0101',
			'otherTelephone: +1 (425) 555-0102',
			'mobile: +1 (425) 555-0103',
			'otherMobile: +1 (425) 555-0104',
			'otherTelephone: +1 425 555 0105 x9');
		const findings = lint(text, 'ldif');
		assert.deepEqual(findings.map((finding) => `${finding.attribute}:${finding.severity}:${underlined(text, finding)}`), [
			'otherMobile:warning:+1 (425) 555-0100',
			'telephoneNumber:error:+1 (425) 555-0101',
			'otherTelephone:warning:+1 (425) 555-0102',
			'mobile:error:+1 (425) 555-0103',
			'otherMobile:warning:+1 (425) 555-0104',
			'otherTelephone:warning:+1 425 555 0105 x9',
		]);
		const attributes = readLdif(text).entries[0].attributes;
		assert.deepEqual(attributes.map((attribute) => `${attribute.name}:${attribute.values.length}`),
			['otherMobile:1', 'telephoneNumber:1', 'otherTelephone:1', 'mobile:1', 'otherMobile:1', 'otherTelephone:1']);
		assertFixedClean(text);
	});

	it('puts the values of a multi-valued attribute written in a row into one attribute', () => {
		const text = record('Alex', 'otherMobile: +1 4255550100', 'description: Sales', 'otherMobile: +1 (425) 555-0101', 'otherMobile: +1 4255550102');
		const attributes = readLdif(text).entries[0].attributes;
		assert.equal(attributes.length, 1);
		assert.deepEqual(attributes[0].values.map((value) => value.text), ['+1 4255550100', '+1 (425) 555-0101', '+1 4255550102']);
		assert.deepEqual(summary(text, lint(text, 'ldif')), ['phone.format@+1 (425) 555-0101']);
	});

	it('keeps attribute options and still knows the attribute', () => {
		const text = record('Adele', 'telephoneNumber;lang-en: +1 (425) 555-1234', 'telephoneNumber: +1 4255551234');
		const findings = lint(text, 'ldif');
		assert.deepEqual(summary(text, findings), ['phone.format@+1 (425) 555-1234']);
		assert.equal(findings[0].attribute, 'telephoneNumber');
		const document = readLdif(text);
		assert.deepEqual(document.names.map((name) => text.slice(name.span.start, name.span.end)), ['telephoneNumber;lang-en', 'telephoneNumber']);
		assert.deepEqual(document.entries[0].attributes.map((attribute) => attribute.name), ['telephoneNumber;lang-en', 'telephoneNumber']);
		const hover = linter.hover(document, text.indexOf('lang-en'), settings());
		assert.deepEqual(hover?.span, document.names[0].span);
	});

	it('leaves attributes outside the catalogue out of the model', () => {
		const text = record('Adele', 'title: Sales lead', 'description: call +1 (425) 555-1234', 'mobile: +1 4255551234');
		const document = readLdif(text);
		assert.deepEqual(document.entries[0].attributes.map((attribute) => attribute.name), ['mobile']);
		assert.deepEqual(document.names.map((name) => name.info.ldapName), ['mobile']);
	});
});

describe('LDIF reader: folded lines', () => {
	const text = [
		'dn: CN=Alex Wilber,OU=Users,DC=contoso,DC=com',
		'description: a long',
		'  description',
		'telephoneNumber: +1 (425)',
		'  555-1234',
		'mail: AlexW@contoso.com',
		'',
	].join('\n');

	it('underlines the value across the fold and reads it joined', () => {
		const findings = lint(text, 'ldif');
		assert.deepEqual(summary(text, findings), ['phone.format@+1 (425)\n  555-1234']);
		assert.equal(readLdif(text).entries[0].attributes[0].values[0].text, '+1 (425) 555-1234');
	});

	it('writes the fix on one line and leaves the neighbours byte for byte', () => {
		assert.equal(fixAll(text, 'ldif'), [
			'dn: CN=Alex Wilber,OU=Users,DC=contoso,DC=com',
			'description: a long',
			'  description',
			'telephoneNumber: +1 4255551234',
			'mail: AlexW@contoso.com',
			'',
		].join('\n'));
		assertFixedClean(text);
	});

	it('joins a folded attribute name and a folded DN', () => {
		const folded = 'dn: CN=Alex Wilber,OU=Us\n ers,DC=contoso,DC=com\ntelephone\n Number: +1 (425) 555-1234\n';
		const document = readLdif(folded);
		const entry = document.entries[0];
		assert.equal(entry.dn, 'CN=Alex Wilber,OU=Users,DC=contoso,DC=com');
		assert.equal(folded.slice(entry.dnSpan!.start, entry.dnSpan!.end), 'CN=Alex Wilber,OU=Us\n ers,DC=contoso,DC=com');
		assert.equal(entry.attributes[0].name, 'telephoneNumber');
		assert.deepEqual(summary(folded, lint(folded, 'ldif')), ['phone.format@+1 (425) 555-1234']);
	});

	it('folds comments too', () => {
		const commented = '# a comment that goes on\n mobile: +1 (425) 555-1234\n' + record('Adele', 'mobile: +1 4255551234');
		assert.deepEqual(lint(commented, 'ldif'), []);
	});
});

describe('LDIF reader: base64 values', () => {
	const dn = 'CN=Zoë Müller,OU=Users,DC=contoso,DC=com';
	const text = [
		`dn:: ${b64(dn)}`,
		`displayName:: ${b64('Zoë Müller')}`,
		`mobile:: ${b64('+44 7911 123456')}`,
		`sn:: ${b64('Müller')}`,
		'',
	].join('\n');

	it('decodes the DN and the value as UTF-8 and underlines the base64 text', () => {
		const document = readLdif(text);
		assert.equal(document.entries[0].dn, dn);
		const value = document.entries[0].attributes.find((attribute) => attribute.name === 'mobile')!.values[0];
		assert.equal(value.text, '+44 7911 123456');
		assert.equal(value.encoding, 'base64');
		assert.equal(text.slice(value.span.start, value.span.end), b64('+44 7911 123456'));
		assert.equal(text.slice(value.editSpan.start, value.editSpan.end), `:: ${b64('+44 7911 123456')}`);
		assert.deepEqual(summary(text, lint(text, 'ldif')), [`phone.format@${b64('+44 7911 123456')}`]);
	});

	it('writes the fixed number as a plain value and leaves the non-ASCII neighbours alone', () => {
		assert.equal(fixAll(text, 'ldif'), [
			`dn:: ${b64(dn)}`,
			`displayName:: ${b64('Zoë Müller')}`,
			'mobile: +44 7911123456',
			`sn:: ${b64('Müller')}`,
			'',
		].join('\n'));
		assertFixedClean(text);
	});

	it('reads a folded base64 value and replaces all of it', () => {
		const encoded = b64('+1 (425) 555-1234');
		const folded = record('Adele', `mobile:: ${encoded.slice(0, 10)}`, ` ${encoded.slice(10)}`, 'c: US');
		const value = readLdif(folded).entries[0].attributes[0].values[0];
		assert.equal(value.text, '+1 (425) 555-1234');
		assert.equal(fixAll(folded, 'ldif'), record('Adele', 'mobile: +1 4255551234', 'c: US'));
	});
});

describe('LDIF reader: line endings, BOM and version', () => {
	it('keeps CRLF line endings and never underlines a CR', () => {
		const text = 'version: 1\r\n\r\ndn: CN=Adele,DC=contoso,DC=com\r\nmobile: +1 (425) 555-1234\r\ntelephoneNumber: +1 (425)\r\n  555-1235\r\nc: US\r\n';
		assert.deepEqual(summary(text, lint(text, 'ldif')), ['phone.format@+1 (425) 555-1234', 'phone.format@+1 (425)\r\n  555-1235']);
		assert.equal(fixAll(text, 'ldif'),
			'version: 1\r\n\r\ndn: CN=Adele,DC=contoso,DC=com\r\nmobile: +1 4255551234\r\ntelephoneNumber: +1 4255551235\r\nc: US\r\n');
	});

	it('skips a BOM and keeps offsets in the text', () => {
		const text = '\ufeff' + record('Adele', 'mobile: +1 (425) 555-1234');
		const document = readLdif(text);
		assert.equal(document.entries[0].span.start, 1);
		assert.deepEqual(summary(text, lint(text, 'ldif')), ['phone.format@+1 (425) 555-1234']);
	});

	it('accepts version 1 and reports any other version', () => {
		assert.deepEqual(readLdif('version: 1\n' + record('Adele')).problems, []);
		const text = 'version: 2\n\n' + record('Adele', 'mobile: +1 (425) 555-1234');
		assert.deepEqual(summary(text, lint(text, 'ldif')), ['ldif.parse@2', 'phone.format@+1 (425) 555-1234']);
	});

	it('reads any LDIF file as an export, so problems before the first dn are reported too', () => {
		assert.equal(readLdif(record('Adele')).recognized, true);
		assert.equal(readLdif(record('Adele')).format, 'ldif');
		assert.deepEqual(readLdif('').problems, []);
		const text = 'no colon on this line\n';
		assert.deepEqual(summary(text, lint(text, 'ldif')).map((item) => item.split('@')[0]), ['ldif.parse']);
	});

	it('spans an entry from its dn line to the end of its last line, across blank lines', () => {
		const first = record('Adele', 'mobile: +1 4255551234');
		const text = '\n\n' + first + '\n\n\n' + record('Alex', 'cn: Alex');
		const entries = readLdif(text).entries;
		assert.deepEqual(entries.map((entry) => text.slice(entry.span.start, entry.span.end)), [first.trimEnd(), record('Alex', 'cn: Alex').trimEnd()]);
	});
});

describe('LDIF reader: change records', () => {
	const text = [
		'dn: CN=Adele Vance,OU=Users,DC=contoso,DC=com',
		'changetype: modify',
		'replace: mobile',
		'mobile: +1 (425) 555-0100',
		'-',
		'add: otherTelephone',
		'otherTelephone: +1 (425) 555-0101',
		'-',
		'delete: telephoneNumber',
		'telephoneNumber: +1 (425) 555-0102',
		'-',
		'delete: pager',
		'-',
		'',
		'dn: CN=Lee Gu,OU=Users,DC=contoso,DC=com',
		'changetype: delete',
		'',
		'dn: CN=Megan Bowen,OU=Users,DC=contoso,DC=com',
		'changetype: modrdn',
		'newrdn: CN=Megan Bowen-Smith',
		'deleteoldrdn: 1',
		'newsuperior: OU=Leavers,DC=contoso,DC=com',
		'',
		'dn: CN=Isaiah Langer,OU=Users,DC=contoso,DC=com',
		'changetype: add',
		'objectClass: user',
		'mobile: +1 (425) 555-0103',
		'',
	].join('\n');

	it('checks values being added or replaced, never values being deleted', () => {
		const findings = lint(text, 'ldif');
		assert.deepEqual(summary(text, findings), [
			'phone.format@+1 (425) 555-0100',
			'phone.format@+1 (425) 555-0101',
			'phone.format@+1 (425) 555-0103',
		]);
		const telephone = readLdif(text).entries[0].attributes.find((attribute) => attribute.name === 'telephoneNumber')!;
		assert.equal(telephone.values[0].checked, false);
		assert.equal(telephone.values[0].text, '+1 (425) 555-0102');
		assertFixedClean(text);
	});

	it('makes every record an entry and names the attributes of block headers', () => {
		const document = readLdif(text);
		assert.deepEqual(document.entries.map((entry) => entry.dn?.split(',')[0]), ['CN=Adele Vance', 'CN=Lee Gu', 'CN=Megan Bowen', 'CN=Isaiah Langer']);
		assert.deepEqual(document.entries.map((entry) => entry.attributes.length), [3, 0, 0, 2]);
		const names = document.names.map((name) => `${text.slice(name.span.start, name.span.end)}@${text.lastIndexOf('\n', name.span.start) + 1 === name.span.start ? 'line' : 'value'}`);
		assert.deepEqual(names, [
			'mobile@value', 'mobile@line',
			'otherTelephone@value', 'otherTelephone@line',
			'telephoneNumber@value', 'telephoneNumber@line',
			'pager@value',
			'objectClass@line', 'mobile@line',
		]);
		assert.deepEqual(document.problems, []);
	});

	it('reads the IdFix layout with a cn: line before changetype:', () => {
		const idfix = [
			'dn: CN=Megan Bowen,OU=Users,DC=contoso,DC=com',
			'cn: Megan Bowen',
			'changetype: modify',
			'replace: mobile',
			'mobile: +44 7911 123456',
			'-',
			'',
			'dn: CN=Alex Wilber,OU=Users,DC=contoso,DC=com',
			'cn: Alex Wilber',
			'changetype: modify',
			'delete: mobile',
			'mobile: +44 7911 123456',
			'-',
			'',
		].join('\r\n');
		assert.deepEqual(summary(idfix, lint(idfix, 'ldif')), ['phone.format@+44 7911 123456']);
		assert.equal(lint(idfix, 'ldif')[0].span.start, idfix.indexOf('+44'));
		assert.deepEqual(readLdif(idfix).problems, []);
		assert.equal(fixAll(idfix, 'ldif'), idfix.replace('mobile: +44 7911 123456', 'mobile: +44 7911123456'));
	});
});

describe('LDIF reader: URL values', () => {
	it('keeps a catalogue URL value unchecked and says so', () => {
		const text = record('Adele', 'mobile:< file:///C:/phones/adele.txt', 'jpegPhoto:< file:///C:/photos/adele.jpg', 'telephoneNumber: +1 (425) 555-1234');
		const findings = lint(text, 'ldif');
		assert.deepEqual(summary(text, findings), ['ldif.unchecked@file:///C:/phones/adele.txt', 'phone.format@+1 (425) 555-1234']);
		assert.equal(findings[0].severity, 'information');
		assert.match(findings[0].message, /URL/);
		const value = readLdif(text).entries[0].attributes[0].values[0];
		assert.deepEqual({ text: value.text, checked: value.checked }, { text: 'file:///C:/phones/adele.txt', checked: false });
	});

	it('says nothing about a URL value being deleted', () => {
		const text = record('Adele', 'changetype: modify', 'delete: mobile', 'mobile:< file:///C:/phones/adele.txt', '-');
		assert.deepEqual(lint(text, 'ldif'), []);
	});
});

describe('LDIF reader: malformed input', () => {
	const good = record('Lee', 'mobile: +1 (425) 555-1299');
	/** The same as a change record, to follow change records without mixing kinds. */
	const goodChange = record('Lee', 'changetype: add', 'mobile: +1 (425) 555-1299');
	const goodFinding = 'phone.format@+1 (425) 555-1299';

	function assertReported(text: string, expected: string[]): void {
		assert.deepEqual(summary(text, lint(text, 'ldif')), expected);
	}

	it('reports a character outside the base64 alphabet', () => {
		const text = record('Alex', 'mobile:: KzEg!DI1NTU1MTIzNA==', 'telephoneNumber: +1 (425) 555-1234') + '\n' + good;
		assertReported(text, ['ldif.parse@!', 'phone.format@+1 (425) 555-1234', goodFinding]);
		assert.equal(readLdif(text).entries[0].attributes.find((attribute) => attribute.name === 'mobile'), undefined);
	});

	it('reports base64 of the wrong length and padding inside base64', () => {
		const short = b64('+1 4255551234').slice(0, -1);
		assertReported(record('Alex', `mobile:: ${short}`) + '\n' + good, [`ldif.parse@${short}`, goodFinding]);
		assertReported(record('Alex', 'mobile:: KzE=IDQy') + '\n' + good, ['ldif.parse@=', goodFinding]);
		assertReported(record('Alex', 'mobile:: KzE====') + '\n' + good, ['ldif.parse@KzE====', goodFinding]);
		assertReported(record('Alex', 'jpegPhoto:: /9j/4AAQ#') + '\n' + good, ['ldif.parse@#', goodFinding]);
	});

	it('reports a line without a colon and reads the rest of the record', () => {
		const text = record('Alex', 'mobile +1 4255551234', 'telephoneNumber: +1 (425) 555-1234');
		assertReported(text, ['ldif.parse@mobile +1 4255551234', 'phone.format@+1 (425) 555-1234']);
	});

	it('reports a continuation with no line to continue', () => {
		assertReported(' stray\n\n' + good, ['ldif.parse@ stray', goodFinding]);
		assertReported(record('Alex', 'cn: Alex') + '\n stray\n folded on\n\n' + good, ['ldif.parse@ stray', goodFinding]);
		// A line of spaces between records is harmless.
		assertReported(record('Alex', 'cn: Alex') + '\n   \n' + good, [goodFinding]);
	});

	it('reports a record that does not start with dn: and skips it', () => {
		const text = 'cn: Nobody\nmobile: 12\n\n' + good;
		assertReported(text, ['ldif.parse@cn: Nobody', goodFinding]);
		assert.equal(readLdif(text).entries.length, 1);
	});

	it('reads search references and ldapsearch\'s result trailer silently, as no entry', () => {
		// As ldbsearch writes a subtree search of a domain, and ldapsearch without -LLL.
		const referral = '# Referral\nref: ldap://contoso.test/CN=Configuration,DC=contoso,DC=test\n';
		const trailer = '# search result\nsearch: 2\nresult: 0 Success\n\n# numResponses: 2\n';
		const text = '# record 1\n' + good + '\n' + referral + '\n# returned 2 records\n\n' + trailer;
		assertReported(text, [goodFinding]);
		assert.deepEqual(readLdif(text).entries.map((entry) => entry.dn), ['CN=Lee,OU=Users,DC=contoso,DC=com']);
		// A reference before the first entry, and an ldapsearch `# search reference` with two URLs.
		const first = '# search reference\nref: ldap://a.contoso.test/DC=a\nref: ldap://b.contoso.test/DC=b\n\n' + good;
		assertReported(first, [goodFinding]);
		assert.equal(readLdif(first).entries.length, 1);
	});

	it('reports a dn: line that starts a record without a blank line', () => {
		const text = record('Alex', 'mobile: +1 4255551234').trimEnd() + '\n' + good;
		assertReported(text, ['ldif.parse@dn: CN=Lee,OU=Users,DC=contoso,DC=com', goodFinding]);
		const entries = readLdif(text).entries;
		assert.equal(entries.length, 2);
		assert.equal(text.slice(entries[0].span.start, entries[0].span.end), record('Alex', 'mobile: +1 4255551234').trimEnd());
	});

	it('reports the first record of the rarer kind when content and change records mix, once', () => {
		const change = (name: string) => record(name, 'changetype: modify', 'replace: mobile', 'mobile: +1 (425) 555-1234', '-');
		const content = (name: string) => record(name, 'mobile: +1 (425) 555-1235');
		const mostlyChanges = [change('A'), content('B'), change('C'), content('D'), change('E')].join('\n');
		const findings = lint(mostlyChanges, 'ldif');
		assert.deepEqual(findings.filter((finding) => finding.code === 'ldif.parse').map((finding) => underlined(mostlyChanges, finding)),
			['dn: CN=B,OU=Users,DC=contoso,DC=com']);
		assert.equal(findings.filter((finding) => finding.code === 'phone.format').length, 5);
		const mostlyContent = [content('A'), change('B'), content('C')].join('\n');
		assert.deepEqual(summary(mostlyContent, lint(mostlyContent, 'ldif')).filter((entry) => entry.startsWith('ldif')),
			['ldif.parse@dn: CN=B,OU=Users,DC=contoso,DC=com']);
		// On a tie, the record that breaks the kind the file started with.
		const tie = [change('A'), content('B')].join('\n');
		assert.deepEqual(summary(tie, lint(tie, 'ldif')).filter((entry) => entry.startsWith('ldif')),
			['ldif.parse@dn: CN=B,OU=Users,DC=contoso,DC=com']);
	});

	it('reports a "-" line outside a modify block', () => {
		assertReported(record('Alex', 'mobile: +1 4255551234', '-') + '\n' + good, ['ldif.parse@-', goodFinding]);
		assertReported(record('Alex', 'changetype: modify', 'replace: mobile', 'mobile: +1 4255551234', '-', '-') + '\n' + goodChange, ['ldif.parse@-', goodFinding]);
	});

	it('reports an unknown changetype and skips that record', () => {
		assertReported(record('Alex', 'changetype: update', 'mobile: +1 (425) 555-1234') + '\n' + goodChange, ['ldif.parse@update', goodFinding]);
	});

	it('reports a modify line that is not add:, replace: or delete:', () => {
		assertReported(record('Alex', 'changetype: modify', 'mobile: +1 (425) 555-1234') + '\n' + goodChange, ['ldif.parse@mobile', goodFinding]);
	});

	it('reports a line for another attribute inside a modify block, and reads a block started without "-"', () => {
		const text = record('Alex', 'changetype: modify',
			'replace: mobile', 'mobile: +1 (425) 555-1234', 'telephoneNumber: +1 (425) 555-1235',
			'add: otherMobile', 'otherMobile: +1 (425) 555-1236', '-') + '\n' + goodChange;
		assertReported(text, [
			'phone.format@+1 (425) 555-1234',
			'ldif.parse@telephoneNumber',
			'ldif.parse@add',
			'phone.format@+1 (425) 555-1236',
			goodFinding,
		]);
	});

	it('lints the rest of broken.ldf', () => {
		const text = fixture('broken.ldf');
		assert.deepEqual(summary(text, lint(text, 'ldif')), [
			'ldif.parse@ exported from the old HR system',
			'ldif.parse@KzEgNDI1NTU1MDEyMw=',
			'ldif.parse@telephone number +1 425 555 0123',
			'phone.format@+1 (425) 555-0123',
			'ldif.parse@!',
			'phone.extension@425.555.0123 ext. 7',
			'ldif.parse@dn: CN=Megan Bowen,OU=London,OU=Users,DC=contoso,DC=com',
			'phone.format@+44 20 7946 0958',
			'phone.missing-country-code@020 7946 0958',
		]);
		assertFixedClean(text);
	});
});

describe('LDIF fixtures', () => {
	it('ldifde-users.ldf: every phone code, CRLF kept after fix-all', () => {
		const text = fixture('ldifde-users.ldf');
		assert.ok(!/[^\r]\n/.test(text), 'the fixture is CRLF throughout');
		const findings = lint(text, 'ldif');
		assert.deepEqual(findings.map((finding) => `${finding.code}:${finding.severity}@${underlined(text, finding)}`), [
			'phone.format:error@+49 (0)30 901820',
			`phone.format:error@${b64('+49 151 23456789')}`,
			'phone.extension:error@+1 425 555 0123 x123',
			'phone.missing-country-code:error@(425) 555-0123',
			'phone.format:warning@+1-212-555-0199',
			'phone.missing-country-code:error@020 7946 0958',
			'phone.format:error@+44 7911 123456',
			'phone.invalid:warning@n/a',
			'phone.missing-country-code:error@030 901820',
			'phone.invalid:error@TBD',
			'phone.format:error@+33 1 23 45 67 89',
			'phone.missing-country-code:error@06.12.34.56.78',
			'phone.format:warning@+1 (416) 555-0134',
		]);
		const fixed = assertFixedClean(text);
		assert.ok(!/[^\r]\n/.test(fixed), 'fix-all keeps CRLF');
		assert.ok(fixed.includes('\r\nmobile: +49 15123456789\r\n'));
		assert.deepEqual(summary(fixed, lint(fixed, 'ldif')), ['phone.invalid@n/a', 'phone.missing-country-code@030 901820', 'phone.invalid@TBD']);
	});

	it('ldifde-users.ldf: one symbol per entry, named by its decoded DN', () => {
		const text = fixture('ldifde-users.ldf');
		const document = readLdif(text);
		const symbols = linter.symbols(document);
		assert.equal(symbols.length, 8);
		assert.equal(symbols[1].name, 'CN=Zoë Müller,OU=Users,DC=contoso,DC=com');
		assert.equal(symbols[5].name, 'CN=François Dubois,OU=Ventes et Marketing,OU=Bureau de Paris,OU=Europe,OU=Users,DC=contoso,DC=com');
		symbols.forEach((symbol, index) => {
			const entry = document.entries[index];
			assert.deepEqual(symbol.selectionSpan, entry.dnSpan);
			assert.deepEqual(symbol.span, entry.span);
			assert.ok(text.startsWith('dn:', symbol.span.start));
		});
		// The folded base64 DN: its span covers both lines.
		assert.match(text.slice(symbols[5].selectionSpan.start, symbols[5].selectionSpan.end), /^Q049RnJhbs[^\r]*\r\n [^\r]*=$/);
		assert.deepEqual(document.problems, []);
	});

	it('names the symbol of an empty DN (the root DSE)', () => {
		const text = 'dn:\nobjectClass: top\n\n' + record('Adele');
		const symbols = linter.symbols(readLdif(text));
		assert.deepEqual(symbols.map((symbol) => symbol.name), ['(root DSE)', 'CN=Adele,OU=Users,DC=contoso,DC=com']);
		assert.deepEqual(symbols[0].selectionSpan, { start: 3, end: 3 });
		assert.deepEqual(symbols[0].span, { start: 0, end: 'dn:\nobjectClass: top'.length });
	});

	it('changes.ldf: modify, delete, modrdn and add records', () => {
		const text = fixture('changes.ldf');
		assert.deepEqual(summary(text, lint(text, 'ldif')), [
			'phone.format@+1 (206) 555-0147',
			'phone.extension@+1 212-555-0199 ext 12',
			'phone.format@+14255550123',
		]);
		assert.equal(linter.symbols(readLdif(text)).length, 5);
		assertFixedClean(text);
	});

	it('idfix-export.ldf: the IdFix layout', () => {
		const text = fixture('idfix-export.ldf');
		assert.deepEqual(summary(text, lint(text, 'ldif')), ['phone.format@+44 7911 123456']);
		assert.deepEqual(readLdif(text).problems, []);
		const fixed = assertFixedClean(text);
		assert.equal(fixed, text.replace('mobile: +44 7911 123456', 'mobile: +44 7911123456'));
	});
});

describe('LDIF reader: size', () => {
	it('reads 100,000 records in one pass', () => {
		const one = [
			'dn: CN=User {0},OU=Users,DC=contoso,DC=com', 'changetype: add', 'objectClass: user', 'cn: User {0}',
			`displayName:: ${b64('Zoë Müller')}`, 'mail: user{0}@contoso.com', 'telephoneNumber: +1 4255550123',
			'mobile: +1 (206) 555-0147', 'c: US', '', '',
		].join('\r\n');
		const parts: string[] = [];
		for (let i = 0; i < 100_000; i++) parts.push(one.replaceAll('{0}', String(i)));
		const text = parts.join('');
		const started = performance.now();
		const document = readLdif(text);
		const elapsed = performance.now() - started;
		assert.equal(document.entries.length, 100_000);
		assert.equal(document.names.length, 700_000);
		// Generous: 0.3 to 1.5 s here; the bound only catches accidental quadratic work.
		assert.ok(elapsed < 10_000, `took ${Math.round(elapsed)} ms`);
	});
});
