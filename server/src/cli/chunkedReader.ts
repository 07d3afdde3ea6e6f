/**
 * Reads an export file as a sequence of pieces, each ending at a record boundary, so the engine can
 * lint a file of any size in constant memory. Pieces are raw bytes, cut with the engine's own
 * cutter (engine/pieces.ts, which cuts the editor's text the same way: the characters that end
 * records are ASCII, never part of a UTF-8 sequence); decoding happens where a piece is linted,
 * possibly on another thread. Joined, the pieces are exactly the file. A CSV's header record (with
 * any BOM, `#TYPE` line and blank lines before it) comes first as a piece of its own, and every
 * later piece is read after it (its context), as the language server reads them.
 */
import { open, FileHandle } from 'node:fs/promises';
import type { CsvDelimiterSetting } from '../../../shared/src/settings';
import type { ExportFormat } from '../engine/model';
import { Delimiter, findersOf, nextBoundary, pieceLayout } from '../engine/pieces';

export interface Piece {
	/** The piece's bytes; a fixed piece is written in their place. */
	bytes: Uint8Array;
	/** Text the engine reads before the piece (a CSV's header); its findings are not the piece's. */
	context: string;
	/** The CSV header itself: counted and written, never linted as a piece. */
	header?: boolean;
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
const carriageReturn = 13;
/** Records up to this long are never cut, whatever the chunk size. */
const maxRecordFloor = 1 << 20;
/** An LDIF record (one without a later dn: line to cut before) longer than this is cut at a line anyway (memory is bounded). */
const maxUnfoldedRecord = 64 << 20;

/** Decodes for the reader's own needs (the header); the linter decodes strictly. */
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Whether a line starting at `at` is an LDIF `dn:` line (any case, `dn::` too). */
function isDnLine(bytes: Uint8Array, at: number): boolean {
	return (bytes[at] | 0x20) === 0x64 && (bytes[at + 1] | 0x20) === 0x6e && bytes[at + 2] === 0x3a;
}

/** Cuts bytes into pieces; feed it bytes as they are read, then call end(). */
class PieceCutter {
	private pending: Uint8Array = new Uint8Array(0);
	/** Where pending lives, with room to grow: a long record is appended to, not copied on every read. */
	private buffer: Uint8Array = new Uint8Array(0);
	private bufferStart = 0;
	/** LDIF: pending holds no record boundary before this offset (a long record is not scanned again from its start). */
	private scannedTo = 0;
	/** LDIF: pending holds no `dn:` line after a line break before this offset (forceCut's search). */
	private dnScannedTo = 0;
	/** CSV: the delimiter, once the header is known. */
	private delimiter: Delimiter | undefined;
	/** What body pieces are read after: the CSV header record and what precedes it, '' for LDIF; undefined until known. */
	private context: string | undefined;

	constructor(private readonly options: ChunkOptions, private readonly maxRecord: number) {}

	/** The pieces complete so far. */
	push(bytes: Uint8Array): Piece[] {
		this.append(bytes);
		const pieces: Piece[] = [];
		if (this.context === undefined && !this.start(false, pieces)) return pieces;
		const cut = this.lastBoundary(false);
		if (cut > 0) pieces.push(this.take(cut));
		// No record in a real export is this long: cut the malformed one anyway, to bound memory.
		else if (this.pending.length > this.maxRecord) {
			const forced = this.forceCut();
			if (forced > 0) pieces.push(this.take(forced));
		}
		return pieces;
	}

	/** The last pieces. */
	end(): Piece[] {
		const pieces: Piece[] = [];
		if (this.context === undefined) this.start(true, pieces);
		if (this.pending.length > 0) pieces.push(this.take(this.pending.length));
		return pieces;
	}

