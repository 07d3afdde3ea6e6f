/**
 * The dirlint engine: text in, plain findings, hovers, symbols and edits out. It imports nothing
 * from vscode or the language server protocol; the language server, the VS Code client and the
 * CLI are thin adapters over createLinter().
 *
 * The linter knows no rule: it reads a document, hands each entry to every rule family that is on
 * (rules/registry.ts), and collects what they report (findings, duplicate keys, records). Checks
 * that compare entries run after that, on the keys (duplicates.ts): per piece, only the keys are
 * collected; a whole document's own keys are judged by validate().
 */
import * as l10n from '@vscode/l10n';
import { codeTable, DiagnosticCode, DiagnosticCodes } from '../../../shared/src/codes';
import { today } from '../../../shared/src/clock';
import { familyEnabled, Settings } from '../../../shared/src/settings';
import { judgeDocumentKeys } from './duplicates';
import { nonOverlapping, TextEdit, valueEdit } from './edits';
import { attributeCard } from './hoverCards';
import { ExportDocument, ExportFormat, Entry, AttributeValue, Attribute, Span, findAt } from './model';
import { readCsv } from './readers/csvReader';
import { mixedKindsOf, readLdif } from './readers/ldifReader';
import { countryValuesOf, readRegion } from './regions';
import type { FindingWords, RuleChecker, RuleContext, RuleFamily, Severity } from './rules/family';
import { familyOf, ruleFamilies } from './rules/registry';

export type { Severity } from './rules/family';

export interface Fix {
	readonly title: string;
	/** Writes the new value in the value's own encoding (an LDIF `::` value may become `: plain`). */
	edit: TextEdit;
	/** The new value itself, before any encoding: what a change file writes. */
	value: string;
}

export interface Finding {
	code: DiagnosticCode;
	severity: Severity;
	span: Span;
	/** Localized; for a rule's finding, worded when first read (most of a large export's are never shown). */
	readonly message: string;
	/** The LDAP name of the attribute the finding is about. */
	attribute?: string;
	/** A rule's finding: the value it is about, as the directory holds it. */
	value?: string;
	/** A rule's finding: what its family words the message from (plain strings, so a finding crosses threads). */
	args?: readonly string[];
	fix?: Fix;
	/** A duplicate: where the other holders are. */
	related?: RelatedPlace[];
}

/** Another place a finding concerns (a duplicate's other holders), in the same document unless `document` says otherwise. */
export interface RelatedPlace {
	document?: string;
	span: Span;
	message: string;
}

/** A duplicate key an entry reported, with its place (see RuleContext.key). */
export interface EntryKey {
	/** The reporting family's id and its namespace: `sync:address`. */
	namespace: string;
	key: string;
	attribute: string;
	/** The value as written (for messages). */
	value: string;
	span: Span;
	/** The entry's identity: its DN lower-cased, else its sAMAccountName, or '' when it has neither (then every entry is its own). */
	entity: string;
	/** The entry's index in its document: tells entries without a DN apart. */
	entry: number;
}

/** A record a family made of an entry, for reports. */
export interface EntryRecord {
	family: string;
	/** Where the entry starts. */
	start: number;
	fields: readonly string[];
}

/** What the per-entry work of one document (or piece) gives. */
export interface DocumentCheck {
	findings: Finding[];
	keys: EntryKey[];
	records: EntryRecord[];
}

export interface Hover {
	markdown: string;
	span: Span;
}

export interface EntrySymbol {
	name: string;
	span: Span;
	selectionSpan: Span;
}

export interface Cancellation {
	readonly isCancellationRequested: boolean;
}

/** The format a file is read as, from its name or language id. */
export function formatOf(nameOrLanguage: string): ExportFormat {
	return /(^ldif$|\.ldif?$|\.ldf$)/i.test(nameOrLanguage) ? 'ldif' : 'csv';
}

/** The severity a code has with the settings: `fallback` unless dirlint.severity says otherwise; undefined when off. */
export function severityOf(code: DiagnosticCode, settings: Settings, fallback: Severity = codeTable[code].severity): Severity | undefined {
	const configured = settings.severity[code];
	if (configured === 'off') return undefined;
	return configured ?? fallback;
}

/** The message of a rule's finding, worded by the family that reported it. */
export function wordFinding(words: FindingWords, families: readonly RuleFamily[] = ruleFamilies): string {
	return familyOf(words.code, families)?.message(words) ?? '';
}

/** The title of a rule's fix, worded by the family that reported it. */
export function wordFix(words: FindingWords, fixValue: string, families: readonly RuleFamily[] = ruleFamilies): string {
	return familyOf(words.code, families)?.fixTitle(words, fixValue) ?? l10n.t('Write {0}', fixValue);
}

/** A rule's fix, whose title is worded when first read (a getter on the prototype: no closure per fix). */
class RuleFix implements Fix {
	constructor(private readonly finding: RuleFinding, readonly value: string, readonly edit: TextEdit) {}

