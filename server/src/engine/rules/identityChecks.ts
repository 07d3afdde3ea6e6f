/**
 * The identity checks: whether a value of an identity attribute (userPrincipalName, mail,
 * proxyAddresses, mailNickname, sAMAccountName, displayName, givenName, targetAddress, otherMails)
 * will sync to Microsoft Entra ID, and which keys a value takes part in when values are compared
 * across objects. The rules are IdFix's Multi-Tenant rules where they are right, with the
 * differences listed in docs/rules/sync.*.md ("Differences from IdFix").
 *
 * Pure functions: no l10n (identityMessages.ts words the problems), no I/O, nothing kept between
 * calls but one remembered top-level domain. They run on every value of a million-user export, so a
 * valid value is judged in one pass over its characters with a lookup table, and allocates nothing
 * but the top-level domain it looks up (skipped when it is the same as the last one).
 *
 * What one value can get (`judgeIdentityValue`), in this order:
 * 1. sync.format: an address without one `@` and text on both sides of it, a proxy address
 *    without its `type:` prefix. When the form is broken, local part, domain and top-level domain
 *    are not judged (they cannot be told apart). The type name Windows PowerShell writes for a
 *    multi-valued property exported without -join is that alone: the export lost the values.
 * 2. sync.character: blank characters, characters the attribute does not allow, letters outside
 *    ASCII, control or invisible characters, extra colons and a repeated prefix in a proxy address,
 *    misplaced periods in mailNickname, spaces at the edges of displayName.
 * 3. sync.local-part, 4. sync.domain-part, 5. sync.top-level-domain: the parts of an address, each
 *    judged only for what the character check did not already report.
 * 6. sync.length: over the attribute's limit (for a UPN: the part before or after the `@`).
 * At most one problem per reason: every offending character of one kind is in one problem.
 * A value rarely gets more than two, and never more than one per reason.
 *
 * A fix is the whole new value, computed from the value as it is, for its own problem only (apply
 * one, judge again, and the next problem's fix follows). It is offered only when it is safe and
 * unique (removing what Entra does not allow, dropping an extra colon or period, trimming spaces,
 * shortening free text) and does not break the value's form; never for a letter outside ASCII, a
 * domain, the length of an identifier or a duplicate, where any fix would be a guess.
 */
import tlds from 'tlds/index.json';

export type IdentityCode =
	| 'sync.blank'
	| 'sync.duplicate'
	| 'sync.character'
	| 'sync.format'
	| 'sync.length'
	| 'sync.top-level-domain'
	| 'sync.domain-part'
	| 'sync.local-part'
	| 'sync.excluded';

/** Why a value has a problem: stable ids, for wording and tests. */
export type IdentityReason =
	// sync.format
	| 'no-at'
	| 'several-at'
	| 'no-local-part'
	| 'no-domain'
	| 'no-prefix'
	| 'collection-placeholder'
	// sync.character
	| 'space'
	| 'character'
	| 'non-ascii'
	| 'control-character'
	| 'line-break'
	| 'second-colon'
	| 'repeated-prefix'
	| 'alias-periods'
	| 'edge-spaces'
	// sync.local-part
	| 'local-dots'
	| 'local-character'
	// sync.domain-part
	| 'domain-dots'
	| 'domain-label'
	| 'domain-character'
	// sync.top-level-domain
	| 'tld-missing'
	| 'tld-unknown'
	| 'tld-non-routable'
	// sync.length
	| 'too-long'
	| 'upn-local-too-long'
	| 'upn-domain-too-long'
	// sync.blank (judgeIdentityEntry)
	| 'blank';

/** The code of each reason, in the order problems of one value are listed. */
export const reasonCodes: Readonly<Record<IdentityReason, IdentityCode>> = {
	'no-at': 'sync.format',
	'several-at': 'sync.format',
	'no-local-part': 'sync.format',
	'no-domain': 'sync.format',
	'no-prefix': 'sync.format',
	'collection-placeholder': 'sync.format',
	'space': 'sync.character',
	'character': 'sync.character',
	'non-ascii': 'sync.character',
	'control-character': 'sync.character',
	'line-break': 'sync.character',
	'second-colon': 'sync.character',
	'repeated-prefix': 'sync.character',
	'alias-periods': 'sync.character',
	'edge-spaces': 'sync.character',
	'local-dots': 'sync.local-part',
	'local-character': 'sync.local-part',
	'domain-dots': 'sync.domain-part',
	'domain-label': 'sync.domain-part',
	'domain-character': 'sync.domain-part',
	'tld-missing': 'sync.top-level-domain',
	'tld-unknown': 'sync.top-level-domain',
	'tld-non-routable': 'sync.top-level-domain',
	'too-long': 'sync.length',
	'upn-local-too-long': 'sync.length',
	'upn-domain-too-long': 'sync.length',
	'blank': 'sync.blank',
};

const reasonOrder = new Map(Object.keys(reasonCodes).map((reason, index) => [reason, index]));

export interface IdentityProblem {
	code: IdentityCode;
	reason: IdentityReason;
	/** Where in the value's text the fault is (offsets into the value string), when it is one place. */
	at?: { start: number; end: number };
	/**
	 * Message arguments, by reason:
	 * - character, non-ascii, control-character, local-character, domain-character: the offending
	 *   characters, each quoted (`"%", "&"`) or as U+XXXX when invisible, at most six then `…`;
	 * - repeated-prefix: the repeated prefix with its colon (`smtp:`);
	 * - domain-label: the label; tld-missing: the domain; tld-unknown: the top-level domain;
	 *   tld-non-routable: the suffix (`local`, `home.arpa`);
	 * - too-long, upn-local-too-long, upn-domain-too-long: the length and the limit;
	 * - every other reason: none.
	 */
	args: string[];
	/** The whole new value, when a fix is safe and unique. */
	fix?: string;
}

/** An entry-level problem (sync.blank): the attribute it is about, and the value when there is one. */
export interface IdentityEntryProblem extends IdentityProblem {
	/** The catalogue's LDAP name (`displayName`). */
	attribute: string;
	/** The index of the blank value among the attribute's values, when the value exists. */
	valueIndex?: number;
}

/**
 * What kind of object an entry is, from its objectClass values (the most specific class counts:
 * a computer is also a user). Exports without objectClass (Get-ADUser) are users.
 */
export type ObjectKind = 'user' | 'contact' | 'group' | 'computer' | 'other';

