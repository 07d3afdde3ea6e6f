import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixAll, fixture, lint, linter, settings, summary, underlined } from './engineHarness';

const header = 'DN,telephoneNumber,mobile,c\n';

test('a CSV without catalogue columns gets nothing', () => {
	assert.deepEqual(lint('name,phone\nBob,4255550100\n'), []);
});

test('column names match case-insensitively, LDAP and Get-ADUser names alike', () => {
	const text = 'TELEPHONENUMBER,mobilephone\n+1 (425) 555-0100,+1 425 555 0101\n';
	assert.deepEqual(summary(text, lint(text)), ['phone.format@+1 (425) 555-0100', 'phone.format@+1 425 555 0101']);
});

test('a quoted field is underlined inside its quotes, and the fix keeps the quotes', () => {
	const text = '"DN","mobile"\r\n"CN=a","+1 (425) 555-0100"\r\n';
	const [finding] = lint(text);
	assert.equal(underlined(text, finding), '+1 (425) 555-0100');
	assert.equal(finding.span.start, text.indexOf('+1 ('));
	assert.equal(fixAll(text), '"DN","mobile"\r\n"CN=a","+1 4255550100"\r\n');
});

test('the #TYPE line of Windows PowerShell is skipped', () => {
	const text = '#TYPE Selected.Microsoft.ActiveDirectory.Management.ADUser\r\n"Name","MobilePhone"\r\n"Bob","+1-425-555-0100"\r\n';
	assert.deepEqual(summary(text, lint(text)), ['phone.format@+1-425-555-0100']);
	assert.equal(fixAll(text), text.replace('+1-425-555-0100', '+1 4255550100'));
});

test('a UTF-8 BOM stays and offsets count it', () => {
	const text = '\ufeffDN;mobile\r\nCN=a;+44 20 7946 0958\r\n';
	const [finding] = lint(text);
	assert.equal(underlined(text, finding), '+44 20 7946 0958');
	assert.equal(fixAll(text), '\ufeffDN;mobile\r\nCN=a;+44 2079460958\r\n');
});

test('the delimiter is detected from the header: comma, semicolon, tab', () => {
	for (const delimiter of [',', ';', '\t']) {
		const text = `DN${delimiter}cn${delimiter}mobile\nCN=a${delimiter}A${delimiter}+1 425 555 0100\n`;
		assert.deepEqual(summary(text, lint(text)), ['phone.format@+1 425 555 0100'], JSON.stringify(delimiter));
	}
});

test('a forced delimiter wins over detection', () => {
	// Detection sees one comma and one semicolon and picks the comma: no catalogue column.
	const text = 'x,y;mobile\na,b;+1 425 555 0100\n';
	assert.deepEqual(lint(text), []);
	assert.deepEqual(summary(text, lint(text, 'csv', { csv: { delimiter: ';' } })), ['phone.format@+1 425 555 0100']);
});

test('doubled quotes, delimiters and line breaks inside quoted fields keep later cells in place', () => {
	const text = 'DN,description,mobile\n"CN=a","says ""hi"", then\nleaves",+1 425 555 0100\n';
	const findings = lint(text);
	assert.deepEqual(summary(text, findings), ['phone.format@+1 425 555 0100']);
	assert.equal(fixAll(text), 'DN,description,mobile\n"CN=a","says ""hi"", then\nleaves",+1 4255550100\n');
});

test('CRLF and LF files both keep their line endings after fixes', () => {
	for (const eol of ['\n', '\r\n']) {
		const text = `${header.trimEnd()}${eol}CN=a,020 7946 0958,07911 123456,GB${eol}`;
		assert.equal(fixAll(text), `${header.trimEnd()}${eol}CN=a,+44 2079460958,+44 7911123456,GB${eol}`);
	}
});

test('a file without a final line break is read to its end', () => {
	const text = 'mobile\n+1 425 555 0100';
	assert.equal(fixAll(text), 'mobile\n+1 4255550100');
});

test('csvde multi-valued cells are checked and fixed value by value', () => {
	const text = 'DN,otherTelephone\n"CN=a","+1 425 555 0100;+1 4255550101;+1 (425) 555-0102"\n';
	const findings = lint(text);
	assert.deepEqual(summary(text, findings), ['phone.format@+1 425 555 0100', 'phone.format@+1 (425) 555-0102']);
	assert.ok(findings.every((finding) => finding.severity === 'warning'));
	assert.equal(fixAll(text), 'DN,otherTelephone\n"CN=a","+1 4255550100;+1 4255550101;+1 4255550102"\n');
});

test('a single-valued attribute is not split at semicolons', () => {
	const text = 'mobile\n"+1 4255550100;+1 4255550101"\n';
	assert.deepEqual(summary(text, lint(text)), ['phone.invalid@+1 4255550100;+1 4255550101']);
});

