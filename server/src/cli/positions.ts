/**
 * Offsets to 1-based line and column numbers. Lines end at CRLF, LF or a lone CR, as in editors;
 * columns count UTF-16 code units, as LSP and the engine do. A piece is numbered on its own (its
 * first line is 1) and shifted by the lines of the pieces before it.
 */
import { lastAtOrBefore } from '../engine/model';
import { lineStartsIn } from '../engine/textSearch';
export interface Position {
	line: number;
	column: number;
}

export interface PieceLines {
	/** Lines the piece ends, so the next piece starts on line base + lineCount + 1. */
	lineCount: number;
	position(offset: number): Position;
}

export function indexLines(text: string): PieceLines {
	const starts = [0];
	lineStartsIn(text, 0, starts);
	// A piece cut after a line break ends its last line; only the file's last piece may not.
	const lineCount = starts[starts.length - 1] === text.length ? starts.length - 1 : starts.length;
	return {
		lineCount,
		position(offset) {
			const index = lastAtOrBefore(starts, offset);
			return { line: index + 1, column: offset - starts[index] + 1 };
		},
	};
}

