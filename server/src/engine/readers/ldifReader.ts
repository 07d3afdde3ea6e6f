/**
 * Reads LDIF (RFC 2849) exports (ldifde, IdFix, ldapsearch, Samba's ldbsearch) into the shared model.
 *
 * One pass over the text, one logical line at a time. A logical line is a physical line plus the
 * lines that continue it (each starts with one space, which is dropped). The reader keeps a logical
 * line as a list of pieces, offsets into the text, so nothing is copied for attributes dirlint does
 * not check, and a folded value's span runs from its first to its last character in the text.
 *
 * Structure problems become `ldif.parse` problems at the place; reading goes on with the next line,
 * or with the next record when the record itself cannot be read.
 */
import * as l10n from '@vscode/l10n';
import { findAttribute, AttributeInfo } from '../../../../shared/src/catalogue';
import { DiagnosticCodes } from '../../../../shared/src/codes';
import type { AttributeValue, Entry, ExportDocument, ReadProblem, RecordKinds, Span } from '../model';

const CR = 13;
const SPACE = 32;
const HASH = 35;
const PLUS = 43;
const SLASH = 47;
const MINUS = 45;
const COLON = 58;
const LESS = 60;
const EQUALS = 61;
const BOM = 0xfeff;

/** How a value follows its attribute description: `attr: text`, `attr:: base64`, `attr:< URL`. */
type Separator = 'plain' | 'base64' | 'url';

/**
 * Where the reader is:
 * - none: between records;
 * - skip: in a record that does not start with dn:, which is not read;
 * - start: after the dn: line, before it is known whether a changetype follows (control: lines and
 *   the cn: line IdFix writes may come first);
 * - content: attribute lines of a content record or of a changetype: add record;
 * - modify: in a modify record, between change blocks;
 * - block: in an add:/replace:/delete: block of a modify record;
 * - ignore: the rest of a delete, modrdn or moddn record (or one with an unknown changetype).
 */
type State = 'none' | 'skip' | 'start' | 'content' | 'modify' | 'block' | 'ignore';

type RecordKind = 'content' | 'change';

/** An attribute description as written, looked up once per distinct spelling. */
interface Description {
	name: string;
	/** Trimmed and lower-cased, options included: what keywords and modify blocks are compared by. */
	key: string;
	info: AttributeInfo | undefined;
}

function isBase64Char(code: number): boolean {
	return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === PLUS || code === SLASH;
}

export function readLdif(text: string): ExportDocument {
	return new LdifReader(text).read();
}

/**
 * LDIF allows one kind of record per file: the problem on the first record of the rarer kind, or on
 * a tie, of the kind that came second. A document-level check: a large file is read in pieces, and
 * the pieces' kinds are added up first (addRecordKinds). `P` is a place (a span, or a CLI's line
 * and column) that `before` orders.
 */
export function mixedKindsProblem<P>(kinds: { content: number; change: number; firstContent?: P; firstChange?: P }, before: (a: P, b: P) => boolean): { place: P; message: string } | undefined {
	const { content, change, firstContent, firstChange } = kinds;
	if (content === 0 || change === 0 || firstContent === undefined || firstChange === undefined) return undefined;
	if (content < change || (content === change && before(firstChange, firstContent))) {
		return { place: firstContent, message: l10n.t('This content record stands in a file of change records, which LDIF does not allow. Add "changetype: add" below the dn: line.') };
	}
	return { place: firstChange, message: l10n.t('This change record stands in a file of content records, which LDIF does not allow. Move it to a file of its own.') };
}

/** The mixed-kinds problem of a document read whole, or undefined. */
export function mixedKindsOf(kinds: RecordKinds | undefined): ReadProblem | undefined {
	const problem = kinds && mixedKindsProblem(kinds, (a, b) => a.start < b.start);
	return problem && { code: DiagnosticCodes.ldifParse, span: problem.place, message: problem.message };
}

/** Two counts of record kinds together; `offset` moves the second's places (a later piece's). */
export function addRecordKinds(total: RecordKinds | undefined, more: RecordKinds, offset = 0): RecordKinds {
	const shift = (span: Span | undefined) => span && { start: span.start + offset, end: span.end + offset };
	if (!total) return { content: more.content, change: more.change, firstContent: shift(more.firstContent), firstChange: shift(more.firstChange) };
	return {
		content: total.content + more.content,
		change: total.change + more.change,
		firstContent: total.firstContent ?? shift(more.firstContent),
		firstChange: total.firstChange ?? shift(more.firstChange),
	};
}

