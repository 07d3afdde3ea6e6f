/** The identity checks, one reason at a time: codes, exact offsets, fixes; and bad input. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
	decodePunycode, domainOfDn, duplicateKeys, exclusionOf, firstRdnValue, identityAttributes, IdentityProblem, IdentityReason,
	judgeIdentityEntry, judgeIdentityValue, objectKindOf, ObjectKind, reasonCodes,
} from '../../server/src/engine/rules/identityChecks';

type Expected = { reason: IdentityReason; at?: [number, number]; args?: string[]; fix?: string };

/** Compares problems by reason, offsets, arguments and fix (the code follows from the reason). */
function check(attribute: string, value: string, expected: Expected[], kind?: ObjectKind): void {
	const actual = judgeIdentityValue(attribute, value, kind).map((problem) => {
		const shape: Expected = { reason: problem.reason };
		if (problem.at) shape.at = [problem.at.start, problem.at.end];
		if (problem.args.length > 0) shape.args = problem.args;
		if (problem.fix !== undefined) shape.fix = problem.fix;
		assert.equal(problem.code, reasonCodes[problem.reason]);
		return shape;
	});
	const normalized = expected.map((item) => {
		const shape: Expected = { reason: item.reason };
		if (item.at) shape.at = item.at;
		if (item.args) shape.args = item.args;
		if (item.fix !== undefined) shape.fix = item.fix;
		return shape;
	});
	assert.deepEqual(actual, normalized, `${attribute} ${JSON.stringify(value)}`);
}

const covered = new Set<IdentityReason>();
function reason(name: IdentityReason, body: () => void): void {
	covered.add(name);
	test(`reason ${name}`, body);
}

test('clean values have no problem', () => {
	for (const [attribute, value] of [
		['userPrincipalName', 'adelev@contoso.com'], ['userPrincipalName', "o'connor@contoso.com"], ['userPrincipalName', 'a.b-c_d!e#f^g~h@contoso.com'],
		['userPrincipalName', 'UPPER@CONTOSO.COM'], ['mail', 'adele.vance+news@contoso.com'], ['mail', "o'connor@contoso.com"], ['otherMails', 'alex@fabrikam.com'],
		['proxyAddresses', 'SMTP:adelev@contoso.com'], ['proxyAddresses', 'smtp:adele.vance@contoso.com'],
		['proxyAddresses', "x500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=d'Agostini"],
		['proxyAddresses', "X400:c=US;a= ;p=Contoso;o=Exchange;s=O'Connor;"], ['proxyAddresses', 'SIP:adelev@contoso.com'],
		['proxyAddresses', 'eum:4255550123;phone-context=Dial.contoso.com'], ['targetAddress', 'SMTP:adelev@contoso.mail.onmicrosoft.com'],
		['mailNickname', 'adele.vance'], ['mailNickname', "o'connor"], ['sAMAccountName', 'adelev'], ['sAMAccountName', "o'connor"],
		['sAMAccountName', 'Adele Vance'], ['displayName', 'Adele Vance'], ['displayName', 'Zoë Müller (Finance)'], ['givenName', 'Zoë'],
	]) {
		assert.deepEqual(judgeIdentityValue(attribute, value), [], `${attribute} ${value}`);
	}
});

test('real top-level domains pass, from the IANA root zone, and multi-label suffixes too', () => {
	for (const domain of ['tailspin.app', 'woodgrove.shop', 'contoso.cloud', 'contoso.swiss', 'contoso.africa', 'contoso.gmbh', 'fabrikam.edu.au',
		'contoso.co.uk', 'contoso.travelersinsurance', 'contoso.xn--p1ai', 'contoso.XN--P1AI', 'CONTOSO.COM']) {
		assert.deepEqual(judgeIdentityValue('userPrincipalName', `adele@${domain}`), [], domain);
		assert.deepEqual(judgeIdentityValue('proxyAddresses', `smtp:adele@${domain}`), [], domain);
	}
});

test('an attribute the module does not judge, and an empty value, have no problem', () => {
	assert.deepEqual(judgeIdentityValue('telephoneNumber', 'not an address'), []);
	assert.deepEqual(judgeIdentityValue('cn', '%%%'), []);
	for (const attribute of identityAttributes) assert.deepEqual(judgeIdentityValue(attribute, ''), [], attribute);
	assert.deepEqual(judgeIdentityValue('userprincipalname', 'a b@contoso.com').map((problem) => problem.reason), ['space'], 'lower-case names');
});

// ---- sync.format ---------------------------------------------------------------------------

reason('no-at', () => {
	check('userPrincipalName', 'adelev', [{ reason: 'no-at' }]);
	check('mail', 'adelev.contoso.com', [{ reason: 'no-at' }]);
	check('proxyAddresses', 'smtp:adelev', [{ reason: 'no-at' }]);
	check('targetAddress', 'SMTP:adelev', [{ reason: 'no-at' }]);
});

reason('several-at', () => {
	check('userPrincipalName', 'adele@vance@contoso.com', [{ reason: 'several-at' }]);
	check('userPrincipalName', 'adele@@contoso.com', [{ reason: 'several-at', at: [5, 7] }]);
	check('proxyAddresses', 'smtp:a@@contoso.com', [{ reason: 'several-at', at: [6, 8] }]);
});

