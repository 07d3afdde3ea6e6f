#!/usr/bin/env node
// Generates an Active Directory user export of a multinational tenant from a fixed seed, the same
// bytes every run:
//   node bench/generate.mjs --users N [--first F] --format csv|ldif --out FILE [--seed 1] [--stats]
// It writes users F … F+N-1 (F is 0 unless given). Every user is drawn from the seed and its own
// index alone, so `--users 500000` and `--users 500000 --first 500000` are the two halves of
// `--users 1000000`: the second file without its header line (`version: 1` and a blank line in
// LDIF) appended to the first is the whole export, byte for byte. --stats then prints the shares
// written and, the export read back whole by the compiled engine (npm run compile-tests), the
// share of its phone values that take the full parse.
// CSV is written the way csvde writes it (CRLF, quoted DN, `a;b` multi-valued cells), LDIF the way
// ldifde does (changetype: add, base64 for values that are not a SAFE-STRING such as non-ASCII
// ones, lines folded at 76 characters, a multi-valued attribute on repeated lines).
//
// Countries: 81 regions, weighted as a multinational's staff (US 17.7%, IN 7%, GB and DE 6% … down to
// 0.1% for IS, JO, CY and MT: the table below). Phone numbers are drawn from each country's own
// patterns in libphonenumber-js's metadata (the metadata the engine uses): fixed-line numbers from
// its FIXED_LINE pattern, mobile ones from its MOBILE pattern, each kept only when it has a length
// the type allows, matches the country's general pattern and is given that very country by its
// calling code (a +44 number that would be Guernsey's is drawn again), which is what
// PhoneNumber.isValid checks; test/unit/generate.test.ts holds every drawn number to isValid.
//
// Country columns, per user: c, co (the name Active Directory Users and Computers writes) and
// countryCode 86%; c only 4%; countryCode and co 3%; co only 2% (a quarter of them an ISO long name
// such as "Korea, Republic of"); countryCode only 1.5%; none 3%; c disagreeing with co and
// countryCode 0.5%.
// Phones, per user: telephoneNumber 85% (fixed-line), mobile 80% (mobile; 5% of them a fixed-line
// number where the country has numbers that are fixed-line only, as `phone.not-mobile` finds),
// otherTelephone 15% (a fifth of them two numbers).
// Each phone value is written in one of these forms (weights in % of the values written; a form a
// number cannot take falls back to `international`: the trunk forms need a trunk prefix, so about a
// third of their draws, those of the US, Spain, Italy …, become `international`):
//   canonical `+44 2079460958` 53.5 · international (libphonenumber-js's formatInternational; for +1
//   also `+1 (425) 555-0100`) 10 · dashes `+44-20-7946-0958` 3 · dots `+44.20.7946.0958` 1.5 ·
//   compact `+442079460958` 3 · slash `+49 30/12345678` 1 · the region's own international prefix
//   (00, 011, 0011, 010, 810, 0021 …) 4 · a prefix that is not the region's (00 in the US or Japan,
//   011 in Europe) 0.8 · national in the row's region, formatNational 10, digits only 2 ·
//   extension ` x123`, ` ext. 123`, `;ext=123`, ` #123`, `X123` … 3.5 · rarer extension spellings
//   (` Ext: 12`, `,,12`, ` extn. 12`, ` anexo 12`, ` доб. 12`) 0.6 · trunk prefix in brackets
//   `+44 (0)20 7946 0958` 2 · trunk prefix kept `+44 020 7946 0958` 1.5 · fullwidth digits and plus
//   `＋８１ ９０ …` 0.3 · a label `Tel: …`, `tel:+…`, `電話：…` 0.5 · no number (`n/a`, `TBD` …)
//   1.2 · too short 0.6 · unknown calling code 0.4 · a valid length but not a valid number 0.6.
// The weights put more values on libphonenumber-js's full parse than a tidy tenant does: `--stats`
// measures the share of phone values the engine's fast path (judgeQuickly) leaves to it, 6.2% of
// 100,000 users' values with the engine of 2026-12-04 (the trunk, label, fullwidth, rarer extension
// and foreign-prefix forms, a valid length but not a valid number, national numbers without a
// region, and every Argentine number); the tenant generated before this one left 0.13% to it.
//
// Identity, per user: userPrincipalName first.last@contoso.com (one in seven on another verified
// suffix: contoso.co.uk, contoso.de, fabrikam.com …; a name pair that repeats gets a middle initial),
// mail = the UPN (5% on another domain, 7% no mailbox), mailNickname, proxyAddresses (SMTP primary,
// smtp aliases, X500 on 30%, SIP on 25%), targetAddress on 25% of mailboxes, otherMails on 20%,
// sAMAccountName, displayName (10% `Last, First`), givenName, sn, department, title. Problems, each
// on a fixed share of users: a UPN with a space 0.1%, on a non-routable suffix (.local) 0.3%, on a
// top-level domain that does not exist (.cmo) 0.1%, non-ASCII letters in mail 1.5% of the users
// whose name has them (0.2% of all), displayName with a space at an edge 0.2%, sAMAccountName over
// 20 characters 0.1%, a proxy address with a second `:` 0.1% (at most one problem a user).
// Duplicates: 0.25% of users hold another (earlier) user's UPN, case changed, and 0.25% another
// user's address as a proxy address (the other user is anywhere before, so the two halves of an
// export share some). System accounts IdFix leaves out: Administrator, Guest, krbtgt and
// DefaultAccount (users 0 to 3), HealthMailbox… 0.02%, and replication conflict objects (`\0ACNF:`
// in the DN, a copy of an earlier user's UPN, mail and proxy addresses) 0.02%.
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Metadata } from 'libphonenumber-js/core';

const require = createRequire(import.meta.url);
const metadataJson = require('libphonenumber-js/metadata.max.json');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const usage = 'usage: node bench/generate.mjs --users N [--first F] --format csv|ldif --out FILE [--seed N] [--stats]';

// ---- Randomness ----------------------------------------------------------------------------

/** A 32-bit hash of integers (murmur3's finalizer over a running mix): seeds per user and purpose. */
function hash32(...values) {
	let h = 0x9e3779b9;
	for (const value of values) {
		h = Math.imul(h ^ (value >>> 0), 0x85ebca6b);
		h ^= h >>> 13;
		h = Math.imul(h, 0xc2b2ae35);
		h ^= h >>> 16;
	}
	return h >>> 0;
}

/** mulberry32, a small fast 32-bit PRNG (one per user and purpose): floats in [0, 1) and helpers. */
class Random {
	constructor(seed) {
		this.state = seed >>> 0;
	}

