/**
 * The attribute catalogue: every Active Directory attribute dirlint knows, under its LDAP name and
 * the names Get-ADUser / Export-Csv use, with where Microsoft Entra Connect (formerly Azure AD
 * Connect) puts it by default and what self-service password reset (SSPR) does with it.
 *
 * The English texts here are message keys: hovers pass them through l10n.t, so every text must
 * also be in l10n/bundle.l10n.zh-cn.json (test/unit/l10n.test.ts checks that). What SSPR does with
 * an attribute is a statement from the facts table (shared/src/facts.ts), never free text.
 */
import { undatedStatement } from './facts';

/**
 * What an attribute is to dirlint. 'context' attributes (cn, objectClass, the DN,
 * isCriticalSystemObject, msExchRecipientTypeDetails) are read for what they say about the object
 * (its kind, whether it syncs, a name to suggest) and never judged; a CSV with only context columns
 * is not taken for an AD export.
 */
export type AttributeKind = 'phone' | 'region' | 'email' | 'identity' | 'context';

/**
 * How strictly a phone attribute is checked by default:
 * - 'sspr': SSPR can use the number, so a bad value is an error;
 * - 'alternate': synced and used for MFA, not for reset: a warning;
 * - 'optional': synced but unused by SSPR: checked only with dirlint.checkAllPhoneAttributes.
 */
export type PhoneRole = 'sspr' | 'alternate' | 'optional';

/** What the row's column means for the region of numbers written without a country code. */
export type RegionSource = 'alpha2' | 'numeric' | 'name';

export interface PowerShellHelp {
	/**
	 * Registers the number as the user's phone authentication method, which SSPR needs since
	 * 5 October 2026 (facts 'registered-methods-only', 'admin-registers-phone').
	 */
	graphRegister?: string;
	/** Microsoft Graph PowerShell, the current module. */
	graphSet?: string;
	graphGet?: string;
	/** AzureAD (v2) module, retired. */
	azureAd?: string;
	/** MSOnline (v1) module, retired. */
	msOnline?: string;
	/** The ActiveDirectory module (RSAT), on-premises: where synced values are changed. */
	adSet?: string;
	adGet?: string;
}

export interface AttributeInfo {
	/** LDAP display name, as csvde and ldifde write it. */
	ldapName: string;
	/** Other column names meaning the same attribute (Get-ADUser properties). */
	aliases: readonly string[];
	kind: AttributeKind;
	multiValued: boolean;
	/** The Entra ID field it becomes by default (admin center label); '' when it has none. */
	azureField: string;
	/** The Microsoft Graph user property, or '' when Graph v1.0 has none. */
	graphProperty: string;
	/**
	 * What SSPR does with it: a statement from the facts table (undatedStatement), or, for an
	 * attribute SSPR ignores but dirlint reads, a sentence about dirlint starting with "dirlint".
	 */
	ssprUse: string;
	phoneRole?: PhoneRole;
	regionSource?: RegionSource;
	powershell?: PowerShellHelp;
	/** Identity attributes: the sync errors a bad value causes, in words (a message key). */
	syncError?: string;
	/** Identity attributes: the limits a value must keep, in words (a message key). */
	limit?: string;
	/** True when every user, group and contact needs a value: a blank one is sync.blank. */
	required?: boolean;
}

const officePhoneHelp: PowerShellHelp = {
	graphRegister: 'New-MgUserAuthenticationPhoneMethod -UserId user@contoso.com -PhoneType office -PhoneNumber "+1 4255551234"',
	graphSet: 'Update-MgUser -UserId user@contoso.com -BusinessPhones @("+1 4255551234")',
	graphGet: 'Get-MgUser -UserId user@contoso.com -Property BusinessPhones | Select-Object BusinessPhones',
	azureAd: 'Set-AzureADUser -ObjectId user@contoso.com -TelephoneNumber "+1 4255551234"',
	msOnline: 'Set-MsolUser -UserPrincipalName user@contoso.com -PhoneNumber "+1 4255551234"',
};

const mobilePhoneHelp: PowerShellHelp = {
	graphRegister: 'New-MgUserAuthenticationPhoneMethod -UserId user@contoso.com -PhoneType mobile -PhoneNumber "+1 4255551234"',
	graphSet: 'Update-MgUser -UserId user@contoso.com -MobilePhone "+1 4255551234"',
	graphGet: 'Get-MgUser -UserId user@contoso.com -Property MobilePhone | Select-Object MobilePhone',
	azureAd: 'Set-AzureADUser -ObjectId user@contoso.com -Mobile "+1 4255551234"',
	msOnline: 'Set-MsolUser -UserPrincipalName user@contoso.com -MobilePhone "+1 4255551234"',
};

