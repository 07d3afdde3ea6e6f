/**
 * SSPR readiness: every per-method state and the user-state precedence, the join with Entra's user
 * registration details in its CSV and JSON forms (both header spellings) and bad details files,
 * and the registrations planned from the result.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import type { AttributeInfo } from '../../shared/src/catalogue';
import { findAttribute } from '../../shared/src/catalogue';
import type { UserReadiness } from '../../shared/src/readiness';
import { entryRegion } from '../../server/src/engine/linter';
import type { Entry } from '../../server/src/engine/model';
import { entryReadiness, isEmailAddress } from '../../server/src/engine/readiness';
import { buildReport } from '../../server/src/engine/readinessReport';
import { parseRegistrationDetails, RegistrationDetailsError, RegistrationJoin } from '../../server/src/engine/registrationDetails';
import { RegistrationPlanner, registrationLine } from '../../server/src/engine/registrations';
import { linter, settings } from './engineHarness';

/** The number type as libphonenumber-js's full metadata says (the pipeline injects a faster one). */
const numberType = (canonical: string) => parsePhoneNumberWithError(canonical).getType();
const tools = { numberType };

/** An attribute the catalogue does not hold yet (otherMails, department): what the reader will make of it. */
function extraInfo(ldapName: string): AttributeInfo {
	return { ldapName, aliases: [], kind: 'email', multiValued: ldapName === 'otherMails', azureField: '', graphProperty: '', ssprUse: '' };
}

/** An entry as a reader makes it, from attribute names and values. */
function entry(values: Record<string, string | string[]>, dn?: string): Entry {
	const zero = { start: 0, end: 0 };
	return {
		span: zero,
		dn,
		attributes: Object.entries(values).map(([name, value]) => ({
			name,
			info: findAttribute(name) ?? extraInfo(name),
			nameSpan: zero,
			values: [value].flat().map((text) => ({ text, span: zero, editSpan: zero, encoding: 'plain' as const, checked: true })),
		})),
	};
}

function readiness(values: Record<string, string | string[]>, region?: string): UserReadiness {
	return entryReadiness(entry(values, 'CN=x'), { file: 'users.csv', line: 2 }, region, tools);
}

const upn = { userPrincipalName: 'ann@contoso.com' };

test('mobile: ready, fixable, invalid, absent and not-mobile', () => {
	const cases: [string | undefined, string | undefined, UserReadiness['mobile'], string | undefined][] = [
		['+1 4255550123', undefined, 'ready', '+1 4255550123'], // FIXED_LINE_OR_MOBILE takes SMS
		['+44 7911123456', undefined, 'ready', '+44 7911123456'], // MOBILE
		['+1 (425) 555-0123', undefined, 'fixable', '+1 4255550123'], // phone.format
		['07911 123456', 'GB', 'fixable', '+44 7911123456'], // phone.missing-country-code, read in the row's region
		['07911 123456', undefined, 'invalid', undefined], // no region to read it in
		['n/a', undefined, 'invalid', undefined],
		['+1 425 555 0123 x12', undefined, 'invalid', undefined], // an extension would reach the switchboard
		['+44 2079460958', undefined, 'not-mobile', undefined], // FIXED_LINE cannot take SMS
		['020 7946 0958', 'GB', 'not-mobile', undefined], // fixable, but fixed-line all the same
		['   ', undefined, 'absent', undefined],
		[undefined, undefined, 'absent', undefined],
	];
	for (const [value, region, state, number] of cases) {
		const user = readiness(value === undefined ? upn : { ...upn, mobile: value }, region);
		assert.equal(user.mobile, state, `${value} in ${region}`);
		assert.equal(user.mobileNumber, number, `${value} in ${region}`);
	}
});