/** The limits dirlint checks (Microsoft's "Prepare for directory synchronization to Microsoft 365"). */
export const identityLimits = {
	userPrincipalName: 113,
	upnLocalPart: 64,
	upnDomain: 48,
	mail: 256,
	otherMails: 256,
	proxyAddresses: 256,
	targetAddress: 256,
	mailNickname: 64,
	sAMAccountNameUser: 20,
	sAMAccountNameOther: 256,
	displayName: 256,
	givenName: 64,
} as const;

// ---- Characters ----------------------------------------------------------------------------

const ALLOWED = 0;
const SPACE = 1;
const CHARACTER = 2;
const CONTROL = 3;
const NON_ASCII = 4;
/** Tab, line feed, vertical tab, form feed, carriage return in free text: a space, written on two lines. */
const LINE_BREAK = 5;

type CharClass = typeof ALLOWED | typeof SPACE | typeof CHARACTER | typeof CONTROL | typeof NON_ASCII | typeof LINE_BREAK;

const classReason: readonly (IdentityReason | undefined)[] = [undefined, 'space', 'character', 'control-character', 'non-ascii', 'line-break'];

/** How an attribute's characters are judged: a class per ASCII code, and what becomes of the rest. */
interface CharTable {
	ascii: Uint8Array;
	/** Blank characters beyond ASCII (no-break space, ideographic space …). */
	unicodeSpace: CharClass;
	/** Every other character beyond ASCII that is neither a control nor invisible. */
	nonAscii: CharClass;
}

/**
 * Builds a table. `flagged` are printable ASCII characters reported as `character`; with
 * `allowedOnly`, every printable ASCII character not in it is. `spaces`: how the ASCII blanks
 * (tab, line feed, vertical tab, form feed, carriage return, space) are judged; `space` alone
 * may be allowed (`spaceAllowed`) while the others are controls.
 */
function charTable(options: { flagged?: string; allowedOnly?: string; spaces: CharClass; spaceAllowed?: boolean; nonAscii: CharClass }): CharTable {
	const ascii = new Uint8Array(128);
	for (let code = 0; code < 128; code++) {
		if (code < 32 || code === 127) ascii[code] = CONTROL;
		else if (options.allowedOnly !== undefined && code !== 32 && !options.allowedOnly.includes(String.fromCharCode(code))) ascii[code] = CHARACTER;
	}
	for (const ch of options.flagged ?? '') ascii[ch.charCodeAt(0)] = CHARACTER;
	for (const code of [9, 10, 11, 12, 13, 32]) ascii[code] = options.spaces;
	if (options.spaceAllowed) ascii[32] = ALLOWED;
	return { ascii, unicodeSpace: options.spaceAllowed ? ALLOWED : options.spaces, nonAscii: options.nonAscii };
}

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * userPrincipalName: "Characters allowed: A – Z, a - z, 0 – 9, ' . - _ ! # ^ ~" and the one `@`.
 * Everything else is reported, `$` and `` ` `` included (IdFix lets those through and flags `'`).
 */
const upnChars = charTable({ allowedOnly: `${letters}'.-_!#^~@`, spaces: SPACE, nonAscii: NON_ASCII });
/** mail, otherMails and SMTP proxy addresses: "Invalid characters: < > ( ) ; , [ ] "" and spaces. */
const mailChars = charTable({ flagged: '<>();,[]"', spaces: SPACE, nonAscii: NON_ASCII });
/** SMTP targetAddress: the proxy characters and `\`. */
const targetSmtpChars = charTable({ flagged: '\\<>();,[]"', spaces: SPACE, nonAscii: NON_ASCII });
/** X.400 and X.500 addresses: spaces, `(`, `)` and `'` belong in them; brackets and quotes do not. */
const x500Chars = charTable({ flagged: '[]"', spaces: CONTROL, spaceAllowed: true, nonAscii: ALLOWED });
/** Other proxy address types (SIP, EUM, …): `;` separates their parts. */
const otherProxyChars = charTable({ flagged: '<>(),[]"', spaces: SPACE, nonAscii: ALLOWED });
/** Other targetAddress types. */
const otherTargetChars = charTable({ flagged: '\\<>(),[]"', spaces: SPACE, nonAscii: ALLOWED });
/** mailNickname (the Exchange alias): letters, digits and ! # $ % & ' * + - / = ? ^ _ ` { | } ~ and periods. */
const aliasChars = charTable({ allowedOnly: `${letters}!#$%&'*+-/=?^_\`{|}~.`, spaces: SPACE, nonAscii: NON_ASCII });
/** sAMAccountName: Active Directory refuses " / \ [ ] : ; | = , + * ? < > in it. */
const samChars = charTable({ flagged: '"/\\[]:;|=,+*?<>', spaces: CONTROL, spaceAllowed: true, nonAscii: ALLOWED });
/**
 * displayName and givenName: free text; only control and invisible characters are reported, and
 * line breaks and tabs, which stand between words: their fix is a space, not nothing.
 */
const textChars = charTable({ spaces: LINE_BREAK, spaceAllowed: true, nonAscii: ALLOWED });

/** Blank characters: .NET's \s, which IdFix uses (U+0085 and the Unicode space separators). */
function isUnicodeSpace(code: number): boolean {
	return code === 0x85 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a)
		|| code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000;
}

/** C1 controls and invisible format characters (zero-width, direction marks, the byte order mark). */
function isInvisible(code: number): boolean {
	return (code >= 0x80 && code <= 0x9f) || code === 0xad || (code >= 0x200b && code <= 0x200f)
		|| (code >= 0x202a && code <= 0x202e) || (code >= 0x2060 && code <= 0x2064) || code === 0xfeff;
}

/** The class of the character at `index` in a table (a surrogate pair counts as one character beyond ASCII). */
function classAt(table: CharTable, value: string, index: number): number {
	const code = value.charCodeAt(index);
	if (code < 128) return table.ascii[code];
	if (isUnicodeSpace(code)) return table.unicodeSpace;
	if (isInvisible(code)) return CONTROL;
	if (code >= 0xd800 && code <= 0xdfff) {
		const next = value.charCodeAt(index + 1);
		const pair = code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
		return pair ? table.nonAscii : CONTROL; // a lone surrogate cannot be written in UTF-8
	}
	return table.nonAscii;
}

/** How many code units the character at `index` takes: 2 for a surrogate pair, else 1. */
function unitsAt(value: string, index: number): number {
	const code = value.charCodeAt(index);
	if (code >= 0xd800 && code <= 0xdbff) {
		const next = value.charCodeAt(index + 1);
		if (next >= 0xdc00 && next <= 0xdfff) return 2;
	}
	return 1;
}

