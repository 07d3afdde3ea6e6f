/**
 * The dirlint engine: text in, plain findings, hovers, symbols and edits out. It imports nothing
 * from vscode or the language server protocol; the language server, the VS Code client and the
 * CLI are thin adapters over createLinter().
 */
import * as l10n from '@vscode/l10n';
import type { AttributeInfo } from '../../../shared/src/catalogue';
import { DiagnosticCode, DiagnosticCodes } from '../../../shared/src/codes';
import type { SeverityName, Settings } from '../../../shared/src/settings';
import { nonOverlapping, TextEdit, valueEdit } from './edits';
import { attributeCard, phoneCard } from './hoverCards';
import { ExportDocument, ExportFormat, Entry, AttributeValue, Attribute, Span, findAt } from './model';
import { readCsv } from './readers/csvReader';
import { readLdif } from './readers/ldifReader';
import { regionFromAlpha2, regionFromName, regionFromNumeric } from './regions';
import { createPhoneJudge, PhoneVerdict } from './rules/phoneRule';
import { phoneMessage } from './rules/phoneMessages';

export type Severity = Exclude<SeverityName, 'off'>;

export interface Fix {
	title: string;
	edit: TextEdit;
}

export interface Finding {
	code: DiagnosticCode;
	severity: Severity;
	span: Span;
	/** Localized; for a phone finding made only when read (most of a large export's are never shown). */
	readonly message: string;
	/** The LDAP name of the attribute the value belongs to. */
	attribute?: string;
	fix?: Fix;
	/** For a phone finding: the value and its verdict, from which the message is worded. */
	phone?: { value: string; verdict: PhoneVerdict };
}

/** The title of the fix that writes newText. */
export function fixTitle(newText: string): string {
	return l10n.t('Write {0}', newText);
}

/**
 * What the fix of a phone finding writes (before a value's LDIF encoding), or undefined where it
 * has none: the one rule for which phone findings can be fixed (pieces.ts reads it too).
 */
export function fixedText(code: DiagnosticCode, verdict: { canonical?: string }): string | undefined {
	return code === DiagnosticCodes.phoneInvalid ? undefined : verdict.canonical || undefined;
}

/** A phone fix whose title is worded when first read (a getter on the prototype: no closure per fix). */
class PhoneFix implements Fix {
	constructor(private readonly newText: string, readonly edit: TextEdit) {}

	get title(): string {
		return fixTitle(this.newText);
	}
}

/** A phone finding whose message and fix title are worded when first read. */
class PhoneFinding implements Finding {
	readonly phone: { value: string; verdict: PhoneVerdict };
	fix?: Fix;

	constructor(readonly code: DiagnosticCode, readonly severity: Severity, readonly span: Span, readonly attribute: string, value: AttributeValue, verdict: PhoneVerdict) {
		this.phone = { value: value.text, verdict };
		const canonical = fixedText(code, verdict);
		if (canonical) this.fix = new PhoneFix(canonical, valueEdit(value, canonical));
	}

