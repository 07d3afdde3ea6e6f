/**
 * Cutting an export into pieces at record boundaries, so each piece can be read and linted on its
 * own (in parallel, and again alone after an edit). A CSV piece is read after the header record;
 * an LDIF record never spans a blank line.
 */
import { allDiagnosticCodes } from '../../../shared/src/codes';
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
 * A finding of a piece, as it is packed (PackedFindings) and unpacked: offsets relative to the
 * piece's start, and nothing the piece's text or the verdict already gives. `value` is set only
 * where the text at [start, end) is not the value itself; `fix` only where it is not the verdict's
 * canonical text written over [start, end) (a base64 LDIF value). Whether a phone finding has a fix
 * at all is fixedText()'s rule. documentFinding() spells one out.
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

/**
 * A piece's findings packed into one Int32Array and one string: no object per finding on the
 * thread that keeps them. A 100k-user export has about 180k findings; as objects they were most of
 * what the server's young-generation collections copied (a third of its garbage-collection time),
 * and a worker's answer had to be copied object by object. The array is transferred, not copied.
 */
export interface PackedFindings {
	count: number;
	/** How many have a fix (counted for the summary of the findings not shown). */
	fixable: number;
	/** `slotsPerFinding` numbers per finding (see the slot constants). */
	numbers: Int32Array;
	/** Every string the findings carry, joined; a string slot holds its offset and length here (length -1: none). */
	strings: string;
}

const startSlot = 0;
const endSlot = 1;
const codeSlot = 2;
const severitySlot = 3;
const flagsSlot = 4;
const fixStartSlot = 5;
const fixEndSlot = 6;
const firstStringSlot = 7;
/** The strings of a PieceFinding, in their slot order (two slots each: offset and length). */
const stringFields = ['attribute', 'message', 'reason', 'canonical', 'region', 'extension', 'value', 'fixText'] as const;
type StringField = (typeof stringFields)[number];
const slotsPerFinding = firstStringSlot + 2 * stringFields.length;
const stringSlot = (field: StringField): number => firstStringSlot + 2 * stringFields.indexOf(field);
const [attributeSlot, messageSlot, reasonSlot, canonicalSlot, regionSlot, extensionSlot, valueSlot, fixTextSlot] = stringFields.map(stringSlot);
/** Flags: the finding has its own fix (PieceFinding.fix), it has a fix at all. */
const ownFix = 1;
const hasFix = 2;
const codeList: readonly Finding['code'][] = allDiagnosticCodes;
const severityList: readonly Finding['severity'][] = ['error', 'warning', 'information', 'hint'];

/**
 * Packs the findings of `text` (the piece, read after `base` characters of context) in order, as
 * PieceFindings: offsets relative to the piece, the value only where the text at its span is not
 * the value itself, the fix only where the verdict's canonical text over the span is not it.
 */
