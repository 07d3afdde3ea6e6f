/**
 * The SSPR phone rule: a number must be written `+<country calling code> <national number>`
 * with one space and no extension (`+1 4255551234`). Everything about judging one phone value
 * lives here; the linter only decides which values to judge and how severe a finding is.
 */
import { parsePhoneNumberWithError, validatePhoneNumberLength, PhoneNumber } from 'libphonenumber-js/max';
import { E164Number, Metadata, MetadataJson, PhoneNumber as CorePhoneNumber } from 'libphonenumber-js/core';
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

/** The region's international dialling prefix (00, 011, 0011 …) as an anchored pattern. */
function iddPattern(region: string): RegExp {
	let pattern = iddPatterns.get(region);
	if (!pattern) {
		metadataIndex.selectNumberingPlan(region as never);
		pattern = new RegExp(`^(?:${metadataIndex.numberingPlan?.IDDPrefix() ?? '00'})`);
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
	return judgeCanonical(value) ?? judgeFully(value, region);
}

/** `+<calling code> <digits>`: the shape of a value that may already be right. */
const canonicalShape = /^\+([1-9]\d{0,2}) (\d{2,17})$/;

/**
 * The fast path for a value already written in the SSPR form, a large share of any export: it
 * is still validated, but without the full parse. Anything it cannot confirm goes to judgeFully,
 * which also says why a value is wrong (test/unit/phoneRule.test.ts checks both paths agree).
 */
export function judgeCanonical(value: string): PhoneVerdict | undefined {
	const match = canonicalShape.exec(value);
	if (!match) return undefined;
	let number: CorePhoneNumber;
	try {
		number = new CorePhoneNumber(`+${match[1]}${match[2]}` as E164Number, metadataJson);
	} catch {
		return undefined; // an unknown calling code or too few digits: judgeFully says which
	}
	if (number.countryCallingCode !== match[1] || number.nationalNumber !== match[2] || !number.isValid()) return undefined;
	return { canonical: value };
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
	try {
		number = parsePhoneNumberWithError(parseText, { defaultCountry: readRegion as never, extract: false });
	} catch (error) {
		const reason = (error as Error).message as InvalidReason;
		if (reason === 'INVALID_COUNTRY' && !international && !region) {
			return { code: DiagnosticCodes.phoneMissingCountryCode };
		}
		return invalid(reason === 'INVALID_COUNTRY' || reason === 'TOO_SHORT' || reason === 'TOO_LONG' ? reason : 'NOT_A_NUMBER', readRegion);
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
 * judgePhone behind a bounded cache keyed by region and value: exports repeat values (shared
 * office numbers, a fix-all that re-lints), and a verdict never changes.
 */
export function createPhoneJudge(capacity = 200_000): (value: string, region: string | undefined) => PhoneVerdict {
	const cache = new Map<string, PhoneVerdict>();
	return (value, region) => {
		const key = region ? `${region}\u0000${value}` : value;
		let verdict = cache.get(key);
		if (!verdict) {
			verdict = judgePhone(value, region);
			if (cache.size >= capacity) cache.clear();
			cache.set(key, verdict);
		}
		return verdict;
	};
}
