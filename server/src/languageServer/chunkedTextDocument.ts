/**
 * A TextDocument that keeps its text in chunks of about 64 KB and its line starts as offsets, both
 * updated in place on an incremental edit. vscode-languageserver-textdocument rebuilds the whole
 * content string on every edit: on a 20 MB export that is 20 MB of garbage per keystroke, which is
 * what drove the server's peak memory. Here an edit rewrites one chunk; the whole text is joined only
 * when asked for (a full re-lint).
 */
import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { lastAtOrBefore } from '../engine/model';
import { lineStartsIn } from '../engine/textSearch';

const chunkSize = 64 * 1024;

function split(text: string): string[] {
	const chunks: string[] = [];
	for (let start = 0; start < text.length; start += chunkSize) chunks.push(text.slice(start, start + chunkSize));
	return chunks.length > 0 ? chunks : [''];
}

export class ChunkedTextDocument implements TextDocument {
	private chunks: string[];
	/** Where each chunk starts in the text. */
	private chunkStarts: number[] = [];
	/** Where each line starts; lineStarts[0] is 0. */
	private lineStarts: number[] = [0];
	private length = 0;
	/** The text as opened, while no edit has changed it: getText() then copies nothing. */
	private unedited: string | undefined;

	constructor(readonly uri: string, readonly languageId: string, public version: number, content: string) {
		this.unedited = content;
		this.chunks = split(content);
		this.reindexChunks();
		lineStartsIn(content, 0, this.lineStarts);
	}

	get lineCount(): number {
		return this.lineStarts.length;
	}

	private reindexChunks(): void {
		let offset = 0;
		this.chunkStarts = this.chunks.map((chunk) => {
			const start = offset;
			offset += chunk.length;
			return start;
		});
		this.length = offset;
	}

	/** The index of the chunk holding offset (the last chunk for the end of the text). */
	private chunkAt(offset: number): number {
		return lastAtOrBefore(this.chunkStarts, offset);
	}

	/** The index of the line holding offset. */
	private lineAt(offset: number): number {
		return lastAtOrBefore(this.lineStarts, offset);
	}

	private slice(start: number, end: number): string {
		if (start >= end) return '';
		const first = this.chunkAt(start);
		const last = this.chunkAt(end - 1);
		if (first === last) return this.chunks[first].slice(start - this.chunkStarts[first], end - this.chunkStarts[first]);
		let text = this.chunks[first].slice(start - this.chunkStarts[first]);
		for (let i = first + 1; i < last; i++) text += this.chunks[i];
		return text + this.chunks[last].slice(0, end - this.chunkStarts[last]);
	}

	getText(range?: Range): string {
		if (!range) return this.unedited ?? (this.chunks.length === 1 ? this.chunks[0] : this.chunks.join(''));
		return this.slice(this.offsetAt(range.start), this.offsetAt(range.end));
	}

	private charCodeAt(offset: number): number {
		const chunk = this.chunkAt(offset);
		return this.chunks[chunk].charCodeAt(offset - this.chunkStarts[chunk]);
	}

	/** Moves an offset inside a line break back to the line's end, as the reference TextDocument does. */
	private beforeLineBreak(offset: number, lineStart: number): number {
		while (offset > lineStart) {
			const code = this.charCodeAt(offset - 1);
			if (code !== 10 && code !== 13) break;
			offset--;
		}
		return offset;
	}

	private lineEnd(line: number): number {
		return line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.length;
	}

	positionAt(offset: number): Position {
		const clamped = Math.max(0, Math.min(offset, this.length));
		const line = this.lineAt(clamped);
		return { line, character: this.beforeLineBreak(clamped, this.lineStarts[line]) - this.lineStarts[line] };
	}

	offsetAt(position: Position): number {
		if (position.line >= this.lineStarts.length) return this.length;
		if (position.line < 0) return 0;
		const lineStart = this.lineStarts[position.line];
		if (position.character <= 0) return lineStart;
		return this.beforeLineBreak(Math.min(lineStart + position.character, this.lineEnd(position.line)), lineStart);
	}

	getLineRange(line: number): Range {
		if (line >= this.lineStarts.length) {
			const last = this.lineStarts.length - 1;
			return { start: { line: last, character: 0 }, end: { line: last, character: this.length - this.lineStarts[last] } };
		}
		if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
		const start = this.lineStarts[line];
		return { start: { line, character: 0 }, end: { line, character: this.beforeLineBreak(this.lineEnd(line), start) - start } };
	}

	getEOLCharacters(line: number): string {
		if (line < 0 || line >= this.lineStarts.length) return '';
		const end = this.lineEnd(line);
		return this.slice(this.beforeLineBreak(end, this.lineStarts[line]), end);
	}

	/** Applies one change (incremental or full) and sets the version. */
	update(change: TextDocumentContentChangeEvent, version: number): void {
		this.version = version;
		this.unedited = undefined;
		if (!('range' in change)) {
			this.chunks = split(change.text);
			this.reindexChunks();
			this.lineStarts = [0];
			lineStartsIn(change.text, 0, this.lineStarts);
			return;
		}
		const start = this.offsetAt(change.range.start);
		const end = this.offsetAt(change.range.end);
		this.replaceChunks(start, end, change.text);
		this.replaceLineStarts(start, end, change.text);
	}

	private replaceChunks(start: number, end: number, text: string): void {
		const first = this.chunkAt(start);
		const last = this.chunkAt(Math.max(start, end - 1));
		const base = this.chunkStarts[first];
		let joined = '';
		for (let i = first; i <= last; i++) joined += this.chunks[i];
		const replaced = joined.slice(0, start - base) + text + joined.slice(end - base);
		const pieces = replaced.length > 2 * chunkSize ? split(replaced) : [replaced];
		this.chunks.splice(first, last - first + 1, ...pieces);
		if (this.chunks.length === 0) this.chunks = [''];
		this.reindexChunks();
	}

	/**
	 * Line starts after replacing [start, end) with text: the lines from the one holding `start` are
	 * found again in the changed region (a \r\n may have been split or joined); later ones shift.
	 */
	private replaceLineStarts(start: number, end: number, text: string): void {
		const delta = text.length - (end - start);
		const fromLine = this.lineAt(start);
		const regionStart = this.lineStarts[fromLine];
		// The region ends at the first line start after the change that a \r\n at its edge cannot move.
		let afterLine = this.lineAt(end) + 1;
		while (afterLine < this.lineStarts.length && this.lineStarts[afterLine] <= end + 1) afterLine++;
		const regionEnd = afterLine < this.lineStarts.length ? this.lineStarts[afterLine] + delta : this.length;
		const starts: number[] = [];
		lineStartsIn(this.slice(regionStart, regionEnd), regionStart, starts);
		const kept = starts.filter((offset) => offset < regionEnd || regionEnd === this.length);
		const shifted = this.lineStarts.slice(afterLine).map((offset) => offset + delta);
		this.lineStarts.length = fromLine + 1;
		for (const offset of kept) if (offset > regionStart && (shifted.length === 0 || offset < shifted[0])) this.lineStarts.push(offset);
		for (const offset of shifted) this.lineStarts.push(offset);
	}
}
