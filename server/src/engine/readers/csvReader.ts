/**
 * Reads csvde / Export-Csv / Excel CSV exports into the shared model.
 *
 * Records are found first: a record ends at the file's line break outside quotes (csvRecordEnd,
 * which test/unit/pieces.test.ts checks against csv-parse). csv-parse then reads each record
 * (quoting, doubled quotes, delimiters and line breaks inside quoted fields). It reports fields but
 * not where each sits in the text, so a cheap walk locates every parsed field in the text, checking
 * as it goes that the text agrees with what csv-parse returned. A row the walk cannot place, a row
 * with the wrong number of fields and an unclosed quote become `csv.parse` problems at the place,
 * and reading resumes on the next line.
 *
 * A fast path reads plain records itself, as the phone rule's fast path judges plain numbers: a
 * record on one line whose fields are unquoted without any quote, or quoted and closed right before
 * a delimiter or the line break, with as many fields as the header. That is nearly every record of
 * a real export, and reading it needs no parser: csv-parse costs about 15 times as much per byte
 * (docs/performance.md). Every other record goes to csv-parse. test/unit/csvFastPath.test.ts checks
 * on random and broken CSV and on every fixture that the fast path reads exactly what csv-parse
 * reads.
 */
import { parse } from 'csv-parse/sync';
import * as l10n from '@vscode/l10n';
import { findAttribute, AttributeInfo } from '../../../../shared/src/catalogue';
import { DiagnosticCodes } from '../../../../shared/src/codes';
import type { CsvDelimiterSetting } from '../../../../shared/src/settings';
import { asciiIndex, CharIndex, CodeAt, codeAtOf, LineBreaks, Units } from '../textSearch';
import type { Attribute, AttributeValue, CsvCell, Entry, ExportDocument, NameOccurrence, ReadProblem, Span } from '../model';

export interface CsvReadOptions {
	delimiter: CsvDelimiterSetting;
	/** False: every record read by csv-parse (the reading the fast path is tested against). */
	fastPath?: boolean;
}

export type Delimiter = ',' | ';' | '\t';

/**
 * Where the header starts in a text or its bytes: after a BOM (U+FEFF, or its UTF-8 bytes), a
 * Windows PowerShell `#TYPE …` line and any blank lines.
 */
export function csvContentStart(units: Units): number {
	const codeAt = codeAtOf(units);
	let start = 0;
	if (typeof units === 'string' ? codeAt(0) === 0xfeff : codeAt(0) === 0xef && codeAt(1) === 0xbb && codeAt(2) === 0xbf) {
		start = typeof units === 'string' ? 1 : 3;
	}
	if (startsWithType(codeAt, start)) {
		const lineBreaks = new LineBreaks(units);
		const end = lineBreaks.after(start);
		start = end < 0 ? units.length : end;
	}
	while (start < units.length && (codeAt(start) === 10 || codeAt(start) === 13)) start++;
	return start;
}

/** `#TYPE` at an offset. */
function startsWithType(codeAt: CodeAt, at: number): boolean {
	const type = '#TYPE';
	for (let i = 0; i < type.length; i++) if (codeAt(at + i) !== type.charCodeAt(i)) return false;
	return true;
}

/** Picks the delimiter that splits the header line most often, outside quotes. */
export function detectDelimiter(units: Units, start: number): Delimiter {
	const codeAt = codeAtOf(units);
	let commas = 0;
	let semicolons = 0;
	let tabs = 0;
	let quoted = false;
	for (let i = start; i < units.length; i++) {
		const code = codeAt(i);
		if (code === 34) quoted = !quoted;
		else if (quoted) continue;
		else if (code === 10 || code === 13) break;
		else if (code === 44) commas++;
		else if (code === 59) semicolons++;
		else if (code === 9) tabs++;
	}
	if (semicolons > commas && semicolons >= tabs) return ';';
	if (tabs > commas && tabs > semicolons) return '\t';
	return ',';
}

/**
 * The offset after the first CSV record ending in [from, limit) of a text or its bytes, or -1. A
 * record ends at a line break (\r\n, \n or \r) outside quotes; a quote opens a quoted field only at
 * a field's start (csv-parse's reading). It jumps from quote to quote with indexOf: a 100k-user
 * export is cut in a few milliseconds. A caller walking one text passes the same finders to every
 * call.
 */