const LDH = new Uint8Array(128);
for (const ch of `${letters}-`) LDH[ch.charCodeAt(0)] = 1;
/** RFC 5322 atext: what a dot-atom local part may hold besides periods. */
const ATEXT = new Uint8Array(128);
for (const ch of `${letters}!#$%&'*+-/=?^_\`{|}~`) ATEXT[ch.charCodeAt(0)] = 1;

// ---- Top-level domains ---------------------------------------------------------------------

/** The IANA root zone, from the `tlds` package (Unicode forms for internationalized TLDs). */
const rootZone = new Set(tlds as string[]);

/**
 * Suffixes used inside private networks (RFC 2606, RFC 6761, RFC 6762, RFC 8375, ICANN's
 * .internal) and the ones directories commonly invented: none can be verified in Entra ID.
 */
const nonRoutable = new Set(['local', 'localhost', 'localdomain', 'lan', 'home', 'corp', 'internal', 'intranet', 'private', 'priv', 'test', 'example', 'invalid', 'onion', 'alt', 'domain']);

/** The last top-level domain found in the root zone, as written: most values of an export share it. */
let lastKnownTld = 'com';

/** Decodes a Punycode label (RFC 3492) without its `xn--`, or undefined when it is not valid. */
export function decodePunycode(input: string): string | undefined {
	if (input.length > 59) return undefined; // a DNS label has at most 63 characters, xn-- included
	const base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700;
	const delimiter = input.lastIndexOf('-');
	const output: number[] = [];
	for (let i = 0; i < Math.max(delimiter, 0); i++) {
		const code = input.charCodeAt(i);
		if (code >= 128) return undefined;
		output.push(code);
	}
	let n = 128, bias = 72, i = 0;
	for (let index = delimiter >= 0 ? delimiter + 1 : 0; index < input.length;) {
		const oldI = i;
		for (let w = 1, k = base; ; k += base) {
			if (index >= input.length) return undefined;
			const code = input.charCodeAt(index++);
			const digit = code >= 48 && code <= 57 ? code - 22 : code >= 65 && code <= 90 ? code - 65 : code >= 97 && code <= 122 ? code - 97 : base;
			if (digit >= base) return undefined;
			i += digit * w;
			const t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
			if (digit < t) break;
			w *= base - t;
			if (i > 0x10ffff * 64) return undefined;
		}
		const length = output.length + 1;
		let delta = oldI === 0 ? Math.floor((i - oldI) / damp) : (i - oldI) >> 1;
		delta += Math.floor(delta / length);
		let k = 0;
		while (delta > ((base - tMin) * tMax) >> 1) {
			delta = Math.floor(delta / (base - tMin));
			k += base;
		}
		bias = k + Math.floor(((base - tMin + 1) * delta) / (delta + skew));
		n += Math.floor(i / length);
		i %= length;
		if (n > 0x10ffff) return undefined;
		output.splice(i++, 0, n);
	}
	return String.fromCodePoint(...output);
}

/** How a top-level domain (letters, digits and hyphens only) fares: undefined when it is real. */
function tldProblem(value: string, start: number, end: number, domainStart: number): IdentityProblem | undefined {
	const length = end - start;
	if (length === lastKnownTld.length && value.startsWith(lastKnownTld, start)) return undefined;
	const written = value.slice(start, end);
	const tld = written.toLowerCase();
	// Two-label private suffixes: home.arpa (RFC 8375).
	const homeStart = start - 5;
	if (tld === 'arpa' && homeStart >= domainStart && (homeStart === domainStart || value.charCodeAt(homeStart - 1) === 46)
		&& value.slice(homeStart, start).toLowerCase() === 'home.') {
		return { code: 'sync.top-level-domain', reason: 'tld-non-routable', at: { start: start - 5, end }, args: ['home.arpa'] };
	}
	if (nonRoutable.has(tld)) return { code: 'sync.top-level-domain', reason: 'tld-non-routable', at: { start, end }, args: [tld] };
	const unicode = tld.startsWith('xn--') ? decodePunycode(tld.slice(4)) : tld;
	if (unicode !== undefined && rootZone.has(unicode)) {
		if (tld !== 'arpa') lastKnownTld = written; // arpa is private after home.: judged each time
		return undefined;
	}
	return { code: 'sync.top-level-domain', reason: 'tld-unknown', at: { start, end }, args: [written] };
}

// ---- Collecting problems -------------------------------------------------------------------

/** The offending places of one reason, collected as a value is scanned. */
class Places {
	first = -1;
	last = -1;
	count = 0;
	/** True while every place so far touches the one before it. */
	contiguous = true;
	readonly shown: string[] = [];
	private more = false;

	add(value: string, index: number, units: number): void {
		if (this.count > 0 && index !== this.last) this.contiguous = false;
		if (this.first < 0) this.first = index;
		this.last = index + units;
		this.count++;
		if (this.more) return;
		const label = charLabel(value.slice(index, index + units));
		if (this.shown.includes(label)) return;
		if (this.shown.length < 6) this.shown.push(label);
		else this.more = true;
	}

	at(): { start: number; end: number } | undefined {
		return this.contiguous && this.count > 0 ? { start: this.first, end: this.last } : undefined;
	}

	list(): string {
		return this.more ? `${this.shown.join(', ')}, …` : this.shown.join(', ');
	}
}

/** A character as messages show it: quoted, or U+XXXX when it cannot be seen. */
export function charLabel(text: string): string {
	const code = text.codePointAt(0) ?? 0;
	const invisible = code < 33 || code === 127 || isInvisible(code) || isUnicodeSpace(code) || (code >= 0xd800 && code <= 0xdfff);
	return invisible ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `"${text}"`;
}

/** The value without the characters of one class from `from` on: the fix of that class's problem. */
function removeClass(value: string, table: CharTable, cls: number, from = 0): string {
	let result = value.slice(0, from);
	// Line breaks separate words: a run of them becomes one space, none at the edges or beside a space.
	let spaceDue = false;
	for (let i = from; i < value.length;) {
		const units = unitsAt(value, i);
		if (classAt(table, value, i) !== cls) {
			const code = value.charCodeAt(i);
			if (spaceDue && result.length > 0 && !isBlank(result.charCodeAt(result.length - 1)) && !isBlank(code)) result += ' ';
			spaceDue = false;
			result += value.slice(i, i + units);
		} else if (cls === LINE_BREAK) spaceDue = true;
		i += units;
	}
	return result;
}

