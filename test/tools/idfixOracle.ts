/**
 * IdFix 2.6's Multi-Tenant rules, transcribed from reading its C# (src/IdFix/Rules/
 * MultiTenantRuleCollection.cs, MultiTentant/*, Shared/*, ComposedRule.cs, Settings/Constants.cs):
 * what each rule flags and the value IdFix proposes. Written for test/unit/idfixDifferential.test.ts,
 * which judges a corpus with this oracle and with dirlint.
 *
 * Every documented difference between dirlint and IdFix is a switch here (`Difference`): with no
 * switch on, the oracle is IdFix; with all of them on, it must give dirlint's verdicts. A switch
 * changes IdFix's behaviour at the one place the difference is about, so the test shows both that
 * dirlint agrees with IdFix everywhere else and that each difference is real.
 *
 * How IdFix runs (ComposedRule.Execute): the rules of an attribute run in order on the value, each
 * failing rule passing its updated value on; the errors are the union of the failing rules' error
 * types, and the proposed value is the last failing rule's updated value. The duplicate rule is
 * document-level and left out. .NET regular expressions are rewritten for JavaScript: `\s` is
 * .NET's (with U+0085, without U+FEFF), `$` also matches before a final line feed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { domainToUnicode } from 'node:url';
import tlds from 'tlds/index.json';

export type IdfixError = 'format' | 'blank' | 'character' | 'topleveldomain' | 'domainpart' | 'localpart' | 'length';

export interface IdfixVerdict {
	errors: Set<IdfixError>;
	/** IdFix's UPDATE value (undefined when the value passed). */
	proposed: string | undefined;
}

/** What IdFix reads of the object besides the value: its cn (fallback value) and last objectClass. */
export interface OracleEntry {
	cn: string;
	objectClass: string;
}

/**
 * The documented differences (docs/rules/sync.*.md, "Differences from IdFix"), each a switch.
 */
