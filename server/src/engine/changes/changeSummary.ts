/**
 * What a change file will do, for a preview before it is applied: how many entries and values
 * change, per attribute; duplicates dropped; entries and attributes skipped, and why.
 */
import * as l10n from '@vscode/l10n';
import type { NotWrittenReason } from './changeModel';

export interface AttributeTally {
	/** The attribute as the change file writes it. */
	attribute: string;
	/** Entries in which it changes. */
	entries: number;
	/** Values that change: fixed values, or values added or removed. */
	values: number;
	duplicatesDropped: number;
}

/**
 * Why an entry is not in the change file:
 * - no-dn: the export gives it no DN (a CSV without a DN or DistinguishedName column);
 * - change-record: an LDIF change record (changetype:), not an exported entry;
 * - only-in-before / only-in-after: comparing two exports, its DN is in one file only
 *   (dirlint never deletes or creates an entry).
 */
export type SkippedEntryReason = 'no-dn' | 'change-record' | 'only-in-before' | 'only-in-after';

export interface SkippedEntry {
	reason: SkippedEntryReason;
	/** The 1-based line the entry starts on, in its own file. */
	line: number;
	dn?: string;
}

/**
 * Why an attribute of an entry is not written: never written (see NotWrittenReason), or its
 * whole set of values is not known from the export, which a replace needs:
 * - url: a value is an LDIF `:<` URL, which dirlint does not open;
 * - partial: the LDIF description has a `;range=` option (a part of a large set);
 * - unexpanded: Get-ADUser's CSV holds `Microsoft.ActiveDirectory.Management.ADPropertyValueCollection`.
 */
export type SkippedAttributeReason = NotWrittenReason | 'url' | 'partial' | 'unexpanded';

export interface SkippedAttribute {
	attribute: string;
	reason: SkippedAttributeReason;
	entries: number;
	/** The line of the first such entry. */
	firstLine: number;
}

export interface ChangeSummary {
	/** fixes: the fixes of one export; between: the differences between two. */
	mode: 'fixes' | 'between';
	/** Entries with a record in the change file. */
	entries: number;
	values: number;
	duplicatesDropped: number;
	/** In the order attributes first changed. */
	attributes: AttributeTally[];
	/** Per reason, at most `skippedEntryListLimit` listed; `skippedEntryCounts` has them all. */
	skippedEntries: SkippedEntry[];
	skippedEntryCounts: Record<SkippedEntryReason, number>;
	skippedAttributes: SkippedAttribute[];
	/** Comparing two exports: attributes only one of them holds (a column or an LDIF attribute), not compared. */
	notCompared: string[];
	/** Records the readers could not read (csv.parse, ldif.parse), per file: they are not in the change file. */
	unreadable: { before: number; after: number };
	/** Per file, false when no part of it is an export dirlint reads (a CSV without catalogue columns). */
	recognized: { before: boolean; after: boolean };
}

/** The reasons, in the order a summary lists them. */
const skippedEntryReasons: readonly SkippedEntryReason[] = ['no-dn', 'change-record', 'only-in-before', 'only-in-after'];

/** Entries listed per skip reason; the counts go on past it. */
export const skippedEntryListLimit = 1000;

/** Collects a summary as entries are compared or fixed. */
export class ChangeTally {
	private readonly attributes = new Map<string, AttributeTally>();
	private readonly skippedAttributes = new Map<string, SkippedAttribute>();
	private readonly skippedEntries: SkippedEntry[] = [];
	private readonly skippedEntryCounts: Record<SkippedEntryReason, number> = { 'no-dn': 0, 'change-record': 0, 'only-in-before': 0, 'only-in-after': 0 };
	private entries = 0;
	notCompared: string[] = [];
	readonly unreadable = { before: 0, after: 0 };
	readonly recognized: { before: boolean; after: boolean };

	constructor(private readonly mode: ChangeSummary['mode']) {
		// Fixing one export, there is no second file to recognize.
		this.recognized = { before: false, after: mode === 'fixes' };
	}

	/** An entry written to the change file. */
	entry(): void {
		this.entries++;
	}

	/** An attribute of an entry written to the change file. */
	attribute(attribute: string, values: number, duplicatesDropped: number): void {
		let tally = this.attributes.get(attribute);
		if (!tally) {
			tally = { attribute, entries: 0, values: 0, duplicatesDropped: 0 };
			this.attributes.set(attribute, tally);
		}
		tally.entries++;
		tally.values += values;
		tally.duplicatesDropped += duplicatesDropped;
	}

	skipEntry(skipped: SkippedEntry): void {
		if (this.skippedEntryCounts[skipped.reason]++ < skippedEntryListLimit) this.skippedEntries.push(skipped);
	}

	skipAttribute(attribute: string, reason: SkippedAttributeReason, line: number): void {
		const key = `${reason}\n${attribute}`;
		const skipped = this.skippedAttributes.get(key);
		if (skipped) skipped.entries++;
		else this.skippedAttributes.set(key, { attribute, reason, entries: 1, firstLine: line });
	}

	summary(): ChangeSummary {
		const attributes = [...this.attributes.values()];
		return {
			mode: this.mode,
			entries: this.entries,
			values: attributes.reduce((sum, tally) => sum + tally.values, 0),
			duplicatesDropped: attributes.reduce((sum, tally) => sum + tally.duplicatesDropped, 0),
			attributes,
			skippedEntries: [...this.skippedEntries].sort((a, b) => skippedEntryReasons.indexOf(a.reason) - skippedEntryReasons.indexOf(b.reason) || a.line - b.line),
			skippedEntryCounts: { ...this.skippedEntryCounts },
			skippedAttributes: [...this.skippedAttributes.values()],
			notCompared: [...this.notCompared],
			unreadable: { ...this.unreadable },
			recognized: { ...this.recognized },
		};
	}
}

