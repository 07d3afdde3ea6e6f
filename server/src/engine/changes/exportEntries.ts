/**
 * Reading an export piece by piece for a change file: its entries, each attribute with its whole
 * set of values, and the line each entry starts on. A piece's model is made, used and dropped, so
 * an export of any size never needs a whole model in memory.
 */
import type { AttributeInfo } from '../../../../shared/src/catalogue';
import { DiagnosticCodes } from '../../../../shared/src/codes';
import type { Settings } from '../../../../shared/src/settings';
import type { Linter } from '../linter';
import { AttributeValue, Entry, ExportDocument, ExportFormat, lastAtOrBefore } from '../model';
import { cutPieces, pieceLayout } from '../pieces';
import { lineStartsIn } from '../textSearch';
import type { SkippedAttributeReason } from './changeSummary';

/** A piece of an export and the text it is read after (a CSV header; '' for the first piece and for LDIF). */
export interface ExportPiece {
	piece: string;
	context: string;
}

/** Characters per piece when a whole text is cut (the CLI reads files in 64 KB pieces too). */
const pieceSize = 1 << 16;

/** Cuts a whole export into pieces at record boundaries: the first holds the CSV header, the rest are read after it. */
export function* exportPieces(text: string, format: ExportFormat, settings: Settings): Generator<ExportPiece> {
	const layout = pieceLayout(text, format, settings.csv.delimiter);
	const context = text.slice(0, layout.bodyStart);
	const body = text.slice(layout.bodyStart);
	let start = 0;
	for (const end of cutPieces(body, pieceSize, format, layout.delimiter)) {
		yield start === 0 ? { piece: context + body.slice(0, end), context: '' } : { piece: body.slice(start, end), context };
		start = end;
	}
	if (body.length === 0) yield { piece: context, context: '' };
}

/** All values of one attribute of an entry, wherever in the record they stand. */
export interface EntryAttribute {
	/** Case-insensitive identity: the LDAP name and any LDIF options, lower-cased. */
	key: string;
	/** As a change file writes it: the LDAP name (never a Get-ADUser alias), with any LDIF options as written. */
	name: string;
	info: AttributeInfo;
	values: AttributeValue[];
}

/** LDIF attribute options (`;binary`, `;range=0-1499`), as written after the name; '' for none. */
function optionsOf(name: string): string {
	const semicolon = name.indexOf(';');
	return semicolon < 0 ? '' : name.slice(semicolon).trim();
}

/** The entry's attributes, values of one attribute joined in document order. */
export function entryAttributes(entry: Entry): EntryAttribute[] {
	const attributes: EntryAttribute[] = [];
	for (const attribute of entry.attributes) {
		const name = attribute.info.ldapName + optionsOf(attribute.name);
		const key = name.toLowerCase();
		const seen = attributes.find((candidate) => candidate.key === key);
		if (seen) seen.values.push(...attribute.values);
		else attributes.push({ key, name, info: attribute.info, values: [...attribute.values] });
	}
	return attributes;
}

/** What Windows PowerShell writes for a multi-valued property exported without -join. */
const collectionPlaceholder = 'Microsoft.ActiveDirectory.Management.ADPropertyValueCollection';

/** Why the export does not give an attribute's whole set of values, or undefined when it does. */
export function incompleteReason(attribute: EntryAttribute): SkippedAttributeReason | undefined {
	if (/;\s*range=/i.test(attribute.name)) return 'partial';
	if (attribute.values.some((value) => !value.checked)) return 'url';
	if (attribute.values.some((value) => value.text === collectionPlaceholder)) return 'unexpanded';
	return undefined;
}

/**
 * Whether an LDIF entry is a change record (changetype: modify, delete, modrdn …) rather than an
 * exported entry. ldifde writes its exports as `changetype: add` records, which hold whole entries.
 */
export function isChangeRecord(text: string, entry: Entry, format: ExportFormat): boolean {
	if (format !== 'ldif') return false;
	const changetype = /(?:^|\n)changetype *:(:?) *([^\r\n]*)/i.exec(text.slice(entry.span.start, entry.span.end));
	if (!changetype) return false;
	const value = changetype[1] === ':' ? Buffer.from(changetype[2], 'base64').toString('utf8') : changetype[2];
	return value.trim().toLowerCase() !== 'add';
}

/** The DN the export gives an entry, or undefined when it gives none (an empty DN names no user). */
export function entryDn(entry: Entry): string | undefined {
	return entry.dn === undefined || entry.dn === '' ? undefined : entry.dn;
}

/** One piece read: its own entries (not the context's), and their lines in the whole file. */
export interface ReadPiece {
	document: ExportDocument;
	/** The text the document was read from: context + piece. */
	text: string;
	/** Where the piece starts in `text`. */
	base: number;
	entries: Entry[];
	/** The 1-based file line of an offset in `text` at or after `base`. */
	lineOf(offset: number): number;
	/** Records the reader could not read. */
	unreadable: number;
}

/**
 * Reads pieces in file order, counting lines across them (CRLF, LF or a lone CR ends a line, as
 * in editors and `dirlint check`).
 */
export class PieceReader {
	private linesBefore = 0;

	constructor(private readonly format: ExportFormat, private readonly settings: Settings) {}

	read({ piece, context }: ExportPiece, linter: Linter): ReadPiece {
		const text = context + piece;
		const base = context.length;
		const document = linter.read(text, this.format, this.settings);
		const starts = [0];
		lineStartsIn(piece, 0, starts);
		const linesBefore = this.linesBefore;
		// A piece ends at a record boundary, after a line break; only the file's last may not.
		this.linesBefore += starts[starts.length - 1] === piece.length ? starts.length - 1 : starts.length;
		return {
			document,
			text,
			base,
			entries: document.entries.filter((entry) => entry.span.start >= base),
			lineOf: (offset) => linesBefore + lastAtOrBefore(starts, offset - base) + 1,
			unreadable: document.problems.filter((problem) => problem.span.start >= base && problem.code !== DiagnosticCodes.ldifUnchecked).length,
		};
	}
}