export const differences = {
	/** UPN: an apostrophe is allowed (o'connor@…); IdFix 2.6 flags and removes it. */
	upnApostrophe: 'upn-apostrophe',
	/** UPN: `$` and `` ` `` are not in Microsoft's allowed list; IdFix lets them through. */
	upnDollarBacktick: 'upn-dollar-backtick',
	/** Letters outside ASCII are reported but never removed (zoë → zo would be a different name). */
	nonAsciiNoFix: 'non-ascii-no-fix',
	/** An identifier over its limit is reported without a fix: IdFix truncates UPN, mail, proxy and target addresses, mailNickname, sAMAccountName. */
	noTruncation: 'no-truncation',
	/** UPN: more than 64 characters before the @ or 48 after is reported (IdFix's docs say so; its code does not check). */
	upnPartLengths: 'upn-part-lengths',
	/** Top-level domains from the IANA root zone (the tlds package), taken from the domain's last label; .local, .lan, .corp … named as private. */
	ianaTlds: 'iana-tlds',
	/** IdFix's domain check wants the top-level domain to be 2 to 17 letters: longer ones (.travelersinsurance) and xn-- ones fail there. */
	longTlds: 'long-tlds',
	/** A domain label over 63 characters is reported. */
	domainLabelLength: 'domain-label-length',
	/** No fix for a domain: IdFix removes the characters it does not allow, which makes a different domain. */
	domainNoFix: 'domain-no-fix',
	/** Misplaced periods in a domain (contoso..com, contoso.com.) are removed. */
	domainDotsFix: 'domain-dots-fix',
	/** Misplaced periods in a local part (leading, trailing, doubled) are removed; IdFix removes one period before the @ only. */
	localDotsFix: 'local-dots-fix',
	/**
	 * An address whose form is broken (no @, several, nothing before or after it) has its local part
	 * and domain neither judged nor fixed: IdFix removes all but the last @ (a guess at which one
	 * separates) and tidies the parts of an address that has no local part.
	 */
	partFixesNeedForm: 'part-fixes-need-form',
	/**
	 * A fix never breaks an address's form nor leaves only blanks, and each kind of character
	 * (blanks, other characters, control characters) is its own fix: IdFix proposes "@contoso.com"
	 * for "%@contoso.com", and the cn where removing characters would leave nothing. Where a fix is
	 * refused, the order fixes are taken in decides what the others make of the value: dirlint's
	 * order (characters, then colons) is used.
	 */
	fixKeepsForm: 'fix-keeps-form',
	/** Control and invisible characters are reported and removed in every attribute. */
	controlCharacters: 'control-characters',
	/**
	 * In displayName and givenName a tab or line break stands between words: a run of them becomes
	 * one space (none at the edges or beside a blank), where control-characters alone removes it.
	 */
	lineBreaksAsSpaces: 'line-breaks-as-spaces',
	/** X.400 and X.500 addresses may hold an apostrophe (d'Agostini in a legacyExchangeDN). */
	x500Apostrophe: 'x500-apostrophe',
	/** A proxy or target address's type is its prefix: IdFix treats any value containing "smtp:" as SMTP. */
	typeByPrefix: 'type-by-prefix',
	/** A proxy or target address without a `type:` prefix is reported. */
	prefixRequired: 'prefix-required',
	/** A repeated prefix (SMTP:smtp:…) is removed; IdFix removes its colon (SMTP:smtpjohn@…). */
	repeatedPrefix: 'repeated-prefix',
	/** mail and otherMails are judged as addresses; IdFix checks only mail's length. */
	mailAddressChecks: 'mail-address-checks',
	/** targetAddress's limit is 256 (Microsoft's figure); IdFix's is 255. */
	targetLimit256: 'target-limit-256',
	/** displayName's limit is 256 (Microsoft's figure); IdFix's is 255. */
	displayNameLimit256: 'display-name-limit-256',
	/** givenName's limit is 64 (Microsoft's figure); IdFix's is 63. */
	givenNameLimit64: 'given-name-limit-64',
	/** Shortening free text never splits a surrogate pair and drops the blanks it leaves at the end. */
	truncationTidy: 'truncation-tidy',
	/** displayName with spaces at its start or end is reported and trimmed. */
	displayNameEdgeSpaces: 'display-name-edge-spaces',
	/** A displayName of blanks only is blank. */
	blankWhitespace: 'blank-whitespace',
	/** mailNickname: spaces, characters Exchange does not allow in an alias, and letters outside ASCII are reported. */
	aliasCharacters: 'alias-characters',
	/** mailNickname: a period at the end, or two in a row, is reported and removed, not only a period at the start. */
	aliasPeriods: 'alias-periods',
} as const;

export type Difference = (typeof differences)[keyof typeof differences];
export const allDifferences: readonly Difference[] = Object.values(differences);

const repoRoot = path.resolve(__dirname, '../../..');

/** IdFix's domains.txt: each line trimmed and lower-cased (ValidTLDList.Init), with its leading dot. */
const idfixTlds = new Set(fs.readFileSync(path.join(repoRoot, 'test/fixtures/idfix-domains.txt'), 'utf8')
	.split('\n').filter((line) => !line.startsWith('#')).map((line) => line.trim().toLowerCase()));

// .NET's \s inside a character class.
const S = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const dotnetEnd = '(?=\\n?$)';

const smtpAnywhere = /smtp:/i;
const domainPartRegex = new RegExp(`@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:[a-z]{2,17})${dotnetEnd}`, 'i');
const localPartRegex = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@/i;
const rfc2822Regex = new RegExp(`^[a-z0-9!#$%&'*+/=?^_\`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_\`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:[a-z]{2,17})${dotnetEnd}`, 'i');
const upnInvalid = `${S}\\\\%&*+/=?'{}|<>();:,\\[\\]"äëïöüÿÄËÏÖÜŸ`;
const proxySmtpInvalid = `${S}<>();,\\[\\]"`;
const proxyInvalid = `${S}<>(),\\[\\]"`;
const targetSmtpInvalid = `${S}\\\\<>();,\\[\\]"`;
const targetInvalid = `${S}\\\\<>(),\\[\\]"`;
const x500Invalid = `\\f\\n\\r\\t\\v\\[\\]"'`;
const samInvalid = `\\\\"|,/\\[\\]:<>+=;?*`;
/** Blanks other than the space, which dirlint counts as control characters in free text and sAMAccountName. */
const textControls = '\\t\\n\\v\\f\\r';
const x400Start = /^x\.?400/i;
const x500Start = /^x\.?500/i;

