/**
 * Cutting an export into pieces at record boundaries, so each piece can be read and linted on its
 * own (in parallel, and again alone after an edit). A CSV piece is read after the header record;
 * an LDIF record never spans a blank line.
 */
import type { CsvDelimiterSetting, Settings } from '../../../shared/src/settings';
import { fixedText, Finding, Linter, EntrySymbol } from './linter';
import type { ExportFormat } from './model';
import { csvContentStart, csvRecordEnd, detectDelimiter } from './readers/csvReader';
import { CharIndex, LineBreaks } from './textSearch';
import { phoneMessage } from './rules/phoneMessages';
import type { PhoneVerdict } from './rules/phoneRule';

export type Delimiter = ',' | ';' | '\t';

export interface PieceLayout {
	/** CSV: the header record (with any BOM / #TYPE line before it), read before every piece. */
	context: string;
	/** Where the first piece starts (after the CSV header). */
	bodyStart: number;
	/** CSV: the delimiter, resolved once from the header (or the setting). */
	delimiter: Delimiter;
}

export function pieceLayout(text: string, format: ExportFormat, setting: CsvDelimiterSetting): PieceLayout {
	if (format === 'ldif') return { context: '', bodyStart: 0, delimiter: ',' };
	const start = csvContentStart(text);
	const delimiter = setting === 'auto' ? detectDelimiter(text, start) : setting;
	const end = csvRecordEnd(text, start, text.length, delimiter.charCodeAt(0));
	const bodyStart = end < 0 ? text.length : end;
	return { context: text.slice(0, bodyStart), bodyStart, delimiter };
}

/** The offset after the first blank line at or after `from` (an LDIF record boundary), or -1. */
function nextLdifBoundary(text: string, from: number, limit: number): number {
	for (let pos = from; pos < limit;) {
		const newline = text.indexOf('\n', pos);
		if (newline < 0 || newline >= limit) return -1;
		const next = newline + 1;
		const following = text.charCodeAt(next);
		if (following === 10) return next + 1;
		if (following === 13 && text.charCodeAt(next + 1) === 10) return next + 2;
		pos = next;
	}
	return -1;
}

/** The finders one walk over a text shares (see CharIndex). */
interface Finders {
	lineBreaks: LineBreaks;
	quotes: CharIndex;
}

const findersOf = (text: string): Finders => ({ lineBreaks: new LineBreaks(text), quotes: new CharIndex(text, '"') });

function nextBoundary(text: string, from: number, to: number, format: ExportFormat, delimiter: Delimiter, finders: Finders): number {
	return format === 'csv' ? csvRecordEnd(text, from, to, delimiter.charCodeAt(0), finders.lineBreaks, finders.quotes) : nextLdifBoundary(text, from, to);
}

/**
 * Cuts a text that starts at a record boundary into pieces of about `size` characters, each ending
 * at a record boundary (the last one at the end of the text). Returns the piece ends.
 */
export function cutPieces(text: string, size: number, format: ExportFormat, delimiter: Delimiter): number[] {
	const ends: number[] = [];
	const finders = findersOf(text);
	let start = 0;
	while (start < text.length) {
		// Scan from a point known to be between records: the piece start, then each boundary found.
		let end = -1;
		let cursor = start;
		while (cursor < text.length) {
			const boundary = nextBoundary(text, cursor, text.length, format, delimiter, finders);
			if (boundary < 0) break;
			end = boundary;
			if (boundary - start >= size) break;
			cursor = boundary;
		}
		if (end < 0 || text.length - end < size / 4) end = text.length;
		ends.push(end);
		start = end;
	}
	return ends;
}

/**
 * Whether a text that starts at a record boundary also ends one. After an edit, a piece whose text
 * no longer ends a record (a quote was opened) is merged with the next one.
 */
export function endsRecord(text: string, format: ExportFormat, delimiter: Delimiter): boolean {
	const finders = findersOf(text);
	let last = 0;
	while (last < text.length) {
		const boundary = nextBoundary(text, last, text.length, format, delimiter, finders);
		if (boundary < 0) return false;
		last = boundary;
	}
	return true;
}

/** A replacement of [start, end) by newText. */
export interface OffsetEdit {
	start: number;
	end: number;
	newText: string;
}

/** What every form of a finding has: offsets (into a piece or the whole document) and, for a reader's finding, words. */
interface OffsetFinding {
	code: Finding['code'];
	severity: Finding['severity'];
	/** The LDAP name of the attribute the value belongs to. */
	attribute?: string;
	start: number;
	end: number;
	/** A reader's finding: its words. A phone finding has none: the server words the ones it shows. */
	message?: string;
	fix?: OffsetEdit;
}

/**
 * A finding as a piece keeps it and a worker sends it back: one flat object, offsets relative to
 * the piece's start. A large export has hundreds of thousands of them, so nothing is kept that the
 * piece's text already holds: a thread's answer then costs a third as much to copy (10k users:
 * 30 ms → 10 ms), and a piece keeps no copy of its values. documentFinding() spells one out.
 * `fix` is set only where it is not the verdict's canonical text written over [start, end) (a
 * base64 LDIF value); whether a phone finding has a fix at all is fixedText()'s rule.
 */
