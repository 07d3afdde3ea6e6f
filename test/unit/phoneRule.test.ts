import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { judgePhone, judgeQuickly, judgeFully, createPhoneJudge, phoneDetails, isValidIn } from '../../server/src/engine/rules/phoneRule';
import { repoRoot } from './engineHarness';

interface Row { input: string; region: string | null; code: string | null; fixed: string | null; note?: string }
const rows: Row[] = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/phones.json'), 'utf8'));

test('the phone table is large and varied enough to mean something', () => {
	assert.ok(rows.length >= 150, `${rows.length} rows`);
	const countries = new Set(rows.map((row) => {
		const canonical = judgePhone(row.input, row.region ?? undefined).canonical;
		return canonical && phoneDetails(canonical).country;
	}).filter(Boolean));
	assert.ok(countries.size >= 25, `${countries.size} countries`);
	for (const code of [null, 'phone.invalid', 'phone.extension', 'phone.missing-country-code', 'phone.format']) {
		assert.ok(rows.some((row) => row.code === code), `no row for ${code}`);
	}
});

for (const row of rows) {
	test(`${JSON.stringify(row.input)} in ${row.region ?? 'no region'} → ${row.code ?? 'ok'}`, () => {
		const verdict = judgePhone(row.input, row.region ?? undefined);
		assert.equal(verdict.code ?? null, row.code);
		const fixed = verdict.code && verdict.code !== 'phone.invalid' ? verdict.canonical ?? null : null;
		assert.equal(fixed, row.fixed);
	});
}

test('invalid values say why', () => {
	assert.equal(judgePhone('+999 1234567', undefined).reason, 'INVALID_COUNTRY');
	assert.equal(judgePhone('12', 'US').reason, 'TOO_SHORT');
	assert.equal(judgePhone('+1 42555512345678901', undefined).reason, 'TOO_LONG');
	assert.equal(judgePhone('call me', 'US').reason, 'NOT_A_NUMBER');
	assert.equal(judgePhone('Microsoft.ActiveDirectory.Management.ADPropertyValueCollection', 'US').reason, 'COLLECTION_PLACEHOLDER');
});

test('a canonical value is still validated', () => {
	assert.equal(judgePhone('+1 4255550123', undefined).code, undefined);
	assert.equal(judgePhone('+1 1235550123', undefined).code, 'phone.invalid');
});

test('the extension is reported with what SSPR dials instead', () => {
	const verdict = judgePhone('+1 4255551234X12345', undefined);
	assert.equal(verdict.code, 'phone.extension');
	assert.equal(verdict.extension, '12345');
	assert.equal(verdict.canonical, '+1 4255551234');
});

test('the cached judge gives the same verdicts and keys by region', () => {
	const judge = createPhoneJudge(2);
	assert.equal(judge('020 7946 0958', 'GB').canonical, '+44 2079460958');
	assert.equal(judge('020 7946 0958', undefined).code, 'phone.missing-country-code');
	assert.equal(judge('020 7946 0958', undefined).canonical, undefined);
	assert.equal(judge('020 7946 0958', 'GB').canonical, '+44 2079460958');
});

