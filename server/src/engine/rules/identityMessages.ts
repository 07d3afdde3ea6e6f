/**
 * The words for identity findings: for every reason of identityChecks.ts, a message (the attribute,
 * what is wrong, what Microsoft Entra ID does with it, what to do) and the title of its fix; the
 * message of a duplicate, and of an object that is not checked. Each sentence is whole, so
 * translators never assemble grammar; a message is two of them, what is wrong and what Entra does.
 */
import * as l10n from '@vscode/l10n';
import { shortened } from '../markdown';
import type { DuplicateKey, Exclusion, IdentityProblem } from './identityChecks';

/** A value as a message quotes it: long values are cut, so a 100 KB value does not make a 100 KB message. */
export const quoted = (value: string): string => shortened(value);

/** What is wrong, in the attribute's name. */
function problemSentence(attribute: string, value: string, problem: IdentityProblem): string {
	const [first = '', second = ''] = problem.args;
	const shown = quoted(value);
	switch (problem.reason) {
		case 'no-at': return l10n.t('{0} "{1}" has no @: it must be an address such as adele@contoso.com.', attribute, shown);
		case 'several-at': return l10n.t('{0} "{1}" has more than one @: keep only the one before the domain.', attribute, shown);
		case 'no-local-part': return l10n.t('{0} "{1}" has nothing before the @.', attribute, shown);
		case 'no-domain': return l10n.t('{0} "{1}" has no domain after the @.', attribute, shown);
		case 'no-prefix': return l10n.t('{0} "{1}" has no address type: write smtp: before an email address (SMTP: for the primary one), or its type, such as x500: or sip:.', attribute, shown);
		case 'collection-placeholder': return l10n.t('{0} holds the type name Windows PowerShell writes for a multi-valued property, not its values: export the property with -join \';\' so that the values are in the file.', attribute);
		case 'space': return l10n.t('{0} "{1}" contains spaces or other blank characters: remove them.', attribute, shown);
		case 'character': return l10n.t('{0} "{1}" contains characters it cannot hold: {2}. Remove them.', attribute, shown, first);
		case 'non-ascii': return l10n.t('{0} "{1}" contains letters outside ASCII ({2}): write them in ASCII, for example e for é.', attribute, shown, first);
		case 'control-character': return l10n.t('{0} "{1}" contains invisible or control characters ({2}): remove them.', attribute, shown, first);
		case 'line-break': return l10n.t('{0} "{1}" contains line breaks or tabs: write it on one line, with spaces between the words.', attribute, shown);
		case 'second-colon': return l10n.t('{0} "{1}" has a colon after its type prefix: only the colon that ends the type (smtp:) may stand in it.', attribute, shown);
		case 'repeated-prefix': return l10n.t('{0} "{1}" repeats its type prefix {2}: remove the second one.', attribute, shown, first);
		case 'alias-periods': return l10n.t('{0} "{1}" starts or ends with a period, or has two in a row: remove those periods.', attribute, shown);
		case 'edge-spaces': return l10n.t('{0} "{1}" starts or ends with a space: remove it.', attribute, shown);
		case 'local-dots': return l10n.t('In {0} "{1}", the part before the @ starts or ends with a period, or has two in a row: remove those periods.', attribute, shown);
		case 'local-character': return l10n.t('In {0} "{1}", the part before the @ contains characters an email address cannot hold: {2}. Remove them.', attribute, shown, first);
		case 'domain-dots': return l10n.t('In {0} "{1}", the domain starts or ends with a period, or has two in a row: remove those periods.', attribute, shown);
		case 'domain-label': return l10n.t('In {0} "{1}", the domain part "{2}" starts or ends with a hyphen, or is longer than 63 characters: use the domain\'s real name.', attribute, shown, first);
		case 'domain-character': return l10n.t('In {0} "{1}", the domain contains characters a domain name cannot hold: {2}. Use the domain\'s real name.', attribute, shown, first);
		case 'tld-missing': return l10n.t('In {0} "{1}", the domain "{2}" has no top-level domain (such as .com): use a full internet domain name.', attribute, shown, first);
		case 'tld-unknown': return l10n.t('In {0} "{1}", ".{2}" is not a top-level domain on the internet: use an internet domain your organization owns.', attribute, shown, first);
		case 'tld-non-routable': return l10n.t('In {0} "{1}", ".{2}" is a suffix for private networks, which cannot be reached or verified on the internet: use an internet domain your organization owns.', attribute, shown, first);
		case 'too-long': return l10n.t('{0} has {1} characters; at most {2} are allowed.', attribute, first, second);
		case 'upn-local-too-long': return l10n.t('{0} has {1} characters before the @; at most {2} are allowed.', attribute, first, second);
		case 'upn-domain-too-long': return l10n.t('{0} has {1} characters after the @; at most {2} are allowed.', attribute, first, second);
		case 'blank': return l10n.t('{0} is empty: every user, group and contact needs a display name.', attribute);
	}
}