class LdifReader {
	// An LDIF file is read as an export whatever it holds (the file type says so), so its problems are
	// reported even before the first dn, and a piece of a large file is judged like the whole.
	private readonly document: ExportDocument = { format: 'ldif', entries: [], names: [], problems: [], recognized: true };
	private readonly descriptions = new Map<string, Description>();
	/**
	 * The same descriptions by a hash of their characters, so that a name seen before is found
	 * without cutting a string out of every line (most of a file is the same few names).
	 */
	private readonly descriptionsByHash = new Map<number, Description>();

	// The logical line being read: [start, end) pairs of its pieces, continuation spaces left out.
	// Only the first `pieceEnd` numbers are the current line's; the array is reused from line to line.
	private readonly pieces: number[] = [];
	private pieceEnd = 0;
	private lineStart = 0;
	private lineEnd = 0;
	/** True until the first attribute line: the only place `version:` may stand. */
	private atFileStart = true;

	// A position on the logical line: a piece (its index in `pieces`, always even) and an offset in it.
	private piece = 0;
	private offset = 0;

	// The record being read.
	private state: State = 'none';
	private entry: Entry | undefined;
	/** The description key of the entry's last attribute. */
	private lastKey = '';
	private dnLine: Span = { start: 0, end: 0 };
	/** The modify block's attribute description as written, and its key. */
	private blockName = '';
	private blockKey = '';
	private blockChecked = false;

	// Record kinds seen, to report a file that mixes content and change records.
	private readonly kindCount = { content: 0, change: 0 };
	private readonly firstOfKind: { content?: Span; change?: Span } = {};

	constructor(private readonly text: string) {}

	read(): ExportDocument {
		const text = this.text;
		let pos = text.charCodeAt(0) === BOM ? 1 : 0;
		while (pos < text.length) {
			pos = this.readLine(pos);
			this.line();
			if (this.entry) this.entry.span.end = this.lineEnd;
		}
		this.endRecord();
		this.countKinds();
		return this.document;
	}

	/** Reads the logical line just split into pieces. */
	private line(): void {
		const first = this.text.charCodeAt(this.lineStart);
		if (this.lineStart === this.lineEnd) {
			this.endRecord();
			return;
		}
		if (first === HASH) return;
		if (first === SPACE) {
			// Only reachable at the file start or after a blank line: other continuations were joined.
			if (!this.isWhitespaceLine()) {
				this.problem({ start: this.lineStart, end: this.pieces[1] },
					l10n.t('This line starts with a space, which continues the line above, but there is no line to continue. Remove the space.'));
			}
			return;
		}
		if (this.state === 'skip') {
			if (this.startsWithDn()) this.startRecord();
			return;
		}
		if (first === MINUS && this.isSeparatorLine()) {
			this.separatorLine();
			return;
		}
		const description = this.readDescription();
		if (!description) {
			this.problem({ start: this.lineStart, end: this.lineEnd },
				l10n.t('This line has no colon. Write "attribute: value", or start the line with # to make it a comment.'));
			return;
		}
		const atFileStart = this.atFileStart;
		this.atFileStart = false;
		if (atFileStart && description.key === 'version') this.versionLine();
		else this.attributeLine(description);
	}

	// ---- Lines -------------------------------------------------------------------------------

	/** Reads the logical line starting at pos into `pieces`; returns where the next one starts. */
	private readLine(pos: number): number {
		const text = this.text;
		const pieces = this.pieces;
		let count = 0;
		let start = pos;
		for (;;) {
			const newline = text.indexOf('\n', start);
			const next = newline < 0 ? text.length : newline + 1;
			let end = newline < 0 ? text.length : newline;
			if (end > start && text.charCodeAt(end - 1) === CR) end--;
			pieces[count++] = start;
			pieces[count++] = end;
			// The next physical line continues this one when it starts with a space; a blank line continues nothing.
			const blank = count === 2 && end === start;
			if (blank || next >= text.length || text.charCodeAt(next) !== SPACE) {
				this.pieceEnd = count;
				this.lineStart = pieces[0];
				this.lineEnd = end;
				return next;
			}
			start = next + 1;
		}
	}

