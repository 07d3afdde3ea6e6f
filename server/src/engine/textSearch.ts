/**
 * Searching a text or its bytes forward with indexOf, keeping each answer: a pass over it in
 * increasing offsets then costs one scan in all, where searching afresh at every record would scan
 * to the end every time for something the text does not have (a quote in an unquoted export, a \r
 * in an LF one). Used by the CSV reader, the piece cutter (which cuts the editor's text and the
 * CLI's bytes alike: every character that ends a record is ASCII, never part of a UTF-8 sequence)
 * and the line indexes.
 */

/** A string, or the UTF-8 bytes of one: what records are found in. */
export type Units = string | Uint8Array;

/** A string or byte array: what indexOf can search. */
interface Searchable<T> {
	indexOf(value: T, from?: number): number;
}

/** Finds one value (a character, a byte) in one text. */
export class CharIndex<T = string> {
	private from = Infinity;
	private found = -1;

	constructor(readonly haystack: Searchable<T>, private readonly value: T) {}

	/** The first offset at or after `at` holding the value, or -1. */
	next(at: number): number {
		if (at < this.from || (this.found >= 0 && this.found < at)) {
			this.from = at;
			this.found = this.haystack.indexOf(this.value, at);
		}
		return this.found;
	}
}

/** A CharIndex of an ASCII character in a string or in bytes. */
export function asciiIndex(units: Units, code: number): CharIndex<string> | CharIndex<number> {
	return typeof units === 'string' ? new CharIndex(units, String.fromCharCode(code)) : new CharIndex(units, code);
}

/** The code unit (a UTF-16 unit, or a byte) at an offset; NaN past either end. */
export type CodeAt = (offset: number) => number;

export function codeAtOf(units: Units): CodeAt {
	if (typeof units === 'string') return (offset) => units.charCodeAt(offset);
	return (offset) => (offset >= 0 && offset < units.length ? units[offset] : NaN);
}

/** Finds line breaks (\r\n, \n or \r) in one text or its bytes. */
export class LineBreaks {
	private readonly cr: CharIndex<string> | CharIndex<number>;
	private readonly lf: CharIndex<string> | CharIndex<number>;
	/** The code unit at an offset of the same text. */
	readonly codeAt: CodeAt;

	constructor(units: Units) {
		this.cr = asciiIndex(units, 13);
		this.lf = asciiIndex(units, 10);
		this.codeAt = codeAtOf(units);
	}

	/** Where the first line break at or after `at` starts, or -1. */
	start(at: number): number {
		const lf = this.lf.next(at);
		const cr = this.cr.next(at);
		return cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
	}

	/** The offset just after the first line break at or after `at`, or -1. */
	after(at: number): number {
		const start = this.start(at);
		if (start < 0) return -1;
		return this.codeAt(start) === 13 && this.codeAt(start + 1) === 10 ? start + 2 : start + 1;
	}
}

/** Offsets just after each line break in text (\r\n, \n or \r), plus base. */
export function lineStartsIn(text: string, base: number, into: number[]): void {
	const breaks = new LineBreaks(text);
	for (let end = breaks.after(0); end >= 0; end = breaks.after(end)) into.push(base + end);
}
