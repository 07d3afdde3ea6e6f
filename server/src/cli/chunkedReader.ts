/**
 * Reads an export file as a sequence of pieces, each ending at a record boundary, so the engine can
 * lint a file of any size in constant memory. Pieces are raw bytes: cutting happens on bytes (the
 * characters that end records are ASCII, and never part of a UTF-8 sequence), and decoding happens
 * where a piece is linted, possibly on another thread. Joined, the pieces are exactly the file.
 * Each piece comes with the context the engine needs to read it alone: '' for the first piece; for
 * later CSV pieces, the header record.
 *
 * CSV records end at a line break outside a quoted field; LDIF records at a blank line.
 */
import { open, FileHandle } from 'node:fs/promises';
import type { CsvDelimiterSetting } from '../../../shared/src/settings';
import type { ExportFormat } from '../engine/model';
import { csvContentStart, detectDelimiter } from '../engine/readers/csvReader';
import { CharIndex } from '../engine/textSearch';

export interface Piece {
	/** The piece's bytes; a fixed piece is written in their place. */
	bytes: Uint8Array;
	/** Text the engine reads before the piece; its findings are not the piece's. */
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
const lineFeed = 10;
/** Records up to this long are never cut, whatever the chunk size. */
const maxRecordFloor = 1 << 20;

/** Decodes for the reader's own needs (header, delimiter); the linter decodes strictly. */
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Finds record boundaries. State carries over between calls, so a file can be scanned as it
 * arrives; it holds no offsets, so the bytes may be trimmed between calls.
 */
interface RecordScanner {
	/** The offset just after the first record boundary at or after `from`, or -1 at the end of bytes. */
	next(bytes: Uint8Array, from: number): number;
	/**
	 * For a malformed file whose record never ends (a CSV quote left open, an LDIF file without blank
	 * lines): where to cut it anyway, 0 for nowhere. Scanning starts afresh after the cut.
	 */
	forceCut(bytes: Uint8Array): number;
}

const enum CsvState { FieldStart, Unquoted, Quoted, QuoteInQuoted }

/**
 * csv-parse's reading: a quote opens a quoted field only at the start of a field; `""` inside is a
 * quote. It jumps from quote to quote and line break to line break with indexOf.
 */
function csvScanner(delimiter: number): RecordScanner {
	let state = CsvState.FieldStart;
	// The next quote in the bytes last searched, kept between calls: a file without quotes would
	// otherwise be searched to the end of the chunk for every record.
	let quotes: CharIndex<number> | undefined;
	const nextQuote = (bytes: Uint8Array, at: number): number => {
		if (quotes?.haystack !== bytes) quotes = new CharIndex(bytes, 34);
		return quotes.next(at);
	};
	return {
		next(bytes, from) {
			const length = bytes.length;
			let newline = -2; // not searched yet
			for (let i = from; i < length;) {
				if (state === CsvState.QuoteInQuoted) {
					// The byte before was a quote inside a quoted field: a second one escapes it, else it closed the field.
					if (bytes[i] === 34) {
						state = CsvState.Quoted;
						i++;
						continue;
					}
					state = CsvState.Unquoted;
				}
				if (state === CsvState.Quoted) {
					const quote = nextQuote(bytes, i);
					if (quote < 0) return -1;
					state = CsvState.QuoteInQuoted;
					i = quote + 1;
					continue;
				}
				if (newline !== -1 && newline < i) newline = bytes.indexOf(lineFeed, i);
				const quote = nextQuote(bytes, i);
				if (quote < 0 || (newline >= 0 && newline < quote)) {
					if (newline >= 0) {
						state = CsvState.FieldStart;
						return newline + 1;
					}
					// No line break left: the state is the last byte's.
					state = bytes[length - 1] === delimiter ? CsvState.FieldStart : CsvState.Unquoted;
					return -1;
				}
				const atFieldStart = quote === i ? state === CsvState.FieldStart : bytes[quote - 1] === delimiter;
				state = atFieldStart ? CsvState.Quoted : CsvState.Unquoted;
				i = quote + 1;
			}
			return -1;
		},
		forceCut(bytes) {
			// The engine reads on from the next line after a quote it cannot close.
			state = CsvState.FieldStart;
			return bytes.lastIndexOf(lineFeed) + 1;
		},
	};
}

/** RFC 2849: records are separated by an empty line. */
function ldifScanner(): RecordScanner {
	let lineHasText = false;
	return {
		next(bytes, from) {
			for (let pos = from; pos < bytes.length;) {
				const newline = bytes.indexOf(lineFeed, pos);
				const lineEnd = newline < 0 ? bytes.length : newline;
				const blank = lineEnd === pos || (lineEnd === pos + 1 && bytes[pos] === 13);
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
		forceCut(bytes) {
			lineHasText = false;
			// Before the last `dn:` line, where a record starts even without a blank line before it.
			for (let newline = bytes.lastIndexOf(lineFeed); newline >= 0; newline = bytes.lastIndexOf(lineFeed, newline - 1)) {
				if ((bytes[newline + 1] | 0x20) === 0x64 && (bytes[newline + 2] | 0x20) === 0x6e && bytes[newline + 3] === 0x3a) return newline + 1;
			}
			return bytes.lastIndexOf(lineFeed) + 1;
		},
	};
}

function concat(head: Uint8Array, tail: Uint8Array): Uint8Array {
	if (head.length === 0) return tail;
	const joined = new Uint8Array(head.length + tail.length);
	joined.set(head);
	joined.set(tail, head.length);
	return joined;
}

/** Cuts bytes into pieces; feed it bytes as they are read, then call end(). */
class PieceCutter {
	private pending: Uint8Array = new Uint8Array(0);
	/** How far the scanner has read the pending bytes. */
	private scanned = 0;
	private scanner: RecordScanner | undefined;
	/** Where the CSV header starts (after a BOM and a `#TYPE` line). */
	private contentStart = 0;
	/** What later pieces are read after: the CSV header record, '' for LDIF; undefined until known. */
	private context: string | undefined;
	private taken = 0;

	constructor(private readonly options: ChunkOptions, private readonly maxRecord: number) {}

	/** The pieces complete so far. */
	push(bytes: Uint8Array): Piece[] {
		this.pending = concat(this.pending, bytes);
		if (!this.scanner && !this.start()) return [];
		const cut = this.lastBoundary();
		if (cut > 0) return [this.take(cut)];
		// No record in a real export is this long: cut the malformed one anyway, to bound memory.
		if (this.pending.length <= this.maxRecord || this.context === undefined) return [];
		const forced = this.scanner!.forceCut(this.pending);
		if (forced === 0) return [];
		this.scanned = forced;
		return [this.take(forced)];
	}

	/** The last piece. */
	end(): Piece[] {
		return this.pending.length === 0 ? [] : [this.take(this.pending.length)];
	}

	/** Sets up the scanner once the bytes hold the CSV header line, or at once for LDIF. */
	private start(): boolean {
		if (this.options.format === 'ldif') {
			this.scanner = ldifScanner();
			this.context = '';
			return true;
		}
		const bytes = this.pending;
		// Wait for two lines: the header may follow a `#TYPE` line.
		const firstBreak = bytes.indexOf(lineFeed);
		const headEnd = firstBreak < 0 ? -1 : bytes.indexOf(lineFeed, firstBreak + 1);
		if (headEnd < 0 && bytes.length < this.maxRecord) return false;
		const head = lenientUtf8.decode(bytes.subarray(0, headEnd < 0 ? bytes.length : headEnd + 1));
		const start = csvContentStart(head);
		const delimiter = this.options.delimiter === 'auto' ? detectDelimiter(head, start) : this.options.delimiter;
		this.contentStart = Buffer.byteLength(head.slice(0, start), 'utf8');
		this.scanner = csvScanner(delimiter.charCodeAt(0));
		this.scanned = this.contentStart;
		return true;
	}

	/** The offset after the last record boundary in the pending bytes, or 0. */
	private lastBoundary(): number {
		const scanner = this.scanner!;
		let last = 0;
		for (let boundary = scanner.next(this.pending, this.scanned); boundary >= 0; boundary = scanner.next(this.pending, boundary)) {
			if (this.context === undefined) {
				// The first CSV record is the header; blank lines before it do not count.
				const record = lenientUtf8.decode(this.pending.subarray(this.contentStart, boundary));
				if (record.trim() === '') continue;
				this.context = record;
			}
			last = boundary;
		}
		this.scanned = this.pending.length;
		return last;
	}

	private take(end: number): Piece {
		// A copy: the piece may be posted to a worker, and a view would take its whole buffer along.
		const piece = { bytes: this.pending.slice(0, end), context: this.taken === 0 ? '' : this.context! };
		this.taken++;
		this.pending = this.pending.subarray(end);
		this.scanned = Math.max(0, this.scanned - end);
		return piece;
	}
}

/** Refuses UTF-16 and binary files, from their first bytes. */
async function checkStart(file: FileHandle): Promise<void> {
	const { buffer, bytesRead } = await file.read(new Uint8Array(sniffSize), 0, sniffSize, 0);
	const bytes = buffer.subarray(0, bytesRead);
	if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
		throw new InputError('is UTF-16 text (csvde -u writes it); dirlint reads UTF-8: save the file as UTF-8 and run again');
	}
	if (bytes.includes(0)) {
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
	if (stat.isDirectory() || stat.size === 0) {
		await file.close();
		throw new InputError(stat.isDirectory() ? 'is a directory, not an export file' : 'is empty');
	}
	return file;
}

/**
 * Reads a file piece by piece. Throws InputError for a file that is missing, a directory, empty,
 * or binary. Pieces are not checked to be UTF-8: their linter decodes them strictly.
 */
export async function* readPieces(path: string, options: ChunkOptions): AsyncGenerator<Piece> {
	const file = await openExport(path);
	try {
		await checkStart(file);
		const cutter = new PieceCutter(options, Math.max(4 * options.chunkSize, maxRecordFloor));
		for (let position = 0; ;) {
			// Fresh bytes each time: the pending bytes may still refer to the last chunk.
			const chunk = new Uint8Array(options.chunkSize);
			const { bytesRead } = await file.read(chunk, 0, chunk.length, position);
			if (bytesRead === 0) break;
			position += bytesRead;
			yield* cutter.push(chunk.subarray(0, bytesRead));
		}
		yield* cutter.end();
	} finally {
		await file.close();
	}
}