test('office: ready, fixable, invalid and absent; a fixed line is fine for voice', () => {
	const cases: [string | undefined, UserReadiness['office'], string | undefined][] = [
		['+44 2079460958', 'ready', '+44 2079460958'],
		['+1 425.555.0100', 'fixable', '+1 4255550100'],
		['+44 20 7946 0958 ext. 2210', 'invalid', undefined],
		['TBD', 'invalid', undefined],
		[undefined, 'absent', undefined],
	];
	for (const [value, state, number] of cases) {
		const user = readiness(value === undefined ? upn : { ...upn, telephoneNumber: value });
		assert.equal(user.office, state, value);
		assert.equal(user.officeNumber, number, value);
	}
});

test('email counts only from otherMails: ready when one value is an address', () => {
	assert.equal(readiness({ ...upn, otherMails: ['not an address', 'ann.lee@fabrikam.com'] }).email, 'ready');
	assert.equal(readiness({ ...upn, otherMails: 'ann@@fabrikam' }).email, 'invalid');
	assert.equal(readiness({ ...upn, mail: 'ann@contoso.com' }).email, 'absent');
	assert.equal(readiness({ ...upn, EmailAddress: 'ann@contoso.com' }).email, 'absent');
	assert.equal(readiness({ ...upn, otherMails: 'ann@fabrikam.com' }).state, 'ready');
});

test('isEmailAddress: a plain dot-atom address with a dotted domain', () => {
	for (const good of ['a@b.co', 'ann.lee+sspr@mail.fabrikam.com', "o'brien@contoso.ie", 'x_y@sub-domain.example.org']) assert.equal(isEmailAddress(good), true, good);
	for (const bad of ['', 'ann', 'ann@', '@contoso.com', 'ann@contoso', 'ann..lee@contoso.com', '.ann@contoso.com', 'ann@-contoso.com', 'ann@contoso.c0m', 'zoë@contoso.com', 'ann lee@contoso.com', `${'a'.repeat(65)}@contoso.com`]) {
		assert.equal(isEmailAddress(bad), false, bad);
	}
});

test('the state: not-targetable, then ready, fixable, needs-data (no details: registered is null)', () => {
	const ready = readiness({ ...upn, mobile: 'n/a', telephoneNumber: '+1 4255550100' });
	assert.deepEqual([ready.state, ready.registered], ['ready', null]);
	assert.equal(readiness({ ...upn, mobile: '+1 425 555 0100', telephoneNumber: 'n/a' }).state, 'fixable');
	assert.equal(readiness({ ...upn, mobile: '+44 2079460958' }).state, 'needs-data'); // not-mobile is not a method
	assert.equal(readiness({ ...upn }).state, 'needs-data');
	assert.equal(readiness({ mobile: '+1 4255550123' }).state, 'not-targetable');
	assert.equal(readiness({ userPrincipalName: '  ', mobile: '+1 4255550123' }).state, 'not-targetable');
	// The best method wins: a ready office phone beats a fixable mobile.
	assert.equal(readiness({ ...upn, mobile: '+1 425 555 0199', telephoneNumber: '+1 4255550100' }).state, 'ready');
});

test('the record: place, DN, UPN, country from c / countryCode / co, department', () => {
	assert.deepEqual(readiness({ ...upn, mobile: '+1 4255550123', c: 'us', department: ' Sales ' }), {
		file: 'users.csv', line: 2, dn: 'CN=x', upn: 'ann@contoso.com', mobile: 'ready', office: 'absent', email: 'absent',
		registered: null, state: 'ready', mobileNumber: '+1 4255550123', country: 'US', department: 'Sales',
	});
	assert.equal(readiness({ ...upn, co: 'Germany' }).country, 'DE');
	assert.equal(readiness({ ...upn, countryCode: '250' }).country, 'FR');
	assert.equal(readiness({ ...upn, co: 'Atlantis' }).country, 'Atlantis');
	assert.equal(readiness({ ...upn }).country, undefined);
});

