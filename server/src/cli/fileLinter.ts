/**
 * Lints one export file piece by piece (see chunkedReader), and in fix mode writes the fixed file
 * beside it and renames it over the original. Pieces are linted by a PieceRunner, several at a
 * time, and taken back in file order. Every finding is reported: the editor's maxProblems cap
 * does not apply.
 */
import type { DiagnosticCode } from '../../../shared/src/codes';
import type { Settings } from '../../../shared/src/settings';
import { formatOf, severityOf } from '../engine/linter';
import { mixedKindsProblem } from '../engine/readers/ldifReader';
import { FileReplacement } from './atomicFile';
import { InputError, readPieces } from './chunkedReader';
import type { LocatedFinding, KeyBlock, LocatedRecord, PieceOutcome, Range } from './pieceLinter';
import type { PieceRunner } from './pieceRunners';

export interface LintFileOptions {
	settings: Settings;
	/** Apply every fix and report what remains in the fixed file. */
	fix: boolean;
	/** Bytes read at a time. */
	chunkSize: number;
	runner: PieceRunner;
	/** Receives each piece's findings, in file order. */
	report(findings: LocatedFinding[]): Promise<void>;
	/** Receives each piece's duplicate keys, with the lines of the file before the piece (its lines count from 1). */
	keys?(keys: KeyBlock, linesBefore: number): void;
	/** Receives each piece's records (for reports), on their lines in the file; records are collected only when set. */
	records?(records: LocatedRecord[]): void;
}

export interface FileOutcome {
	/** False when no part of the file is an export the engine understands. */
	recognized: boolean;
	/** In fix mode, how many values were rewritten, per code. */
	fixed: Map<DiagnosticCode, number>;
}

function shiftLines(findings: LocatedFinding[], lines: number): LocatedFinding[] {
	if (lines === 0) return findings;
	const shift = (range: Range) => {
		range.line += lines;
		range.endLine += lines;
	};
	for (const finding of findings) {
		shift(finding.range);
		if (finding.fix) shift(finding.fix.range);
	}
	return findings;
}

/** Runs a step of writing the fixed file; a failure (no permission, disk full) is the file's, not dirlint's. */
async function writing<T>(step: () => Promise<T>): Promise<T> {
	try {
		return await step();
	} catch (error) {
		throw new InputError(`could not be fixed, and is unchanged: ${(error as Error).message}`);
	}
}

/** A piece being linted: its original bytes, written back when it has no fixes. */
interface Queued {
	bytes: Uint8Array;
	result: Promise<PieceOutcome>;
}

/** Lints (or fixes) one file. Throws InputError for a file that cannot be read as a UTF-8 text export. */
export async function lintFile(path: string, options: LintFileOptions): Promise<FileOutcome> {
	const { settings, runner } = options;
	const format = formatOf(path);
	const outcome: FileOutcome = { recognized: false, fixed: new Map() };
	let linesBefore = 0;
	let replacement: FileReplacement | undefined;
	// The kinds of LDIF records over the whole file, for the document-level check that it does not mix them.
	const kinds: { content: number; change: number; firstContent?: Range; firstChange?: Range } = { content: 0, change: 0 };
	const shifted = (range: Range | undefined): Range | undefined => range && { ...range, line: range.line + linesBefore, endLine: range.endLine + linesBefore };

	async function takeBack(queued: Queued): Promise<void> {
		const result = await queued.result;
		if (result.kind === 'not-utf8') {
			throw new InputError(`is not valid UTF-8 (an invalid byte sequence on line ${linesBefore + result.line}); save the file as UTF-8 and run again`);
		}
		outcome.recognized ||= result.recognized;
		for (const [code, count] of result.fixed) outcome.fixed.set(code, (outcome.fixed.get(code) ?? 0) + count);
		if (options.fix) {
			replacement ??= await writing(() => FileReplacement.begin(path));
			await writing(() => replacement!.write(result.fixedBytes ?? queued.bytes));
		}
		await options.report(shiftLines(result.findings, linesBefore));
		if (options.keys && result.keys.count > 0) options.keys(result.keys, linesBefore);
		if (result.kinds) {
			kinds.content += result.kinds.content;
			kinds.change += result.kinds.change;
			kinds.firstContent ??= shifted(result.kinds.firstContent);
			kinds.firstChange ??= shifted(result.kinds.firstChange);
		}
		if (options.records && result.records.length > 0) {
			for (const record of result.records) record.line += linesBefore;
			options.records(result.records);
		}
		linesBefore += result.lineCount;
	}

	const queue: Queued[] = [];
	try {
		for await (const piece of readPieces(path, { format, delimiter: settings.csv.delimiter, chunkSize: options.chunkSize })) {
			const result = runner.lint({ ...piece, format, settings, fix: options.fix, records: options.records !== undefined });
			result.catch(() => undefined); // awaited in turn below; not an unhandled rejection meanwhile
			queue.push({ bytes: piece.bytes, result });
			if (queue.length >= runner.depth) await takeBack(queue.shift()!);
		}
		for (let next = queue.shift(); next; next = queue.shift()) await takeBack(next);
		const mixed = mixedKindsProblem(kinds, (a, b) => a.line < b.line || (a.line === b.line && a.column < b.column));
		const severity = mixed && severityOf('ldif.parse', settings);
		if (mixed && severity) await options.report([{ code: 'ldif.parse', severity, message: mixed.message, range: mixed.place }]);
		if (outcome.fixed.size > 0) await writing(() => replacement!.commit());
		else await replacement?.abort();
	} catch (error) {
		await replacement?.abort();
		throw error;
	}
	return outcome;
}
