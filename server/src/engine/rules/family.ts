/**
 * The rule seam. A rule family is one module (phone numbers, identity attributes, SSPR readiness):
 * it says which catalogue attributes it judges, which codes it reports (codes live in
 * shared/src/codes.ts's one table), how it judges an entry, how its findings are worded and fixed,
 * and what it adds to hovers. `registry.ts` lists the families; the readers, pieces, packing,
 * worker threads, the CLI and the language server know no family by name.
 *
 * A family reports through a RuleContext: findings (with plain string arguments, so they can cross
 * threads and be worded later, in the reader's language), keys for the document-level duplicate
 * step, and records (one per entry, for reports). Everything a family reports is plain data.
 */
import type { AttributeInfo } from '../../../../shared/src/catalogue';
import type { DiagnosticCode } from '../../../../shared/src/codes';
import type { Settings } from '../../../../shared/src/settings';
import type { Attribute, AttributeValue, Entry, Span } from '../model';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** What a finding is worded from: its code, the attribute (LDAP name), the value and the family's arguments. */
export interface FindingWords {
	code: DiagnosticCode;
	attribute: string;
	value: string;
	args: readonly string[];
}

/** What a family reports for one entry. */
export interface RuleContext {
	readonly settings: Settings;
	/** The entry being judged. */
	readonly entry: Entry;
	/** The region numbers written without a country code are read in: the entry's c, countryCode or co, else the setting. */
	readonly region: string | undefined;
	/** The severity a code has with the settings: `fallback` (the code's default) unless dirlint.severity says otherwise; undefined when off. */
	severity(code: DiagnosticCode, fallback?: Severity): Severity | undefined;
	/**
	 * Reports a finding on a value (underlining `span`, the value's own span by default), or on the
	 * entry (value undefined: `span` is required). `fixValue` is the whole new value of a fixable
	 * finding; the fix writes it in the value's own encoding.
	 */
	report(code: DiagnosticCode, severity: Severity, attribute: Attribute | string, value: AttributeValue | undefined, args: readonly string[], fixValue?: string, span?: Span): void;
	/**
	 * A key for the document-level duplicate step: `key` normalised the way the family compares,
	 * in `namespace` (values collide only within one namespace, and only across entries).
	 */
	key(namespace: string, key: string, attribute: Attribute, value: AttributeValue): void;
	/**
	 * Whether records are collected in this run (a report asked for them). A family whose work is only
	 * for records skips it otherwise: the editor's lint collects none, and a report lints for them.
	 */
	readonly recording: boolean;
	/** A record of this entry for reports: plain strings, in the family's own order (kept only while recording). */
	record(fields: readonly string[]): void;
}

/** What a value hover is made from. */
export interface ValueHoverContext {
	readonly settings: Settings;
	readonly entry: Entry;
	readonly region: string | undefined;
	/** The current date (hovers that state dated facts word them for it). */
	readonly now: Date;
}

/**
 * A holder of a duplicated key, as the family words it. The value itself is underlined (and the
 * CLI, which keeps only a fingerprint of each key to stay within its memory, does not have it).
 */
export interface DuplicateWords {
	attribute: string;
	namespace: string;
	/** How many other objects hold the value. */
	others: number;
	/** The attribute the (first) other object holds it in. */
	otherAttribute: string;
	/** The file the (first) other object is in, where that is another file than the holder's. */
	otherFile?: string;
}

export interface RuleFamily {
	/** The family's id, as codeTable's `family` names it; `dirlint.rules.<id>: false` switches it off. */
	readonly id: string;
	/** Whether the family judges values of this catalogue attribute (its hovers are asked about them). */
	appliesTo(info: AttributeInfo): boolean;
	/** A checker for one linter: a family may keep caches in it (a linter lives as long as its thread or piece). */
	createChecker(): RuleChecker;
	/** The message of one of its findings. */
	message(finding: FindingWords): string;
	/** The title of a finding's fix, which writes `fixValue`. */
	fixTitle(finding: FindingWords, fixValue: string): string;
	/** Markdown lines for the hover on an attribute name the family applies to. */
	attributeHover?(info: AttributeInfo, settings: Settings, now: Date): string[];
	/** For a family that reports keys: the code of a duplicate, and its message. */
	duplicates?: {
		code: DiagnosticCode;
		message(words: DuplicateWords): string;
	};
}

/** A family's judging, with whatever state it keeps for one linter. */
export interface RuleChecker {
	/** Judges one entry, reporting through the context. Must not depend on any other entry. */
	check(context: RuleContext): void;
	/** The markdown hover on a value of an attribute the family applies to, or undefined. */
	valueHover?(attribute: Attribute, value: AttributeValue, context: ValueHoverContext): string | undefined;
}