/** Scans [from, to) for the table's classes: one Places per class found, or undefined when clean. */
function scanCharacters(value: string, table: CharTable, from: number, to: number): Places[] | undefined {
	let found: Places[] | undefined;
	for (let i = from; i < to;) {
		const code = value.charCodeAt(i);
		if (code < 128 && table.ascii[code] === ALLOWED) {
			i++;
			continue;
		}
		const cls = classAt(table, value, i);
		const units = unitsAt(value, i);
		if (cls !== ALLOWED) {
			found ??= [];
			(found[cls] ??= new Places()).add(value, i, units);
		}
		i += units;
	}
	return found;
}

/** Removes the misplaced periods of [from, to): leading, trailing, and all but one of a run. */
function tidyPeriods(value: string, from: number, to: number): string {
	const part = value.slice(from, to).split('.').filter((piece) => piece !== '').join('.');
	return value.slice(0, from) + part + value.slice(to);
}

/** The misplaced periods of [from, to), or undefined when there are none. */
function misplacedPeriods(value: string, from: number, to: number): Places | undefined {
	let places: Places | undefined;
	for (let i = from; i < to; i++) {
		if (value.charCodeAt(i) !== 46) continue;
		const misplaced = i === from || i === to - 1 || value.charCodeAt(i - 1) === 46 || value.charCodeAt(i + 1) === 46;
		if (misplaced) (places ??= new Places()).add(value, i, 1);
	}
	return places;
}

/** Puts a value's problems in the documented order (reasonCodes' order). */
function sortProblems(problems: IdentityProblem[]): IdentityProblem[] {
	return problems.sort((a, b) => reasonOrder.get(a.reason)! - reasonOrder.get(b.reason)!);
}

const none: readonly IdentityProblem[] = Object.freeze([]);

// ---- Judging one value ---------------------------------------------------------------------

type Family = 'upn' | 'mail' | 'proxy' | 'target' | 'alias' | 'sam' | 'display' | 'given';

const families = new Map<string, Family>();
for (const [name, family] of [
	['userPrincipalName', 'upn'], ['mail', 'mail'], ['otherMails', 'mail'], ['proxyAddresses', 'proxy'],
	['targetAddress', 'target'], ['mailNickname', 'alias'], ['sAMAccountName', 'sam'], ['displayName', 'display'], ['givenName', 'given'],
] as const) {
	families.set(name, family);
	families.set(name.toLowerCase(), family);
}

/** The LDAP names (as the catalogue spells them) whose values judgeIdentityValue judges. */
export const identityAttributes: readonly string[] = ['userPrincipalName', 'mail', 'otherMails', 'proxyAddresses', 'targetAddress', 'mailNickname', 'sAMAccountName', 'displayName', 'givenName'];

interface Judging {
	value: string;
	problems: IdentityProblem[] | undefined;
	/** False while a fix is being checked: the new value is judged without fixes of its own. */
	withFixes: boolean;
	family: Family;
	kind: ObjectKind;
}

/** Records a problem; its fix only when fixes are wanted and the fix is safe. */
function add(judging: Judging, reason: IdentityReason, args: string[], at?: { start: number; end: number }, fix?: string): void {
	const problem: IdentityProblem = { code: reasonCodes[reason], reason, args };
	if (at) problem.at = at;
	if (fix !== undefined && judging.withFixes && safeFix(judging, fix)) problem.fix = fix;
	(judging.problems ??= []).push(problem);
}

/**
 * A fix is offered when it changes the value, leaves more than blanks, and does not break the
 * value's form: it brings no sync.format problem the value did not have (removing the only
 * characters before the `@` would). Problems of other kinds it leaves or brings have fixes of their
 * own, or are worded at the new value.
 */
function safeFix(judging: Judging, fix: string): boolean {
	if (fix === judging.value || fix.trim() === '') return false;
	const formBefore = new Set<IdentityReason>();
	for (const problem of judgeValue(judging.family, judging.value, judging.kind, false)) if (problem.code === 'sync.format') formBefore.add(problem.reason);
	return judgeValue(judging.family, fix, judging.kind, false).every((problem) => problem.code !== 'sync.format' || formBefore.has(problem.reason));
}

/** Reports the characters a table flags in [from, to), one problem per class; letters outside ASCII get no fix. */
function characterProblems(judging: Judging, table: CharTable, from: number, to: number): void {
	const found = scanCharacters(judging.value, table, from, to);
	if (!found) return;
	for (const cls of [SPACE, CHARACTER, NON_ASCII, CONTROL, LINE_BREAK]) {
		const places = found[cls];
		if (!places) continue;
		const reason = classReason[cls]!;
		const args = cls === SPACE || cls === LINE_BREAK ? [] : [places.list()];
		const fix = cls === NON_ASCII ? undefined : judging.withFixes ? removeClass(judging.value, table, cls, from) : undefined;
		add(judging, reason, args, places.at(), fix);
	}
}

/** True when the character check (or, in a proxy address, the colon check) already reported this character. */
function alreadyReported(table: CharTable, colonsReported: boolean, code: number): boolean {
	return code >= 128 || table.ascii[code] !== ALLOWED || (colonsReported && code === 58);
}

/**
 * Judges the address in [start, value.length): its form, local part, domain and top-level domain.
 * Characters the character check already reported are not reported again.
 */