test('the fast path agrees with the full parse on every region\'s numbers, written many ways, and on random digits', () => {
	const { getCountries, getCountryCallingCode, getExampleNumber } = require('libphonenumber-js/max') as typeof import('libphonenumber-js/max');
	const examples = require('libphonenumber-js/examples.mobile.json');
	const candidates: [string, string | undefined][] = rows.map((row) => [row.input, row.region ?? undefined]);
	// National writings whose reading turns on trunk prefixes, carrier codes, prefix rewrites and shared calling codes.
	candidates.push(...([
		['011 15-2345-6789', 'AR'], ['0 11 15 2345 6789', 'AR'], ['0 15 21 2345 6789', 'BR'], ['021 98765 4321', 'BR'], ['(21) 98765-4321', 'BR'],
		['03 1234567', 'CO'], ['044 55 1234 5678', 'MX'], ['2345678', 'VI'], ['1 340 234 5678', 'US'], ['07624 369230', 'GB'], ['01481 256789', 'GB'],
		['441481256789', 'GB'], ['4930123456', 'DE'], ['8 (495) 123-45-67', 'RU'], ['7 495 123 45 67', 'RU'], ['31612345678', 'NL'],
		['(425) 555-0100', 'US'], ['(416) 555-0100', 'US'], ['1 (425) 555-0100', 'CA'], ['61412345678', 'AU'], ['0311 123456', 'IT'], ['(0)20 7946 0958', 'GB'],
		// A trunk prefix and digits that open as the IDD does: national where a 0 follows the prefix (IL, UY), international otherwise.
		['0-1200123456', 'IL'], ['01200123456', 'IL'], ['01800123456', 'IL'], ['01919123456', 'IL'], ['012 44 20 7946 0958', 'IL'], ['017701234', 'UY'],
		['0177 0 1234', 'UY'], ['0177 44 20 7946 0958', 'UY'], ['0011 44 20 7946 0958', 'AU'], ['810 44 20 7946 0958', 'BY'], ['8 10 44 20 7946 0958', 'KZ'],
		['000 123 4567', 'KE'], ['00 0 20 7946 0958', 'GB'], ['011 0 44 20 7946 0958', 'US'], ['00', 'DE'], ['011', 'US'],
		// Labels, fullwidth and other digits, Unicode spaces: left to the full parse.
		['tel:+1-425-555-0121', 'US'], ['Tel: 020 7946 0027', 'GB'], ['Mob.07911 123456', 'GB'], ['\uFF0B49 151 23456789', 'DE'], ['\uFF0B36 1 234 5675', 'PR'],
		['\uFF10\uFF12\uFF10 7946 0958', 'GB'], ['+\u0669\u0667\u0661 50 123 4567', 'US'], ['+33\u202F1\u202F23\u202F45\u202F67\u202F89', 'FR'], ['+81\u30003\u30001234\u30005678', 'JP'],
	] as [string, string][]));
	// No number at all, no country with that calling code, or too short for it.
	for (const value of ['n/a', 'N/A', 'TBD', 'none', '-', '+', '+-', '  ', '', 'Microsoft.ActiveDirectory.Management.ADPropertyValueCollection', ' n/a ', 'x', 'ext.', '(   )',
		'+999 3127954249', '+999 312', '+9991234', '+0 123456789', '+80 1234567', '+28 123456', '+2 123', '+999 1', '+9 9', '+999 123 456 x12', '+999-123-4567', '+ 999 123 4567',
		'+1 7022', '+1 702', '+1 70', '+44 20', '+44 2079', '+44 020 79', '+49 301', '+91 9720', '+33 1', '+7 495', '+1-425-55', '+1 425 555 010', '+672 1', '+800 1234', '+800 12345678', '+882 1234', '+979 1',
		'ext=916', 'ext 9211', 'EXT.12', 'x123', 'X 5', 'extension 77', 'ext:5', 'ext=', 'tel:+14255550100', 'ext=12345678',
		'425-73', '555-01', '42', '5', '12345', '020 79', '0 123', '1 425', '44 20', '(425) 55', '555-0100', '5550100', '8 495 12',
		// Found in review: Unicode spaces around an extension label, short numbers with punctuation, 00 after other
		// characters without a region, input longer than libphonenumber-js reads, regions it does not know.
		'(425) 555-0100\u2003x12', '(425) 555-0100\nx12', '(425) 555-0100 x\u202f12', '+1 425 555 0100\u2009ext 5', '+1 425 555 0100\u00a0x5',
		'(23)', '23--', '1-2-', '2---', '(0044) 20 7946 0958', '0 044 20 7946 0958', 'n/a'.repeat(90), `+1 ${'4'.repeat(260)}`, '0044 20 7946 0958']) {
		for (const region of [undefined, 'US', 'GB', 'DE', 'ZZ', 'AQ', 'UK', 'gb']) candidates.push([value, region]);
	}
	const writings = (code: string, national: string) => [
		`+${code} ${national}`, `+${code}${national}`, `+${code}-${national.slice(0, 3)}-${national.slice(3)}`,
		`+${code} (${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`, `+${code}.${national.slice(0, 2)}.${national.slice(2)}`,
		`+${code} 0${national}`, `+${code} (0)${national}`, `+${code}  ${national}`, `+${code} ${national} `,
		`00 ${code} ${national}`, `00${code}${national}`, `011 ${code} ${national}`, `0011 ${code} ${national}`,
		`+${code} ${national} x123`, `+${code} ${national}X12345`, `+${code} ${national} ext. 7`, `+${code} ${national};ext=0042`,
		`+${code} ${national} #9`, `+${code} ${national} extension 12`, `00 ${code} ${national} x1`,
	];
	const regions = [undefined, 'US', 'GB', 'DE', 'AU', 'JP'];
	const { Metadata } = require('libphonenumber-js/core') as typeof import('libphonenumber-js/core');
	const metadata = new Metadata(require('libphonenumber-js/metadata.max.json'));
	const callingCodeCountries: Record<string, string[]> = require('libphonenumber-js/metadata.max.json').country_calling_codes;
	// Written nationally, read in the country itself, in another country sharing its calling code, or elsewhere.
	const nationalWritings = (code: string, prefix: string, national: string) => [
		`${prefix}${national}`, `${prefix} ${national.slice(0, 3)} ${national.slice(3)}`, `(${prefix}${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`,
		national, `${national.slice(0, 3)}-${national.slice(3)}`, `${national.slice(0, 2)}.${national.slice(2)}`, `${code}${national}`, `${code} ${prefix}${national}`,
		`(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`, `(${national.slice(0, 2)})${national.slice(2)}`,
		`${prefix}${national} x12`, `${national} ext. 5`, `${prefix}${national};ext=77`, `${prefix}${prefix}${national}`, national.slice(1), `${national}9`,
	];
	for (const country of getCountries()) {
		const code = getCountryCallingCode(country);
		const example = getExampleNumber(country, examples);
		for (const [index, writing] of (example ? writings(code, example.nationalNumber) : []).entries()) candidates.push([writing, regions[index % regions.length]]);
		metadata.selectNumberingPlan(country);
		const prefix = (metadata.numberingPlan as unknown as { nationalPrefix(): string | undefined }).nationalPrefix() ?? '';
		const sharing = (callingCodeCountries[code] ?? []).filter((other) => other !== country);
		const nationalRegions = [country, country, sharing[0] ?? country, regions[country.charCodeAt(1) % regions.length]];
		for (const [index, writing] of (example ? nationalWritings(code, prefix, example.nationalNumber) : []).entries()) candidates.push([writing, nationalRegions[index % nationalRegions.length]]);
		// Random national numbers of plausible lengths, valid or not, with a fixed seed.
		let seed = code.length * 7919 + country.charCodeAt(0) * 31 + country.charCodeAt(1);
		for (let i = 0; i < 40; i++) {
			seed = (seed * 1103515245 + 12345) & 0x7fffffff;
			const national = String(seed).padStart(10, '0').slice(0, 6 + (seed % 6));
			for (const [index, writing] of writings(code, national).entries()) if (index % 5 === i % 5) candidates.push([writing, regions[(i + index) % regions.length]]);
			for (const [index, writing] of nationalWritings(code, prefix, national).entries()) if (index % 4 === i % 4) candidates.push([writing, nationalRegions[(i + index) % nationalRegions.length]]);
		}
	}
	let fast = 0;
	let national = 0;
	for (const [value, region] of candidates) {
		const quick = judgeQuickly(value, region);
		if (!quick) continue;
		fast++;
		const full = judgeFully(value, region);
		const where = `${JSON.stringify(value)} in ${region}`;
		assert.equal(full.code, quick.code, where);
		assert.equal(full.canonical, quick.canonical, where);
		assert.equal(full.extension, quick.extension, where);
		assert.equal(full.region, quick.region, where);
		assert.equal(full.reason, quick.reason, where);
		if (quick.code === 'phone.missing-country-code') national++;
	}
	assert.ok(fast > 3000, `only ${fast} of ${candidates.length} values took the fast path`);
	assert.ok(national > 1000, `only ${national} values written nationally took the fast path`);
});

