/**
 * SSPR readiness of one export entry: which methods its directory data could register, after
 * dirlint's fixes. Since 2026-10-05 SSPR verifies only methods registered for the user
 * (Microsoft Learn, "Prepopulate user authentication contact information for Microsoft Entra
 * self-service password reset"), so these are the numbers and addresses an admin can register for
 * the user, not methods the user can reset with today.
 *
 * The per-entry step needs no registration details, so it can run inside a piece of the pipeline;
 * the join with Entra's user registration details (registrationDetails.ts) comes afterwards.
 */
import { DiagnosticCodes } from '../../../shared/src/codes';
import type { EmailState, MobileState, OfficeState, UserReadiness } from '../../../shared/src/readiness';
import type { Attribute, AttributeValue, Entry } from './model';
import { regionFromAlpha2, regionFromName, regionFromNumeric } from './regions';
import { judgePhone, PhoneVerdict } from './rules/phoneRule';

export type { UserReadiness } from '../../../shared/src/readiness';

/** What the per-entry step uses to judge values; the pipeline passes its own fast versions. */
export interface ReadinessTools {
	/**
	 * The libphonenumber-js type of a valid canonical number (FIXED_LINE, MOBILE,
	 * FIXED_LINE_OR_MOBILE …), undefined where the metadata has no types for it.
	 */
	numberType(canonical: string): string | undefined;
	/** judgePhone from rules/phoneRule.ts unless given (the linter's cached judge, say). */
	judgePhone?(value: string, region: string | undefined): PhoneVerdict;
	/** isEmailAddress below unless given. */
	isEmailAddress?(value: string): boolean;
}

/** Where the entry's record starts: the file as the user named it and the 1-based line. */
export interface EntryPlace {
	file: string;
	line: number;
}

/** What a phone value gives, before the mobile-only type check. */
type PhoneReadiness = { state: 'ready' | 'fixable'; canonical: string } | { state: 'invalid' | 'absent' };

/**
 * A plain check of an alternate email address, close to RFC 5322's dot-atom form: an ASCII local
 * part of atext characters with single inner dots (at most 64 characters), an `@`, and a domain of
 * at least two DNS labels whose last is alphabetic; 254 characters at most. Entra's otherMails
 * takes no accented characters, so neither does this check. Quoted local parts and address
 * literals are refused: no admin writes them for a reset address.
 */
export function isEmailAddress(value: string): boolean {
	if (value.length > 254) return false;
	const at = value.lastIndexOf('@');
	if (at <= 0 || at > 64) return false;
	const local = value.slice(0, at);
	const domain = value.slice(at + 1);
	if (!/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/.test(local)) return false;
	const labels = domain.split('.');
	if (labels.length < 2 || !/^[A-Za-z]{2,63}$/.test(labels[labels.length - 1])) return false;
	return labels.every((label) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label));
}

/** The values of one entry readiness reads, found in one walk over its attributes (by the catalogue's LDAP names). */
interface ReadFrom {
	mobile?: AttributeValue;
	telephoneNumber?: AttributeValue;
	otherMails: Attribute[];
	userPrincipalName?: AttributeValue;
	c?: AttributeValue;
	countryCode?: AttributeValue;
	co?: AttributeValue;
	department?: AttributeValue;
}

/** The first value the rules judge with text other than blanks. */
function firstGiven(attribute: Attribute): AttributeValue | undefined {
	for (const value of attribute.values) if (value.checked && value.text.trim() !== '') return value;
	return undefined;
}

function readFrom(entry: Entry): ReadFrom {
	const found: ReadFrom = { otherMails: [] };
	for (const attribute of entry.attributes) {
		const name = attribute.info.ldapName;
		switch (name) {
			case 'otherMails':
				found.otherMails.push(attribute);
				break;
			case 'mobile':
			case 'telephoneNumber':
			case 'userPrincipalName':
			case 'c':
			case 'countryCode':
			case 'co':
			case 'department':
				found[name] ??= firstGiven(attribute);
				break;
		}
	}
	return found;
}

