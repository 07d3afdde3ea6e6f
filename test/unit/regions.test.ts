import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getCountries } from 'libphonenumber-js/max';
import { readRegion, regionConflictMessage, regionFromName, regionFromNumeric } from '../../server/src/engine/regions';
import { repoRoot } from './engineHarness';

/** Every region libphonenumber-js knows, with its ISO numeric code and short name and the co names ADUC writes (see phoneForms.test.ts). */
const countryNames: { c: string; countryCode: number | null; iso: string | null; aduc: string[] }[] =
	JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/countryNames.json'), 'utf8'));

/** ISO's newer way of writing a short name with a qualifier: "Korea, Republic of" as "Korea (the Republic of)". */
function parenthesised(name: string): string | undefined {
	const comma = /^([^,]+), (?:the )?(.+)$/i.exec(name);
	return comma ? `${comma[1]} (the ${comma[2]})` : undefined;
}

test('every ISO 3166 short name and every name ADUC writes in co resolves, in any case, with or without accents', () => {
	assert.deepEqual(countryNames.map((row) => row.c).sort(), [...getCountries()].sort());
	let checked = 0;
	for (const row of countryNames) {
		const names = [row.iso, ...row.aduc].filter((name): name is string => !!name);
		if (row.iso) {
			const other = parenthesised(row.iso);
			if (other) names.push(other);
		}
		for (const name of names) {
			for (const written of [name, name.toUpperCase(), name.toLowerCase(), name.normalize('NFD').replace(/\p{M}/gu, ''), ` ${name} `, name.replace(/'/g, '\u2019')]) {
				assert.equal(regionFromName(written), row.c, `${JSON.stringify(written)} (${row.c})`);
				checked++;
			}
		}
		if (row.countryCode !== null) {
			assert.equal(regionFromNumeric(String(row.countryCode)), row.c);
			assert.equal(regionFromNumeric(String(row.countryCode).padStart(3, '0')), row.c);
		}
	}
	assert.ok(checked > 2500, `${checked} names`);
});

test('the names the brief and ADUC users meet resolve, and names of no region or several do not', () => {
	const cases: [string, string | undefined][] = [
		['Trinidad and Tobago', 'TT'], ['Hong Kong', 'HK'], ['Hong Kong S.A.R.', 'HK'], ['Macao S.A.R.', 'MO'], ['Macao', 'MO'],
		["Côte d'Ivoire", 'CI'], ['Cote d Ivoire', 'CI'], ['Bosnia and Herzegovina', 'BA'], ['Bosnia & Herzegovina', 'BA'], ['Korea, Republic of', 'KR'],
		['Republic of Korea', 'KR'], ['Korea', 'KR'], ['North Korea', 'KP'], ['Congo (DRC)', 'CD'], ['Congo', 'CG'], ['Virgin Islands', 'VI'],
		['Virgin Islands, British', 'VG'], ['Virgin Islands (U.S.)', 'VI'], ['United States of America (the)', 'US'], ['Netherlands (Kingdom of the)', 'NL'],
		['Bahamas, The', 'BS'], ['The Bahamas', 'BS'], ['Man, Isle of', 'IM'], ['St. Kitts and Nevis', 'KN'], ['Taiwan (Province of China)', 'TW'],
		['Falkland Islands (the) [Malvinas]', 'FK'], ['Germany', 'DE'], ['德国', 'DE'], ['中国香港特别行政区', 'HK'], ['United Kingdom', 'GB'], ['UK', 'GB'],
		['Atlantis', undefined], ['Antarctica', undefined], ['Serbia and Montenegro (Former)', undefined], ['', undefined], ['toString', undefined],
	];
	for (const [name, region] of cases) assert.equal(regionFromName(name), region, name);
	assert.equal(regionFromNumeric('0'), undefined, "Samba's countryCode 0 is no country");
});

test('readRegion takes c, then countryCode, then co, then the default, and says where they disagree', () => {
	assert.deepEqual(readRegion({ c: 'DE', countryCode: '276', co: 'Germany' }, 'US'), { region: 'DE', source: 'c' });
	assert.deepEqual(readRegion({ c: 'DE', countryCode: '0', co: 'Germany' }, ''), { region: 'DE', source: 'c' });
	assert.deepEqual(readRegion({ countryCode: '0' }, 'gb'), { region: 'GB', source: 'default' });
	assert.deepEqual(readRegion({ c: 'XX', countryCode: '840', co: 'United States' }, ''), { region: 'US', source: 'countryCode' });
	assert.deepEqual(readRegion({ co: 'Hong Kong S.A.R.' }, 'US'), { region: 'HK', source: 'co' });
	assert.deepEqual(readRegion({ c: 'DE', countryCode: '840', co: 'Germany' }, ''), { region: 'DE', source: 'c', conflict: { c: 'DE', countryCode: 'US', co: 'DE' } });
	assert.deepEqual(readRegion({ countryCode: '250', co: 'Belgium' }, ''), { region: 'FR', source: 'countryCode', conflict: { countryCode: 'FR', co: 'BE' } });
	assert.deepEqual(readRegion({ co: 'Atlantis' }, ''), {});
	assert.deepEqual(readRegion({}, 'XX'), {});
});

test('the conflict warning names the three values and the one used', () => {
	const values = { c: 'DE', countryCode: '840', co: 'Germany' };
	assert.equal(regionConflictMessage(values, readRegion(values, '')),
		'The country values of this user disagree: c is "DE", countryCode is "840" (US) and co is "Germany" (DE). Numbers without a country code are read in DE, from c; ADUC sets all three together.');
	const partial = { countryCode: '250', co: 'Belgium' };
	assert.equal(regionConflictMessage(partial, readRegion(partial, '')),
		'The country values of this user disagree: c is not set, countryCode is "250" (FR) and co is "Belgium" (BE). Numbers without a country code are read in FR, from countryCode; ADUC sets all three together.');
});
