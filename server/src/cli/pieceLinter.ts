/**
 * Linting (and fixing) one piece of a file with the engine: the unit of work the CLI spreads over
 * worker threads. Plain data in and out, so a job can cross a thread boundary.
 */
import type { DiagnosticCode } from '../../../shared/src/codes';
import type { Settings } from '../../../shared/src/settings';
import { applyEdits, TextEdit } from '../engine/edits';
import { createLinter, Finding, Severity } from '../engine/linter';
import type { ExportFormat, Span } from '../engine/model';
import type { Piece } from './chunkedReader';
import { indexLines, PieceLines, Position } from './positions';

export interface Range {
	start: Position;
	/** Exclusive: the position just after the last character. */
	end: Position;
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

export interface PieceOutcome {
	recognized: boolean;
	/** The piece's text after its fixes; undefined when nothing changed. */
	fixedText?: string;
	/** Values rewritten, per code. */
	fixed: [DiagnosticCode, number][];
	/** Findings in the (fixed) piece, in order; lines count from the piece's first line. */
	findings: LocatedFinding[];
	lineCount: number;
}

const linter = createLinter();

interface Lint {
	recognized: boolean;
	/** The piece's own findings; spans are offsets into context + text. */
	findings: Finding[];
}

function lint(piece: Piece, job: PieceJob): Lint {
	const document = linter.read(piece.context + piece.text, job.format, job.settings);
	const findings = linter.validate(document, job.settings) ?? [];
	// Findings in the context (a repeated CSV header) belong to the first piece.
	const own = piece.context === '' ? findings : findings.filter((finding) => finding.span.start >= piece.context.length);
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
	const range = (span: Span): Range => ({ start: lines.position(span.start - shift), end: lines.position(span.end - shift) });
	return findings.map((finding) => {
		const located: LocatedFinding = { code: finding.code, severity: finding.severity, message: finding.message, range: range(finding.span) };
		if (finding.fix) located.fix = { title: finding.fix.title, newText: finding.fix.edit.newText, range: range(finding.fix.edit.span) };
		return located;
	});
}

function outcome(piece: Piece, result: Lint, fixed: PieceOutcome['fixed'], fixedText?: string): PieceOutcome {
	const lines = indexLines(piece.text);
	return { recognized: result.recognized, fixedText, fixed, findings: locate(result.findings, lines, piece.context.length), lineCount: lines.lineCount };
}

export function lintPiece(job: PieceJob): PieceOutcome {
	const result = lint(job, job);
	const edits = job.fix ? linter.fixAllEdits(result.findings) : [];
	if (edits.length === 0) return outcome(job, result, []);
	// Edits never touch the context: it is a CSV header, and header findings carry no fix.
	const fixedPiece = { context: job.context, text: applyEdits(job.context + job.text, edits).slice(job.context.length) };
	const remaining = lint(fixedPiece, job);
	return outcome(fixedPiece, { ...remaining, recognized: result.recognized }, countFixed(result.findings, edits), fixedPiece.text);
}
