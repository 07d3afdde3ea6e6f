/**
 * Bad input is reported, never a crash: each export of test/tools/badInputs.ts gives its findings
 * at the right place (or none where there is nothing to say), its fixes apply, and hovers answer;
 * random text full of NULs, lone surrogates, quotes and line breaks never makes the engine throw.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/engine/edits';
import type { Finding } from '../../server/src/engine/linter';
import type { ExportFormat } from '../../server/src/engine/model';
import { cutPieces, findingMessage, documentFinding, lintPiece, unpackFinding, unpackKey } from '../../server/src/engine/pieces';
import { linter, settings } from './engineHarness';
import {
	hugeBase64Ldif, hugeBase64Name, longName, longUpnCsv, longUpnLdif, loneSurrogatesCsv, loneSurrogatesLdif, manyProxiesCsv, manyProxiesLdif, nulCsv, nulLdif,
} from '../tools/badInputs';

const resolved = settings({ maxProblems: 1_000_000 });

function validate(text: string, format: ExportFormat): Finding[] {
	return linter.validate(linter.read(text, format, resolved), resolved)!;
}

/** code@underlined text (long texts as their start and length), and the value a fix writes. */
function said(text: string, findings: readonly Finding[]): string[] {
	return findings.map((finding) => {
		const underlined = text.slice(finding.span.start, finding.span.end);
		const shown = underlined.length > 40 ? `${underlined.slice(0, 8)}…(${underlined.length})` : underlined;
		return `${finding.code}@${JSON.stringify(shown)}${finding.fix ? ` fix ${JSON.stringify(finding.fix.value)}` : ''}`;
	});
}

test('a proxyAddresses cell of 10,001 values: every value read, the one another user holds reported', () => {
	for (const [text, format] of [[manyProxiesCsv, 'csv'], [manyProxiesLdif, 'ldif']] as const) {
		const document = linter.read(text, format, resolved);
		const proxies = document.entries[0].attributes.filter((attribute) => attribute.info.ldapName === 'proxyAddresses').flatMap((attribute) => attribute.values);
		assert.equal(proxies.length, 10_001, format);
		assert.equal(proxies[10_000].text, 'smtp:p9999@contoso.com');
		const findings = validate(text, format);
		assert.deepEqual(said(text, findings), ['sync.duplicate@"smtp:p5000@contoso.com"', 'sync.duplicate@"p5000@contoso.com"'], format);
		assert.match(findings[0].message, /^This proxyAddresses is also the userPrincipalName of another object in this file\. /);
	}
});

test('a userPrincipalName of 100 KB: one length problem, worded without the value', () => {
	for (const [text, format] of [[longUpnCsv, 'csv'], [longUpnLdif, 'ldif']] as const) {
		const findings = validate(text, format);
		assert.deepEqual(said(text, findings), [`sync.length@"aaaaaaaa…(${longName.length})"`], format);
		assert.equal(findings[0].message, `userPrincipalName has ${longName.length} characters before the @; at most 64 are allowed. Microsoft Entra ID allows 113 characters, 64 before the @ and 48 after: with a longer name the user does not sync.`);
		// A hover on the header or attribute name still answers.
		const name = text.indexOf('userPrincipalName') + 3;
		assert.match(linter.hover(linter.read(text, format, resolved), name, resolved)!.markdown, /userPrincipalName/);
	}
});

test('a NUL in a value is a control character, removed by its fix; in a DN it is the DN\'s', () => {
	for (const [text, format] of [[nulCsv(false), 'csv'], [nulLdif(false), 'ldif']] as const) {
		const findings = validate(text, format);
		assert.deepEqual(said(text, findings), ['sync.character@"\\u0000" fix "annx@contoso.com"'], format);
		assert.match(findings[0].message, /contains invisible or control characters \(U\+0000\): remove them\./);
		const fixed = applyEdits(text, linter.fixAllEdits(findings));
		assert.equal(fixed, text.replace('\u0000', ''));
		assert.deepEqual(validate(fixed, format), []);
	}
	// DNs are opaque: a NUL in one is no finding, and no throw.
	assert.deepEqual(validate(nulLdif(false).replace('CN=Ann,', 'CN=A\u0000nn,').replace('ann\u0000x', 'annx'), 'ldif'), []);
});