test('read from an export: the region of a national number is the row\'s, lines are where records start', () => {
	const text = [
		'DN,userPrincipalName,mobile,telephoneNumber,c',
		'"CN=Ann,DC=contoso,DC=com",ann@contoso.com,07911 123456,,GB',
		'"CN=Bo,DC=contoso,DC=com",bo@contoso.com,425-555-0199,,',
		'',
	].join('\n');
	const resolved = settings({ defaultRegion: 'US' });
	const document = linter.read(text, 'csv', resolved);
	const users = document.entries.map((item, index) => entryReadiness(item, { file: 'a.csv', line: index + 2 }, entryRegion(item, resolved.defaultRegion), tools));
	assert.deepEqual(users.map((user) => [user.mobile, user.mobileNumber, user.country]), [['fixable', '+44 7911123456', 'GB'], ['fixable', '+1 4255550199', undefined]]);
});

const adminCenterCsv = [
	'\uFEFFUser principal name,Name,MFA Capable,Passwordless Capable,SSPR Registered,SSPR Enabled,SSPR Capable,Methods Registered,Last Updated Time',
	'Ann@Contoso.com,Ann Lee,Capable,Not Capable,Registered,Enabled,Capable,"Mobile phone, Email",2026-12-01T10:00:00Z',
	'bo@contoso.com,Bo Li,Not Capable,Not Capable,Not Registered,Enabled,Not Capable,Office phone,2026-12-01T10:00:00Z',
	'cy@contoso.com,Cy Ng,Not Capable,Not Capable,Not Registered,Enabled,Not Capable,,2026-12-01T10:00:00Z',
	'',
].join('\r\n');

const graphJson = JSON.stringify({
	'@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#reports/authenticationMethods/userRegistrationDetails',
	value: [
		{ id: '1', userPrincipalName: 'ann@contoso.com', isSsprRegistered: true, methodsRegistered: ['mobilePhone', 'email'] },
		{ id: '2', userPrincipalName: 'BO@contoso.com', isSsprRegistered: false, methodsRegistered: ['officePhone', 'microsoftAuthenticatorPush'] },
		{ id: '3', userPrincipalName: 'cy@contoso.com', isSsprRegistered: false, methodsRegistered: [] },
	],
});

/** What both spellings must read to. */
function registrations(files: { name: string; text: string }[]): [string, boolean, string[]][] {
	return [...parseRegistrationDetails(files).users].map(([key, user]) => [key, user.isSsprRegistered, [...user.methods].sort()]);
}

const expected: [string, boolean, string[]][] = [
	['ann@contoso.com', true, ['email', 'mobile']],
	['bo@contoso.com', false, ['office']],
	['cy@contoso.com', false, []],
];

test('registration details: the admin center\'s CSV and Graph\'s JSON read the same', () => {
	assert.deepEqual(registrations([{ name: 'details.csv', text: adminCenterCsv }]), expected);
	assert.deepEqual(registrations([{ name: 'details.json', text: graphJson }]), expected);
	// A bare array, and Export-Csv of Get-MgReportAuthenticationMethodUserRegistrationDetail (Graph's names, True/False, #TYPE, ';'-joined).
	assert.deepEqual(registrations([{ name: 'bare.json', text: JSON.stringify(JSON.parse(graphJson).value) }]), expected);
	const exportCsv = [
		'#TYPE Selected.Microsoft.Graph.PowerShell.Models.MicrosoftGraphUserRegistrationDetails',
		'"UserPrincipalName","IsSsprRegistered","MethodsRegistered"',
		'"ann@contoso.com","True","mobilePhone;email"',
		'"bo@contoso.com","False","officePhone"',
		'"cy@contoso.com","False",""',
	].join('\r\n');
	assert.deepEqual(registrations([{ name: 'export.csv', text: exportCsv }]), expected);
});

test('registration details: pages are one report; a lone page with a next link warns', () => {
	const [first, ...rest] = JSON.parse(graphJson).value;
	const pageOne = JSON.stringify({ value: [first], '@odata.nextLink': 'https://graph.microsoft.com/v1.0/reports/authenticationMethods/userRegistrationDetails?$skiptoken=x' });
	const pageTwo = JSON.stringify({ value: rest });
	assert.deepEqual(registrations([{ name: 'p1.json', text: pageOne }, { name: 'p2.json', text: pageTwo }]), expected);
	assert.deepEqual(registrations([{ name: 'pages.json', text: JSON.stringify([JSON.parse(pageOne), JSON.parse(pageTwo)]) }]), expected);
	assert.deepEqual(parseRegistrationDetails([{ name: 'p1.json', text: pageOne }]).warnings, [
		'p1.json is one page of the user registration details (it has @odata.nextLink): users on the other pages count as not registered unless their pages are read too.',
	]);
});

