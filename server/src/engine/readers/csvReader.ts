/**
 * Reads csvde / Export-Csv / Excel CSV exports into the shared model.
 *
 * csv-parse does the parsing (quoting, doubled quotes, delimiters and line breaks inside quoted
 * fields, CRLF/LF). It reports records but not where each field sits in the text, so a cheap walk
 * then locates every parsed field in the text, checking as it goes that the text agrees with
 * what csv-parse returned. A row the walk cannot place, a row with the wrong number of fields and
 * an unclosed quote become `csv.parse` problems at the place, and reading resumes on the next line.
 */
import { parse } from 'csv-parse/sync';
import * as l10n from '@vscode/l10n';
import { findAttribute, AttributeInfo } from '../../../../shared/src/catalogue';
import { DiagnosticCodes } from '../../../../shared/src/codes';
import type { CsvDelimiterSetting } from '../../../../shared/src/settings';
import type { Attribute, AttributeValue, Entry, ExportDocument, NameOccurrence, ReadProblem, Span } from '../model';

export interface CsvReadOptions {
	delimiter: CsvDelimiterSetting;
}

type Delimiter = ',' | ';' | '\t';

/** Where the header starts: after a BOM and a Windows PowerShell `#TYPE …` line. */
export function csvContentStart(text: string): number {
	let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	if (text.startsWith('#TYPE', start)) {
		const newline = text.indexOf('\n', start);
		start = newline < 0 ? text.length : newline + 1;
	}
	return start;
}

/** Picks the delimiter that splits the header line most often, outside quotes. */
export function detectDelimiter(text: string, start: number): Delimiter {
	const counts = { ',': 0, ';': 0, '\t': 0 };
	let quoted = false;
	for (let i = start; i < text.length; i++) {
		const ch = text[i];
		if (ch === '"') quoted = !quoted;
		else if (!quoted && (ch === '\n' || ch === '\r')) break;
		else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
	}
	if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
	if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
	return ',';
}

interface Column {
	index: number;
	info: AttributeInfo;
	name: string;
	nameSpan: Span;
}

/**
 * Where each field of the record being placed sits: reused from record to record, so placing
 * a record allocates nothing; Span objects are made only for the cells the model keeps.
 */
class FieldOffsets {
	starts = new Int32Array(64);
	ends = new Int32Array(64);
	/** 1 when a field's text differs from its value (doubled quotes inside). */
	escaped = new Uint8Array(64);

	ensure(count: number): void {
		if (count <= this.starts.length) return;
		this.starts = new Int32Array(count * 2);
		this.ends = new Int32Array(count * 2);
		this.escaped = new Uint8Array(count * 2);
	}

	span(index: number): Span {
		return { start: this.starts[index], end: this.ends[index] };
	}
}

function isLineBreak(code: number): boolean {
	return code === 10 || code === 13;
}

function skipLineBreak(text: string, pos: number): number {
	if (text.charCodeAt(pos) === 13) pos++;
	if (text.charCodeAt(pos) === 10) pos++;
	return pos;
}

function lineEnd(text: string, pos: number): number {
	let end = pos;
	while (end < text.length && !isLineBreak(text.charCodeAt(end))) end++;
	return end;
}

/**
 * Places one parsed record in the text starting at `pos`, filling `offsets`: returns where the
 * record ends, or -1 when the text does not agree with the parsed fields.
 */
function placeRecord(text: string, pos: number, fields: string[], delimiter: Delimiter, offsets: FieldOffsets): number {
	offsets.ensure(fields.length);
	const { starts, ends, escaped } = offsets;
	for (let i = 0; i < fields.length; i++) {
		const value = fields[i];
		if (text.charCodeAt(pos) === 34 /* " */) {
			let close = -1;
			let quotes = 0;
			for (let search = pos + 1; ;) {
				const quote = text.indexOf('"', search);
				if (quote < 0) break;
				if (text.charCodeAt(quote + 1) === 34) {
					quotes++;
					search = quote + 2;
					continue;
				}
				close = quote;
				break;
			}
			const next = close + 1;
			if (close >= 0 && close - pos - 1 - quotes === value.length &&
				(next === text.length || text[next] === delimiter || isLineBreak(text.charCodeAt(next)))) {
				starts[i] = pos + 1;
				ends[i] = close;
				escaped[i] = quotes > 0 ? 1 : 0;
				pos = next;
			} else if (text.startsWith(value, pos)) {
				// csv-parse's relax_quotes kept a stray quote as text: the field is its raw text.
				starts[i] = pos;
				ends[i] = pos + value.length;
				escaped[i] = 0;
				pos += value.length;
			} else {
				return -1;
			}
		} else {
			if (!text.startsWith(value, pos)) return -1;
			starts[i] = pos;
			ends[i] = pos + value.length;
			escaped[i] = 0;
			pos += value.length;
		}
		if (i < fields.length - 1) {
			if (text[pos] !== delimiter) return -1;
			pos++;
		}
	}
	if (pos < text.length && !isLineBreak(text.charCodeAt(pos))) return -1;
	return pos;
}

/** Finds the opening quote that never closes on a record's first line. */
function unclosedQuoteSpan(text: string, start: number, delimiter: Delimiter): Span {
	const end = lineEnd(text, start);
	let fieldStart = start;
	while (fieldStart <= end) {
		if (text[fieldStart] === '"') {
			let search = fieldStart + 1;
			let closed = false;
			while (search < end) {
				const quote = text.indexOf('"', search);
				if (quote < 0 || quote >= end) break;
				if (text[quote + 1] === '"') {
					search = quote + 2;
					continue;
				}
				closed = true;
				search = quote + 1;
				break;
			}
			if (!closed) return { start: fieldStart, end };
			fieldStart = search;
		}
		const next = text.indexOf(delimiter, fieldStart);
		if (next < 0 || next >= end) break;
		fieldStart = next + 1;
	}
	return { start, end };
}

