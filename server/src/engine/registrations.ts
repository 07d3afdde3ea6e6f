/**
 * The rows of registrations.csv: which numbers an admin can register for which users with
 * Graph's `POST /users/{id}/authentication/phoneMethods`. A user has at most one phone of each type
 * ("authentication: Add phoneMethod"), so a row is written only for a number dirlint can vouch for,
 * for a user Entra does not show as registered, of a type the user has not registered, and at most
 * once per user and type. Every other case is an omission with its reason, for the admin to review.
 */
import type { PhoneMethodType, UserReadiness } from '../../../shared/src/readiness';
import type { RegistrationJoin } from './registrationDetails';

/** One row of registrations.csv: nothing but what the admin's export already holds. */
export interface RegistrationRow {
	userPrincipalName: string;
	phoneType: PhoneMethodType;
	/** Canonical (`+1 4255551234`), after dirlint's fix. */
	phoneNumber: string;
	sourceFile: string;
	sourceLine: number;
}

/**
 * Why no row was written:
 * - no-upn: the entry has no userPrincipalName to register for;
 * - sspr-registered: the details show the user registered for SSPR (isSsprRegistered);
 * - type-registered: the details list a method of that type among the user's methodsRegistered;
 * - invalid: no valid number (unparsable, not a number of its country, an extension, no region to read it in);
 * - not-mobile: a fixed-line number in mobile, which cannot take SMS;
 * - absent: the entry has no number of that type;
 * - duplicate: an earlier entry with the same UPN gave a row of that type.
 */
export type OmissionReason = 'no-upn' | 'sspr-registered' | 'type-registered' | 'invalid' | 'not-mobile' | 'absent' | 'duplicate';

/** Every reason, in the order a summary lists them. */
export const omissionReasons: readonly OmissionReason[] = ['no-upn', 'sspr-registered', 'type-registered', 'invalid', 'not-mobile', 'absent', 'duplicate'];

export interface Omission {
	file: string;
	line: number;
	upn?: string;
	/** Undefined where the reason is the user's (no-upn, sspr-registered), not one type's. */
	phoneType?: PhoneMethodType;
	reason: OmissionReason;
}

/** What one user gives: rows to write and omissions to report. */
export interface UserPlan {
	rows: RegistrationRow[];
	omissions: Omission[];
}

/**
 * Plans registrations user by user, in export order. Users come as the per-entry step made them;
 * the join with the details happens here.
 */
export class RegistrationPlanner {
	private readonly written = new Set<string>();

	/** `types` in the order rows are written per user; mobile first, as Graph needs a mobile before an alternate one. */
	constructor(private readonly types: readonly PhoneMethodType[], private readonly join: RegistrationJoin) {}

	plan(entryUser: UserReadiness): UserPlan {
		const user = this.join.join(entryUser);
		const place = { file: user.file, line: user.line };
		if (!user.upn) return { rows: [], omissions: [{ ...place, reason: 'no-upn' }] };
		const upn = user.upn;
		if (user.registered === true) return { rows: [], omissions: [{ ...place, upn, reason: 'sspr-registered' }] };
		const methods = this.join.registrationOf(upn)?.methods;
		const plan: UserPlan = { rows: [], omissions: [] };
		for (const phoneType of this.types) {
			const omit = (reason: OmissionReason) => plan.omissions.push({ ...place, upn, phoneType, reason });
			const state = phoneType === 'mobile' ? user.mobile : user.office;
			const number = phoneType === 'mobile' ? user.mobileNumber : user.officeNumber;
			const key = `${upn.toLowerCase()}\n${phoneType}`;
			if (methods?.has(phoneType)) omit('type-registered');
			else if (state === 'not-mobile') omit('not-mobile');
			else if (state === 'absent') omit('absent');
			else if (state === 'invalid' || !number) omit('invalid');
			else if (this.written.has(key)) omit('duplicate');
			else {
				this.written.add(key);
				plan.rows.push({ userPrincipalName: upn, phoneType, phoneNumber: number, sourceFile: user.file, sourceLine: user.line });
			}
		}
		return plan;
	}
}

/** A CSV field, quoted when it holds a delimiter, a quote or a line break (RFC 4180). */
export function csvField(value: string | number): string {
	const text = String(value);
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header of registrations.csv; Register-DirlintPhoneMethods.ps1 reads these columns. */
export const registrationsHeader = 'userPrincipalName,phoneType,phoneNumber,sourceFile,sourceLine';

/** One line of registrations.csv, with its CRLF (what Windows tools write; Import-Csv reads either). */
export function registrationLine(row: RegistrationRow): string {
	return `${[row.userPrincipalName, row.phoneType, row.phoneNumber, row.sourceFile, row.sourceLine].map(csvField).join(',')}\r\n`;
}