export interface PieceFinding extends OffsetFinding {
	/** A phone finding: its verdict (the finding's code is the verdict's). */
	reason?: PhoneVerdict['reason'];
	canonical?: string;
	region?: string;
	extension?: string;
	/** The phone value, only where the piece's text at [start, end) is not the value itself (`""` in CSV, base64 in LDIF). */
	value?: string;
}

/** A finding with offsets into the whole document, its value and fix spelled out. */
export interface DocumentFinding extends OffsetFinding {
	phone?: { value: string; verdict: PhoneVerdict };
}

/** The fix of a piece finding, relative to its piece, or undefined. */
function pieceFix(finding: PieceFinding): OffsetEdit | undefined {
	if (finding.fix) return finding.fix;
	const newText = finding.message === undefined ? fixedText(finding.code, finding) : undefined;
	return newText === undefined ? undefined : { start: finding.start, end: finding.end, newText };
}

export function isFixable(finding: PieceFinding): boolean {
	return pieceFix(finding) !== undefined;
}

/** Spells out a finding of the piece whose text is `pieceText`, which starts at `pieceStart` in the document. */
export function documentFinding(finding: PieceFinding, pieceText: string, pieceStart: number): DocumentFinding {
	const { code, severity, attribute, start, end } = finding;
	const spelled: DocumentFinding = { code, severity, attribute, start: start + pieceStart, end: end + pieceStart };
	if (finding.message !== undefined) spelled.message = finding.message;
	else {
		const verdict: PhoneVerdict = { code: code as PhoneVerdict['code'] };
		if (finding.reason !== undefined) verdict.reason = finding.reason;
		if (finding.canonical !== undefined) verdict.canonical = finding.canonical;
		if (finding.region !== undefined) verdict.region = finding.region;
		if (finding.extension !== undefined) verdict.extension = finding.extension;
		spelled.phone = { value: finding.value ?? pieceText.slice(start, end), verdict };
	}
	const fix = pieceFix(finding);
	if (fix) spelled.fix = { start: fix.start + pieceStart, end: fix.end + pieceStart, newText: fix.newText };
	return spelled;
}

export function findingMessage(finding: DocumentFinding): string {
	return finding.message ?? phoneMessage(finding.attribute ?? '', finding.phone!.value, finding.phone!.verdict);
}

/** A copy of a string that shares no memory with the text it was cut from (JSON.parse makes new strings). */
function detached(text: string): string {
	return JSON.parse(JSON.stringify(text)) as string;
}

/** The flat form of a finding of `text` (the piece, read after `base` characters of context). */
function pieceFinding(finding: Finding, text: string, base: number): PieceFinding {
	const start = finding.span.start - base;
	const end = finding.span.end - base;
	const result: PieceFinding = { code: finding.code, severity: finding.severity, attribute: finding.attribute, start, end };
	if (!finding.phone) result.message = finding.message;
	else {
		const { value, verdict } = finding.phone;
		if (verdict.reason !== undefined) result.reason = verdict.reason;
		if (verdict.canonical !== undefined) result.canonical = verdict.canonical;
		if (verdict.region !== undefined) result.region = verdict.region;
		if (verdict.extension !== undefined) result.extension = verdict.extension;
		// Kept only where the text differs; then as a copy, so it keeps no read text alive.
		if (end - start !== value.length || !text.startsWith(value, start)) result.value = detached(value);
	}
	const edit = finding.fix?.edit;
	const derived = pieceFix(result);
	if (edit && !(derived && derived.newText === edit.newText && derived.start === edit.span.start - base && derived.end === edit.span.end - base)) {
		result.fix = { start: edit.span.start - base, end: edit.span.end - base, newText: edit.newText };
	}
	return result;
}

export interface PieceSymbol {
	name: string;
	start: number;
	end: number;
	selectionStart: number;
	selectionEnd: number;
}

export interface PieceResult {
	recognized: boolean;
	findings: PieceFinding[];
	symbols: PieceSymbol[];
}

/** Lints one piece read after its context; every offset is made relative to the piece's start. */
export function lintPiece(linter: Linter, piece: string, context: string, format: ExportFormat, settings: Settings): PieceResult {
	const document = linter.read(context + piece, format, settings);
	const base = context.length;
	const findings = (linter.validate(document, settings) ?? []).filter((finding) => finding.span.start >= base).map((finding) => pieceFinding(finding, piece, base));
	const symbols = format === 'ldif'
		? linter.symbols(document).map((symbol: EntrySymbol) => ({ name: symbol.name, start: symbol.span.start - base, end: symbol.span.end - base, selectionStart: symbol.selectionSpan.start - base, selectionEnd: symbol.selectionSpan.end - base }))
		: [];
	return { recognized: document.recognized, findings, symbols };
}