test('lone surrogates are control characters where a value is judged, and a phone number with one is none', () => {
	assert.deepEqual(said(loneSurrogatesCsv, validate(loneSurrogatesCsv, 'csv')), [
		'sync.character@"\\udc00" fix "Ann"',
		'sync.character@"\\ud800" fix "annx@contoso.com"',
		'sync.character@"\\udfff" fix "SMTP:ann@contoso.com"',
		'phone.invalid@"+1 425\\ud800 555 0100"',
	]);
	assert.deepEqual(said(loneSurrogatesLdif, validate(loneSurrogatesLdif, 'ldif')), [
		'sync.character@"\\ud800" fix "Ann"',
		'sync.character@"\\ud800" fix "ann"',
		'sync.character@"\\ud800" fix "annx@contoso.com"',
		'sync.character@"\\udfff" fix "SMTP:ann@contoso.com"',
		'phone.invalid@"+1 425\\ud800 555 0100"',
	]);
	const fixed = applyEdits(loneSurrogatesCsv, linter.fixAllEdits(validate(loneSurrogatesCsv, 'csv')));
	assert.deepEqual(said(fixed, validate(fixed, 'csv')), ['phone.invalid@"+1 425\\ud800 555 0100"']);
});

test('a base64 value of 5 MB is read and judged', () => {
	const findings = validate(hugeBase64Ldif, 'ldif');
	assert.deepEqual(findings.map((finding) => finding.code), ['sync.length']);
	assert.equal(findings[0].message, `userPrincipalName has ${hugeBase64Name.length} characters before the @; at most 64 are allowed. Microsoft Entra ID allows 113 characters, 64 before the @ and 48 after: with a longer name the user does not sync.`);
	const line = hugeBase64Ldif.indexOf('userPrincipalName:: ');
	assert.equal(findings[0].span.start, line + 'userPrincipalName:: '.length);
	assert.equal(findings[0].span.end, hugeBase64Ldif.indexOf('\r\n', line));
});

let seed = 90210;
function random(n: number): number {
	seed = (seed * 1103515245 + 12345) & 0x7fffffff;
	return (seed >>> 8) % n;
}

/** Text a reader may meet in a broken or hostile export: mostly its own syntax, with NULs, lone surrogates and odd line ends. */
function garbage(format: ExportFormat): string {
	const csvParts = ['"', '""', ',', ';', '\r\n', '\n', '\r', 'ann@contoso.com', 'SMTP:', '+1 425 555 0100', 'CN=x,DC=y', '\u0000', '\ud800', '\udc00', '😀', '\ufeff', ' ', 'é', '\t'];
	const ldifParts = ['dn: ', 'dn:: ', 'userPrincipalName: ', 'proxyAddresses:: ', 'mobile: ', ': ', ':: ', ':< ', '\r\n', '\n', '\n ', '\n\n', '-\n', 'changetype: modify\n', 'replace: mobile\n', 'QUJD', '====', '\u0000', '\ud800', '\udfff', '😀', '#', 'ann@contoso.com'];
	const parts = format === 'csv' ? csvParts : ldifParts;
	let text = format === 'csv' ? 'DN,userPrincipalName,mail,proxyAddresses,mobile,displayName\r\n' : '';
	const length = 20 + random(200);
	for (let i = 0; i < length; i++) text += random(4) === 0 ? String.fromCharCode(random(0x10000)) : parts[random(parts.length)];
	return text;
}

test('random broken text never makes the engine throw: findings, fixes, hovers and pieces all answer', () => {
	for (let round = 0; round < 400; round++) {
		const format: ExportFormat = round % 2 ? 'ldif' : 'csv';
		const text = garbage(format);
		const context = `round ${round}: ${JSON.stringify(text)}`;
		const document = linter.read(text, format, resolved);
		const findings = linter.validate(document, resolved)!;
		for (const finding of findings) {
			assert.ok(finding.span.start >= 0 && finding.span.start <= finding.span.end && finding.span.end <= text.length, context);
			assert.equal(typeof finding.message, 'string', context);
			assert.ok(finding.message.length > 0, context);
			if (finding.fix) assert.equal(typeof finding.fix.title, 'string', context);
		}
		const fixed = applyEdits(text, linter.fixAllEdits(findings));
		linter.validate(linter.read(fixed, format, resolved), resolved);
		for (let offset = 0; offset <= text.length; offset += 7) linter.hover(document, offset, resolved);
		linter.symbols(document);
		// The server's and the CLI's way: pieces of a few records each, read after the header.
		const bodyStart = format === 'csv' ? text.indexOf('\r\n') + 2 : 0;
		const body = text.slice(bodyStart);
		let start = 0;
		for (const end of cutPieces(body, 64, format, ',')) {
			const piece = body.slice(start, end);
			const result = lintPiece(linter, piece, text.slice(0, bodyStart), format, resolved);
			for (let index = 0; index < result.findings.count; index++) findingMessage(documentFinding(unpackFinding(result.findings, index), piece, start));
			for (let index = 0; index < result.keys.count; index++) unpackKey(result.keys, index, piece);
			start = end;
		}
	}
});