/** What Microsoft Entra ID does with such a value: one sentence per attribute and kind of problem. */
function consequenceSentence(attribute: string, problem: IdentityProblem): string {
	const name = attribute.toLowerCase();
	const domainProblem = problem.code === 'sync.top-level-domain';
	if (problem.reason === 'collection-placeholder') return '';
	switch (name) {
		case 'userprincipalname':
			if (domainProblem) return l10n.t('Microsoft Entra ID accepts only a verified internet domain as UPN suffix; with any other, the user signs in with a name in the tenant\'s onmicrosoft.com domain instead. Add a routable UPN suffix to the forest and use it here.');
			if (problem.code === 'sync.length') return l10n.t('Microsoft Entra ID allows 113 characters, 64 before the @ and 48 after: with a longer name the user does not sync.');
			return l10n.t('Microsoft Entra ID rejects such a user principal name, and the user does not sync (IdentityDataValidationFailed).');
		case 'mail':
			if (domainProblem) return l10n.t('Mail to that domain cannot be delivered, and Microsoft 365 can verify only domains on the internet.');
			if (problem.reason === 'non-ascii') return l10n.t('Values with characters outside ASCII do not sync to Microsoft Entra ID.');
			return l10n.t('Microsoft Entra ID needs mail to be a valid email address: invalid characters make the object fail to sync.');
		case 'othermails':
			return l10n.t('Microsoft Entra ID accepts only valid email addresses as alternate email addresses.');
		case 'proxyaddresses':
		case 'targetaddress':
			if (domainProblem) return l10n.t('Mail to that domain cannot be delivered, and Microsoft 365 can verify only domains on the internet.');
			if (problem.code === 'sync.length') return l10n.t('Microsoft Entra ID allows 256 characters per address.');
			return l10n.t('Invalid characters and malformed addresses make directory synchronization fail for the object, or Microsoft Entra ID drops the address.');
		case 'mailnickname':
			if (problem.code === 'sync.length') return l10n.t('Exchange Online allows 64 characters in an alias.');
			return l10n.t('Microsoft Entra ID replaces characters an alias cannot hold with underscores, and Exchange Online accepts a period only between other characters.');
		case 'samaccountname':
			return l10n.t('A user without a valid userPrincipalName syncs only with a valid sAMAccountName that is unique in its domain.');
		case 'displayname':
			if (problem.reason === 'blank') return l10n.t('Microsoft Entra ID requires a display name, and the global address list shows it.');
			if (problem.code === 'sync.length') return l10n.t('Microsoft Entra ID allows 256 characters in a display name.');
			return l10n.t('These characters are invisible in the global address list, but they are part of the name: it sorts and matches unexpectedly in searches.');
		case 'givenname':
			if (problem.code === 'sync.length') return l10n.t('Microsoft Entra ID allows 64 characters in a first name.');
			return l10n.t('These characters are invisible in the global address list, but they are part of the name: it sorts and matches unexpectedly in searches.');
		default:
			return '';
	}
}

/** The message of an identity problem of a value of `attribute` (its LDAP name). */
export function identityMessage(attribute: string, value: string, problem: IdentityProblem): string {
	const consequence = consequenceSentence(attribute, problem);
	const problemText = problemSentence(attribute, value, problem);
	// Sentences follow each other as the language writes them: with a space in English, without in Chinese.
	return consequence ? l10n.t('{0} {1}', problemText, consequence) : problemText;
}