interface Segment {
	records: string[][];
	/** Set when csv-parse gave up on a record it could not close. */
	unclosed: boolean;
}

function parseSegment(text: string, from: number, delimiter: Delimiter): Segment {
	let unclosed = false;
	const records = parse(from === 0 ? text : text.slice(from), {
		delimiter,
		relax_column_count: true,
		relax_quotes: true,
		skip_empty_lines: true,
		skip_records_with_error: true,
		on_skip: (error: { code?: string } | undefined) => {
			if (error?.code === 'CSV_QUOTE_NOT_CLOSED') unclosed = true;
		},
	}) as string[][];
	return { records, unclosed };
}

/** Splits a csvde multi-valued cell (`+1 425…;+1 206…`) into its values. */
function cellValues(value: string, span: Span, escaped: boolean, multiValued: boolean): AttributeValue[] {
	if (value === '') return [];
	if (!multiValued || escaped || value.indexOf(';') < 0) {
		return [{ text: value, span, editSpan: span, encoding: 'plain', checked: true }];
	}
	const values: AttributeValue[] = [];
	let offset = 0;
	for (const part of value.split(';')) {
		if (part !== '') {
			const partSpan = { start: span.start + offset, end: span.start + offset + part.length };
			values.push({ text: part, span: partSpan, editSpan: partSpan, encoding: 'plain', checked: true });
		}
		offset += part.length + 1;
	}
	return values;
}

export function readCsv(text: string, options: CsvReadOptions): ExportDocument {
	const start = csvContentStart(text);
	const delimiter: Delimiter = options.delimiter === 'auto' ? detectDelimiter(text, start) : options.delimiter;
	const document: ExportDocument = { format: 'csv', entries: [], names: [], problems: [], recognized: false };
	const problems: ReadProblem[] = document.problems;

	let columns: Column[] | undefined;
	let headerLength = 0;
	let dnColumn = -1;
	let pos = start;

	const problem = (span: Span, message: string) => problems.push({ code: DiagnosticCodes.csvParse, span, message });
	const offsets = new FieldOffsets();

	while (pos < text.length) {
		const segment = parseSegment(text, pos, delimiter);
		let lost = false;
		for (const fields of segment.records) {
			while (pos < text.length && isLineBreak(text.charCodeAt(pos))) pos++;
			const recordStart = pos;
			const recordEnd = placeRecord(text, pos, fields, delimiter, offsets);
			if (recordEnd < 0) {
				if (!columns) return document;
				const end = lineEnd(text, pos);
				problem({ start: pos, end }, l10n.t('This row could not be read as CSV; it is not checked.'));
				pos = skipLineBreak(text, end);
				lost = true;
				break;
			}
			pos = skipLineBreak(text, recordEnd);
			if (!columns) {
				columns = [];
				headerLength = fields.length;
				fields.forEach((name, index) => {
					const info = findAttribute(name);
					if (info) {
						const column = { index, info, name, nameSpan: offsets.span(index) };
						columns!.push(column);
						document.names.push({ info, span: column.nameSpan } satisfies NameOccurrence);
					}
					const lower = name.trim().toLowerCase();
					if (lower === 'dn' || lower === 'distinguishedname') dnColumn = index;
				});
				if (columns.length === 0) return document;
				document.recognized = true;
				continue;
			}
			if (fields.length !== headerLength) {
				const firstLineEnd = lineEnd(text, recordStart);
				if (firstLineEnd < recordEnd) {
					// A quote left open ran into the next lines: report it and read those lines again.
					problem(unclosedQuoteSpan(text, recordStart, delimiter), l10n.t('This quoted field is not closed on its line; the row is not checked.'));
					pos = skipLineBreak(text, firstLineEnd);
					lost = true;
					break;
				}
				problem({ start: recordStart, end: firstLineEnd },
					l10n.t('This row has {0} fields but the header has {1}; its cells are not checked.', fields.length, headerLength));
				continue;
			}
			const attributes: Attribute[] = [];
			for (const column of columns) {
				const value = fields[column.index];
				if (value === '') continue;
				const values = cellValues(value, offsets.span(column.index), offsets.escaped[column.index] === 1, column.info.multiValued);
				if (values.length > 0) attributes.push({ name: column.name, info: column.info, nameSpan: column.nameSpan, values });
			}
			const entry: Entry = { span: { start: recordStart, end: recordEnd }, attributes };
			if (dnColumn >= 0) {
				entry.dn = fields[dnColumn];
				entry.dnSpan = offsets.span(dnColumn);
			}
			document.entries.push(entry);
		}
		if (lost) continue;
		while (pos < text.length && isLineBreak(text.charCodeAt(pos))) pos++;
		if (pos >= text.length) break;
		if (!columns) return document;
		if (segment.unclosed) {
			problem(unclosedQuoteSpan(text, pos, delimiter), l10n.t('This quoted field is not closed on its line; the row is not checked.'));
			pos = skipLineBreak(text, lineEnd(text, pos));
		} else {
			// csv-parse stopped without saying why: report the line and carry on after it.
			const end = lineEnd(text, pos);
			problem({ start: pos, end }, l10n.t('This row could not be read as CSV; it is not checked.'));
			pos = skipLineBreak(text, end);
		}
	}
	return document;
}
