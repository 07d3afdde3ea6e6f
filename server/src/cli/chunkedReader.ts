/**
 * Reads an export file as a sequence of text pieces, each ending at a record boundary, so the
 * engine can lint a file of any size in constant memory. Joined, the pieces are exactly the file's
 * text (a BOM included). Each piece comes with the context the engine needs to read it alone: ''
 * for the first piece; for later CSV pieces, the header record.
 *
 * CSV records end at a line break outside a quoted field; LDIF records at a blank line.
 */
import { open, FileHandle } from 'node:fs/promises';
import type { ExportFormat } from '../engine/model';
import { csvContentStart, detectDelimiter } from '../engine/readers/csvReader';
import type { CsvDelimiterSetting } from '../../../shared/src/settings';

export interface Piece {
	/** The piece's own text; written back (fixed) in place of these bytes. */
	text: string;
	/** Text to put before `text` when linting it alone; its findings are not the piece's. */
	context: string;
}

export interface ChunkOptions {
	format: ExportFormat;
	delimiter: CsvDelimiterSetting;
	/** Bytes read at a time. */
	chunkSize: number;
}

/** A file dirlint cannot read as a text export; the message completes "FILE: …". */
export class InputError extends Error {}

/** Bytes searched for NUL to tell a binary file. */
const sniffSize = 8192;

/**
 * Finds record boundaries. State carries over between calls, so a file can be scanned as it
 * arrives; it never holds offsets, so the text may be trimmed between calls.
 */
interface RecordScanner {
	/** The offset just after the first record boundary at or after `from`, or -1 at the end of text. */
	next(text: string, from: number): number;
	reset(): void;
}

const enum CsvState { FieldStart, Unquoted, Quoted, QuoteInQuoted }

/** csv-parse's reading: a quote opens a quoted field only at the start of a field; `""` inside is a quote. */
function csvScanner(delimiter: number): RecordScanner {
	let state = CsvState.FieldStart;
	return {
		next(text, from) {
			for (let i = from; i < text.length; i++) {
				const code = text.charCodeAt(i);
				if (state === CsvState.Quoted) {
					if (code === 34) state = CsvState.QuoteInQuoted;
				} else if (state === CsvState.QuoteInQuoted && code === 34) {
					state = CsvState.Quoted;
				} else if (code === 10) {
					state = CsvState.FieldStart;
					return i + 1;
				} else if (code === delimiter) {
					state = CsvState.FieldStart;
				} else {
					state = state === CsvState.FieldStart && code === 34 ? CsvState.Quoted : CsvState.Unquoted;
				}
			}
			return -1;
		},
		reset() {
			state = CsvState.FieldStart;
		},
	};
}

/** RFC 2849: records are separated by an empty line. */
function ldifScanner(): RecordScanner {
	let lineHasText = false;
	return {
		next(text, from) {
			for (let pos = from; pos < text.length;) {
				const newline = text.indexOf('\n', pos);
				const lineEnd = newline < 0 ? text.length : newline;
				const blank = lineEnd === pos || (lineEnd === pos + 1 && text.charCodeAt(pos) === 13);
				if (newline < 0) {
					lineHasText ||= !blank;
					return -1;
				}
				const boundary = !lineHasText && blank;
				lineHasText = false;
				if (boundary) return newline + 1;
				pos = newline + 1;
			}
			return -1;
		},
		reset() {
			lineHasText = false;
		},
	};
}

/** Cuts decoded text into pieces; feed it text as it is decoded, then call end(). */
class PieceCutter {
	private pending = '';
	/** How far the scanner has read the pending text. */
	private scanned = 0;
	private scanner: RecordScanner | undefined;
	/** Where the CSV header starts (after a BOM and a `#TYPE` line). */
	private contentStart = 0;
	/** What later pieces are read after: the CSV header record, '' for LDIF; undefined until known. */
	private context: string | undefined;
	private taken = 0;

	constructor(private readonly options: ChunkOptions, private readonly maxRecord: number) {}

	/** The pieces complete so far. */
	push(text: string): Piece[] {
		this.pending += text;
		if (!this.scanner && !this.start(false)) return [];
		const cut = this.lastBoundary();
		if (cut > 0) return [this.take(cut)];
		if (this.pending.length <= this.maxRecord || this.context === undefined) return [];
		// No record in a real export is this long: an unclosed quote. Cut at a line break to bound memory.
		const lineBreak = this.pending.lastIndexOf('\n') + 1;
		if (lineBreak === 0) return [];
		this.scanner!.reset();
		this.scanned = lineBreak;
		return [this.take(lineBreak)];
	}

	/** The last piece. */
	end(text: string): Piece[] {
		this.pending += text;
		return this.pending === '' ? [] : [this.take(this.pending.length)];
	}

