/**
 * Entra's user registration details: who has registered for SSPR already, and which methods.
 * Two sources carry the same fields:
 * - the CSV the Microsoft Entra admin center downloads from Authentication methods › Activity ›
 *   User registration details, whose columns Microsoft Learn ("Authentication Methods Activity")
 *   lists as User principal name, Name, MFA Capable, Passwordless Capable, SSPR Registered
 *   (Registered, Not Registered), SSPR Enabled, SSPR Capable, Methods registered (Mobile phone,
 *   Alternate Mobile Phone, Office phone, Email, …) and Last Updated Time;
 * - Microsoft Graph `GET /reports/authenticationMethods/userRegistrationDetails` saved as JSON
 *   (`{ "value": [ … ] }`, one file per page, or a bare array), whose properties the
 *   "userRegistrationDetails resource type" page lists: userPrincipalName, isSsprRegistered
 *   (Boolean), methodsRegistered (mobilePhone, alternateMobilePhone, officePhone, email, …) among
 *   others. A CSV of Graph's property names (Export-Csv of Get-MgReportAuthenticationMethodUserRegistrationDetail)
 *   reads too, with True / False.
 * Headers and property names match without regard to case, spaces or underscores. Users are keyed
 * by UPN, case-insensitively.
 */
import * as l10n from '@vscode/l10n';
import { parse } from 'csv-parse/sync';
import type { UserReadiness } from '../../../shared/src/readiness';
import { csvContentStart, detectDelimiter } from './readers/csvReader';

/** A method from methodsRegistered that matters to dirlint: the phone types Graph registers, and email. */
export type RegisteredMethod = 'mobile' | 'alternateMobile' | 'office' | 'email';

export interface UserRegistration {
	/** The UPN as the details file writes it. */
	userPrincipalName: string;
	isSsprRegistered: boolean;
	methods: ReadonlySet<RegisteredMethod>;
}

export interface RegistrationDetails {
	/** Keyed by the lower-cased UPN. */
	users: ReadonlyMap<string, UserRegistration>;
	/** Localized notes about the input that do not stop it being read (one page of several, say). */
	warnings: string[];
}

/** A details file that cannot be read as user registration details; the message names the file and what is wrong. */
export class RegistrationDetailsError extends Error {}