reason('no-local-part', () => {
	check('userPrincipalName', '@contoso.com', [{ reason: 'no-local-part', at: [0, 1] }]);
	check('proxyAddresses', 'SMTP:@contoso.com', [{ reason: 'no-local-part', at: [5, 6] }]);
});

reason('no-domain', () => {
	check('userPrincipalName', 'adele@', [{ reason: 'no-domain', at: [5, 6] }]);
	check('mail', 'adele@', [{ reason: 'no-domain', at: [5, 6] }]);
});

reason('no-prefix', () => {
	check('proxyAddresses', 'adele@contoso.com', [{ reason: 'no-prefix' }]);
	check('proxyAddresses', ':adele@contoso.com', [{ reason: 'no-prefix' }]);
	check('targetAddress', 'adele@contoso.com', [{ reason: 'no-prefix' }]);
	check('proxyAddresses', 'adele vance@contoso.com', [{ reason: 'no-prefix' }, { reason: 'space', at: [5, 6], fix: 'adelevance@contoso.com' }]);
});

reason('collection-placeholder', () => {
	check('proxyAddresses', 'Microsoft.ActiveDirectory.Management.ADPropertyValueCollection', [{ reason: 'collection-placeholder' }]);
	check('otherMails', 'Microsoft.ActiveDirectory.Management.ADPropertyValueCollection', [{ reason: 'collection-placeholder' }]);
});

// ---- sync.character ------------------------------------------------------------------------

reason('space', () => {
	check('userPrincipalName', 'Adele Vance@contoso.com', [{ reason: 'space', at: [5, 6], fix: 'AdeleVance@contoso.com' }]);
	check('userPrincipalName', 'A dele Vance@contoso.com', [{ reason: 'space', fix: 'AdeleVance@contoso.com' }]);
	check('userPrincipalName', 'adele\t\u00a0v@contoso.com', [{ reason: 'space', at: [5, 7], fix: 'adelev@contoso.com' }]);
	check('mail', 'adele vance@contoso.com', [{ reason: 'space', at: [5, 6], fix: 'adelevance@contoso.com' }]);
	check('proxyAddresses', 'SMTP:adele vance@contoso.com', [{ reason: 'space', at: [10, 11], fix: 'SMTP:adelevance@contoso.com' }]);
	check('proxyAddresses', 'sip:adele vance@contoso.com', [{ reason: 'space', at: [9, 10], fix: 'sip:adelevance@contoso.com' }]);
	check('targetAddress', 'SMTP: adele@contoso.com', [{ reason: 'space', at: [5, 6], fix: 'SMTP:adele@contoso.com' }]);
	check('mailNickname', 'adele vance', [{ reason: 'space', at: [5, 6], fix: 'adelevance' }]);
	// Removing the only character before the @ would break the form: no fix.
	check('userPrincipalName', ' @contoso.com', [{ reason: 'space', at: [0, 1] }]);
});

reason('character', () => {
	check('userPrincipalName', 'adele+news@contoso.com', [{ reason: 'character', at: [5, 6], args: ['"+"'], fix: 'adelenews@contoso.com' }]);
	check('userPrincipalName', 'a%d&e@contoso.com', [{ reason: 'character', args: ['"%", "&"'], fix: 'ade@contoso.com' }]);
	check('userPrincipalName', 'adele$v@contoso.com', [{ reason: 'character', at: [5, 6], args: ['"$"'], fix: 'adelev@contoso.com' }]);
	check('userPrincipalName', 'adele`v@contoso.com', [{ reason: 'character', at: [5, 6], args: ['"`"'], fix: 'adelev@contoso.com' }]);
	check('userPrincipalName', '"%&*+/=?{}|<>()@contoso.com', [{ reason: 'character', at: [0, 15], args: ['""", "%", "&", "*", "+", "/", …'] }]);
	check('mail', 'adele(v)@contoso.com', [{ reason: 'character', args: ['"(", ")"'], fix: 'adelev@contoso.com' }]);
	check('proxyAddresses', 'smtp:<adele>@contoso.com', [{ reason: 'character', args: ['"<", ">"'], fix: 'smtp:adele@contoso.com' }]);
	check('proxyAddresses', 'X500:/o=Contoso/cn=a[b]', [{ reason: 'character', args: ['"[", "]"'], fix: 'X500:/o=Contoso/cn=ab' }]);
	check('proxyAddresses', 'sip:a,b@contoso.com', [{ reason: 'character', at: [5, 6], args: ['","'], fix: 'sip:ab@contoso.com' }]);
	check('targetAddress', 'SMTP:adele\\v@contoso.com', [{ reason: 'character', at: [10, 11], args: ['"\\"'], fix: 'SMTP:adelev@contoso.com' }]);
	check('mailNickname', 'adele(v)', [{ reason: 'character', args: ['"(", ")"'], fix: 'adelev' }]);
	check('sAMAccountName', 'adele*v', [{ reason: 'character', at: [5, 6], args: ['"*"'], fix: 'adelev' }]);
	check('sAMAccountName', '[]', [{ reason: 'character', at: [0, 2], args: ['"[", "]"'] }]);
});

