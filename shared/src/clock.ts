/**
 * The one clock dirlint reads. What dirlint says about SSPR depends on the date (Microsoft changes
 * SSPR on fixed days), so every front end asks this module for "today" instead of calling
 * `new Date()` itself: hovers, the report and tests then agree on the date, and a test can set it.
 */

let clock: () => Date = () => new Date();

/** The current date and time, as the clock gives it. */
export function today(): Date {
	return clock();
}

/**
 * Replaces the clock (tests use a fixed date, a report may use the date it is made for) and
 * returns the clock it replaced, so the caller can put it back.
 */
export function setClock(next: () => Date): () => Date {
	const previous = clock;
	clock = next;
	return previous;
}