/** The file names a summary is worded with: the export (or BEFORE) and, comparing, AFTER. */
export interface SummaryNames {
	before: string;
	after?: string;
}

function skippedEntryLine(skipped: SkippedEntry, names: SummaryNames): string {
	const dn = skipped.dn ?? '';
	const after = names.after ?? '';
	switch (skipped.reason) {
		case 'no-dn':
			return l10n.t('Line {0}: this entry has no DN, so the directory cannot be told which entry to change; it is skipped.', skipped.line);
		case 'change-record':
			return l10n.t('Line {0}: {1} is a change record (changetype:), not an exported entry; it is skipped.', skipped.line, dn);
		case 'only-in-before':
			return l10n.t('{0} line {1}: {2} is not in {3}; it is skipped (dirlint never deletes an entry).', names.before, skipped.line, dn, after);
		case 'only-in-after':
			return l10n.t('{0} line {1}: {2} is not in {3}; it is skipped (dirlint never creates an entry).', after, skipped.line, dn, names.before);
	}
}

function skippedAttributeLine(skipped: SkippedAttribute): string {
	const { attribute, entries, firstLine } = skipped;
	switch (skipped.reason) {
		case 'rename':
			return l10n.t('{0} is not written ({1} entries, the first on line {2}): it names the entry, and renaming is a modrdn operation, not a modify.', attribute, entries, firstLine);
		case 'object-class':
			return l10n.t('{0} is not written ({1} entries, the first on line {2}): dirlint never changes what kind of object an entry is.', attribute, entries, firstLine);
		case 'operational':
			return l10n.t('{0} is not written ({1} entries, the first on line {2}): the directory maintains it.', attribute, entries, firstLine);
		case 'url':
			return l10n.t('{0} is not written ({1} entries, the first on line {2}): a value is a URL (:<), which dirlint does not open, so the whole set of values is not known.', attribute, entries, firstLine);
		case 'partial':
			return l10n.t('{0} is not written ({1} entries, the first on line {2}): the export holds only a range of its values (;range=), so the whole set is not known.', attribute, entries, firstLine);
		case 'unexpanded':
			return l10n.t('{0} is not written ({1} entries, the first on line {2}): the export holds the text Microsoft.ActiveDirectory.Management.ADPropertyValueCollection instead of the values.', attribute, entries, firstLine);
	}
}

/** Columns a terminal gives text: two for each East Asian wide character (the zh-cn headings), one for the rest. */
function displayWidth(text: string): number {
	let width = 0;
	for (const character of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(character) ? 2 : 1;
	return width;
}

function table(rows: readonly (readonly string[])[]): string[] {
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => displayWidth(row[column]))));
	const pad = (cell: string, column: number) => {
		const fill = ' '.repeat(widths[column] - displayWidth(cell));
		return column === 0 ? cell + fill : fill + cell;
	};
	return rows.map((row) => row.map(pad).join('  ').trimEnd());
}

/** The summary as lines of text, for the CLI and previews. */
export function describeChangeSummary(summary: ChangeSummary, names: SummaryNames): string[] {
	const lines: string[] = [];
	for (const [name, recognized] of [[names.before, summary.recognized.before], [names.after, summary.recognized.after]] as const) {
		if (!recognized && name !== undefined) lines.push(l10n.t('{0} is not an Active Directory export dirlint reads (it has no attribute dirlint knows).', name));
	}
	const skipped = Object.values(summary.skippedEntryCounts).some((count) => count > 0) || summary.skippedAttributes.length > 0;
	lines.push(summary.entries === 0 && !skipped
		? l10n.t('Nothing to change.')
		: l10n.t('Entries that change: {0}. Values changed: {1}.', summary.entries, summary.values));
	if (summary.attributes.length > 0) {
		const rows = [[l10n.t('Attribute'), l10n.t('Entries'), l10n.t('Values changed'), l10n.t('Duplicates dropped')]];
		for (const tally of summary.attributes) rows.push([tally.attribute, String(tally.entries), String(tally.values), String(tally.duplicatesDropped)]);
		lines.push(...table(rows).map((row) => `  ${row}`));
	}
	if (summary.duplicatesDropped > 0) {
		lines.push(l10n.t('Duplicate values dropped: {0}. Two values of one attribute were the same once fixed, and Active Directory refuses a value given twice.', summary.duplicatesDropped));
	}
	for (const skipped of summary.skippedAttributes) lines.push(skippedAttributeLine(skipped));
	for (const attribute of summary.notCompared) {
		lines.push(l10n.t('{0} is in only one of the two files, so it is not compared.', attribute));
	}
	for (const reason of skippedEntryReasons) {
		const listed = summary.skippedEntries.filter((skipped) => skipped.reason === reason);
		for (const skipped of listed) lines.push(skippedEntryLine(skipped, names));
		const more = summary.skippedEntryCounts[reason] - listed.length;
		if (more > 0) lines.push(l10n.t('… and {0} more entries skipped for the same reason.', more));
	}
	if (summary.unreadable.before > 0) {
		lines.push(l10n.t('Records of {0} that could not be read: {1} (dirlint check lists them). They are not in the change file.', names.before, summary.unreadable.before));
	}
	if (summary.unreadable.after > 0 && names.after !== undefined) {
		lines.push(l10n.t('Records of {0} that could not be read: {1} (dirlint check lists them). They are not in the change file.', names.after, summary.unreadable.after));
	}
	return lines;
}