reason('non-ascii', () => {
	check('userPrincipalName', 'zoë@contoso.com', [{ reason: 'non-ascii', at: [2, 3], args: ['"ë"'] }]);
	check('userPrincipalName', 'adele@münchen.de', [{ reason: 'non-ascii', at: [7, 8], args: ['"ü"'] }]);
	check('userPrincipalName', 'a😀@contoso.com', [{ reason: 'non-ascii', at: [1, 3], args: ['"😀"'] }]);
	check('mail', 'zoë.müller@contoso.com', [{ reason: 'non-ascii', args: ['"ë", "ü"'] }]);
	check('proxyAddresses', 'smtp:zoë@contoso.com', [{ reason: 'non-ascii', at: [7, 8], args: ['"ë"'] }]);
	check('mailNickname', 'zoë', [{ reason: 'non-ascii', at: [2, 3], args: ['"ë"'] }]);
});

reason('line-break', () => {
	// In free text a line break or tab stands between words: the fix puts one space there, not nothing.
	check('displayName', 'Adele\tVance', [{ reason: 'line-break', at: [5, 6], fix: 'Adele Vance' }]);
	check('displayName', 'Line one\r\nLine two', [{ reason: 'line-break', at: [8, 10], fix: 'Line one Line two' }]);
	check('displayName', 'Adele \tVance', [{ reason: 'line-break', at: [6, 7], fix: 'Adele Vance' }]);
	check('givenName', 'Ad\nele', [{ reason: 'line-break', at: [2, 3], fix: 'Ad ele' }]);
	// Elsewhere a tab is what it was: a control character in sAMAccountName, a blank in an address.
	check('sAMAccountName', 'adele\tv', [{ reason: 'control-character', at: [5, 6], args: ['U+0009'], fix: 'adelev' }]);
});

reason('control-character', () => {
	check('userPrincipalName', 'adele\u200b@contoso.com', [{ reason: 'control-character', at: [5, 6], args: ['U+200B'], fix: 'adele@contoso.com' }]);
	check('userPrincipalName', 'ad\0ele@contoso.com', [{ reason: 'control-character', at: [2, 3], args: ['U+0000'], fix: 'adele@contoso.com' }]);
	check('displayName', 'Adele\u00adVance', [{ reason: 'control-character', at: [5, 6], args: ['U+00AD'], fix: 'AdeleVance' }]);
	check('givenName', 'Ad\u200bele', [{ reason: 'control-character', at: [2, 3], args: ['U+200B'], fix: 'Adele' }]);
	check('sAMAccountName', 'adele\0', [{ reason: 'control-character', at: [5, 6], args: ['U+0000'], fix: 'adele' }]);
	check('proxyAddresses', 'X500:/o=Contoso\t/cn=x', [{ reason: 'control-character', at: [15, 16], args: ['U+0009'], fix: 'X500:/o=Contoso/cn=x' }]);
	// A lone surrogate cannot be written in UTF-8.
	check('userPrincipalName', 'adele\ud800@contoso.com', [{ reason: 'control-character', at: [5, 6], args: ['U+D800'], fix: 'adele@contoso.com' }]);
	check('displayName', '\udc00Adele', [{ reason: 'control-character', at: [0, 1], args: ['U+DC00'], fix: 'Adele' }]);
});

reason('second-colon', () => {
	check('proxyAddresses', 'smtp:adele:v@contoso.com', [{ reason: 'second-colon', at: [10, 11], fix: 'smtp:adelev@contoso.com' }]);
	check('proxyAddresses', 'smtp:a:b:c@contoso.com', [{ reason: 'second-colon', fix: 'smtp:abc@contoso.com' }]);
	check('proxyAddresses', 'sip:adele::v@contoso.com', [{ reason: 'second-colon', at: [9, 11], fix: 'sip:adelev@contoso.com' }]);
	check('targetAddress', 'SMTP:adele:v@contoso.com', [{ reason: 'second-colon', at: [10, 11], fix: 'SMTP:adelev@contoso.com' }]);
	// Removing the only character before the @ would break the form: no fix.
	check('proxyAddresses', 'smtp::@contoso.com', [{ reason: 'second-colon', at: [5, 6] }]);
});

reason('repeated-prefix', () => {
	check('proxyAddresses', 'SMTP:smtp:adele@contoso.com', [{ reason: 'repeated-prefix', at: [5, 10], args: ['smtp:'], fix: 'SMTP:adele@contoso.com' }]);
	check('proxyAddresses', 'X500:X500:/o=Contoso/cn=x', [{ reason: 'repeated-prefix', at: [5, 10], args: ['X500:'], fix: 'X500:/o=Contoso/cn=x' }]);
	check('targetAddress', 'SMTP:SMTP:adele@contoso.com', [{ reason: 'repeated-prefix', at: [5, 10], args: ['SMTP:'], fix: 'SMTP:adele@contoso.com' }]);
	// Another type after the prefix is a second colon, not a repeated prefix.
	check('proxyAddresses', 'sip:smtp:adele@contoso.com', [{ reason: 'second-colon', at: [8, 9], fix: 'sip:smtpadele@contoso.com' }]);
});

reason('alias-periods', () => {
	check('mailNickname', '.adele', [{ reason: 'alias-periods', at: [0, 1], fix: 'adele' }]);
	check('mailNickname', '..adele', [{ reason: 'alias-periods', at: [0, 2], fix: 'adele' }]);
	check('mailNickname', 'adele.', [{ reason: 'alias-periods', at: [5, 6], fix: 'adele' }]);
	check('mailNickname', 'adele..vance', [{ reason: 'alias-periods', at: [5, 7], fix: 'adele.vance' }]);
	check('mailNickname', '.adele.', [{ reason: 'alias-periods', fix: 'adele' }]);
	check('mailNickname', '.', [{ reason: 'alias-periods', at: [0, 1] }]);
});

