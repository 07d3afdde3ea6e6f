/**
 * The SSPR phone rule: a number must be written `+<country calling code> <national number>`
 * with one space and no extension (`+1 4255551234`). Everything about judging one phone value
 * lives here; the linter only decides which values to judge and how severe a finding is.
 */
import { parsePhoneNumberWithError, validatePhoneNumberLength, PhoneNumber, NumberType } from 'libphonenumber-js/max';
import { Metadata, MetadataJson } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/metadata.max.json';
import { DiagnosticCodes } from '../../../../shared/src/codes';

export type PhoneCode =
	| typeof DiagnosticCodes.phoneInvalid
	| typeof DiagnosticCodes.phoneExtension
	| typeof DiagnosticCodes.phoneMissingCountryCode
	| typeof DiagnosticCodes.phoneFormat;

export type InvalidReason =
	| 'NOT_A_NUMBER'
	| 'INVALID_COUNTRY'
	| 'TOO_SHORT'
	| 'TOO_LONG'
	| 'INVALID_LENGTH'
	| 'INVALID_NUMBER'
	| 'COLLECTION_PLACEHOLDER';

export interface PhoneVerdict {
	/** The problem, or undefined when the value is already what SSPR needs. */
	code?: PhoneCode;
	/** Why no valid number could be derived (phone.invalid). */
	reason?: InvalidReason;
	/** The SSPR form of the number, when one can be derived: the fix writes it. */
	canonical?: string;
	/** The region the value was read in, when it had no country code. */
	region?: string;
	extension?: string;
	/**
	 * The label written before the number (`Tel:`, `Mobile`, `tel:`, `電話：`), which the fix drops. Set only
	 * where the value as a whole is not a number and the text after the label is a valid one.
	 */
	label?: string;
}

/** What Windows PowerShell writes for a multi-valued property exported without -join. */
const collectionPlaceholder = 'Microsoft.ActiveDirectory.Management.ADPropertyValueCollection';

const iddPatterns = new Map<string, RegExp>();
const metadataJson = metadata as unknown as MetadataJson;
const metadataIndex = new Metadata(metadataJson);

/** The prefixes of a numbering plan: present at run time, missing from libphonenumber-js's typings. */
interface NumberingPlanPrefixes {
	IDDPrefix(): string | undefined;
	nationalPrefixForParsing(): string | undefined;
}

/** The numbering plan of a region (`GB`) or of a calling code's main country (`44`). */
function numberingPlan(regionOrCallingCode: string): NumberingPlanPrefixes | undefined {
	try {
		metadataIndex.selectNumberingPlan(regionOrCallingCode as never);
	} catch {
		return undefined; // a region libphonenumber-js does not know: the full parse says INVALID_COUNTRY
	}
	return metadataIndex.numberingPlan as unknown as NumberingPlanPrefixes | undefined;
}

/** The region's international dialling prefix (00, 011, 0011 …) as an anchored pattern. */
function iddPattern(region: string): RegExp {
	let pattern = iddPatterns.get(region);
	if (!pattern) {
		pattern = new RegExp(`^(?:${numberingPlan(region)?.IDDPrefix() ?? '00'})`);
		iddPatterns.set(region, pattern);
	}
	return pattern;
}

/**
 * The length of the region's international prefix that digits open with, or 0, as libphonenumber-js (and
 * Google's libphonenumber) strip it: only where a digit other than 0 follows, since no calling code starts
 * with 0. Where a region's prefix starts with its trunk prefix (Israel: 0 and 00, 012-019), a number written
 * nationally can open with digits the prefix pattern matches: `0-1200123456` is IL's trunk 0 and 1200123456,
 * not the 012 prefix and 00123456.
 */
function iddLength(digits: string, region: string): number {
	const idd = iddPattern(region).exec(digits);
	if (!idd) return 0;
	const next = digits.charCodeAt(idd[0].length);
	return next > 0x30 && next <= 0x39 ? idd[0].length : 0;
}

