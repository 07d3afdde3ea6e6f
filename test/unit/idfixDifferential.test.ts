/**
 * dirlint's identity checks against IdFix's, value by value. test/tools/idfixOracle.ts is IdFix
 * 2.6's Multi-Tenant rules transcribed from its C#, with each documented difference a switch.
 * A verdict is what an admin sees of a value: flagged or not, and the value suggested (IdFix's
 * UPDATE; dirlint's fixes applied one after the other, as fix-all does).
 *
 * - With every difference switched on, the oracle gives dirlint's verdict on every value of the
 *   corpus: wherever dirlint does not document a difference, it agrees with IdFix.
 * - Each difference, switched off alone, changes the verdict of some value: every difference is
 *   real, and the corpus shows it.
 * - The same for IdFix's exclusions (Skip) against exclusionOf.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exclusionOf, judgeIdentityEntry, judgeIdentityValue, IdentityProblem } from '../../server/src/engine/rules/identityChecks';
import { allDifferences, Difference, idfixJudge, idfixSkips, OracleEntry, OracleSkipEntry } from '../tools/idfixOracle';

const entry: OracleEntry = { cn: 'Corpus Person', objectClass: 'user' };

interface Verdict {
	flagged: boolean;
	suggestion: string | undefined;
}

function dirlintProblems(attribute: string, value: string | undefined): readonly IdentityProblem[] {
	const problems = value === undefined ? [] : [...judgeIdentityValue(attribute, value)];
	if (attribute === 'displayName') {
		const values = new Map<string, string[]>([['cn', [entry.cn]], ['objectclass', ['top', 'person', 'user']]]);
		if (value !== undefined) values.set('displayname', [value]);
		problems.push(...judgeIdentityEntry(values, undefined, { absentIsBlank: true }));
	}
	return problems;
}

/** dirlint's verdict: flagged when it has a problem; the suggestion is what its fixes make of the value, one after the other. */
function dirlintVerdict(attribute: string, value: string | undefined): Verdict {
	let problems = dirlintProblems(attribute, value);
	const flagged = problems.length > 0;
	let current = value;
	for (let round = 0; round < 20; round++) {
		const fixable = problems.find((problem) => problem.fix !== undefined);
		if (!fixable) break;
		current = fixable.fix!;
		problems = dirlintProblems(attribute, current);
	}
	return { flagged, suggestion: current !== value ? current : undefined };
}

function oracleVerdict(attribute: string, value: string | undefined, on: ReadonlySet<Difference>): Verdict | undefined {
	const verdict = idfixJudge(attribute, value, entry, on);
	if (!verdict) return undefined;
	const flagged = verdict.errors.size > 0;
	return { flagged, suggestion: flagged && verdict.proposed !== value ? verdict.proposed : undefined };
}

// ---- The corpus ----------------------------------------------------------------------------

