/**
 * What dirlint states about self-service password reset (SSPR) and Microsoft Entra ID, in one
 * table: each fact with its wording, the day it takes effect, the day it was read and where
 * Microsoft says it. Hovers, the catalogue and the report take their SSPR sentences from here, so
 * when Microsoft changes SSPR (as it did on 5 October 2026) one table changes, and
 * test/unit/facts.test.ts holds every shipped text to it.
 *
 * Every wording is an English message key: pass it through l10n.t, and keep its Simplified Chinese
 * translation in l10n/bundle.l10n.zh-cn.json (test/unit/l10n.test.ts checks that).
 */

/** A page that states a fact. */
export interface FactSource {
	/** The page's title, as Microsoft gives it. */
	title: string;
	/** Where it is published: learn.microsoft.com, docs.microsoft.com, github.com. */
	site: string;
	url: string;
	/** The page's own date (ms.date), where it gives one; ISO yyyy-mm-dd. */
	published?: string;
}

export type FactId =
	| 'phone-format'
	| 'mobile-phone-method'
	| 'office-phone-method'
	| 'registered-methods-only'
	| 'well-formed-number-needs-registration'
	| 'registration-campaign'
	| 'admin-registers-phone'
	| 'phone-method-permissions'
	| 'one-phone-per-type'
	| 'sms-voice-retirement'
	| 'office-phone-read-only'
	| 'dirsync-overrides'
	| 'alternate-phones-mfa-only'
	| 'other-office-phones-unused'
	| 'not-an-sspr-method'
	| 'mail-not-a-method'
	| 'other-mails-cloud-only'
	| 'upn-starts-reset';

export interface Fact {
	id: FactId;
	/** The wording once the fact is in effect: a whole English sentence, a message key. */
	statement: string;
	/** The wording before `effective` (the change announced, not yet made); required with it. */
	announcement?: string;
	/** The day the fact takes effect (ISO yyyy-mm-dd, UTC), for a change Microsoft makes on a date. */
	effective?: string;
	/** The day dirlint's authors last read the sources (ISO yyyy-mm-dd). */
	read: string;
	/** The pages that state it; the first is the one hovers cite. */
	sources: readonly [FactSource, ...FactSource[]];
	/**
	 * The attributes (LDAP names) whose hover shows this fact as a line of its own, after the
	 * attribute's SSPR line. That line is the catalogue's ssprUse, itself a fact's statement, so a
	 * fact used as an attribute's ssprUse does not list that attribute here.
	 */
	attributes: readonly string[];
}

const prepopulate: FactSource = {
	title: 'Prepopulate user authentication contact information for Microsoft Entra self-service password reset',
	site: 'learn.microsoft.com',
	url: 'https://learn.microsoft.com/entra/identity/authentication/howto-sspr-authenticationdata',
};

/** The 2019 page dirlint's phone rule was first written from; the same path on Learn today. */
const prepopulate2019: FactSource = {
	title: 'Deploy password reset without requiring end-user registration',
	site: 'docs.microsoft.com',
	url: 'https://docs.microsoft.com/azure/active-directory/authentication/howto-sspr-authenticationdata',
	published: '2019-12-09',
};

const smsVoiceRetirement: FactSource = {
	title: 'Passkeys by default and retirement of Microsoft-provided SMS and voice authentication',
	site: 'learn.microsoft.com',
	url: 'https://learn.microsoft.com/entra/identity/authentication/concept-sms-voice-retirement',
	published: '2026-06-10',
};

const createPhoneMethod: FactSource = {
	title: 'Create phoneMethod',
	site: 'learn.microsoft.com',
	url: 'https://learn.microsoft.com/graph/api/authentication-post-phonemethods',
};

const ssprHowItWorks: FactSource = {
	title: 'How it works: Microsoft Entra self-service password reset',
	site: 'learn.microsoft.com',
	url: 'https://learn.microsoft.com/entra/identity/authentication/concept-sspr-howitworks',
};

const phoneOptions: FactSource = {
	title: 'Authentication methods in Microsoft Entra ID - phone options',
	site: 'learn.microsoft.com',
	url: 'https://learn.microsoft.com/entra/identity/authentication/concept-authentication-phone-options',
	published: '2025-03-04',
};