	private isWhitespaceLine(): boolean {
		const { text, pieces } = this;
		for (let p = 0; p < this.pieceEnd; p += 2) {
			for (let i = pieces[p]; i < pieces[p + 1]; i++) if (text.charCodeAt(i) !== SPACE) return false;
		}
		return true;
	}

	/** A `-` line (trailing spaces tolerated), which ends a change block. */
	private isSeparatorLine(): boolean {
		if (this.pieceEnd !== 2) return false;
		for (let i = this.lineStart + 1; i < this.lineEnd; i++) if (this.text.charCodeAt(i) !== SPACE) return false;
		return true;
	}

	private startsWithDn(): boolean {
		return this.readDescription()?.key === 'dn';
	}

	/** Moves the position past piece ends, so it stands on a character or at the line end. */
	private settle(): void {
		const pieces = this.pieces;
		while (this.offset >= pieces[this.piece + 1] && this.piece + 2 < this.pieceEnd) {
			this.piece += 2;
			this.offset = pieces[this.piece];
		}
	}

	/** The character at the position, or -1 at the line end. */
	private current(): number {
		return this.offset < this.pieces[this.piece + 1] ? this.text.charCodeAt(this.offset) : -1;
	}

	private advance(): void {
		this.offset++;
		this.settle();
	}

	/** The text from the position to the line end, folds joined. */
	private rest(): string {
		const { text, pieces } = this;
		let result = text.slice(this.offset, pieces[this.piece + 1]);
		for (let p = this.piece + 2; p < this.pieceEnd; p += 2) result += text.slice(pieces[p], pieces[p + 1]);
		return result;
	}

	/**
	 * The attribute description before the line's first colon; the position is then on that colon.
	 * Undefined when the line has no colon.
	 */
	private readDescription(): Description | undefined {
		const { text, pieces } = this;
		const start = pieces[0];
		const end = pieces[1];
		let hash = 0;
		for (let i = start; i < end; i++) {
			const code = text.charCodeAt(i);
			if (code === COLON) {
				this.piece = 0;
				this.offset = i;
				const seen = this.descriptionsByHash.get(hash);
				if (seen && seen.name.length === i - start && text.startsWith(seen.name, start)) return seen;
				const description = this.describe(text.slice(start, i));
				if (!seen) this.descriptionsByHash.set(hash, description);
				return description;
			}
			hash = (Math.imul(hash, 31) + code) & 0x3fffffff;
		}
		// The colon, if any, is on a continuation line: join the name across the folds.
		let name = text.slice(start, end);
		for (let p = 2; p < this.pieceEnd; p += 2) {
			const pieceEnd = pieces[p + 1];
			for (let i = pieces[p]; i < pieceEnd; i++) {
				if (text.charCodeAt(i) === COLON) {
					this.piece = p;
					this.offset = i;
					return this.describe(name + text.slice(pieces[p], i));
				}
			}
			name += text.slice(pieces[p], pieceEnd);
		}
		return undefined;
	}

	private describe(name: string): Description {
		let description = this.descriptions.get(name);
		if (!description) {
			description = { name, key: name.trim().toLowerCase(), info: findAttribute(name) };
			this.descriptions.set(name, description);
		}
		return description;
	}

	/** Where the name read last ends: the colon's offset. */
	private nameSpan(): Span {
		return { start: this.lineStart, end: this.offset };
	}

	/** From the colon after the name: reads the separator and the spaces after it. */
	private readSeparator(): Separator {
		this.advance();
		let separator: Separator = 'plain';
		const code = this.current();
		if (code === COLON || code === LESS) {
			separator = code === COLON ? 'base64' : 'url';
			this.advance();
		}
		while (this.current() === SPACE) this.advance();
		return separator;
	}

	/**
	 * The value from the position to the line end. Undefined (and a problem reported) when base64
	 * text is malformed.
	 */
	private readValue(separator: Separator, colon: number): AttributeValue | undefined {
		const span = { start: this.offset, end: this.lineEnd };
		if (separator !== 'base64') {
			return { text: this.rest(), span, editSpan: span, encoding: 'plain', checked: separator === 'plain' };
		}
		if (!this.checkBase64()) return undefined;
		const decoded = Buffer.from(this.rest(), 'base64').toString('utf8');
		return { text: decoded, span, editSpan: { start: colon, end: this.lineEnd }, encoding: 'base64', checked: true };
	}

