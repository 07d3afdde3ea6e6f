/** The words of identity findings: every reason worded, fix titles, duplicates, exclusions, zh-cn. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { IdentityProblem, IdentityReason, judgeIdentityEntry, judgeIdentityValue, reasonCodes, ExclusionReason } from '../../server/src/engine/rules/identityChecks';
import { duplicateMessage, exclusionMessage, identityFixTitle, identityMessage, quoted } from '../../server/src/engine/rules/identityMessages';
import { repoRoot } from './engineHarness';

/** One value per reason, with the attribute it is judged as. */
const samples: Record<IdentityReason, [string, string]> = {
	'no-at': ['userPrincipalName', 'adelev'],
	'several-at': ['mail', 'adele@vance@contoso.com'],
	'no-local-part': ['proxyAddresses', 'SMTP:@contoso.com'],
	'no-domain': ['userPrincipalName', 'adele@'],
	'no-prefix': ['proxyAddresses', 'adele@contoso.com'],
	'collection-placeholder': ['proxyAddresses', 'Microsoft.ActiveDirectory.Management.ADPropertyValueCollection'],
	'space': ['userPrincipalName', 'Adele Vance@contoso.com'],
	'character': ['userPrincipalName', 'adele+news@contoso.com'],
	'non-ascii': ['mail', 'zoë@contoso.com'],
	'control-character': ['displayName', 'Adele\u200bVance'],
	'line-break': ['displayName', 'Adele\nVance'],
	'second-colon': ['proxyAddresses', 'smtp:adele:v@contoso.com'],
	'repeated-prefix': ['proxyAddresses', 'SMTP:smtp:adele@contoso.com'],
	'alias-periods': ['mailNickname', '.adele'],
	'edge-spaces': ['displayName', 'Adele Vance '],
	'local-dots': ['userPrincipalName', 'adele.@contoso.com'],
	'local-character': ['mail', 'adele\\v@contoso.com'],
	'domain-dots': ['userPrincipalName', 'adele@contoso..com'],
	'domain-label': ['mail', 'adele@-contoso.com'],
	'domain-character': ['userPrincipalName', 'adele@con_toso.com'],
	'tld-missing': ['userPrincipalName', 'adele@contoso'],
	'tld-unknown': ['proxyAddresses', 'smtp:adele@contoso.notatld'],
	'tld-non-routable': ['userPrincipalName', 'adele@contoso.local'],
	'too-long': ['sAMAccountName', 'averyveryverylongname'],
	'upn-local-too-long': ['userPrincipalName', `${'x'.repeat(65)}@contoso.com`],
	'upn-domain-too-long': ['userPrincipalName', `adele@${'d'.repeat(45)}.com`],
	'blank': ['displayName', ''],
};

function problemOf(reason: IdentityReason): IdentityProblem {
	const [attribute, value] = samples[reason];
	const problems = reason === 'blank'
		? judgeIdentityEntry(new Map([['displayname', []], ['cn', ['Adele Vance']]]), undefined, { absentIsBlank: false })
		: judgeIdentityValue(attribute, value);
	const problem = problems.find((candidate) => candidate.reason === reason);
	assert.ok(problem, `${attribute} ${value} gives ${reason}`);
	return problem;
}

test('every reason has a message that names the attribute and fills every placeholder', () => {
	for (const reason of Object.keys(reasonCodes) as IdentityReason[]) {
		const [attribute, value] = samples[reason];
		const message = identityMessage(attribute, value, problemOf(reason));
		assert.ok(message.includes(attribute), `${reason}: ${message}`);
		assert.doesNotMatch(message, /\{\d\}/, reason);
		assert.ok(message.length > 40 && message.endsWith('.'), `${reason}: ${message}`);
	}
});

test('messages say what is wrong, what Entra ID does, and what to do', () => {
	assert.equal(identityMessage('userPrincipalName', 'Adele Vance@contoso.com', problemOf('space')),
		'userPrincipalName "Adele Vance@contoso.com" contains spaces or other blank characters: remove them. Microsoft Entra ID rejects such a user principal name, and the user does not sync (IdentityDataValidationFailed).');
	assert.equal(identityMessage('userPrincipalName', 'adele@contoso.local', problemOf('tld-non-routable')),
		'In userPrincipalName "adele@contoso.local", ".local" is a suffix for private networks, which cannot be reached or verified on the internet: use an internet domain your organization owns. Microsoft Entra ID accepts only a verified internet domain as UPN suffix; with any other, the user signs in with a name in the tenant\'s onmicrosoft.com domain instead. Add a routable UPN suffix to the forest and use it here.');
	assert.equal(identityMessage('mail', 'zoë@contoso.com', problemOf('non-ascii')),
		'mail "zoë@contoso.com" contains letters outside ASCII ("ë"): write them in ASCII, for example e for é. Values with characters outside ASCII do not sync to Microsoft Entra ID.');
	assert.equal(identityMessage('sAMAccountName', 'averyveryverylongname', problemOf('too-long')),
		'sAMAccountName has 21 characters; at most 20 are allowed. A user without a valid userPrincipalName syncs only with a valid sAMAccountName that is unique in its domain.');
	assert.equal(identityMessage('displayName', '', problemOf('blank')),
		'displayName is empty: every user, group and contact needs a display name. Microsoft Entra ID requires a display name, and the global address list shows it.');
	// A long value is cut in the message.
	const long = `${'x'.repeat(200)} y@contoso.com`;
	const message = identityMessage('userPrincipalName', long, judgeIdentityValue('userPrincipalName', long)[0]);
	assert.ok(message.includes(`"${'x'.repeat(77)}…"`), message);
	assert.equal(quoted('short'), 'short');
});