reason('edge-spaces', () => {
	check('displayName', ' Adele Vance', [{ reason: 'edge-spaces', at: [0, 1], fix: 'Adele Vance' }]);
	check('displayName', 'Adele Vance  ', [{ reason: 'edge-spaces', at: [11, 13], fix: 'Adele Vance' }]);
	check('displayName', ' Adele Vance ', [{ reason: 'edge-spaces', fix: 'Adele Vance' }]);
	check('displayName', 'Adele Vance\u3000', [{ reason: 'edge-spaces', at: [11, 12], fix: 'Adele Vance' }]);
	// Blanks only: the entry check reports it as blank.
	assert.deepEqual(judgeIdentityValue('displayName', '   '), []);
});

// ---- sync.local-part, sync.domain-part, sync.top-level-domain ---------------------------------

reason('local-dots', () => {
	check('userPrincipalName', 'adele.@contoso.com', [{ reason: 'local-dots', at: [5, 6], fix: 'adele@contoso.com' }]);
	check('userPrincipalName', '.adele@contoso.com', [{ reason: 'local-dots', at: [0, 1], fix: 'adele@contoso.com' }]);
	check('mail', 'adele..vance@contoso.com', [{ reason: 'local-dots', at: [5, 7], fix: 'adele.vance@contoso.com' }]);
	check('proxyAddresses', 'smtp:.adele@contoso.com', [{ reason: 'local-dots', at: [5, 6], fix: 'smtp:adele@contoso.com' }]);
	// Only periods before the @: removing them would leave no local part.
	check('userPrincipalName', '.@contoso.com', [{ reason: 'local-dots', at: [0, 1] }]);
});

reason('local-character', () => {
	check('mail', 'adele\\v@contoso.com', [{ reason: 'local-character', at: [5, 6], args: ['"\\"'], fix: 'adelev@contoso.com' }]);
	check('mail', 'adele:v@contoso.com', [{ reason: 'local-character', at: [5, 6], args: ['":"'], fix: 'adelev@contoso.com' }]);
	check('proxyAddresses', 'smtp:adele\\v@contoso.com', [{ reason: 'local-character', at: [10, 11], args: ['"\\"'], fix: 'smtp:adelev@contoso.com' }]);
});

reason('domain-dots', () => {
	check('userPrincipalName', 'adele@contoso..com', [{ reason: 'domain-dots', at: [13, 15], fix: 'adele@contoso.com' }]);
	check('userPrincipalName', 'adele@contoso.com.', [{ reason: 'domain-dots', at: [17, 18], fix: 'adele@contoso.com' }]);
	check('mail', 'adele@.contoso.com', [{ reason: 'domain-dots', at: [6, 7], fix: 'adele@contoso.com' }]);
});

reason('domain-label', () => {
	check('userPrincipalName', 'adele@-contoso.com', [{ reason: 'domain-label', at: [6, 14], args: ['-contoso'] }]);
	check('mail', 'adele@contoso-.com', [{ reason: 'domain-label', at: [6, 14], args: ['contoso-'] }]);
	check('mail', `adele@${'l'.repeat(64)}.com`, [{ reason: 'domain-label', at: [6, 70], args: ['l'.repeat(64)] }]);
	check('mail', 'adele@-a.b-.com', [{ reason: 'domain-label', args: ['-a'] }]);
});

reason('domain-character', () => {
	check('userPrincipalName', 'adele@con_toso.com', [{ reason: 'domain-character', at: [9, 10], args: ['"_"'] }]);
	check('userPrincipalName', "adele@o'neill.com", [{ reason: 'domain-character', at: [7, 8], args: ['"\'"'] }]);
	check('mail', 'adele@con$to%so.com', [{ reason: 'domain-character', args: ['"$", "%"'] }]);
	check('mail', 'adele@conto:so.com', [{ reason: 'domain-character', at: [11, 12], args: ['":"'] }]);
});

reason('tld-missing', () => {
	check('userPrincipalName', 'adele@contoso', [{ reason: 'tld-missing', at: [6, 13], args: ['contoso'] }]);
	check('proxyAddresses', 'smtp:adele@contoso', [{ reason: 'tld-missing', at: [11, 18], args: ['contoso'] }]);
});

reason('tld-unknown', () => {
	check('userPrincipalName', 'adele@contoso.notatld', [{ reason: 'tld-unknown', at: [14, 21], args: ['notatld'] }]);
	check('userPrincipalName', 'adele@contoso.c', [{ reason: 'tld-unknown', at: [14, 15], args: ['c'] }]);
	check('mail', 'adele@10.0.0.1', [{ reason: 'tld-unknown', at: [13, 14], args: ['1'] }]);
	check('mail', 'adele@contoso.xn--zzzz', [{ reason: 'tld-unknown', at: [14, 22], args: ['xn--zzzz'] }]);
	check('userPrincipalName', 'adele@contoso.COMM', [{ reason: 'tld-unknown', at: [14, 18], args: ['COMM'] }]);
});

