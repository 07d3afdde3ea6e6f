/**
 * Writes change records (RFC 2849 `changetype: modify`) that ldifde -i, ldapmodify and Samba's
 * ldbmodify apply.
 *
 * Every line is printable ASCII: a value or DN that is not is written base64 (`attr:: …`) as
 * UTF-8. That is RFC 2849's rule (non-ASCII, NUL, CR, LF, a leading space, `:` or `<`, a trailing
 * space) and a little more: any control character, TAB and DEL included, anywhere. RFC 2849
 * allows a leading TAB after `attr: `, but Samba's ldbmodify and python-ldap both strip it (ldb
 * stored `description: <TAB>x` as "x"), and ldifde reads a file without a BOM in the ANSI code
 * page; an all-ASCII file reads the same everywhere.
 *
 * Lines are not folded. RFC 2849 makes folding optional ("MAY be folded"); every tool here reads
 * long lines, and an unfolded file keeps each DN and value on one line, where grep, a diff and a
 * reviewer find it whole.
 */
import { isLdifSafe } from '../edits';
import type { AttributeChange, EntryChange } from './changeModel';

export type LineEnding = '\r\n' | '\n';

/** Whether a value (or DN) is written base64 rather than after `: `. */
export function needsBase64(value: string): boolean {
	return !isLdifSafe(value) || /[\x00-\x1f\x7f]/.test(value);
}

/** `name: value`, or `name:: base64` where needsBase64 says so. */
export function ldifLine(name: string, value: string): string {
	if (value === '') return `${name}:`;
	return needsBase64(value) ? `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}` : `${name}: ${value}`;
}

function modifyBlock(change: AttributeChange, eol: LineEnding): string {
	let block = `${change.operation}: ${change.attribute}${eol}`;
	for (const value of change.values) block += ldifLine(change.attribute, value) + eol;
	return `${block}-${eol}`;
}

/** One modify record, ended by the blank line that separates records. */
export function ldifModifyRecord(entry: EntryChange, eol: LineEnding): string {
	let record = `${ldifLine('dn', entry.dn)}${eol}changetype: modify${eol}`;
	for (const change of entry.changes) record += modifyBlock(change, eol);
	return record + eol;
}

/**
 * The start of a change file: `version: 1` (unless left out: ldbmodify refuses it), then the
 * comment lines, then the blank line before the first record. Comment lines must be ASCII
 * without line breaks (commentText makes them so).
 */
export function ldifHeader(comments: readonly string[], version: boolean, eol: LineEnding): string {
	let header = version ? `version: 1${eol}` : '';
	for (const comment of comments) header += `# ${comment}${eol}`;
	return header + eol;
}

/**
 * Text for a comment line: printable ASCII kept, anything else (a line break, a non-ASCII letter
 * in a file name) percent-encoded as UTF-8, so a comment can never end early or start a record.
 */
export function commentText(text: string): string {
	return text.replace(/[^\x20-\x7e]|%/gu, (character) =>
		[...Buffer.from(character, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}
