/** The language server: a thin adapter from LSP requests to DocumentLint and the engine. */
import {
	CodeAction,
	Diagnostic,
	CodeActionKind,
	Connection,
	createConnection,
	DidChangeConfigurationNotification,
	DidChangeWatchedFilesNotification,
	DocumentDiagnosticReportKind,
	FileChangeType,
	InitializeParams,
	InitializeResult,
	ProposedFeatures,
	SymbolKind,
	TextDocuments,
	TextDocumentSyncKind,
	WorkDoneProgress,
	WorkDoneProgressCreateRequest,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ChunkedTextDocument } from './chunkedTextDocument';
import * as l10n from '@vscode/l10n';
import { Commands, fixAllCodeActionKind } from '../../../shared/src/codes';
import type { Settings } from '../../../shared/src/settings';
import { formatOf, tooManyProblems } from '../engine/linter';
import { fixAllEdit, getCodeActions, resolveFixAll } from './codeActions';
import type { DocumentLint, TextChange } from './documentLint';
import { configureLocale } from './localization';
import { toDiagnostic, toRange } from './protocolConversions';
import { WorkerPool } from './workerPool';
import { ScanProgress, WorkspaceExports, WorkspaceFile } from './workspaceExports';
import { WorkspaceState } from './workspaceState';
import type { KeyOwner } from './duplicateState';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { changeFileRequest, ChangeFileParams, ChangeFileResponse, readinessRequest, ReadinessParams, ReadinessResult, readinessSummaryRequest, ReadinessSummaryParams, ReadinessSummaryResult } from '../../../shared/src/protocol';
import { changeFileFor } from './changeFileRequests';
import { LintedExport, readinessReport, readinessSummary, reportFileName } from './readinessRequests';

/** The server-side command other editors can call: apply every fix to the document at args[0]. */
export const applyAllFixesCommand = 'dirlint.applyAllFixes';
/** The server-side command behind "dirlint: Check all exports in the workspace". */
export const checkWorkspaceCommand = Commands.checkWorkspace;

/** Pieces after which a large document shows progress and partial diagnostics. */
const progressThreshold = 8;
/** How often partial diagnostics of a large document are pushed while it is being checked. */
const partialPushMs = 250;
/** Progress is reported at most this often (a 100k-user export is 330 pieces). */
const progressReportMs = 100;

interface InitializationOptions {
	locale?: string;
	settings?: unknown;
	/** Client commands the server may put in code actions. */
	clientCommands?: string[];
	/** Worker threads for large documents (default: one per core, at most 2; 0 lints in the main thread). */
	workers?: number;
}