test('every fix has a title that says what it does', () => {
	const titles: Record<string, string> = {};
	for (const reason of Object.keys(reasonCodes) as IdentityReason[]) {
		const problem = problemOf(reason);
		if (problem.fix !== undefined) titles[reason] = identityFixTitle(problem);
	}
	assert.deepEqual(titles, {
		'space': 'Remove the spaces',
		'character': 'Remove "+"',
		'control-character': 'Remove the invisible characters',
		'line-break': 'Replace the line breaks and tabs with spaces',
		'second-colon': 'Remove the colons after the type prefix',
		'repeated-prefix': 'Remove the repeated smtp:',
		'alias-periods': 'Remove the misplaced periods',
		'edge-spaces': 'Remove the spaces at the start and end',
		'local-dots': 'Remove the misplaced periods',
		'local-character': 'Remove "\\"',
		'domain-dots': 'Remove the misplaced periods',
		'blank': 'Use the cn "Adele Vance" as display name',
	});
	const long = judgeIdentityValue('displayName', 'x'.repeat(300))[0];
	assert.equal(identityFixTitle(long), 'Shorten to 256 characters');
});

test('duplicates: one other holder in this file, one in another file, several (the value itself is underlined)', () => {
	assert.equal(duplicateMessage('userPrincipalName', 'address', { count: 1, attribute: 'mail' }),
		'This userPrincipalName is also the mail of another object in this file. Microsoft Entra ID requires it to be unique across users, groups and contacts: only one of them keeps it, and the sync reports AttributeValueMustBeUnique or InvalidSoftMatch. Keep it on the object that should have it, and change or remove it on the others.');
	assert.equal(duplicateMessage('proxyAddresses', 'address', { count: 1, attribute: 'proxyAddresses', file: 'emea-users.csv' }),
		'This proxyAddresses is also the proxyAddresses of an object in emea-users.csv. Microsoft Entra ID requires it to be unique across users, groups and contacts: only one of them keeps it, and the sync reports AttributeValueMustBeUnique or InvalidSoftMatch. Keep it on the object that should have it, and change or remove it on the others.');
	assert.equal(duplicateMessage('sAMAccountName', 'sAMAccountName:contoso.com', { count: 3 }),
		'This sAMAccountName is also held by 3 other objects. A user without a valid userPrincipalName syncs only with a valid sAMAccountName that is unique in its domain. Keep it on the object that should have it, and change or remove it on the others.');
	assert.match(duplicateMessage('mailNickname', 'mailNickname', { count: 1 }), /is also the mailNickname of another object in this file\. Exchange Online needs every alias to be unique/);
	assert.match(duplicateMessage('targetAddress', 'targetAddress', { count: 2 }), /It must be unique in the directory\./);
});

test('every exclusion reason is worded', () => {
	const reasons: ExclusionReason[] = ['critical-system-object', 'conflict-object', 'sync-service-account', 'exchange-system-object', 'machine-account', 'built-in-account'];
	for (const reason of reasons) {
		const message = exclusionMessage({ reason, attribute: 'sAMAccountName', value: 'MSOL_0123' });
		assert.match(message, /^Not checked: /, reason);
		assert.doesNotMatch(message, /\{\d\}/, reason);
	}
	assert.equal(exclusionMessage({ reason: 'sync-service-account', attribute: 'sAMAccountName', value: 'MSOL_0123' }),
		'Not checked: sAMAccountName "MSOL_0123" is a Microsoft Entra Connect service account, which is not synced.');
});

test('in Simplified Chinese', () => {
	const bundle = JSON.parse(fs.readFileSync(path.join(repoRoot, 'l10n/bundle.l10n.zh-cn.json'), 'utf8'));
	l10n.config({ contents: bundle });
	try {
		assert.equal(identityMessage('userPrincipalName', 'Adele Vance@contoso.com', problemOf('space')),
			'userPrincipalName "Adele Vance@contoso.com" 包含空格或其他空白字符：请删除它们。Microsoft Entra ID 会拒绝这样的用户主体名称，该用户无法同步（IdentityDataValidationFailed）。');
		assert.equal(identityFixTitle(problemOf('space')), '删除空格');
	} finally {
		l10n.config({ contents: {} });
	}
});