	/** Checks base64 text from the position to the line end, reporting its first fault. */
	private checkBase64(): boolean {
		const { text, pieces } = this;
		let length = 0;
		let padding = 0;
		let paddingStart = -1;
		for (let p = this.piece; p < this.pieceEnd; p += 2) {
			const end = pieces[p + 1];
			for (let i = p === this.piece ? this.offset : pieces[p]; i < end; i++) {
				const code = text.charCodeAt(i);
				if (code === EQUALS) {
					if (padding++ === 0) paddingStart = i;
				} else if (!isBase64Char(code)) {
					const character = String.fromCodePoint(text.codePointAt(i)!);
					this.problem({ start: i, end: i + character.length },
						l10n.t('"{0}" is not a base64 character. Check that the value was copied whole, or write it after ": " as plain text.', character));
					return false;
				} else if (padding > 0) {
					this.problem({ start: paddingStart, end: paddingStart + 1 },
						l10n.t('"=" may only pad the end of base64 text. Check that the value was copied whole.'));
					return false;
				}
				length++;
			}
		}
		if (length % 4 !== 0 || padding > 2) {
			this.problem({ start: this.offset, end: this.lineEnd },
				l10n.t('This base64 text is {0} characters long; base64 comes in groups of 4 with at most two "=" at the end. Check that the value was copied whole.', length));
			return false;
		}
		return true;
	}

	/** Skips a value dirlint does not read, still checking base64 text. */
	private skipValue(): void {
		if (this.readSeparator() === 'base64') this.checkBase64();
	}

	private problem(span: Span, message: string): void {
		this.document.problems.push({ code: DiagnosticCodes.ldifParse, span, message });
	}

	// ---- Records -----------------------------------------------------------------------------

	private versionLine(): void {
		const colon = this.offset;
		const value = this.readValue(this.readSeparator(), colon);
		if (value && value.text.trim() !== '1') {
			this.problem(value.span, l10n.t('dirlint reads LDIF version 1 only. Write "version: 1" or remove this line.'));
		}
	}

	private attributeLine(description: Description): void {
		if (description.key === 'dn') {
			if (this.state !== 'none') {
				this.problem({ start: this.lineStart, end: this.lineEnd },
					l10n.t('A new record starts here without a blank line before it. Add an empty line above this "dn:" line.'));
				this.endRecord();
			}
			this.startRecord();
			return;
		}
		switch (this.state) {
			case 'none':
				// A search reference (`ref:`, ldbsearch and ldapsearch) or ldapsearch's result trailer
				// (`search:` / `result:`) is part of a search's output, not an entry: skipped silently.
				if (description.key === 'ref' || description.key === 'search') {
					this.state = 'skip';
					return;
				}
				this.problem({ start: this.lineStart, end: this.lineEnd },
					l10n.t('A record must start with a "dn:" line. This record is not checked; add its dn: line.'));
				this.state = 'skip';
				return;
			case 'start':
				if (description.key === 'changetype') {
					this.changetypeLine();
					return;
				}
				// control: lines, and the cn: line IdFix writes, may stand before changetype:.
				if (description.key === 'control' || description.key === 'cn') {
					this.skipValue();
					return;
				}
				this.classify('content');
				this.state = 'content';
				this.valueLine(description, true);
				return;
			case 'content':
				this.valueLine(description, true);
				return;
			case 'modify':
				if (!this.startBlock(description)) {
					this.problem(this.nameSpan(),
						l10n.t('In a modify record, each change starts with "add:", "replace:" or "delete:" and an attribute name. Add one above this line.'));
					this.skipValue();
				}
				return;
			case 'block':
				if (description.key === this.blockKey) {
					this.valueLine(description, this.blockChecked);
					return;
				}
				this.problem(this.nameSpan(),
					l10n.t('This change block is for {0}, but this line is for {1}. End the block with a "-" line first.', this.blockName, description.name));
				// The usual cause is a missing "-": when a new block starts here, read it.
				if (!this.startBlock(description)) this.skipValue();
				return;
			case 'ignore':
				this.skipValue();
				return;
		}
	}