function phone(ldapName: string, aliases: string[], multiValued: boolean, role: PhoneRole, azureField: string, graphProperty: string, ssprUse: string, powershell?: PowerShellHelp): AttributeInfo {
	return { ldapName, aliases, kind: 'phone', multiValued, phoneRole: role, azureField, graphProperty, ssprUse, powershell };
}

const notUsedBySspr = undatedStatement('not-an-sspr-method');

// ---- Identity attributes: what Entra ID makes of them, their limits, and where to change them ----

const graphReadOnly = (property: string) => `Get-MgUser -UserId adelev@contoso.com -Property ${property} | Select-Object ${property}`;

const upnSyncError = 'Invalid characters or form: IdentityDataValidationFailed. The same value on another object: AttributeValueMustBeUnique or InvalidSoftMatch. A suffix that is not a verified domain: the user gets a name in the tenant\'s onmicrosoft.com domain.';
const upnLimit = 'At most 113 characters, 64 before the @ and 48 after; letters, digits and \' . - _ ! # ^ ~ only; a routable suffix.';
const upnHelp: PowerShellHelp = {
	adSet: 'Set-ADUser adelev -UserPrincipalName "adelev@contoso.com"',
	adGet: 'Get-ADUser adelev | Select-Object UserPrincipalName',
	graphSet: 'Update-MgUser -UserId adelev@contoso.com -UserPrincipalName "adele.vance@contoso.com"',
	graphGet: graphReadOnly('UserPrincipalName'),
};

const mailSyncError = 'Must be unique: mail, proxyAddresses and userPrincipalName share one namespace in Microsoft Entra ID (AttributeValueMustBeUnique). Letters outside ASCII do not sync.';
const mailLimit = 'At most 256 characters; one email address.';
const mailHelp: PowerShellHelp = {
	adSet: 'Set-ADUser adelev -EmailAddress "adelev@contoso.com"',
	adGet: 'Get-ADUser adelev -Properties mail | Select-Object mail',
	graphSet: 'Update-MgUser -UserId adelev@contoso.com -Mail "adelev@contoso.com"',
	graphGet: graphReadOnly('Mail'),
};

const proxySyncError = 'Each value must be unique across users, groups and contacts (AttributeValueMustBeUnique, InvalidSoftMatch, ObjectTypeMismatch); around 300 values make the object too large to sync (LargeObject).';
const proxyLimit = 'At most 256 characters per value, written type:address (SMTP: for the primary email address), without spaces or < > ( ) ; , [ ] ".';
const proxyHelp: PowerShellHelp = {
	adSet: 'Set-ADUser adelev -Add @{proxyAddresses="smtp:adele.vance@contoso.com"}',
	adGet: 'Get-ADUser adelev -Properties proxyAddresses | Select-Object -ExpandProperty proxyAddresses',
	graphGet: 'Get-MgUser -UserId adelev@contoso.com -Property ProxyAddresses | Select-Object -ExpandProperty ProxyAddresses',
};

