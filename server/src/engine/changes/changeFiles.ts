/**
 * Change files that bring dirlint's fixes (or an admin's edits) into the directory itself: Entra
 * Connect syncs from Active Directory, not from an export, so fixing users.csv changes nothing
 * until AD holds the values. Each change file comes with its undo, which holds the values as they
 * are now.
 *
 * Two forms: LDIF change records for `ldifde -i`, `ldapmodify` or Samba's `ldbmodify`; or a data
 * CSV for one fixed PowerShell script (Set-ADUser), see powershellChangeWriter.
 *
 * changeFileForFixes and changeFileBetween take whole texts (the language server holds them);
 * FixChangeFiles and BetweenChangeFiles take pieces, so the CLI writes change files for exports
 * of any size in constant memory. Both read the export piece by piece.
 */
import type { Settings } from '../../../../shared/src/settings';
import type { ExportFormat } from '../model';
import { AttributeCensus, AttributeKeys, BetweenChanges, Side } from './betweenChanges';
import type { EntryChange } from './changeModel';
import { ChangeSummary, ChangeTally } from './changeSummary';
import { exportPieces, ExportPiece } from './exportEntries';
import { EntryChangePair, FixChanges } from './fixChanges';
import { commentText, ldifHeader, ldifModifyRecord, LineEnding } from './ldifChangeWriter';
import { dataHeader, dataRows, powershellScript, powershellScriptName } from './powershellChangeWriter';

export type ChangeFileFormat = 'ldif' | 'powershell';

export interface ChangeFileOptions {
	/** ldif (default): change records; powershell: data CSVs for powershellScript. */
	format: ChangeFileFormat;
	/** crlf (ldifde's habit, the default) or lf (Samba's ldbmodify cannot read CRLF). */
	eol: 'crlf' | 'lf';
	/** Write `version: 1` first (LDIF only; ldbmodify refuses it). */
	version: boolean;
	/**
	 * File names (names only, never paths) the header comments give: the export (BEFORE when
	 * comparing), AFTER, the change file and its undo.
	 */
	names: { export: string; after?: string; changes: string; undo: string };
}

/** The text of a change file, its undo and (powershell) the script; what they do. */
export interface ChangeFiles {
	changes: string;
	undo: string;
	/** The PowerShell script for both data files: the same bytes for every export. */
	script?: string;
	summary: ChangeSummary;
}

/** Text to append to the change file and to its undo. */
export interface ChangeText {
	changes: string;
	undo: string;
}

export { powershellScript, powershellScriptName };
/** AttributeCensus collects, piece by piece, which attributes an export holds: the first pass of a comparison. */
export { AttributeCensus };
export type { AttributeKeys, Side };

const lineEndings: Record<ChangeFileOptions['eol'], LineEnding> = { crlf: '\r\n', lf: '\n' };

/**
 * Whether a text is a file dirlint changes wrote (a change file, its undo, a PowerShell data file)
 * rather than an export: the workspace check leaves these out, since an undo file holds the values
 * as they were, findings and all, on purpose.
 */
export function isChangeFile(text: string): boolean {
	const start = text.slice(0, 4096).replace(/^\ufeff/, '');
	if (start.startsWith(dataHeader('\n').trimEnd())) return true;
	return /^# Written by dirlint changes: /m.test(start.split(/\r?\n\s*\r?\n/, 1)[0]);
}

/** The header comment lines (ASCII; file names only; no user data). */
function headerComments(mode: ChangeSummary['mode'], direction: 'changes' | 'undo', options: ChangeFileOptions): string[] {
	const { names } = options;
	const source = mode === 'fixes'
		? `the fixes dirlint can make in ${names.export}`
		: `the differences from ${names.export} to ${names.after ?? ''}`;
	const what = direction === 'changes'
		? `Written by dirlint changes: ${source}.`
		: `Written by dirlint changes: the undo of ${names.changes} (${source}); it puts back the values as they were.`;
	const file = direction === 'changes' ? names.changes : names.undo;
	// Without `version: 1` the file is for Samba's ldbmodify, which refuses that line; ldifde and
	// ldapmodify read either.
	const apply = options.version ? `ldifde -i -k -f ${file}` : `ldbmodify -H /var/lib/samba/private/sam.ldb ${file} (on the domain controller)`;
	return [commentText(what), commentText(`Review it, then apply it with: ${apply}`)];
}

/** Writes one direction (the changes, or their undo) of a change file, entry by entry. */
class ChangeFileWriter {
	private readonly eol: LineEnding;
	private entries = 0;

	constructor(private readonly options: ChangeFileOptions) {
		this.eol = lineEndings[options.eol];
	}

	begin(comments: string[]): string {
		return this.options.format === 'ldif' ? ldifHeader(comments, this.options.version, this.eol) : dataHeader(this.eol);
	}

	entry(change: EntryChange): string {
		this.entries++;
		return this.options.format === 'ldif' ? ldifModifyRecord(change, this.eol) : dataRows(this.entries, change, this.eol);
	}
}