export function csvRecordEnd(units: Units, from: number, limit: number, delimiter: number, lineBreaks = new LineBreaks(units), quotes: QuoteIndex = asciiIndex(units, 34)): number {
	const codeAt = lineBreaks.codeAt;
	const nextLineBreak = (at: number): number => {
		const after = lineBreaks.after(at);
		return after >= 0 && after - 1 < limit ? after : -1;
	};
	let end = nextLineBreak(from);
	let pos = from;
	for (;;) {
		if (end >= 0 && end <= pos) end = nextLineBreak(pos);
		let quote = quotes.next(pos);
		if (quote >= limit) quote = -1;
		if (quote < 0 || (end >= 0 && end <= quote)) return end;
		if (quote !== from && codeAt(quote - 1) !== delimiter) {
			pos = quote + 1; // a quote inside an unquoted field is text
			continue;
		}
		// A quoted field: it ends at a quote that is not doubled.
		let search = quote + 1;
		for (;;) {
			const close = quotes.next(search);
			if (close < 0 || close >= limit) return -1;
			if (codeAt(close + 1) === 34) {
				search = close + 2;
				continue;
			}
			pos = close + 1;
			break;
		}
	}
}

/** Finds quotes in a text or its bytes. */
export type QuoteIndex = CharIndex<string> | CharIndex<number>;

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
	/**
	 * Set by placeRecord when csv-parse kept a quote as text (relax_quotes) in a field that runs over
	 * a line break: a quote opened at a field's start and "closed" before more text on a later line.
	 */
	strayQuoteAcrossLines = false;

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
	offsets.strayQuoteAcrossLines = false;
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
				if (value.includes('\n') || value.includes('\r')) offsets.strayQuoteAcrossLines = true;
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

/**
 * Every record ends at a line break of any kind. csv-parse would take the header's for the whole
 * file; a file whose lines end differently (pasted rows, an editor that writes LF into a CRLF file)
 * would then read as one long record.
 */
const recordDelimiters = ['\r\n', '\n', '\r'];

/**
 * The header csv-parse read last, by its text: a large export is read in pieces, each after the
 * same header, and csv-parse's set-up costs more than reading the few plain records of a piece.
 */
let lastHeader: { text: string; delimiter: Delimiter; segment: Segment } | undefined;

function parseHeader(text: string, from: number, to: number, delimiter: Delimiter): Segment {
	const header = text.slice(from, to);
	if (lastHeader?.text !== header || lastHeader.delimiter !== delimiter) {
		// A copy: the slice would keep the whole text it was cut from alive in the cache.
		const copy = JSON.parse(JSON.stringify(header)) as string;
		lastHeader = { text: copy, delimiter, segment: parseSegment(copy, 0, copy.length, delimiter) };
	}
	return lastHeader.segment;
}