function addressProblems(judging: Judging, start: number, table: CharTable, colonsReported: boolean): void {
	const value = judging.value;
	const end = value.length;
	let at = -1;
	let ats: Places | undefined;
	for (let i = value.indexOf('@', start); i >= 0; i = value.indexOf('@', i + 1)) {
		if (at < 0) at = i;
		else {
			ats ??= new Places();
			if (ats.count === 0) ats.add(value, at, 1);
			ats.add(value, i, 1);
		}
	}
	if (at < 0) {
		add(judging, 'no-at', []);
		return;
	}
	if (ats) {
		add(judging, 'several-at', [], ats.at());
		return;
	}
	if (at === start) {
		add(judging, 'no-local-part', [], { start: at, end: at + 1 });
		return;
	}
	if (at === end - 1) {
		add(judging, 'no-domain', [], { start: at, end: at + 1 });
		return;
	}

	// The local part: a dot-atom.
	const periods = misplacedPeriods(value, start, at);
	if (periods) add(judging, 'local-dots', [], periods.at(), judging.withFixes ? tidyPeriods(value, start, at) : undefined);
	let localCharacters: Places | undefined;
	for (let i = start; i < at; i++) {
		const code = value.charCodeAt(i);
		if (code === 46 || (code < 128 && ATEXT[code] === 1) || alreadyReported(table, colonsReported, code)) continue;
		(localCharacters ??= new Places()).add(value, i, 1);
	}
	if (localCharacters) {
		let fix: string | undefined;
		if (judging.withFixes) {
			fix = value.slice(0, start);
			for (let i = start; i < end; i++) {
				const code = value.charCodeAt(i);
				if (i >= at || code === 46 || (code < 128 && ATEXT[code] === 1) || alreadyReported(table, colonsReported, code)) fix += value[i];
			}
		}
		add(judging, 'local-character', [localCharacters.list()], localCharacters.at(), fix);
	}

	// The domain: labels of letters, digits and hyphens, not starting or ending with a hyphen.
	const domainStart = at + 1;
	const domainPeriods = misplacedPeriods(value, domainStart, end);
	if (domainPeriods) add(judging, 'domain-dots', [], domainPeriods.at(), judging.withFixes ? tidyPeriods(value, domainStart, end) : undefined);
	let domainCharacters: Places | undefined;
	let badLabel: { start: number; end: number } | undefined;
	let badLabels = 0;
	let lastLabelStart = -1;
	let lastLabelEnd = -1;
	let lastLabelClean = true;
	let labels = 0;
	for (let labelStart = domainStart; labelStart <= end;) {
		let labelEnd = value.indexOf('.', labelStart);
		if (labelEnd < 0) labelEnd = end;
		if (labelEnd > labelStart) {
			labels++;
			let clean = true;
			for (let i = labelStart; i < labelEnd; i++) {
				const code = value.charCodeAt(i);
				if (code < 128 && LDH[code] === 1) continue;
				clean = false;
				if (!alreadyReported(table, colonsReported, code)) (domainCharacters ??= new Places()).add(value, i, 1);
			}
			if (value.charCodeAt(labelStart) === 45 || value.charCodeAt(labelEnd - 1) === 45 || labelEnd - labelStart > 63) {
				badLabels++;
				badLabel ??= { start: labelStart, end: labelEnd };
			}
			lastLabelStart = labelStart;
			lastLabelEnd = labelEnd;
			lastLabelClean = clean;
		}
		labelStart = labelEnd + 1;
	}
	if (badLabel) add(judging, 'domain-label', [value.slice(badLabel.start, badLabel.end)], badLabels === 1 ? badLabel : undefined);
	if (domainCharacters) add(judging, 'domain-character', [domainCharacters.list()], domainCharacters.at());

	// The top-level domain.
	if (labels === 1) {
		add(judging, 'tld-missing', [value.slice(domainStart, end)], { start: domainStart, end });
	} else if (labels > 1 && lastLabelClean) {
		const problem = tldProblem(value, lastLabelStart, lastLabelEnd, domainStart);
		if (problem) (judging.problems ??= []).push(problem);
	}

	if (judging.family === 'upn') {
		if (at - start > identityLimits.upnLocalPart) {
			add(judging, 'upn-local-too-long', [String(at - start), String(identityLimits.upnLocalPart)], { start, end: at });
		}
		if (end - domainStart > identityLimits.upnDomain) {
			add(judging, 'upn-domain-too-long', [String(end - domainStart), String(identityLimits.upnDomain)], { start: domainStart, end });
		}
	}
}

function lengthProblem(judging: Judging, limit: number, truncate: boolean): void {
	const value = judging.value;
	if (value.length <= limit) return;
	if (judging.family === 'upn' && judging.problems?.some((problem) => problem.reason === 'upn-local-too-long' || problem.reason === 'upn-domain-too-long')) return;
	let fix: string | undefined;
	if (truncate && judging.withFixes) {
		let cut = limit;
		const code = value.charCodeAt(cut - 1);
		if (code >= 0xd800 && code <= 0xdbff) cut--; // never split a surrogate pair
		fix = trimEnd(value.slice(0, cut));
	}
	add(judging, 'too-long', [String(value.length), String(limit)], undefined, fix);
}

function isBlank(code: number): boolean {
	return code === 32 || (code >= 9 && code <= 13) || isUnicodeSpace(code);
}

function trimEnd(value: string): string {
	let end = value.length;
	while (end > 0 && isBlank(value.charCodeAt(end - 1))) end--;
	return value.slice(0, end);
}

function trimBoth(value: string): string {
	let start = 0;
	while (start < value.length && isBlank(value.charCodeAt(start))) start++;
	return trimEnd(value.slice(start));
}

/** An ASCII letter in lower case; every other code as it is. */
function foldAscii(code: number): number {
	return code >= 65 && code <= 90 ? code + 32 : code;
}

/** True when the first `length` characters of value at `from` equal those at 0, ignoring ASCII case. */
function sameIgnoringCase(value: string, from: number, length: number): boolean {
	for (let i = 0; i < length; i++) {
		if (foldAscii(value.charCodeAt(i)) !== foldAscii(value.charCodeAt(from + i))) return false;
	}
	return true;
}

/** True when value[0, length) is `type`, a lower-case ASCII word, ignoring case. */
function isType(value: string, length: number, type: string): boolean {
	if (length !== type.length) return false;
	for (let i = 0; i < length; i++) if (foldAscii(value.charCodeAt(i)) !== type.charCodeAt(i)) return false;
	return true;
}

/** proxyAddresses and targetAddress: `type:address`, SMTP addresses judged as addresses. */
function prefixedAddressProblems(judging: Judging): void {
	const value = judging.value;
	const target = judging.family === 'target';
	const colon = value.indexOf(':');
	if (colon <= 0) {
		add(judging, 'no-prefix', []);
		characterProblems(judging, target ? otherTargetChars : otherProxyChars, 0, value.length);
		return;
	}
	const smtp = isType(value, colon, 'smtp');
	const x500 = !target && (isType(value, colon, 'x500') || isType(value, colon, 'x400'));
	const table = smtp ? (target ? targetSmtpChars : mailChars) : x500 ? x500Chars : target ? otherTargetChars : otherProxyChars;

	let addressStart = colon + 1;
	const repeated = value.length > addressStart + colon && value.charCodeAt(addressStart + colon) === 58 && sameIgnoringCase(value, addressStart, colon);
	if (repeated) {
		const repeatEnd = addressStart + colon + 1;
		add(judging, 'repeated-prefix', [value.slice(addressStart, repeatEnd)], { start: addressStart, end: repeatEnd },
			judging.withFixes ? value.slice(0, addressStart) + value.slice(repeatEnd) : undefined);
		addressStart = repeatEnd;
	}
	let colons: Places | undefined;
	for (let i = value.indexOf(':', addressStart); i >= 0; i = value.indexOf(':', i + 1)) (colons ??= new Places()).add(value, i, 1);
	if (colons) {
		add(judging, 'second-colon', [], colons.at(),
			judging.withFixes ? value.slice(0, addressStart) + value.slice(addressStart).replaceAll(':', '') : undefined);
	}
	characterProblems(judging, table, 0, value.length);
	if (smtp) addressProblems(judging, addressStart, table, true);
}