	/**
	 * Finds the header once the bytes hold it (at once for LDIF), emitting it as a piece of its own;
	 * false while it is still arriving.
	 */
	private start(atEnd: boolean, pieces: Piece[]): boolean {
		const layout = pieceLayout(this.pending, this.options.format, this.options.delimiter);
		// A header ending in a CR at the end of the bytes so far may be the first half of a CRLF.
		const arriving = !layout.complete || (layout.bodyStart === this.pending.length && this.pending[layout.bodyStart - 1] === carriageReturn);
		if (arriving && !atEnd && this.pending.length < this.maxRecord) return false;
		this.delimiter = layout.delimiter;
		const header = this.pending.slice(0, layout.bodyStart);
		this.context = lenientUtf8.decode(header);
		if (header.length > 0) {
			pieces.push({ bytes: header, context: '', header: true });
			this.pending = this.pending.subarray(layout.bodyStart);
			this.bufferStart += layout.bodyStart;
		}
		return true;
	}

	/** Appends read bytes to pending, in a buffer that doubles when full (amortized: each byte is copied a few times at most). */
	private append(bytes: Uint8Array): void {
		const length = this.pending.length;
		const end = this.bufferStart + length;
		if (end + bytes.length > this.buffer.length) {
			const grown = new Uint8Array(Math.max(2 * length + bytes.length, 64 * 1024));
			grown.set(this.pending);
			this.buffer = grown;
			this.bufferStart = 0;
		}
		this.buffer.set(bytes, this.bufferStart + length);
		this.pending = this.buffer.subarray(this.bufferStart, this.bufferStart + length + bytes.length);
	}

	/** The offset after the last record boundary in the pending bytes, or 0. */
	private lastBoundary(atEnd: boolean): number {
		const bytes = this.pending;
		const finders = findersOf(bytes);
		let last = 0;
		// An LDIF boundary is a blank line, found by what is around it: a scan that found none can go on
		// from a few bytes before where it stopped. A CSV record's end depends on its quotes from the start.
		const from = this.options.format === 'ldif' ? this.scannedTo : 0;
		this.scannedTo = Math.max(0, bytes.length - 3);
		for (let boundary = nextBoundary(bytes, from, bytes.length, this.options.format, this.delimiter!, finders); boundary >= 0;
			boundary = nextBoundary(bytes, boundary, bytes.length, this.options.format, this.delimiter!, finders)) {
			// A CR at the very end of bytes still arriving may be the first half of a CRLF.
			if (!atEnd && boundary === bytes.length && bytes[boundary - 1] === carriageReturn) break;
			last = boundary;
		}
		return last;
	}

	/**
	 * For a malformed file whose record never ends (a CSV quote left open, an LDIF file without blank
	 * lines): where to cut it anyway, 0 for nowhere. The engine reads on from the next line after a
	 * quote it cannot close; an LDIF record starts at a `dn:` line even without a blank line before it.
	 * Anywhere else an LDIF record is never cut (a 5 MB base64 photo makes one long record, not a broken
	 * one) until it runs past 64 MB: then at a line, to bound memory.
	 */
	private forceCut(): number {
		const bytes = this.pending;
		if (this.options.format === 'ldif') {
			const from = this.dnScannedTo;
			// The last few bytes' line break may be followed by a dn: line not yet read: looked at again.
			this.dnScannedTo = Math.max(0, bytes.length - 4);
			for (let newline = bytes.lastIndexOf(lineFeed); newline >= from; newline = bytes.lastIndexOf(lineFeed, newline - 1)) {
				if (isDnLine(bytes, newline + 1)) return newline + 1;
			}
			if (bytes.length < maxUnfoldedRecord) return 0;
		}
		return Math.max(bytes.lastIndexOf(lineFeed), bytes.lastIndexOf(carriageReturn, bytes.length - 2)) + 1;
	}

	private take(end: number): Piece {
		// A copy: the piece may be posted to a worker, and a view would take its whole buffer along.
		const piece = { bytes: this.pending.slice(0, end), context: this.context! };
		this.pending = this.pending.subarray(end);
		this.bufferStart += end;
		this.scannedTo = Math.max(0, this.scannedTo - end);
		this.dnScannedTo = Math.max(0, this.dnScannedTo - end);
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
		// One chunk, read into again and again: the cutter copies what it keeps.
		const chunk = new Uint8Array(options.chunkSize);
		for (let position = 0; ;) {
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