test('the compiled validity test says what PhoneNumber.isValid says, for every country', () => {
	const { PhoneNumber } = require('libphonenumber-js/core') as typeof import('libphonenumber-js/core');
	const { getCountries } = require('libphonenumber-js/max') as typeof import('libphonenumber-js/max');
	const metadata = require('libphonenumber-js/metadata.max.json');
	const examples: Record<string, string> = { ...require('libphonenumber-js/examples.mobile.json') };
	const PhoneNumberIn = PhoneNumber as unknown as new (country: string, national: string, metadata: unknown) => { isValid(): boolean };
	let valid = 0;
	let checked = 0;
	for (const country of getCountries()) {
		const nationals = new Set<string>();
		for (const example of [examples[country]]) {
			if (!example) continue;
			nationals.add(example);
			// Each digit changed, one digit dropped, one added: near misses of a valid number.
			for (let i = 0; i < example.length; i++) {
				nationals.add(example.slice(0, i) + String((Number(example[i]) + 1) % 10) + example.slice(i + 1));
				nationals.add(example.slice(0, i) + example.slice(i + 1));
			}
			nationals.add(`${example}0`);
		}
		let seed = country.charCodeAt(0) * 131 + country.charCodeAt(1);
		for (let i = 0; i < 60; i++) {
			seed = (seed * 1103515245 + 12345) & 0x7fffffff;
			nationals.add(String(seed).padStart(12, '0').slice(0, 2 + (seed % 11)));
		}
		for (const national of nationals) {
			const expected = new PhoneNumberIn(country, national, metadata).isValid();
			assert.equal(isValidIn(country, national), expected, `${national} in ${country}`);
			checked++;
			if (expected) valid++;
		}
	}
	assert.ok(checked > 10_000 && valid > 1_000, `${valid} valid of ${checked} checked`);
	assert.equal(isValidIn('001', '12345678'), undefined, 'non-geographic numbers are left to the full parse');
});
