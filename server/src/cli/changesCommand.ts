/**
 * `dirlint changes EXPORT --out CHANGES.ldf` writes the fixes dirlint can make in an export as an
 * AD change file (and its undo); `dirlint changes BEFORE AFTER --out …` writes the differences
 * between two exports. The export is only read. The files are written beside their final names
 * and renamed into place at the end, so a run that stops (no DN for some entries, an unreadable
 * input) leaves no half-written change file behind.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink, FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as l10n from '@vscode/l10n';
import { resolveSettings, Settings } from '../../../shared/src/settings';
import {
	AttributeCensus, AttributeKeys, BetweenChangeFiles, ChangeFileOptions, ChangeText, FixChangeFiles, powershellScript,
	powershellScriptName, Side,
} from '../engine/changes/changeFiles';
import { ChangeSummary, describeChangeSummary } from '../engine/changes/changeSummary';
import type { ExportPiece } from '../engine/changes/exportEntries';
import { formatOf } from '../engine/linter';
import type { ExportFormat } from '../engine/model';
import { parseDelimiter, parseLocale, parseRegion, parseSeverity, UsageError } from './args';
import { InputError, readPieces } from './chunkedReader';

/** What the command needs from the CLI around it. */
export interface CommandIo {
	/** Writes to stdout, waiting for it to drain. */
	out(text: string): Promise<void>;
	err(text: string): void;
	/** Loads the l10n bundle of a locale (messages stay in English when there is none). */
	useLocale(locale: string): unknown;
}

/** Bytes read at a time, as `dirlint check` reads them; DIRLINT_CHUNK_BYTES (hidden, for tests) reads smaller chunks. */
function chunkSize(): number {
	const configured = Number(process.env.DIRLINT_CHUNK_BYTES);
	return Number.isInteger(configured) && configured > 0 ? configured : 1 << 16;
}

export const changesHelpText = `Usage:
  dirlint changes EXPORT --out CHANGES.ldf [--undo UNDO.ldf]
      an AD change file of every fix dirlint can make in EXPORT (EXPORT is only read)
  dirlint changes BEFORE AFTER --out CHANGES.ldf [--undo UNDO.ldf]
      an AD change file of every difference from BEFORE to AFTER (hand edits included)

Options:
  --out FILE                 the change file (required)
  --undo FILE                its undo (default: beside --out, NAME.undo.EXT)
  --format ldif|powershell   LDIF change records for ldifde -i / ldapmodify / ldbmodify
                             (default), or a data CSV for ${powershellScriptName}
                             (Set-ADUser), written beside --out
  --eol crlf|lf              line endings (default crlf; Samba's ldbmodify needs lf)
  --no-version               leave out the "version: 1" line (ldbmodify refuses it)
  --skip-unaddressable       write the change file even when some entries have no DN
  --region XX, --severity CODE=LEVEL, --all-phones   which fixes, as for dirlint fix
  --delimiter auto|,|;|tab, --locale LOCALE          as for dirlint check

Apply:  ldifde -i -k -f CHANGES.ldf     (Samba: ldbmodify -H sam.ldb CHANGES.ldf)
Undo:   ldifde -i -k -f UNDO.ldf
Exit status: 0 written, 1 entries without a DN (nothing written), 2 bad arguments or
unreadable input.
`;

interface ChangesOptions {
	files: string[];
	out: string;
	undo: string;
	settings: Settings;
	skipUnaddressable: boolean;
	file: Omit<ChangeFileOptions, 'names'>;
}

/** NAME.undo.EXT beside the change file. */
function defaultUndoPath(out: string): string {
	const extension = path.extname(out);
	return path.join(path.dirname(out), `${path.basename(out, extension)}.undo${extension}`);
}