/** What Windows PowerShell writes for a multi-valued property exported without -join. */
const collectionPlaceholder = 'Microsoft.ActiveDirectory.Management.ADPropertyValueCollection';

function judgeValue(family: Family, value: string, kind: ObjectKind, withFixes: boolean): readonly IdentityProblem[] {
	if (value.length === 0) return none;
	if (value === collectionPlaceholder) return [{ code: 'sync.format', reason: 'collection-placeholder', args: [] }];
	const judging: Judging = { value, problems: undefined, withFixes, family, kind };
	switch (family) {
		case 'upn':
			characterProblems(judging, upnChars, 0, value.length);
			addressProblems(judging, 0, upnChars, false);
			lengthProblem(judging, identityLimits.userPrincipalName, false);
			break;
		case 'mail':
			characterProblems(judging, mailChars, 0, value.length);
			addressProblems(judging, 0, mailChars, false);
			lengthProblem(judging, identityLimits.mail, false);
			break;
		case 'proxy':
			prefixedAddressProblems(judging);
			lengthProblem(judging, identityLimits.proxyAddresses, false);
			break;
		case 'target':
			prefixedAddressProblems(judging);
			lengthProblem(judging, identityLimits.targetAddress, false);
			break;
		case 'alias': {
			const periods = misplacedPeriods(value, 0, value.length);
			if (periods) add(judging, 'alias-periods', [], periods.at(), withFixes ? tidyPeriods(value, 0, value.length) : undefined);
			characterProblems(judging, aliasChars, 0, value.length);
			lengthProblem(judging, identityLimits.mailNickname, false);
			break;
		}
		case 'sam':
			characterProblems(judging, samChars, 0, value.length);
			lengthProblem(judging, kind === 'user' ? identityLimits.sAMAccountNameUser : identityLimits.sAMAccountNameOther, false);
			break;
		case 'display': {
			let leading = 0;
			while (leading < value.length && isBlank(value.charCodeAt(leading))) leading++;
			if (leading === value.length) break; // blank: judgeIdentityEntry reports it, with the cn as fix
			let trailing = 0;
			while (isBlank(value.charCodeAt(value.length - 1 - trailing))) trailing++;
			if (leading > 0 || trailing > 0) {
				const at = leading > 0 && trailing > 0 ? undefined
					: leading > 0 ? { start: 0, end: leading } : { start: value.length - trailing, end: value.length };
				add(judging, 'edge-spaces', [], at, withFixes ? value.slice(leading, value.length - trailing) : undefined);
			}
			characterProblems(judging, textChars, 0, value.length);
			lengthProblem(judging, identityLimits.displayName, true);
			break;
		}
		case 'given':
			characterProblems(judging, textChars, 0, value.length);
			lengthProblem(judging, identityLimits.givenName, true);
			break;
	}
	return judging.problems ? sortProblems(judging.problems) : none;
}

/**
 * Judges one value of an identity attribute (its LDAP name as the catalogue spells it, or in
 * lower case). `kind` is the entry's object kind (objectKindOf); it decides sAMAccountName's
 * limit. Returns the problems in the order described at the top of this file; an empty value,
 * and any attribute this module does not judge, has none. Never throws.
 */
export function judgeIdentityValue(ldapName: string, value: string, kind: ObjectKind = 'user'): readonly IdentityProblem[] {
	const family = families.get(ldapName);
	return family ? judgeValue(family, value, kind, true) : none;
}

// ---- Entries -------------------------------------------------------------------------------

/**
 * The object kind of an entry, from its objectClass values (any order, any case): the most
 * specific class wins. An entry without objectClass is a user: Get-ADUser and csvde user exports
 * carry no objectClass, or only `user`.
 */
export function objectKindOf(objectClasses: readonly string[] | undefined): ObjectKind {
	if (!objectClasses || objectClasses.length === 0) return 'user';
	// An export's entries mostly share one objectClass list: the last one's kind is kept.
	if (lastClasses && sameList(lastClasses, objectClasses)) return lastKind;
	lastKind = kindOfClasses(objectClasses);
	lastClasses = objectClasses.slice();
	return lastKind;
}

let lastClasses: readonly string[] | undefined;
let lastKind: ObjectKind = 'user';

function sameList(a: readonly string[], b: readonly string[]): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

function kindOfClasses(objectClasses: readonly string[]): ObjectKind {
	let kind: ObjectKind = 'other';
	for (const objectClass of objectClasses) {
		const name = objectClass.trim().toLowerCase();
		if (name === 'computer' || name === 'msds-groupmanagedserviceaccount' || name === 'msds-managedserviceaccount') return 'computer';
		if (name === 'user' || name === 'inetorgperson') kind = 'user';
		else if (name === 'contact' && kind !== 'user') kind = 'contact';
		else if (name === 'group' && kind === 'other') kind = 'group';
	}
	return kind;
}

/** An entry's checked values by LDAP name in lower case (`displayname`, `cn`): a Map, or anything that answers the same. */
export interface EntryValueLookup {
	get(name: string): readonly string[] | undefined;
	has(name: string): boolean;
}

export interface EntryJudgingOptions {
	/**
	 * True where an attribute the entry lacks is missing from the object itself: an LDIF content
	 * record (or `changetype: add`) lists every attribute the object has. False for CSV, where a
	 * missing column says nothing about the object; a CSV shows a blank only as an empty cell of a
	 * column it has (pass the attribute with no values, or with an empty value).
	 */
	absentIsBlank: boolean;
}

/** The first RDN's value of a DN, unescaped (`CN=Vance\, Adele,OU=…` gives `Vance, Adele`). */
export function firstRdnValue(dn: string): string | undefined {
	const equals = dn.indexOf('=');
	if (equals < 0) return undefined;
	let result = '';
	for (let i = equals + 1; i < dn.length; i++) {
		const ch = dn[i];
		if (ch === ',' || ch === '+') break;
		if (ch === '\\' && i + 1 < dn.length) {
			const hex = dn.slice(i + 1, i + 3);
			if (/^[0-9a-fA-F]{2}$/.test(hex)) {
				result += String.fromCharCode(parseInt(hex, 16));
				i += 2;
			} else {
				result += dn[++i];
			}
			continue;
		}
		result += ch;
	}
	return result.trim() || undefined;
}

/**
 * Entry-level checks: sync.blank for displayName, which every user, contact and group needs.
 * `values` holds the entry's values by LDAP name in lower case (`displayname`, `cn`, `objectclass`).
 * The fix of a blank displayName is the entry's cn (IdFix's suggestion), or else its DN's first
 * RDN, when either is known. Never depends on any other entry.
 */
