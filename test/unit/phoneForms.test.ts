/**
 * A differential test of the whole engine against libphonenumber-js: phone values written in many ways
 * (labels, fullwidth plus and digits, Unicode spaces, trunk and international prefixes, punctuation,
 * extensions, two numbers) for every region libphonenumber-js knows, each with the region given by the
 * row's c, its countryCode and its co (so the name tables are read), or not at all, linted from one CSV.
 * The expected finding is what libphonenumber-js's own full parse and isValid say, after the readings the
 * rule chooses to differ by (`chosenDifferences`, each with its reason; docs/design.md, "Phone judging").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePhoneNumberWithError, getCountries, getCountryCallingCode, getExampleNumber, PhoneNumber } from 'libphonenumber-js/max';
import { Metadata } from 'libphonenumber-js/core';
import { linter, repoRoot, settings } from './engineHarness';

const metadataJson = require('libphonenumber-js/metadata.max.json');
const mobileExamples = require('libphonenumber-js/examples.mobile.json');
/** Google's example number of every type (test/tools/example_numbers.py). */
const typeExamples: Record<string, Record<string, string>> = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/exampleNumbers.json'), 'utf8'));
/**
 * Every region libphonenumber-js knows with its ISO 3166-1 numeric code and English short name (Debian's
 * iso-codes 4.15) and the names Active Directory Users and Computers writes in co for it (its Country/region
 * list as adbertram/PSADSync's CountryCodeMap.psd1 records it, and the S.A.R. names of older ADUC versions).
 */
const countryNames: { c: string; countryCode: number | null; iso: string | null; aduc: string[] }[] =
	JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/countryNames.json'), 'utf8'));

type Code = 'phone.invalid' | 'phone.extension' | 'phone.missing-country-code' | 'phone.format';
/** The finding's code (none where the value is right) and the text its fix writes; `fixed` is the SSPR form wherever one is derived. */
interface Expected { code?: Code; fixed?: string }

/**
 * Where the rule reads a value otherwise than libphonenumber-js's parse of it as written, and why. Each
 * is applied to the value before the library reads it; the test also counts the values each one changed,
 * so an entry that no longer makes a difference fails it.
 */
const chosenDifferences: { name: string; reason: string; read(text: string, region: string | undefined): string | undefined }[] = [
	{
		name: 'fullwidth plus',
		reason: 'libphonenumber-js accepts ＋ (U+FF0B) and then drops it, reading ＋49 151 23456789 in a DE row as the national number 4915123456789, a different number; Google\'s libphonenumber reads it as a plus, as Japanese and Chinese exports mean it',
		read: (text) => text.includes('\uFF0B') ? text.replace(/\uFF0B/g, '+') : undefined,
	},
	{
		name: 'Unicode spaces',
		reason: 'libphonenumber-js takes only a few spaces for punctuation (space, no-break, ideographic); a thin or narrow no-break space (French typography, Word) separates digits just the same, and the fix writes the same digits',
		read: (text) => /[^\P{Zs} ]/u.test(text) ? text.replace(/\p{Zs}/gu, ' ') : undefined,
	},
	{
		name: 'no region, 00',
		reason: 'without a region libphonenumber-js reads no international prefix at all; 00 (written together) is the prefix of most of the world, so a value opening with it is read as +',
		read: (text, region) => !region && !text.startsWith('+') && leadingZeros.test(text) ? text.replace(leadingZeros, '$1+') : undefined,
	},
];

/** Two zeros at the start, as libphonenumber-js counts digits: ASCII, fullwidth, Arabic-Indic, Eastern Arabic-Indic. */
const leadingZeros = /^([^0-9\uFF10-\uFF19\u0660-\u0669\u06F0-\u06F9]*)[0\uFF10\u0660\u06F0]{2}/;

/** The labels the test writes before numbers, in several scripts and punctuations. */
const labels = ['tel:', 'Tel: ', 'Tel. ', 'Tel.', 'TEL ', 'Office: ', 'Mobile: ', 'Mob. ', 'Phone ', 'T: ', 'M: ', 'Telefon: ', 'Téléphone : ', 'Office phone: ', '電話：', '電話: ', 'Моб.: ', 'Handy: '];