reason('tld-non-routable', () => {
	check('userPrincipalName', 'adele@contoso.local', [{ reason: 'tld-non-routable', at: [14, 19], args: ['local'] }]);
	check('userPrincipalName', 'adele@CONTOSO.LAN', [{ reason: 'tld-non-routable', at: [14, 17], args: ['lan'] }]);
	for (const suffix of ['corp', 'internal', 'intranet', 'localdomain', 'test', 'example', 'invalid', 'home']) {
		assert.deepEqual(judgeIdentityValue('mail', `adele@contoso.${suffix}`).map((problem) => problem.reason), ['tld-non-routable'], suffix);
	}
	check('userPrincipalName', 'adele@x.home.arpa', [{ reason: 'tld-non-routable', at: [8, 17], args: ['home.arpa'] }]);
	// arpa after something other than home. is a real top-level domain; home.arpa still is not.
	check('mail', 'adele@in-addr.arpa', []);
	check('mail', 'adele@myhome.arpa', []);
	check('mail', 'adele@x.home.arpa', [{ reason: 'tld-non-routable', at: [8, 17], args: ['home.arpa'] }]);
	// The top-level domain is judged only when its characters were not reported already.
	check('userPrincipalName', 'adele@contoso.löcal', [{ reason: 'non-ascii', at: [15, 16], args: ['"ö"'] }]);
});

// ---- sync.length ---------------------------------------------------------------------------

reason('too-long', () => {
	check('sAMAccountName', 'averyveryverylongname', [{ reason: 'too-long', args: ['21', '20'] }]);
	check('sAMAccountName', 'averyveryverylongname', [], 'group');
	check('sAMAccountName', 'x'.repeat(257), [{ reason: 'too-long', args: ['257', '256'] }], 'group');
	check('mailNickname', 'x'.repeat(65), [{ reason: 'too-long', args: ['65', '64'] }]);
	check('proxyAddresses', `smtp:${'p'.repeat(240)}@contoso.com`, [{ reason: 'too-long', args: ['257', '256'] }]);
	check('targetAddress', `SMTP:${'t'.repeat(239)}@contoso.com`, []);
	check('mail', `${'m'.repeat(245)}@contoso.com`, [{ reason: 'too-long', args: ['257', '256'] }]);
	check('displayName', 'x'.repeat(256), []);
	check('displayName', 'x'.repeat(257), [{ reason: 'too-long', args: ['257', '256'], fix: 'x'.repeat(256) }]);
	// The shortened name never ends in half a surrogate pair, nor in a space.
	check('displayName', `${'x'.repeat(255)}😀`, [{ reason: 'too-long', args: ['257', '256'], fix: 'x'.repeat(255) }]);
	check('displayName', `${'x'.repeat(255)} yz`, [{ reason: 'too-long', args: ['258', '256'], fix: 'x'.repeat(255) }]);
	check('givenName', 'x'.repeat(64), []);
	check('givenName', 'x'.repeat(65), [{ reason: 'too-long', args: ['65', '64'], fix: 'x'.repeat(64) }]);
	// A UPN over 113 characters with a broken form.
	check('userPrincipalName', 'x'.repeat(114), [{ reason: 'no-at' }, { reason: 'too-long', args: ['114', '113'] }]);
});

reason('upn-local-too-long', () => {
	check('userPrincipalName', `${'x'.repeat(64)}@contoso.com`, []);
	check('userPrincipalName', `${'x'.repeat(65)}@contoso.com`, [{ reason: 'upn-local-too-long', at: [0, 65], args: ['65', '64'] }]);
	check('mail', `${'x'.repeat(65)}@contoso.com`, []);
});

reason('upn-domain-too-long', () => {
	check('userPrincipalName', `adele@${'d'.repeat(44)}.com`, []);
	check('userPrincipalName', `adele@${'d'.repeat(45)}.com`, [{ reason: 'upn-domain-too-long', at: [6, 55], args: ['49', '48'] }]);
	check('userPrincipalName', `${'x'.repeat(70)}@${'d'.repeat(50)}.com`, [
		{ reason: 'upn-local-too-long', at: [0, 70], args: ['70', '64'] },
		{ reason: 'upn-domain-too-long', at: [71, 125], args: ['54', '48'] },
	]);
});

// ---- sync.blank ----------------------------------------------------------------------------

reason('blank', () => {
	const entry = (pairs: [string, string[]][]) => new Map(pairs);
	const csv = { absentIsBlank: false };
	const ldif = { absentIsBlank: true };
	// A CSV: an empty cell of a displayName column; no column, no finding.
	assert.deepEqual(judgeIdentityEntry(entry([['displayname', []], ['cn', ['Adele Vance']]]), undefined, csv),
		[{ code: 'sync.blank', reason: 'blank', args: [], attribute: 'displayName', fix: 'Adele Vance' }]);
	assert.deepEqual(judgeIdentityEntry(entry([['cn', ['Adele Vance']]]), undefined, csv), []);
	// Blanks only; the fix is the cn, trimmed.
	assert.deepEqual(judgeIdentityEntry(entry([['displayname', ['  ']], ['cn', [' Adele Vance ']]]), undefined, csv),
		[{ code: 'sync.blank', reason: 'blank', args: [], attribute: 'displayName', valueIndex: 0, fix: 'Adele Vance' }]);
	// LDIF: a user, contact or group record without displayName; the DN's RDN when there is no cn.
	assert.deepEqual(judgeIdentityEntry(entry([['objectclass', ['top', 'person', 'organizationalPerson', 'user']]]), 'CN=Vance\\, Adele,OU=Users,DC=contoso,DC=com', ldif),
		[{ code: 'sync.blank', reason: 'blank', args: [], attribute: 'displayName', fix: 'Vance, Adele' }]);
	assert.equal(judgeIdentityEntry(entry([['objectclass', ['top', 'group']]]), 'CN=Finance,OU=Groups,DC=contoso,DC=com', ldif).length, 1);
	assert.equal(judgeIdentityEntry(entry([['objectclass', ['top', 'person', 'organizationalPerson', 'contact']]]), undefined, ldif).length, 1);
	// Not for computers or other objects, not for a record without objectClass, and no fix without a name.
	assert.deepEqual(judgeIdentityEntry(entry([['objectclass', ['top', 'person', 'organizationalPerson', 'user', 'computer']]]), undefined, ldif), []);
	assert.deepEqual(judgeIdentityEntry(entry([['objectclass', ['top', 'organizationalUnit']]]), undefined, ldif), []);
	assert.deepEqual(judgeIdentityEntry(entry([['cn', ['Adele Vance']]]), undefined, ldif), []);
	assert.deepEqual(judgeIdentityEntry(entry([['displayname', ['']]]), undefined, csv), [{ code: 'sync.blank', reason: 'blank', args: [], attribute: 'displayName', valueIndex: 0 }]);
	assert.deepEqual(judgeIdentityEntry(entry([['displayname', ['Adele Vance']]]), undefined, ldif), []);
});