function parseChangesArguments(argv: string[]): ChangesOptions | 'help' {
	let parsed;
	try {
		parsed = parseArgs({
			args: argv,
			allowPositionals: true,
			options: {
				out: { type: 'string' },
				undo: { type: 'string' },
				format: { type: 'string', default: 'ldif' },
				eol: { type: 'string', default: 'crlf' },
				'no-version': { type: 'boolean', default: false },
				'skip-unaddressable': { type: 'boolean', default: false },
				region: { type: 'string' },
				severity: { type: 'string', multiple: true, default: [] },
				'all-phones': { type: 'boolean', default: false },
				delimiter: { type: 'string', default: 'auto' },
				locale: { type: 'string' },
				help: { type: 'boolean', short: 'h', default: false },
			},
		});
	} catch (error) {
		throw new UsageError((error as Error).message);
	}
	const { values, positionals: files } = parsed;
	if (values.help) return 'help';
	if (files.length === 0 || files.length > 2) {
		throw new UsageError(l10n.t('dirlint changes takes one export (its fixes) or two (BEFORE and AFTER), not {0}.', files.length));
	}
	if (values.out === undefined) throw new UsageError(l10n.t('dirlint changes needs --out FILE: where to write the change file.'));
	const format = values.format;
	if (format !== 'ldif' && format !== 'powershell') throw new UsageError(l10n.t('--format {0}: expected ldif or powershell.', format));
	const eol = values.eol;
	if (eol !== 'crlf' && eol !== 'lf') throw new UsageError(l10n.t('--eol {0}: expected crlf or lf.', eol));
	if (files.length === 2) {
		const fixOnly = [values.region !== undefined && '--region', values.severity.length > 0 && '--severity', values['all-phones'] && '--all-phones'].filter(Boolean);
		if (fixOnly.length > 0) throw new UsageError(l10n.t('{0} chooses fixes: it applies to dirlint changes EXPORT, not to BEFORE AFTER.', fixOnly.join(', ')));
	}
	if (values.locale !== undefined) parseLocale(values.locale);
	const out = values.out;
	const undo = values.undo ?? defaultUndoPath(out);
	const written = [out, undo, ...(format === 'powershell' ? [path.join(path.dirname(out), powershellScriptName)] : [])].map((file) => path.resolve(file));
	for (const file of files) {
		if (written.includes(path.resolve(file))) throw new UsageError(l10n.t('{0} is an input: dirlint changes never writes over an export.', file));
	}
	if (new Set(written).size !== written.length) throw new UsageError(l10n.t('--out and --undo must be different files.'));
	const settings = resolveSettings({
		defaultRegion: values.region === undefined ? '' : parseRegion(values.region),
		severity: Object.fromEntries(values.severity.map(parseSeverity)),
		checkAllPhoneAttributes: values['all-phones'],
		csv: { delimiter: parseDelimiter(values.delimiter) },
	});
	return {
		files,
		out,
		undo,
		settings,
		skipUnaddressable: values['skip-unaddressable'],
		file: { format, eol, version: !values['no-version'] },
	};
}

/** The locale option, read before anything is worded. */
function localeOf(argv: string[]): string | undefined {
	const index = argv.findIndex((argument) => argument === '--locale' || argument.startsWith('--locale='));
	if (index < 0) return undefined;
	const value = argv[index].startsWith('--locale=') ? argv[index].slice('--locale='.length) : argv[index + 1];
	try {
		return value === undefined ? undefined : parseLocale(value);
	} catch {
		return undefined; // worded as a usage error once the arguments are parsed
	}
}

/** A file written under a temporary name beside its final one, renamed into place by commit(). */
class PendingFile {
	private constructor(readonly target: string, private readonly temporary: string, private readonly handle: FileHandle) {}

	private static async create(target: string): Promise<PendingFile> {
		const temporary = path.join(path.dirname(target), `.${path.basename(target)}.dirlint-${randomBytes(4).toString('hex')}.tmp`);
		try {
			return new PendingFile(target, temporary, await open(temporary, 'wx'));
		} catch (error) {
			throw new InputError(l10n.t('{0} cannot be written: {1}', target, (error as Error).message));
		}
	}

