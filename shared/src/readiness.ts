/**
 * The SSPR readiness records and report: what each user's directory data could register as a
 * self-service password reset method, and the totals. Plain data shared by the engine (which makes
 * them), the CLI (which writes them as JSON, text, CSV or HTML) and the VS Code client (which shows
 * them in a webview). Since 2026-10-05 SSPR verifies only methods registered for the user, so a
 * value in the directory counts only once it is registered: "ready" means dirlint can register it.
 */

/** The mobile phone (`mobile`, SMS and voice) a user's data gives. */
export type MobileState = 'ready' | 'fixable' | 'invalid' | 'absent' | 'not-mobile';
/** The office phone (`telephoneNumber`, voice, paid tenants) a user's data gives. */
export type OfficeState = 'ready' | 'fixable' | 'invalid' | 'absent';
/** The alternate email (`otherMails`) a user's data gives. */
export type EmailState = 'ready' | 'invalid' | 'absent';
/** The user's readiness: the first that holds of not-targetable, registered, ready, fixable, needs-data. */
export type UserState = 'ready' | 'fixable' | 'needs-data' | 'not-targetable' | 'registered';

/** Every user state, in the order reports list them. */
export const userStates: readonly UserState[] = ['ready', 'fixable', 'needs-data', 'not-targetable', 'registered'];

/** The Graph phone method types (authenticationPhoneType) dirlint can register. */
export type PhoneMethodType = 'mobile' | 'office';

/** One user (one entry of an export), as the per-entry step and then the join with Entra's details make it. */
export interface UserReadiness {
	file: string;
	/** The 1-based line where the user's record starts (for LDIF, the dn: line). */
	line: number;
	dn?: string;
	upn?: string;
	mobile: MobileState;
	office: OfficeState;
	email: EmailState;
	/** isSsprRegistered from Entra's user registration details; null without a details file, false for a user it does not list. */
	registered: boolean | null;
	state: UserState;
	/** The number to register (canonical, after dirlint's fix) when mobile is ready or fixable. */
	mobileNumber?: string;
	/** The number to register (canonical, after dirlint's fix) when office is ready or fixable. */
	officeNumber?: string;
	/** ISO 3166 region from c, countryCode or co; the value as written where it names no region. */
	country?: string;
	department?: string;
}

/** The totals of a report. `users` counts the export's entries; the states add up to it. */
export interface ReadinessSummary {
	users: number;
	ready: number;
	fixable: number;
	needsData: number;
	notTargetable: number;
	registered: number;
	/** Users in the registration details that no entry of the export matched (by UPN). */
	detailsOnly: number;
}

/** A user as a report lists it: the readiness without the numbers themselves. */
export type ReportUser = Omit<UserReadiness, 'mobileNumber' | 'officeNumber'>;

/** The report `dirlint report --format json` writes; every other format derives from it. */
export interface ReadinessReport {
	summary: ReadinessSummary;
	users: ReportUser[];
}

/** The summary key that counts a state. */
export const summaryKeyOf: Readonly<Record<UserState, Exclude<keyof ReadinessSummary, 'users' | 'detailsOnly'>>> = {
	'ready': 'ready',
	'fixable': 'fixable',
	'needs-data': 'needsData',
	'not-targetable': 'notTargetable',
	'registered': 'registered',
};

/** Users whose state asks for someone's action before they can reset: their data must be fixed or found. */
export function needsAction(state: UserState): boolean {
	return state === 'fixable' || state === 'needs-data' || state === 'not-targetable';
}