export function startLanguageServer(workerScript: string | undefined): Connection {
	const connection = createConnection(ProposedFeatures.all);
	// Edits are recorded as offsets of the text before them, so only the pieces they touch are linted again.
	const pendingChanges = new Map<string, (TextChange | undefined)[]>();
	const documents = new TextDocuments<ChunkedTextDocument>({
		create: (uri, languageId, version, content) => new ChunkedTextDocument(uri, languageId, version, content),
		update(document, changes, version) {
			const recorded = pendingChanges.get(document.uri) ?? [];
			for (const change of changes) {
				if ('range' in change) {
					recorded.push({ start: document.offsetAt(change.range.start), end: document.offsetAt(change.range.end), text: change.text });
				} else recorded.push(undefined);
				document.update(change, version);
			}
			pendingChanges.set(document.uri, recorded);
			return document;
		},
	});
	let state: WorkspaceState;
	let pullDiagnostics = false;
	let canOpenSetting = false;
	let canResolveEdits = false;
	let canShowProgress = false;
	let canRegisterConfiguration = false;
	let canWatchFiles = false;
	/** The workspace folders, as paths (only file: folders can be read). */
	let folders: string[] = [];
	let exports: WorkspaceExports;

	connection.onInitialize((params: InitializeParams): InitializeResult => {
		const options = (params.initializationOptions ?? {}) as InitializationOptions;
		const locale = configureLocale(options.locale ?? params.locale);
		const pool = new WorkerPool(options.workers === 0 ? undefined : workerScript, locale, options.workers);
		state = new WorkspaceState(connection, pool, params.capabilities.workspace?.configuration === true, options.settings);
		pullDiagnostics = params.capabilities.textDocument?.diagnostic !== undefined;
		canOpenSetting = options.clientCommands?.includes(Commands.openSetting) ?? false;
		canResolveEdits = params.capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') ?? false;
		canShowProgress = params.capabilities.window?.workDoneProgress === true;
		canRegisterConfiguration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
		canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
		const folderUris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
		folders = folderUris.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
		exports = new WorkspaceExports(state, () => folders, (message) => connection.console.info(message));
		return {
			capabilities: {
				textDocumentSync: TextDocumentSyncKind.Incremental,
				hoverProvider: true,
				documentSymbolProvider: true,
				foldingRangeProvider: true,
				codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, fixAllCodeActionKind], resolveProvider: canResolveEdits },
				executeCommandProvider: { commands: [applyAllFixesCommand, checkWorkspaceCommand] },
				workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
				diagnosticProvider: pullDiagnostics ? { interFileDependencies: false, workspaceDiagnostics: false } : undefined,
			},
			serverInfo: { name: 'dirlint' },
		};
	});

	connection.onInitialized(() => {
		if (canRegisterConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'dirlint' }).catch(() => undefined);
		if (canWatchFiles) {
			void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{csv,ldf,ldif,CSV,LDF,LDIF}' }] }).catch(() => undefined);
		}
		connection.workspace.onDidChangeWorkspaceFolders((event) => {
			const paths = (list: { uri: string }[]) => list.map((folder) => folder.uri).filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
			const removed = new Set(paths(event.removed));
			folders = [...folders.filter((folder) => !removed.has(folder)), ...paths(event.added)];
			report(readWorkspace(true));
		});
		report(readWorkspace(false));
	});

	/**
	 * Reads the workspace folders' exports in the background, with progress, when duplicates are
	 * looked for across the workspace (or when asked: the workspace check), then publishes whatever
	 * their keys changed.
	 */
	async function readWorkspace(again: boolean, asked = false): Promise<void> {
		if (folders.length === 0) return;
		if (!asked) {
			const settings = await state.settingsFor(pathToFileURL(folders[0]).href);
			if (settings.duplicates.scope !== 'workspace' || !settings.enable) return;
		}
		if (again) exports = replaceExports();
		if (exports.scanned) return exports.scan();
		await exports.scan(await scanProgress());
		await publishChangedDuplicates(undefined);
	}

	/** A fresh set of workspace exports (the folders changed): the old files leave the index. */
	function replaceExports(): WorkspaceExports {
		exports.dispose();
		const fresh = new WorkspaceExports(state, () => folders, (message) => connection.console.info(message));
		for (const document of documents.all()) fresh.opened(document.uri);
		fresh.publishing = exports.publishing;
		return fresh;
	}

	/** Progress of the background read, where the client shows it. */
	async function scanProgress(): Promise<ScanProgress | undefined> {
		if (!canShowProgress) return undefined;
		const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
		if (!progress) return undefined;
		let last = 0;
		return {
			begin: (total) => progress.begin(l10n.t('dirlint: reading the workspace\'s exports'), 0, l10n.t('{0} files', total)),
			report: (done, total) => {
				if (Date.now() - last < progressReportMs && done < total) return;
				last = Date.now();
				progress.report(Math.floor((done / Math.max(1, total)) * 100), l10n.t('{0} of {1} files', done, total));
				void publishChangedDuplicates(undefined);
			},
			end: () => progress.done(),
		};
	}

	connection.onShutdown(() => state?.pool.dispose());

	/** Another document a related place is in: an open one, or an export of the workspace read from disk. */
	const documentFor = (uri: string): TextDocument | undefined => documents.get(uri) ?? exports.get(uri)?.document;

	function diagnosticsOf(document: TextDocument, lint: DocumentLint, settings: Settings): { diagnostics: Diagnostic[]; settled: boolean } {
		const { shown, hidden, hiddenFixable, settled } = lint.findings(settings.maxProblems);
		const diagnostics = shown.map((finding) => toDiagnostic(document, finding, documentFor));
		if (hidden > 0) {
			const summary = tooManyProblems(hidden, hiddenFixable, settings);
			diagnostics.push(toDiagnostic(document, { code: summary.code, severity: summary.severity, message: summary.message, start: 0, end: 0 }));
		}
		return { diagnostics, settled };
	}

	/** Pushes the diagnostics; resolves whether the shown ones are final (see DocumentLint.findings). */
	async function publish(document: TextDocument, lint: DocumentLint): Promise<boolean> {
		const settings = await state.settingsFor(document.uri);
		if (documents.get(document.uri)?.version !== document.version) return false;
		const { diagnostics, settled } = diagnosticsOf(document, lint, settings);
		await connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
		return settled;
	}

	/**
	 * Follows one lint run: progress and partial diagnostics for a large document, then the final
	 * diagnostics (pushed, or a refresh request to a pull client). A newer run of the same document
	 * makes this one stop reporting.
	 */
	const runs = new Map<string, number>();
	async function follow(document: TextDocument, lint: DocumentLint): Promise<void> {
		const run = (runs.get(document.uri) ?? 0) + 1;
		runs.set(document.uri, run);
		const current = () => runs.get(document.uri) === run && documents.get(document.uri)?.version === document.version;
		const large = lint.progress.total >= progressThreshold;
		let reporter: { report(percentage: number, message?: string): void; done(): void } | undefined;
		if (large && canShowProgress) {
			const token = `dirlint-${document.uri}-${run}`;
			await connection.sendRequest(WorkDoneProgressCreateRequest.type, { token }).then(() => {
				void connection.sendProgress(WorkDoneProgress.type, token, { kind: 'begin', title: l10n.t('dirlint: checking {0}', document.uri.split('/').pop() ?? ''), percentage: 0 });
				reporter = {
					report: (percentage) => void connection.sendProgress(WorkDoneProgress.type, token, { kind: 'report', percentage }),
					done: () => void connection.sendProgress(WorkDoneProgress.type, token, { kind: 'end' }),
				};
			}, () => undefined);
		}
		// A run that takes longer than partialPushMs pushes what it has then, and again at most every
		// partialPushMs, until the problems shown are final (dirlint.maxProblems of them): then only the
		// count of the rest would change, and the last push brings it. A shorter run pushes once, at the
		// end: a partial push costs the main thread as much as a piece.
		let lastPartial = Date.now();
		let lastReport = 0;
		let settled = false;
		lint.onProgress = (done, total) => {
			if (!current() || done === total) return;
			if (Date.now() - lastReport >= progressReportMs) {
				lastReport = Date.now();
				reporter?.report(Math.floor((done / total) * 100));
			}
			if (large && !pullDiagnostics && !settled && Date.now() - lastPartial >= partialPushMs) {
				lastPartial = Date.now();
				void publish(document, lint).then((final) => {
					settled ||= final;
				});
			}
		};
		await lint.whenComplete();
		reporter?.done();
		if (!current()) return;
		// What this lint changed elsewhere is taken before the document's own publication: a mark another
		// document's lint makes while that is written stays for the next call, which then publishes it.
		const changedElsewhere = state.duplicates.take().filter((owner) => owner.uri !== document.uri);
		if (pullDiagnostics) connection.languages.diagnostics.refresh();
		else await publish(document, lint);
		await publishOwners(changedElsewhere);
		await publishChangedDuplicates(undefined);
	}

	/**
	 * Publishes the other documents whose duplicates the last lint changed (a value made or cleared a
	 * duplicate in another file): the edited document's own diagnostics were just published.
	 */
	async function publishChangedDuplicates(except: string | undefined): Promise<void> {
		await publishOwners(state.duplicates.take().filter((owner) => owner.uri !== except));
	}

	async function publishOwners(owners: readonly KeyOwner[]): Promise<void> {
		if (owners.length === 0) return;
		let refresh = false;
		for (const owner of owners) {
			const other = documents.get(owner.uri);
			if (other) {
				if (pullDiagnostics) refresh = true;
				else {
					const lint = await state.ready(owner.uri);
					if (lint?.isComplete) await publish(other, lint);
				}
				continue;
			}
			const file = exports.get(owner.uri);
			if (file && exports.publishing) await publishClosed(file);
		}
		if (refresh) connection.languages.diagnostics.refresh();
	}

	/** Pushes the diagnostics of an export that is not open (after the workspace check). */
	async function publishClosed(file: WorkspaceFile): Promise<void> {
		if (documents.get(file.document.uri) || exports.get(file.document.uri) !== file) return;
		await file.lint.whenComplete();
		if (exports.get(file.document.uri) !== file) return;
		const settings = await state.settingsFor(file.document.uri);
		await connection.sendDiagnostics({ uri: file.document.uri, diagnostics: diagnosticsOf(file.document, file.lint, settings).diagnostics });
	}

	/**
	 * "dirlint: Check all exports in the workspace": reads the folders' exports (if not yet), and
	 * fills the Problems panel with the diagnostics of those that are not open, keeping them current.
	 */
	async function checkWorkspace(): Promise<{ files: number; problems: number }> {
		exports.publishing = true;
		await readWorkspace(false, true);
		let files = 0;
		let problems = 0;
		for (const file of exports.all.values()) {
			await publishClosed(file);
			files++;
			problems += file.lint.findings().shown.length;
		}
		for (const document of documents.all()) {
			const lint = await state.ready(document.uri);
			if (!lint) continue;
			await lint.whenComplete();
			if (!lint.isRecognized) continue;
			files++;
			problems += lint.findings().shown.length;
		}
		return { files, problems };
	}

	function report(promise: Promise<unknown>): void {
		promise.catch((error) => connection.console.error(String((error as Error)?.stack ?? error)));
	}

	documents.onDidOpen((event) => {
		pendingChanges.delete(event.document.uri);
		const wasRead = exports.get(event.document.uri) !== undefined;
		exports.opened(event.document.uri);
		// The pushed diagnostics of the file on disk give way to the editor's (pulled, where the client pulls).
		if (wasRead && exports.publishing && pullDiagnostics) void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
		report(state.lintAll(event.document).then((lint) => follow(event.document, lint)));
	});

	documents.onDidChangeContent((event) => {
		const changes = pendingChanges.get(event.document.uri);
		pendingChanges.delete(event.document.uri);
		if (!changes) return; // the open event lints it
		const lint = state.changed(event.document, changes);
		if (lint) report(follow(event.document, lint));
	});

	documents.onDidClose((event) => {
		const uri = event.document.uri;
		runs.delete(uri);
		state.forget(uri);
		if (!pullDiagnostics) void connection.sendDiagnostics({ uri, diagnostics: [] });
		// The file on disk counts again for the workspace (and its diagnostics stay, after the workspace check).
		report(exports.closed(uri).then(async () => {
			const file = exports.get(uri);
			if (file && exports.publishing) await publishClosed(file);
			await publishChangedDuplicates(uri);
		}));
	});

	connection.onDidChangeWatchedFiles((change) => {
		report((async () => {
			for (const event of change.changes) {
				const deleted = event.type === FileChangeType.Deleted;
				await exports.fileChanged(event.uri, deleted);
				const file = exports.get(event.uri);
				if (deleted && exports.publishing && !documents.get(event.uri)) await connection.sendDiagnostics({ uri: event.uri, diagnostics: [] });
				else if (file && exports.publishing) await publishClosed(file);
			}
			await publishChangedDuplicates(undefined);
		})());
	});

	/** The document and its lint once complete for the current version, or undefined. */
	async function completed(uri: string): Promise<{ document: TextDocument; lint: DocumentLint } | undefined> {
		const document = documents.get(uri);
		const lint = await state.ready(uri);
		if (!document || !lint) return undefined;
		await lint.whenComplete();
		return documents.get(uri)?.version === document.version ? { document, lint } : undefined;
	}

	connection.languages.diagnostics.on(async (params) => {
		const found = await completed(params.textDocument.uri);
		if (!found) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
		const settings = await state.settingsFor(found.document.uri);
		return { kind: DocumentDiagnosticReportKind.Full, items: diagnosticsOf(found.document, found.lint, settings).diagnostics };
	});

	connection.onDidChangeConfiguration((change) => {
		state.configurationChanged((change.settings as { dirlint?: unknown } | undefined)?.dirlint);
		for (const document of documents.all()) report(state.lintAll(document).then((lint) => follow(document, lint)));
		report((async () => {
			if (exports.scanned) await exports.relintAll();
			else await readWorkspace(false);
			if (exports.publishing) for (const file of exports.all.values()) await publishClosed(file);
			await publishChangedDuplicates(undefined);
		})());
	});

	connection.onHover(async (params) => {
		const document = documents.get(params.textDocument.uri);
		const lint = await state.ready(params.textDocument.uri);
		const hover = document && lint?.hover(document.offsetAt(params.position));
		return hover ? { contents: { kind: 'markdown', value: hover.markdown }, range: toRange(document, hover.start, hover.end) } : null;
	});

	connection.onCodeAction(async (params) => {
		const found = await completed(params.textDocument.uri);
		return found ? getCodeActions(params, found.document, found.lint, { canOpenSetting, canResolveEdits }) : [];
	});

	connection.onCodeActionResolve(async (action: CodeAction) => {
		const uri = (action.data as { fixAllUri?: string } | undefined)?.fixAllUri;
		const found = uri ? await completed(uri) : undefined;
		return resolveFixAll(action, found?.document, found?.lint);
	});

	connection.onDocumentSymbol(async (params) => {
		const found = await completed(params.textDocument.uri);
		if (!found) return [];
		return found.lint.symbols().map((symbol) => ({
			name: symbol.name,
			kind: SymbolKind.Object,
			range: toRange(found.document, symbol.start, symbol.end),
			selectionRange: toRange(found.document, symbol.selectionStart, symbol.selectionEnd),
		}));
	});

	// LDIF records fold as a whole (indentation folding cannot see blank-line-separated records).
	connection.onFoldingRanges(async (params) => {
		const found = await completed(params.textDocument.uri);
		if (!found) return [];
		return found.lint.symbols().flatMap((symbol) => {
			const start = found.document.positionAt(symbol.start).line;
			const end = found.document.positionAt(symbol.end).line;
			return end > start ? [{ startLine: start, endLine: end }] : [];
		});
	});

	/**
	 * The exports a readiness report covers, each linted completely: one document (open, or read
	 * from the workspace), or every open export and every export of the workspace folders (read
	 * first if they were not yet, as the workspace check reads them).
	 */
	async function readinessSources(uri: string | undefined): Promise<LintedExport[]> {
		if (uri !== undefined) {
			const found = await completed(uri) ?? exports.get(uri);
			if (found) await found.lint.whenComplete();
			return found ? [found] : [];
		}
		await readWorkspace(false, true);
		const sources: LintedExport[] = [];
		for (const document of documents.all()) {
			const found = await completed(document.uri);
			if (found) sources.push(found);
		}
		for (const file of exports.all.values()) {
			await file.lint.whenComplete();
			sources.push(file);
		}
		return sources;
	}

	connection.onRequest(readinessRequest, async (params: ReadinessParams): Promise<ReadinessResult> =>
		readinessReport(await readinessSources(params?.uri), folders));

	connection.onRequest(readinessSummaryRequest, async (params: ReadinessSummaryParams): Promise<ReadinessSummaryResult> => {
		const found = await completed(params.uri);
		return found ? readinessSummary(found) : null;
	});

	connection.onRequest(changeFileRequest, async (params: ChangeFileParams): Promise<ChangeFileResponse> => {
		const document = documents.get(params.uri);
		if (!document) return { refused: l10n.t('Open the export in the editor first: dirlint writes change files for open exports.') };
		if (params.documentVersion !== undefined && params.documentVersion !== document.version) {
			return { refused: l10n.t('The export changed after the preview, so nothing was written. Run the command again to preview the change file of the current text.') };
		}
		const settings = await state.settingsFor(document.uri);
		const format = formatOf(document.languageId === 'ldif' ? 'ldif' : document.uri);
		const name = reportFileName(document.uri, []);
		return changeFileFor({ text: document.getText(), format, name, version: document.version }, params, settings);
	});

	connection.onExecuteCommand(async (params) => {
		if (params.command === checkWorkspaceCommand) return checkWorkspace();
		if (params.command !== applyAllFixesCommand) return;
		const uri = typeof params.arguments?.[0] === 'string' ? params.arguments[0] : undefined;
		const found = uri ? await completed(uri) : undefined;
		const edit = found && fixAllEdit(found.document, found.lint);
		if (edit) await connection.workspace.applyEdit(edit);
	});

	documents.listen(connection);
	connection.listen();
	return connection;
}