/** A small seeded generator, so the corpus is the same on every run. */
function random(seed: number): () => number {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const specials = [' ', '.', '.', "'", '$', '`', '%', '&', '+', '(', ')', ':', ';', ',', '[', ']', '"', '\\', '@', 'é', 'ü', 'ø', '\0', '\t', '\u200b', '\u00a0', '_', '-', '!', '#', '~', '^', '{', '}', '|', '/', '=', '?', '*', '<', '>', '😀'];
const domains = [
	'contoso.com', 'contoso.com', 'fabrikam.edu.au', 'contoso.local', 'tailspin.app', 'woodgrove.shop', 'x.travelersinsurance',
	'contoso', 'contoso..com', 'contoso.com.', '.contoso.com', '-bad.com', 'bad-.com', 'münchen.de', 'xn--mnchen-3ya.de', 'contoso.xn--p1ai',
	'con_toso.com', 'sub.contoso.co.uk', 'x.home.arpa', 'contoso.lan', 'contoso.corp', 'contoso.internal', 'contoso.swiss', 'contoso.gmbh',
	'contoso.africa', 'contoso.cloud', 'contoso.c', 'contoso.123', 'contoso.notatld', 'contoso.c0m', `${'l'.repeat(64)}.com`, `${'d'.repeat(45)}.com`,
];

function pick<T>(next: () => number, items: readonly T[]): T {
	return items[Math.floor(next() * items.length)];
}

function localPart(next: () => number): string {
	const length = next() < 0.05 ? 60 + Math.floor(next() * 15) : 1 + Math.floor(next() * 10);
	let text = '';
	for (let i = 0; i < length; i++) text += next() < 0.8 ? pick(next, 'abcdefghijklmnopqrstuvwxyzABCXYZ0123456789'.split('')) : pick(next, specials);
	return text;
}

function address(next: () => number): string {
	const roll = next();
	if (roll < 0.04) return localPart(next); // no @
	if (roll < 0.07) return `${localPart(next)}@${localPart(next)}@${pick(next, domains)}`;
	if (roll < 0.09) return `@${pick(next, domains)}`;
	if (roll < 0.11) return `${localPart(next)}@`;
	const domain = next() < 0.1 ? pick(next, domains).replace(/o/, pick(next, specials)) : pick(next, domains);
	return `${localPart(next)}@${domain}`;
}

const prefixes = ['SMTP:', 'smtp:', 'smtp:', 'X500:', 'x400:', 'SIP:', 'eum:', 'SMTP:smtp:', '', 'x.500:', ':', 'sip:smtp:'];

function freeText(next: () => number): string {
	const roll = next();
	const base = roll < 0.1 ? 'x'.repeat(250 + Math.floor(next() * 12)) : `${localPart(next)} ${localPart(next)}`;
	if (next() < 0.2) return ` ${base}`;
	if (next() < 0.2) return `${base} `;
	return base;
}

function generated(attribute: string, count: number, seed: number): string[] {
	const next = random(seed);
	const values: string[] = [];
	for (let i = 0; i < count; i++) {
		switch (attribute) {
			case 'userPrincipalName':
			case 'mail':
			case 'otherMails':
				values.push(address(next));
				break;
			case 'proxyAddresses':
			case 'targetAddress': {
				const prefix = pick(next, prefixes);
				const x500 = /^x\.?[45]00:/i.test(prefix);
				values.push(prefix + (x500 ? `/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=${localPart(next)}` : address(next)));
				break;
			}
			case 'mailNickname':
			case 'sAMAccountName':
				values.push(next() < 0.3 ? `.${localPart(next)}` : next() < 0.1 ? `${localPart(next)}${'x'.repeat(60)}` : localPart(next));
				break;
			default:
				values.push(freeText(next));
		}
	}
	return values;
}

/** Hand-picked values: each difference, and what both tools must agree on. */
const handPicked: Record<string, (string | undefined)[]> = {
	userPrincipalName: [
		'adelev@contoso.com', "o'connor@contoso.com", 'John Smith@contoso.com', 'john$smith@contoso.com', 'john`s@contoso.com',
		'zoë@contoso.com', 'ämter@contoso.com', 'jo%hn&x@contoso.com', 'john.@contoso.com', '.john@contoso.com', 'jo..hn@contoso.com',
		'a@b@contoso.com', 'john@contoso.local', 'john@contoso', 'john.smith@contoso', 'john@fabrikam.edu.au', 'john@tailspin.app',
		'john@contoso.travelersinsurance', 'john@contoso.xn--p1ai', 'john@x.home.arpa', 'jo\0hn@contoso.com', `${'x'.repeat(65)}@contoso.com`,
		`john@${'d'.repeat(45)}.com`, `${'x'.repeat(110)}@contoso.com`, '%@contoso.com', '@contoso.com', 'john@', 'john@contoso.com.',
		'john@con_toso.com', 'john@-contoso.com', `john@${'l'.repeat(64)}.com`, 'john@contoso..com', 'johnsmtp:x@contoso.com', 'john@contoso.c',
		'jo hn@contoso.c om', 'john@münchen.de', 'a. .b@contoso.com', 'john\u200b@contoso.com', 'john\u00a0smith@contoso.com',
	],
	mail: ['adelev@contoso.com', 'zoë@contoso.com', 'john smith@contoso.com', 'john\\x@contoso.com', 'john:x@contoso.com', 'john@contoso_corp.com', 'john', 'john@contoso.local', `${'m'.repeat(250)}@contoso.com`],
	otherMails: ['alex@fabrikam.com', 'alex@@fabrikam.com', 'alex fabrikam.com'],
	proxyAddresses: [
		'SMTP:adelev@contoso.com', 'smtp:adele.vance@contoso.com', 'SMTP:smtp:john@contoso.com', 'smtp:user:M@contoso.com', 'SMTP:john smith@contoso.com',
		"x500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=d'Agostini", 'X500:/o=Contoso/cn=a[b]',
		"X400:c=US;a= ;p=Contoso;o=Exchange;s=O'Connor;", 'john@contoso.com', ':john@contoso.com', 'SIP:john@contoso.com', 'sip:john smith@contoso.com',
		'eum:1234;phone-context=Dial.contoso.com', 'x500:/o=Contoso/cn=smtp:john', 'smtp:zoë@contoso.com', 'smtp:john@contoso.local', `smtp:${'p'.repeat(260)}@contoso.com`,
		'smtp:john@contoso.xn--p1ai', 'SMTP:john@contoso.com\0', 'smtp:(john)@contoso.com', 'smtp:john@(contoso).com', 'smtp:()@contoso.com',
		'Microsoft.ActiveDirectory.Management.ADPropertyValueCollection',
	],
	targetAddress: ['SMTP:adelev@contoso.mail.onmicrosoft.com', 'SMTP:john\\x@contoso.com', 'smtp:john smith@contoso.com', 'X500:/o=Contoso/cn=x', `SMTP:${'t'.repeat(240)}@contoso.com`, `SMTP:${'t'.repeat(239)}@contoso.com`, 'SMTP:SMTP:john@contoso.com', 'john@contoso.com'],
	mailNickname: ['adelev', '.adelev', '..adelev', 'adele.', 'adele..vance', 'adele vance', 'adele(v)', 'zoë', '.', 'x'.repeat(65), 'adele\tvance', 'a. .b'],
	sAMAccountName: ['adelev', 'adele[v]', 'adele*', 'averyveryverylongname123', '[]', 'o\'connor', 'adele\0v', 'adele vance', 'adele\tv'],
	displayName: [undefined, '', '   ', 'Adele Vance', ' Adele Vance', 'Adele Vance ', 'x'.repeat(256), 'x'.repeat(257), `${'x'.repeat(255)}😀`, `${'x'.repeat(254)} yz`, 'Adele\0Vance', 'Adele\tVance', `  ${'x'.repeat(300)}`],
	givenName: ['Adele', 'x'.repeat(64), 'x'.repeat(65), `${'x'.repeat(63)}😀`, 'Ad\u200bele'],
};

const corpus: { attribute: string; value: string | undefined }[] = [];
for (const [index, [attribute, values]] of Object.entries(handPicked).entries()) {
	for (const value of values) corpus.push({ attribute, value });
	for (const value of generated(attribute, 600, 1000 + index)) corpus.push({ attribute, value });
}

const everything: ReadonlySet<Difference> = new Set(allDifferences);

test('with every documented difference switched on, IdFix\'s rules give dirlint\'s verdict on every value', () => {
	const mismatches: string[] = [];
	for (const { attribute, value } of corpus) {
		const expected = oracleVerdict(attribute, value, everything);
		assert.ok(expected, `the oracle judges ${attribute}`);
		const actual = dirlintVerdict(attribute, value);
		if (expected.flagged !== actual.flagged || expected.suggestion !== actual.suggestion) {
			mismatches.push(`${attribute} ${JSON.stringify(value)}: IdFix+differences ${JSON.stringify(expected)}, dirlint ${JSON.stringify(actual)} ${JSON.stringify(dirlintProblems(attribute, value).map((problem) => problem.reason))}`);
		}
	}
	assert.deepEqual(mismatches.slice(0, 30), [], `${mismatches.length} mismatches`);
});

for (const difference of allDifferences) {
	test(`the difference "${difference}" is real: without it the oracle disagrees with dirlint on some value`, () => {
		const without = new Set(allDifferences.filter((other) => other !== difference));
		const shown = corpus.find(({ attribute, value }) => {
			const expected = oracleVerdict(attribute, value, without)!;
			const actual = dirlintVerdict(attribute, value);
			return expected.flagged !== actual.flagged || expected.suggestion !== actual.suggestion;
		});
		assert.ok(shown, `no value of the corpus shows ${difference}`);
	});
}

test('the corpus is large, and IdFix itself (no difference switched on) flags a good part of it', () => {
	assert.ok(corpus.length > 5000, `${corpus.length} values`);
	const flagged = corpus.filter(({ attribute, value }) => oracleVerdict(attribute, value, new Set())!.flagged).length;
	assert.ok(flagged > corpus.length / 4 && flagged < corpus.length, `${flagged} of ${corpus.length} flagged by IdFix`);
});

test('IdFix\'s verdicts on values its users reported (transcription spot checks)', () => {
	const idfix = (attribute: string, value: string | undefined) => idfixJudge(attribute, value, entry)!;
	// microsoft/idfix#81: a space in a UPN is a character error; the update removes it.
	assert.deepEqual(idfix('userPrincipalName', 'John Smith@mydomain.ro'), { errors: new Set(['character']), proposed: 'JohnSmith@mydomain.ro' });
	// microsoft/idfix#46: IdFix 2.6 still flags the apostrophe in a UPN.
	assert.deepEqual(idfix('userPrincipalName', "david.o'donnell@contoso.com").errors, new Set(['character']));
	// microsoft/idfix#16 was fixed: parentheses pass in X500; microsoft/idfix#79: the apostrophe does not.
	assert.equal(idfix('proxyAddresses', 'x500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=x').errors.size, 0);
	assert.deepEqual(idfix('proxyAddresses', "x500:/o=ExchangeLabs/cn=Recipients/cn=d'Agostini").errors, new Set(['character']));
	// microsoft/idfix#5, #38, #59: .cloud, .swiss and .africa are in 2.6's list; .app is not.
	for (const tld of ['cloud', 'swiss', 'africa']) assert.equal(idfix('userPrincipalName', `a@contoso.${tld}`).errors.size, 0, tld);
	assert.deepEqual(idfix('userPrincipalName', 'a@contoso.app').errors, new Set(['topleveldomain']));
	// The second colon of a proxy address is dropped, whatever the type.
	assert.deepEqual(idfix('proxyAddresses', 'smtp:user:M@contoso.com'), { errors: new Set(['character']), proposed: 'smtp:userM@contoso.com' });
	// Over the limit: truncated.
	assert.equal(idfix('sAMAccountName', 'averyveryverylongname123').proposed, 'averyveryverylongnam');
	// A blank displayName gets the cn.
	assert.deepEqual(idfix('displayName', undefined), { errors: new Set(['blank']), proposed: 'Corpus Person' });
	// A leading period of mailNickname is removed; only periods leaves the cn.
	assert.equal(idfix('mailNickname', '..adele').proposed, 'adele');
	assert.equal(idfix('mailNickname', '...').proposed, 'Corpus Person');
	// mail is checked for its length only.
	assert.equal(idfix('mail', 'not an address').errors.size, 0);
});

// ---- Exclusions ----------------------------------------------------------------------------

const exclusionDifferences = {
	/** IdFix skips any cn starting like a system account's; dirlint only exact built-in names and Exchange's own. */
	cnPrefixes: 'cn-prefixes',
	/** AD holds msExchRecipientTypeDetails as a decimal number; IdFix compares it with hex text and never matches. */
	recipientTypeBits: 'recipient-type-bits',
	/** IdFix looks for a NUL and "ACNF:" in the DN; a DN writes the line feed as \0A. */
	conflictEscapes: 'conflict-escapes',
	/** Any isCriticalSystemObject value excludes (Entra Connect's IsPresent); IdFix wants TRUE. */
	criticalPresent: 'critical-present',
	/** AAD_ accounts (Entra Connect's newer service account) are skipped. */
	aadAccount: 'aad-account',
	/** sAMAccountName: CAS_ needs a closing brace and SUPPORT_ is only SUPPORT_388945a0 (Entra Connect's rules). */
	exchangeNames: 'exchange-names',
	/** Hidden users named MSOL…, and groups without mail or proxyAddresses, are checked: Entra Connect syncs them. */
	syncedObjects: 'synced-objects',
	/** Computers and managed service accounts are skipped (IdFix's query never reads them). */
	machines: 'machines',
} as const;

type ExclusionDifference = (typeof exclusionDifferences)[keyof typeof exclusionDifferences];

interface ExclusionCase {
	entry: OracleSkipEntry;
	/** Which difference explains dirlint's answer, when it differs from IdFix's. */
	difference?: ExclusionDifference;
}

const user = ['top', 'person', 'organizationalPerson', 'user'];
const dn = (cn: string) => `CN=${cn},OU=Users,DC=contoso,DC=com`;
const exclusionCases: ExclusionCase[] = [
	{ entry: { distinguishedName: dn('Adele Vance'), cn: 'Adele Vance', objectClass: user, sAMAccountName: 'adelev' } },
	{ entry: { distinguishedName: dn('Administrator'), cn: 'Administrator', objectClass: user, sAMAccountName: 'Administrator', isCriticalSystemObject: 'TRUE' } },
	{ entry: { distinguishedName: dn('Administrator'), cn: 'Administrator', objectClass: user, sAMAccountName: 'Administrator' } },
	{ entry: { distinguishedName: dn('krbtgt'), cn: 'krbtgt', objectClass: user } },
	{ entry: { distinguishedName: dn('Guest'), cn: 'Guest', objectClass: user } },
	{ entry: { distinguishedName: dn('Iwamoto Kenji'), cn: 'Iwamoto Kenji', objectClass: user, sAMAccountName: 'kiwamoto' }, difference: 'cn-prefixes' },
	{ entry: { distinguishedName: dn('Guesthouse Reception'), cn: 'Guesthouse Reception', objectClass: user }, difference: 'cn-prefixes' },
	{ entry: { distinguishedName: dn('Administration Office'), cn: 'Administration Office', objectClass: user }, difference: 'cn-prefixes' },
	{ entry: { distinguishedName: dn('Msolo Thabo'), cn: 'Msolo Thabo', objectClass: user }, difference: 'cn-prefixes' },
	{ entry: { distinguishedName: dn('Support_Desk'), cn: 'Support_Desk', objectClass: user, sAMAccountName: 'Support_Desk' }, difference: 'cn-prefixes' },
	{ entry: { distinguishedName: dn('HealthMailbox0a1b2c'), cn: 'HealthMailbox0a1b2c3d4e5f60718293a4b5c6d7e8f9', objectClass: user } },
	{ entry: { distinguishedName: dn('SystemMailbox{1f05a927}'), cn: 'SystemMailbox{1f05a927-7709-4e35-9dbe-d0f608fb781a}', objectClass: user, mailNickname: 'SystemMailbox{1f05a927-7709-4e35-9dbe-d0f608fb781a}' } },
	{ entry: { distinguishedName: dn('FILESRV01$'), cn: 'FILESRV01$', objectClass: user } },
	{ entry: { distinguishedName: dn('Shared Room'), cn: 'Shared Room', objectClass: user, msExchRecipientTypeDetails: '8388608' }, difference: 'recipient-type-bits' },
	{ entry: { distinguishedName: dn('Shared Room'), cn: 'Shared Room', objectClass: user, msExchRecipientTypeDetails: '0x800000' } },
	{ entry: { distinguishedName: dn('Shared Mailbox'), cn: 'Shared Mailbox', objectClass: user, msExchRecipientTypeDetails: '34359738368' } },
	{ entry: { distinguishedName: 'CN=Adele Vance\\0ACNF:5d2d0bd1-7a9e-4a5b-9f44-1c1b7a1d2e3f,OU=Users,DC=contoso,DC=com', cn: 'Adele Vance\nCNF:5d2d0bd1-7a9e-4a5b-9f44-1c1b7a1d2e3f', objectClass: user }, difference: 'conflict-escapes' },
	{ entry: { distinguishedName: 'CN=Adele Vance\0ACNF:5d2d0bd1,OU=Users,DC=contoso,DC=com', cn: 'Adele Vance', objectClass: user } },
	{ entry: { distinguishedName: dn('Old Account'), cn: 'Old Account', objectClass: user, isCriticalSystemObject: 'FALSE' }, difference: 'critical-present' },
	{ entry: { distinguishedName: dn('AAD_0123456789ab'), cn: 'AAD_0123456789ab', objectClass: user, sAMAccountName: 'AAD_0123456789ab' }, difference: 'aad-account' },
	{ entry: { distinguishedName: dn('MSOL_0123456789ab'), cn: 'MSOL_0123456789ab', objectClass: user, sAMAccountName: 'MSOL_0123456789ab' } },
	{ entry: { distinguishedName: dn('Cas Smith'), cn: 'Cas Smith', objectClass: user, sAMAccountName: 'CAS_smith' }, difference: 'exchange-names' },
	{ entry: { distinguishedName: dn('CAS_{abc}'), cn: 'CAS_{abc}', objectClass: user, sAMAccountName: 'CAS_{abc}' } },
	{ entry: { distinguishedName: dn('Support Team'), cn: 'Support Team', objectClass: user, sAMAccountName: 'SUPPORT_team' }, difference: 'exchange-names' },
	{ entry: { distinguishedName: dn('SUPPORT_388945a0'), cn: 'SUPPORT_388945a0', objectClass: user, sAMAccountName: 'SUPPORT_388945a0' } },
	{ entry: { distinguishedName: dn('System Mailbox Admin'), cn: 'System Mailbox Admin', objectClass: user, mailNickname: 'SystemMailboxAdmin' }, difference: 'exchange-names' },
	{ entry: { distinguishedName: dn('Directory Sync'), cn: 'Directory Sync', objectClass: user, displayName: 'MSOL Directory Sync', msExchHideFromAddressLists: 'TRUE' }, difference: 'synced-objects' },
	{ entry: { distinguishedName: dn('Finance Team'), cn: 'Finance Team', objectClass: ['top', 'group'], groupType: '-2147483646' }, difference: 'synced-objects' },
	{ entry: { distinguishedName: dn('All Staff'), cn: 'All Staff', objectClass: ['top', 'group'], groupType: '8' }, difference: 'synced-objects' },
	{ entry: { distinguishedName: dn('All Staff'), cn: 'All Staff', objectClass: ['top', 'group'], groupType: '8', proxyAddresses: 'SMTP:allstaff@contoso.com' } },
	{ entry: { distinguishedName: 'CN=FILESRV02,OU=Servers,DC=contoso,DC=com', cn: 'FILESRV02', objectClass: [...user, 'computer'], sAMAccountName: 'FILESRV02$' }, difference: 'machines' },
];

function valuesOf(entry: OracleSkipEntry): Map<string, string[]> {
	const values = new Map<string, string[]>([['objectclass', entry.objectClass]]);
	for (const [name, value] of Object.entries(entry)) {
		if (name === 'distinguishedName' || name === 'objectClass' || value === undefined) continue;
		values.set(name.toLowerCase(), [value as string]);
	}
	return values;
}

test('exclusions: dirlint skips what IdFix skips, except where a listed difference says why not', () => {
	const wrong: string[] = [];
	for (const { entry: object, difference } of exclusionCases) {
		const idfix = idfixSkips(object);
		const dirlint = exclusionOf(valuesOf(object), object.distinguishedName) !== undefined;
		if ((idfix === dirlint) !== (difference === undefined)) wrong.push(`${object.distinguishedName}: IdFix ${idfix}, dirlint ${dirlint}, difference ${difference ?? 'none'}`);
	}
	assert.deepEqual(wrong, []);
	for (const difference of Object.values(exclusionDifferences)) {
		assert.ok(exclusionCases.some((item) => item.difference === difference), `no case shows ${difference}`);
	}
});