	/** Sets up the scanner once the text holds the CSV header line, or at once for LDIF. */
	private start(atEnd: boolean): boolean {
		if (this.options.format === 'ldif') {
			this.scanner = ldifScanner();
			this.context = '';
			return true;
		}
		const text = this.pending;
		if (!atEnd && text.indexOf('\n') < 0) return false;
		this.contentStart = csvContentStart(text);
		if (!atEnd && text.indexOf('\n', this.contentStart) < 0) return false;
		const delimiter = this.options.delimiter === 'auto' ? detectDelimiter(text, this.contentStart) : this.options.delimiter;
		this.scanner = csvScanner(delimiter.charCodeAt(0));
		this.scanned = this.contentStart;
		return true;
	}

	/** The offset after the last record boundary in the pending text, or 0. */
	private lastBoundary(): number {
		const scanner = this.scanner!;
		let last = 0;
		for (let boundary = scanner.next(this.pending, this.scanned); boundary >= 0; boundary = scanner.next(this.pending, boundary)) {
			if (this.context === undefined) {
				// The first CSV record is the header; blank lines before it do not count.
				const record = this.pending.slice(this.contentStart, boundary);
				if (record.trim() === '') continue;
				this.context = record;
			}
			last = boundary;
		}
		this.scanned = this.pending.length;
		return last;
	}

	private take(end: number): Piece {
		const piece = { text: this.pending.slice(0, end), context: this.taken === 0 ? '' : this.context! };
		this.taken++;
		this.pending = this.pending.slice(end);
		this.scanned = Math.max(0, this.scanned - end);
		return piece;
	}
}

/** Where the first invalid UTF-8 sequence in bytes starts (bytes continuing an earlier chunk's sequence skipped). */
function invalidUtf8Offset(bytes: Uint8Array): number {
	let skip = 0;
	while (skip < 3 && (bytes[skip] & 0xc0) === 0x80) skip++;
	let low = skip;
	let high = bytes.length;
	// The smallest prefix a fresh decoder rejects ends just after the invalid byte.
	while (low < high) {
		const middle = (low + high + 1) >> 1;
		try {
			new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(skip, middle), { stream: true });
			low = middle;
		} catch {
			high = middle - 1;
		}
	}
	return Math.min(low, bytes.length - 1);
}

/** The 1-based line holding byte `offset`. */
async function lineAtByte(file: FileHandle, offset: number): Promise<number> {
	const buffer = Buffer.alloc(1 << 20);
	let line = 1;
	for (let position = 0; position < offset;) {
		const { bytesRead } = await file.read(buffer, 0, Math.min(buffer.length, offset - position), position);
		if (bytesRead === 0) break;
		for (let i = buffer.indexOf(10, 0); i >= 0 && i < bytesRead; i = buffer.indexOf(10, i + 1)) line++;
		position += bytesRead;
	}
	return line;
}

function checkStart(bytes: Uint8Array): void {
	if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
		throw new InputError('is UTF-16 text (csvde -u writes it); dirlint reads UTF-8: save the file as UTF-8 and run again');
	}
	if (bytes.subarray(0, sniffSize).includes(0)) {
		throw new InputError('looks like a binary file (it contains NUL bytes); dirlint reads CSV and LDIF text exports');
	}
}

async function openExport(path: string): Promise<FileHandle> {
	let file: FileHandle;
	try {
		file = await open(path, 'r');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') throw new InputError('no such file');
		if (code === 'EACCES' || code === 'EPERM') throw new InputError('cannot be read (permission denied)');
		throw new InputError(`cannot be opened (${(error as Error).message})`);
	}
	const stat = await file.stat();
	if (stat.isDirectory()) {
		await file.close();
		throw new InputError('is a directory, not an export file');
	}
	if (stat.size === 0) {
		await file.close();
		throw new InputError('is empty');
	}
	return file;
}

/**
 * Reads a file piece by piece. Throws InputError for a file that is missing, a directory,
 * empty, binary or not UTF-8; the pieces before an invalid UTF-8 sequence have been yielded by then.
 */
export async function* readPieces(path: string, options: ChunkOptions): AsyncGenerator<Piece> {
	const file = await openExport(path);
	try {
		const cutter = new PieceCutter(options, 16 * options.chunkSize);
		const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
		const buffer = Buffer.alloc(Math.max(options.chunkSize, sniffSize));
		let position = 0;
		for (;;) {
			const size = position === 0 ? buffer.length : options.chunkSize;
			const { bytesRead } = await file.read(buffer, 0, size, position);
			const bytes = buffer.subarray(0, bytesRead);
			if (position === 0) checkStart(bytes);
			let text: string;
			try {
				text = decoder.decode(bytes, { stream: bytesRead > 0 });
			} catch {
				// At the end of the file (no bytes), the sequence the file cut short: its last byte.
				const line = await lineAtByte(file, position + invalidUtf8Offset(bytes));
				throw new InputError(`is not valid UTF-8 (an invalid byte sequence on line ${line}); save the file as UTF-8 and run again`);
			}
			position += bytesRead;
			yield* bytesRead > 0 ? cutter.push(text) : cutter.end(text);
			if (bytesRead === 0) return;
		}
	} finally {
		await file.close();
	}
}