test('every reason has a test above', () => {
	assert.deepEqual(Object.keys(reasonCodes).filter((name) => !covered.has(name as IdentityReason)), []);
});

test('several problems of one value come in the documented order, at most one per reason', () => {
	check('userPrincipalName', ' zoë  +x@contoso.local', [
		{ reason: 'space', fix: 'zoë+x@contoso.local' },
		{ reason: 'character', at: [6, 7], args: ['"+"'], fix: ' zoë  x@contoso.local' },
		{ reason: 'non-ascii', at: [3, 4], args: ['"ë"'] },
		{ reason: 'tld-non-routable', at: [17, 22], args: ['local'] },
	]);
	check('proxyAddresses', 'SMTP:smtp:a:b c@contoso..com', [
		{ reason: 'space', at: [13, 14], fix: 'SMTP:smtp:a:bc@contoso..com' },
		{ reason: 'second-colon', at: [11, 12], fix: 'SMTP:smtp:ab c@contoso..com' },
		{ reason: 'repeated-prefix', at: [5, 10], args: ['smtp:'], fix: 'SMTP:a:b c@contoso..com' },
		{ reason: 'domain-dots', at: [23, 25], fix: 'SMTP:smtp:a:b c@contoso.com' },
	]);
});

// ---- Bad input -----------------------------------------------------------------------------

/** Problems must be well-formed: offsets inside the value, fixes that change it. */
function assertWellFormed(attribute: string, value: string, problems: readonly IdentityProblem[]): void {
	for (const problem of problems) {
		if (problem.at) assert.ok(problem.at.start >= 0 && problem.at.start < problem.at.end && problem.at.end <= value.length, `${attribute} ${problem.reason} at`);
		if (problem.fix !== undefined) assert.ok(problem.fix !== value && problem.fix.trim() !== '', `${attribute} ${problem.reason} fix`);
	}
	assert.ok(new Set(problems.map((problem) => problem.reason)).size === problems.length, 'one problem per reason');
}

test('bad input never throws: 10,000 proxy addresses one by one, a 100 KB UPN, NUL, empty strings, lone surrogates', () => {
	let count = 0;
	for (let i = 0; i < 10000; i++) {
		const value = i % 7 === 0 ? `smtp:user${i}@contoso.com` : i % 7 === 1 ? `SMTP:smtp:us er${i}@@contoso..com` : i % 7 === 2 ? `x500:/o=Contoso/cn=${i}\0` : `smtp:${'\ud800'.repeat(i % 5)}u${i}@contoso.local`;
		const problems = judgeIdentityValue('proxyAddresses', value);
		assertWellFormed('proxyAddresses', value, problems);
		count += problems.length;
	}
	assert.ok(count > 5000);
	const big = `${'a'.repeat(100 * 1024)}@contoso.com`;
	assert.deepEqual(judgeIdentityValue('userPrincipalName', big).map((problem) => problem.reason), ['upn-local-too-long']);
	let noise = '';
	for (let i = 0; i < 100 * 1024; i++) noise += String.fromCharCode((i * 7919) % 0xffff);
	for (const attribute of identityAttributes) {
		assertWellFormed(attribute, noise, judgeIdentityValue(attribute, noise));
		for (const value of ['', '\0', '\ud800', '\udfff', '\ud800\ud800', '@', ':', '.', ' ', 'smtp:', 'SMTP:SMTP:', '\0@\0', 'a@b', `a@${'.'.repeat(1000)}`, `xn--${'a'.repeat(200)}`, `a@b.xn--${'9'.repeat(60)}`]) {
			assertWellFormed(attribute, value, judgeIdentityValue(attribute, value));
		}
	}
});

