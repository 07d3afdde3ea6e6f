/**
 * One open document's lint state. The text is cut into pieces at record boundaries; workers lint
 * the pieces and return findings relative to each piece's start. An edit re-lints only the pieces
 * it touches and moves the later pieces' start offsets, so a one-cell edit in a 100k-user export
 * costs one small piece. Diagnostics, hovers, code actions and symbols all read these results.
 */
import { ruleFamilyIds } from '../../../shared/src/codes';
import type { Settings } from '../../../shared/src/settings';
import { Linter, severityOf } from '../engine/linter';
import type { ExportFormat, RecordKinds } from '../engine/model';
import { addRecordKinds, mixedKindsOf } from '../engine/readers/ldifReader';
import { cutPieces, DocumentFinding, documentFinding, endsRecord, noFindings, nothingPacked, Packed, packedFixable, packedStart, PieceLayout, pieceLayout, PieceResult, PieceSymbol, unpackFinding, unpackRecord } from '../engine/pieces';
import type { DuplicateState, KeyOwner } from './duplicateState';
import type { WorkerPool } from './workerPool';

/** An edit in offsets of the text before it: [start, end) replaced by `text`. */
export interface TextChange {
	start: number;
	end: number;
	text: string;
}

/**
 * A run of whole records. It keeps its own text, so an edit rewrites one small string and never
 * copies the whole document (a 100k-user export is 20 MB; a copy per keystroke is garbage).
 */
interface Piece {
	start: number;
	end: number;
	text: string;
	/** False until the piece has been cut at record boundaries (after an edit merged pieces). */
	cut: boolean;
	result?: PieceResult;
	/** The families' records of the piece's entries, once a report asked for them (relative to the piece). */
	records?: Packed;
	/** Set when the piece's text changed or it was replaced: an answer for it is dropped. */
	stale: boolean;
	inFlight: boolean;
}

/**
 * Characters per piece: small enough that an edit re-lints little, large enough to keep overhead
 * low. 32K read faster than 64K (100k users: 1.19 → 1.05 s to complete diagnostics on a fresh
 * server, 10k: 314 → 261 ms; 16K was no faster again; docs/performance.md).
 */
export const defaultPieceSize = 32 * 1024;

/**
 * Documents of at most this many pieces (4M characters) are linted on the server's own thread
 * alone. A second thread needs its own warm-up and a message per piece: on 10k users it was
 * slower cold and no faster warm, from 30k users on it pays (docs/performance.md).
 */
const smallDocumentPieces = 128;

export class DocumentLint implements KeyOwner {
	private pieces: Piece[] = [];
	private layout: PieceLayout = { bodyStart: 0, delimiter: ',', complete: true };
	/** What every CSV piece is read after: the header record and whatever stands before it. */
	private context = '';
	private recognized = false;
	/** How many of the current pieces have a result (counted as they arrive: progress is read per piece). */
	private done = 0;
	private waiters: (() => void)[] = [];
	/** Called whenever a piece's result arrives (for progress and partial diagnostics). */
	onProgress: (done: number, total: number) => void = () => undefined;

	constructor(
		readonly uri: string,
		private readonly format: ExportFormat,
		private settings: Settings,
		private readonly pool: WorkerPool,
		private readonly linter: Linter,
		private readonly duplicates: DuplicateState,
		private readonly pieceSize = defaultPieceSize,
	) {}

	pieceStart(piece: object): number {
		return (piece as Piece).start;
	}

	pieceText(piece: object): string {
		return (piece as Piece).text;
	}

	/** Marks a piece replaced: an answer for it is dropped, and its keys leave the duplicate index. */
	private retire(piece: Piece): void {
		piece.stale = true;
		this.duplicates.remove(piece);
	}

	get isRecognized(): boolean {
		return this.recognized;
	}

	get isComplete(): boolean {
		return this.pieces.every((piece) => piece.result !== undefined);
	}

	get progress(): { done: number; total: number } {
		return { done: this.done, total: this.pieces.length };
	}

	/** Lints the whole text again (on open, after a settings change, after a header edit). */
	lintAll(text: string, settings: Settings = this.settings): void {
		this.settings = settings;
		for (const piece of this.pieces) this.retire(piece);
		this.layout = pieceLayout(text, this.format, settings.csv.delimiter);
		this.context = text.slice(0, this.layout.bodyStart);
		// A CSV is an AD export when its header names a catalogue attribute; an LDIF when a record has a dn.
		this.recognized = this.format === 'csv' && this.linter.read(this.context, 'csv', settings).recognized;
		const worthLinting = settings.enable && (this.format === 'ldif' || this.recognized);
		const start = this.layout.bodyStart;
		this.pieces = worthLinting ? [{ start, end: text.length, text: text.slice(start), cut: false, stale: false, inFlight: false }] : [];
		this.schedule();
	}