export function judgeIdentityEntry(values: EntryValueLookup, dn: string | undefined, options: EntryJudgingOptions): IdentityEntryProblem[] {
	const kind = objectKindOf(values.get('objectclass'));
	if (kind === 'computer' || kind === 'other') return [];
	const displayNames = values.get('displayname');
	let valueIndex: number | undefined;
	if (displayNames === undefined) {
		if (!options.absentIsBlank || !values.has('objectclass')) return [];
	} else {
		if (displayNames.some((text) => trimBoth(text) !== '')) return [];
		if (displayNames.length > 0) valueIndex = 0;
	}
	const problem: IdentityEntryProblem = { code: 'sync.blank', reason: 'blank', args: [], attribute: 'displayName' };
	if (valueIndex !== undefined) problem.valueIndex = valueIndex;
	const cn = values.get('cn')?.find((text) => trimBoth(text) !== '');
	const name = cn !== undefined ? trimBoth(cn) : dn !== undefined ? firstRdnValue(dn) : undefined;
	if (name !== undefined && judgeValue('display', name, kind, false).length === 0) problem.fix = name;
	return [problem];
}

// ---- Exclusions ----------------------------------------------------------------------------

/**
 * Why an object is not checked, because Entra Connect does not sync it (or it is a system object
 * IdFix skips and no person can be):
 * - critical-system-object: isCriticalSystemObject is set (Administrator, Guest, krbtgt …);
 * - conflict-object: a replication conflict object, whose RDN holds `\0ACNF:`;
 * - sync-service-account: Entra Connect's own account (sAMAccountName MSOL_… or AAD_…);
 * - exchange-system-object: Exchange system mailboxes and objects (SystemMailbox{…}, CAS_{…},
 *   SUPPORT_388945a0, HealthMailbox…, DiscoverySearchMailbox…, FederatedEmail…, and the
 *   msExchRecipientTypeDetails types Entra Connect filters out);
 * - machine-account: a computer or managed service account (objectClass, or cn/sAMAccountName ending in `$`);
 * - built-in-account: a built-in account by its exact name (Administrator, Guest, krbtgt,
 *   DefaultAccount, WDAGUtilityAccount, krbtgt_…, IUSR_…, IWAM_…), for exports without
 *   isCriticalSystemObject.
 */
export type ExclusionReason = 'critical-system-object' | 'conflict-object' | 'sync-service-account' | 'exchange-system-object' | 'machine-account' | 'built-in-account';

export interface Exclusion {
	reason: ExclusionReason;
	/** The LDAP name of the attribute that decided (`distinguishedName` for the DN). */
	attribute: string;
	/** Its value. */
	value: string;
}

/** msExchRecipientTypeDetails bits Entra Connect does not sync (its rule's mask &H21C07000). */
const exchangeSystemTypes = 0x21c07000;

const exchangeSystemNames = ['systemmailbox{', 'cas_{', 'healthmailbox', 'discoverysearchmailbox', 'federatedemail', 'exchange online-applicationaccount'];
const builtInNames = new Set(['administrator', 'guest', 'krbtgt', 'defaultaccount', 'wdagutilityaccount']);
const builtInPrefixes = ['krbtgt_', 'iusr_', 'iwam_'];

function first(values: EntryValueLookup, name: string): string | undefined {
	const list = values.get(name);
	return list && list.length > 0 ? list[0] : undefined;
}

/** True when a DN's first RDN marks a replication conflict, however the export wrote the line feed. */
export function isConflictRdn(rdn: string): boolean {
	const upper = rdn.toUpperCase();
	return upper.includes('\\0ACNF:') || upper.includes('\nCNF:') || upper.includes('\0ACNF:');
}

function firstRdn(dn: string): string {
	for (let i = 0; i < dn.length; i++) {
		if (dn[i] === '\\') i++;
		else if (dn[i] === ',') return dn.slice(0, i);
	}
	return dn;
}

function recipientTypeIsSystem(text: string): boolean {
	const trimmed = text.trim();
	const number = /^0x[0-9a-f]+$/i.test(trimmed) ? parseInt(trimmed.slice(2), 16) : /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
	if (!Number.isFinite(number)) return false;
	return ((number % 0x100000000) & exchangeSystemTypes) !== 0;
}

/**
 * Why this object is skipped, or undefined when it is checked. `values` holds the entry's values
 * by LDAP name in lower case; only what the export carries is used. Unlike IdFix, a cn that merely
 * starts like a system account's (`Guest…`, `Admini…`, `iwam…`, `msol…`, `support_…`) does not
 * exclude: Entra Connect syncs those objects, and they are often people (Iwamoto) or shared mailboxes.
 */
export function exclusionOf(values: EntryValueLookup, dn: string | undefined): Exclusion | undefined {
	if (!mayBeExcluded(values, dn)) return undefined;
	if (dn !== undefined && isConflictRdn(firstRdn(dn))) return { reason: 'conflict-object', attribute: 'distinguishedName', value: dn };
	const cn = first(values, 'cn') ?? (dn !== undefined ? firstRdnValue(dn) : undefined);
	if (cn !== undefined && isConflictRdn(cn)) return { reason: 'conflict-object', attribute: 'cn', value: cn };
	const critical = first(values, 'iscriticalsystemobject');
	if (critical !== undefined && critical.trim() !== '') return { reason: 'critical-system-object', attribute: 'isCriticalSystemObject', value: critical };

	const sam = first(values, 'samaccountname');
	if (sam !== undefined) {
		const upper = sam.toUpperCase();
		if (upper.startsWith('MSOL_') || upper.startsWith('AAD_')) return { reason: 'sync-service-account', attribute: 'sAMAccountName', value: sam };
		if (upper === 'SUPPORT_388945A0' || (upper.startsWith('CAS_') && upper.includes('}'))) return { reason: 'exchange-system-object', attribute: 'sAMAccountName', value: sam };
	}
	const alias = first(values, 'mailnickname');
	if (alias !== undefined) {
		const upper = alias.toUpperCase();
		if (upper.startsWith('SYSTEMMAILBOX{') || (upper.startsWith('CAS_') && upper.includes('}'))) return { reason: 'exchange-system-object', attribute: 'mailNickname', value: alias };
	}
	const recipientType = first(values, 'msexchrecipienttypedetails');
	if (recipientType !== undefined && recipientTypeIsSystem(recipientType)) return { reason: 'exchange-system-object', attribute: 'msExchRecipientTypeDetails', value: recipientType };

	if (objectKindOf(values.get('objectclass')) === 'computer') return { reason: 'machine-account', attribute: 'objectClass', value: values.get('objectclass')!.join(';') };
	if (sam !== undefined && sam.trimEnd().endsWith('$')) return { reason: 'machine-account', attribute: 'sAMAccountName', value: sam };
	if (cn !== undefined) {
		const lower = cn.trim().toLowerCase();
		if (lower.endsWith('$')) return { reason: 'machine-account', attribute: 'cn', value: cn };
		if (exchangeSystemNames.some((name) => lower.startsWith(name))) return { reason: 'exchange-system-object', attribute: 'cn', value: cn };
		if (builtInNames.has(lower) || builtInPrefixes.some((prefix) => lower.startsWith(prefix))) return { reason: 'built-in-account', attribute: 'cn', value: cn };
	}
	return undefined;
}