	private startRecord(): void {
		const colon = this.offset;
		const value = this.readValue(this.readSeparator(), colon);
		const entry: Entry = { span: { start: this.lineStart, end: this.lineEnd }, attributes: [], whole: true };
		if (value) {
			entry.dn = value.text;
			entry.dnSpan = value.span;
		}
		this.entry = entry;
		this.lastKey = '';
		this.dnLine = { start: this.lineStart, end: this.lineEnd };
		this.state = 'start';
		this.document.entries.push(entry);
	}

	private endRecord(): void {
		if (this.state === 'start') this.classify('content');
		this.state = 'none';
		this.entry = undefined;
	}

	private classify(kind: RecordKind): void {
		this.kindCount[kind]++;
		this.firstOfKind[kind] ??= this.dnLine;
	}

	private changetypeLine(): void {
		this.classify('change');
		const colon = this.offset;
		const value = this.readValue(this.readSeparator(), colon);
		if (!value) {
			this.state = 'ignore';
			return;
		}
		const changeType = value.text.trim().toLowerCase();
		if (this.entry) {
			this.entry.changeType = changeType;
			this.entry.whole = changeType === 'add';
		}
		switch (changeType) {
			case 'add':
				this.state = 'content';
				return;
			case 'modify':
				this.state = 'modify';
				return;
			case 'delete':
			case 'modrdn':
			case 'moddn':
				this.state = 'ignore';
				return;
			default:
				this.problem(value.span, l10n.t('"{0}" is not a changetype. Use add, delete, modify, modrdn or moddn.', value.text));
				this.state = 'ignore';
		}
	}

	/** Starts a modify block when the line is `add:`, `replace:` or `delete:`; false otherwise. */
	private startBlock(description: Description): boolean {
		const operation = description.key;
		if (operation !== 'add' && operation !== 'replace' && operation !== 'delete') return false;
		const colon = this.offset;
		const value = this.readValue(this.readSeparator(), colon);
		this.state = 'block';
		this.blockChecked = operation !== 'delete';
		this.blockName = value ? value.text.trim() : '';
		this.blockKey = this.blockName.toLowerCase();
		const info = findAttribute(this.blockName);
		if (value && info) this.document.names.push({ info, span: value.span });
		return true;
	}

	/** A `-` line: ends a modify block, and is a mistake anywhere else. */
	private separatorLine(): void {
		if (this.state === 'block') {
			this.state = 'modify';
			return;
		}
		this.problem({ start: this.lineStart, end: this.lineEnd },
			l10n.t('A "-" line ends a change block of a modify record, but no block is open here. Remove this line.'));
	}

	/** An `attribute: value` line of the record; only catalogue attributes enter the model. */
	private valueLine(description: Description, checked: boolean): void {
		const info = description.info;
		if (!info) {
			this.skipValue();
			return;
		}
		const nameSpan = this.nameSpan();
		this.document.names.push({ info, span: nameSpan });
		const colon = this.offset;
		const separator = this.readSeparator();
		const value = this.readValue(separator, colon);
		if (!value) return;
		if (!checked) {
			value.checked = false;
		} else if (separator === 'url') {
			this.document.problems.push({
				code: DiagnosticCodes.ldifUnchecked,
				span: value.span,
				message: l10n.t('This value is a URL; dirlint does not open URLs, so the value is not checked. Write the value itself to have it checked.'),
			});
		}
		// A value joins the entry's last attribute when it has the same description; otherwise it starts
		// a new one, so attributes and values stay in document order, and so do the findings.
		const attributes = this.entry!.attributes;
		if (this.lastKey === description.key) {
			attributes[attributes.length - 1].values.push(value);
		} else {
			attributes.push({ name: description.name, info, nameSpan, values: [value] });
			this.lastKey = description.key;
		}
	}

	/** The kinds of records read, for the document-level check that a file does not mix them (mixedKindsProblem). */
	private countKinds(): void {
		const { content, change } = this.kindCount;
		this.document.recordKinds = { content, change, firstContent: this.firstOfKind.content, firstChange: this.firstOfKind.change };
	}
}
