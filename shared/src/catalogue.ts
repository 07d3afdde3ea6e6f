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

export type AttributeKind = 'phone' | 'region' | 'email' | 'identity';

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
	},
	{
		ldapName: 'userPrincipalName', aliases: ['UserPrincipalName'], kind: 'identity', multiValued: false,
		azureField: 'User principal name', graphProperty: 'userPrincipalName',
		ssprUse: undatedStatement('upn-starts-reset'),
	},
	{
		ldapName: 'proxyAddresses', aliases: [], kind: 'email', multiValued: true,
		azureField: 'Proxy addresses', graphProperty: 'proxyAddresses',
		ssprUse: notUsedBySspr,
	},
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