/** Every text below is tested without copying it: nearly every object is checked, and this runs on each. */
const conflictMark = /cnf:/i;
const samMarks = /^(?:msol_|aad_|support_388945a0$|cas_.*\})|\$\s*$/is;
const aliasMarks = /^(?:systemmailbox\{|cas_.*\})/is;
const cnMarks = /^\s*(?:systemmailbox\{|cas_\{|healthmailbox|discoverysearchmailbox|federatedemail|exchange online-applicationaccount|krbtgt_|iusr_|iwam_|(?:administrator|guest|krbtgt|defaultaccount|wdagutilityaccount)\s*$)|\$\s*$/i;

/**
 * Whether exclusionOf could find a reason at all: the same conditions, each tested once without
 * copying a text (a superset: where it says yes, exclusionOf decides). The cn is read from the DN
 * where the export has no cn column, as exclusionOf reads it.
 */
function mayBeExcluded(values: EntryValueLookup, dn: string | undefined): boolean {
	if (dn !== undefined && conflictMark.test(dn)) return true;
	const cn = first(values, 'cn');
	if (cn !== undefined ? conflictMark.test(cn) || cnMarks.test(cn) : dn !== undefined && cnMarks.test(firstRdnValue(dn) ?? '')) return true;
	if (first(values, 'iscriticalsystemobject') !== undefined || first(values, 'msexchrecipienttypedetails') !== undefined) return true;
	const sam = first(values, 'samaccountname');
	if (sam !== undefined && samMarks.test(sam)) return true;
	const alias = first(values, 'mailnickname');
	if (alias !== undefined && aliasMarks.test(alias)) return true;
	return objectKindOf(values.get('objectclass')) === 'computer';
}

// ---- Duplicates ----------------------------------------------------------------------------

/**
 * A key a value takes part in for duplicate detection: two values of different entries with the
 * same namespace and key collide in Microsoft Entra ID. Namespaces:
 * - `address`: userPrincipalName, mail and SMTP proxy addresses (primary or not), lower-cased:
 *   Entra ID makes a user's UPN and mail into proxy addresses, so any two of them collide
 *   (AttributeValueMustBeUnique, InvalidSoftMatch);
 * - `proxy:<type>`: other proxy addresses (`proxy:x500`, `proxy:sip` …), lower-cased, without
 *   the prefix; `proxy:` for a value without a prefix;
 * - `targetAddress`, `mailNickname`: the value lower-cased (IdFix's comparisons);
 * - `sAMAccountName:<domain>`: only for entries without a UPN, within one domain (the DN's DC=
 *   parts, `sAMAccountName:` when the export has no DN).
 */
export interface DuplicateKey {
	namespace: string;
	key: string;
}

/** The DNS name of a DN's domain, from its DC= parts (`contoso.com`), or '' when it has none. */
export function domainOfDn(dn: string): string {
	const parts: string[] = [];
	let start = 0;
	for (let i = 0; i <= dn.length; i++) {
		if (dn[i] === '\\') {
			i++;
			continue;
		}
		if (i < dn.length && dn[i] !== ',') continue;
		const rdn = dn.slice(start, i);
		const equals = rdn.indexOf('=');
		if (equals > 0 && rdn.slice(0, equals).trim().toLowerCase() === 'dc') parts.push(rdn.slice(equals + 1).trim().toLowerCase());
		start = i + 1;
	}
	return parts.join('.');
}

/**
 * The keys a value takes part in for duplicate detection (normalized as Entra ID compares them:
 * case-insensitive, an SMTP proxy's `smtp:`/`SMTP:` prefix left out), or none. A duplicate is the
 * same key on two different entries: the same value twice on one object (UPN = mail = primary
 * SMTP) is normal, and the caller compares across entries only.
 */
export function duplicateKeys(ldapName: string, value: string, entryHasUpn: boolean, dn: string | undefined): DuplicateKey[] {
	const key = duplicateKey(ldapName, value, entryHasUpn, dn);
	return key ? [key] : [];
}

/** The namespaces of the proxy types exports carry most, by their prefix in lower case. */
const proxyNamespaces = new Map(['x500', 'x400', 'sip', 'eum', 'fax', 'notes', 'ccmail', 'ms', 'gwise'].map((type) => [type, `proxy:${type}`]));

/** A value's one duplicate key (every attribute has at most one), or undefined: duplicateKeys without an array. */
export function duplicateKey(ldapName: string, value: string, entryHasUpn: boolean, dn: string | undefined): DuplicateKey | undefined {
	let blank = true;
	for (let i = 0; i < value.length && blank; i++) blank = isBlank(value.charCodeAt(i));
	if (blank) return undefined;
	switch (families.get(ldapName)) {
		case 'upn':
			return { namespace: 'address', key: value.toLowerCase() };
		case 'mail':
			// otherMails are alternate addresses, which Entra ID does not require to be unique.
			return ldapName === 'mail' ? { namespace: 'address', key: value.toLowerCase() } : undefined;
		case 'proxy': {
			const colon = value.indexOf(':');
			if (colon <= 0) return { namespace: 'proxy:', key: value.toLowerCase() };
			const key = value.slice(colon + 1).toLowerCase();
			if (isType(value, colon, 'smtp')) return { namespace: 'address', key };
			const type = value.slice(0, colon).toLowerCase();
			return { namespace: proxyNamespaces.get(type) ?? `proxy:${type}`, key };
		}
		case 'target':
			return { namespace: 'targetAddress', key: value.toLowerCase() };
		case 'alias':
			return { namespace: 'mailNickname', key: value.toLowerCase() };
		case 'sam':
			return entryHasUpn ? undefined : { namespace: `sAMAccountName:${dn !== undefined ? domainOfDn(dn) : ''}`, key: value.toLowerCase() };
		default:
			return undefined;
	}
}
