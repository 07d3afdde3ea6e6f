/**
 * The server's state across documents: settings resolved once per document and cached until the
 * configuration changes, and each open document's DocumentLint.
 */
import type { Connection } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { resolveSettings, Settings } from '../../../shared/src/settings';
import { createLinter, formatOf, Linter } from '../engine/linter';
import { DocumentLint, TextChange } from './documentLint';
import { DuplicateState } from './duplicateState';
import type { WorkerPool } from './workerPool';

export class WorkspaceState {
	readonly linter: Linter = createLinter();
	/** The duplicate keys of every document, judged across them (dirlint.duplicates.scope). */
	readonly duplicates = new DuplicateState();
	private readonly settingsCache = new Map<string, Promise<Settings>>();
	private readonly lints = new Map<string, DocumentLint>();
	/** Documents whose first lint waits for their settings. */
	private readonly opening = new Map<string, Promise<DocumentLint>>();

	constructor(
		private readonly connection: Connection,
		readonly pool: WorkerPool,
		/** Whether the client answers workspace/configuration; otherwise initializationOptions. */
		private readonly pullsConfiguration: boolean,
		private initialSettings: unknown,
	) {}

	settingsFor(uri: string): Promise<Settings> {
		let settings = this.settingsCache.get(uri);
		if (!settings) {
			settings = this.pullsConfiguration
				? this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'dirlint' }).then(resolveSettings, () => resolveSettings(this.initialSettings))
				: Promise.resolve(resolveSettings(this.initialSettings));
			this.settingsCache.set(uri, settings);
		}
		return settings;
	}

	/** After a configuration change: forget every cached setting; callers re-lint open documents. */
	configurationChanged(pushedSettings: unknown): void {
		if (!this.pullsConfiguration && pushedSettings !== undefined && pushedSettings !== null) this.initialSettings = pushedSettings;
		this.settingsCache.clear();
	}

	/** The document's lint, once its first lint has started. */
	async ready(uri: string): Promise<DocumentLint | undefined> {
		return this.lints.get(uri) ?? this.opening.get(uri);
	}

	/**
	 * Starts (or restarts, with fresh settings) linting the whole document. The text is read when
	 * the settings are known, so edits made meanwhile are already in it.
	 */
	lintAll(document: TextDocument): Promise<DocumentLint> {
		const opening = this.settingsFor(document.uri).then((settings) => {
			let lint = this.lints.get(document.uri);
			if (!lint) {
				lint = new DocumentLint(document.uri, formatOf(document.languageId === 'ldif' ? 'ldif' : document.uri), settings, this.pool, this.linter, this.duplicates);
				this.lints.set(document.uri, lint);
			}
			lint.lintAll(document.getText(), settings);
			return lint;
		});
		if (!this.lints.has(document.uri)) this.opening.set(document.uri, opening);
		return opening;
	}

	/**
	 * Re-lints only what the edits touched, synchronously so every edit meets the text it was made
	 * on. Undefined while the document's first lint waits for its settings (it will read this text).
	 */
	changed(document: TextDocument, changes: readonly (TextChange | undefined)[]): DocumentLint | undefined {
		const lint = this.lints.get(document.uri);
		lint?.applyChanges(changes, () => document.getText());
		return lint;
	}

	forget(uri: string): void {
		this.settingsCache.delete(uri);
		this.lints.get(uri)?.dispose();
		this.lints.delete(uri);
		this.opening.delete(uri);
	}
}