	/**
	 * Applies edits made since the last text, each in the offsets of the text before it. `fullText`
	 * is read only when an edit needs a whole new lint (a header edit, a full replacement).
	 */
	applyChanges(changes: readonly (TextChange | undefined)[], fullText: () => string): void {
		for (const change of changes) {
			if (!change || change.start < this.layout.bodyStart || this.pieces.length === 0) {
				this.lintAll(fullText());
				return;
			}
			this.applyChange(change);
		}
		this.schedule();
	}

	private applyChange(change: TextChange): void {
		const delta = change.text.length - (change.end - change.start);
		const pieces = this.pieces;
		let first = pieces.findIndex((piece) => piece.end >= change.start);
		if (first < 0) first = pieces.length - 1;
		let last = first;
		while (last + 1 < pieces.length && pieces[last + 1].start <= change.end) last++;
		const start = pieces[first].start;
		let text = '';
		for (let i = first; i <= last; i++) {
			this.retire(pieces[i]);
			text += pieces[i].text;
		}
		text = text.slice(0, change.start - start) + change.text + text.slice(change.end - start);
		const merged: Piece = { start, end: pieces[last].end + delta, text, cut: false, stale: false, inFlight: false };
		for (let i = last + 1; i < pieces.length; i++) {
			pieces[i].start += delta;
			pieces[i].end += delta;
			if (delta !== 0) this.duplicates.moved(pieces[i]);
		}
		pieces.splice(first, last - first + 1, merged);
	}

	/** Cuts merged pieces at record boundaries and sends every piece without a result to the workers. */
	private schedule(): void {
		const { delimiter } = this.layout;
		for (let i = 0; i < this.pieces.length; i++) {
			const piece = this.pieces[i];
			if (piece.cut) continue;
			// An edit may have opened a quote that runs past the piece: take in the next pieces until a record ends.
			while (i + 1 < this.pieces.length && !endsRecord(piece.text, this.format, delimiter)) {
				const next = this.pieces.splice(i + 1, 1)[0];
				this.retire(next);
				piece.text += next.text;
				piece.end = next.end;
			}
			let start = 0;
			const replacement = cutPieces(piece.text, this.pieceSize, this.format, delimiter).map((end): Piece => {
				const cut: Piece = { start: piece.start + start, end: piece.start + end, text: piece.text.slice(start, end), cut: true, stale: false, inFlight: false };
				start = end;
				return cut;
			});
			this.retire(piece);
			this.pieces.splice(i, 1, ...replacement);
			i += replacement.length - 1;
		}
		this.done = 0;
		for (const piece of this.pieces) if (piece.result) this.done++;
		const here = this.pieces.length <= smallDocumentPieces;
		for (const piece of this.pieces) {
			if (piece.result || piece.inFlight) continue;
			piece.inFlight = true;
			const settings = this.settings;
			void this.pool.run(
				{ piece: piece.text, context: this.context, format: this.format, settings },
				() => piece.stale,
				here,
			).then((result) => {
				piece.inFlight = false;
				if (!result || piece.stale) return;
				piece.result = result;
				this.done++;
				if (result.recognized) this.recognized = true;
				this.duplicates.add(this, piece, result.keys, settings);
				this.notify();
			}, (error) => {
				piece.inFlight = false;
				if (piece.stale) return;
				// A piece that cannot be linted must not stall the document: report nothing for it.
				piece.result = { recognized: false, findings: noFindings, keys: nothingPacked, records: nothingPacked, symbols: [] };
				this.done++;
				console.error(`dirlint: a piece could not be linted: ${String(error)}`);
				this.notify();
			});
		}
		if (this.pieces.length === 0) this.notify();
	}

	private notify(): void {
		const { done, total } = this.progress;
		this.onProgress(done, total);
		if (done === total) for (const waiter of this.waiters.splice(0)) waiter();
	}

	/** Resolves once every piece of the current text has a result. */
	whenComplete(): Promise<void> {
		if (this.isComplete) return Promise.resolve();
		return new Promise((resolve) => this.waiters.push(resolve));
	}