function packFindings(findings: readonly Finding[], text: string, base: number): PackedFindings {
	const numbers = new Int32Array(findings.length * slotsPerFinding);
	// Joined at the end into one flat string, which holds nothing of the text the values were read from.
	const parts: string[] = [];
	let length = 0;
	/** Offsets of attribute names already written: they recur. */
	const attributes = new Map<string, number>();
	let fixable = 0;
	const put = (slot: number, value: string | undefined): void => {
		if (value === undefined) {
			numbers[slot + 1] = -1;
			return;
		}
		numbers[slot] = length;
		numbers[slot + 1] = value.length;
		parts.push(value);
		length += value.length;
	};
	for (let index = 0; index < findings.length; index++) {
		const finding = findings[index];
		const at = index * slotsPerFinding;
		const start = finding.span.start - base;
		const end = finding.span.end - base;
		numbers[at + startSlot] = start;
		numbers[at + endSlot] = end;
		numbers[at + codeSlot] = codeList.indexOf(finding.code);
		numbers[at + severitySlot] = severityList.indexOf(finding.severity);
		const attribute = finding.attribute;
		const written = attribute === undefined ? undefined : attributes.get(attribute);
		if (written === undefined) {
			if (attribute !== undefined) attributes.set(attribute, length);
			put(at + attributeSlot, attribute);
		} else {
			numbers[at + attributeSlot] = written;
			numbers[at + attributeSlot + 1] = attribute!.length;
		}
		const phone = finding.phone;
		const verdict = phone?.verdict;
		const value = phone?.value;
		put(at + messageSlot, phone ? undefined : finding.message);
		put(at + reasonSlot, verdict?.reason);
		put(at + canonicalSlot, verdict?.canonical);
		put(at + regionSlot, verdict?.region);
		put(at + extensionSlot, verdict?.extension);
		put(at + valueSlot, value !== undefined && (end - start !== value.length || !text.startsWith(value, start)) ? value : undefined);
		const derivedFix = verdict && fixedText(finding.code, verdict);
		const edit = finding.fix?.edit;
		let flags = 0;
		if (edit) {
			flags |= hasFix;
			fixable++;
			if (edit.newText !== derivedFix || edit.span.start - base !== start || edit.span.end - base !== end) {
				flags |= ownFix;
				numbers[at + fixStartSlot] = edit.span.start - base;
				numbers[at + fixEndSlot] = edit.span.end - base;
			}
		}
		put(at + fixTextSlot, flags & ownFix ? edit!.newText : undefined);
		numbers[at + flagsSlot] = flags;
	}
	return { count: findings.length, fixable, numbers, strings: parts.join('') };
}

function packedString(packed: PackedFindings, index: number, field: StringField): string | undefined {
	const at = index * slotsPerFinding + stringSlot(field);
	const length = packed.numbers[at + 1];
	return length < 0 ? undefined : packed.strings.slice(packed.numbers[at], packed.numbers[at] + length);
}

/** Finding `index` of a pack, as it was packed. */
export function unpackFinding(packed: PackedFindings, index: number): PieceFinding {
	const numbers = packed.numbers;
	const at = index * slotsPerFinding;
	const finding: PieceFinding = { code: codeList[numbers[at + codeSlot]], severity: severityList[numbers[at + severitySlot]], start: numbers[at + startSlot], end: numbers[at + endSlot] };
	for (const field of stringFields) {
		const text = packedString(packed, index, field);
		if (text === undefined || field === 'fixText') continue;
		if (field === 'reason') finding.reason = text as PhoneVerdict['reason'];
		else finding[field] = text;
	}
	if (numbers[at + flagsSlot] & ownFix) finding.fix = { start: numbers[at + fixStartSlot], end: numbers[at + fixEndSlot], newText: packedString(packed, index, 'fixText')! };
	return finding;
}

/** Whether finding `index` of a pack has a fix, without unpacking it. */
export function packedFixable(packed: PackedFindings, index: number): boolean {
	return (packed.numbers[index * slotsPerFinding + flagsSlot] & hasFix) !== 0;
}

export const noFindings: PackedFindings = { count: 0, fixable: 0, numbers: new Int32Array(0), strings: '' };

export interface PieceSymbol {
	name: string;
	start: number;
	end: number;
	selectionStart: number;
	selectionEnd: number;
}

export interface PieceResult {
	recognized: boolean;
	findings: PackedFindings;
	symbols: PieceSymbol[];
}

/** Lints one piece read after its context; every offset is made relative to the piece's start. */
export function lintPiece(linter: Linter, piece: string, context: string, format: ExportFormat, settings: Settings): PieceResult {
	const document = linter.read(context + piece, format, settings);
	const base = context.length;
	const findings = packFindings((linter.validate(document, settings) ?? []).filter((finding) => finding.span.start >= base), piece, base);
	const symbols = format === 'ldif'
		? linter.symbols(document).map((symbol: EntrySymbol) => ({ name: symbol.name, start: symbol.span.start - base, end: symbol.span.end - base, selectionStart: symbol.selectionSpan.start - base, selectionEnd: symbol.selectionSpan.end - base }))
		: [];
	return { recognized: document.recognized, findings, symbols };
}