	get title(): string {
		return wordFix(this.finding, this.value, this.finding.families);
	}
}

/** A rule's finding, whose message and fix title are worded when first read. */
class RuleFinding implements Finding {
	fix?: Fix;

	constructor(
		readonly code: DiagnosticCode,
		readonly severity: Severity,
		readonly span: Span,
		readonly attribute: string,
		readonly value: string,
		readonly args: readonly string[],
		readonly families: readonly RuleFamily[],
	) {}

	get message(): string {
		return wordFinding(this, this.families);
	}
}

/** The region numbers without a country code are read in: the row's c, countryCode or co, else the setting. */
export function entryRegion(entry: Entry, defaultRegion: string): string | undefined {
	return readRegion(countryValuesOf(entry).values, defaultRegion).region;
}

/** The summary finding that stands, at the top of the file, for the problems beyond dirlint.maxProblems. */
export function tooManyProblems(hidden: number, fixable: number, settings: Settings): Finding {
	return {
		code: DiagnosticCodes.tooManyProblems,
		severity: 'warning',
		span: { start: 0, end: 0 },
		message: l10n.t('{0} more problems are not shown (dirlint.maxProblems is {1}); {2} of them can be fixed with "Fix all fixable problems in this file" or `dirlint fix`.', hidden, settings.maxProblems, fixable),
	};
}

export interface LinterOptions {
	/** The families to run (default: the registry's). Tests pass their own. */
	families?: readonly RuleFamily[];
	/** The clock hovers word dated facts for (default: shared/src/clock.ts's). */
	now?: () => Date;
}

export interface Linter {
	readonly families: readonly RuleFamily[];
	read(text: string, format: ExportFormat, settings: Settings): ExportDocument;
	/**
	 * The per-entry work: every rule's findings in document order, the keys for the duplicate step
	 * and, when `recording`, the records for reports. A cancelled run returns undefined.
	 */
	check(document: ExportDocument, settings: Settings, token?: Cancellation, recording?: boolean): DocumentCheck | undefined;
	/** Every finding of a whole document, in document order, its own duplicates included. A cancelled run returns undefined. */
	validate(document: ExportDocument, settings: Settings, token?: Cancellation): Finding[] | undefined;
	/** At most settings.maxProblems findings, plus one summary finding counting the rest. */
	limit(findings: Finding[], settings: Settings): Finding[];
	hover(document: ExportDocument, offset: number, settings: Settings): Hover | undefined;
	symbols(document: ExportDocument): EntrySymbol[];
	/** The edits of every fix, sorted and without overlaps, ready to apply together. */
	fixAllEdits(findings: readonly Finding[]): TextEdit[];
}

/**
 * Which directory object an entry is, for duplicates: its DN lower-cased; in an export without DNs
 * its sAMAccountName (unique within a domain, so the same account exported to two files is one
 * object, not a duplicate of itself); '' when it has neither (then every entry is its own).
 */
function entityOf(entry: Entry): string {
	if (entry.dn !== undefined) return entry.dn.toLowerCase();
	for (const attribute of entry.attributes) {
		if (attribute.info.ldapName !== 'sAMAccountName') continue;
		const account = attribute.values[0]?.text.trim();
		return account ? `\u0002sam:${account.toLowerCase()}` : '';
	}
	return '';
}

/** The reporting side of one check: a RuleContext moved from entry to entry. */
class EntryContext implements RuleContext {
	entry!: Entry;
	private entryIndex = 0;
	private regionRead = false;
	private regionValue: string | undefined;
	private entity = '';
	/** The family whose checker is running. */
	family = '';

	constructor(readonly settings: Settings, private readonly result: DocumentCheck, private readonly families: readonly RuleFamily[], readonly recording: boolean) {}

	moveTo(entry: Entry, index: number): void {
		this.entry = entry;
		this.entryIndex = index;
		this.regionRead = false;
		this.entity = entityOf(entry);
	}

	get region(): string | undefined {
		if (!this.regionRead) {
			this.regionValue = entryRegion(this.entry, this.settings.defaultRegion);
			this.regionRead = true;
		}
		return this.regionValue;
	}

	severity(code: DiagnosticCode, fallback?: Severity): Severity | undefined {
		return severityOf(code, this.settings, fallback);
	}

	report(code: DiagnosticCode, severity: Severity, attribute: Attribute | string, value: AttributeValue | undefined, args: readonly string[], fixValue?: string, span?: Span): void {
		const name = typeof attribute === 'string' ? attribute : attribute.info.ldapName;
		const at = span ?? value?.span;
		if (!at) throw new Error(`dirlint: ${code} was reported without a place`);
		const finding = new RuleFinding(code, severity, at, name, value?.text ?? '', args, this.families);
		const edit = fixValue !== undefined && value ? valueEdit(value, fixValue) : undefined;
		if (edit) finding.fix = new RuleFix(finding, fixValue!, edit);
		this.result.findings.push(finding);
	}

