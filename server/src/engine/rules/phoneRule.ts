/**
 * The SSPR phone rule: a number must be written `+<country calling code> <national number>`
 * with one space and no extension (`+1 4255551234`). Everything about judging one phone value
 * lives here; the linter only decides which values to judge and how severe a finding is.
 */
import { parsePhoneNumberWithError, validatePhoneNumberLength, PhoneNumber } from 'libphonenumber-js/max';
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
	/** Undefined where the metadata has no types: the general pattern decides alone. */
	types?: { lengths?: readonly number[]; pattern: RegExp }[];
	/** National (trunk) prefix for parsing, anchored (0 in GB, 1 in US), or undefined. */
	nationalPrefix?: RegExp;
	/** Set where a country sharing a calling code is told apart by leading digits. */
	leadingDigits?: RegExp;
}

/** FIXED_LINE, MOBILE and the other types isValid tries (getNumberType's order does not matter for validity). */
const numberTypes = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];
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

/** The compiled plan of a country, or null where libphonenumber-js has none (the non-geographic 001). */
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
						if (type?.pattern()) plan.types.push({ lengths: type.possibleLengths(), pattern: entirely(type.pattern()) });
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

/** Whether a national number is valid in a country, as PhoneNumber.isValid says; undefined where it cannot say. */
export function isValidIn(country: string, national: string): boolean | undefined {
	const plan = compiledPlan(country);
	if (!plan) return undefined;
	if (!plan.general.test(national)) return false;
	if (!plan.types) return true;
	for (const type of plan.types) {
		if ((!type.lengths || type.lengths.includes(national.length)) && type.pattern.test(national)) return true;
	}
	return false;
}

/**
 * Whether a national number under a calling code is valid in the country libphonenumber-js assigns
 * it (getCountryByCallingCode: the only country, else the first told apart by leading digits or by
 * a number type), or in `fallback` where none is assigned. Undefined where it cannot say.
 */
function isValidUnder(callingCode: string, national: string, fallback: string): boolean | undefined {
	const countries = callingCodes.get(callingCode);
	if (!countries) return undefined;
	let country = countries.length === 1 ? countries[0] : undefined;
	for (let i = 0; country === undefined && i < countries.length; i++) {
		const plan = compiledPlan(countries[i]);
		if (!plan) return undefined;
		if (plan.leadingDigits ? plan.leadingDigits.test(national) : plan.types !== undefined && isValidIn(countries[i], national)) country = countries[i];
	}
	return isValidIn(country ?? fallback, national);
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
		const idd = region ? iddPattern(region).exec(digits) : main.startsWith('00') ? /^00/.exec(digits) : null;
		if (!idd) {
			// Written nationally: read in the row's region, if it has one.
			const number = region ? validNational(digits, region) : undefined;
			if (!number) return region && extension === undefined ? shortNational(digits, region) : undefined;
			const written = `+${number.callingCode} ${number.national}`;
			if (extension !== undefined) return { code: DiagnosticCodes.phoneExtension, canonical: written, region, extension };
			return { code: DiagnosticCodes.phoneMissingCountryCode, canonical: written, region };
		}
		digits = digits.slice(idd[0].length);
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
	type?: string;
}

/** What a valid number is, for hovers; never on the linting path. */
export function phoneDetails(canonical: string): PhoneDetails {
	try {
		const number = parsePhoneNumberWithError(canonical);
		return { country: number.country, type: number.getType() };
	} catch {
		return {};
	}
}

/** The full parse: every path of the rule, with the reason for an invalid value. */
export function judgeFully(value: string, region: string | undefined): PhoneVerdict {
	const text = value.trim();
	if (text === collectionPlaceholder) return invalid('COLLECTION_PLACEHOLDER');
	if (text === '') return invalid('NOT_A_NUMBER');

	const plus = text.startsWith('+');
	const digits = plus ? '' : text.replace(/[^\d]/g, '');
	let international = plus;
	let parseText = text;
	if (!plus && region && iddPattern(region).test(digits)) {
		international = true;
	} else if (!plus && !region && digits.startsWith('00')) {
		// Without a region, read 00, the international prefix of most of the world, as "+".
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
	else if (value !== verdict.canonical) verdict.code = DiagnosticCodes.phoneFormat;
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