const bypassDirSyncOverrides: FactSource = {
	title: 'How to use the BypassDirSyncOverridesEnabled feature of a Microsoft Entra tenant',
	site: 'learn.microsoft.com',
	url: 'https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-bypassdirsyncoverrides',
	published: '2024-12-05',
};

/** Microsoft's answer, on its docs repository, to "how do we sync the Alternate email?". */
const otherMailsThread: FactSource = {
	title: 'Syncing Alternate Email, OtherMails or AlternateEmailAddresses via AD Connect?',
	site: 'github.com',
	url: 'https://github.com/MicrosoftDocs/azure-docs/issues/52986',
};

const ssprPhones = ['mobile', 'telephoneNumber'];

const definitions: Record<FactId, Omit<Fact, 'id'>> = {
	'phone-format': {
		statement: 'SSPR needs phone numbers written +CountryCode PhoneNumber, with one space after the country code and no extension: +1 4255551234.',
		read: '2026-12-04',
		sources: [prepopulate, prepopulate2019],
		attributes: ssprPhones,
	},
	'mobile-phone-method': {
		statement: 'Fills the user\'s Mobile phone. SSPR texts or calls a mobile number only when it is registered as the user\'s phone authentication method and the Mobile phone method is enabled.',
		read: '2026-12-04',
		sources: [prepopulate, phoneOptions],
		attributes: [],
	},
	'office-phone-method': {
		statement: 'Fills the user\'s Office phone. SSPR calls an office number only when it is registered as the user\'s office phone method and the Office phone method is enabled, which only tenants with paid subscriptions have.',
		read: '2026-12-04',
		sources: [ssprHowItWorks, prepopulate],
		attributes: [],
	},
	'registered-methods-only': {
		announcement: 'From 5 October 2026, SSPR accepts only explicitly registered authentication methods: a mobile or office number synced from Active Directory, or an Alternate email, that was never registered will no longer verify a reset.',
		statement: 'Since 5 October 2026, SSPR accepts only explicitly registered authentication methods: a mobile or office number synced from Active Directory, or an Alternate email, that was never registered no longer verifies a reset.',
		effective: '2026-10-05',
		read: '2026-12-04',
		sources: [prepopulate],
		attributes: [...ssprPhones, 'mail'],
	},
	'well-formed-number-needs-registration': {
		announcement: 'In the form SSPR needs; from 5 October 2026, SSPR uses it only once it is registered as the user\'s phone authentication method.',
		statement: 'In the form SSPR needs; register it as the user\'s phone authentication method for SSPR to use it.',
		effective: '2026-10-05',
		read: '2026-12-04',
		sources: [prepopulate],
		attributes: [],
	},
	'registration-campaign': {
		announcement: 'From 9 November 2026, where SSPR requires users to register at sign-in, a registration campaign will prompt users who lack enough methods to register them.',
		statement: 'Since 9 November 2026, where SSPR requires users to register at sign-in, a registration campaign prompts users who lack enough methods to register them.',
		effective: '2026-11-09',
		read: '2026-12-04',
		sources: [prepopulate],
		attributes: [],
	},
	'admin-registers-phone': {
		statement: 'An administrator can register the number for the user as a phone authentication method (Microsoft Graph phoneMethods, New-MgUserAuthenticationPhoneMethod), which makes it available to SSPR and MFA.',
		read: '2026-12-04',
		sources: [createPhoneMethod],
		attributes: ssprPhones,
	},
	'phone-method-permissions': {
		statement: 'Registering a phone method for another user needs the Microsoft Graph permission UserAuthMethod-Phone.ReadWrite.All (least privileged) or UserAuthenticationMethod.ReadWrite.All, and the Authentication Administrator or Privileged Authentication Administrator role.',
		read: '2026-12-04',
		sources: [createPhoneMethod],
		attributes: [],
	},
	'one-phone-per-type': {
		statement: 'A user has at most one phone method of each type (mobile, alternateMobile, office): adding a second mobile fails, and a mobile must exist before an alternateMobile.',
		read: '2026-12-04',
		sources: [createPhoneMethod],
		attributes: [],
	},
	'sms-voice-retirement': {
		announcement: 'Microsoft-provided SMS and voice for MFA and SSPR end on 1 February 2027; after that, texts and calls need a telecom provider the tenant contracts through the Microsoft Security Store.',
		statement: 'Microsoft-provided SMS and voice for MFA and SSPR ended on 1 February 2027; texts and calls now need a telecom provider the tenant contracts through the Microsoft Security Store.',
		effective: '2027-02-01',
		read: '2026-12-04',
		sources: [smsVoiceRetirement],
		attributes: ssprPhones,
	},
	'office-phone-read-only': {
		statement: 'For a synchronized user the Office phone is read-only in the cloud: fix telephoneNumber in Active Directory and let Microsoft Entra Connect sync it.',
		read: '2026-12-04',
		sources: [prepopulate, bypassDirSyncOverrides],
		attributes: ['telephoneNumber'],
	},
	'dirsync-overrides': {
		statement: 'Changing a synchronized user\'s mobile numbers in Entra ID makes later changes from Active Directory stop applying (DirSyncOverrides), unless the tenant turns on BypassDirSyncOverridesEnabled.',
		read: '2026-12-04',
		sources: [bypassDirSyncOverrides],
		attributes: ['mobile', 'otherMobile'],
	},
	'alternate-phones-mfa-only': {
		statement: 'Not used for password reset: alternate phones serve MFA only.',
		read: '2026-12-04',
		sources: [phoneOptions],
		attributes: [],
	},
	'other-office-phones-unused': {
		statement: 'Not used for password reset: only telephoneNumber becomes the Office phone.',
		read: '2026-12-04',
		sources: [prepopulate],
		attributes: [],
	},
	'not-an-sspr-method': {
		statement: 'Not used by SSPR.',
		read: '2026-12-04',
		sources: [ssprHowItWorks],
		attributes: [],
	},
	'mail-not-a-method': {
		statement: 'Not an SSPR method: a reset by email uses the email authentication method registered for the user, not this attribute.',
		read: '2026-12-04',
		sources: [prepopulate, ssprHowItWorks],
		attributes: [],
	},
	'other-mails-cloud-only': {
		statement: 'The Alternate email (otherMails) is a cloud attribute: Microsoft Entra Connect does not sync it from Active Directory by default, so it is set in Entra ID.',
		read: '2026-12-04',
		sources: [otherMailsThread, prepopulate],
		attributes: ['mail'],
	},
	'upn-starts-reset': {
		statement: 'The name the user types to start a password reset.',
		read: '2026-12-04',
		sources: [ssprHowItWorks],
		attributes: [],
	},
};