test('rows with the wrong number of fields are reported and their cells not checked', () => {
	const text = `${header}CN=a,+1 425 555 0100\nCN=b,+1 425 555 0100,x,US,extra\nCN=c,+1 425 555 0101,,US\n`;
	const findings = lint(text);
	assert.deepEqual(summary(text, findings), [
		'csv.parse@CN=a,+1 425 555 0100',
		'csv.parse@CN=b,+1 425 555 0100,x,US,extra',
		'phone.format@+1 425 555 0101',
	]);
	assert.match(findings[0].message, /2 fields but the header has 4/);
});

test('an unclosed quote is reported at the quote and the following rows are still checked', () => {
	const text = fixture('broken.csv');
	const findings = lint(text);
	const unclosed = findings.find((finding) => finding.message.includes('not closed'));
	assert.ok(unclosed);
	assert.equal(underlined(text, unclosed), '"+1 4255550123,+1 4255550145,US');
	assert.ok(summary(text, findings).includes('phone.format@+1-425-555-0100'));
});

test('an unclosed quote on the last line is reported', () => {
	const text = 'DN,mobile\nCN=a,+1 425 555 0100\nCN=b,"+1 425\n';
	assert.deepEqual(summary(text, lint(text)), ['phone.format@+1 425 555 0100', 'csv.parse@"+1 425']);
});

test('the row\'s c, countryCode and co columns give the region, before dirlint.defaultRegion', () => {
	const text = 'mobile,c,countryCode,co\n07911 123456,GB,,\n0151 23456789,,276,\n06 12 34 56 78,,,France\n(425) 555-0100,,,\n';
	assert.equal(fixAll(text, 'csv', { defaultRegion: 'US' }),
		'mobile,c,countryCode,co\n+44 7911123456,GB,,\n+49 15123456789,,276,\n+33 612345678,,,France\n+1 4255550100,,,\n');
});

test('without any region a national number is reported with no fix', () => {
	const text = 'mobile\n07911 123456\n';
	const [finding] = lint(text);
	assert.equal(finding.code, 'phone.missing-country-code');
	assert.equal(finding.fix, undefined);
	assert.match(finding.message, /dirlint\.defaultRegion/);
});

test('every fixture: fix-all followed by a fresh lint leaves nothing fixable, and only fixed values change', () => {
	for (const name of ['csvde-users.csv', 'ps51-users.csv', 'ps7-users.csv', 'excel-semicolon.csv', 'broken.csv']) {
		const text = fixture(name);
		const fixed = fixAll(text);
		assert.notEqual(fixed, text, name);
		assert.deepEqual(lint(fixed).filter((finding) => finding.fix), [], name);
		const findings = lint(text);
		const edits = linter.fixAllEdits(findings);
		// Outside the edited spans the text is identical.
		let expected = '';
		let last = 0;
		for (const edit of edits) {
			expected += text.slice(last, edit.span.start) + edit.newText;
			last = edit.span.end;
		}
		assert.equal(fixed, expected + text.slice(last), name);
	}
});

test('the csvde fixture gives the expected findings', () => {
	const text = fixture('csvde-users.csv');
	const findings = lint(text);
	assert.deepEqual(summary(text, findings), [
		'phone.format@+1 (425) 555-0100',
		'phone.missing-country-code@425-555-0199',
		'phone.format@+1 425 555 0111',
		'phone.format@+1 425 555 0112',
		'phone.format@+39 06 4567 8901',
		'phone.format@+39 345 678 9012',
		'phone.extension@+44 20 7946 0958 x2210',
		'phone.missing-country-code@07911 123456',
		'phone.format@+49 30 901820',
		'phone.format@+49 (0)151 23456789',
		'phone.format@+49 170 1234567',
		'phone.missing-country-code@0170 7654321',
		'phone.invalid@n/a',
		'phone.format@+33 6 12 34 56 78',
		'phone.extension@+1 425 555 0188 ext. 42',
	]);
	assert.deepEqual(findings.map((finding) => finding.severity), [
		'error', 'error', 'warning', 'warning', 'error', 'error', 'error', 'error', 'error', 'error', 'warning', 'warning', 'error', 'error', 'error',
	]);
	assert.equal(settings().defaultRegion, '');
});

test('a quote "closed" by the next row\'s opening quote is reported on its own line, and that row is read alone', () => {
	// csv-parse's relax_quotes would read the two lines as one record, quotes kept as text.
	const text = 'DN\tmobile\tc\nCN=a\t+1 425 555 0100\tUS\n"broken\tx\n"CN=b"\t+1 (425) 555-0101\tUS\nCN=c\t4255550102\tUS\n';
	assert.deepEqual(summary(text, lint(text)), [
		'phone.format@+1 425 555 0100',
		'csv.parse@"broken\tx',
		'phone.format@+1 (425) 555-0101',
		'phone.missing-country-code@4255550102',
	]);
});