/** The identity attributes IdFix checked, and the context the identity checks read. */
const identityEntries: AttributeInfo[] = [
	{
		ldapName: 'displayName', aliases: [], kind: 'identity', multiValued: false, required: true,
		azureField: 'Display name', graphProperty: 'displayName', ssprUse: notUsedBySspr,
		syncError: 'Required for every user, group and contact; the global address list shows it.',
		limit: 'At most 256 characters.',
		powershell: {
			adSet: 'Set-ADUser adelev -DisplayName "Adele Vance"',
			adGet: 'Get-ADUser adelev -Properties DisplayName | Select-Object DisplayName',
			graphSet: 'Update-MgUser -UserId adelev@contoso.com -DisplayName "Adele Vance"',
			graphGet: graphReadOnly('DisplayName'),
		},
	},
	{
		ldapName: 'givenName', aliases: [], kind: 'identity', multiValued: false,
		azureField: 'First name', graphProperty: 'givenName', ssprUse: notUsedBySspr,
		syncError: 'Not required; a longer value than the limit keeps the user from syncing.',
		limit: 'At most 64 characters.',
		powershell: {
			adSet: 'Set-ADUser adelev -GivenName "Adele"',
			adGet: 'Get-ADUser adelev | Select-Object GivenName',
			graphSet: 'Update-MgUser -UserId adelev@contoso.com -GivenName "Adele"',
			graphGet: graphReadOnly('GivenName'),
		},
	},
	{
		ldapName: 'sAMAccountName', aliases: [], kind: 'identity', multiValued: false,
		azureField: 'On-premises SAM account name', graphProperty: 'onPremisesSamAccountName', ssprUse: notUsedBySspr,
		syncError: 'A user without a valid userPrincipalName syncs only with a valid sAMAccountName that is unique in its domain.',
		limit: 'At most 20 characters for a user (256 for a group), none of " / \\ [ ] : ; | = , + * ? < >.',
		powershell: {
			adSet: 'Set-ADUser adelev -SamAccountName "adelev"',
			adGet: 'Get-ADUser adelev | Select-Object SamAccountName',
			graphGet: graphReadOnly('OnPremisesSamAccountName'),
		},
	},
	{
		ldapName: 'mailNickname', aliases: [], kind: 'identity', multiValued: false,
		azureField: 'Mail nickname', graphProperty: 'mailNickname', ssprUse: notUsedBySspr,
		syncError: 'Characters an alias cannot hold become underscores in Microsoft Entra ID; the alias must be unique in the directory.',
		limit: 'At most 64 characters: letters, digits and ! # $ % & \' * + - / = ? ^ _ ` { | } ~, with periods only between them.',
		powershell: {
			adSet: 'Set-ADUser adelev -Replace @{mailNickname="adelev"}',
			adGet: 'Get-ADUser adelev -Properties mailNickname | Select-Object mailNickname',
			graphSet: 'Update-MgUser -UserId adelev@contoso.com -MailNickname "adelev"',
			graphGet: graphReadOnly('MailNickname'),
		},
	},
	{
		ldapName: 'targetAddress', aliases: [], kind: 'email', multiValued: false,
		azureField: '', graphProperty: '', ssprUse: notUsedBySspr,
		syncError: 'Exchange delivers the user\'s mail to this address (for a mailbox in Exchange Online, its mail.onmicrosoft.com address); it must be unique, and an invalid one keeps the object from syncing.',
		limit: 'At most 256 characters, written type:address, without spaces or \\ < > ( ) ; , [ ] ".',
		powershell: {
			adSet: 'Set-ADUser adelev -Replace @{targetAddress="SMTP:adelev@contoso.mail.onmicrosoft.com"}',
			adGet: 'Get-ADUser adelev -Properties targetAddress | Select-Object targetAddress',
		},
	},
	{
		ldapName: 'otherMails', aliases: [], kind: 'email', multiValued: true,
		azureField: 'Other emails', graphProperty: 'otherMails',
		ssprUse: undatedStatement('other-mails-cloud-only'),
		syncError: 'A cloud attribute: Microsoft Entra Connect does not sync it from Active Directory by default, and Microsoft Entra ID accepts only valid email addresses in it.',
		limit: 'Email addresses, without letters outside ASCII.',
		powershell: {
			graphSet: 'Update-MgUser -UserId adelev@contoso.com -OtherMails @("adele@fabrikam.com")',
			graphGet: graphReadOnly('OtherMails'),
		},
	},
	{
		ldapName: 'department', aliases: ['Department'], kind: 'context', multiValued: false,
		azureField: 'Department', graphProperty: 'department', ssprUse: notUsedBySspr,
		syncError: 'Synced as the user\'s department; dirlint\'s readiness report breaks users down by it.',
		limit: 'At most 64 characters in Microsoft Entra ID.',
		powershell: {
			adSet: 'Set-ADUser adelev -Department "Sales"',
			adGet: 'Get-ADUser adelev -Properties Department | Select-Object Department',
			graphGet: graphReadOnly('Department'),
		},
	},
	{
		ldapName: 'cn', aliases: ['Name'], kind: 'context', multiValued: false,
		azureField: '', graphProperty: '', ssprUse: notUsedBySspr,
		syncError: 'Not synced as such: dirlint suggests it as the display name of an object without one, and recognizes system accounts by it.',
		powershell: {
			adSet: 'Get-ADUser adelev | Rename-ADObject -NewName "Adele Vance"',
			adGet: 'Get-ADUser adelev | Select-Object Name',
		},
	},
	{
		ldapName: 'objectClass', aliases: [], kind: 'context', multiValued: true,
		azureField: '', graphProperty: '', ssprUse: notUsedBySspr,
		syncError: 'Decides how Microsoft Entra Connect syncs the object: users, contacts and groups each have their own rules; computers are not checked.',
		powershell: { adGet: 'Get-ADUser adelev | Select-Object ObjectClass' },
	},
	{
		ldapName: 'distinguishedName', aliases: ['DN'], kind: 'context', multiValued: false,
		azureField: 'On-premises distinguished name', graphProperty: 'onPremisesDistinguishedName', ssprUse: notUsedBySspr,
		syncError: 'Its DC= parts name the domain in which sAMAccountName must be unique; a replication conflict object (CNF in its name) does not sync.',
		powershell: {
			adSet: 'Get-ADUser adelev | Move-ADObject -TargetPath "OU=Users,DC=contoso,DC=com"',
			adGet: 'Get-ADUser adelev | Select-Object DistinguishedName',
		},
	},
	{
		ldapName: 'isCriticalSystemObject', aliases: [], kind: 'context', multiValued: false,
		azureField: '', graphProperty: '', ssprUse: notUsedBySspr,
		syncError: 'Microsoft Entra Connect does not sync objects that have it (Administrator, Guest, krbtgt …), and dirlint does not check them.',
		powershell: { adGet: 'Get-ADUser adelev -Properties isCriticalSystemObject | Select-Object isCriticalSystemObject' },
	},
	{
		ldapName: 'msExchRecipientTypeDetails', aliases: [], kind: 'context', multiValued: false,
		azureField: '', graphProperty: '', ssprUse: notUsedBySspr,
		syncError: 'Microsoft Entra Connect does not sync the Exchange system and discovery mailboxes this value marks, and dirlint does not check them.',
		powershell: { adGet: 'Get-ADUser adelev -Properties msExchRecipientTypeDetails | Select-Object msExchRecipientTypeDetails' },
	},
];

