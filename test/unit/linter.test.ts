import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixAll, lint, linter, settings, summary } from './engineHarness';
import { escapeMarkdown } from '../../server/src/engine/markdown';
import { regionFromAlpha2 } from '../../server/src/engine/regions';
import { isSupportedCountry } from 'libphonenumber-js/max';

const phones = 'DN,mobile,telephoneNumber,otherMobile,homePhone,pager\nCN=a,+1 425 555 0100,+1 425 555 0101,+1 425 555 0102,+1 425 555 0103,+1 425 555 0104\n';

test('default severities: error on SSPR attributes, warning on alternates, others unchecked', () => {
	const findings = lint(phones);
	assert.deepEqual(findings.map((finding) => `${finding.attribute}:${finding.severity}`), ['mobile:error', 'telephoneNumber:error', 'otherMobile:warning']);
});

test('dirlint.checkAllPhoneAttributes adds the other synced phone attributes', () => {
	const findings = lint(phones, 'csv', { checkAllPhoneAttributes: true });
	assert.deepEqual(findings.map((finding) => `${finding.attribute}:${finding.severity}`),
		['mobile:error', 'telephoneNumber:error', 'otherMobile:warning', 'homePhone:information', 'pager:information']);
});

test('dirlint.severity overrides a code, and off removes it', () => {
	const text = 'mobile\n+1 425 555 0100\nn/a\n';
	assert.deepEqual(lint(text, 'csv', { severity: { 'phone.format': 'hint' } }).map((finding) => finding.severity), ['hint', 'error']);
	assert.deepEqual(summary(text, lint(text, 'csv', { severity: { 'phone.format': 'off' } })), ['phone.invalid@n/a']);
});

test('settings of the wrong type are ignored, not trusted', () => {
	const resolved = settings({ enable: 'yes', defaultRegion: 42, severity: { 'phone.format': 'loud', 'bogus.code': 'error' }, maxProblems: -3, csv: { delimiter: '|' } });
	assert.deepEqual(resolved, settings());
	assert.equal(settings({ defaultRegion: ' gb ' }).defaultRegion, 'GB');
});

test('an unknown default region is treated as none', () => {
	const [finding] = lint('mobile\n07911 123456\n', 'csv', { defaultRegion: 'XX' });
	assert.equal(finding.fix, undefined);
});

test('the per-file cap keeps the first problems and summarises the rest', () => {
	const rows = Array.from({ length: 12 }, (_, index) => `+1 425 555 01${String(index).padStart(2, '0')}`);
	const text = `mobile\n${rows.join('\n')}\n`;
	const resolved = settings({ maxProblems: 5 });
	const all = linter.validate(linter.read(text, 'csv', resolved), resolved)!;
	const shown = linter.limit(all, resolved);
	assert.equal(shown.length, 6);
	const last = shown[5];
	assert.equal(last.code, 'dirlint.too-many-problems');
	assert.match(last.message, /^7 more problems/);
	assert.match(last.message, /7 of them can be fixed/);
	// Fix-all still fixes every value, not just the shown ones.
	assert.equal(linter.fixAllEdits(all).length, 12);
});

test('validate stops when cancelled', () => {
	const text = `mobile\n${'+1 425 555 0100\n'.repeat(3000)}`;
	const resolved = settings();
	assert.equal(linter.validate(linter.read(text, 'csv', resolved), resolved, { isCancellationRequested: true }), undefined);
});

test('hover on a header cell shows the attribute card', () => {
	const text = 'DN,telephoneNumber,mobile,title\nCN=a,+1 425 555 0100,+1 4255550101,Sales\n';
	const resolved = settings();
	const document = linter.read(text, 'csv', resolved);
	const hover = linter.hover(document, text.indexOf('telephoneNumber') + 3, resolved)!;
	assert.equal(text.slice(hover.span.start, hover.span.end), 'telephoneNumber');
	assert.match(hover.markdown, /Microsoft Entra ID \(formerly Azure AD\): \*\*Office phone\*\*/);
	assert.match(hover.markdown, /businessPhones/);
	assert.match(hover.markdown, /New-MgUserAuthenticationPhoneMethod -UserId user@contoso\.com -PhoneType office -PhoneNumber "\+1 4255551234"/);
	assert.match(hover.markdown, /Update-MgUser/);
	assert.match(hover.markdown, /Set-MsolUser/);
	assert.match(hover.markdown, /Set-AzureADUser/);
	assert.match(linter.hover(document, text.indexOf('DN'), resolved)!.markdown, /onPremisesDistinguishedName/);
	assert.equal(linter.hover(document, text.indexOf('title'), resolved), undefined);
});

test('hover on a phone value shows the parsed number, the SSPR form and the problem', () => {
	const text = 'DN,mobile\nCN=a,+44 7911 123456\n';
	const resolved = settings();
	const document = linter.read(text, 'csv', resolved);
	const hover = linter.hover(document, text.indexOf('7911'), resolved)!;
	assert.equal(text.slice(hover.span.start, hover.span.end), '+44 7911 123456');
	assert.match(hover.markdown, /Country: GG \(\+44\)/);
	assert.match(hover.markdown, /Number type: mobile/);
	assert.match(hover.markdown, /As a phone authentication method: \+44 7911123456 \(mobile\)/);
	assert.match(hover.markdown, /Problem:/);
});

test('text from the file cannot become a link, HTML or a command in a hover', () => {
	const text = 'mobile\n"[click](command:workbench.action.quit) <img src=x> https://evil.example"\n';
	const resolved = settings();
	const document = linter.read(text, 'csv', resolved);
	const hover = linter.hover(document, text.indexOf('click'), resolved)!;
	// Every markdown-active character from the file is backslash-escaped.
	assert.doesNotMatch(hover.markdown, /(^|[^\\])\[click/);
	assert.doesNotMatch(hover.markdown, /(^|[^\\])<img/);
	assert.doesNotMatch(hover.markdown, /https:\/\//);
	assert.match(hover.markdown, /\\\[click\\\]\\\(command\\:/);
	assert.equal(escapeMarkdown('a*b_c'), 'a\\*b\\_c');
});

test('fix-all writes the canonical form and a second pass changes nothing', () => {
	const text = 'mobile,c\n0044 (0)20 7946 0958,\n+39 06 4567 8901,\n06 4567 8901,IT\n+1 4255551234X12345,\n';
	const once = fixAll(text);
	assert.equal(once, 'mobile,c\n+44 2079460958,\n+39 0645678901,\n+39 0645678901,IT\n+1 4255551234,\n');
	assert.equal(fixAll(once), once);
});

test('a country column is read as the alpha-2 codes libphonenumber-js knows, in any case and padding', () => {
	const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
	for (const first of letters) {
		for (const second of letters) {
			const code = first + second;
			const expected = isSupportedCountry(code as never) ? code : undefined;
			assert.equal(regionFromAlpha2(code), expected, code);
			assert.equal(regionFromAlpha2(` ${code.toLowerCase()} `), expected, code);
		}
	}
	for (const other of ['', 'U', 'USA', '001', '840', 'U S', 'toString']) assert.equal(regionFromAlpha2(other), undefined, other);
});