/** The title of an identity problem's fix: what it does. */
export function identityFixTitle(problem: IdentityProblem): string {
	switch (problem.reason) {
		case 'space': return l10n.t('Remove the spaces');
		case 'character':
		case 'local-character': return l10n.t('Remove {0}', problem.args[0] ?? '');
		case 'control-character': return l10n.t('Remove the invisible characters');
		case 'line-break': return l10n.t('Replace the line breaks and tabs with spaces');
		case 'second-colon': return l10n.t('Remove the colons after the type prefix');
		case 'repeated-prefix': return l10n.t('Remove the repeated {0}', problem.args[0] ?? '');
		case 'alias-periods':
		case 'local-dots':
		case 'domain-dots': return l10n.t('Remove the misplaced periods');
		case 'edge-spaces': return l10n.t('Remove the spaces at the start and end');
		case 'too-long': return l10n.t('Shorten to {0} characters', problem.args[1] ?? '');
		case 'blank': return l10n.t('Use the cn "{0}" as display name', problem.fix ?? '');
		default: return l10n.t('Write {0}', problem.fix ?? '');
	}
}

/** Who else holds a duplicated value, as far as the caller knows. */
export interface DuplicateHolders {
	/** How many other objects hold it. */
	count: number;
	/** When one other object holds it: its attribute (`mail`, `proxyAddresses` …). */
	attribute?: string;
	/** When that one other object is in another file: the file's name. */
	file?: string;
}

function duplicateConsequence(namespace: string): string {
	if (namespace === 'address' || namespace.startsWith('proxy:')) {
		return l10n.t('Microsoft Entra ID requires it to be unique across users, groups and contacts: only one of them keeps it, and the sync reports AttributeValueMustBeUnique or InvalidSoftMatch.');
	}
	if (namespace.startsWith('sAMAccountName:')) {
		return l10n.t('A user without a valid userPrincipalName syncs only with a valid sAMAccountName that is unique in its domain.');
	}
	if (namespace === 'mailNickname') return l10n.t('Exchange Online needs every alias to be unique in the directory.');
	return l10n.t('It must be unique in the directory.');
}

/**
 * The message of a duplicate: the value's attribute (the value itself is underlined at the place;
 * the CLI keeps only a fingerprint of each key, to stay within its memory), who else holds it (one
 * other object in this file, one in another file, or several), what Entra ID does, and what to do.
 * There is no automatic fix: which object keeps the value is the admin's decision.
 */
export function duplicateMessage(attribute: string, namespace: string, holders: DuplicateHolders): string {
	let who: string;
	if (holders.count > 1) who = l10n.t('This {0} is also held by {1} other objects.', attribute, holders.count);
	else if (holders.file) who = l10n.t('This {0} is also the {1} of an object in {2}.', attribute, holders.attribute ?? attribute, holders.file);
	else who = l10n.t('This {0} is also the {1} of another object in this file.', attribute, holders.attribute ?? attribute);
	return l10n.t('{0} {1} {2}', who, duplicateConsequence(namespace), l10n.t('Keep it on the object that should have it, and change or remove it on the others.'));
}

/** The message of an object dirlint does not check (sync.excluded, information). */
export function exclusionMessage(exclusion: Exclusion): string {
	const value = quoted(exclusion.value);
	switch (exclusion.reason) {
		case 'critical-system-object':
			return l10n.t('Not checked: isCriticalSystemObject is set on this object ({0}), and Microsoft Entra Connect does not sync such objects.', value);
		case 'conflict-object':
			return l10n.t('Not checked: this is a replication conflict object ("CNF" in its name), which Microsoft Entra Connect does not sync. If it stands for a real person, keep one of the two objects and delete the other.');
		case 'sync-service-account':
			return l10n.t('Not checked: {0} "{1}" is a Microsoft Entra Connect service account, which is not synced.', exclusion.attribute, value);
		case 'exchange-system-object':
			return l10n.t('Not checked: {0} "{1}" marks an Exchange system object, which Microsoft Entra Connect leaves out or which no person uses.', exclusion.attribute, value);
		case 'machine-account':
			return l10n.t('Not checked: {0} "{1}" marks a computer or service account, not a person.', exclusion.attribute, value);
		case 'built-in-account':
			return l10n.t('Not checked: "{0}" is a built-in Active Directory account, a critical system object that Microsoft Entra Connect does not sync.', value);
	}
}