/** Control and invisible characters, and lone surrogates: what dirlint removes everywhere. */
function isControl(text: string, index: number): boolean {
	const code = text.charCodeAt(index);
	if (code <= 8 || (code >= 14 && code <= 31) || code === 127 || (code >= 0x80 && code <= 0x9f && code !== 0x85)) return true;
	if (code === 0xad || (code >= 0x200b && code <= 0x200f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2060 && code <= 0x2064) || code === 0xfeff) return true;
	if (code >= 0xd800 && code <= 0xdbff) {
		const next = text.charCodeAt(index + 1);
		return !(next >= 0xdc00 && next <= 0xdfff);
	}
	if (code >= 0xdc00 && code <= 0xdfff) {
		const previous = text.charCodeAt(index - 1);
		return !(previous >= 0xd800 && previous <= 0xdbff);
	}
	return false;
}

const unicodeSpace = new RegExp(`[${S}]`);

/** A letter or sign outside ASCII that dirlint keeps (reports, never removes). */
function isKeptNonAscii(text: string, index: number): boolean {
	return text.charCodeAt(index) >= 128 && !isControl(text, index) && !unicodeSpace.test(text[index]);
}

type Switches = ReadonlySet<Difference>;

class Run {
	readonly errors = new Set<IdfixError>();
	proposed: string | undefined;

	/** Set for values dirlint judges as addresses: UPN, mail, otherMails, SMTP proxy and target addresses. */
	address = false;
	/** Characters whose removal (one kind, one fix) fix-keeps-form refused: no later step removes them. */
	readonly refused = new Set<string>();
	prefixed = false;

	constructor(public value: string, readonly on: Switches, readonly entry: OracleEntry) {}

	/** dirlint's check of free text (displayName, givenName) for control characters and line breaks; IdFix has none. */
	textControls(): void {
		if (!this.on.has(differences.controlCharacters)) return;
		if (!this.on.has(differences.lineBreaksAsSpaces)) {
			this.regex(textControls);
			return;
		}
		this.regex('');
		const blank = new RegExp(`[${S}]`);
		const value = this.value;
		if (!/[\t\n\v\f\r]/.test(value)) return;
		const updated = value.replace(/[\t\n\v\f\r]+/g, (run, at: number) => {
			const before = value[at - 1];
			const after = value[at + run.length];
			return before !== undefined && after !== undefined && !blank.test(before) && !blank.test(after) ? ' ' : '';
		});
		this.fail('character', updated.trim() === '' ? value : updated);
	}

	fail(error: IdfixError, updated: string): void {
		this.errors.add(error);
		this.value = updated;
		this.proposed = updated;
	}

	/**
	 * A fix step: with fix-keeps-form on, a step that would break an address's form (or leave
	 * nothing) is not taken. `bare`: the texts are the address alone, without a proxy prefix.
	 */
	keepsForm(before: string, after: string, bare = false): boolean {
		if (!this.on.has(differences.fixKeepsForm)) return true;
		if (after.trim() === '') return false;
		if (this.prefixed && !bare && before.indexOf(':') > 0 && after.indexOf(':') <= 0) return false;
		if (!this.address) return true;
		const strip = (text: string) => (this.prefixed && !bare ? this.addressOf(text) : text);
		const formAfter = formOf(strip(after));
		return formAfter === 'formed' || formAfter === formOf(strip(before));
	}

