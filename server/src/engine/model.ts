/**
 * The one model both readers produce. An export is a list of entries (users), each with the
 * catalogue attributes it carries, each value with its exact place in the document. Rules,
 * fixes and hovers read only this model and never know whether it came from CSV or LDIF.
 *
 * All positions are offsets into the document text as the editor holds it (UTF-16 code units,
 * the same unit as LSP positions), so adapters convert them with the document's own line index.
 */
import type { AttributeInfo } from '../../../shared/src/catalogue';
import type { DiagnosticCode } from '../../../shared/src/codes';

export interface Span {
	start: number;
	end: number;
}

/**
 * How a value is written, which decides how a new value is written back:
 * - 'plain': the span holds the value's text as is (a CSV cell's text inside its quotes, a part of a
 *   csvde multi-valued cell, an LDIF `attr: value`, possibly across folded lines);
 * - 'base64': an LDIF `attr:: base64` value; `editSpan` starts at the `::` separator.
 */
export type ValueEncoding = 'plain' | 'base64';

export interface AttributeValue {
	/** The value as the directory holds it (CSV quotes removed, base64 decoded, folds joined). */
	text: string;
	/** Where the value is written; diagnostics underline this. */
	span: Span;
	/** What a fix replaces; equal to `span` for plain values. */
	editSpan: Span;
	encoding: ValueEncoding;
	/** False for values the rules must not judge (LDIF values being deleted, `:<` URL values). */
	checked: boolean;
	/** A CSV value: how it sits in its cell, which decides how (and whether) a new value can be written there. */
	cell?: CsvCell;
}

/**
 * How a CSV value sits in its cell. A fix must never change a file's structure: a new value that
 * would end its field or row, or a bare quote it would take away or add, changes how every later
 * quote pairs and every later row reads. The reader shares one object per kind of cell.
 */
export interface CsvCell {
	/** The cell is quoted: quotes in a new value are doubled. */
	quoted: boolean;
	/** What a new value must not hold to stay one value of one cell (the delimiter, quotes and line breaks of a bare cell; `;` between the values of a multi-valued one). */
	forbidden?: RegExp;
	/** The text as written holds a bare quote: any new text changes how the row's quotes pair, so none is written. */
	frozen: boolean;
}

export interface Attribute {
	/** The name as written in the file (header cell or LDIF attribute description). */
	name: string;
	info: AttributeInfo;
	nameSpan: Span;
	values: AttributeValue[];
	/**
	 * A CSV cell left empty in a column the catalogue marks required (displayName): the attribute
	 * then has no values, and this is its empty cell as a value of no text (its place, and how a
	 * value can be written there), for a rule to report the blank at and fix.
	 */
	blank?: AttributeValue;
}

export interface Entry {
	/** From the first character of the record to the end of its last line. */
	span: Span;
	/** The distinguished name, when the format has one (LDIF dn:, csvde DN column). */
	dn?: string;
	dnSpan?: Span;
	/** Only catalogue attributes; everything else in the file is left out of the model. */
	attributes: Attribute[];
	/** An LDIF change record's changetype (add, modify, delete, modrdn, moddn), lower-cased; undefined for a content record. */
	changeType?: string;
	/**
	 * The record lists every attribute the object has (an LDIF entry, or a changetype: add record), so
	 * one it does not list is absent. A CSV row holds only its header's columns, a modify record only
	 * what changes.
	 */
	whole?: boolean;
}

/** A structural problem a reader found: reported as a diagnostic at the place. */
export interface ReadProblem {
	code: DiagnosticCode;
	span: Span;
	/** Already localized. */
	message: string;
}

/** An attribute name written in the file (a header cell, an LDIF attribute name), for hovers. */
export interface NameOccurrence {
	info: AttributeInfo;
	span: Span;
}

export type ExportFormat = 'csv' | 'ldif';

/** How many LDIF content and change records a text holds, and where the first of each is (its dn: line). */
export interface RecordKinds {
	content: number;
	change: number;
	firstContent?: Span;
	firstChange?: Span;
}

export interface ExportDocument {
	format: ExportFormat;
	/** LDIF: the kinds of records read, for the document-level check that a file does not mix them. */
	recordKinds?: RecordKinds;
	entries: Entry[];
	/** Catalogue attribute names in document order. */
	names: NameOccurrence[];
	problems: ReadProblem[];
	/** False when the file is not an AD export dirlint understands (a CSV without catalogue columns). */
	recognized: boolean;
}

/** Finds the item whose span contains offset, in a list sorted by span start. */
export function findAt<T extends { span: Span }>(items: readonly T[], offset: number): T | undefined {
	let low = 0;
	let high = items.length - 1;
	while (low <= high) {
		const middle = (low + high) >> 1;
		const span = items[middle].span;
		if (offset < span.start) high = middle - 1;
		else if (offset > span.end) low = middle + 1;
		else return items[middle];
	}
	return undefined;
}

/** The index of the last of the sorted starts that is at or before offset (0 when none is). */
export function lastAtOrBefore(starts: readonly number[], offset: number): number {
	let low = 0;
	let high = starts.length - 1;
	while (low < high) {
		const middle = (low + high + 1) >> 1;
		if (starts[middle] <= offset) low = middle;
		else high = middle - 1;
	}
	return low;
}
