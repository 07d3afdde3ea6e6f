/**
 * dirlint says only what is true about SSPR today. The facts table (shared/src/facts.ts) is dated
 * and sourced; every text dirlint ships is held to it: none may claim that a number or email in
 * the directory lets a user reset on their own (false since 5 October 2026), every SSPR sentence a
 * hover shows is a fact's wording for the hover's date, and the wording follows the clock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { attributeCatalogue } from '../../shared/src/catalogue';
import { setClock } from '../../shared/src/clock';
import { Fact, FactId, fact, factStating, factText, facts, statementsFor, undatedStatement } from '../../shared/src/facts';
import { attributeCard } from '../../server/src/engine/hoverCards';
import { phoneCard } from '../../server/src/engine/rules/phoneHover';
import { createPhoneJudge } from '../../server/src/engine/rules/phoneRule';
import type { Attribute, AttributeValue } from '../../server/src/engine/model';
import { linter, repoRoot, settings } from './engineHarness';

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

function validDay(day: string): boolean {
	return isoDay.test(day) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);
}

/** Both wordings of a fact. */
function wordings(entry: Fact): string[] {
	return entry.announcement ? [entry.announcement, entry.statement] : [entry.statement];
}

// ---- The table ------------------------------------------------------------------------------

test('every fact has a read date, a source with title, site and address, and both wordings when dated', () => {
	for (const entry of facts) {
		assert.ok(validDay(entry.read), `${entry.id}: read ${entry.read}`);
		assert.ok(entry.sources.length > 0, entry.id);
		for (const source of entry.sources) {
			assert.ok(source.title.length > 0, `${entry.id}: title`);
			assert.equal(new URL(source.url).protocol, 'https:', `${entry.id}: ${source.url}`);
			assert.equal(new URL(source.url).hostname, source.site, `${entry.id}: site and address agree`);
			if (source.published) assert.ok(validDay(source.published), `${entry.id}: published ${source.published}`);
		}
		assert.equal(entry.effective === undefined, entry.announcement === undefined, `${entry.id}: a dated fact has an announcement, an undated one none`);
		if (entry.effective) {
			assert.ok(validDay(entry.effective), `${entry.id}: effective ${entry.effective}`);
			assert.notEqual(entry.announcement, entry.statement, entry.id);
			// An announcement speaks of the future, so it names the day, written as the sentences write it.
			const [year, month, day] = entry.effective.split('-').map(Number);
			const named = `${day} ${new Date(Date.UTC(year, month - 1, day)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} ${year}`;
			assert.ok(entry.announcement!.includes(named), `${entry.id}: the announcement names ${named}`);
		}
		for (const wording of wordings(entry)) assert.match(wording, /^[A-Z].*[.]$/, `${entry.id}: a whole sentence`);
	}
});

test('the table holds the facts issue #11 needs, with their dates and sources', () => {
	const dates: Partial<Record<FactId, string | undefined>> = {
		'phone-format': undefined,
		'registered-methods-only': '2026-10-05',
		'registration-campaign': '2026-11-09',
		'admin-registers-phone': undefined,
		'phone-method-permissions': undefined,
		'sms-voice-retirement': '2027-02-01',
		'office-phone-method': undefined,
		'alternate-phones-mfa-only': undefined,
		'other-mails-cloud-only': undefined,
		'office-phone-read-only': undefined,
		'dirsync-overrides': undefined,
	};
	for (const [id, effective] of Object.entries(dates)) assert.equal(fact(id as FactId).effective, effective, id);
	const learn = (id: FactId) => fact(id).sources.map((source) => source.url.replace('https://learn.microsoft.com', ''));
	assert.deepEqual(fact('phone-format').sources.map((source) => source.title), [
		'Prepopulate user authentication contact information for Microsoft Entra self-service password reset',
		'Deploy password reset without requiring end-user registration',
	]);
	assert.equal(fact('phone-format').sources[1].published, '2019-12-09');
	assert.deepEqual(learn('registered-methods-only'), ['/entra/identity/authentication/howto-sspr-authenticationdata']);
	assert.deepEqual(learn('registration-campaign'), ['/entra/identity/authentication/howto-sspr-authenticationdata']);
	assert.deepEqual(learn('sms-voice-retirement'), ['/entra/identity/authentication/concept-sms-voice-retirement']);
	assert.equal(fact('sms-voice-retirement').sources[0].published, '2026-06-10');
	assert.deepEqual(learn('admin-registers-phone'), ['/graph/api/authentication-post-phonemethods']);
	for (const needed of ['UserAuthMethod-Phone.ReadWrite.All', 'UserAuthenticationMethod.ReadWrite.All', 'Authentication Administrator', 'Privileged Authentication Administrator']) {
		assert.ok(fact('phone-method-permissions').statement.includes(needed), needed);
	}
	assert.match(fact('sms-voice-retirement').statement, /ended on 1 February 2027/);
	assert.match(fact('sms-voice-retirement').announcement!, /end on 1 February 2027/);
	assert.match(fact('office-phone-method').statement, /paid subscriptions/);
	assert.match(fact('dirsync-overrides').statement, /BypassDirSyncOverridesEnabled/);
});