/** Records csv-parse reads in [from, to). */
function parseSegment(text: string, from: number, to: number, delimiter: Delimiter): Segment {
	let unclosed = false;
	const records = parse(from === 0 && to === text.length ? text : text.slice(from, to), {
		delimiter,
		record_delimiter: recordDelimiters,
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

/**
 * The fast path: reads one plain record (see the top of this file) starting at `pos`, filling
 * `offsets`; returns where it ends (before its line break), or -1 to leave it to csv-parse.
 */
function readPlainRecord(text: string, pos: number, delimiter: Delimiter, fieldCount: number, offsets: FieldOffsets, lineBreaks: LineBreaks, quotes: CharIndex): number {
	const { starts, ends, escaped } = offsets;
	const lineStart = lineBreaks.start(pos);
	const lineEnd = lineStart < 0 ? text.length : lineStart;
	const delimiterCode = delimiter.charCodeAt(0);
	// Fields are found with indexOf, not a loop over characters: a server's first export is read
	// before V8 has optimized anything, and indexOf is fast from the start.
	for (let field = 0; field < fieldCount; field++) {
		const quote = quotes.next(pos);
		if (quote === pos) {
			let close = quotes.next(pos + 1);
			let doubled = 0;
			while (close >= 0 && text.charCodeAt(close + 1) === 34) {
				doubled = 1;
				close = quotes.next(close + 2);
			}
			if (close < 0 || close > lineEnd) return -1; // unclosed, or a line break inside the quotes
			starts[field] = pos + 1;
			ends[field] = close;
			escaped[field] = doubled;
			pos = close + 1;
		} else {
			let end = text.indexOf(delimiter, pos);
			if (end < 0 || end > lineEnd) end = lineEnd;
			if (quote >= 0 && quote < end) return -1; // a quote inside an unquoted field
			starts[field] = pos;
			ends[field] = end;
			escaped[field] = 0;
			pos = end;
		}
		if (field < fieldCount - 1) {
			if (text.charCodeAt(pos) !== delimiterCode) return -1;
			pos++;
		} else if (pos !== lineEnd) {
			return -1; // more fields, or text after a closing quote
		}
	}
	return pos;
}

/** The kinds of cell of one document (see CsvCell): shared, so a value costs no object of its own for it. */
interface CellKinds {
	bare: CsvCell;
	frozen: CsvCell;
	quoted: CsvCell;
	bareParts: CsvCell;
	quotedParts: CsvCell;
}

function cellKinds(delimiter: Delimiter): CellKinds {
	const escapedDelimiter = delimiter === '\t' ? '\\t' : delimiter;
	return {
		bare: { quoted: false, frozen: false, forbidden: new RegExp(`[${escapedDelimiter}"\\r\\n]`) },
		frozen: { quoted: false, frozen: true },
		quoted: { quoted: true, frozen: false },
		bareParts: { quoted: false, frozen: false, forbidden: new RegExp(`[${escapedDelimiter}";\\r\\n]`) },
		quotedParts: { quoted: true, frozen: false, forbidden: /;/ },
	};
}

/** Splits a csvde multi-valued cell (`+1 425…;+1 206…`) into its values. */
function cellValues(value: string, span: Span, escaped: boolean, multiValued: boolean, quoted: boolean, kinds: CellKinds): AttributeValue[] {
	if (value === '') return [];
	if (!multiValued || escaped || value.indexOf(';') < 0) {
		const cell = quoted ? kinds.quoted : value.includes('"') ? kinds.frozen : kinds.bare;
		return [{ text: value, span, editSpan: span, encoding: 'plain', checked: true, cell }];
	}
	const cell = quoted ? kinds.quotedParts : value.includes('"') ? kinds.frozen : kinds.bareParts;
	const values: AttributeValue[] = [];
	let offset = 0;
	for (const part of value.split(';')) {
		if (part !== '') {
			const partSpan = { start: span.start + offset, end: span.start + offset + part.length };
			values.push({ text: part, span: partSpan, editSpan: partSpan, encoding: 'plain', checked: true, cell });
		}
		offset += part.length + 1;
	}
	return values;
}

export function readCsv(text: string, options: CsvReadOptions): ExportDocument {
	const start = csvContentStart(text);
	const delimiter: Delimiter = options.delimiter === 'auto' ? detectDelimiter(text, start) : options.delimiter;
	const delimiterCode = delimiter.charCodeAt(0);
	const document: ExportDocument = { format: 'csv', entries: [], names: [], problems: [], recognized: false };
	const problems: ReadProblem[] = document.problems;
	const kinds = cellKinds(delimiter);

	let columns: Column[] | undefined;
	let headerLength = 0;
	let dnColumn = -1;
	let pos = start;
	let fastPath = false;

	const problem = (span: Span, message: string) => problems.push({ code: DiagnosticCodes.csvParse, span, message });
	const offsets = new FieldOffsets();
	const lineBreaks = new LineBreaks(text);
	const quotes = new CharIndex(text, '"');
	/** The record being read, as csv-parse returned it; undefined for one read by the fast path. */
	let fields: string[] | undefined;
	const fieldValue = (index: number): string => {
		if (fields) return fields[index];
		const raw = text.slice(offsets.starts[index], offsets.ends[index]);
		return offsets.escaped[index] === 1 ? raw.replaceAll('""', '"') : raw;
	};

	function addEntry(recordStart: number, recordEnd: number): void {
		const attributes: Attribute[] = [];
		for (const column of columns!) {
			const value = fieldValue(column.index);
			const start = offsets.starts[column.index];
			// A quoted field's value starts right after its opening quote (a bare field starts after the delimiter).
			const quoted = start > recordStart && text.charCodeAt(start - 1) === 34;
			if (value === '') {
				// A required column's empty cell stays in the model, with its place, so a rule can report the blank.
				if (column.info.required) {
					const span = offsets.span(column.index);
					const blank: AttributeValue = { text: '', span, editSpan: span, encoding: 'plain', checked: true, cell: quoted ? kinds.quoted : kinds.bare };
					attributes.push({ name: column.name, info: column.info, nameSpan: column.nameSpan, values: [], blank });
				}
				continue;
			}
			const values = cellValues(value, offsets.span(column.index), offsets.escaped[column.index] === 1, column.info.multiValued, quoted, kinds);
			if (values.length > 0) attributes.push({ name: column.name, info: column.info, nameSpan: column.nameSpan, values });
		}
		const entry: Entry = { span: { start: recordStart, end: recordEnd }, attributes };
		if (dnColumn >= 0) {
			entry.dn = fieldValue(dnColumn);
			entry.dnSpan = offsets.span(dnColumn);
		}
		document.entries.push(entry);
	}

	while (pos < text.length) {
		while (pos < text.length && isLineBreak(text.charCodeAt(pos))) pos++;
		if (pos >= text.length) break;
		if (fastPath) {
			const recordEnd = readPlainRecord(text, pos, delimiter, headerLength, offsets, lineBreaks, quotes);
			if (recordEnd >= 0) {
				fields = undefined;
				addEntry(pos, recordEnd);
				pos = skipLineBreak(text, recordEnd);
				continue;
			}
		}
		// csv-parse reads the record (the header first): the text up to where the record ends.
		const windowEnd = csvRecordEnd(text, pos, text.length, delimiterCode, lineBreaks, quotes);
		const segmentEnd = windowEnd < 0 ? text.length : windowEnd;
		const segment = columns ? parseSegment(text, pos, segmentEnd, delimiter) : parseHeader(text, pos, segmentEnd, delimiter);
		let lost = false;
		for (const parsed of segment.records) {
			fields = parsed;
			while (pos < text.length && isLineBreak(text.charCodeAt(pos))) pos++;
			const recordStart = pos;
			const recordEnd = placeRecord(text, pos, parsed, delimiter, offsets);
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
				headerLength = parsed.length;
				parsed.forEach((name, index) => {
					const info = findAttribute(name);
					const lower = name.trim().toLowerCase();
					const isDn = lower === 'dn' || lower === 'distinguishedname';
					if (isDn) dnColumn = index;
					if (info) {
						const column = { index, info, name, nameSpan: offsets.span(index) };
						// The DN is the entry's dn, not one of its attributes: no rule judges it as a value.
						if (!isDn) columns!.push(column);
						document.names.push({ info, span: column.nameSpan } satisfies NameOccurrence);
					}
				});
				// Context columns alone (a DN, a Name) do not make a CSV an AD export.
				if (!columns.some((column) => column.info.kind !== 'context')) return document;
				document.recognized = true;
				fastPath = options.fastPath !== false;
				continue;
			}
			if (parsed.length !== headerLength || offsets.strayQuoteAcrossLines) {
				const firstLineEnd = lineEnd(text, recordStart);
				if (firstLineEnd < recordEnd) {
					// A quote left open ran into the next lines (with too few or too many fields, or
					// "closed" before more text): report it and read those lines again. A record read so
					// ends where the pieces of a large file are cut, so both readings agree.
					problem(unclosedQuoteSpan(text, recordStart, delimiter), l10n.t('This quoted field is not closed on its line; the row is not checked.'));
					pos = skipLineBreak(text, firstLineEnd);
					lost = true;
					break;
				}
				if (parsed.length !== headerLength) {
					problem({ start: recordStart, end: firstLineEnd },
						l10n.t('This row has {0} fields but the header has {1}; its cells are not checked.', parsed.length, headerLength));
					continue;
				}
			}
			addEntry(recordStart, recordEnd);
		}
		if (lost) continue;
		while (pos < text.length && isLineBreak(text.charCodeAt(pos))) pos++;
		if (pos >= text.length) break;
		if (!columns) return document;
		if (pos >= segmentEnd) continue;
		// csv-parse did not read its record to the end.
		if (segment.unclosed) {
			problem(unclosedQuoteSpan(text, pos, delimiter), l10n.t('This quoted field is not closed on its line; the row is not checked.'));
			pos = skipLineBreak(text, lineEnd(text, pos));
		} else {
			const end = lineEnd(text, pos);
			problem({ start: pos, end }, l10n.t('This row could not be read as CSV; it is not checked.'));
			pos = skipLineBreak(text, end);
		}
	}
	return document;
}