	/** The address of a proxy or target value: after its prefix (and after a repeated one, as dirlint reads it). */
	addressOf(text: string): string {
		const colon = text.indexOf(':');
		const rest = text.slice(colon + 1);
		const repeat = `${text.slice(0, colon).toLowerCase()}:`;
		return this.on.has(differences.repeatedPrefix) && colon > 0 && rest.toLowerCase().startsWith(repeat) ? rest.slice(repeat.length) : rest;
	}

	/** StringMaxLengthRule. */
	maxLength(limit: number, truncates: boolean): void {
		if (this.value.length <= limit) return;
		let updated = this.value.slice(0, limit);
		if (!truncates) updated = this.value;
		else if (this.on.has(differences.truncationTidy)) {
			let cut = limit;
			const code = this.value.charCodeAt(cut - 1);
			if (code >= 0xd800 && code <= 0xdbff) cut--;
			updated = this.value.slice(0, cut).replace(new RegExp(`[${S}]+$`), '');
		}
		this.fail('length', updated);
	}

	/**
	 * RegexRule: removes every match; an empty result becomes the cn. With fix-keeps-form on, blanks,
	 * other characters and control characters are removed as three fixes, each taken only when it
	 * keeps the form.
	 */
	regex(invalid: string): void {
		const on = this.on;
		const pattern = new RegExp(`[${invalid}]`, 'i');
		const value = this.value;
		const kinds: number[] = []; // per character: 0 kept, 1 blank, 2 other, 3 control
		let matched = false;
		for (let i = 0; i < value.length; i++) {
			const control = on.has(differences.controlCharacters) && isControl(value, i);
			if (!control && !pattern.test(value[i])) {
				kinds.push(0);
				continue;
			}
			matched = true;
			if (on.has(differences.nonAsciiNoFix) && isKeptNonAscii(value, i)) kinds.push(0);
			else kinds.push(control || isControl(value, i) ? 3 : unicodeSpace.test(value[i]) ? 1 : 2);
		}
		if (!matched) return;
		let updated = '';
		if (on.has(differences.fixKeepsForm)) {
			let marks = kinds;
			updated = value;
			for (const kind of [1, 2, 3]) {
				const next = updated.split('').filter((_, i) => marks[i] !== kind).join('');
				if (next !== updated && this.keepsForm(updated, next)) {
					marks = marks.filter((mark) => mark !== kind);
					updated = next;
				} else {
					for (let i = 0; i < updated.length; i++) if (marks[i] === kind) this.refused.add(updated[i]);
				}
			}
		} else {
			for (let i = 0; i < value.length; i++) if (kinds[i] === 0) updated += value[i];
			if (updated === '') updated = this.entry.cn;
		}
		this.fail('character', updated);
	}

	/**
	 * FixProxyTargetAddressRule: colons after the first one are removed. With repeated-prefix on, a
	 * repeated prefix is removed first. With fix-keeps-form on, the steps are dirlint's fixes in
	 * dirlint's order (the colons after the address's start, the repeated prefix, the colons again),
	 * each taken only when it keeps the form.
	 */
	fixProxyColons(): void {
		const value = this.value;
		const colon = value.indexOf(':');
		if (colon <= 0 || !value.slice(colon + 1).includes(':')) return;
		const prefix = value.slice(0, colon);
		const repeated = (text: string) => this.on.has(differences.repeatedPrefix) && text.slice(colon + 1).toLowerCase().startsWith(`${prefix.toLowerCase()}:`);
		const stripRepeat = (text: string) => `${prefix}:${text.slice(2 * colon + 2)}`;
		const removeColons = (text: string) => {
			const start = repeated(text) ? 2 * colon + 2 : colon + 1;
			return text.slice(0, start) + text.slice(start).replaceAll(':', '');
		};
		let updated = value;
		if (!this.on.has(differences.fixKeepsForm)) {
			if (repeated(updated)) updated = stripRepeat(updated);
			updated = removeColons(updated);
		} else {
			const step = (next: string) => {
				if (next !== updated && this.keepsForm(updated, next)) updated = next;
			};
			step(removeColons(updated));
			if (repeated(updated)) step(stripRepeat(updated));
			step(removeColons(updated));
			if (updated.slice(colon + 1).includes(':')) this.refused.add(':');
		}
		this.fail('character', updated);
	}