test('factText gives the announcement until the UTC day a fact takes effect, then its statement', () => {
	const retirement = fact('sms-voice-retirement');
	assert.equal(factText('sms-voice-retirement', new Date('2027-01-31T23:59:59Z')), retirement.announcement);
	assert.equal(factText('sms-voice-retirement', new Date('2027-02-01T00:00:00Z')), retirement.statement);
	assert.equal(factText('registered-methods-only', new Date('2026-10-04T12:00:00Z')), fact('registered-methods-only').announcement);
	assert.equal(factText('registered-methods-only', new Date('2026-12-04T12:00:00Z')), fact('registered-methods-only').statement);
	assert.equal(factText('phone-format', new Date('2019-01-01T00:00:00Z')), fact('phone-format').statement);
	assert.throws(() => undatedStatement('sms-voice-retirement'), /takes effect on 2027-02-01/);
	assert.deepEqual(statementsFor('mobile', new Date('2026-12-04T12:00:00Z')).map((statement) => statement.id),
		['phone-format', 'registered-methods-only', 'admin-registers-phone', 'sms-voice-retirement', 'dirsync-overrides']);
	assert.deepEqual(statementsFor('homePhone', new Date('2026-12-04T12:00:00Z')), []);
});

test('each attribute\'s SSPR line is a fact that holds on every date, or a sentence about dirlint', () => {
	for (const info of attributeCatalogue) {
		const role = factStating(info.ssprUse);
		if (!role) {
			assert.match(info.ssprUse, /^dirlint /, `${info.ldapName}: "${info.ssprUse}" is neither a fact nor about dirlint`);
			continue;
		}
		assert.equal(role.effective, undefined, `${info.ldapName}: its SSPR line cannot follow the clock`);
		assert.ok(!role.attributes.includes(info.ldapName), `${info.ldapName}: ${role.id} would be shown twice`);
	}
});

// ---- No shipped text claims that a directory value alone enables reset ----------------------

/**
 * The claims dirlint must never make since 5 October 2026, in English and Chinese: that a number
 * or email in the directory (prefilled, synced) lets a user reset without registering, or that
 * SSPR uses (dials, texts) a directory value as it stands. Each pattern stays within a sentence,
 * and a negated claim ("no longer lets", "不再能") is not one.
 */
