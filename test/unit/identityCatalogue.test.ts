/** The identity attributes in the catalogue, their hover cards, and how the readers take them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attributeCatalogue, findAttribute } from '../../shared/src/catalogue';
import { attributeCard } from '../../server/src/engine/hoverCards';
import { readCsv } from '../../server/src/engine/readers/csvReader';
import { readLdif } from '../../server/src/engine/readers/ldifReader';
import { identityAttributes, identityLimits } from '../../server/src/engine/rules/identityChecks';
import { settings } from './engineHarness';

test('every attribute the identity checks judge is in the catalogue, with its Entra field, sync error, limit and commands', () => {
	for (const name of identityAttributes) {
		const info = findAttribute(name);
		assert.ok(info, name);
		assert.equal(info.ldapName, name);
		assert.ok(info.kind === 'identity' || info.kind === 'email', name);
		assert.ok(info.syncError && info.limit, name);
		assert.ok(info.powershell?.graphGet || info.powershell?.adGet, name);
	}
	assert.equal(findAttribute('displayName')!.required, true);
	assert.deepEqual(attributeCatalogue.filter((info) => info.required).map((info) => info.ldapName), ['displayName']);
	// Get-ADUser and csvde names.
	assert.equal(findAttribute('SamAccountName')!.ldapName, 'sAMAccountName');
	assert.equal(findAttribute('EmailAddress')!.ldapName, 'mail');
	assert.equal(findAttribute('Name')!.ldapName, 'cn');
	assert.equal(findAttribute('CN')!.ldapName, 'cn');
	assert.equal(findAttribute('DN')!.ldapName, 'distinguishedName');
	assert.equal(findAttribute('DistinguishedName')!.ldapName, 'distinguishedName');
	assert.equal(findAttribute('ObjectClass')!.kind, 'context');
});

test('the limits the hovers state are the limits the checks apply', () => {
	const limit = (name: string) => findAttribute(name)!.limit!;
	assert.match(limit('userPrincipalName'), new RegExp(`${identityLimits.userPrincipalName} characters, ${identityLimits.upnLocalPart} before the @ and ${identityLimits.upnDomain} after`));
	assert.match(limit('mail'), new RegExp(`At most ${identityLimits.mail} characters`));
	assert.match(limit('proxyAddresses'), new RegExp(`At most ${identityLimits.proxyAddresses} characters per value`));
	assert.match(limit('targetAddress'), new RegExp(`At most ${identityLimits.targetAddress} characters`));
	assert.match(limit('mailNickname'), new RegExp(`At most ${identityLimits.mailNickname} characters`));
	assert.match(limit('sAMAccountName'), new RegExp(`At most ${identityLimits.sAMAccountNameUser} characters for a user \\(${identityLimits.sAMAccountNameOther} for a group\\)`));
	assert.match(limit('displayName'), new RegExp(`At most ${identityLimits.displayName} characters`));
	assert.match(limit('givenName'), new RegExp(`At most ${identityLimits.givenName} characters`));
});

test('an identity card says what Entra ID makes of the value, its limits and the commands on both sides', () => {
	const card = attributeCard(findAttribute('userPrincipalName')!, settings());
	assert.match(card, /Sync to Microsoft Entra ID: Invalid characters or form: IdentityDataValidationFailed/);
	assert.match(card, /Limits: At most 113 characters/);
	assert.match(card, /PowerShell \(ActiveDirectory module, on-premises, where synced values are changed\):\n```powershell\nSet-ADUser adelev -UserPrincipalName "adelev@contoso.com"\nGet-ADUser adelev \| Select-Object UserPrincipalName\n```/);
	assert.match(card, /the values of synced users are read-only/);
	assert.match(card, /Update-MgUser -UserId adelev@contoso.com -UserPrincipalName/);
	assert.match(attributeCard(findAttribute('displayName')!, settings()), /Required: dirlint reports a blank value \(sync\.blank\)\./);
	// Only the ActiveDirectory module: no empty Graph block.
	const cn = attributeCard(findAttribute('cn')!, settings());
	assert.match(cn, /Rename-ADObject/);
	assert.doesNotMatch(cn, /Microsoft Graph;/);
	assert.doesNotMatch(cn, /read-only/);
	// Phone cards are as they were.
	assert.doesNotMatch(attributeCard(findAttribute('mobile')!, settings()), /Sync to Microsoft Entra ID|ActiveDirectory module/);
});

test('a CSV keeps its DN as the entry\'s dn, never as a value, and context columns alone are no AD export', () => {
	const text = 'DN,cn,displayName,userPrincipalName\n"CN=Adele Vance,OU=Users,DC=contoso,DC=com",Adele Vance,Adele Vance,adelev@contoso.com\n';
	const document = readCsv(text, { delimiter: 'auto' });
	assert.equal(document.recognized, true);
	const entry = document.entries[0];
	assert.equal(entry.dn, 'CN=Adele Vance,OU=Users,DC=contoso,DC=com');
	assert.deepEqual(entry.attributes.map((attribute) => attribute.info.ldapName), ['cn', 'displayName', 'userPrincipalName']);
	assert.deepEqual(document.names.map((name) => name.info.ldapName), ['distinguishedName', 'cn', 'displayName', 'userPrincipalName']);
	assert.equal(readCsv('Name,Age\nAdele,42\n', { delimiter: 'auto' }).recognized, false);
	assert.equal(readCsv('DistinguishedName,Name,ObjectClass\n"CN=A,DC=x",A,user\n', { delimiter: 'auto' }).recognized, false);
	assert.equal(readCsv('Name,DisplayName\nAdele,Adele Vance\n', { delimiter: 'auto' }).recognized, true);
});

test('an LDIF record keeps its dn apart, and its objectClass and cn as values', () => {
	const text = 'dn: CN=Adele Vance,OU=Users,DC=contoso,DC=com\nchangetype: add\nobjectClass: top\nobjectClass: user\ncn: Adele Vance\ndisplayName: Adele Vance\n';
	const entry = readLdif(text).entries[0];
	assert.equal(entry.dn, 'CN=Adele Vance,OU=Users,DC=contoso,DC=com');
	assert.deepEqual(entry.attributes.map((attribute) => `${attribute.info.ldapName}:${attribute.values.length}`), ['objectClass:2', 'cn:1', 'displayName:1']);
});