	/** Starts every file, or none: those started are removed when one cannot be. */
	static async createAll(targets: readonly string[]): Promise<PendingFile[]> {
		const created: PendingFile[] = [];
		try {
			for (const target of targets) created.push(await PendingFile.create(target));
			return created;
		} catch (error) {
			await Promise.all(created.map((file) => file.abort()));
			throw error;
		}
	}

	async write(text: string): Promise<void> {
		if (text !== '') await this.handle.appendFile(text, 'utf8');
	}

	async commit(): Promise<void> {
		await this.handle.close();
		await rename(this.temporary, this.target);
	}

	async abort(): Promise<void> {
		await this.handle.close().catch(() => undefined);
		await unlink(this.temporary).catch(() => undefined);
	}
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** An export's pieces as text; throws InputError for a file that is missing, binary or not UTF-8. */
async function* textPieces(file: string, format: ExportFormat, settings: Settings): AsyncGenerator<ExportPiece> {
	let lines = 0;
	const pieces = readPieces(file, { format, delimiter: settings.csv.delimiter, chunkSize: chunkSize() });
	for (;;) {
		let next;
		try {
			next = await pieces.next();
		} catch (error) {
			// readPieces words what is wrong with the file; the message completes "FILE: …".
			throw error instanceof InputError ? new InputError(`${file}: ${error.message}`) : error;
		}
		if (next.done) return;
		const { bytes, context } = next.value;
		let piece: string;
		try {
			piece = strictUtf8.decode(bytes);
		} catch {
			throw new InputError(l10n.t('{0} is not valid UTF-8 (an invalid byte sequence after line {1}); save it as UTF-8 and run again.', file, lines));
		}
		lines += piece.split('\n').length - 1;
		yield { piece, context };
	}
}

/** The attributes an export holds (first pass of a comparison). */
async function census(file: string, format: ExportFormat, settings: Settings): Promise<AttributeKeys> {
	const attributes = new AttributeCensus(format, settings);
	for await (const piece of textPieces(file, format, settings)) {
		attributes.add(piece);
		if (attributes.complete) break;
	}
	return attributes.keys;
}

interface Outputs {
	changes: PendingFile;
	undo: PendingFile;
}

async function writeText(outputs: Outputs, text: ChangeText): Promise<void> {
	await outputs.changes.write(text.changes);
	await outputs.undo.write(text.undo);
}

async function writeFixes(options: ChangesOptions, outputs: Outputs, fileOptions: ChangeFileOptions): Promise<ChangeSummary> {
	const [file] = options.files;
	const format = formatOf(file);
	const changes = new FixChangeFiles(format, options.settings, fileOptions);
	await writeText(outputs, changes.begin());
	for await (const piece of textPieces(file, format, options.settings)) await writeText(outputs, changes.add(piece));
	return changes.summary();
}

async function writeBetween(options: ChangesOptions, outputs: Outputs, fileOptions: ChangeFileOptions): Promise<ChangeSummary> {
	const [beforeFile, afterFile] = options.files;
	const formats: Record<Side, ExportFormat> = { before: formatOf(beforeFile), after: formatOf(afterFile) };
	const held = {
		before: await census(beforeFile, formats.before, options.settings),
		after: await census(afterFile, formats.after, options.settings),
	};
	const changes = new BetweenChangeFiles(formats, options.settings, held, fileOptions);
	await writeText(outputs, changes.begin());
	const pieces = { before: textPieces(beforeFile, formats.before, options.settings), after: textPieces(afterFile, formats.after, options.settings) };
	const done = { before: false, after: false };
	while (!done.before || !done.after) {
		// Read on in the file that is behind, so matching entries meet soon (see BetweenChanges).
		const side: Side = done.after || (!done.before && changes.entriesRead.before <= changes.entriesRead.after) ? 'before' : 'after';
		const next = await pieces[side].next();
		if (next.done) done[side] = true;
		else await writeText(outputs, changes.add(side, next.value));
	}
	return changes.summary();
}

function applyLines(options: ChangesOptions): string[] {
	const show = (file: string) => path.relative(process.cwd(), file) || file;
	if (options.file.format === 'powershell') {
		// PowerShell runs a script in the current directory only by a path (.\Set-DirlintChanges.ps1).
		const relative = show(path.join(path.dirname(options.out), powershellScriptName));
		const script = path.isAbsolute(relative) ? relative : `.${path.sep}${relative}`;
		return [
			l10n.t('Wrote {0}, its undo {1}, and the script {2}.', show(options.out), show(options.undo), script),
			l10n.t('Review it with: {0}', `${script} -DataPath ${show(options.out)} -WhatIf`),
			l10n.t('Apply it with: {0}', `${script} -DataPath ${show(options.out)}`),
			l10n.t('Undo it with: {0}', `${script} -DataPath ${show(options.undo)}`),
		];
	}
	return [
		l10n.t('Wrote {0} and its undo {1}.', show(options.out), show(options.undo)),
		l10n.t('Review it, then apply it with: {0}', `ldifde -i -k -f ${show(options.out)}`),
		l10n.t('Undo it with: {0}', `ldifde -i -k -f ${show(options.undo)}`),
	];
}

async function run(options: ChangesOptions, io: CommandIo): Promise<number> {
	const names = { before: path.basename(options.files[0]), after: options.files[1] === undefined ? undefined : path.basename(options.files[1]) };
	const fileOptions: ChangeFileOptions = {
		...options.file,
		names: { export: names.before, after: names.after, changes: path.basename(options.out), undo: path.basename(options.undo) },
	};
	const targets = [options.out, options.undo, ...(options.file.format === 'powershell' ? [path.join(path.dirname(options.out), powershellScriptName)] : [])];
	const pending = await PendingFile.createAll(targets);
	const [changes, undo, script] = pending;
	let result: ChangeSummary;
	try {
		result = await (options.files.length === 1 ? writeFixes : writeBetween)(options, { changes, undo }, fileOptions);
		await script?.write(powershellScript);
	} catch (error) {
		await Promise.all(pending.map((file) => file.abort()));
		throw error;
	}
	const summary = describeChangeSummary(result, names);
	const unaddressable = result.skippedEntryCounts['no-dn'];
	if (unaddressable > 0 && !options.skipUnaddressable) {
		await Promise.all(pending.map((file) => file.abort()));
		await io.out(summary.map((line) => `${line}\n`).join(''));
		io.err(`dirlint: ${l10n.t('No change file was written: {0} entries have no DN, so the directory cannot be told which to change. Export with a DN column (csvde DN, Get-ADUser DistinguishedName), or pass --skip-unaddressable to write the others.', unaddressable)}\n`);
		return 1;
	}
	// The files are in place before anything is printed: output cut short (| head) leaves them whole.
	for (const file of pending) await file.commit();
	await io.out([...summary, ...applyLines(options)].map((line) => `${line}\n`).join(''));
	return 0;
}

/** Runs `dirlint changes …` (argv after the word `changes`); returns the exit code. */
export async function runChangesCommand(argv: string[], io: CommandIo): Promise<number> {
	const locale = localeOf(argv);
	if (locale) io.useLocale(locale);
	let options;
	try {
		options = parseChangesArguments(argv);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		io.err(`dirlint: ${error.message}\nRun dirlint changes --help for usage.\n`);
		return 2;
	}
	if (options === 'help') {
		await io.out(changesHelpText);
		return 0;
	}
	try {
		return await run(options, io);
	} catch (error) {
		if (!(error instanceof InputError)) throw error;
		io.err(`dirlint: ${error.message}\n`);
		return 2;
	}
}
