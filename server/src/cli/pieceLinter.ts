/**
 * Decoding, linting and fixing one piece of a file with the engine: the unit of work the CLI
 * spreads over worker threads. Plain data in and out, so a job can cross a thread boundary.
 */
import type { DiagnosticCode } from '../../../shared/src/codes';
import type { Settings } from '../../../shared/src/settings';
import { applyEdits, TextEdit } from '../engine/edits';
import { createLinter, Finding, Linter, Severity } from '../engine/linter';
import type { ExportFormat, Span } from '../engine/model';
import type { Piece } from './chunkedReader';
import { indexLines, PieceLines } from './positions';

/** 1-based; the end is exclusive (the position just after the last character). */
export interface Range {
	line: number;
	column: number;
	endLine: number;
	endColumn: number;
}

export interface LocatedFinding {
	code: DiagnosticCode;
	severity: Severity;
	message: string;
	range: Range;
	fix?: { title: string; newText: string; range: Range };
}

export interface PieceJob extends Piece {
	format: ExportFormat;
	settings: Settings;
	/** Apply every fix and report what remains. */
	fix: boolean;
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
	lineCount: number;
}

/** The piece is not UTF-8: its first invalid byte sequence is on this line of the piece. */
export interface NotUtf8Piece {
	kind: 'not-utf8';
	line: number;
}

export type PieceOutcome = LintedPiece | NotUtf8Piece;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

interface Lint {
	recognized: boolean;
	/** The piece's own findings; spans are offsets into context + text. */
	findings: Finding[];
}

function lint(linter: Linter, context: string, text: string, job: PieceJob): Lint {
	const document = linter.read(context + text, job.format, job.settings);
	const findings = linter.validate(document, job.settings) ?? [];
	// Findings in the context (a repeated CSV header) belong to the first piece.
	const own = context === '' ? findings : findings.filter((finding) => finding.span.start >= context.length);
	return { recognized: document.recognized, findings: own };
}

function countFixed(findings: readonly Finding[], edits: readonly TextEdit[]): [DiagnosticCode, number][] {
	const applied = new Set(edits);
	const counts = new Map<DiagnosticCode, number>();
	for (const finding of findings) {
		if (finding.fix && applied.has(finding.fix.edit)) counts.set(finding.code, (counts.get(finding.code) ?? 0) + 1);
	}
	return [...counts];
}

function locate(findings: readonly Finding[], lines: PieceLines, shift: number): LocatedFinding[] {
	const range = (span: Span): Range => {
		const start = lines.position(span.start - shift);
		const end = lines.position(span.end - shift);
		return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
	};
	return findings.map((finding) => {
		const located: LocatedFinding = { code: finding.code, severity: finding.severity, message: finding.message, range: range(finding.span) };
		if (finding.fix) located.fix = { title: finding.fix.title, newText: finding.fix.edit.newText, range: range(finding.fix.edit.span) };
		return located;
	});
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

function linted(context: string, text: string, result: Lint, fixed: LintedPiece['fixed'], fixedBytes?: Uint8Array): LintedPiece {
	const lines = indexLines(text);
	return { kind: 'linted', recognized: result.recognized, fixedBytes, fixed, findings: locate(result.findings, lines, context.length), lineCount: lines.lineCount };
}

export function lintPiece(job: PieceJob): PieceOutcome {
	let text: string;
	try {
		text = strictUtf8.decode(job.bytes);
	} catch {
		return { kind: 'not-utf8', line: invalidUtf8Line(job.bytes) };
	}
	// A linter per piece: its verdict cache then lives as long as the piece, so memory stays flat over a
	// file of any size (sharing it across pieces bought no measurable speed).
	const linter = createLinter();
	const result = lint(linter, job.context, text, job);
	const edits = job.fix ? linter.fixAllEdits(result.findings) : [];
	if (edits.length === 0) return linted(job.context, text, result, []);
	// Edits never touch the context: it is a CSV header, and header findings carry no fix.
	const fixedText = applyEdits(job.context + text, edits).slice(job.context.length);
	const remaining = lint(linter, job.context, fixedText, job);
	const fixedBytes = new TextEncoder().encode(fixedText);
	return linted(job.context, fixedText, { ...remaining, recognized: result.recognized }, countFixed(result.findings, edits), fixedBytes);
}