	isSmtp(prefixed: boolean): boolean {
		if (!this.on.has(differences.typeByPrefix)) return smtpAnywhere.test(this.value);
		return prefixed && this.value.slice(0, Math.max(this.value.indexOf(':'), 0)).toLowerCase() === 'smtp';
	}

	/** RFC2822Rule. `prefixed`: a proxy or target address. */
	rfc2822(prefixed: boolean): void {
		const on = this.on;
		const smtp = this.isSmtp(prefixed);
		let v = smtp ? this.value.slice(this.value.indexOf(':') + 1) : this.value;
		const errors = new Set<IdfixError>();
		const atCount = v.split('@').length - 1;

		if (on.has(differences.ianaTlds)) {
			if (ianaTldFails(v)) errors.add('topleveldomain');
		} else if (v.lastIndexOf('.') !== -1) {
			const tld = v.toLowerCase().slice(v.lastIndexOf('.'));
			if (tld.length > 1 && !idfixTlds.has(tld)) errors.add('topleveldomain');
		}

		if (!domainPart(v, on)) {
			errors.add('domainpart');
			const at = v.lastIndexOf('@');
			if (at !== -1 && !(on.has(differences.partFixesNeedForm) && !isFormed(v))) {
				let domain = v.slice(at + 1);
				if (on.has(differences.domainNoFix)) {
					if (on.has(differences.controlCharacters)) domain = domain.split('').filter((ch, i) => !isControl(domain, i) || this.refused.has(ch)).join('');
				} else {
					domain = [...domain].filter((ch, i) => /[a-z0-9.-]/i.test(ch) || (on.has(differences.nonAsciiNoFix) && isKeptNonAscii(domain, i))).join('');
				}
				if (on.has(differences.domainDotsFix)) domain = domain.split('.').filter((label) => label !== '').join('.');
				const updated = v.slice(0, at + 1) + domain;
				if (this.keepsForm(v, updated, true)) v = updated;
			}
		}

		if (!localPartRegex.test(v) || atCount > 1) {
			errors.add('localpart');
			const at = v.lastIndexOf('@');
			if (at !== -1 && !(on.has(differences.partFixesNeedForm) && !isFormed(v))) {
				const filter = (local: string) => {
					let filtered = '';
					for (let i = 0; i < local.length; i++) {
						if (/[a-z0-9.!#$%&'*+/=?^_`{|}~-]/i.test(local[i]) || (on.has(differences.nonAsciiNoFix) && isKeptNonAscii(local, i)) || this.refused.has(local[i])) filtered += local[i];
					}
					return filtered;
				};
				const tidy = (local: string) => local.split('.').filter((piece) => piece !== '').join('.');
				if (!on.has(differences.localDotsFix)) {
					v = (filter(v.slice(0, at)) + v.slice(at)).replaceAll('.@', '@');
				} else if (!on.has(differences.fixKeepsForm)) {
					v = tidy(filter(v.slice(0, at))) + v.slice(at);
				} else {
					// dirlint's order: the periods, then the characters, then the periods that leaves,
					// each kept only when it keeps the form.
					for (const step of [tidy, filter, tidy]) {
						const here = v.lastIndexOf('@');
						const updated = step(v.slice(0, here)) + v.slice(here);
						if (this.keepsForm(v, updated, true)) v = updated;
					}
				}
			}
		}

		if (!rfc2822Format(v, on)) errors.add('format');

		if (errors.size === 0) return;
		for (const error of errors) this.errors.add(error);
		const updated = smtp ? this.value.slice(0, this.value.indexOf(':') + 1).trim() + v : v;
		this.value = updated;
		this.proposed = updated;
	}

	/** A check dirlint adds: flags without changing the value. */
	flag(error: IdfixError): void {
		this.errors.add(error);
		this.proposed ??= this.value;
	}
}

/** What is wrong with an address's form, checked in this order, or 'formed'. */
function formOf(address: string): 'no-at' | 'several-at' | 'no-local-part' | 'no-domain' | 'formed' {
	const at = address.indexOf('@');
	if (at < 0) return 'no-at';
	if (at !== address.lastIndexOf('@')) return 'several-at';
	if (at === 0) return 'no-local-part';
	if (at === address.length - 1) return 'no-domain';
	return 'formed';
}

function isFormed(address: string): boolean {
	return formOf(address) === 'formed';
}

function domainPart(v: string, on: Switches): boolean {
	if (!on.has(differences.longTlds) && !on.has(differences.domainLabelLength)) return domainPartRegex.test(v);
	const match = /@([^@]*)$/.exec(v.endsWith('\n') ? v.slice(0, -1) : v);
	if (!match) return false;
	const labels = match[1].split('.');
	if (labels.length < 2) return false;
	const label = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
	return labels.every((text, index) => label.test(text)
		&& (!on.has(differences.domainLabelLength) || text.length <= 63)
		&& (index < labels.length - 1 || on.has(differences.longTlds) || /^[a-z]{2,17}$/i.test(text)));
}

function rfc2822Format(v: string, on: Switches): boolean {
	if (!on.has(differences.longTlds)) return rfc2822Regex.test(v);
	const at = v.lastIndexOf('@');
	return at > 0 && /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/i.test(v.slice(0, at)) && domainPart(v, on);
}

const rootZone = new Set(tlds as string[]);
const privateSuffixes = new Set(['local', 'localhost', 'localdomain', 'lan', 'home', 'corp', 'internal', 'intranet', 'private', 'priv', 'test', 'example', 'invalid', 'onion', 'alt', 'domain']);

/** The top-level domain as dirlint judges it: the domain's last label, in the IANA root zone and not private. */
function ianaTldFails(v: string): boolean {
	const at = v.indexOf('@');
	if (at <= 0 || at !== v.lastIndexOf('@') || at === v.length - 1) return false;
	const labels = v.slice(at + 1).split('.').filter((label) => label !== '');
	if (labels.length === 1) return true;
	if (labels.length === 0) return false;
	const last = labels[labels.length - 1];
	if (!/^[a-z0-9-]+$/i.test(last)) return false;
	const tld = last.toLowerCase();
	if (tld === 'arpa' && labels.length > 1 && labels[labels.length - 2].toLowerCase() === 'home') return true;
	if (privateSuffixes.has(tld)) return true;
	const unicode = tld.startsWith('xn--') ? domainToUnicode(`x.${tld}`).slice(2) : tld;
	return !rootZone.has(unicode);
}

/** UPN: the parts' limits, on the value as it is. */
function upnPartLengths(run: Run, address: string): void {
	if (run.on.has(differences.upnPartLengths)) {
		const at = address.indexOf('@');
		if (at > 0 && at === address.lastIndexOf('@') && at < address.length - 1 && (at > 64 || address.length - at - 1 > 48)) run.flag('length');
	}
}

/**
 * Judges one value as IdFix's Multi-Tenant rules do, with the given differences switched on.
 * `value` undefined: the object has no such attribute. Returns undefined for an attribute IdFix
 * does not check.
 */
export function idfixJudge(attribute: string, value: string | undefined, entry: OracleEntry, on: Switches = new Set()): IdfixVerdict | undefined {
	const run = new Run(value ?? '', on, entry);
	const identifierTruncates = !on.has(differences.noTruncation);
	switch (attribute) {
		case 'displayName': {
			if (value === undefined) {
				run.fail('blank', entry.cn);
				break;
			}
			if (on.has(differences.blankWhitespace) && value.trim() === '' && value !== '') {
				run.fail('blank', entry.cn);
				break;
			}
			run.textControls();
			if (on.has(differences.displayNameEdgeSpaces)) {
				const trimmed = run.value.replace(new RegExp(`^[${S}]+|[${S}]+$`, 'g'), '');
				if (trimmed !== run.value) run.fail('character', trimmed === '' ? run.value : trimmed);
			}
			run.maxLength(on.has(differences.displayNameLimit256) ? 256 : 255, true);
			if (run.value === '') run.fail('blank', entry.cn);
			break;
		}
		case 'givenName':
			if (value === undefined) return undefined;
			run.textControls();
			run.maxLength(on.has(differences.givenNameLimit64) ? 64 : 63, true);
			break;
		case 'mail':
		case 'otherMails':
			if (value === undefined) return undefined;
			if (attribute === 'otherMails' && !on.has(differences.mailAddressChecks)) return { errors: new Set(), proposed: undefined };
			run.address = true;
			run.maxLength(256, identifierTruncates);
			if (on.has(differences.mailAddressChecks)) {
				run.regex(proxySmtpInvalid);
				run.rfc2822(false);
			}
			break;
		case 'mailNickname': {
			if (value === undefined) return undefined;
			run.maxLength(64, identifierTruncates);
			if (on.has(differences.aliasCharacters)) {
				run.regex(`${S}"(),:;<>@\\[\\\\\\]\\u0080-\\uffff`);
			} else if (on.has(differences.controlCharacters)) {
				run.regex('');
			}
			const current = run.value;
			if (on.has(differences.aliasPeriods)) {
				const tidy = current.split('.').filter((piece) => piece !== '').join('.');
				if (tidy !== current) run.fail('character', tidy === '' ? current : tidy);
			} else if (/^[.]+/.test(current)) {
				const updated = current.replace(/^[.]+/, '');
				run.fail('character', updated === '' ? (on.has(differences.fixKeepsForm) ? current : entry.cn) : updated);
			}
			break;
		}
		case 'proxyAddresses':
		case 'targetAddress': {
			if (value === undefined) return undefined;
			const target = attribute === 'targetAddress';
			run.maxLength(target ? (on.has(differences.targetLimit256) ? 256 : 255) : 256, identifierTruncates);
			if (on.has(differences.prefixRequired) && value.indexOf(':') <= 0) run.flag('format');
			// The type is decided on the original value, as ProxyAddressComposedRule builds its list.
			const smtp = run.isSmtp(true);
			run.address = smtp;
			run.prefixed = true;
			// fix-keeps-form takes dirlint's fixes in dirlint's order: characters before colons.
			if (!on.has(differences.fixKeepsForm)) run.fixProxyColons();
			const prefix = on.has(differences.typeByPrefix) ? value.slice(0, Math.max(value.indexOf(':'), 0)).toLowerCase() : undefined;
			const x400 = !target && (prefix !== undefined ? prefix === 'x400' : x400Start.test(value));
			const x500 = !target && (prefix !== undefined ? prefix === 'x500' : x500Start.test(value));
			if (smtp) {
				run.regex(target ? targetSmtpInvalid : proxySmtpInvalid);
				if (on.has(differences.fixKeepsForm)) run.fixProxyColons();
				run.rfc2822(true);
			} else if (x400 || x500) {
				run.regex(on.has(differences.x500Apostrophe) ? x500Invalid.replace("'", '') : x500Invalid);
				if (on.has(differences.fixKeepsForm)) run.fixProxyColons();
			} else {
				run.regex(target ? targetInvalid : proxyInvalid);
				if (on.has(differences.fixKeepsForm)) run.fixProxyColons();
			}
			break;
		}
		case 'sAMAccountName':
			if (value === undefined) return undefined;
			run.maxLength(entry.objectClass.toLowerCase() === 'user' ? 20 : 256, identifierTruncates);
			run.regex(on.has(differences.controlCharacters) ? samInvalid + textControls : samInvalid);
			break;
		case 'userPrincipalName': {
			if (value === undefined) return undefined;
			run.address = true;
			run.maxLength(113, identifierTruncates);
			let invalid = upnInvalid;
			if (on.has(differences.upnApostrophe)) invalid = invalid.replace("'", '');
			if (on.has(differences.upnDollarBacktick)) invalid += '$`';
			run.regex(invalid);
			run.rfc2822(false);
			upnPartLengths(run, value);
			break;
		}
		default:
			return undefined;
	}
	return { errors: run.errors, proposed: run.errors.size > 0 ? run.proposed : undefined };
}

// ---- Skip (MultiTenantRuleCollection.Skip) -------------------------------------------------

/** The attributes Skip reads, each as its first value (an LDAP search result). */
export interface OracleSkipEntry {
	distinguishedName: string;
	cn?: string;
	objectClass: string[];
	isCriticalSystemObject?: string;
	sAMAccountName?: string;
	mailNickname?: string;
	displayName?: string;
	msExchHideFromAddressLists?: string;
	msExchRecipientTypeDetails?: string;
	groupType?: string;
	mail?: string;
	proxyAddresses?: string;
}

const wellKnownExclusions = ['Admini', 'CAS_{', 'DiscoverySearchMailbox', 'FederatedEmail', 'Guest', 'HTTPConnector', 'krbtgt', 'iusr_', 'iwam', 'msol', 'support_', 'SystemMailbox', 'WWIOadmini', 'HealthMailbox', 'Exchange Online-ApplicationAccount'];

/** Convert.ToBoolean on a string: "True"/"False" in any case, anything else throws. */
function toBoolean(text: string): boolean {
	const trimmed = text.trim().toLowerCase();
	if (trimmed === 'true') return true;
	if (trimmed === 'false') return false;
	throw new Error(`not a boolean: ${text}`);
}

/**
 * Whether IdFix skips the object. Skip catches every exception and then does not skip: an entry
 * without cn, or with a value Convert cannot read, is checked.
 */
export function idfixSkips(entry: OracleSkipEntry): boolean {
	try {
		if (entry.cn === undefined) throw new Error('no cn');
		const cn = entry.cn;
		if (cn.endsWith('$')) return true;
		for (const exclusion of wellKnownExclusions) if (cn.toUpperCase().startsWith(exclusion.toUpperCase())) return true;
		// The C# literal "\0ACNF:" is a NUL followed by ACNF:.
		if (entry.distinguishedName.toUpperCase().includes('\0ACNF:')) return true;
		if (entry.isCriticalSystemObject !== undefined && toBoolean(entry.isCriticalSystemObject)) return true;
		const objectType = entry.objectClass[entry.objectClass.length - 1];
		if (objectType.toLowerCase() === 'user') {
			const sam = entry.sAMAccountName?.toUpperCase();
			if (sam !== undefined && (sam.startsWith('CAS_') || sam.startsWith('SUPPORT_') || sam.startsWith('MSOL_'))) return true;
			const alias = entry.mailNickname?.toUpperCase();
			if (alias !== undefined && (alias.startsWith('CAS_') || alias.startsWith('SYSTEMMAILBOX'))) return true;
			if (entry.displayName !== undefined && entry.msExchHideFromAddressLists !== undefined
				&& toBoolean(entry.msExchHideFromAddressLists) && entry.displayName.toUpperCase().startsWith('MSOL')) return true;
			if (entry.msExchRecipientTypeDetails !== undefined
				&& ['0x1000', '0x2000', '0x4000', '0x400000', '0x800000', '0x1000000', '0x20000000'].includes(entry.msExchRecipientTypeDetails)) return true;
		}
		if (objectType.toLowerCase() === 'group') {
			if (entry.groupType === undefined) throw new Error('no groupType');
			const groupType = Number(entry.groupType);
			if (!Number.isInteger(groupType)) throw new Error('groupType is not a number');
			if (groupType < 0) {
				if (entry.mail === undefined) return true;
			} else if (entry.proxyAddresses === undefined) {
				return true;
			}
		}
		return false;
	} catch {
		return false;
	}
}
