import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import { numberTypeOf, phoneDetails } from '../../server/src/engine/rules/phoneRule';
import { repoRoot } from './engineHarness';

/** Google's example number of every type for every region and non-geographic code (test/tools/example_numbers.py). */
const examples: Record<string, Record<string, string>> = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/exampleNumbers.json'), 'utf8'));

/** What libphonenumber-js says of a canonical number: valid or not, its type and country. */
function library(canonical: string): { valid: boolean; type?: string; country?: string } {
	const number = parsePhoneNumberWithError(canonical);
	return { valid: number.isValid(), type: number.getType(), country: number.country };
}

function assertSame(canonical: string): boolean {
	const expected = library(canonical);
	if (!expected.valid) return false;
	assert.equal(numberTypeOf(canonical), expected.type, canonical);
	assert.deepEqual(phoneDetails(canonical), { ...(expected.country ? { country: expected.country } : {}), ...(expected.type ? { type: expected.type } : {}) }, canonical);
	return true;
}

test('numberTypeOf says what getType says on every example number of every type', () => {
	let checked = 0;
	const types = new Set<string>();
	for (const numbers of Object.values(examples)) {
		for (const canonical of Object.values(numbers)) {
			if (assertSame(canonical)) {
				checked++;
				types.add(numberTypeOf(canonical) ?? 'none');
			}
		}
	}
	assert.ok(checked > 1000, `${checked} valid examples`);
	for (const type of ['FIXED_LINE', 'MOBILE', 'FIXED_LINE_OR_MOBILE', 'TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL']) {
		assert.ok(types.has(type), `no example of ${type}`);
	}
});

test('numberTypeOf says what getType says on random valid numbers near each example', () => {
	let checked = 0;
	let seed = 20261204;
	const random = (below: number) => {
		seed = (seed * 1103515245 + 12345) & 0x7fffffff;
		return seed % below;
	};
	for (const numbers of Object.values(examples)) {
		for (const canonical of Object.values(numbers)) {
			const [callingCode, national] = canonical.slice(1).split(' ');
			// Keep the first digits (where types differ) and change the rest, or change one early digit.
			for (let i = 0; i < 12; i++) {
				const keep = 1 + random(Math.max(1, national.length - 1));
				let digits = national.slice(0, keep);
				while (digits.length < national.length) digits += String(random(10));
				if (i % 3 === 0) digits = digits.slice(0, 1) + String(random(10)) + digits.slice(2);
				if (assertSame(`+${callingCode} ${digits}`)) checked++;
			}
		}
	}
	assert.ok(checked > 5000, `${checked} random valid numbers`);
});

test('numberTypeOf judges the type in the country libphonenumber-js assigns', () => {
	assert.equal(numberTypeOf('+44 7911123456'), 'MOBILE');
	assert.equal(phoneDetails('+44 7911123456').country, 'GG');
	assert.equal(numberTypeOf('+1 4255550100'), 'FIXED_LINE_OR_MOBILE');
	assert.equal(numberTypeOf('+49 30901820'), 'FIXED_LINE');
	assert.equal(numberTypeOf('+49 15123456789'), 'MOBILE');
	assert.equal(numberTypeOf('+800 12345678'), 'TOLL_FREE');
	assert.equal(phoneDetails('+800 12345678').country, undefined);
});