const metadata = new Metadata(metadataJson);
function plan(country: string) {
	metadata.selectNumberingPlan(country as never);
	return metadata.numberingPlan as unknown as { nationalPrefix(): string | undefined; IDDPrefix(): string; defaultIDDPrefix(): string | undefined };
}

const fullwidth = (text: string) => text.replace(/[0-9]/g, (digit) => String.fromCharCode(0xFF10 + Number(digit)));
const arabicIndic = (text: string) => text.replace(/[0-9]/g, (digit) => String.fromCharCode(0x0660 + Number(digit)));

/** The values the test writes for one national number of a country. */
function writings(country: string, callingCode: string, national: string): string[] {
	const prefix = plan(country).nationalPrefix() ?? '';
	const idd = plan(country).defaultIDDPrefix() ?? (/^\d+$/.test(plan(country).IDDPrefix()) ? plan(country).IDDPrefix() : '00');
	const a = national.slice(0, 3);
	const b = national.slice(3);
	const values = [
		`+${callingCode} ${national}`, `+${callingCode}${national}`, `+${callingCode}-${a}-${b}`, `+${callingCode} (${a}) ${b}`, `+${callingCode}.${a}.${b}`,
		`+${callingCode} (0)${national}`, `00${callingCode} ${national}`, `00 ${callingCode} ${a} ${b}`, `${idd} ${callingCode} ${national}`, `011 ${callingCode} ${national}`,
		`${prefix}${national}`, `${prefix} ${a} ${b}`, `(${prefix}${a}) ${b}`, `${prefix}-${national}`, national,
		`+${callingCode} ${national} x12`, `+${callingCode} ${national} ext. 5`, `+${callingCode} ${national};ext=77`, `${prefix}${national} x9`,
		`\uFF0B${callingCode} ${national}`, `\uFF0B${fullwidth(callingCode)}\u3000${fullwidth(a)}\u3000${fullwidth(b)}`, fullwidth(`${prefix}${national}`),
		`\uFF10\uFF10${fullwidth(callingCode)} ${fullwidth(national)}`, `+${arabicIndic(callingCode)} ${arabicIndic(national)}`,
		`+${callingCode}\u2009${a}\u2009${b}`, `+${callingCode}\u202F${a}\u202F${b}`, `+${callingCode}\u00A0${a}\u00A0${b}`,
		`+${callingCode} ${national} / +${callingCode} ${national}`, `${prefix}${national}, ${prefix}${national}`, `call Bob ${prefix}${national}`, `+${callingCode} ${national} (home)`,
	];
	for (const [index, label] of labels.entries()) {
		const forms = [`+${callingCode} ${a} ${b}`, `${prefix}${national}`, `00${callingCode}${national}`, `\uFF0B${callingCode} ${national}`, `+${callingCode} ${national} x7`,
			`+${callingCode} ${national}`, `(${prefix}${a}) ${b}`];
		values.push(`${label}${forms[index % forms.length]}`);
	}
	return values;
}

/**
 * National numbers written with the trunk prefix whose digits also open as the region's IDD does (IL's
 * 0-1200123456 and 012…): each example with its first two digits changed every way, where the result is a
 * valid number of the region, and the ones a search of every four-digit opening of every example found,
 * all in IL (IDD 00, 0105, 012-019) and UY (00, 013x-019x): the only regions where valid numbers do this.
 */
const foundLookalikes: Record<string, string[]> = { IL: ['1801123456', '1809123456', '12124567'], UY: ['17701234', '19201234', '19871234', '19971234', '0004234'] };

