/**
 * The one piece pipeline. An export is cut into pieces at record boundaries, so each piece can be
 * read and linted on its own (in parallel, and again alone after an edit); the language server cuts
 * the editor's text, the CLI the file's bytes as they arrive, with the same cutter. A CSV piece is
 * read after the header record (its context); an LDIF record never spans a blank line.
 *
 * lintPiece is the one per-piece lint, and PieceResult its one result shape: the piece's findings,
 * its duplicate keys and its records, each packed into one Int32Array and one string (no object per
 * finding on the thread that keeps them; the arrays are transferred from a worker, not copied).
 * Front ends choose only transport and output.
 */
import { allDiagnosticCodes } from '../../../shared/src/codes';
import type { CsvDelimiterSetting, Settings } from '../../../shared/src/settings';
import { DocumentCheck, EntryKey, EntryRecord, EntrySymbol, Finding, Linter, wordFinding, wordFix } from './linter';
import type { ExportFormat, RecordKinds } from './model';
import { csvContentStart, csvRecordEnd, Delimiter, detectDelimiter, QuoteIndex } from './readers/csvReader';
import { addRecordKinds } from './readers/ldifReader';
import { keyHash } from './hash';
import { asciiIndex, LineBreaks, Units } from './textSearch';

export type { Delimiter } from './readers/csvReader';

// ---- Cutting ---------------------------------------------------------------------------------

export interface PieceLayout {
	/** Where the first piece starts: after a CSV's header record (with any BOM, `#TYPE` line and blank lines before it). */
	bodyStart: number;
	/** CSV: the delimiter, resolved once from the header (or the setting). */
	delimiter: Delimiter;
	/** Whether the header record is complete in the units given (a CSV header may still be arriving). */
	complete: boolean;
}

/**
 * Where the pieces of a text or its bytes start, and the CSV delimiter. The context every CSV
 * piece is read after is units[0, bodyStart): the header record and whatever stands before it.
 */
export function pieceLayout(units: Units, format: ExportFormat, setting: CsvDelimiterSetting): PieceLayout {
	if (format === 'ldif') return { bodyStart: 0, delimiter: ',', complete: true };
	const start = csvContentStart(units);
	const delimiter = setting === 'auto' ? detectDelimiter(units, start) : setting;
	const end = csvRecordEnd(units, start, units.length, delimiter.charCodeAt(0));
	return { bodyStart: end < 0 ? units.length : end, delimiter, complete: end >= 0 };
}

/** The offset after the first blank line at or after `from` (an LDIF record boundary), or -1. */
function nextLdifBoundary(units: Units, from: number, limit: number, lineBreaks: LineBreaks): number {
	const codeAt = lineBreaks.codeAt;
	for (let pos = from; pos < limit;) {
		const newline = typeof units === 'string' ? units.indexOf('\n', pos) : units.indexOf(10, pos);
		if (newline < 0 || newline >= limit) return -1;
		const next = newline + 1;
		const following = codeAt(next);
		if (following === 10) return next + 1;
		if (following === 13 && codeAt(next + 1) === 10) return next + 2;
		pos = next;
	}
	return -1;
}

/** The finders one walk over a text shares (see CharIndex). */
export interface Finders {
	lineBreaks: LineBreaks;
	quotes: QuoteIndex;
}

export const findersOf = (units: Units): Finders => ({ lineBreaks: new LineBreaks(units), quotes: asciiIndex(units, 34) });

/**
 * The offset just after the first record boundary in [from, to) of a text or its bytes that starts
 * at one, or -1 when no record ends there.
 */
export function nextBoundary(units: Units, from: number, to: number, format: ExportFormat, delimiter: Delimiter, finders: Finders): number {
	return format === 'csv' ? csvRecordEnd(units, from, to, delimiter.charCodeAt(0), finders.lineBreaks, finders.quotes) : nextLdifBoundary(units, from, to, finders.lineBreaks);
}

