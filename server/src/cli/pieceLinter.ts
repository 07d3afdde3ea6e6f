/**
 * Decoding, linting and fixing one piece of a file: the unit of work the CLI spreads over worker
 * threads. The lint itself is the engine's one per-piece lint (engine/pieces.ts lintPiece, as the
 * language server runs it); this adds only what the CLI outputs: line and column numbers, words,
 * and in fix mode the piece with its fixes applied. Plain data in and out, so a job can cross a
 * thread boundary.
 */
import type { DiagnosticCode } from '../../../shared/src/codes';
import type { Settings } from '../../../shared/src/settings';
import { applyEdits, nonOverlapping, TextEdit } from '../engine/edits';
import { createLinter, Linter, Severity } from '../engine/linter';
import type { ExportFormat } from '../engine/model';
import { documentFinding, findingMessage, fixTitleOf, lintPiece as lintEnginePiece, PieceResult, unpackFinding, unpackKey, unpackRecord } from '../engine/pieces';
import type { Piece } from './chunkedReader';
import { fnv1a, murmurish } from '../engine/hash';
import { indexLines, PieceLines } from './positions';

/** 1-based; the end is exclusive (the position just after the last character). */
export interface Range {
	line: number;
	column: number;
	endLine: number;
	endColumn: number;
}

/** Another place a finding concerns (a duplicate's other holders). */
export interface RelatedLocation {
	file: string;
	range: Range;
	message: string;
}

export interface LocatedFinding {
	code: DiagnosticCode;
	severity: Severity;
	message: string;
	range: Range;
	fix?: { title: string; newText: string; range: Range };
	related?: RelatedLocation[];
}

/**
 * A piece's duplicate keys, placed, as numbers only: `keySlots` per key (see the k… offsets), and
 * the attribute and namespace names the keys' indexes name. Made on the worker, handed over (the
 * buffer is transferred), and copied into the key table's columns: no string or object per key
 * crosses the thread or reaches the main thread's heap.
 */
export interface KeyBlock {
	count: number;
	numbers: Uint32Array;
	/** The names of the piece's attributes and namespaces; a key's kAttribute and kNamespace index this. */
	names: string[];
}

/** Slots of a key in KeyBlock.numbers. */
export const kHashHigh = 0, kHashLow = 1, kEntity = 2, kAttribute = 3, kNamespace = 4, kLine = 5, kColumn = 6, kEndLine = 7, kEndColumn = 8, keySlots = 9;
/**
 * A kEntity value with this bit set names no object (the entry has no DN nor sAMAccountName): the
 * rest is the entry's index in its piece, so only keys of the same entry are the same object.
 */
export const ownEntry = 0x80000000;

/** A record a family made of an entry: the line its record starts on. */
export interface LocatedRecord {
	family: string;
	line: number;
	fields: string[];
}

export interface PieceJob extends Piece {
	format: ExportFormat;
	settings: Settings;
	/** Apply every fix and report what remains. */
	fix: boolean;
	/** Collect the families' records (for reports). */
	records?: boolean;
}

export interface LintedPiece {
	kind: 'linted';
	recognized: boolean;
	/** The piece's bytes after its fixes; undefined when nothing changed. */
	fixedBytes?: Uint8Array;
	/** Values rewritten, per code. */
	fixed: [DiagnosticCode, number][];
	/** Findings in the (fixed) piece, in order; lines count from the piece's first line. */
	findings: LocatedFinding[];
	keys: KeyBlock;
	records: LocatedRecord[];
	/** LDIF: the kinds of records in the piece, for the check that a file does not mix them. */
	kinds?: { content: number; change: number; firstContent?: Range; firstChange?: Range };
	lineCount: number;
}

/** The piece is not UTF-8: its first invalid byte sequence is on this line of the piece. */
export interface NotUtf8Piece {
	kind: 'not-utf8';
	line: number;
}

export type PieceOutcome = LintedPiece | NotUtf8Piece;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function rangeOf(lines: PieceLines, start: number, end: number): Range {
	const from = lines.position(start);
	const to = lines.position(end);
	return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}

/** The line of the first invalid UTF-8 sequence: the smallest prefix a decoder rejects ends in it. */
function invalidUtf8Line(bytes: Uint8Array): number {
	let low = 0;
	let high = bytes.length;
	while (low < high) {
		const middle = (low + high) >> 1;
		try {
			new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, middle + 1), { stream: true });
			low = middle + 1;
		} catch {
			high = middle;
		}
	}
	let line = 1;
	for (let i = 0; i < low; i++) {
		if (bytes[i] === 10 || (bytes[i] === 13 && bytes[i + 1] !== 10)) line++;
	}
	return line;
}

