/** phone.country-conflict: a row whose c, countryCode and co disagree gets one warning, on the value its region comes from. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as harness from './engineHarness';
import { summary } from './engineHarness';

/** The phone family's findings (the Berlin landline in mobile is also phone.not-mobile, the readiness family's). */
const lint = (text: string, format: 'csv' | 'ldif' = 'csv', options: Record<string, unknown> = {}) => harness.lint(text, format, { rules: { readiness: false }, ...options });

const header = 'DN,mobile,c,countryCode,co\n';

test('disagreeing country values: one warning on the value the region was read from, naming all three', () => {
	const text = `${header}"CN=a",030 901820,DE,840,Germany\n"CN=b",+1 4255550100,,840,Germany\n`;
	const findings = lint(text);
	assert.deepEqual(summary(text, findings), ['phone.missing-country-code@030 901820', 'phone.country-conflict@DE', 'phone.country-conflict@840']);
	assert.equal(findings[1].severity, 'warning');
	assert.equal(findings[1].message, 'The country values of this user disagree: c is "DE", countryCode is "840" (US) and co is "Germany" (DE). Numbers without a country code are read in DE, from c; ADUC sets all three together.');
	assert.equal(findings[1].fix, undefined);
	assert.match(findings[2].message, /read in US, from countryCode/);
});

test('no warning where the values agree, where countryCode is 0 (Samba), where a name names nothing, or on a row without phone values', () => {
	const agreeing = `${header}"CN=a",030 901820,DE,276,Deutschland\n"CN=b",+44 2079460958,GB,0,United Kingdom\n"CN=c",+44 2079460958,GB,826,Narnia\n`;
	assert.deepEqual(summary(agreeing, lint(agreeing)), ['phone.missing-country-code@030 901820']);
	const noPhones = 'DN,c,countryCode,co\n"CN=a",DE,840,Germany\n';
	assert.deepEqual(lint(noPhones), []);
	const off = `${header}"CN=a",+49 30901820,DE,840,Germany\n`;
	assert.deepEqual(lint(off, 'csv', { severity: { 'phone.country-conflict': 'off' } }), []);
});

test('in LDIF, as ldifde writes the three', () => {
	const text = 'dn: CN=a,DC=x\nmobile: +33 612345678\nc: FR\nco: Belgium\ncountryCode: 250\n';
	assert.deepEqual(summary(text, lint(text, 'ldif')), ['phone.country-conflict@FR']);
});