	/**
	 * Findings in document order with absolute offsets; `limit` stops early (the rest are only
	 * counted). `settled`: the shown findings are final (`limit` of them, from pieces all linted),
	 * though the count of the rest may still grow.
	 */
	findings(limit = Infinity): { shown: DocumentFinding[]; hidden: number; hiddenFixable: number; settled: boolean } {
		const shown: DocumentFinding[] = [];
		let hidden = 0;
		let hiddenFixable = 0;
		let settled = true;
		if (!this.recognized) return { shown, hidden, hiddenFixable, settled };
		const mixed = this.mixedKinds();
		for (const piece of this.pieces) {
			if (!piece.result) {
				if (shown.length < limit) settled = false;
				continue;
			}
			const found = piece.result.findings;
			if (shown.length >= limit) {
				// Past the limit only counts matter: the duplicates are counted, not worded.
				hidden += found.count + this.duplicates.count(piece, this.settings) + (mixed && mixed.start >= piece.start && mixed.start < piece.end ? 1 : 0);
				hiddenFixable += found.fixable;
				continue;
			}
			// The document-level findings (duplicates judged across pieces and documents, LDIF records of two
			// kinds) merge into the piece's own findings by place.
			const duplicates = this.duplicates.findings(piece, this.settings);
			if (mixed && mixed.start >= piece.start && mixed.start < piece.end) {
				duplicates.push(mixed);
				duplicates.sort((a, b) => a.start - b.start);
			}
			let index = 0;
			let next = 0;
			while ((index < found.count || next < duplicates.length) && shown.length < limit) {
				if (next < duplicates.length && (index >= found.count || duplicates[next].start < piece.start + packedStart(found, index))) shown.push(duplicates[next++]);
				else shown.push(documentFinding(unpackFinding(found, index++), piece.text, piece.start));
			}
			hidden += duplicates.length - next;
			if (index === 0) {
				hidden += found.count;
				hiddenFixable += found.fixable;
				continue;
			}
			for (; index < found.count; index++) {
				hidden++;
				if (packedFixable(found, index)) hiddenFixable++;
			}
		}
		return { shown, hidden, hiddenFixable, settled: settled && shown.length >= limit };
	}

	/** An LDIF file's records of two kinds, judged over every piece's counts. */
	private mixedKinds(): DocumentFinding | undefined {
		if (this.format !== 'ldif') return undefined;
		let total: RecordKinds | undefined;
		for (const piece of this.pieces) if (piece.result?.kinds) total = addRecordKinds(total, piece.result.kinds, piece.start);
		const problem = mixedKindsOf(total);
		const severity = problem && severityOf(problem.code, this.settings);
		return problem && severity && { code: problem.code, severity, start: problem.span.start, end: problem.span.end, message: problem.message };
	}

	/**
	 * The records the families make of the entries (the readiness report's users), with offsets into
	 * the document, in document order. The editor's lint makes none: the pieces of the current text
	 * are linted again for them, with only the families that record (readiness), on the lint threads.
	 */
	async records(): Promise<{ family: string; start: number; fields: string[] }[]> {
		if (!this.recognized) return [];
		const rules = Object.fromEntries(ruleFamilyIds.map((family) => [family, family === 'readiness']));
		const settings = { ...this.settings, rules, duplicates: { scope: 'off' as const } };
		const pieces = this.pieces.slice();
		const here = pieces.length <= smallDocumentPieces;
		// A piece keeps its records until an edit replaces it: after an edit only the new pieces are linted for them.
		await Promise.all(pieces.map(async (piece) => {
			if (piece.records) return;
			const result = await this.pool.run({ piece: piece.text, context: this.context, format: this.format, settings, recording: true }, () => piece.stale, here);
			if (result && !piece.stale) piece.records = result.records;
		}));
		const records: { family: string; start: number; fields: string[] }[] = [];
		for (const piece of pieces) {
			const packed = piece.records;
			if (!packed) continue;
			for (let n = 0; n < packed.count; n++) {
				const record = unpackRecord(packed, n);
				records.push({ family: record.family, start: record.start + piece.start, fields: record.fields });
			}
		}
		return records;
	}

	/** Forgets the document: its keys leave the duplicate index. */
	dispose(): void {
		for (const piece of this.pieces) this.retire(piece);
		this.pieces = [];
	}

	symbols(): PieceSymbol[] {
		const symbols: PieceSymbol[] = [];
		for (const piece of this.pieces) {
			for (const symbol of piece.result?.symbols ?? []) {
				const base = piece.start;
				symbols.push({ name: symbol.name, start: symbol.start + base, end: symbol.end + base, selectionStart: symbol.selectionStart + base, selectionEnd: symbol.selectionEnd + base });
			}
		}
		return symbols;
	}

	/**
	 * The hover at an offset: only the piece holding it is read again (or the CSV header, whose
	 * cells are the attribute names), so a hover in a large export stays fast.
	 */
	hover(offset: number): { markdown: string; start: number; end: number } | undefined {
		if (!this.recognized) return undefined;
		let start = 0;
		let text = this.context;
		let context = '';
		if (offset >= this.layout.bodyStart) {
			const piece = this.pieces.find((candidate) => candidate.start <= offset && offset <= candidate.end);
			if (!piece) return undefined;
			({ start, text } = piece);
			context = this.context;
		}
		const read = this.linter.read(context + text, this.format, this.settings);
		const base = start - context.length;
		const hover = this.linter.hover(read, offset - base, this.settings);
		return hover && { markdown: hover.markdown, start: hover.span.start + base, end: hover.span.end + base };
	}
}