/**
 * A phone value's readiness: ready when already canonical, fixable when dirlint's fix makes it
 * canonical (phone.format, or phone.missing-country-code read in a known region), invalid
 * otherwise. A number with an extension is invalid here: registered, the call would reach the
 * switchboard, not the user.
 */
function phoneReadiness(value: AttributeValue | undefined, region: string | undefined, judge: NonNullable<ReadinessTools['judgePhone']>): PhoneReadiness {
	if (!value) return { state: 'absent' };
	const verdict = judge(value.text, region);
	if (verdict.code === undefined && verdict.canonical) return { state: 'ready', canonical: verdict.canonical };
	const fixable = verdict.code === DiagnosticCodes.phoneFormat || verdict.code === DiagnosticCodes.phoneMissingCountryCode;
	if (fixable && verdict.canonical) return { state: 'fixable', canonical: verdict.canonical };
	return { state: 'invalid' };
}

/** The alternate email's readiness: ready when any otherMails value is an address, invalid when none is. */
function emailReadiness(attributes: readonly Attribute[], isEmail: (value: string) => boolean): EmailState {
	let seen = false;
	for (const attribute of attributes) {
		for (const value of attribute.values) {
			const text = value.text.trim();
			if (!value.checked || text === '') continue;
			if (isEmail(text)) return 'ready';
			seen = true;
		}
	}
	return seen ? 'invalid' : 'absent';
}

/** The region the entry's c, countryCode or co names, or what c or co says where it names none. */
function countryOf(found: ReadFrom): string | undefined {
	const c = found.c?.text;
	const numeric = found.countryCode?.text;
	const name = found.co?.text;
	return (c && regionFromAlpha2(c)) || (numeric && regionFromNumeric(numeric)) || (name && regionFromName(name))
		|| c?.trim() || name?.trim() || undefined;
}

/**
 * The readiness of one entry without registration details: `registered` is null and the state is
 * not-targetable (no UPN to register for), ready, fixable or needs-data. `region` is the row's, as
 * linter.ts entryRegion(entry, defaultRegion) computes it. A FIXED_LINE number in `mobile` is
 * not-mobile (no SMS) and not a method; FIXED_LINE_OR_MOBILE (every US and Canadian number) counts
 * as able to take SMS. Email counts only from otherMails (Alternate email), never from mail.
 */
export function entryReadiness(entry: Entry, place: EntryPlace, region: string | undefined, tools: ReadinessTools): UserReadiness {
	const judge = tools.judgePhone ?? judgePhone;
	const found = readFrom(entry);
	const mobile = phoneReadiness(found.mobile, region, judge);
	const office = phoneReadiness(found.telephoneNumber, region, judge);
	let mobileState: MobileState = mobile.state;
	if ('canonical' in mobile && tools.numberType(mobile.canonical) === 'FIXED_LINE') mobileState = 'not-mobile';
	const officeState: OfficeState = office.state;
	const email = emailReadiness(found.otherMails, tools.isEmailAddress ?? isEmailAddress);

	const upn = found.userPrincipalName?.text.trim();
	const methods = [mobileState, officeState, email];
	const state = !upn ? 'not-targetable' : methods.includes('ready') ? 'ready' : methods.includes('fixable') ? 'fixable' : 'needs-data';

	const user: UserReadiness = { file: place.file, line: place.line, mobile: mobileState, office: officeState, email, registered: null, state };
	if (entry.dn !== undefined) user.dn = entry.dn;
	if (upn) user.upn = upn;
	if (mobileState !== 'not-mobile' && 'canonical' in mobile) user.mobileNumber = mobile.canonical;
	if ('canonical' in office) user.officeNumber = office.canonical;
	const country = countryOf(found);
	if (country) user.country = country;
	const department = found.department?.text.trim();
	if (department) user.department = department;
	return user;
}