	key(namespace: string, key: string, attribute: Attribute, value: AttributeValue): void {
		this.result.keys.push({ namespace: `${this.family}:${namespace}`, key, attribute: attribute.info.ldapName, value: value.text, span: value.span, entity: this.entity, entry: this.entryIndex });
	}

	record(fields: readonly string[]): void {
		if (this.recording) this.result.records.push({ family: this.family, start: this.entry.span.start, fields });
	}
}

export function createLinter(options: LinterOptions = {}): Linter {
	const families = options.families ?? ruleFamilies;
	const checkers = new Map<RuleFamily, RuleChecker>(families.map((family) => [family, family.createChecker()]));
	const now = options.now ?? today;

	function check(document: ExportDocument, settings: Settings, token?: Cancellation, recording = false): DocumentCheck | undefined {
		const result: DocumentCheck = { findings: [], keys: [], records: [] };
		if (!document.recognized) return result;
		for (const problem of document.problems) {
			const severity = severityOf(problem.code, settings);
			if (severity) result.findings.push({ code: problem.code, severity, span: problem.span, message: problem.message });
		}
		const running = families.filter((family) => familyEnabled(settings, family.id));
		const context = new EntryContext(settings, result, families, recording);
		const entries = document.entries;
		for (let index = 0; index < entries.length; index++) {
			if ((index & 1023) === 1023 && token?.isCancellationRequested) return undefined;
			context.moveTo(entries[index], index);
			for (const family of running) {
				context.family = family.id;
				checkers.get(family)!.check(context);
			}
		}
		// Reader problems sit between entries, an LDIF attribute may repeat after others, and families
		// report entry by entry: sort (stable, so one value's findings keep the order they were reported in).
		result.findings.sort((a, b) => a.span.start - b.span.start);
		return result;
	}

	return {
		families,

		read(text, format, settings) {
			return format === 'ldif' ? readLdif(text) : readCsv(text, { delimiter: settings.csv.delimiter });
		},

		check,

		validate(document, settings, token) {
			const result = check(document, settings, token);
			if (!result) return undefined;
			// The document-level checks: the file's own duplicates, and LDIF records of two kinds.
			const whole: Finding[] = [];
			if (result.keys.length > 0 && settings.duplicates.scope !== 'off') whole.push(...judgeDocumentKeys(result.keys, settings, families));
			const mixed = document.recognized ? mixedKindsOf(document.recordKinds) : undefined;
			const severity = mixed && severityOf(mixed.code, settings);
			if (mixed && severity) whole.push({ code: mixed.code, severity, span: mixed.span, message: mixed.message });
			if (whole.length === 0) return result.findings;
			return [...result.findings, ...whole].sort((a, b) => a.span.start - b.span.start);
		},

		limit(findings, settings) {
			if (findings.length <= settings.maxProblems) return findings;
			const shown = findings.slice(0, settings.maxProblems);
			const hidden = findings.length - shown.length;
			const fixable = findings.slice(settings.maxProblems).filter((finding) => finding.fix).length;
			shown.push(tooManyProblems(hidden, fixable, settings));
			return shown;
		},

		hover(document, offset, settings) {
			if (!document.recognized) return undefined;
			const name = findAt(document.names, offset);
			if (name) {
				const lines = families.flatMap((family) => (family.appliesTo(name.info) && family.attributeHover ? family.attributeHover(name.info, settings, now()) : []));
				return { markdown: attributeCard(name.info, settings, lines, now()), span: name.span };
			}
			const entry = findAt(document.entries, offset);
			if (!entry) return undefined;
			let region: string | undefined | null = null;
			for (const attribute of entry.attributes) {
				const value = attribute.values.find((candidate) => candidate.span.start <= offset && offset <= candidate.span.end);
				if (!value) continue;
				region ??= entryRegion(entry, settings.defaultRegion);
				const context = { settings, entry, region, now: now() };
				const parts = families.flatMap((family) => {
					if (!family.appliesTo(attribute.info)) return [];
					const markdown = checkers.get(family)!.valueHover?.(attribute, value, context);
					return markdown ? [markdown] : [];
				});
				if (parts.length > 0) return { markdown: parts.join('\n\n---\n\n'), span: value.span };
			}
			return undefined;
		},

		symbols(document) {
			const symbols: EntrySymbol[] = [];
			for (const entry of document.entries) {
				if (entry.dn !== undefined && entry.dnSpan) symbols.push({ name: entry.dn || l10n.t('(root DSE)'), span: entry.span, selectionSpan: entry.dnSpan });
			}
			return symbols;
		},

		fixAllEdits(findings) {
			const edits: TextEdit[] = [];
			for (const finding of findings) if (finding.fix) edits.push(finding.fix.edit);
			return nonOverlapping(edits);
		},
	};
}
