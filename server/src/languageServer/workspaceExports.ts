/**
 * The exports of the workspace folders that are not open in the editor. With
 * dirlint.duplicates.scope `workspace`, every CSV and LDIF export in the folders counts for
 * duplicates, open or not: the folders are read in the background, one file at a time, each file
 * linted like an open one (its keys go into the same duplicate index). "dirlint: Check all exports
 * in the workspace" publishes their diagnostics too, and from then on keeps them current.
 *
 * A file that is opened in the editor leaves this set (the editor's text is the truth), and comes
 * back, read from disk, when it is closed. File events from the client (created, changed, deleted)
 * are followed.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Settings } from '../../../shared/src/settings';
import { isChangeFile } from '../engine/changes/changeFiles';
import { formatOf } from '../engine/linter';
import { ChunkedTextDocument } from './chunkedTextDocument';
import { DocumentLint } from './documentLint';
import type { WorkspaceState } from './workspaceState';

/** Files larger than this are not read in the background (VS Code itself stops syncing files over 50 MB to extensions). */
export const maxWorkspaceFileBytes = 100 * 1024 * 1024;
/** At most this many exports are read from the folders. */
export const maxWorkspaceFiles = 5000;
/** Folders never walked: tools' own trees. */
const skippedFolders = new Set(['node_modules', '.git', '.hg', '.svn']);
const exportName = /\.(csv|ldf|ldif)$/i;

/** An export read from disk: its text as a document (for positions), and its lint. */
export interface WorkspaceFile {
	readonly document: ChunkedTextDocument;
	readonly lint: DocumentLint;
}

/** What the background read reports. */
export interface ScanProgress {
	begin(total: number): void;
	report(done: number, total: number): void;
	end(): void;
}

/** Decodes an export's bytes as an editor would: UTF-8 (a BOM is kept as text, as editors read it), or UTF-16 with its BOM; undefined for anything else. */
function decode(bytes: Uint8Array): string | undefined {
	try {
		if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
		if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
		if (bytes.includes(0)) return undefined;
		return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
	} catch {
		return undefined;
	}
}

export class WorkspaceExports {
	private readonly files = new Map<string, WorkspaceFile>();
	/** Files open in the editor: left to it. */
	private readonly open = new Set<string>();
	private scanning: Promise<void> | undefined;
	/** Set by the workspace check: the diagnostics of files that are not open are published, and kept current. */
	publishing = false;
	/** The latest read of a file wins over earlier ones still under way. */
	private readonly generation = new Map<string, number>();
	/** Set once forgotten: reads still under way then add nothing. */
	private disposed = false;

	constructor(
		private readonly state: WorkspaceState,
		private readonly folders: () => string[],
		private readonly log: (message: string) => void,
	) {}

	/** The exports read so far, by URI. */
	get all(): ReadonlyMap<string, WorkspaceFile> {
		return this.files;
	}

	get(uri: string): WorkspaceFile | undefined {
		return this.files.get(uri);
	}

	/** Reads every export of the folders (once; again after reset()). */
	scan(progress?: ScanProgress): Promise<void> {
		this.scanning ??= this.readFolders(progress);
		return this.scanning;
	}

	get scanned(): boolean {
		return this.scanning !== undefined;
	}

	private async readFolders(progress?: ScanProgress): Promise<void> {
		const found: string[] = [];
		for (const folder of this.folders()) await this.walk(folder, found);
		const uris = found.slice(0, maxWorkspaceFiles).map((file) => pathToFileURL(file).href);
		if (found.length > maxWorkspaceFiles) this.log(`dirlint: the workspace holds ${found.length} CSV and LDIF files; the first ${maxWorkspaceFiles} are read for duplicates`);
		progress?.begin(uris.length);
		let done = 0;
		for (const uri of uris) {
			if (!this.open.has(uri)) await this.read(uri);
			progress?.report(++done, uris.length);
		}
		progress?.end();
	}