/** Lower case without spaces, underscores or punctuation: "SSPR Registered", "isSsprRegistered" and "IsSsprRegistered" compare alike. */
function normalized(name: string): string {
	return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const methodNames = new Map<string, RegisteredMethod>([
	['mobilephone', 'mobile'],
	['alternatemobilephone', 'alternateMobile'],
	['officephone', 'office'],
	['email', 'email'],
]);

/** The methods dirlint tracks among a methodsRegistered list; the others (fido2, microsoftAuthenticatorPush …) are left out. */
function methodsOf(names: readonly string[]): Set<RegisteredMethod> {
	const methods = new Set<RegisteredMethod>();
	for (const name of names) {
		const method = methodNames.get(normalized(name));
		if (method) methods.add(method);
	}
	return methods;
}

/** What PowerShell's Export-Csv writes for an array property it did not join. */
const unjoinedArray = /^System\.(String|Object)\[\]$/;

const upnKeys = ['userprincipalname'];
const registeredKeys = ['ssprregistered', 'isssprregistered'];
const methodsKeys = ['methodsregistered'];

function addUser(users: Map<string, UserRegistration>, user: UserRegistration): void {
	const key = user.userPrincipalName.toLowerCase();
	const known = users.get(key);
	if (!known) {
		users.set(key, user);
		return;
	}
	// The same user twice (overlapping pages): registered if either says so, with every method either lists.
	users.set(key, {
		userPrincipalName: known.userPrincipalName,
		isSsprRegistered: known.isSsprRegistered || user.isSsprRegistered,
		methods: new Set([...known.methods, ...user.methods]),
	});
}

function readRegistered(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (typeof value !== 'string') return undefined;
	switch (normalized(value)) {
		case 'true': case 'registered': return true;
		case 'false': case 'notregistered': return false;
		default: return undefined;
	}
}

function readCsvDetails(text: string, file: string, users: Map<string, UserRegistration>): void {
	const start = csvContentStart(text);
	// A #TYPE line before the header: csv-parse counts lines from the header.
	const linesBefore = start > 0 && text.startsWith('#TYPE', text.charCodeAt(0) === 0xfeff ? 1 : 0) ? 1 : 0;
	let records: { record: string[]; info: { lines: number } }[];
	try {
		records = parse(text.slice(start), { delimiter: detectDelimiter(text, start), relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
	} catch (error) {
		throw new RegistrationDetailsError(l10n.t('{0} could not be read as CSV: {1}', file, (error as Error).message));
	}
	const [header, ...rows] = records;
	if (!header) throw new RegistrationDetailsError(l10n.t('{0} is empty: expected Entra\'s user registration details.', file));
	const columns = header.record.map(normalized);
	const find = (keys: readonly string[]) => columns.findIndex((name) => keys.includes(name));
	const upn = find(upnKeys);
	const registered = find(registeredKeys);
	const methods = find(methodsKeys);
	const missing = [upn < 0 ? '"User principal name"' : '', registered < 0 ? '"SSPR Registered"' : '', methods < 0 ? '"Methods Registered"' : ''].filter(Boolean);
	if (missing.length > 0) {
		throw new RegistrationDetailsError(l10n.t('{0} is not Entra\'s user registration details: it lacks the columns {1}. Download the report from the Microsoft Entra admin center (Authentication methods › Activity › User registration details), or save Graph\'s reports/authenticationMethods/userRegistrationDetails as JSON.', file, missing.join(', ')));
	}
	for (const { record: row, info } of rows) {
		// Where the record ends: its only line, for every row the admin center writes.
		const line = linesBefore + info.lines;
		const name = (row[upn] ?? '').trim();
		if (name === '') continue; // a row without a UPN joins no user
		const isRegistered = readRegistered(row[registered] ?? '');
		if (isRegistered === undefined) {
			throw new RegistrationDetailsError(l10n.t('{0}, line {1}: SSPR Registered is "{2}"; expected Registered, Not Registered, true or false.', file, line, row[registered] ?? ''));
		}
		const listed = (row[methods] ?? '').trim();
		if (unjoinedArray.test(listed)) {
			throw new RegistrationDetailsError(l10n.t('{0}, line {1}: Methods Registered is "{2}", not the methods. Export it with the methods joined (for example -join ", "), or save Graph\'s JSON.', file, line, listed));
		}
		addUser(users, { userPrincipalName: name, isSsprRegistered: isRegistered, methods: methodsOf(listed.split(/[,;]/)) });
	}
}

/** A JSON object's property by normalized name ("UserPrincipalName" as well as "userPrincipalName"). */
function property(record: Record<string, unknown>, keys: readonly string[]): unknown {
	for (const [name, value] of Object.entries(record)) if (keys.includes(normalized(name))) return value;
	return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readJsonDetails(text: string, file: string, users: Map<string, UserRegistration>, warnings: string[]): void {
	let data: unknown;
	try {
		data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
	} catch (error) {
		throw new RegistrationDetailsError(l10n.t('{0} is not valid JSON: {1}', file, (error as Error).message));
	}
	// A page ({ "value": [...] }), an array of users, or an array of pages.
	const pages = Array.isArray(data) && data.every((item) => isObject(item) && Array.isArray(item.value)) && data.length > 0 ? data : [data];
	const records: unknown[] = [];
	for (const page of pages) {
		if (isObject(page) && Array.isArray(page.value)) {
			records.push(...page.value);
			if (typeof page['@odata.nextLink'] === 'string' && pages.length === 1) {
				warnings.push(l10n.t('{0} is one page of the user registration details (it has @odata.nextLink): users on the other pages count as not registered unless their pages are read too.', file));
			}
		} else if (Array.isArray(page)) records.push(...page);
		else {
			throw new RegistrationDetailsError(l10n.t('{0} is JSON but not Entra\'s user registration details: expected an object with a "value" array, or an array of users.', file));
		}
	}
	records.forEach((record, index) => {
		const item = index + 1;
		if (!isObject(record)) throw new RegistrationDetailsError(l10n.t('{0}: item {1} is not a user object.', file, item));
		const name = property(record, upnKeys);
		if (typeof name !== 'string' || name.trim() === '') {
			throw new RegistrationDetailsError(l10n.t('{0}: item {1} has no userPrincipalName.', file, item));
		}
		const isRegistered = readRegistered(property(record, registeredKeys));
		if (isRegistered === undefined) {
			throw new RegistrationDetailsError(l10n.t('{0}: item {1} ({2}) has no isSsprRegistered true or false.', file, item, name));
		}
		const listed = property(record, methodsKeys);
		const names = Array.isArray(listed) ? listed.filter((method): method is string => typeof method === 'string') : typeof listed === 'string' ? listed.split(/[,;]/) : undefined;
		if (!names) throw new RegistrationDetailsError(l10n.t('{0}: item {1} ({2}) has no methodsRegistered list.', file, item, name));
		addUser(users, { userPrincipalName: name.trim(), isSsprRegistered: isRegistered, methods: methodsOf(names) });
	});
}

/**
 * Reads user registration details files (CSV or JSON, told apart by their first character) into
 * one set: several files are the pages of one report. Throws RegistrationDetailsError.
 */
export function parseRegistrationDetails(files: readonly { name: string; text: string }[]): RegistrationDetails {
	const users = new Map<string, UserRegistration>();
	const warnings: string[] = [];
	for (const { name, text } of files) {
		const body = text.replace(/^\uFEFF/, '').trimStart();
		if (body === '') throw new RegistrationDetailsError(l10n.t('{0} is empty: expected Entra\'s user registration details.', name));
		if (body.startsWith('{') || body.startsWith('[')) readJsonDetails(text, name, users, warnings);
		else readCsvDetails(text, name, users);
	}
	return { users, warnings };
}

/**
 * Joins users with registration details by UPN (case-insensitive), and counts the details' users
 * no entry matched. Without details a user keeps `registered: null`.
 */
export class RegistrationJoin {
	private readonly matched = new Set<string>();

	constructor(readonly details: RegistrationDetails | undefined) {}

	/** The details' record of a UPN, if they list it. */
	registrationOf(upn: string | undefined): UserRegistration | undefined {
		return upn === undefined ? undefined : this.details?.users.get(upn.toLowerCase());
	}

	/** The user with `registered` from the details, and the state `registered` where isSsprRegistered says so (after not-targetable). */
	join(user: UserReadiness): UserReadiness {
		if (!this.details) return user;
		const registration = this.registrationOf(user.upn);
		if (registration) this.matched.add(registration.userPrincipalName.toLowerCase());
		const registered = registration?.isSsprRegistered ?? false;
		const state = registered && user.state !== 'not-targetable' ? 'registered' : user.state;
		return { ...user, registered, state };
	}

	/** Users in the details that no joined user matched. */
	get detailsOnly(): number {
		return this.details ? this.details.users.size - this.matched.size : 0;
	}
}