/**
 * Cuts a text (or bytes) that starts at a record boundary into pieces of about `size` units, each
 * ending at a record boundary (the last one at the end). Returns the piece ends.
 */
export function cutPieces(units: Units, size: number, format: ExportFormat, delimiter: Delimiter, finders = findersOf(units)): number[] {
	const ends: number[] = [];
	let start = 0;
	while (start < units.length) {
		// Scan from a point known to be between records: the piece start, then each boundary found.
		let end = -1;
		let cursor = start;
		while (cursor < units.length) {
			const boundary = nextBoundary(units, cursor, units.length, format, delimiter, finders);
			if (boundary < 0) break;
			end = boundary;
			if (boundary - start >= size) break;
			cursor = boundary;
		}
		if (end < 0 || units.length - end < size / 4) end = units.length;
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

// ---- Findings --------------------------------------------------------------------------------

/** A replacement of [start, end) by newText. */
export interface OffsetEdit {
	start: number;
	end: number;
	newText: string;
}

/** An offset edit that writes a value: `value` is the new value before its encoding in the text. */
export interface OffsetFix extends OffsetEdit {
	value: string;
}

/** What every form of a finding has: offsets (into a piece or the whole document) and, for a reader's finding, words. */
interface OffsetFinding {
	code: Finding['code'];
	severity: Finding['severity'];
	/** The LDAP name of the attribute the finding is about. */
	attribute?: string;
	start: number;
	end: number;
	/** A reader's finding: its words. A rule's finding has none: the server words the ones it shows. */
	message?: string;
	/** A rule's finding: what its family words it from. */
	args?: readonly string[];
	fix?: OffsetFix;
}

/**
 * A finding of a piece, as it is packed and unpacked: offsets relative to the piece's start, and
 * `value` only where the text at [start, end) is not the value itself (a CSV `""`, an LDIF base64
 * value). documentFinding() spells one out.
 */
export interface PieceFinding extends OffsetFinding {
	value?: string;
}

/** A place related to a finding (a duplicate's other holders), in `uri` or in the same document. */
export interface RelatedOffsets {
	uri?: string;
	start: number;
	end: number;
	message: string;
}

/** A finding with offsets into the whole document, its value spelled out. */
export interface DocumentFinding extends OffsetFinding {
	value?: string;
	related?: RelatedOffsets[];
}

/** Spells out a finding of the piece whose text is `pieceText`, which starts at `pieceStart` in the document. */
export function documentFinding(finding: PieceFinding, pieceText: string, pieceStart: number): DocumentFinding {
	const { code, severity, attribute, start, end } = finding;
	const spelled: DocumentFinding = { code, severity, attribute, start: start + pieceStart, end: end + pieceStart };
	if (finding.message !== undefined) spelled.message = finding.message;
	else {
		spelled.args = finding.args ?? [];
		spelled.value = finding.value ?? pieceText.slice(start, end);
	}
	const fix = finding.fix;
	if (fix) spelled.fix = { start: fix.start + pieceStart, end: fix.end + pieceStart, newText: fix.newText, value: fix.value };
	return spelled;
}

/** The words a rule's finding is worded from. */
function wordsOf(finding: DocumentFinding): { code: Finding['code']; attribute: string; value: string; args: readonly string[] } {
	return { code: finding.code, attribute: finding.attribute ?? '', value: finding.value ?? '', args: finding.args ?? [] };
}

export function findingMessage(finding: DocumentFinding): string {
	return finding.message ?? wordFinding(wordsOf(finding));
}

/** The title of a finding's fix. */
export function fixTitleOf(finding: DocumentFinding): string {
	return wordFix(wordsOf(finding), finding.fix?.value ?? '');
}

// ---- Packing ---------------------------------------------------------------------------------

/**
 * Strings packed into one: `put` appends and returns where (offset, length), `get` reads one back.
 * Strings that recur (attribute names, namespaces) are written once.
 */
class StringPack {
	private readonly parts: string[] = [];
	private length = 0;
	private readonly shared = new Map<string, number>();

	/** Writes value's offset and length at numbers[slot], [slot + 1]; length -1 for undefined. */
	put(numbers: Int32Array, slot: number, value: string | undefined, share = false): void {
		if (value === undefined) {
			numbers[slot] = 0;
			numbers[slot + 1] = -1;
			return;
		}
		if (share) {
			const offset = this.shared.get(value);
			if (offset !== undefined) {
				numbers[slot] = offset;
				numbers[slot + 1] = value.length;
				return;
			}
			this.shared.set(value, this.length);
		}
		numbers[slot] = this.length;
		numbers[slot + 1] = value.length;
		this.parts.push(value);
		this.length += value.length;
	}

	/** The one string, which holds nothing of the text the values were read from. */
	join(): string {
		return this.parts.join('');
	}
}

function getString(numbers: Int32Array, strings: string, slot: number): string | undefined {
	const length = numbers[slot + 1];
	return length < 0 ? undefined : strings.slice(numbers[slot], numbers[slot] + length);
}

/** A list of strings as one: their lengths, `;`, then the strings (so any character may be in them). */
function encodeList(list: readonly string[] | undefined): string | undefined {
	if (list === undefined) return undefined;
	let lengths = '';
	let joined = '';
	for (let i = 0; i < list.length; i++) {
		lengths += i === 0 ? String(list[i].length) : `,${list[i].length}`;
		joined += list[i];
	}
	return `${lengths};${joined}`;
}

function decodeList(encoded: string | undefined): string[] | undefined {
	if (encoded === undefined) return undefined;
	const head = encoded.indexOf(';');
	if (head === 0) return [];
	const list: string[] = [];
	let at = head + 1;
	for (const length of encoded.slice(0, head).split(',')) {
		const end = at + Number(length);
		list.push(encoded.slice(at, end));
		at = end;
	}
	return list;
}

/** Rows packed into one Int32Array and one string (see PackedFindings). */
export interface Packed {
	count: number;
	numbers: Int32Array;
	strings: string;
}

/**
 * A piece's findings, packed. A 100k-user export has about 180k findings; as objects they were
 * most of what the server's young-generation collections copied, and a worker's answer had to be
 * copied object by object.
 */
export interface PackedFindings extends Packed {
	/** How many have a fix (counted for the summary of the findings not shown). */
	fixable: number;
}

const codeList: readonly Finding['code'][] = allDiagnosticCodes;
const severityList: readonly Finding['severity'][] = ['error', 'warning', 'information', 'hint'];

// The slots of a packed finding: numbers, then strings (two numbers each: offset and length).
const fStart = 0;
const fEnd = 1;
const fCode = 2;
const fSeverity = 3;
const fFlags = 4;
const fFixStart = 5;
const fFixEnd = 6;
/** The index of the argument the fix's value is, or -1 (then the value is a string of its own). */
const fFixValueArg = 7;
const fAttribute = 8;
const fMessage = 10;
const fValue = 12;
const fArgs = 14;
const fFixValue = 16;
const fFixText = 18;
const findingSlots = 20;
/** Flags: the finding has a fix; the fix replaces another span than the finding's. */
const hasFix = 1;
const ownFixSpan = 2;

/**
 * Packs findings of `text` (a piece read after `base` units of context), relative to the piece:
 * the value only where the text at the span is not the value itself, the fix's value only where it
 * is not one of the arguments, and its text only where it is not its value.
 */
export function packFindings(findings: readonly Finding[], text: string, base: number): PackedFindings {
	const numbers = new Int32Array(findings.length * findingSlots);
	const strings = new StringPack();
	let fixable = 0;
	for (let index = 0; index < findings.length; index++) {
		const finding = findings[index];
		const at = index * findingSlots;
		const start = finding.span.start - base;
		const end = finding.span.end - base;
		numbers[at + fStart] = start;
		numbers[at + fEnd] = end;
		numbers[at + fCode] = codeList.indexOf(finding.code);
		numbers[at + fSeverity] = severityList.indexOf(finding.severity);
		strings.put(numbers, at + fAttribute, finding.attribute, true);
		const rule = finding.args !== undefined;
		strings.put(numbers, at + fMessage, rule ? undefined : finding.message);
		const value = finding.value;
		strings.put(numbers, at + fValue, value !== undefined && (end - start !== value.length || !text.startsWith(value, start)) ? value : undefined);
		strings.put(numbers, at + fArgs, encodeList(finding.args));
		let flags = 0;
		const fix = finding.fix;
		numbers[at + fFixValueArg] = -1;
		if (fix) {
			flags |= hasFix;
			fixable++;
			const fixStart = fix.edit.span.start - base;
			const fixEnd = fix.edit.span.end - base;
			if (fixStart !== start || fixEnd !== end) {
				flags |= ownFixSpan;
				numbers[at + fFixStart] = fixStart;
				numbers[at + fFixEnd] = fixEnd;
			}
			const argument = finding.args?.indexOf(fix.value) ?? -1;
			numbers[at + fFixValueArg] = argument;
			strings.put(numbers, at + fFixValue, argument < 0 ? fix.value : undefined);
			strings.put(numbers, at + fFixText, fix.edit.newText === fix.value ? undefined : fix.edit.newText);
		} else {
			strings.put(numbers, at + fFixValue, undefined);
			strings.put(numbers, at + fFixText, undefined);
		}
		numbers[at + fFlags] = flags;
	}
	return { count: findings.length, fixable, numbers, strings: strings.join() };
}

/** Finding `index` of a pack, as it was packed. */
export function unpackFinding(packed: PackedFindings, index: number): PieceFinding {
	const { numbers, strings } = packed;
	const at = index * findingSlots;
	const finding: PieceFinding = { code: codeList[numbers[at + fCode]], severity: severityList[numbers[at + fSeverity]], start: numbers[at + fStart], end: numbers[at + fEnd] };
	const attribute = getString(numbers, strings, at + fAttribute);
	if (attribute !== undefined) finding.attribute = attribute;
	const message = getString(numbers, strings, at + fMessage);
	if (message !== undefined) finding.message = message;
	const value = getString(numbers, strings, at + fValue);
	if (value !== undefined) finding.value = value;
	const args = decodeList(getString(numbers, strings, at + fArgs));
	if (args !== undefined) finding.args = args;
	const flags = numbers[at + fFlags];
	if (flags & hasFix) {
		const argument = numbers[at + fFixValueArg];
		const fixValue = argument >= 0 ? args![argument] : getString(numbers, strings, at + fFixValue)!;
		const own = (flags & ownFixSpan) !== 0;
		finding.fix = {
			start: own ? numbers[at + fFixStart] : finding.start,
			end: own ? numbers[at + fFixEnd] : finding.end,
			newText: getString(numbers, strings, at + fFixText) ?? fixValue,
			value: fixValue,
		};
	}
	return finding;
}

/** Whether finding `index` of a pack has a fix, without unpacking it. */
export function packedFixable(packed: PackedFindings, index: number): boolean {
	return (packed.numbers[index * findingSlots + fFlags] & hasFix) !== 0;
}

/** Where finding `index` of a pack starts, without unpacking it. */
export function packedStart(packed: PackedFindings, index: number): number {
	return packed.numbers[index * findingSlots + fStart];
}

// A packed key: start, end, entry, its hash, then namespace, key, attribute, value, entity.
const kStart = 0;
const kEnd = 1;
const kEntry = 2;
const kHash = 3;
const kNamespace = 4;
const kKey = 6;
const kAttribute = 8;
const kValue = 10;
const kEntity = 12;
const keySlots = 14;
/** A key slot's offset when the key is the end of the value's text: its length follows. */
const keyInText = -2;

/** A packed key's key: its own string, or the end of the value in the piece's text. */
function keyOf(packed: Packed, index: number, text: string): string {
	const at = index * keySlots;
	const { numbers } = packed;
	if (numbers[at + kKey] !== keyInText) return getString(numbers, packed.strings, at + kKey)!;
	const end = numbers[at + kEnd];
	return text.slice(end - numbers[at + kKey + 1], end);
}

/** A duplicate key of a piece: offsets relative to the piece; `value` only where the text at its span is not the value. */
export interface PieceKey {
	namespace: string;
	key: string;
	attribute: string;
	start: number;
	end: number;
	/** The entry's DN lower-cased, or '' (then `entry` tells it apart). */
	entity: string;
	/** The entry's index in the piece. */
	entry: number;
	/** keyHash(namespace, key), computed where the key was made. */
	hash: number;
	value?: string;
}

export function packKeys(keys: readonly EntryKey[], text: string, base: number): Packed {
	const numbers = new Int32Array(keys.length * keySlots);
	const strings = new StringPack();
	for (let index = 0; index < keys.length; index++) {
		const key = keys[index];
		const at = index * keySlots;
		const start = key.span.start - base;
		const end = key.span.end - base;
		numbers[at + kStart] = start;
		numbers[at + kEnd] = end;
		numbers[at + kEntry] = key.entry;
		numbers[at + kHash] = keyHash(key.namespace, key.key);
		strings.put(numbers, at + kNamespace, key.namespace, true);
		// Most keys are the end of their value as written (a UPN, an SMTP address after its prefix): then
		// only the key's length is kept, and it is read from the piece's text.
		if (key.key.length <= end - start && text.startsWith(key.key, end - key.key.length)) {
			numbers[at + kKey] = keyInText;
			numbers[at + kKey + 1] = key.key.length;
		} else strings.put(numbers, at + kKey, key.key);
		strings.put(numbers, at + kAttribute, key.attribute, true);
		strings.put(numbers, at + kValue, end - start !== key.value.length || !text.startsWith(key.value, start) ? key.value : undefined);
		strings.put(numbers, at + kEntity, key.entity, true);
	}
	return { count: keys.length, numbers, strings: strings.join() };
}

/** Key `index` of a pack, whose piece's text is `text`. */
export function unpackKey(packed: Packed, index: number, text: string): PieceKey {
	const { numbers, strings } = packed;
	const at = index * keySlots;
	const key: PieceKey = {
		namespace: getString(numbers, strings, at + kNamespace)!,
		key: keyOf(packed, index, text),
		attribute: getString(numbers, strings, at + kAttribute)!,
		start: numbers[at + kStart],
		end: numbers[at + kEnd],
		entity: getString(numbers, strings, at + kEntity)!,
		entry: numbers[at + kEntry],
		hash: numbers[at + kHash] >>> 0,
	};
	const value = getString(numbers, strings, at + kValue);
	if (value !== undefined) key.value = value;
	return key;
}

/**
 * Parts of packed key `index`, read without unpacking it (the server's duplicate index reads many
 * keys and needs few of them whole).
 */
export const packedKey = {
	hash: (packed: Packed, index: number): number => packed.numbers[index * keySlots + kHash] >>> 0,
	start: (packed: Packed, index: number): number => packed.numbers[index * keySlots + kStart],
	end: (packed: Packed, index: number): number => packed.numbers[index * keySlots + kEnd],
	entry: (packed: Packed, index: number): number => packed.numbers[index * keySlots + kEntry],
	/** Where the namespace is in the pack's strings: recurring namespaces share one place. */
	namespaceAt: (packed: Packed, index: number): number => packed.numbers[index * keySlots + kNamespace],
	namespace: (packed: Packed, index: number): string => getString(packed.numbers, packed.strings, index * keySlots + kNamespace)!,
	key: (packed: Packed, index: number, text: string): string => keyOf(packed, index, text),
	/** The key's attribute: recurring names share one place. */
	attribute: (packed: Packed, index: number): string => getString(packed.numbers, packed.strings, index * keySlots + kAttribute)!,
	entity: (packed: Packed, index: number): string => getString(packed.numbers, packed.strings, index * keySlots + kEntity)!,
};

// A packed record: its start, then the family and the encoded fields.
const rStart = 0;
const rFamily = 1;
const rFields = 3;
const recordSlots = 5;

/** A record of a piece: `start` relative to the piece. */
export interface PieceRecord {
	family: string;
	start: number;
	fields: string[];
}

export function packRecords(records: readonly EntryRecord[], base: number): Packed {
	const numbers = new Int32Array(records.length * recordSlots);
	const strings = new StringPack();
	for (let index = 0; index < records.length; index++) {
		const record = records[index];
		const at = index * recordSlots;
		numbers[at + rStart] = record.start - base;
		strings.put(numbers, at + rFamily, record.family, true);
		strings.put(numbers, at + rFields, encodeList(record.fields));
	}
	return { count: records.length, numbers, strings: strings.join() };
}

export function unpackRecord(packed: Packed, index: number): PieceRecord {
	const { numbers, strings } = packed;
	const at = index * recordSlots;
	return { family: getString(numbers, strings, at + rFamily)!, start: numbers[at + rStart], fields: decodeList(getString(numbers, strings, at + rFields))! };
}

export const noFindings: PackedFindings = { count: 0, fixable: 0, numbers: new Int32Array(0), strings: '' };
export const nothingPacked: Packed = { count: 0, numbers: new Int32Array(0), strings: '' };

// ---- The per-piece lint ----------------------------------------------------------------------

export interface PieceSymbol {
	name: string;
	start: number;
	end: number;
	selectionStart: number;
	selectionEnd: number;
}

export interface PieceResult {
	recognized: boolean;
	/** LDIF: the kinds of records in the piece (offsets relative to it), for the document-level check. */
	kinds?: RecordKinds;
	findings: PackedFindings;
	keys: Packed;
	records: Packed;
	symbols: PieceSymbol[];
}

/** The arrays of a result, to transfer (not copy) to another thread. */
export function transferables(result: PieceResult): ArrayBuffer[] {
	return [result.findings.numbers.buffer as ArrayBuffer, result.keys.numbers.buffer as ArrayBuffer, result.records.numbers.buffer as ArrayBuffer];
}

/** Keeps what belongs to the piece of a check of context + piece: everything at or after `base`. */
function ownPart(check: DocumentCheck, base: number): DocumentCheck {
	if (base === 0) return check;
	return {
		findings: check.findings.filter((finding) => finding.span.start >= base),
		keys: check.keys.filter((key) => key.span.start >= base),
		records: check.records.filter((record) => record.start >= base),
	};
}

/**
 * Lints one piece read after its context ('', or a CSV's header); every offset is made relative to
 * the piece's start. Findings in the context belong to no piece (a header has none). Records are
 * made only when `recording` (a report's run).
 */
export function lintPiece(linter: Linter, piece: string, context: string, format: ExportFormat, settings: Settings, recording = false): PieceResult {
	const document = linter.read(context + piece, format, settings);
	const base = context.length;
	const check = ownPart(linter.check(document, settings, undefined, recording) ?? { findings: [], keys: [], records: [] }, base);
	const keys = settings.duplicates.scope === 'off' ? [] : check.keys;
	const symbols = format === 'ldif'
		? linter.symbols(document).map((symbol: EntrySymbol) => ({ name: symbol.name, start: symbol.span.start - base, end: symbol.span.end - base, selectionStart: symbol.selectionSpan.start - base, selectionEnd: symbol.selectionSpan.end - base }))
		: [];
	const result: PieceResult = { recognized: document.recognized, findings: packFindings(check.findings, piece, base), keys: packKeys(keys, piece, base), records: packRecords(check.records, base), symbols };
	if (document.recordKinds) result.kinds = addRecordKinds(undefined, document.recordKinds, -base);
	return result;
}