test('a fix never breaks the form of a value, on random values', () => {
	let seed = 7;
	const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
	const alphabet = 'abcXYZ09 .@:;,()[]<>"\\%&+$`\'_-\u00e9\u0000\u200b\ud800'.split('');
	for (let i = 0; i < 5000; i++) {
		let value = i % 2 === 0 ? 'smtp:' : '';
		const length = 1 + Math.floor(next() * 12);
		for (let j = 0; j < length; j++) value += alphabet[Math.floor(next() * alphabet.length)];
		for (const attribute of ['userPrincipalName', 'mail', 'proxyAddresses', 'targetAddress', 'mailNickname', 'sAMAccountName', 'displayName']) {
			const problems = judgeIdentityValue(attribute, value);
			assertWellFormed(attribute, value, problems);
			const formBefore = new Set(problems.filter((problem) => problem.code === 'sync.format').map((problem) => problem.reason));
			for (const problem of problems) {
				if (problem.fix === undefined) continue;
				const after = judgeIdentityValue(attribute, problem.fix).filter((other) => other.code === 'sync.format' && !formBefore.has(other.reason));
				assert.deepEqual(after, [], `${attribute} ${JSON.stringify(value)} ${problem.reason} → ${JSON.stringify(problem.fix)}`);
			}
		}
	}
});

// ---- Exclusions ----------------------------------------------------------------------------

test('exclusions: what Entra Connect does not sync, and system accounts by their exact names', () => {
	const values = (pairs: Record<string, string | string[]>) => new Map(Object.entries(pairs).map(([name, value]) => [name, Array.isArray(value) ? value : [value]]));
	const reasonOf = (pairs: Record<string, string | string[]>, dn?: string) => exclusionOf(values(pairs), dn)?.reason;
	assert.equal(reasonOf({ cn: 'Adele Vance', samaccountname: 'adelev' }, 'CN=Adele Vance,OU=Users,DC=contoso,DC=com'), undefined);
	// Conflict objects, however the export writes the line feed.
	assert.deepEqual(exclusionOf(values({}), 'CN=Adele Vance\\0ACNF:5d2d0bd1,OU=Users,DC=contoso,DC=com'),
		{ reason: 'conflict-object', attribute: 'distinguishedName', value: 'CN=Adele Vance\\0ACNF:5d2d0bd1,OU=Users,DC=contoso,DC=com' });
	assert.equal(reasonOf({}, 'CN=Adele Vance\\0acnf:5d2d0bd1,OU=Users,DC=contoso,DC=com'), 'conflict-object');
	assert.equal(reasonOf({}, 'CN=Adele Vance\nCNF:5d2d0bd1,OU=Users,DC=contoso,DC=com'), 'conflict-object');
	assert.equal(reasonOf({ cn: 'Adele Vance\nCNF:5d2d0bd1' }), 'conflict-object');
	assert.equal(reasonOf({}, 'CN=Adele Vance,OU=CNF\\0ACNF:x,DC=contoso,DC=com'), undefined, 'only the first RDN counts');
	assert.equal(reasonOf({ iscriticalsystemobject: 'TRUE', cn: 'Administrator' }), 'critical-system-object');
	assert.equal(reasonOf({ iscriticalsystemobject: 'FALSE', cn: 'Old' }), 'critical-system-object');
	assert.equal(reasonOf({ iscriticalsystemobject: '', cn: 'Adele' }), undefined);
	assert.equal(reasonOf({ samaccountname: 'MSOL_0123456789ab' }), 'sync-service-account');
	assert.equal(reasonOf({ samaccountname: 'AAD_0123456789ab' }), 'sync-service-account');
	assert.equal(reasonOf({ samaccountname: 'SUPPORT_388945a0' }), 'exchange-system-object');
	assert.equal(reasonOf({ samaccountname: 'CAS_{abc}' }), 'exchange-system-object');
	assert.equal(reasonOf({ samaccountname: 'CAS_smith' }), undefined);
	assert.equal(reasonOf({ mailnickname: 'SystemMailbox{1f05a927}' }), 'exchange-system-object');
	assert.equal(reasonOf({ mailnickname: 'CAS_{x}' }), 'exchange-system-object');
	for (const [type, excluded] of [['4096', true], ['0x2000', true], ['8388608', true], ['536870912', true], ['1', false], ['2147483648', false], ['34359738368', false], ['not a number', false]] as const) {
		assert.equal(reasonOf({ msexchrecipienttypedetails: type }) === 'exchange-system-object', excluded, type);
	}
	assert.equal(reasonOf({ cn: 'HealthMailbox0a1b2c3d4e5f60718293a4b5c6d7e8f9' }), 'exchange-system-object');
	assert.equal(reasonOf({ cn: 'DiscoverySearchMailbox {D919BA05-46A6-415f-80AD-7E09334BB852}' }), 'exchange-system-object');
	assert.equal(reasonOf({ cn: 'FederatedEmail.4c1f4d8b-8179-4148-93bf-00a95fa1e042' }), 'exchange-system-object');
	assert.equal(reasonOf({ objectclass: ['top', 'person', 'organizationalPerson', 'user', 'computer'], cn: 'FILESRV01' }), 'machine-account');
	assert.equal(reasonOf({ samaccountname: 'FILESRV01$' }), 'machine-account');
	assert.equal(reasonOf({ cn: 'TRUST$' }), 'machine-account');
	for (const name of ['Administrator', 'Guest', 'krbtgt', 'krbtgt_12345', 'krbtgt_AzureAD', 'DefaultAccount', 'WDAGUtilityAccount', 'IUSR_WEB01', 'IWAM_WEB01']) {
		assert.equal(reasonOf({ cn: name }), 'built-in-account', name);
	}
	assert.equal(reasonOf({}, 'CN=Guest,CN=Users,DC=contoso,DC=com'), 'built-in-account', 'the cn from the DN');
	// People and shared mailboxes whose cn merely starts like a system account's are checked.
	for (const name of ['Iwamoto Kenji', 'Guesthouse Reception', 'Administration Office', 'Msolo Thabo', 'Support_Desk', 'Krbtgtson Ann']) {
		assert.equal(reasonOf({ cn: name }), undefined, name);
	}
});

