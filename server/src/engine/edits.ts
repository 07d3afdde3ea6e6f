/**
 * Writing a new value back where an old one stood, and applying a set of edits to a text.
 * Everything outside the replaced spans stays byte for byte.
 */
import type { AttributeValue, Span } from './model';

export interface TextEdit {
	span: Span;
	newText: string;
}

/** RFC 2849 SAFE-STRING: may an LDIF value be written after `: ` as is? */
export function isLdifSafe(value: string): boolean {
	if (value === '') return true;
	if (/^[ :<]/.test(value) || value.endsWith(' ')) return false;
	return !/[^\x01-\x09\x0b\x0c\x0e-\x7f]/.test(value);
}

/** What a plain LDIF value (after `: `) cannot start or end with, or hold, and stay itself on its line. */
const unsafePlainLdif = /^[ :<]|[\r\n\0]| $/;

/**
 * The edit that replaces a value's text with newText, in the value's own encoding; undefined where
 * writing it there would change the file's structure (then the finding has no fix): a CSV value
 * that would end its cell or row, or a cell whose bare quote it would take away; a plain LDIF value
 * that would start a new line or lose its edges.
 */
export function valueEdit(value: AttributeValue, newText: string): TextEdit | undefined {
	if (value.encoding === 'base64') {
		// editSpan starts at the `::` separator: write `: value`, or `:: base64` where RFC 2849 requires it.
		const written = isLdifSafe(newText) ? `: ${newText}` : `:: ${Buffer.from(newText, 'utf8').toString('base64')}`;
		return { span: value.editSpan, newText: written };
	}
	const cell = value.cell;
	if (cell) {
		if (cell.frozen || cell.forbidden?.test(newText)) return undefined;
		return { span: value.editSpan, newText: cell.quoted && newText.includes('"') ? newText.replaceAll('"', '""') : newText };
	}
	if (unsafePlainLdif.test(newText)) return undefined;
	return { span: value.editSpan, newText };
}

/** Sorts edits and drops any that overlap an earlier one, so they can be applied together. */
export function nonOverlapping(edits: readonly TextEdit[]): TextEdit[] {
	const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
	const kept: TextEdit[] = [];
	let end = -1;
	for (const edit of sorted) {
		if (edit.span.start < end) continue;
		kept.push(edit);
		end = Math.max(end, edit.span.end);
	}
	return kept;
}

/** Applies non-overlapping edits (as nonOverlapping returns them) to text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
	const parts: string[] = [];
	let last = 0;
	for (const edit of edits) {
		parts.push(text.slice(last, edit.span.start), edit.newText);
		last = edit.span.end;
	}
	parts.push(text.slice(last));
	return parts.join('');
}