test('registration details: bad input names the file and what is wrong', () => {
	const cases: [string, string, string][] = [
		['users.csv', 'DN,userPrincipalName,mobile\nCN=a,a@contoso.com,+1 4255550123\n',
			'users.csv is not Entra\'s user registration details: it lacks the columns "SSPR Registered", "Methods Registered". Download the report from the Microsoft Entra admin center (Authentication methods › Activity › User registration details), or save Graph\'s reports/authenticationMethods/userRegistrationDetails as JSON.'],
		['bad.csv', 'User principal name,SSPR Registered,Methods Registered\na@contoso.com,Maybe,Email\n',
			'bad.csv, line 2: SSPR Registered is "Maybe"; expected Registered, Not Registered, true or false.'],
		['joined.csv', 'UserPrincipalName,IsSsprRegistered,MethodsRegistered\na@contoso.com,False,System.String[]\n',
			'joined.csv, line 2: Methods Registered is "System.String[]", not the methods. Export it with the methods joined (for example -join ", "), or save Graph\'s JSON.'],
		['quote.csv', 'User principal name,SSPR Registered,Methods Registered\n"a@contoso.com,Registered,Email\n', ''],
		['broken.json', '{ "value": [ { "userPrincipalName": "a@contoso.com", ', ''],
		['other.json', '{ "users": [] }', 'other.json is JSON but not Entra\'s user registration details: expected an object with a "value" array, or an array of users.'],
		['noupn.json', '{ "value": [ { "isSsprRegistered": true, "methodsRegistered": [] } ] }', 'noupn.json: item 1 has no userPrincipalName.'],
		['nobool.json', '[ { "userPrincipalName": "a@contoso.com", "isSsprRegistered": "yes", "methodsRegistered": [] } ]', 'nobool.json: item 1 (a@contoso.com) has no isSsprRegistered true or false.'],
		['nomethods.json', '[ { "userPrincipalName": "a@contoso.com", "isSsprRegistered": false } ]', 'nomethods.json: item 1 (a@contoso.com) has no methodsRegistered list.'],
		['empty.csv', '\uFEFF\r\n', 'empty.csv is empty: expected Entra\'s user registration details.'],
	];
	for (const [name, text, message] of cases) {
		assert.throws(() => parseRegistrationDetails([{ name, text }]), (error: unknown) => {
			assert.ok(error instanceof RegistrationDetailsError, name);
			if (message) assert.equal(error.message, message);
			else assert.match(error.message, new RegExp(`^${name.replace('.', '\\.')} (could not be read as CSV|is not valid JSON): .+`));
			return true;
		}, name);
	}
});

const exportText = [
	'DN,userPrincipalName,mobile,telephoneNumber,c',
	'"CN=Ann,DC=contoso,DC=com",ann@contoso.com,+1 4255550101,+1 4255550102,US', // registered for SSPR
	'"CN=Bo,DC=contoso,DC=com",bo@contoso.com,+1 (425) 555-0103,+1 4255550104,US', // office registered already
	'"CN=Cy,DC=contoso,DC=com",CY@contoso.com,n/a,+1 425 555 0105 x7,US', // nothing right
	'"CN=Di,DC=contoso,DC=com",di@contoso.com,+44 2079460958,,GB', // fixed line in mobile
	'"CN=Ed,DC=contoso,DC=com",,+1 4255550106,,US', // no UPN
	'"CN=Fay,DC=contoso,DC=com",fay@contoso.com,+1 4255550107,,US', // not in the details
	'"CN=Fay 2,DC=contoso,DC=com",Fay@Contoso.com,+1 4255550108,+1 4255550109,US', // the same UPN again
	'',
].join('\n');