	private async walk(folder: string, found: string[]): Promise<void> {
		let entries;
		try {
			entries = await fs.readdir(folder, { withFileTypes: true });
		} catch (error) {
			this.log(`dirlint: cannot read the folder ${folder}: ${(error as Error).message}`);
			return;
		}
		entries.sort((a, b) => a.name.localeCompare(b.name));
		for (const entry of entries) {
			const full = path.join(folder, entry.name);
			if (entry.isDirectory()) {
				if (!skippedFolders.has(entry.name)) await this.walk(full, found);
			} else if (entry.isFile() && exportName.test(entry.name)) found.push(full);
		}
	}

	/** Reads one file and lints it; a file that is not an export dirlint recognizes is dropped. */
	async read(uri: string): Promise<void> {
		const generation = (this.generation.get(uri) ?? 0) + 1;
		this.generation.set(uri, generation);
		this.drop(uri);
		let text: string | undefined;
		try {
			const file = fileURLToPath(uri);
			const stat = await fs.stat(file);
			if (stat.size > maxWorkspaceFileBytes) {
				this.log(`dirlint: ${file} is larger than ${maxWorkspaceFileBytes / 1024 / 1024} MB and is not read for duplicates; open it, or check it with dirlint check`);
				return;
			}
			text = decode(await fs.readFile(file));
			if (text === undefined) this.log(`dirlint: ${file} is neither UTF-8 nor UTF-16 text; it is not read for duplicates`);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.log(`dirlint: cannot read ${uri}: ${(error as Error).message}`);
		}
		const current = () => !this.disposed && !this.open.has(uri) && this.generation.get(uri) === generation;
		if (text === undefined || !current()) return;
		const format = formatOf(uri);
		// An LDIF file is an export when it holds a record; a CSV when its header names a catalogue attribute.
		if (format === 'ldif' && !/^dn::?/im.test(text)) return;
		// Change files and their undo are dirlint's own output, not exports.
		if (isChangeFile(text)) return;
		const settings: Settings = await this.state.settingsFor(uri);
		if (!settings.enable || !current()) return;
		const document = new ChunkedTextDocument(uri, format, 0, text);
		const lint = new DocumentLint(uri, format, settings, this.state.pool, this.state.linter, this.state.duplicates);
		lint.lintAll(text, settings);
		this.files.set(uri, { document, lint });
		await lint.whenComplete();
		if (!lint.isRecognized && this.files.get(uri)?.lint === lint) this.drop(uri);
	}

	/** Lints every file read again (the settings changed). */
	async relintAll(): Promise<void> {
		for (const uri of [...this.files.keys()]) await this.read(uri);
	}

	/** A file was opened in the editor: the editor's text replaces the file's. */
	opened(uri: string): void {
		this.open.add(uri);
		this.drop(uri);
	}

	/** A file was closed: read it from disk again, if the folders are being followed. */
	async closed(uri: string): Promise<void> {
		this.open.delete(uri);
		if (this.scanned && this.inFolders(uri) && exportName.test(uri)) await this.read(uri);
	}

	/** A file event from the client. */
	async fileChanged(uri: string, deleted: boolean): Promise<void> {
		if (!this.scanned || this.open.has(uri) || !exportName.test(uri) || !this.inFolders(uri)) return;
		if (deleted) {
			this.generation.set(uri, (this.generation.get(uri) ?? 0) + 1);
			this.drop(uri);
		} else await this.read(uri);
	}

	private inFolders(uri: string): boolean {
		if (!uri.startsWith('file:')) return false;
		const file = fileURLToPath(uri);
		return this.folders().some((folder) => !path.relative(folder, file).startsWith('..'));
	}

	/** Forgets every file read (the folders changed): their keys leave the duplicate index. */
	dispose(): void {
		this.disposed = true;
		for (const uri of [...this.files.keys()]) {
			this.generation.set(uri, (this.generation.get(uri) ?? 0) + 1);
			this.drop(uri);
		}
	}

	private drop(uri: string): void {
		const file = this.files.get(uri);
		if (!file) return;
		this.files.delete(uri);
		file.lint.dispose();
	}
}