/** Every fix of a piece's findings, as edits of the piece's text. */
function fixEdits(result: PieceResult): { edits: TextEdit[]; codes: Map<TextEdit, DiagnosticCode> } {
	const edits: TextEdit[] = [];
	const codes = new Map<TextEdit, DiagnosticCode>();
	for (let index = 0; index < result.findings.count; index++) {
		const finding = unpackFinding(result.findings, index);
		if (!finding.fix) continue;
		const edit = { span: { start: finding.fix.start, end: finding.fix.end }, newText: finding.fix.newText };
		edits.push(edit);
		codes.set(edit, finding.code);
	}
	return { edits, codes };
}

function located(text: string, result: PieceResult, job: PieceJob, fixed: LintedPiece['fixed'], fixedBytes?: Uint8Array): LintedPiece {
	const lines = indexLines(text);
	const findings: LocatedFinding[] = [];
	for (let index = 0; index < result.findings.count; index++) {
		const finding = documentFinding(unpackFinding(result.findings, index), text, 0);
		const place: LocatedFinding = { code: finding.code, severity: finding.severity, message: findingMessage(finding), range: rangeOf(lines, finding.start, finding.end) };
		if (finding.fix) place.fix = { title: fixTitleOf(finding), newText: finding.fix.newText, range: rangeOf(lines, finding.fix.start, finding.fix.end) };
		findings.push(place);
	}
	const keys = keyBlock(result, text, lines);
	const records: LocatedRecord[] = [];
	if (job.records) {
		for (let index = 0; index < result.records.count; index++) {
			const record = unpackRecord(result.records, index);
			records.push({ family: record.family, line: lines.position(record.start).line, fields: record.fields });
		}
	}
	const piece: LintedPiece = { kind: 'linted', recognized: result.recognized, fixedBytes, fixed, findings, keys, records, lineCount: lines.lineCount };
	const kinds = result.kinds;
	if (kinds) {
		piece.kinds = {
			content: kinds.content,
			change: kinds.change,
			firstContent: kinds.firstContent && rangeOf(lines, kinds.firstContent.start, kinds.firstContent.end),
			firstChange: kinds.firstChange && rangeOf(lines, kinds.firstChange.start, kinds.firstChange.end),
		};
	}
	return piece;
}

const noKeys = (): KeyBlock => ({ count: 0, numbers: new Uint32Array(0), names: [] });

function keyBlock(result: PieceResult, text: string, lines: PieceLines): KeyBlock {
	const count = result.keys.count;
	if (count === 0) return noKeys();
	const numbers = new Uint32Array(count * keySlots);
	const names: string[] = [];
	const nameIndex = (name: string) => {
		const at = names.indexOf(name);
		return at >= 0 ? at : names.push(name) - 1;
	};
	for (let index = 0; index < count; index++) {
		const key = unpackKey(result.keys, index, text);
		const at = index * keySlots;
		numbers[at + kHashHigh] = key.hash;
		numbers[at + kHashLow] = murmurish(`${key.namespace}\u0000${key.key}`);
		numbers[at + kEntity] = key.entity ? fnv1a(key.entity) & 0x7fffffff : (ownEntry | key.entry) >>> 0;
		numbers[at + kAttribute] = nameIndex(key.attribute);
		numbers[at + kNamespace] = nameIndex(key.namespace);
		const range = rangeOf(lines, key.start, key.end);
		numbers[at + kLine] = range.line;
		numbers[at + kColumn] = range.column;
		numbers[at + kEndLine] = range.endLine;
		numbers[at + kEndColumn] = range.endColumn;
	}
	return { count, numbers, names };
}

function lint(linter: Linter, text: string, job: PieceJob): PieceResult {
	return lintEnginePiece(linter, text, job.context, job.format, job.settings, job.records === true);
}

export function lintPiece(job: PieceJob): PieceOutcome {
	let text: string;
	try {
		text = strictUtf8.decode(job.bytes);
	} catch {
		return { kind: 'not-utf8', line: invalidUtf8Line(job.bytes) };
	}
	// A linter per piece: its caches then live as long as the piece, so memory stays flat over a file
	// of any size (sharing them across pieces bought no measurable speed).
	const linter = createLinter();
	if (job.header) {
		const lines = indexLines(text);
		return { kind: 'linted', recognized: linter.read(text, job.format, job.settings).recognized, fixed: [], findings: [], keys: noKeys(), records: [], lineCount: lines.lineCount };
	}
	const result = lint(linter, text, job);
	if (!job.fix) return located(text, result, job, []);
	const { edits, codes } = fixEdits(result);
	const applied = nonOverlapping(edits);
	if (applied.length === 0) return located(text, result, job, []);
	const counts = new Map<DiagnosticCode, number>();
	for (const edit of applied) counts.set(codes.get(edit)!, (counts.get(codes.get(edit)!) ?? 0) + 1);
	const fixedText = applyEdits(text, applied);
	const remaining = lint(linter, fixedText, job);
	return located(fixedText, { ...remaining, recognized: result.recognized }, job, [...counts], new TextEncoder().encode(fixedText));
}