	next() {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	int(below) {
		return Math.floor(this.next() * below);
	}

	chance(probability) {
		return this.next() < probability;
	}

	pick(items) {
		return items[this.int(items.length)];
	}

	digits(count) {
		let text = '';
		for (let i = 0; i < count; i++) text += this.int(10);
		return text;
	}

	hex(count) {
		let text = '';
		for (let i = 0; i < count; i++) text += '0123456789abcdef'[this.int(16)];
		return text;
	}

	/** One of `[name, weight]` pairs, by weight. */
	weighted(table, total) {
		let roll = this.next() * total;
		for (const entry of table) if ((roll -= entry[1]) < 0) return entry;
		return table[table.length - 1];
	}
}

// The purposes a user's randomness is drawn for, each its own stream: a user's identity can be
// drawn again (for another user that duplicates it) without drawing its phones.
const identityStream = 1;
const detailStream = 2;
const problemStream = 3;

// ---- Countries -----------------------------------------------------------------------------

/**
 * [alpha-2, ISO numeric, weight in %, the name ADUC writes in co, an ISO long name some scripts write]
 * for 81 regions: a multinational's staff, heaviest where such companies employ most.
 */
const countryTable = [
	['US', 840, 17.7, 'United States', 'United States of America'], ['IN', 356, 7, 'India'], ['GB', 826, 6, 'United Kingdom'],
	['DE', 276, 6, 'Germany'], ['CN', 156, 4, 'China'], ['FR', 250, 4, 'France'], ['JP', 392, 3, 'Japan'], ['BR', 76, 3, 'Brazil'],
	['CA', 124, 3, 'Canada'], ['MX', 484, 2, 'Mexico'], ['ES', 724, 2, 'Spain'], ['IT', 380, 2, 'Italy'], ['NL', 528, 2, 'Netherlands'],
	['PL', 616, 2, 'Poland'], ['AU', 36, 2, 'Australia'], ['PH', 608, 1.5, 'Philippines'], ['KR', 410, 1.2, 'Korea', 'Korea, Republic of'],
	['SG', 702, 1, 'Singapore'], ['IE', 372, 1, 'Ireland'], ['SE', 752, 1, 'Sweden'], ['CH', 756, 1, 'Switzerland'], ['BE', 56, 1, 'Belgium'],
	['TR', 792, 1, 'Turkey', 'Türkiye'], ['AT', 40, 0.8, 'Austria'], ['PT', 620, 0.8, 'Portugal'], ['CZ', 203, 0.8, 'Czech Republic', 'Czechia'],
	['RO', 642, 0.8, 'Romania'], ['IL', 376, 0.8, 'Israel'], ['AE', 784, 0.8, 'United Arab Emirates'], ['ZA', 710, 0.8, 'South Africa'],
	['AR', 32, 0.8, 'Argentina'], ['CO', 170, 0.8, 'Colombia'], ['RU', 643, 0.8, 'Russia', 'Russian Federation'], ['DK', 208, 0.6, 'Denmark'],
	['NO', 578, 0.6, 'Norway'], ['FI', 246, 0.6, 'Finland'], ['HU', 348, 0.6, 'Hungary'], ['SA', 682, 0.6, 'Saudi Arabia'], ['EG', 818, 0.6, 'Egypt'],
	['NG', 566, 0.6, 'Nigeria'], ['UA', 804, 0.6, 'Ukraine'], ['TW', 158, 0.6, 'Taiwan', 'Taiwan, Province of China'],
	['HK', 344, 0.6, 'Hong Kong S.A.R.', 'Hong Kong'], ['MY', 458, 0.6, 'Malaysia'], ['VN', 704, 0.6, 'Vietnam', 'Viet Nam'],
	['ID', 360, 0.6, 'Indonesia'], ['GR', 300, 0.5, 'Greece'], ['CL', 152, 0.5, 'Chile'], ['TH', 764, 0.5, 'Thailand'], ['KE', 404, 0.4, 'Kenya'],
	['MA', 504, 0.4, 'Morocco'], ['PE', 604, 0.4, 'Peru'], ['NZ', 554, 0.4, 'New Zealand'], ['PK', 586, 0.4, 'Pakistan'], ['SK', 703, 0.4, 'Slovakia'],
	['BG', 100, 0.4, 'Bulgaria'], ['BD', 50, 0.3, 'Bangladesh'], ['LK', 144, 0.3, 'Sri Lanka'], ['QA', 634, 0.3, 'Qatar'], ['LU', 442, 0.3, 'Luxembourg'],
	['HR', 191, 0.3, 'Croatia'], ['RS', 688, 0.3, 'Serbia'], ['LT', 440, 0.3, 'Lithuania'], ['CR', 188, 0.3, 'Costa Rica'], ['PR', 630, 0.3, 'Puerto Rico'],
	['KW', 414, 0.2, 'Kuwait'], ['SI', 705, 0.2, 'Slovenia'], ['EE', 233, 0.2, 'Estonia'], ['LV', 428, 0.2, 'Latvia'], ['PA', 591, 0.2, 'Panama'],
	['DO', 214, 0.2, 'Dominican Republic'], ['UY', 858, 0.2, 'Uruguay'], ['EC', 218, 0.2, 'Ecuador'], ['GT', 320, 0.2, 'Guatemala'],
	['KZ', 398, 0.2, 'Kazakhstan'], ['GH', 288, 0.2, 'Ghana'], ['TN', 788, 0.2, 'Tunisia'], ['IS', 352, 0.1, 'Iceland'], ['JO', 400, 0.1, 'Jordan'],
	['CY', 196, 0.1, 'Cyprus'], ['MT', 356, 0.1, 'Malta'],
];

/** Verified UPN suffixes of a country's users besides contoso.com: [suffix, share of its users]. */
const localSuffixes = {
	GB: ['contoso.co.uk', 0.4], DE: ['contoso.de', 0.3], FR: ['contoso.fr', 0.3], JP: ['contoso.co.jp', 0.3],
	AU: ['contoso.com.au', 0.3], BR: ['contoso.com.br', 0.3], IN: ['contoso.in', 0.2],
};

/** Regions where `anexo` (Spanish, Portuguese) or `доб.` (Russian, Ukrainian) is how an extension is written. */
const anexoRegions = new Set(['ES', 'MX', 'AR', 'CO', 'CL', 'PE', 'UY', 'EC', 'GT', 'CR', 'PA', 'DO', 'PR', 'BR', 'PT']);
const dobRegions = new Set(['RU', 'UA', 'KZ']);
/** Regions whose exports carry fullwidth digits and CJK labels. */
const cjkRegions = new Set(['JP', 'CN', 'TW', 'HK', 'KR']);

// ---- Numbering plans, compiled from libphonenumber-js's metadata -----------------------------

const metadata = new Metadata(metadataJson);
const callingCodeCountries = metadataJson.country_calling_codes;
const entirely = (pattern) => new RegExp(`^(?:${pattern})$`);

/**
 * A pattern of the metadata (digits, \d, classes, groups, alternation, ? and {n,m}) as a tree that
 * draws strings the pattern matches: each alternative and each count equally likely.
 */
function samplerOf(source) {
	let at = 0;
	function alternatives() {
		const branches = [sequence()];
		while (source[at] === '|') {
			at++;
			branches.push(sequence());
		}
		return branches;
	}
	function sequence() {
		const items = [];
		while (at < source.length && source[at] !== '|' && source[at] !== ')') {
			const char = source[at];
			let atom;
			if (char === '(') {
				at += source.startsWith('(?:', at) ? 3 : 1;
				atom = { branches: alternatives() };
				at++;
			} else if (char === '[') {
				const end = source.indexOf(']', at);
				let chars = '';
				const body = source.slice(at + 1, end);
				for (let i = 0; i < body.length; i++) {
					if (body[i + 1] === '-') {
						for (let code = body.charCodeAt(i); code <= body.charCodeAt(i + 2); code++) chars += String.fromCharCode(code);
						i += 2;
					} else chars += body[i];
				}
				atom = { chars };
				at = end + 1;
			} else if (char === '\\' && source[at + 1] === 'd') {
				atom = { chars: '0123456789' };
				at += 2;
			} else if (char >= '0' && char <= '9') {
				atom = { chars: char };
				at++;
			} else {
				throw new Error(`generate.mjs cannot draw from the pattern ${source}: ${char} at ${at}`);
			}
			let min = 1;
			let max = 1;
			if (source[at] === '?') {
				min = 0;
				at++;
			} else if (source[at] === '{') {
				const end = source.indexOf('}', at);
				const [low, high] = source.slice(at + 1, end).split(',');
				min = Number(low);
				max = high === undefined ? min : Number(high);
				at = end + 1;
			}
			items.push({ atom, min, max });
		}
		return items;
	}
	const tree = alternatives();
	function draw(branches, random) {
		let text = '';
		for (const { atom, min, max } of branches[random.int(branches.length)]) {
			const count = min + random.int(max - min + 1);
			for (let i = 0; i < count; i++) text += atom.chars ? atom.chars[random.int(atom.chars.length)] : draw(atom.branches, random);
		}
		return text;
	}
	return (random) => draw(tree, random);
}

const plans = new Map();

/**
 * A country's numbering plan, compiled once: what PhoneNumber.isValid and getType consult, its
 * formats, and its prefixes.
 */
function planOf(country) {
	let plan = plans.get(country);
	if (plan) return plan;
	metadata.selectNumberingPlan(country);
	const numbering = metadata.numberingPlan;
	const type = (name, source = numbering.type(name)?.pattern()) => {
		if (!source) return undefined;
		return { source, pattern: entirely(source), lengths: numbering.type(name).possibleLengths() ?? numbering.possibleLengths() };
	};
	const types = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'].map((name) => type(name)).filter(Boolean);
	const fixed = type('FIXED_LINE');
	// The metadata leaves the mobile pattern empty where it is the fixed-line one (every US number is both).
	const mobileSameAsFixed = numbering.type('MOBILE')?.pattern() === '';
	plan = {
		country,
		callingCode: numbering.callingCode(),
		general: entirely(numbering.nationalNumberPattern()),
		hasTypes: numbering.hasTypes(),
		types,
		fixed,
		mobile: mobileSameAsFixed ? type('MOBILE', fixed.source) : type('MOBILE'),
		mobileSameAsFixed,
		leadingDigits: numbering.leadingDigits() ? new RegExp(`^(?:${numbering.leadingDigits()})`) : undefined,
		nationalPrefix: numbering.nationalPrefix() || '',
		prefixForParsing: numbering.nationalPrefixForParsing() ? new RegExp(`^(?:${numbering.nationalPrefixForParsing()})`) : undefined,
		iddPattern: new RegExp(`^(?:${numbering.IDDPrefix()})`),
		iddSource: numbering.IDDPrefix(),
		defaultIdd: numbering.defaultIDDPrefix() || '',
		minLength: Math.min(...numbering.possibleLengths()),
		formats: numbering.formats().map((format) => {
			const leading = format.leadingDigitsPatterns();
			const rule = format.nationalPrefixFormattingRule();
			return {
				leading: leading.length > 0 ? new RegExp(`^(?:${leading[leading.length - 1]})`) : undefined,
				pattern: entirely(format.pattern()),
				national: rule ? format.format().replace(/(\$\d)/, rule) : format.format(),
				international: format.internationalFormat(),
			};
		}),
		samplers: {},
	};
	plans.set(country, plan);
	return plan;
}

const matches = (type, national) => type !== undefined && type.lengths.includes(national.length) && type.pattern.test(national);

/** Whether libphonenumber-js's getNumberType finds any type for the national number in the plan. */
function hasType(plan, national) {
	if (!plan.general.test(national)) return false;
	if (!plan.hasTypes) return true;
	return plan.types.some((type) => matches(type, national));
}

/** The country libphonenumber-js gives +callingCode national: the only one, or the first whose leading digits or types take it. */
function countryOf(callingCode, national) {
	const countries = callingCodeCountries[callingCode];
	if (countries.length === 1) return countries[0];
	for (const country of countries) {
		const plan = planOf(country);
		if (plan.leadingDigits ? plan.leadingDigits.test(national) : hasType(plan, national)) return country;
	}
	return undefined;
}

/** getType of a valid number of the plan: FIXED_LINE, FIXED_LINE_OR_MOBILE or MOBILE for the numbers drawn here. */
function typeOf(plan, national) {
	if (matches(plan.fixed, national)) return !plan.mobile || plan.mobileSameAsFixed || matches(plan.mobile, national) ? 'FIXED_LINE_OR_MOBILE' : 'FIXED_LINE';
	return matches(plan.mobile, national) ? 'MOBILE' : undefined;
}

/** Whether a national number is valid in the country as PhoneNumber.isValid says. */
function isValidIn(plan, national) {
	return hasType(plan, national) && countryOf(plan.callingCode, national) === plan.country;
}

/**
 * A valid national number of the country's type ('FIXED_LINE' or 'MOBILE'), drawn from the type's
 * pattern; `fixedOnly` keeps only numbers that are not also mobile ones (getType FIXED_LINE).
 */
function drawNational(random, plan, typeName, fixedOnly = false) {
	const key = fixedOnly ? 'fixedOnly' : typeName;
	const type = typeName === 'MOBILE' ? plan.mobile : plan.fixed;
	plan.samplers[typeName] ??= samplerOf(type.source);
	for (let attempt = 0; attempt < 500; attempt++) {
		const national = plan.samplers[typeName](random);
		if (!type.lengths.includes(national.length) || !isValidIn(plan, national)) continue;
		if (fixedOnly && typeOf(plan, national) !== 'FIXED_LINE') continue;
		return national;
	}
	throw new Error(`generate.mjs drew no valid ${key} number for ${plan.country} in 500 draws`);
}

/** The format libphonenumber-js picks for a national number (chooseFormatForNumber), or undefined. */
function formatFor(plan, national) {
	for (const format of plan.formats) {
		if ((!format.leading || format.leading.test(national)) && format.pattern.test(national)) return format;
	}
	return undefined;
}

/** formatInternational() without the `+CC `: the groups (`20 7946 0958`). */
function internationalGroups(plan, national) {
	const format = formatFor(plan, national);
	if (!format || format.international === 'NA') return national;
	return national.replace(format.pattern, format.international).replace(/[-./()~\s]+/g, ' ').trim();
}

/** formatNational(): the national number as the country writes it, with its trunk prefix (`020 7946 0958`). */
function nationalFormat(plan, national) {
	const format = formatFor(plan, national);
	return format ? national.replace(format.pattern, format.national) : national;
}

/** The region's own international prefix as its people dial it: its default, or one its pattern allows. */
function ownIdd(random, plan) {
	if (plan.defaultIdd) return plan.defaultIdd.replace(/~/g, random.chance(0.5) ? ' ' : '');
	if (/^\d+$/.test(plan.iddSource)) return plan.iddSource;
	plan.samplers.idd ??= samplerOf(plan.iddSource);
	return plan.samplers.idd(random);
}

/** Three-digit calling codes no country has, nor any calling code they start with: `+999 …` is INVALID_COUNTRY. */
const unknownCallingCodes = [];
for (let code = 200; code < 1000; code++) {
	const text = String(code);
	const nonGeographic = metadataJson.nonGeographic && metadataJson.nonGeographic[text];
	if (!callingCodeCountries[text[0]] && !callingCodeCountries[text.slice(0, 2)] && !callingCodeCountries[text] && !nonGeographic) unknownCallingCodes.push(text);
}

const countries = countryTable.map(([c, numeric, weight, name, isoName]) => {
	const plan = planOf(c);
	const probe = new Random(hash32(numeric, 0x5eed));
	// Whether the country has fixed-line numbers that are not also mobile ones (not so in the US).
	let fixedOnly = false;
	for (let i = 0; i < 200 && !fixedOnly; i++) fixedOnly = typeOf(plan, drawNational(probe, plan, 'FIXED_LINE')) === 'FIXED_LINE';
	return { c, numeric, weight, name, isoName, plan, fixedOnly };
});
const countryWeights = countries.map((country) => [country, country.weight]);
const totalCountryWeight = countries.reduce((sum, country) => sum + country.weight, 0);

// ---- Phone values ----------------------------------------------------------------------------

const fullwidth = (text) => text.replace(/[0-9+]/g, (char) => String.fromCharCode(char === '+' ? 0xff0b : 0xff10 + Number(char))).replace(/-/g, '\uff0d');

/** Values with no number in them, as admins leave them. */
const noNumberTexts = ['n/a', 'N/A', 'TBD', 'none', '-', '?', 'unknown', 'see Teams', 'ask reception', 'NONE'];

/**
 * The forms a phone value is written in: [name, weight in % of values written, write(random, number)].
 * `number` is { plan, national, canonical, multiValued }; write returns the value, or undefined
 * when the number cannot be written so (the value is then written `international`).
 */
export const phoneForms = [
	['canonical', 53.5, (random, n) => n.canonical],
	['international', 10, (random, n) => {
		const { callingCode } = n.plan;
		if (callingCode === '1' && random.chance(0.5)) return `+1 (${n.national.slice(0, 3)}) ${n.national.slice(3, 6)}-${n.national.slice(6)}`;
		return `+${callingCode} ${internationalGroups(n.plan, n.national)}`;
	}],
	['international-dashes', 3, (random, n) => `+${n.plan.callingCode}-${internationalGroups(n.plan, n.national).replace(/ /g, '-')}`],
	['international-dots', 1.5, (random, n) => `+${n.plan.callingCode}.${internationalGroups(n.plan, n.national).replace(/ /g, '.')}`],
	['international-compact', 3, (random, n) => `+${n.plan.callingCode}${n.national}`],
	['international-slash', 1, (random, n) => {
		const [first, ...rest] = internationalGroups(n.plan, n.national).split(' ');
		return rest.length > 0 ? `+${n.plan.callingCode} ${first}/${rest.join('')}` : undefined;
	}],
	['idd-own', 4, (random, n) => {
		const separator = random.chance(0.6) ? ' ' : '';
		return `${ownIdd(random, n.plan)}${separator}${n.plan.callingCode}${separator}${separator ? internationalGroups(n.plan, n.national) : n.national}`;
	}],
	['idd-other', 0.8, (random, n) => {
		// 00 where the region dials another prefix (US 011, JP 010, AU 0011), else the US habit 011.
		const other = n.plan.iddPattern.exec(`00${n.plan.callingCode}`)?.[0] === '00' ? '011' : '00';
		return `${other} ${n.plan.callingCode} ${internationalGroups(n.plan, n.national)}`;
	}],
	['national', 10, (random, n) => nationalFormat(n.plan, n.national)],
	['national-digits', 2, (random, n) => nationalFormat(n.plan, n.national).replace(/\D/g, '')],
	['extension', 3.5, (random, n) => {
		const base = random.pick([n.canonical, n.canonical, `+${n.plan.callingCode} ${internationalGroups(n.plan, n.national)}`, nationalFormat(n.plan, n.national)]);
		const spellings = n.multiValued ? [' x', ' ext. ', ' #', ' ext ', 'X', ' extension '] : [' x', ' ext. ', ';ext=', ' #', ' ext ', 'X', ' extension '];
		return `${base}${random.pick(spellings)}${random.digits(2 + random.int(4))}`;
	}],
	['extension-rare', 0.6, (random, n) => {
		const base = random.pick([n.canonical, `+${n.plan.callingCode} ${internationalGroups(n.plan, n.national)}`, nationalFormat(n.plan, n.national)]);
		const spellings = [' Ext: ', ',,', ' extn. ', ' ext: '];
		if (anexoRegions.has(n.plan.country)) spellings.push(' anexo ', ' anexo ');
		if (dobRegions.has(n.plan.country)) spellings.push(' доб. ', ' доб. ');
		return `${base}${random.pick(spellings)}${random.digits(2 + random.int(3))}`;
	}],
	['trunk-in-brackets', 2, (random, n) => {
		if (n.plan.nationalPrefix !== '0') return undefined;
		return `+${n.plan.callingCode} (0)${random.chance(0.3) ? ' ' : ''}${internationalGroups(n.plan, n.national)}`;
	}],
	['trunk-kept', 1.5, (random, n) => {
		if (!n.plan.nationalPrefix || n.plan.callingCode === '1') return undefined;
		return `+${n.plan.callingCode} ${n.plan.nationalPrefix}${internationalGroups(n.plan, n.national)}`;
	}],
	['fullwidth', 0.3, (random, n) => fullwidth(random.chance(0.5) ? `+${n.plan.callingCode} ${internationalGroups(n.plan, n.national)}` : nationalFormat(n.plan, n.national))],
	['label', 0.5, (random, n) => {
		if (cjkRegions.has(n.plan.country) && random.chance(0.3)) return `電話：${nationalFormat(n.plan, n.national)}`;
		const label = random.pick(['Tel: ', 'Tel. ', 'Phone: ', 'Office: ', 'Mobile: ', 'Cell: ', 'M: ', 'tel:']);
		if (label === 'tel:') return `tel:+${n.plan.callingCode}-${internationalGroups(n.plan, n.national).replace(/ /g, '-')}`;
		return `${label}${random.chance(0.5) ? `+${n.plan.callingCode} ${internationalGroups(n.plan, n.national)}` : nationalFormat(n.plan, n.national)}`;
	}],
	['invalid-text', 1.2, (random) => random.pick(noNumberTexts)],
	['invalid-short', 0.6, (random, n) => {
		// Fewer digits than any number of the plan has: the number cut short, or its start and two digits more.
		const length = Math.max(2, n.plan.minLength - 1);
		if (random.chance(0.5)) return `+${n.plan.callingCode} ${n.national.slice(0, length)}`;
		return length < 4 ? n.national.slice(0, length) : `${n.national.slice(0, length - 2)}-${random.digits(2)}`;
	}],
	['invalid-code', 0.4, (random, n) => `+${random.pick(unknownCallingCodes)} ${n.national}`],
	['invalid-number', 0.6, (random, n) => {
		// As many digits as the number, that no type of the plan the calling code gives them (else its
		// main country's) has, and that do not open with what the parse would take for a trunk prefix.
		for (let attempt = 0; attempt < 50; attempt++) {
			const digits = random.digits(n.national.length);
			if (n.plan.prefixForParsing?.exec(digits)?.[0]) continue;
			if (!hasType(planOf(countryOf(n.plan.callingCode, digits) ?? callingCodeCountries[n.plan.callingCode][0]), digits)) return `+${n.plan.callingCode} ${digits}`;
		}
		return undefined;
	}],
];
const totalFormWeight = phoneForms.reduce((sum, form) => sum + form[1], 0);
const internationalForm = phoneForms.find((form) => form[0] === 'international');
/** The forms whose values hold no valid number of the row's country. */
export const invalidForms = new Set(['invalid-text', 'invalid-short', 'invalid-code', 'invalid-number']);

/**
 * One phone value: { attribute, value, form, number, region, type }, where number is the canonical
 * form of the valid number drawn (`+CC NSN`), region its country and type its getType(), all three
 * undefined for an invalid form.
 */
function phoneValue(random, country, attribute, typeName, multiValued) {
	const fixedOnly = typeName === 'FIXED_LINE_ONLY';
	const national = drawNational(random, country.plan, fixedOnly ? 'FIXED_LINE' : typeName, fixedOnly);
	const number = { plan: country.plan, national, canonical: `+${country.plan.callingCode} ${national}`, multiValued };
	let [form, , write] = random.weighted(phoneForms, totalFormWeight);
	let value = write(random, number);
	if (value === undefined) {
		[form, , write] = internationalForm;
		value = write(random, number);
	}
	if (invalidForms.has(form)) return { attribute, value, form };
	return { attribute, value, form, number: number.canonical, region: country.c, type: typeOf(country.plan, national) };
}

/** The phones of a user: telephoneNumber, mobile, otherTelephone. */
function phonesOf(random, country) {
	const phones = [];
	if (random.chance(0.85)) phones.push(phoneValue(random, country, 'telephoneNumber', 'FIXED_LINE', false));
	if (random.chance(0.8)) {
		const fixedInMobile = country.fixedOnly && random.chance(0.05);
		phones.push(phoneValue(random, country, 'mobile', fixedInMobile ? 'FIXED_LINE_ONLY' : 'MOBILE', false));
	}
	if (random.chance(0.15)) {
		phones.push(phoneValue(random, country, 'otherTelephone', 'FIXED_LINE', true));
		if (random.chance(0.2)) phones.push(phoneValue(random, country, 'otherTelephone', 'FIXED_LINE', true));
	}
	return phones;
}

// ---- Names and identities ---------------------------------------------------------------------

/** Names, space-separated; `_` stands for a space inside a name (`de_Vries`). */
const nameList = (text) => text.split(' ').map((name) => name.replace(/_/g, ' '));
const firstNames = nameList('James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Susan Richard Jessica Joseph Sarah '
	+ 'Thomas Karen Charles Nancy Daniel Lisa Matthew Betty Anthony Sandra Mark Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle '
	+ 'Kevin Carol Brian Amanda George Melissa Edward Deborah Ronald Stephanie Timothy Rebecca Jason Laura Jeffrey Helen Ryan Sharon Jacob Cynthia '
	+ 'Gary Kathleen Nicholas Amy Eric Angela Jonathan Anna Larry Ruth Justin Brenda Scott Pamela Priya Rahul Anita Arjun Deepak Kavya Sanjay '
	+ 'Neha Vikram Aisha Oliver Amelia Harry Isla Jack Poppy Lukas Lena Jürgen Sophie Léa Hugo Chloé José Lucía Giulia Marco Francesca '
	+ 'Alessandro Yuki Haruto Sakura Ren Wei Fang Jing Hao Min-jun Seo-yeon Zoë Björn Åsa Lars Ingrid Łukasz Agnieszka Małgorzata Siobhán Seán '
	+ 'Aoife Ana João Camila Mateo Valentina Santiago Noah Emma Liam Ava Ethan Mia Lucas Grace Omar Fatima Youssef Layla Mehmet Elif Dmitri '
	+ 'Olga Ivan Tatiana Minh Linh Thanh Somchai Ayodele Chinedu Amara Kwame Abena Tomás Zsófia Ondřej Dragan Matej Eero Aino Kai Noa');
const lastNames = nameList('Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson '
	+ 'Taylor Thomas Moore Jackson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Baker Nelson Carter '
	+ 'Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris Reed Cook Morgan Bell Murphy Bailey Cooper Richardson '
	+ 'Cox Howard Ward Peterson Gray James Watson Brooks Kelly Sanders Price Bennett Wood Barnes Ross Henderson Coleman Jenkins Perry Powell Long '
	+ 'Patel Sharma Singh Kumar Gupta Reddy Iyer Nair Das Chatterjee Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann '
	+ 'Martin Bernard Dubois Lefèvre Moreau Laurent Girard Rossi Russo Ferrari Esposito Bianchi Romano Fernández Sánchez Pérez Gómez Díaz '
	+ 'Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Wang Li Zhang Liu Chen Yang Huang Zhao Kim Lee Park Choi Jung Andersson Johansson '
	+ 'Karlsson Nilsson Hansen Jensen Nielsen Virtanen Korhonen Nowak Kowalski Wiśniewski Wójcik Novák Svoboda Horváth Nagy Popescu Ionescu '
	+ "O'Brien Byrne Ryan Walsh Doyle Silva Santos Oliveira Souza Costa Pereira Jansen de_Vries van_den_Berg Bakker Visser Peeters Janssens "
	+ 'Ivanov Smirnov Popov Kuznetsov Kovalenko Shevchenko Yilmaz Kaya Demir Şahin Cohen Levi Mizrahi Haddad Khalil Hassan Ali Ahmed Mahmoud '
	+ 'Okafor Adeyemi Mensah Mwangi Ochieng Dlamini Nkosi Tran Pham Hoang Vu Nguyen Wong Tan Lim Ng Reyes Cruz Bautista Ramos');

/** Each name folded to the ASCII letters an address holds: `Jürgen` → `jurgen`, `O'Brien` → `obrien`. */
const foldedNames = new Map();
for (const list of [firstNames, lastNames]) {
	for (const name of list) foldedNames.set(name, name.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase());
	if (new Set(list.map((name) => foldedNames.get(name))).size !== list.length) throw new Error('generate.mjs: two names of a list fold to the same address');
}
const folded = (name) => foldedNames.get(name);

/** How many first and last name pairs there are: users beyond them get a middle initial, then a number. */
const namePairs = firstNames.length * lastNames.length;
/** A multiplier prime to namePairs: consecutive users get pairs far apart. */
const pairStride = (() => {
	let stride = 7919;
	const gcd = (a, b) => (b === 0 ? a : gcd(b, a % b));
	while (gcd(stride, namePairs) !== 1) stride += 2;
	return stride;
})();
const initials = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

const departments = ['Sales', 'Marketing', 'Finance', 'Human Resources', 'Engineering', 'IT', 'Legal', 'Operations',
	'Customer Support', 'Research', 'Procurement', 'Facilities', 'Security', 'Product Management'];
const titles = ['Manager', 'Senior Engineer', 'Engineer', 'Analyst', 'Account Executive', 'Director', 'Consultant',
	'Specialist', 'Coordinator', 'Administrator', 'Vice President', 'Intern', 'Architect', 'Team Lead'];
const personalDomains = ['outlook.com', 'gmail.com', 'yahoo.com', 'hotmail.com', 'icloud.com', 'proton.me', 'gmx.de', 'web.de',
	'qq.com', '163.com', 'yandex.ru', 'naver.com'];
const exchangeOrg = '/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=';

/**
 * Who user `index` is, from the seed and the index alone (so another user can copy it): names,
 * country, DN and addresses. The name pair runs through every pair once per round of namePairs
 * users; round r adds a middle initial (r ≤ 26) or the number r - 25.
 */
function identityOf(seed, index) {
	const random = new Random(hash32(seed, index, identityStream));
	const round = Math.floor(index / namePairs);
	const pair = (index % namePairs * pairStride + round) % namePairs;
	const first = firstNames[pair % firstNames.length];
	const last = lastNames[Math.floor(pair / firstNames.length)];
	const initial = round > 0 && round <= 26 ? initials[(round - 1 + pair) % 26] : '';
	const number = round > 26 ? String(round - 25) : '';
	const cn = initial ? `${first} ${initial}. ${last}` : number ? `${first} ${last} ${number}` : `${first} ${last}`;
	const localPart = (firstPart, lastPart) => (initial ? `${firstPart}.${initial.toLowerCase()}.${lastPart}` : `${firstPart}.${lastPart}${number}`);
	// The local part of the user's addresses, and the same with the names as they are spelled (`jürgen.müller`).
	const local = localPart(folded(first), folded(last));
	const spelled = localPart(...[first, last].map((name) => name.toLowerCase().replace(/[ ']/g, '')));
	const [country] = random.weighted(countryWeights, totalCountryWeight);
	const countrySuffix = localSuffixes[country.c];
	const suffix = random.chance(0.06) ? 'fabrikam.com' : countrySuffix && random.chance(countrySuffix[1]) ? countrySuffix[0] : 'contoso.com';
	const upn = `${local}@${suffix}`;
	const mailRoll = random.next();
	const mail = mailRoll < 0.07 ? '' : mailRoll < 0.12 ? `${local}@${suffix === 'fabrikam.com' ? 'contoso.com' : 'fabrikam.com'}` : upn;
	const sam = `${folded(first)[0]}${folded(last)}`.slice(0, 12) + index;
	const proxies = [];
	if (mail) {
		proxies.push(`SMTP:${mail}`);
		if (mail !== upn) proxies.push(`smtp:${upn}`);
		if (random.chance(0.7)) proxies.push(`smtp:${local}@contoso.mail.onmicrosoft.com`);
		if (random.chance(0.1) && !mail.endsWith('@fabrikam.com') && !upn.endsWith('@fabrikam.com')) proxies.push(`smtp:${local}@fabrikam.com`);
		if (random.chance(0.3)) proxies.push(`X500:${exchangeOrg}${random.hex(32)}-${sam}`);
		if (random.chance(0.25)) proxies.push(`SIP:${mail}`);
	}
	return {
		first, last, cn, local, spelled, country, upn, mail, sam, proxies,
		dn: `CN=${cn},OU=Users,OU=${country.name},DC=contoso,DC=com`,
		target: mail && random.chance(0.25) ? `SMTP:${local}@contoso.mail.onmicrosoft.com` : '',
	};
}

/** The same address with the case of some letters changed, as a second admin typed it. */
function caseVaried(random, address) {
	const at = address.indexOf('@');
	const local = address.slice(0, at).replace(/(^|\.)([a-z])/g, (whole, dot, letter) => dot + letter.toUpperCase());
	return `${local}${random.chance(0.5) ? address.slice(at).toUpperCase() : address.slice(at)}`;
}

// The identity problems, each on a fixed share of users, in the order their shares are laid out
// on one roll per user (hash of seed, index): duplicates first.
const identityProblems = [
	['duplicate-upn', 0.0025], ['duplicate-proxy', 0.0025], ['upn-space', 0.001], ['upn-non-routable', 0.003], ['upn-unknown-tld', 0.001],
	['mail-non-ascii', 0.015], ['display-name-edge-space', 0.002], ['sam-too-long', 0.001], ['proxy-second-colon', 0.001],
	['health-mailbox', 0.0002], ['conflict-object', 0.0002],
];
const systemAccounts = ['Administrator', 'Guest', 'krbtgt', 'DefaultAccount'];

/** The identity problem of user `index`, or undefined. */
function problemOf(seed, index) {
	if (index < systemAccounts.length) return 'system-account';
	let roll = hash32(seed, index, problemStream) / 4294967296;
	for (const [problem, share] of identityProblems) if ((roll -= share) < 0) return problem;
	return undefined;
}

/** An earlier user whose identity `index` copies: any user before it that is a person with no problem of its own. */
function earlierUser(seed, index) {
	let other = Math.floor((hash32(seed, index, problemStream, 2) / 4294967296) * index);
	while (other >= systemAccounts.length && problemOf(seed, other) !== undefined) other--;
	return other >= systemAccounts.length ? other : undefined;
}

/** The attributes written, in the CSV header's order; multi-valued ones are arrays. */
const header = ['DN', 'objectClass', 'cn', 'sn', 'givenName', 'displayName', 'sAMAccountName', 'userPrincipalName', 'mail',
	'mailNickname', 'proxyAddresses', 'targetAddress', 'otherMails', 'department', 'title', 'telephoneNumber', 'mobile', 'otherTelephone',
	'c', 'co', 'countryCode'];
const objectClasses = ['top', 'person', 'organizationalPerson', 'user'];

function emptyRecord(dn, cn) {
	return {
		DN: dn, objectClass: objectClasses, cn, sn: '', givenName: '', displayName: '', sAMAccountName: '', userPrincipalName: '', mail: '',
		mailNickname: '', proxyAddresses: [], targetAddress: '', otherMails: [], department: '', title: '', telephoneNumber: '', mobile: '',
		otherTelephone: [], c: '', co: '', countryCode: '',
	};
}

/** A system account IdFix leaves out: the built-in ones, a health mailbox. */
function systemAccount(random, index, problem) {
	if (problem === 'system-account') {
		const name = systemAccounts[index];
		const record = emptyRecord(`CN=${name},CN=Users,DC=contoso,DC=com`, name);
		record.sAMAccountName = name;
		return record;
	}
	const id = random.hex(32);
	const record = emptyRecord(`CN=HealthMailbox${id},CN=Monitoring Mailboxes,CN=Microsoft Exchange System Objects,DC=contoso,DC=com`, `HealthMailbox${id}`);
	record.displayName = `HealthMailbox-EXCH${random.digits(2)}-${random.digits(3)}`;
	record.sAMAccountName = `HealthMailbox${id.slice(0, 7)}`;
	record.userPrincipalName = `HealthMailbox${id}@contoso.com`;
	record.mail = record.userPrincipalName;
	record.mailNickname = `HealthMailbox${id}`;
	record.proxyAddresses = [`SMTP:${record.mail}`];
	return record;
}

/** Where a user's country columns come from: [mode, share]. */
const countryColumnModes = [['all', 0.86], ['c', 0.04], ['countryCode-co', 0.03], ['co', 0.02], ['countryCode', 0.015], ['none', 0.03], ['conflict', 0.005]];

function setCountryColumns(random, record, country) {
	const [mode] = random.weighted(countryColumnModes, 1);
	const name = mode === 'co' && country.isoName && random.chance(0.25) ? country.isoName : country.name;
	if (mode === 'all' || mode === 'c' || mode === 'conflict') record.c = country.c;
	if (mode === 'all' || mode === 'countryCode-co' || mode === 'co') record.co = name;
	if (mode === 'all' || mode === 'countryCode-co' || mode === 'countryCode') record.countryCode = String(country.numeric);
	if (mode === 'conflict') {
		let other = country;
		while (other === country) [other] = random.weighted(countryWeights, totalCountryWeight);
		record.co = other.name;
		record.countryCode = String(other.numeric);
	}
	return mode;
}

/**
 * User `index` of the tenant of `seed`: { index, record, phones, problem, duplicateOf, countryColumns }.
 * record holds every header attribute ('' or [] when absent); phones lists each phone value
 * written (see phoneValue); problem names the user's identity problem, if any (see identityProblems,
 * or 'system-account'); duplicateOf is the index of the user a duplicate or conflict object copies.
 */
export function tenantUser(seed, index) {
	const random = new Random(hash32(seed, index, detailStream));
	let problem = problemOf(seed, index);
	if (problem === 'system-account' || problem === 'health-mailbox') {
		return { index, record: systemAccount(random, index, problem), phones: [], problem, countryColumns: 'none' };
	}
	const copies = problem === 'duplicate-upn' || problem === 'duplicate-proxy' || problem === 'conflict-object';
	const copied = copies ? earlierUser(seed, index) : undefined;
	if (copies && copied === undefined) problem = undefined;
	const other = copied === undefined ? undefined : identityOf(seed, copied);
	// A replication conflict object is a second copy of the other user, under a DN that says so.
	const person = problem === 'conflict-object' ? other : identityOf(seed, index);
	const { first, last, country } = person;
	// Problems that need a mailbox, or a name with letters outside ASCII, are left out where there is none.
	if ((problem === 'duplicate-proxy' || problem === 'proxy-second-colon') && !person.mail) problem = undefined;
	if (problem === 'mail-non-ascii' && (!person.mail || !/[^\x00-\x7f]/.test(first + last))) problem = undefined;

	const record = emptyRecord(person.dn, person.cn);
	record.sn = last;
	record.givenName = first;
	record.displayName = random.chance(0.1) ? `${last}, ${first}` : person.cn;
	record.sAMAccountName = person.sam;
	if (problem === 'conflict-object') {
		const guid = `${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}`;
		record.DN = person.dn.replace(/^CN=([^,]*)/, `CN=$1\\0ACNF:${guid}`);
		record.cn = `${person.cn}\nCNF:${guid}`;
		// Active Directory renames the losing object's sAMAccountName.
		record.sAMAccountName = `$DUPLICATE-${random.hex(4)}`;
	}
	record.userPrincipalName = person.upn;
	record.mail = person.mail;
	record.mailNickname = person.mail ? person.local : '';
	record.proxyAddresses = [...person.proxies];
	record.targetAddress = person.target;
	if (random.chance(0.2)) {
		record.otherMails.push(`${folded(first)}.${folded(last)}${random.digits(2)}@${random.pick(personalDomains)}`);
		if (random.chance(0.15)) record.otherMails.push(`${folded(first)[0]}${folded(last)}${random.digits(4)}@${random.pick(personalDomains)}`);
	}
	record.department = random.pick(departments);
	record.title = random.pick(titles);

	switch (problem) {
		case 'duplicate-upn':
			record.userPrincipalName = caseVaried(random, other.upn);
			break;
		case 'duplicate-proxy':
			record.proxyAddresses.push(`smtp:${caseVaried(random, other.mail || other.upn)}`);
			break;
		case 'upn-space':
			record.userPrincipalName = person.upn.replace('.', random.chance(0.5) ? ' ' : '. ');
			break;
		case 'upn-non-routable':
			record.userPrincipalName = `${person.local}@${random.pick(['contoso.local', 'corp.contoso.local', 'contoso.lan'])}`;
			break;
		case 'upn-unknown-tld':
			record.userPrincipalName = `${person.local}@contoso.cmo`;
			break;
		case 'mail-non-ascii':
			// The mail written as the name is spelled.
			record.mail = person.spelled + person.mail.slice(person.mail.indexOf('@'));
			break;
		case 'display-name-edge-space':
			record.displayName = random.chance(0.5) ? ` ${record.displayName}` : `${record.displayName} `;
			break;
		case 'sam-too-long':
			// A contractor account named with the ten-digit number of its contract: 21 characters or more.
			record.sAMAccountName = `ext-${folded(first)}.${folded(last)}.${String(index).padStart(10, '0')}`;
			break;
		case 'proxy-second-colon': {
			const lastProxy = record.proxyAddresses.length - 1;
			record.proxyAddresses[lastProxy] = record.proxyAddresses[lastProxy].replace(':', '::');
			break;
		}
		default:
			break;
	}
	const countryColumns = setCountryColumns(random, record, country);
	const phones = phonesOf(random, country);
	for (const phone of phones) {
		if (Array.isArray(record[phone.attribute])) record[phone.attribute].push(phone.value);
		else record[phone.attribute] = phone.value;
	}
	return { index, record, phones, problem, duplicateOf: problem === undefined ? undefined : copied, countryColumns };
}

// ---- Writing -------------------------------------------------------------------------------

function csvField(value) {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvRow(record) {
	let row = '';
	for (let i = 0; i < header.length; i++) {
		const value = record[header[i]];
		if (i > 0) row += ',';
		if (i === 0) row += `"${value.replace(/"/g, '""')}"`;
		else row += csvField(Array.isArray(value) ? value.join(';') : value);
	}
	return `${row}\r\n`;
}

/** What makes a value not an RFC 2849 SAFE-STRING (ldifde also encodes a value that ends with a space). */
const unsafeValue = /^[ :<]|[^\x01-\x09\x0b\x0c\x0e-\x7f]| $/;

/** RFC 2849: `name: value`, or `name:: base64` when the value is not a SAFE-STRING; folded at 76. */
function ldifLine(name, value) {
	const line = unsafeValue.test(value) ? `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}` : `${name}: ${value}`;
	if (line.length <= 76) return `${line}\r\n`;
	let folded = line.slice(0, 76);
	for (let i = 76; i < line.length; i += 75) folded += `\r\n ${line.slice(i, i + 75)}`;
	return `${folded}\r\n`;
}

function ldifRecord(record) {
	let text = ldifLine('dn', record.DN) + 'changetype: add\r\n';
	for (let i = 1; i < header.length; i++) {
		const value = record[header[i]];
		if (Array.isArray(value)) for (const item of value) text += ldifLine(header[i], item);
		else if (value !== '') text += ldifLine(header[i], value);
	}
	return `${text}\r\n`;
}

/** The first line(s) of an export: the CSV header, or LDIF's version line. */
function exportHeader(format) {
	return format === 'csv' ? `${header.join(',')}\r\n` : 'version: 1\r\n\r\n';
}

/** One user as its export writes it. */
function exportRecord(format, record) {
	return format === 'csv' ? csvRow(record) : ldifRecord(record);
}

/** What --stats counts while writing: the forms written, and the users' problems and country columns. */
function createTally() {
	return { users: 0, phoneValues: 0, forms: {}, problems: {}, countryColumns: {}, fixedInMobile: 0, mobiles: 0 };
}

function count(table, key) {
	table[key] = (table[key] ?? 0) + 1;
}

function tallyUser(tally, user) {
	tally.users++;
	if (user.problem) count(tally.problems, user.problem);
	count(tally.countryColumns, user.countryColumns);
	for (const phone of user.phones) {
		tally.phoneValues++;
		count(tally.forms, phone.form);
		if (phone.attribute === 'mobile') {
			tally.mobiles++;
			if (phone.type === 'FIXED_LINE') tally.fixedInMobile++;
		}
	}
}

/** Writes users [first, first + users) of the seed's tenant to `out`, streaming; returns the tally. */
export function generate({ users, first = 0, format, out, seed }) {
	const tally = createTally();
	const fd = openSync(out, 'w');
	// Records are encoded into one reused buffer: fewer strings to collect than one string per megabyte.
	const chunk = Buffer.allocUnsafe(1 << 21);
	let used = chunk.write(exportHeader(format));
	try {
		for (let index = first; index < first + users; index++) {
			const user = tenantUser(seed, index);
			tallyUser(tally, user);
			const text = exportRecord(format, user.record);
			// UTF-8 takes at most three bytes per UTF-16 code unit.
			if (used + text.length * 3 > chunk.length) {
				writeSync(fd, chunk, 0, used);
				used = 0;
			}
			used += chunk.write(text, used);
		}
		writeSync(fd, chunk, 0, used);
	} finally {
		closeSync(fd);
	}
	return tally;
}

const share = (part, whole) => `${((100 * part) / whole).toFixed(2)}%`;

/**
 * The share of phone values the engine leaves to libphonenumber-js's full parse: the export read
 * back whole by the engine's reader, each checked phone value given to judgeQuickly with the
 * row's region (entryRegion), counted where it returns undefined. Needs `npm run compile-tests`.
 */
function fullParseShare(file, format) {
	const engine = (name) => require(path.join(root, 'out', name));
	if (!existsSync(path.join(root, 'out/server/src/engine/linter.js'))) return 'the engine is not compiled (npm run compile-tests): no full-parse share';
	const linter = engine('server/src/engine/linter.js');
	const { defaultSettings } = engine('shared/src/settings.js');
	const { judgeQuickly } = engine('server/src/engine/rules/phoneRule.js');
	const { phoneSeverity } = engine('server/src/engine/rules/phone.js');
	const document = linter.createLinter().read(readFileSync(file, 'utf8'), format, defaultSettings);
	let values = 0;
	let full = 0;
	for (const entry of document.entries) {
		const region = linter.entryRegion(entry, defaultSettings.defaultRegion);
		for (const attribute of entry.attributes) {
			if (attribute.info.kind !== 'phone' || !phoneSeverity(attribute.info, defaultSettings)) continue;
			for (const value of attribute.values) {
				if (!value.checked) continue;
				values++;
				if (judgeQuickly(value.text, region) === undefined) full++;
			}
		}
	}
	return `full parse: ${full} of ${values} phone values the engine checks (${share(full, values)}); ${document.problems.length} read problems`;
}

function printStats(tally, options) {
	const lines = [`${tally.users} users, ${tally.phoneValues} phone values`, 'forms (written, weight):'];
	for (const [form, weight] of phoneForms) lines.push(`  ${form.padEnd(22)} ${share(tally.forms[form] ?? 0, tally.phoneValues).padStart(7)}  ${weight}`);
	lines.push(`fixed-line numbers in mobile: ${share(tally.fixedInMobile, tally.mobiles)} of mobile values`);
	lines.push(`country columns: ${Object.entries(tally.countryColumns).map(([mode, n]) => `${mode} ${share(n, tally.users)}`).join(', ')}`);
	lines.push(`identity problems: ${Object.entries(tally.problems).map(([problem, n]) => `${problem} ${n}`).join(', ')}`);
	lines.push(fullParseShare(options.out, options.format));
	console.error(lines.join('\n'));
}

function parseOptions(argv) {
	const { values } = parseArgs({
		args: argv,
		options: {
			users: { type: 'string' }, first: { type: 'string', default: '0' }, format: { type: 'string', default: 'csv' },
			out: { type: 'string' }, seed: { type: 'string', default: '1' }, stats: { type: 'boolean', default: false },
		},
	});
	const users = Number(values.users);
	const first = Number(values.first);
	const seed = Number(values.seed);
	if (!Number.isInteger(users) || users < 1 || !Number.isInteger(first) || first < 0 || !['csv', 'ldif'].includes(values.format)
		|| !values.out || !Number.isInteger(seed)) {
		throw new Error(usage);
	}
	return { users, first, format: values.format, out: values.out, seed, stats: values.stats };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	try {
		const options = parseOptions(process.argv.slice(2));
		const started = performance.now();
		const tally = generate(options);
		console.error(`wrote users ${options.first} to ${options.first + options.users - 1} to ${options.out} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
		if (options.stats) printStats(tally, options);
	} catch (error) {
		console.error(error instanceof Error ? error.message : String(error));
		process.exit(2);
	}
}
