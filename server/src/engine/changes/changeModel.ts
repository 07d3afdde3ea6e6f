/**
 * What a change file says, before it is written as LDIF or as PowerShell data: per entry (by its
 * DN), which attributes get which values. The fixes of an export and the differences between two
 * exports both become this, and so do their undos; the writers know nothing of where it came from.
 */

/**
 * How an attribute changes, as an LDIF modify block (RFC 2849) or Set-ADUser parameter:
 * - replace: the attribute holds exactly `values` afterwards (the whole set, in order);
 * - add: `values` are added to an attribute that holds none (it appeared);
 * - delete: every value is removed (it became empty); `values` is empty.
 */
export type Operation = 'replace' | 'add' | 'delete';

export interface AttributeChange {
	operation: Operation;
	/** The attribute description to write: the LDAP name, with any LDIF options the export gave. */
	attribute: string;
	values: readonly string[];
}

export interface EntryChange {
	/** The DN exactly as the export spelled it: never normalised or re-escaped. */
	dn: string;
	changes: AttributeChange[];
}

/**
 * Why dirlint never writes an attribute, whatever the exports say:
 * - rename: the RDN or the DN itself (cn, name, distinguishedName): renaming is a modrdn
 *   operation, not a modify, and changes the DN every other record is keyed by;
 * - object-class: objectClass changes what the entry is;
 * - operational: the directory maintains it (timestamps, update sequence numbers, GUID and SID,
 *   logon counters, replication data) or marks it system-only; writing it fails or corrupts.
 */
export type NotWrittenReason = 'rename' | 'object-class' | 'operational';

const neverWritten = new Map<string, NotWrittenReason>([
	['dn', 'rename'],
	['distinguishedname', 'rename'],
	['cn', 'rename'],
	['name', 'rename'],
	['objectclass', 'object-class'],
	...[
		'whenChanged', 'whenCreated', 'uSNChanged', 'uSNCreated', 'objectGUID', 'objectSid', 'pwdLastSet',
		'lastLogon', 'lastLogonTimestamp', 'lastLogoff', 'badPwdCount', 'badPasswordTime', 'logonCount',
		'dSCorePropagationData', 'instanceType', 'objectCategory', 'sAMAccountType', 'memberOf', 'isDeleted',
		'isCriticalSystemObject', 'systemFlags', 'replPropertyMetaData', 'msDS-KeyVersionNumber',
		'msDS-User-Account-Control-Computed', 'msDS-PrincipalName', 'tokenGroups', 'createTimeStamp',
		'modifyTimeStamp', 'structuralObjectClass', 'subSchemaSubEntry', 'entryUUID', 'canonicalName',
		'allowedAttributes', 'allowedAttributesEffective', 'primaryGroupToken', 'sIDHistory',
	].map((name): [string, NotWrittenReason] => [name.toLowerCase(), 'operational']),
]);

/** Why an attribute (by LDAP name, any case) is never written; undefined when it may be. */
export function notWrittenReason(ldapName: string): NotWrittenReason | undefined {
	return neverWritten.get(ldapName.toLowerCase());
}

/**
 * The values with exact duplicates dropped, first-seen order kept. Active Directory refuses a
 * modify that gives one value twice ("provided more than once in REPLACE"), and two spellings of
 * one number become equal once both are fixed.
 */
export function distinctValues(values: readonly string[]): { values: string[]; dropped: number } {
	const seen = new Set<string>();
	const kept: string[] = [];
	for (const value of values) {
		if (seen.has(value)) continue;
		seen.add(value);
		kept.push(value);
	}
	return { values: kept, dropped: values.length - kept.length };
}

/** Whether two value lists are the same values in the same order. */
export function sameValues(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((value, index) => value === b[index]);
}
