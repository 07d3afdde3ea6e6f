/**
 * Per-document state: settings resolved once per document and cached until the configuration
 * changes, and one parse and lint per document version, shared by diagnostics, hovers, code
 * actions and symbols.
 */
import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { resolveSettings, Settings } from '../../../shared/src/settings';
import { Cancellation, createLinter, Finding, formatOf, Linter } from '../engine/linter';
import type { ExportDocument } from '../engine/model';

export interface LintResult {
	version: number;
	settings: Settings;
	document: ExportDocument;
	/** Every finding (fix-all uses them all); diagnostics show `linter.limit` of them. */
	findings: Finding[];
}

export class WorkspaceState {
	readonly linter: Linter = createLinter();
	private readonly settingsCache = new Map<string, Promise<Settings>>();
	private readonly results = new Map<string, LintResult>();

	constructor(
		private readonly connection: Connection,
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

	/** After a configuration change: forget every setting and result. */
	configurationChanged(pushedSettings: unknown): void {
		if (!this.pullsConfiguration && pushedSettings !== undefined && pushedSettings !== null) this.initialSettings = pushedSettings;
		this.settingsCache.clear();
		this.results.clear();
	}

	forget(uri: string): void {
		this.settingsCache.delete(uri);
		this.results.delete(uri);
	}

	/** The lint result for the document's current version, computed at most once per version. */
	async lint(textDocument: TextDocument, token?: Cancellation): Promise<LintResult | undefined> {
		const cached = this.results.get(textDocument.uri);
		if (cached && cached.version === textDocument.version) return cached;
		const settings = await this.settingsFor(textDocument.uri);
		const again = this.results.get(textDocument.uri);
		if (again && again.version === textDocument.version) return again;
		const format = formatOf(textDocument.languageId === 'ldif' ? 'ldif' : textDocument.uri);
		const document = this.linter.read(textDocument.getText(), format, settings);
		const findings = settings.enable ? this.linter.validate(document, settings, token) : [];
		if (!findings) return undefined;
		const result: LintResult = { version: textDocument.version, settings, document, findings };
		this.results.set(textDocument.uri, result);
		return result;
	}
}