	get message(): string {
		return phoneMessage(this.attribute, this.phone.value, this.phone.verdict);
	}
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

const readerSeverity: Partial<Record<DiagnosticCode, Severity>> = {
	[DiagnosticCodes.csvParse]: 'error',
	[DiagnosticCodes.ldifParse]: 'error',
	[DiagnosticCodes.ldifUnchecked]: 'information',
};

/** The severity a phone finding gets on an attribute, before the per-code setting. */
function phoneSeverity(info: AttributeInfo, settings: Settings): Severity | undefined {
	switch (info.phoneRole) {
		case 'sspr': return 'error';
		case 'alternate': return 'warning';
		case 'optional': return settings.checkAllPhoneAttributes ? 'information' : undefined;
		default: return undefined;
	}
}

function applySetting(code: DiagnosticCode, fallback: Severity, settings: Settings): Severity | undefined {
	const configured = settings.severity[code];
	if (configured === 'off') return undefined;
	return configured ?? fallback;
}

function firstChecked(values: readonly AttributeValue[]): AttributeValue | undefined {
	for (const value of values) if (value.checked) return value;
	return undefined;
}

/** The region numbers without a country code are read in: the row's c, countryCode or co, else the setting. */
export function entryRegion(entry: Entry, defaultRegion: string): string | undefined {
	let fromNumeric: string | undefined;
	let fromName: string | undefined;
	for (const attribute of entry.attributes) {
		const source = attribute.info.regionSource;
		if (!source) continue;
		const text = firstChecked(attribute.values)?.text;
		if (text === undefined) continue;
		if (source === 'alpha2') {
			const region = regionFromAlpha2(text);
			if (region) return region;
		} else if (source === 'numeric') fromNumeric ??= regionFromNumeric(text);
		else fromName ??= regionFromName(text);
	}
	return fromNumeric ?? fromName ?? (regionFromAlpha2(defaultRegion) || undefined);
}

/** The summary finding that stands, at the top of the file, for the problems beyond dirlint.maxProblems. */
export function tooManyProblems(hidden: number, fixable: number, settings: Settings): Finding {
	return {
		code: DiagnosticCodes.tooManyProblems,
		severity: 'warning',
		span: { start: 0, end: 0 },
		message: l10n.t('{0} more problems are not shown (dirlint.maxProblems is {1}); {2} of them can be fixed with "Fix all phone numbers in this file" or `dirlint fix`.', hidden, settings.maxProblems, fixable),
	};
}

export interface Linter {
	read(text: string, format: ExportFormat, settings: Settings): ExportDocument;
	/** Every finding, in document order. A cancelled run returns undefined. */
	validate(document: ExportDocument, settings: Settings, token?: Cancellation): Finding[] | undefined;
	/** At most settings.maxProblems findings, plus one summary finding counting the rest. */
	limit(findings: Finding[], settings: Settings): Finding[];
	hover(document: ExportDocument, offset: number, settings: Settings): Hover | undefined;
	symbols(document: ExportDocument): EntrySymbol[];
	/** The edits of every fix, sorted and without overlaps, ready to apply together. */
	fixAllEdits(findings: readonly Finding[]): TextEdit[];
}

export function createLinter(): Linter {
	const judge = createPhoneJudge();

	function judgeValue(entry: Entry, value: AttributeValue, settings: Settings): PhoneVerdict {
		return judge(value.text, entryRegion(entry, settings.defaultRegion));
	}

	function phoneFinding(attribute: Attribute, value: AttributeValue, verdict: PhoneVerdict, severity: Severity): Finding {
		return new PhoneFinding(verdict.code!, severity, value.span, attribute.info.ldapName, value, verdict);
	}

	return {
		read(text, format, settings) {
			return format === 'ldif' ? readLdif(text) : readCsv(text, { delimiter: settings.csv.delimiter });
		},

		validate(document, settings, token) {
			if (!document.recognized) return [];
			const findings: Finding[] = [];
			for (const problem of document.problems) {
				const severity = applySetting(problem.code, readerSeverity[problem.code] ?? 'error', settings);
				if (severity) findings.push({ code: problem.code, severity, span: problem.span, message: problem.message });
			}
			const entries = document.entries;
			for (let index = 0; index < entries.length; index++) {
				if ((index & 1023) === 1023 && token?.isCancellationRequested) return undefined;
				const entry = entries[index];
				let region: string | undefined | null = null;
				for (const attribute of entry.attributes) {
					if (attribute.info.kind !== 'phone') continue;
					const base = phoneSeverity(attribute.info, settings);
					if (!base) continue;
					for (const value of attribute.values) {
						if (!value.checked) continue;
						if (region === null) region = entryRegion(entry, settings.defaultRegion);
						const verdict = judge(value.text, region);
						if (!verdict.code) continue;
						const severity = applySetting(verdict.code, base, settings);
						if (severity) findings.push(phoneFinding(attribute, value, verdict, severity));
					}
				}
			}
			// Reader problems sit between entries, and an LDIF attribute may repeat after others: sort.
			return findings.sort((a, b) => a.span.start - b.span.start);
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
			if (name) return { markdown: attributeCard(name.info, settings), span: name.span };
			const entry = findAt(document.entries, offset);
			if (!entry) return undefined;
			for (const attribute of entry.attributes) {
				if (attribute.info.kind !== 'phone') continue;
				const value = attribute.values.find((candidate) => candidate.span.start <= offset && offset <= candidate.span.end);
				if (!value) continue;
				const checked = value.checked && phoneSeverity(attribute.info, settings) !== undefined;
				return { markdown: phoneCard(attribute, value, judgeValue(entry, value, settings), checked), span: value.span };
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