function iddLookalikes(country: string, callingCode: string, nationals: string[]): string[] {
	const prefix = plan(country).nationalPrefix();
	if (!prefix) return [];
	const idd = new RegExp(`^(?:${plan(country).IDDPrefix()})`);
	const found = new Set<string>(foundLookalikes[country] ?? []);
	for (const national of nationals) {
		for (let first = 0; first < 100; first++) {
			const candidate = String(first).padStart(2, '0') + national.slice(2);
			if (!idd.test(prefix + candidate)) continue;
			const number = parse(`+${callingCode} ${candidate}`, undefined);
			if (typeof number !== 'string' && number.isValid() && number.nationalNumber === candidate) found.add(candidate);
		}
	}
	return [...found].flatMap((national) => [`${prefix}${national}`, `${prefix}-${national}`]);
}

/** libphonenumber-js's parse, or why it failed. Stack traces are not captured: they cost more than the parse. */
function parse(text: string, region: string | undefined): PhoneNumber | string {
	const limit = Error.stackTraceLimit;
	Error.stackTraceLimit = 0;
	try {
		return parsePhoneNumberWithError(text, { defaultCountry: region as never, extract: false });
	} catch (error) {
		return (error as Error).message;
	} finally {
		Error.stackTraceLimit = limit;
	}
}

/** The rule, from libphonenumber-js's reading of a text: how it read the calling code says whether it was written internationally. */
function ruleOf(value: string, text: string, region: string | undefined): Expected {
	const number = parse(text, region);
	if (typeof number === 'string') {
		return !region && number === 'INVALID_COUNTRY' && !text.startsWith('+') ? { code: 'phone.missing-country-code' } : { code: 'phone.invalid' };
	}
	if (!number.isValid()) return { code: 'phone.invalid' };
	const fixed = `+${number.countryCallingCode} ${number.nationalNumber}`;
	const source = (number as unknown as { __countryCallingCodeSource?: string }).__countryCallingCodeSource;
	const international = source === 'FROM_NUMBER_WITH_PLUS_SIGN' || source === 'FROM_NUMBER_WITH_IDD';
	if (number.ext) return { code: 'phone.extension', fixed };
	if (!international) return { code: 'phone.missing-country-code', fixed };
	return value === fixed ? { fixed } : { code: 'phone.format', fixed };
}

/** What the engine should say of a value, and which chosen differences made it say otherwise than the library alone. */
function expectedFor(value: string, region: string | undefined, used: Map<string, number>): Expected {
	const text = value.trim();
	let read = text;
	const applied: string[] = [];
	for (const difference of chosenDifferences) {
		const changed = difference.read(read, region);
		if (changed !== undefined) {
			read = changed;
			applied.push(difference.name);
		}
	}
	let expected = ruleOf(value, read, region);
	// A label: only where the value is not a number as a whole, and the rest is one.
	const label = labels.find((candidate) => text.startsWith(candidate));
	if (expected.code === 'phone.invalid' && label) {
		const rest = expectedFor(text.slice(label.length), region, used);
		if (rest.code !== 'phone.invalid') {
			// The fix drops the label: phone.format, but for an extension, or a national number with no region (no fix).
			const code = rest.code === 'phone.extension' || rest.fixed === undefined ? rest.code : 'phone.format';
			expected = { code: code ?? 'phone.format', fixed: rest.fixed };
			checkExtract(value, text.slice(label.length), region, expected);
		}
	}
	if (applied.length) {
		const raw = ruleOf(value, text, region);
		if (raw.code !== expected.code || raw.fixed !== expected.fixed) for (const name of applied) used.set(name, (used.get(name) ?? 0) + 1);
	}
	return expected;
}

/** libphonenumber-js's extract reading of a labelled value (it skips what comes before the first digit or plus) finds the same number. */
function checkExtract(value: string, number: string, region: string | undefined, expected: Expected) {
	if (!expected.fixed || /[\uFF0B\u2009\u202F]/.test(number) || (!region && number.startsWith('00'))) return;
	const extracted = parsePhoneNumberWithError(value, { defaultCountry: region as never, extract: true });
	assert.equal(`+${extracted.countryCallingCode} ${extracted.nationalNumber}`, expected.fixed, `extract reading of ${JSON.stringify(value)}`);
}

function csvField(text: string): string {
	return `"${text.replace(/"/g, '""')}"`;
}