export const attributeCatalogue: readonly AttributeInfo[] = [
	phone('telephoneNumber', ['OfficePhone'], false, 'sspr', 'Office phone', 'businessPhones',
		undatedStatement('office-phone-method'),
		officePhoneHelp),
	phone('mobile', ['MobilePhone'], false, 'sspr', 'Mobile phone', 'mobilePhone',
		undatedStatement('mobile-phone-method'),
		mobilePhoneHelp),
	phone('otherMobile', [], true, 'alternate', 'Alternate mobile phones', '',
		undatedStatement('alternate-phones-mfa-only')),
	phone('otherTelephone', [], true, 'alternate', 'Other office phones', '',
		undatedStatement('other-office-phones-unused')),
	phone('homePhone', ['HomePhone'], false, 'optional', 'Home phone', '', notUsedBySspr),
	phone('otherHomePhone', [], true, 'optional', 'Other home phones', '', notUsedBySspr),
	phone('ipPhone', [], false, 'optional', 'IP phone', '', notUsedBySspr),
	phone('otherIpPhone', [], true, 'optional', 'Other IP phones', '', notUsedBySspr),
	phone('pager', [], false, 'optional', 'Pager', '', notUsedBySspr),
	phone('otherPager', [], true, 'optional', 'Other pagers', '', notUsedBySspr),
	phone('facsimileTelephoneNumber', ['Fax'], false, 'optional', 'Fax', 'faxNumber', notUsedBySspr),
	phone('otherFacsimileTelephoneNumber', [], true, 'optional', 'Other fax numbers', '', notUsedBySspr),
	{
		ldapName: 'c', aliases: ['Country'], kind: 'region', multiValued: false, regionSource: 'alpha2',
		azureField: 'Usage location (when msExchUsageLocation is empty)', graphProperty: 'usageLocation',
		ssprUse: 'dirlint reads the ISO 3166 two-letter code as the region of numbers written without a country code.',
	},
	{
		ldapName: 'countryCode', aliases: [], kind: 'region', multiValued: false, regionSource: 'numeric',
		azureField: '', graphProperty: '',
		ssprUse: 'dirlint reads the ISO 3166 numeric code as the region of numbers written without a country code.',
	},
	{
		ldapName: 'co', aliases: [], kind: 'region', multiValued: false, regionSource: 'name',
		azureField: 'Country or region', graphProperty: 'country',
		ssprUse: 'dirlint reads the country name as the region of numbers written without a country code.',
	},
	{
		ldapName: 'mail', aliases: ['EmailAddress'], kind: 'email', multiValued: false,
		azureField: 'Email', graphProperty: 'mail',
		ssprUse: undatedStatement('mail-not-a-method'),
		syncError: mailSyncError, limit: mailLimit, powershell: mailHelp,
	},
	{
		ldapName: 'userPrincipalName', aliases: ['UserPrincipalName'], kind: 'identity', multiValued: false,
		azureField: 'User principal name', graphProperty: 'userPrincipalName',
		ssprUse: undatedStatement('upn-starts-reset'),
		syncError: upnSyncError, limit: upnLimit, powershell: upnHelp,
	},
	{
		ldapName: 'proxyAddresses', aliases: [], kind: 'email', multiValued: true,
		azureField: 'Proxy addresses', graphProperty: 'proxyAddresses',
		ssprUse: notUsedBySspr,
		syncError: proxySyncError, limit: proxyLimit, powershell: proxyHelp,
	},
	...identityEntries,
];

const byName = new Map<string, AttributeInfo>();
for (const info of attributeCatalogue) {
	for (const name of [info.ldapName, ...info.aliases]) byName.set(name.toLowerCase(), info);
}

/**
 * Finds an attribute by column or attribute name, case-insensitively. LDIF attribute options
 * (`telephoneNumber;lang-en`) are ignored.
 */
export function findAttribute(name: string): AttributeInfo | undefined {
	const semicolon = name.indexOf(';');
	const base = semicolon >= 0 ? name.slice(0, semicolon) : name;
	return byName.get(base.trim().toLowerCase());
}