function canonicalOf(number: PhoneNumber): string {
	return `+${number.countryCallingCode} ${number.nationalNumber}`;
}

function invalid(reason: InvalidReason, region?: string): PhoneVerdict {
	return { code: DiagnosticCodes.phoneInvalid, reason, region };
}

/** The reason a parsed but invalid number is invalid: its length, or its digits. */
function invalidReason(text: string, region: string | undefined): InvalidReason {
	const lengthProblem = validatePhoneNumberLength(text, { defaultCountry: region as never });
	return lengthProblem ?? 'INVALID_NUMBER';
}

/**
 * Judges one phone value. `region` (ISO 3166 alpha-2) is used only for a number written without
 * a country code. Pure: the same input always gives the same verdict.
 */
export function judgePhone(value: string, region: string | undefined): PhoneVerdict {
	return judgeQuickly(value, region) ?? judgeFully(value, region);
}

/** `+<calling code> <digits>`: the shape of a value that may already be right. */
const canonicalShape = /^\+([1-9]\d{0,2}) (\d{2,17})$/;
/** Digits and separators only (a national number may open with an area code in brackets): no letters, no text around the number. */
const plainNumberShape = /^(?:\+?\d|\()[\d ().\-/]{3,40}$/;
/** The common ways an extension is appended: ` x123`, `X12345`, ` ext. 123`, ` extension 123`, ` #123`, `;ext=123`. */
const extensionSuffix = /^(.*\d)(?:[ \t\u00A0,]*(?:x|ext\.?|extension|#)[ \t\u00A0,]*|;ext=)(\d{1,7})$/i;

const callingCodes = new Map(Object.entries((metadata as { country_calling_codes: Record<string, string[]> }).country_calling_codes));
/** Calling codes of no country (+800 freephone, +882 …): libphonenumber-js knows them, the fast path leaves them to it. */
const nonGeographicCodes = new Set(Object.keys((metadata as { nonGeographic?: Record<string, unknown> }).nonGeographic ?? {}));
/** The compiled plan of a calling code's main country (listed first), e.g. GB for 44, RU for 7. */
function mainPlan(callingCode: string): CompiledPlan | null {
	const countries = callingCodes.get(callingCode);
	return countries ? compiledPlan(countries[0]) : null;
}

/**
 * A country's numbering plan, compiled once: what libphonenumber-js's isValid and its reading of a
 * national number consult, without the Metadata object and the RegExp per pattern it builds on
 * every call. test/unit/phoneRule.test.ts checks isValidIn against PhoneNumber.isValid on every
 * country, and the fast path against the full parse.
 */
interface CompiledPlan {
	callingCode: string;
	general: RegExp;
	/** The shortest and longest national numbers the plan allows (TOO_SHORT and TOO_LONG beyond them). */
	minLength: number;
	maxLength: number;
	/**
	 * The number types the metadata gives a pattern, in getNumberType's order (FIXED_LINE first); undefined
	 * where the metadata has no types: the general pattern then decides validity alone.
	 */
	types?: { name: TypedNumberType; lengths?: readonly number[]; pattern: RegExp }[];
	/** National (trunk) prefix for parsing, anchored (0 in GB, 1 in US), or undefined. */
	nationalPrefix?: RegExp;
	/** Set where a country sharing a calling code is told apart by leading digits. */
	leadingDigits?: RegExp;
}

/** A type the metadata has a pattern for: every NumberType but FIXED_LINE_OR_MOBILE, which getNumberType derives. */
type TypedNumberType = Exclude<NonNullable<NumberType>, 'FIXED_LINE_OR_MOBILE'>;
/** The types in the order libphonenumber-js's getNumberType tries them (FIXED_LINE, then its NON_FIXED_LINE_PHONE_TYPES). */
const numberTypes: readonly TypedNumberType[] = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];
const compiledPlans = new Map<string, CompiledPlan | null>();

/** The numbering plan methods read here: present at run time, missing from libphonenumber-js's typings. */
interface NumberingPlan extends NumberingPlanPrefixes {
	callingCode(): string;
	hasTypes(): boolean;
	nationalNumberPattern(): string;
	possibleLengths(): number[] | undefined;
	leadingDigits(): string | undefined;
	type(type: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}

const entirely = (pattern: string) => new RegExp(`^(?:${pattern})$`);

/**
 * The compiled plan of a country, or of a non-geographic calling code (`800`), or null where
 * libphonenumber-js has none (the 001 that stands for the non-geographic codes).
 */
function compiledPlan(country: string): CompiledPlan | null {
	let plan = compiledPlans.get(country);
	if (plan === undefined) {
		plan = null;
		try {
			const numbering = numberingPlan(country) as NumberingPlan | undefined;
			if (numbering) {
				const prefix = numbering.nationalPrefixForParsing();
				const leadingDigits = numbering.leadingDigits();
				plan = {
					callingCode: numbering.callingCode(),
					general: entirely(numbering.nationalNumberPattern()),
					minLength: Math.min(...(numbering.possibleLengths() ?? [2])),
					maxLength: Math.max(...(numbering.possibleLengths() ?? [17])),
					nationalPrefix: prefix ? new RegExp(`^(?:${prefix})`) : undefined,
					leadingDigits: leadingDigits ? new RegExp(`^(?:${leadingDigits})`) : undefined,
				};
				if (numbering.hasTypes()) {
					plan.types = [];
					for (const name of numberTypes) {
						const type = numbering.type(name);
						if (type?.pattern()) plan.types.push({ name, lengths: type.possibleLengths(), pattern: entirely(type.pattern()) });
					}
				}
			}
		} catch {
			plan = null; // a calling code without a numbering plan of its own
		}
		compiledPlans.set(country, plan);
	}
	return plan;
}

/**
 * The type of a national number in a plan, as libphonenumber-js's getNumberType says: none unless the
 * general pattern matches; a fixed-line number is FIXED_LINE_OR_MOBILE where the plan has no mobile
 * pattern or its mobile pattern matches too (every US and CA number); else the first type that matches.
 */
function typeIn(plan: CompiledPlan, national: string): NumberType {
	if (!plan.types || !plan.general.test(national)) return undefined;
	for (const type of plan.types) {
		if (!matchesType(type, national)) continue;
		if (type.name !== 'FIXED_LINE') return type.name;
		const mobile = plan.types.find((other) => other.name === 'MOBILE');
		return !mobile || matchesType(mobile, national) ? 'FIXED_LINE_OR_MOBILE' : 'FIXED_LINE';
	}
	return undefined;
}

function matchesType(type: { lengths?: readonly number[]; pattern: RegExp }, national: string): boolean {
	return (!type.lengths || type.lengths.includes(national.length)) && type.pattern.test(national);
}

/**
 * Whether a plan gives a national number a type at all (getNumberType's answer is not undefined), without
 * telling which: the first type that matches settles it, where typeIn would also try MOBILE after FIXED_LINE.
 */
function hasType(plan: CompiledPlan, national: string): boolean {
	if (!plan.types || !plan.general.test(national)) return false;
	for (const type of plan.types) if (matchesType(type, national)) return true;
	return false;
}

/** Whether a national number is valid in a country, as PhoneNumber.isValid says; undefined where it cannot say. */
export function isValidIn(country: string, national: string): boolean | undefined {
	const plan = compiledPlan(country);
	if (!plan) return undefined;
	return plan.types ? hasType(plan, national) : plan.general.test(national);
}

/**
 * The country libphonenumber-js assigns a national number under a calling code (getCountryByCallingCode:
 * the only country, else the first told apart by leading digits or by a number type): undefined where
 * none is, null where it cannot say (a calling code it does not know, or one without plans).
 */
function countryUnder(callingCode: string, national: string): string | undefined | null {
	const countries = callingCodes.get(callingCode);
	if (!countries) return null;
	if (countries.length === 1) return countries[0];
	for (const country of countries) {
		const plan = compiledPlan(country);
		if (!plan) return null;
		if (plan.leadingDigits ? plan.leadingDigits.test(national) : hasType(plan, national)) return country;
	}
	return undefined;
}

/**
 * Whether a national number under a calling code is valid in the country libphonenumber-js assigns
 * it, or in `fallback` where none is assigned. Undefined where it cannot say.
 */
function isValidUnder(callingCode: string, national: string, fallback: string): boolean | undefined {
	const country = countryUnder(callingCode, national);
	return country === null ? undefined : isValidIn(country ?? fallback, national);
}

/**
 * The country and type libphonenumber-js gives `+callingCode national` when it parses the canonical text:
 * the type in the assigned country, else in the calling code's main country (selectNumberingPlan by
 * calling code) or the non-geographic plan (+800, +882 …), with no country. Undefined where it cannot
 * say, or where the parse could read the national number otherwise (keepsNationalNumber).
 */
function detailsUnder(callingCode: string, national: string): PhoneDetails | undefined {
	if (nonGeographicCodes.has(callingCode)) {
		const plan = compiledPlan(callingCode);
		return plan && keepsNationalNumber(plan, national) ? { type: typeIn(plan, national) } : undefined;
	}
	const countries = callingCodes.get(callingCode);
	const main = mainPlan(callingCode);
	if (!countries || !main || !keepsNationalNumber(main, national)) return undefined;
	if (countries.length === 1) return { country: countries[0], type: typeIn(main, national) };
	// getCountryByNationalNumber: the first told apart by leading digits, or by having a type for the number.
	for (const country of countries) {
		const plan = compiledPlan(country);
		if (!plan) return undefined;
		if (plan.leadingDigits) {
			if (plan.leadingDigits.test(national)) return { country, type: typeIn(plan, national) };
		} else {
			const type = typeIn(plan, national);
			if (type) return { country, type };
		}
	}
	return { type: typeIn(main, national) };
}

/**
 * Whether libphonenumber-js, parsing `+CC national`, keeps the national number as it is: its main plan's
 * national prefix pattern matches nothing there (AR's matches the empty string), or what it matches is
 * kept because the number is valid only with it (RU's 8 in +7 800…). Where the match carries a carrier
 * code or a rewrite, it cannot say here (false).
 */
function keepsNationalNumber(plan: CompiledPlan, national: string): boolean {
	const prefix = plan.nationalPrefix?.exec(national);
	if (!prefix || prefix[0] === '') return true;
	const groups = prefix.length - 1;
	if (groups > 0 && prefix[groups]) return false;
	return plan.general.test(national) && !plan.general.test(national.slice(prefix[0].length));
}

/**
 * libphonenumber-js's getType() of a valid canonical number (`+CC NSN`), from patterns compiled once:
 * `parsePhoneNumberWithError(canonical).getType()` without the parse, the Metadata object and the RegExp
 * per pattern it builds on every call. Judged in the country libphonenumber-js assigns (+44 7911… is GG's
 * MOBILE), in getNumberType's order. test/unit/numberType.test.ts holds it to getType on every country's
 * example number of every type and on random valid numbers. bench/numberTypeCost.mjs, on 2026-12-04 (two
 * shared cores, busy): 0.2 µs for the median number alone, 1.7 µs for the slowest, 1.6-2.2 µs a number
 * over all 1122 examples in turn; libphonenumber-js's parse and getType take 15-27 µs (getType alone
 * 2-16 µs beyond the parse).
 */
export function numberTypeOf(canonical: string): NumberType | undefined {
	return phoneDetails(canonical).type;
}

/**
 * Splits international digits into a valid calling code and national number, or undefined.
 * Calling codes are prefix-free, so the digits split one way.
 */
/** The length of the calling code international digits start with (calling codes are prefix-free), or 0. */
function callingCodeLength(digits: string): number {
	return callingCodes.has(digits.slice(0, 1)) ? 1 : callingCodes.has(digits.slice(0, 2)) ? 2 : callingCodes.has(digits.slice(0, 3)) ? 3 : 0;
}

function validInternational(digits: string): { callingCode: string; national: string } | undefined {
	const length = callingCodeLength(digits);
	if (!length) return undefined;
	const callingCode = digits.slice(0, length);
	const national = digits.slice(length);
	if (national.length < 2 || mainPlan(callingCode)?.nationalPrefix?.test(national)) return undefined;
	// Without a country, libphonenumber-js falls back to the calling code's main country (listed first).
	return isValidUnder(callingCode, national, callingCodes.get(callingCode)![0]) ? { callingCode, national } : undefined;
}

/**
 * A number written nationally (`020 7946 0958`, `(425) 555-0100`) in a region, read as
 * libphonenumber-js reads it: the national prefix is dropped unless that leaves a number the plan
 * cannot hold, and a leading calling code without `+` is not taken for one while the number is
 * valid as written. Settles only a valid number; undefined for the full parse otherwise (carrier
 * codes and prefix rewrites included).
 */
function validNational(digits: string, region: string): { callingCode: string; national: string } | undefined {
	const plan = compiledPlan(region);
	if (!plan) return undefined;
	const { callingCode } = plan;
	let national = digits;
	const prefix = plan.nationalPrefix?.exec(digits);
	if (prefix) {
		const groups = prefix.length - 1;
		if (groups > 0 && prefix[groups]) return undefined;
		const stripped = digits.slice(prefix[0].length);
		if (stripped !== digits && !(plan.general.test(digits) && !plan.general.test(stripped))) {
			if (!isValidUnder(callingCode, stripped, region)) return undefined;
			national = stripped;
		}
	}
	if (national.length < 2 || national.length > 17) return undefined;
	if (digits.startsWith(callingCode) && (!plan.general.test(national) || national.length > plan.maxLength)) return undefined;
	return isValidUnder(callingCode, national, region) ? { callingCode, national } : undefined;
}

/**
 * The fast path for the bulk of an export: a number written with digits and separators only,
 * after `+` or an international dialling prefix (`00`, or the region's, e.g. `011`), or nationally
 * in the row's region, with or without a common extension suffix. It is still validated. Whatever
 * it cannot settle exactly as the full parse would (a trunk prefix after the calling code, an
 * invalid number, unusual writing) goes to judgeFully; test/unit/phoneRule.test.ts checks the two
 * agree.
 */
export function judgeQuickly(value: string, region: string | undefined): PhoneVerdict | undefined {
	// libphonenumber-js rejects longer input (TOO_LONG) and a region it does not know (INVALID_COUNTRY) first.
	if (value.length > maxInputLength || (region !== undefined && !compiledPlan(region))) return undefined;
	const canonical = canonicalShape.exec(value);
	if (canonical) {
		const digits = canonical[1] + canonical[2];
		const number = validInternational(digits);
		if (!number) return invalidInternational(digits);
		return number.callingCode === canonical[1] ? { canonical: value } : undefined;
	}
	if (!anyDigit.test(value)) return noDigits(value, region);
	if (extensionOnly.test(value)) return region === undefined || compiledPlan(region) ? invalid('NOT_A_NUMBER', region) : undefined;
	let main = value;
	let extension: string | undefined;
	const suffix = extensionSuffix.exec(value);
	if (suffix) [, main, extension] = suffix;
	if (!plainNumberShape.test(main) || main.includes('(0)')) return undefined;
	let digits = main.replace(/\D/g, '');
	if (!main.startsWith('+')) {
		// Without a region, 00 is read as + only where the text starts with it (judgeFully's reading).
		const idd = region ? iddLength(digits, region) : main.startsWith('00') ? 2 : 0;
		if (!idd) {
			// Written nationally: read in the row's region, if it has one.
			const number = region ? validNational(digits, region) : undefined;
			if (!number) return region && extension === undefined ? shortNational(digits, region) : undefined;
			const written = `+${number.callingCode} ${number.national}`;
			if (extension !== undefined) return { code: DiagnosticCodes.phoneExtension, canonical: written, region, extension };
			return { code: DiagnosticCodes.phoneMissingCountryCode, canonical: written, region };
		}
		digits = digits.slice(idd);
	}
	const number = validInternational(digits);
	if (!number) return main.startsWith('+') && extension === undefined ? invalidInternational(digits) : undefined;
	const written = `+${number.callingCode} ${number.national}`;
	if (extension !== undefined) return { code: DiagnosticCodes.phoneExtension, canonical: written, extension };
	return { code: DiagnosticCodes.phoneFormat, canonical: written };
}

/**
 * Why a `+` number that is not valid is invalid, where the text alone says so: no country has its
 * calling code (`+999 …`), or its national number is shorter than any the calling code's main
 * country allows (`+1 7022`, as validatePhoneNumberLength measures it). Undefined otherwise.
 */
function invalidInternational(digits: string): PhoneVerdict | undefined {
	if (digits.length < 4) return undefined;
	const length = callingCodeLength(digits);
	if (length === 0) return nonGeographicCodes.has(digits.slice(0, 3)) ? undefined : invalid('INVALID_COUNTRY');
	const callingCode = digits.slice(0, length);
	const national = digits.slice(length);
	const plan = mainPlan(callingCode);
	if (!plan || national.length < 2 || plan.nationalPrefix?.test(national)) return undefined;
	return national.length < plan.minLength ? invalid('TOO_SHORT') : undefined;
}

/** An extension with no number (`ext=916`, `x123`): what is left of `…;ext=916` split as a csvde multi-value. */
const extensionOnly = /^(?:ext\.?|extension|x)\s*[=:]?\s*\d{1,7}$/i;

/**
 * A national number shorter than any the region's calling code allows (`555-01` in US): TOO_SHORT,
 * as validatePhoneNumberLength measures it against the calling code's main country, where no
 * national prefix or calling code at its start could make the full parse read it otherwise.
 */
function shortNational(digits: string, region: string): PhoneVerdict | undefined {
	// Fewer digits may not make a number at all (NOT_A_NUMBER rather than TOO_SHORT): left to the full parse.
	if (digits.length < 4) return undefined;
	const plan = compiledPlan(region);
	if (!plan || plan.nationalPrefix?.test(digits) || digits.startsWith(plan.callingCode)) return undefined;
	const main = mainPlan(plan.callingCode);
	return main && digits.length < Math.min(main.minLength, plan.minLength) ? invalid('TOO_SHORT', region) : undefined;
}

/** The longest input libphonenumber-js reads (its MAX_INPUT_STRING_LENGTH); longer is TOO_LONG. */
const maxInputLength = 250;

/** A digit as libphonenumber-js counts digits (ASCII, full-width, Arabic-Indic, Persian). */
const anyDigit = /[0-9\uFF10-\uFF19\u0660-\u0669\u06F0-\u06F9]/;

/** `n/a`, `TBD`, `none`: no number at all, as the full parse says, without running it. */
function noDigits(value: string, region: string | undefined): PhoneVerdict | undefined {
	const text = value.trim();
	if (text === collectionPlaceholder) return invalid('COLLECTION_PLACEHOLDER');
	if (text === '') return invalid('NOT_A_NUMBER');
	const readRegion = text.startsWith('+') ? undefined : region;
	// An unknown region makes the full parse fail on the region first.
	if (readRegion !== undefined && !compiledPlan(readRegion)) return undefined;
	return invalid('NOT_A_NUMBER', readRegion);
}

export interface PhoneDetails {
	/** ISO 3166 alpha-2 region of the number (GG for +44 7911…: the calling code is still 44). */
	country?: string;
	/** FIXED_LINE, MOBILE, FIXED_LINE_OR_MOBILE … where the metadata knows it. */
	type?: NumberType;
}

/** What a valid canonical number is (its country, as the parse gives it, and its type), for hovers and numberTypeOf. */
export function phoneDetails(canonical: string): PhoneDetails {
	const shape = canonicalShape.exec(canonical);
	const details = shape ? detailsUnder(shape[1], shape[2]) : undefined;
	if (!details) return slowDetails(canonical);
	if (details.type === undefined) delete details.type;
	if (details.country === undefined) delete details.country;
	return details;
}

/** phoneDetails by libphonenumber-js's own parse, for the rare numbers detailsUnder leaves to it. */
function slowDetails(canonical: string): PhoneDetails {
	try {
		const number = parsePhoneNumberWithError(canonical);
		return { country: number.country, type: number.getType() };
	} catch {
		return {};
	}
}

/**
 * The full parse: every path of the rule, with the reason for an invalid value. The value is read as
 * readableText writes it; a value that is not a number but a label and a number (labelledNumber) is
 * judged by its number, and is phone.format, since the fix drops the label (phone.extension where the
 * number has an extension, phone.missing-country-code where no region is known to read it in).
 */
export function judgeFully(value: string, region: string | undefined): PhoneVerdict {
	const text = value.trim();
	if (text === collectionPlaceholder) return invalid('COLLECTION_PLACEHOLDER');
	if (text === '') return invalid('NOT_A_NUMBER');
	const verdict = judgeWritten(readableText(text), region);
	if (verdict.reason === 'NOT_A_NUMBER') {
		const labelled = labelledNumber(text);
		if (!labelled) return verdict;
		const number = judgeWritten(readableText(labelled.number), region);
		if (number.code === DiagnosticCodes.phoneInvalid) return verdict;
		// The fix drops the label: phone.format (issue #11), unless the number has an extension, which SSPR
		// drops too, or no region to read it in (then there is no fix to offer).
		const code = number.code === DiagnosticCodes.phoneExtension || !number.canonical ? number.code : DiagnosticCodes.phoneFormat;
		return { ...number, code: code ?? DiagnosticCodes.phoneFormat, label: labelled.label };
	}
	if (verdict.canonical && !verdict.code && value !== verdict.canonical) verdict.code = DiagnosticCodes.phoneFormat;
	return verdict;
}

/** The digits libphonenumber-js reads besides ASCII: fullwidth, Arabic-Indic and Eastern Arabic-Indic. */
const otherDigits = /[\uFF10-\uFF19\u0660-\u0669\u06F0-\u06F9]/g;

function asciiDigit(digit: string): string {
	const code = digit.charCodeAt(0);
	return String.fromCharCode(0x30 + code - (code >= 0xFF10 ? 0xFF10 : code >= 0x06F0 ? 0x06F0 : 0x0660));
}

/**
 * A value as the rule reads it: the fullwidth plus (U+FF0B, as Japanese and Chinese exports write it) as
 * `+`, the digits libphonenumber-js knows as ASCII digits, and every Unicode space (thin, narrow no-break,
 * ideographic …) as a space. libphonenumber-js accepts a fullwidth plus but then drops it, reading
 * `＋49 151 23456789` as the national number 4915123456789; Google's libphonenumber reads it as a plus.
 * Its own digit test (`\d`) sees ASCII digits only, so the prefixes are told on the rewritten text.
 */
function readableText(text: string): string {
	return text.replace(/\uFF0B/g, '+').replace(otherDigits, asciiDigit).replace(/\p{Zs}/gu, ' ');
}

/**
 * A label and a number. The label is one word (letters in any script, with `.`, `'`, `&`, `/` or `-`
 * inside) ended by a colon, a space or its own full stop, or several words ended by a colon; then comes
 * text that opens as a number does (a plus, a digit or an opening bracket): `tel:+1-425-555-0121`,
 * `Office: (312) 555-0122`, `Mob.07911 123456`, `Office phone: …`, `電話：03-1234-5678`. Words before a
 * number without a colon are a sentence, not a label (`call Bob 425-555-0123`); an extension label
 * (`ext 12`, `x5`) needs a number before it.
 */
function labelledNumber(text: string): { label: string; number: string } | undefined {
	const match = labelShape.exec(text);
	if (!match) return undefined;
	const [, words, separator, number] = match;
	if (words.includes(' ') && !/[:\uFF1A]/.test(separator)) return undefined;
	if (extensionLabel.test(words)) return undefined;
	return { label: `${words}${separator}`.trim(), number };
}

const labelWord = "\\p{L}[\\p{L}\\p{M}'\\u2019&/.\\-]*";
const labelShape = new RegExp(`^(${labelWord}(?: ${labelWord})*?)(\\s*[:\\uFF1A]\\s*|\\s+|(?<=\\.))([+\\uFF0B(\\uFF08\\uFF3B0-9\\uFF10-\\uFF19\\u0660-\\u0669\\u06F0-\\u06F9].*)$`, 'su');
/** The extension labels libphonenumber-js knows (its createExtensionPattern), alone. */
const extensionLabel = /^(?:e?xt(?:ensi(?:o\u0301?|\u00F3))?n?|\uFF45?\uFF58\uFF54\uFF4E?|\u0434\u043E\u0431|anexo|[x\uFF58]|int|\uFF49\uFF4E\uFF54)\.?$/i;

/** The rule on a value as readableText writes it, but for phone.format, which needs the value as written. */
function judgeWritten(text: string, region: string | undefined): PhoneVerdict {
	const plus = text.startsWith('+');
	let international = plus;
	let parseText = text;
	if (!plus && region && iddLength(text.replace(/\D/g, ''), region)) {
		international = true;
	} else if (!plus && !region && /^\D*00/.test(text)) {
		// Without a region, read 00 (written together), the international prefix of most of the world, as "+".
		international = true;
		parseText = text.replace(/^(\D*)00/, '$1+');
	}
	const readRegion = international && plus ? undefined : region;

	let number: PhoneNumber;
	// libphonenumber-js reports an unparseable value by throwing; the stack is never used, and
	// capturing it costs more than the parse (exports are full of "n/a" and "TBD").
	const stackTraceLimit = Error.stackTraceLimit;
	Error.stackTraceLimit = 0;
	try {
		number = parsePhoneNumberWithError(parseText, { defaultCountry: readRegion as never, extract: false });
	} catch (error) {
		const reason = (error as Error).message as InvalidReason;
		if (reason === 'INVALID_COUNTRY' && !international && !region) {
			return { code: DiagnosticCodes.phoneMissingCountryCode };
		}
		return invalid(reason === 'INVALID_COUNTRY' || reason === 'TOO_SHORT' || reason === 'TOO_LONG' ? reason : 'NOT_A_NUMBER', readRegion);
	} finally {
		Error.stackTraceLimit = stackTraceLimit;
	}
	if (!number.isValid()) return invalid(invalidReason(parseText, readRegion), readRegion);

	const verdict: PhoneVerdict = {
		canonical: canonicalOf(number),
		region: international ? undefined : region,
		extension: number.ext,
	};
	if (number.ext) verdict.code = DiagnosticCodes.phoneExtension;
	else if (!international) verdict.code = DiagnosticCodes.phoneMissingCountryCode;
	return verdict;
}

/**
 * judgePhone with the full parse behind a bounded cache keyed by region and value: exports repeat
 * values (shared office numbers, an edit that re-lints a piece), and a verdict never changes. The
 * fast path is not cached: on an export of mostly unique numbers it is cheaper than a lookup.
 */
export function createPhoneJudge(capacity = 50_000): (value: string, region: string | undefined) => PhoneVerdict {
	const cache = new Map<string, PhoneVerdict>();
	return (value, region) => {
		const quick = judgeQuickly(value, region);
		if (quick) return quick;
		// The key is a copy: a value read from a document can be a slice of the whole text, which a
		// cached slice would keep alive (found on a 1M-user LDIF export).
		const key = `${region ?? ''}\u0000${value}`;
		let verdict = cache.get(key);
		if (!verdict) {
			verdict = judgeFully(value, region);
			if (cache.size >= capacity) cache.clear();
			cache.set(key, verdict);
		}
		return verdict;
	};
}
