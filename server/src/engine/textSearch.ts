/**
 * Searching a text (or bytes) forward with indexOf, keeping each answer: a pass over it in
 * increasing offsets then costs one scan in all, where searching afresh at every record would scan
 * to the end every time for something the text does not have (a quote in an unquoted export, a \r
 * in an LF one). Used by the CSV reader, the piece cutter, the line indexes and the CLI's scanner.
 */

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

/** Finds line breaks (\r\n, \n or \r) in one text. */
export class LineBreaks {
	private readonly cr: CharIndex;
	private readonly lf: CharIndex;

	constructor(private readonly text: string) {
		this.cr = new CharIndex(text, '\r');
		this.lf = new CharIndex(text, '\n');
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
		return this.text.charCodeAt(start) === 13 && this.text.charCodeAt(start + 1) === 10 ? start + 2 : start + 1;
	}
}

/** Offsets just after each line break in text (\r\n, \n or \r), plus base. */
export function lineStartsIn(text: string, base: number, into: number[]): void {
	const breaks = new LineBreaks(text);
	for (let end = breaks.after(0); end >= 0; end = breaks.after(end)) into.push(base + end);
}