const forbiddenClaims: readonly RegExp[] = [
	/(?<!(?:no longer|not|n't|never)\s)\b(?:lets?|allows?|enables?|permits?)\b[^.;\n]*?\breset\b[^.;\n]*?\b(?:before|without)\b[^.;\n]*?\bregist/i,
	/\b(?:users?|they)\s+can(?!'t|not|\s+(?:no longer|not|never)\b)\b[^.;\n]*?\breset\b[^.;\n]*?\b(?:before|without|even if)\b[^.;\n]*?\bregist/i,
	/\bSSPR\s+(?:dials|texts or calls|calls|texts|can call|can text)\s+(?:this|that|the)\s+(?:number|value)\b/i,
	/\bSSPR dials:/i,
	/\bready for SSPR\./i,
	/(?:注册前|无需注册|不用注册|未注册|尚未注册|没有注册)[^。；\n]*?(?<!不再)(?:即可|就能|便可|可以|也能)[^。；\n]*?重置/,
	/(?:使|让|允许|能让)用户[^。；\n]*?(?:注册前|无需注册|不用注册|未注册|尚未注册)[^。；\n]*?重置/,
	/(?:^|[。：\n-]\s*)可用于\s*SSPR。/,
	/SSPR\s*拨打：/,
	/SSPR\s*会?(?:向此号码|向该号码|拨打此号码)/,
];

function claimsIn(text: string): string[] {
	return forbiddenClaims.flatMap((pattern) => {
		const match = pattern.exec(text);
		return match ? [match[0].trim()] : [];
	});
}

/** Sentences dirlint shipped before this change (and Microsoft's 2019 page): each must be caught. */
const knownBad = [
	'SSPR texts or calls this number when the Mobile phone method is enabled. A prefilled value lets the user reset before registering; registration saves it as Authentication Phone.',
	'A prefilled value lets the user reset before registering; registration saves it as Authentication Phone.',
	'| `mobile` (`MobilePhone`) | Mobile phone (`mobilePhone`) | SMS and voice; a prefilled value lets users reset before registering | error |',
	'Ready for SSPR.',
	'SSPR dials: {0}',
	'SSPR texts or calls this number when the Mobile phone method is enabled.',
	'If you have provided a value for Mobile phone or Alternate email, users can immediately use those values to reset their passwords, even if they haven\'t registered for the service.',
	'Users can reset without registering.',
	'Prepopulated numbers let users reset their password without registration.',
	'Synced numbers allow users to reset before they register.',
	'启用“移动电话”方法后，SSPR 会向此号码发送短信或拨打电话。预先填充的值使用户在注册前即可重置密码；注册时会将其保存为“身份验证电话”。',
	'预先填充的值使用户在注册前即可重置密码。',
	'可用于 SSPR。',
	'SSPR 拨打：{0}',
	'用户无需注册即可重置密码。',
	'即使用户尚未注册，也可以使用这些值重置密码。',
	'同步的号码允许用户在注册前重置密码。',
];

/** True sentences the patterns must let through. */
const knownGood = [
	'Until 5 October 2026, SSPR also accepted a synced Mobile phone or Alternate email the user had never registered.',
	'A synced number no longer lets a user reset without registering.',
	'Users can no longer reset without registering a method.',
	'{0} has an extension ({1}); SSPR drops extensions and dials {2}.',
	'{0} 包含分机 ({1})；SSPR 会删除分机并拨打 {2}。',
	'从未注册的号码不再能用于验证密码重置。',
];

test('the forbidden claims catch the sentences dirlint shipped before, and let true ones through', () => {
	for (const sentence of knownBad) assert.notDeepEqual(claimsIn(sentence), [], `not caught: ${sentence}`);
	const zh = JSON.parse(fs.readFileSync(path.join(repoRoot, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
	for (const sentence of [...knownGood, ...facts.flatMap(wordings), ...facts.flatMap(wordings).map((wording) => zh[wording])]) {
		assert.deepEqual(claimsIn(sentence), [], `a true sentence is flagged: ${sentence}`);
	}
});

function markdownFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return markdownFiles(full);
		return entry.name.endsWith('.md') ? [full] : [];
	});
}

test('no text dirlint ships claims that a directory number or email alone enables reset', () => {
	const shipped: [string, string][] = [];
	for (const name of ['l10n/bundle.l10n.json', 'l10n/bundle.l10n.zh-cn.json', 'package.nls.json', 'package.nls.zh-cn.json']) {
		const bundle = JSON.parse(fs.readFileSync(path.join(repoRoot, name), 'utf8')) as Record<string, string>;
		for (const [key, value] of Object.entries(bundle)) shipped.push([`${name} ${key}`, value]);
	}
	for (const file of [path.join(repoRoot, 'README.md'), path.join(repoRoot, 'CHANGELOG.md'), ...markdownFiles(path.join(repoRoot, 'docs'))]) {
		fs.readFileSync(file, 'utf8').split('\n').forEach((line, index) => shipped.push([`${path.relative(repoRoot, file)}:${index + 1}`, line]));
	}
	for (const info of attributeCatalogue) shipped.push([`catalogue ${info.ldapName}`, `${info.azureField}\n${info.ssprUse}`]);
	const found = shipped.flatMap(([where, text]) => claimsIn(text).map((claim) => `${where}: ${claim}`));
	assert.deepEqual(found, []);
});

// ---- Hovers say only what the table says, for their date ----------------------------------

const dates = ['2026-09-01T09:00:00Z', '2026-12-04T09:00:00Z', '2027-02-02T09:00:00Z'].map((day) => new Date(day));

/** A line of a hover card that speaks about SSPR, MFA or password reset. */
const aboutSspr = /SSPR|MFA|password reset|\breset\b/i;

/**
 * The SSPR lines a card may show besides fact wordings: dirlint's own output (the SSPR form it
 * derived, a finding's format message), citations, and the catalogue's sentences about dirlint.
 */
const dirlintLine = /^(?:SSPR form: |Problem: |Not checked by default: |Sources?: |SSPR: dirlint |PowerShell \(Microsoft Graph; MSOnline and AzureAD are retired\):$)/;

function ssprLines(markdown: string): string[] {
	return markdown.split('\n').map((line) => line.replace(/^- /, '')).filter((line) => aboutSspr.test(line) && !dirlintLine.test(line));
}

function assertFromTable(markdown: string, now: Date, where: string): void {
	const current = new Set(facts.map((entry) => factText(entry.id, now)));
	const otherDates = new Set(facts.flatMap(wordings).filter((wording) => !current.has(wording)));
	for (const line of ssprLines(markdown)) {
		const sentence = line.replace(/^SSPR: /, '');
		assert.ok(current.has(sentence), `${where} at ${now.toISOString()}: not from the facts table: ${line}`);
	}
	for (const wording of otherDates) assert.ok(!markdown.includes(wording), `${where} at ${now.toISOString()}: wording of another date: ${wording}`);
}

test('every SSPR sentence of an attribute card is a fact worded for its date, with its source cited', () => {
	for (const now of dates) {
		for (const info of attributeCatalogue) {
			const card = attributeCard(info, settings(), [], now);
			assertFromTable(card, now, info.ldapName);
			const role = factStating(info.ssprUse);
			const cited = [...(role ? [role.sources[0]] : []), ...statementsFor(info.ldapName, now).map((statement) => statement.source)];
			for (const source of cited) assert.ok(card.includes(`[${source.title}](${source.url})`), `${info.ldapName}: cites ${source.title}`);
		}
	}
});

test('every SSPR sentence of a phone value card is a fact worded for its date', () => {
	const judge = createPhoneJudge();
	const values = ['+1 4255551234', '+1 425 555 1234', '+44 20 7946 0958 x2210', 'n/a', '4255551234'];
	for (const now of dates) {
		for (const info of attributeCatalogue.filter((candidate) => candidate.kind === 'phone')) {
			for (const text of values) {
				const span = { start: 0, end: text.length };
				const value: AttributeValue = { text, span, editSpan: span, encoding: 'plain', checked: true };
				const attribute: Attribute = { name: info.ldapName, info, nameSpan: span, values: [value] };
				const card = phoneCard(attribute, value, judge(text, undefined), info.phoneRole !== 'optional', now);
				assertFromTable(card, now, `${info.ldapName} ${text}`);
			}
		}
	}
});

// ---- The clock, through the linter's hover ---------------------------------------------------

/** Runs `body` with the clock fixed at `day`, then puts the clock back. */
function on<T>(day: string, body: () => T): T {
	const previous = setClock(() => new Date(day));
	try {
		return body();
	} finally {
		setClock(previous);
	}
}

test('the hover follows the clock: SMS and voice "end" before 1 February 2027 and "ended" after', () => {
	const text = 'DN,mobile\nCN=a,+1 4255551234\n';
	const resolved = settings();
	const document = linter.read(text, 'csv', resolved);
	const header = () => linter.hover(document, text.indexOf('mobile') + 2, resolved)!.markdown;
	const value = () => linter.hover(document, text.indexOf('4255551234'), resolved)!.markdown;
	const retirement = fact('sms-voice-retirement');

	const before = on('2026-12-04T12:00:00Z', header);
	assert.ok(before.includes(`- ${retirement.announcement}`), before);
	assert.ok(!before.includes(retirement.statement));
	assert.ok(before.includes(`- ${fact('registered-methods-only').statement}`));
	assert.ok(before.includes('[Passkeys by default and retirement of Microsoft-provided SMS and voice authentication](https://learn.microsoft.com/entra/identity/authentication/concept-sms-voice-retirement)'));

	const after = on('2027-02-02T12:00:00Z', header);
	assert.ok(after.includes('- Microsoft-provided SMS and voice for MFA and SSPR ended on 1 February 2027; texts and calls now need a telecom provider the tenant contracts through the Microsoft Security Store.'), after);
	assert.ok(!after.includes(retirement.announcement!));

	const early = on('2026-09-01T12:00:00Z', header);
	assert.ok(early.includes(`- ${fact('registered-methods-only').announcement}`), early);

	assert.ok(on('2026-12-04T12:00:00Z', value).includes('- In the form SSPR needs; register it as the user\'s phone authentication method for SSPR to use it.'));
	assert.ok(on('2026-09-01T12:00:00Z', value).includes('- In the form SSPR needs; from 5 October 2026, SSPR uses it only once it is registered as the user\'s phone authentication method.'));
});