/** The two writers of a change file and its undo. */
class ChangeFilePair {
	private readonly changes: ChangeFileWriter;
	private readonly undo: ChangeFileWriter;

	constructor(private readonly mode: ChangeSummary['mode'], private readonly options: ChangeFileOptions) {
		this.changes = new ChangeFileWriter(options);
		this.undo = new ChangeFileWriter(options);
	}

	begin(): ChangeText {
		return {
			changes: this.changes.begin(headerComments(this.mode, 'changes', this.options)),
			undo: this.undo.begin(headerComments(this.mode, 'undo', this.options)),
		};
	}

	write(pairs: readonly EntryChangePair[]): ChangeText {
		let changes = '';
		let undo = '';
		for (const pair of pairs) {
			changes += this.changes.entry(pair.changes);
			undo += this.undo.entry(pair.undo);
		}
		return { changes, undo };
	}
}

/** The change file of one export's fixes, written as its pieces arrive in file order. */
export class FixChangeFiles {
	private readonly tally = new ChangeTally('fixes');
	private readonly fixes: FixChanges;
	private readonly files: ChangeFilePair;

	constructor(format: ExportFormat, settings: Settings, options: ChangeFileOptions) {
		this.fixes = new FixChanges(format, settings, this.tally);
		this.files = new ChangeFilePair('fixes', options);
	}

	/** The start of both files: `version: 1` and the header comment, or the data CSV's header. */
	begin(): ChangeText {
		return this.files.begin();
	}

	add(piece: ExportPiece): ChangeText {
		return this.files.write(this.fixes.add(piece));
	}

	summary(): ChangeSummary {
		return this.tally.summary();
	}
}

/**
 * The change file that makes BEFORE's entries into AFTER's, written as the pieces of both arrive
 * (each file's in its own order; read on in the file with fewer entriesRead to keep memory low).
 * `held` is what AttributeCensus found in each file.
 */
export class BetweenChangeFiles {
	private readonly tally = new ChangeTally('between');
	private readonly between: BetweenChanges;
	private readonly files: ChangeFilePair;

	constructor(formats: Record<Side, ExportFormat>, settings: Settings, held: Record<Side, AttributeKeys>, options: ChangeFileOptions) {
		this.between = new BetweenChanges(formats, settings, held, this.tally);
		this.files = new ChangeFilePair('between', options);
	}

	begin(): ChangeText {
		return this.files.begin();
	}

	add(side: Side, piece: ExportPiece): ChangeText {
		return this.files.write(this.between.add(side, piece));
	}

	get entriesRead(): Readonly<Record<Side, number>> {
		return this.between.entriesRead;
	}

	/** Call after both files are read. */
	summary(): ChangeSummary {
		this.between.finish();
		return this.tally.summary();
	}
}

function collect(start: ChangeText): { append(text: ChangeText): void; texts(): ChangeText } {
	const changes = [start.changes];
	const undo = [start.undo];
	return {
		append(text) {
			changes.push(text.changes);
			undo.push(text.undo);
		},
		texts: () => ({ changes: changes.join(''), undo: undo.join('') }),
	};
}

/** The change file of every fix dirlint can make in an export (the text is never changed). */
export function changeFileForFixes(text: string, format: ExportFormat, settings: Settings, options: ChangeFileOptions): ChangeFiles {
	const files = new FixChangeFiles(format, settings, options);
	const output = collect(files.begin());
	for (const piece of exportPieces(text, format, settings)) output.append(files.add(piece));
	return { ...output.texts(), script: options.format === 'powershell' ? powershellScript : undefined, summary: files.summary() };
}

/**
 * The change file that makes the directory hold what `after` says where it differs from `before`
 * (two exports of the same users, or an export as first opened and as edited since).
 */
export function changeFileBetween(before: string, after: string, formats: Record<Side, ExportFormat>, settings: Settings, options: ChangeFileOptions): ChangeFiles {
	const texts: Record<Side, string> = { before, after };
	const held = {} as Record<Side, AttributeKeys>;
	for (const side of ['before', 'after'] as const) {
		const census = new AttributeCensus(formats[side], settings);
		for (const piece of exportPieces(texts[side], formats[side], settings)) {
			census.add(piece);
			if (census.complete) break;
		}
		held[side] = census.keys;
	}
	const files = new BetweenChangeFiles(formats, settings, held, options);
	const output = collect(files.begin());
	const pieces = { before: exportPieces(before, formats.before, settings), after: exportPieces(after, formats.after, settings) };
	const done = { before: false, after: false };
	while (!done.before || !done.after) {
		const side: Side = done.after || (!done.before && files.entriesRead.before <= files.entriesRead.after) ? 'before' : 'after';
		const next = pieces[side].next();
		if (next.done) done[side] = true;
		else output.append(files.add(side, next.value));
	}
	return { ...output.texts(), script: options.format === 'powershell' ? powershellScript : undefined, summary: files.summary() };
}