/** Every fact, in the order hovers show them. */
export const facts: readonly Fact[] = Object.entries(definitions).map(([id, definition]) => ({ id: id as FactId, ...definition }));

const byId = new Map(facts.map((fact) => [fact.id, fact]));

export function fact(id: FactId): Fact {
	return byId.get(id)!;
}

/** The UTC day of a date, yyyy-mm-dd: facts take effect on a day, compared as ISO text. */
function utcDay(now: Date): string {
	return now.toISOString().slice(0, 10);
}

/** Whether the fact is in effect on that date (a fact without an effective day always is). */
export function inEffect(id: FactId, now: Date): boolean {
	const { effective } = fact(id);
	return effective === undefined || utcDay(now) >= effective;
}

/** The fact's wording for that date (an English message key): its announcement before it takes effect. */
export function factText(id: FactId, now: Date): string {
	const { statement, announcement } = fact(id);
	return inEffect(id, now) ? statement : announcement ?? statement;
}

/**
 * The statement of a fact that holds on every date, for texts that cannot follow the clock (the
 * catalogue's ssprUse). A fact with an effective day has no such statement: that is a mistake in
 * the caller, reported at once.
 */
export function undatedStatement(id: FactId): string {
	const { statement, effective } = fact(id);
	if (effective !== undefined) throw new Error(`Fact ${id} takes effect on ${effective}: use factText with a date.`);
	return statement;
}

/** The fact whose wording (statement or announcement) is this text: for citing a catalogue ssprUse. */
export function factStating(text: string): Fact | undefined {
	return facts.find((entry) => entry.statement === text || entry.announcement === text);
}

/** One line a hover shows: the wording for the date and the page it cites. */
export interface FactStatement {
	id: FactId;
	/** English message key. */
	text: string;
	source: FactSource;
}

/** The facts an attribute's hover shows after its SSPR line, worded for that date. */
export function statementsFor(attribute: string, now: Date): FactStatement[] {
	return facts
		.filter((entry) => entry.attributes.includes(attribute))
		.map((entry) => ({ id: entry.id, text: factText(entry.id, now), source: entry.sources[0] }));
}