test('the engine judges phone values written many ways in every region as libphonenumber-js reads them, but for the chosen differences', () => {
	const names = new Map(countryNames.map((row) => [row.c, row]));
	const rows: { dn: string; c?: string; countryCode?: string; co?: string; value: string; region?: string }[] = [];
	let lookalikes = 0;
	for (const country of getCountries()) {
		const callingCode = getCountryCallingCode(country);
		const row = names.get(country);
		assert.ok(row, `${country} has no row in countryNames.json`);
		const nationals = new Set<string>();
		const example = getExampleNumber(country, mobileExamples);
		if (example) nationals.add(example.nationalNumber);
		for (const canonical of Object.values(typeExamples[country] ?? {})) if (canonical.startsWith(`+${callingCode} `)) nationals.add(canonical.slice(callingCode.length + 2));
		const values = [...nationals].slice(0, 2).flatMap((national) => writings(country, callingCode, national));
		const lookalike = iddLookalikes(country, callingCode, [...nationals]);
		lookalikes += lookalike.length;
		values.push(...lookalike);
		// The region by c, by countryCode, by co (its ISO short name, or the name ADUC writes), or none.
		const co = [row.iso, ...row.aduc].filter((name): name is string => !!name);
		for (const [index, value] of values.entries()) {
			const dn = `CN=${country}${index}`;
			rows.push({ dn, c: country, value, region: country });
			if (row.countryCode !== null) rows.push({ dn, countryCode: String(row.countryCode), value, region: country });
			if (co.length) rows.push({ dn, co: co[index % co.length], value, region: country });
			if (index % 3 === 0) rows.push({ dn, value });
		}
	}
	const text = `DN,c,countryCode,co,mobile\n${rows.map((row) => [row.dn, row.c ?? '', row.countryCode ?? '', csvField(row.co ?? ''), csvField(row.value)].join(',')).join('\n')}\n`;
	// The phone family alone: phone.not-mobile (a landline in mobile) is the readiness family's, tested on its own.
	const resolved = settings({ rules: { readiness: false } });
	const document = linter.read(text, 'csv', resolved);
	assert.deepEqual(document.problems, []);
	const findings = linter.validate(document, resolved)!;
	const byStart = new Map(findings.map((finding) => [finding.span.start, finding]));
	const used = new Map<string, number>();
	// The same value and region read through c, countryCode and co is expected once.
	const expectations = new Map<string, Expected>();
	let offset = text.indexOf('\n') + 1;
	const codes = new Map<string, number>();
	for (const row of rows) {
		const line = text.slice(offset, text.indexOf('\n', offset));
		const start = offset + line.length - csvField(row.value).length + 1;
		offset += line.length + 1;
		const key = `${row.region ?? ''}\u0000${row.value}`;
		let expected = expectations.get(key);
		if (!expected) expectations.set(key, expected = expectedFor(row.value, row.region, used));
		const finding = byStart.get(start);
		const where = `${JSON.stringify(row.value)} with ${row.c ? `c ${row.c}` : row.countryCode ? `countryCode ${row.countryCode}` : row.co ? `co ${row.co}` : 'no region'}`;
		assert.equal(finding?.code, expected.code, where);
		codes.set(expected.code ?? 'ok', (codes.get(expected.code ?? 'ok') ?? 0) + 1);
		if (!finding) continue;
		assert.equal(text.slice(finding.span.start, finding.span.end), row.value.replace(/"/g, '""'), where);
		assert.equal(finding.fix?.edit.newText, expected.code === 'phone.invalid' ? undefined : expected.fixed, where);
	}
	assert.ok(rows.length > 50_000, `${rows.length} rows`);
	for (const code of ['ok', 'phone.invalid', 'phone.extension', 'phone.missing-country-code', 'phone.format']) assert.ok((codes.get(code) ?? 0) > 1000, `${codes.get(code)} ${code}`);
	assert.ok(lookalikes >= 30, `${lookalikes} national numbers that open like the IDD`);
	for (const difference of chosenDifferences) assert.ok((used.get(difference.name) ?? 0) > 0, `the chosen difference "${difference.name}" changed no verdict`);
});