// ---- Duplicate keys ------------------------------------------------------------------------

test('duplicate keys: UPN, mail and SMTP proxy addresses share one namespace, case-insensitive, without the prefix', () => {
	assert.deepEqual(duplicateKeys('userPrincipalName', 'AdeleV@Contoso.com', true, undefined), [{ namespace: 'address', key: 'adelev@contoso.com' }]);
	assert.deepEqual(duplicateKeys('mail', 'AdeleV@Contoso.com', true, undefined), [{ namespace: 'address', key: 'adelev@contoso.com' }]);
	assert.deepEqual(duplicateKeys('proxyAddresses', 'SMTP:AdeleV@Contoso.com', true, undefined), [{ namespace: 'address', key: 'adelev@contoso.com' }]);
	assert.deepEqual(duplicateKeys('proxyAddresses', 'smtp:adelev@contoso.com', true, undefined), [{ namespace: 'address', key: 'adelev@contoso.com' }]);
	assert.deepEqual(duplicateKeys('proxyAddresses', 'X500:/o=Contoso/cn=Adele', true, undefined), [{ namespace: 'proxy:x500', key: '/o=contoso/cn=adele' }]);
	assert.deepEqual(duplicateKeys('proxyAddresses', 'sip:Adele@contoso.com', true, undefined), [{ namespace: 'proxy:sip', key: 'adele@contoso.com' }]);
	assert.deepEqual(duplicateKeys('proxyAddresses', 'adele@contoso.com', true, undefined), [{ namespace: 'proxy:', key: 'adele@contoso.com' }]);
	assert.deepEqual(duplicateKeys('targetAddress', 'SMTP:Adele@contoso.mail.onmicrosoft.com', true, undefined), [{ namespace: 'targetAddress', key: 'smtp:adele@contoso.mail.onmicrosoft.com' }]);
	assert.deepEqual(duplicateKeys('mailNickname', 'AdeleV', true, undefined), [{ namespace: 'mailNickname', key: 'adelev' }]);
	assert.deepEqual(duplicateKeys('otherMails', 'alex@fabrikam.com', true, undefined), []);
	assert.deepEqual(duplicateKeys('displayName', 'Adele Vance', true, undefined), []);
	assert.deepEqual(duplicateKeys('userPrincipalName', '  ', true, undefined), []);
});

test('duplicate keys: sAMAccountName only without a UPN, per domain', () => {
	assert.deepEqual(duplicateKeys('sAMAccountName', 'AdeleV', true, 'CN=Adele,OU=Users,DC=contoso,DC=com'), []);
	assert.deepEqual(duplicateKeys('sAMAccountName', 'AdeleV', false, 'CN=Adele,OU=Users,DC=Contoso,DC=com'), [{ namespace: 'sAMAccountName:contoso.com', key: 'adelev' }]);
	assert.deepEqual(duplicateKeys('sAMAccountName', 'AdeleV', false, 'CN=Adele,OU=Users,DC=emea,DC=contoso,DC=com'), [{ namespace: 'sAMAccountName:emea.contoso.com', key: 'adelev' }]);
	assert.deepEqual(duplicateKeys('sAMAccountName', 'AdeleV', false, undefined), [{ namespace: 'sAMAccountName:', key: 'adelev' }]);
});

// ---- Helpers -------------------------------------------------------------------------------

test('object kinds, DN parts and Punycode', () => {
	assert.equal(objectKindOf(undefined), 'user');
	assert.equal(objectKindOf([]), 'user');
	assert.equal(objectKindOf(['user']), 'user');
	assert.equal(objectKindOf(['top', 'person', 'organizationalPerson', 'user', 'inetOrgPerson']), 'user');
	assert.equal(objectKindOf(['top', 'person', 'organizationalPerson', 'user', 'computer']), 'computer');
	assert.equal(objectKindOf(['top', 'person', 'organizationalPerson', 'contact']), 'contact');
	assert.equal(objectKindOf(['top', 'Group']), 'group');
	assert.equal(objectKindOf(['top', 'organizationalUnit']), 'other');
	assert.equal(domainOfDn('CN=A,OU=B,DC=Contoso,DC=com'), 'contoso.com');
	assert.equal(domainOfDn('CN=A\\,DC=x,OU=B'), '');
	assert.equal(firstRdnValue('CN=Vance\\, Adele,OU=Users,DC=contoso,DC=com'), 'Vance, Adele');
	assert.equal(firstRdnValue('CN=Adele\\0ACNF:1,OU=Users'), 'Adele\nCNF:1');
	assert.equal(firstRdnValue('not a dn'), undefined);
	assert.equal(decodePunycode('p1ai'), 'рф');
	assert.equal(decodePunycode('mnchen-3ya'), 'münchen');
	assert.equal(decodePunycode('wgbh1c'), 'مصر');
	assert.equal(decodePunycode('!!'), undefined);
	assert.equal(decodePunycode('9'.repeat(60)), undefined);
});