function exportUsers(): UserReadiness[] {
	const document = linter.read(exportText, 'csv', settings());
	return document.entries.map((item, index) => entryReadiness(item, { file: 'users.csv', line: index + 2 }, entryRegion(item, ''), tools));
}

test('the join: registered from isSsprRegistered by UPN, any case; false when not listed; detailsOnly counted', async () => {
	const details = parseRegistrationDetails([{ name: 'details.json', text: graphJson }]);
	const report = await buildReport(exportUsers(), new RegistrationJoin(details));
	assert.deepEqual(report.users.map((user) => [user.upn ?? user.dn, user.registered, user.state]), [
		['ann@contoso.com', true, 'registered'],
		['bo@contoso.com', false, 'ready'],
		['CY@contoso.com', false, 'needs-data'],
		['di@contoso.com', false, 'needs-data'],
		['CN=Ed,DC=contoso,DC=com', false, 'not-targetable'],
		['fay@contoso.com', false, 'ready'],
		['Fay@Contoso.com', false, 'ready'],
	]);
	assert.deepEqual(report.summary, { users: 7, ready: 3, fixable: 0, needsData: 2, notTargetable: 1, registered: 1, detailsOnly: 0 });
	assert.equal((await buildReport(exportUsers().slice(3), new RegistrationJoin(details))).summary.detailsOnly, 3);
	// Without details nobody is registered, and registered stays null.
	const alone = await buildReport(exportUsers(), new RegistrationJoin(undefined));
	assert.deepEqual([alone.summary.registered, alone.users[0].registered, alone.users[0].state], [0, null, 'ready']);
});

test('registrations: rows only for right numbers, one per type per user; every omission has its reason', () => {
	const details = parseRegistrationDetails([{ name: 'details.json', text: graphJson }]);
	const planner = new RegistrationPlanner(['mobile', 'office'], new RegistrationJoin(details));
	const plans = exportUsers().map((user) => planner.plan(user));
	assert.deepEqual(plans.flatMap((plan) => plan.rows).map(registrationLine), [
		'bo@contoso.com,mobile,+1 4255550103,users.csv,3\r\n', // fixed: the canonical form after the fix
		'fay@contoso.com,mobile,+1 4255550107,users.csv,7\r\n',
		'Fay@Contoso.com,office,+1 4255550109,users.csv,8\r\n',
	]);
	assert.deepEqual(plans.flatMap((plan) => plan.omissions).map((left) => `${left.line} ${left.phoneType ?? '-'} ${left.reason}`), [
		'2 - sspr-registered',
		'3 office type-registered',
		'4 mobile invalid',
		'4 office invalid', // an extension
		'5 mobile not-mobile',
		'5 office absent',
		'6 - no-upn',
		'7 office absent',
		'8 mobile duplicate',
	]);
});

test('registrations: --types mobile by default leaves office alone; without details nobody counts as registered', () => {
	const planner = new RegistrationPlanner(['mobile'], new RegistrationJoin(undefined));
	const plans = exportUsers().map((user) => planner.plan(user));
	assert.deepEqual(plans.flatMap((plan) => plan.rows).map((row) => `${row.userPrincipalName} ${row.phoneType} ${row.phoneNumber}`), [
		'ann@contoso.com mobile +1 4255550101',
		'bo@contoso.com mobile +1 4255550103',
		'fay@contoso.com mobile +1 4255550107',
	]);
	assert.equal(plans.flatMap((plan) => plan.omissions).some((left) => left.phoneType === 'office'), false);
});

test('registration lines quote what needs quoting', () => {
	assert.equal(registrationLine({ userPrincipalName: 'a@contoso.com', phoneType: 'mobile', phoneNumber: '+1 4255550123', sourceFile: 'exports/"q", 1.csv', sourceLine: 9 }),
		'a@contoso.com,mobile,+1 4255550123,"exports/""q"", 1.csv",9\r\n');
});
