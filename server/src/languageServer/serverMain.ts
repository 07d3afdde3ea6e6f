/**
 * The dirlint language server: a thin adapter from LSP to the engine. It runs inside VS Code
 * (over IPC, started by the client) and on its own for any LSP editor: `node dist/server.js --stdio`.
 */
import {
	CodeActionKind,
	createConnection,
	DidChangeConfigurationNotification,
	DocumentDiagnosticReportKind,
	InitializeParams,
	InitializeResult,
	ProposedFeatures,
	SymbolKind,
	TextDocuments,
	TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Commands, fixAllCodeActionKind } from '../../../shared/src/codes';
import { fixAllEdit, getCodeActions } from './codeActions';
import { configureLocale } from './localization';
import { toDiagnostic, toRange } from './protocolConversions';
import { LintResult, WorkspaceState } from './workspaceState';

/** The server-side command other editors can call: apply every fix to the document at args[0]. */
const applyAllFixesCommand = 'dirlint.applyAllFixes';
const pushDelayMs = 150;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let state: WorkspaceState;
let pullDiagnostics = false;
let canOpenRegionSetting = false;
const pendingPushes = new Map<string, NodeJS.Timeout>();

interface InitializationOptions {
	locale?: string;
	settings?: unknown;
	/** Client commands the server may put in code actions. */
	clientCommands?: string[];
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
	const options = (params.initializationOptions ?? {}) as InitializationOptions;
	configureLocale(options.locale ?? params.locale);
	const pullsConfiguration = params.capabilities.workspace?.configuration === true;
	state = new WorkspaceState(connection, pullsConfiguration, options.settings);
	pullDiagnostics = params.capabilities.textDocument?.diagnostic !== undefined;
	canOpenRegionSetting = options.clientCommands?.includes(Commands.openRegionSetting) ?? false;
	return {
		capabilities: {
			textDocumentSync: TextDocumentSyncKind.Incremental,
			hoverProvider: true,
			documentSymbolProvider: true,
			codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, fixAllCodeActionKind] },
			executeCommandProvider: { commands: [applyAllFixesCommand] },
			diagnosticProvider: pullDiagnostics ? { interFileDependencies: false, workspaceDiagnostics: false } : undefined,
		},
		serverInfo: { name: 'dirlint' },
	};
});

connection.onInitialized(() => {
	void connection.client.register(DidChangeConfigurationNotification.type, { section: 'dirlint' }).catch(() => undefined);
});

function diagnosticsOf(document: TextDocument, result: LintResult) {
	return state.linter.limit(result.findings, result.settings).map((finding) => toDiagnostic(document, finding));
}

async function push(document: TextDocument): Promise<void> {
	const result = await state.lint(document);
	// A newer version may have arrived while settings were fetched: its own push follows.
	if (!result || documents.get(document.uri)?.version !== result.version) return;
	await connection.sendDiagnostics({ uri: document.uri, version: result.version, diagnostics: diagnosticsOf(document, result) });
}

function schedulePush(document: TextDocument, delay: number): void {
	if (pullDiagnostics) return;
	clearTimeout(pendingPushes.get(document.uri));
	pendingPushes.set(document.uri, setTimeout(() => {
		pendingPushes.delete(document.uri);
		const current = documents.get(document.uri);
		if (current) void push(current).catch((error) => connection.console.error(String(error)));
	}, delay));
}

documents.onDidOpen((event) => schedulePush(event.document, 0));
documents.onDidChangeContent((event) => schedulePush(event.document, pushDelayMs));
documents.onDidClose((event) => {
	clearTimeout(pendingPushes.get(event.document.uri));
	pendingPushes.delete(event.document.uri);
	state.forget(event.document.uri);
	if (!pullDiagnostics) void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

connection.languages.diagnostics.on(async (params, token) => {
	const document = documents.get(params.textDocument.uri);
	const result = document && (await state.lint(document, token));
	return { kind: DocumentDiagnosticReportKind.Full, items: document && result ? diagnosticsOf(document, result) : [] };
});

connection.onDidChangeConfiguration((change) => {
	const pushed = (change.settings as { dirlint?: unknown } | undefined)?.dirlint;
	state.configurationChanged(pushed);
	if (pullDiagnostics) connection.languages.diagnostics.refresh();
	else for (const document of documents.all()) schedulePush(document, 0);
});

connection.onHover(async (params) => {
	const document = documents.get(params.textDocument.uri);
	const result = document && (await state.lint(document));
	if (!document || !result) return null;
	const hover = state.linter.hover(result.document, document.offsetAt(params.position), result.settings);
	return hover ? { contents: { kind: 'markdown', value: hover.markdown }, range: toRange(document, hover.span) } : null;
});

connection.onCodeAction(async (params) => {
	const document = documents.get(params.textDocument.uri);
	const result = document && (await state.lint(document));
	if (!document || !result) return [];
	return getCodeActions(params, document, result, state.linter, { canOpenRegionSetting });
});

connection.onDocumentSymbol(async (params) => {
	const document = documents.get(params.textDocument.uri);
	const result = document && (await state.lint(document));
	if (!document || !result) return [];
	return state.linter.symbols(result.document).map((symbol) => ({
		name: symbol.name,
		kind: SymbolKind.Object,
		range: toRange(document, symbol.span),
		selectionRange: toRange(document, symbol.selectionSpan),
	}));
});

connection.onExecuteCommand(async (params) => {
	if (params.command !== applyAllFixesCommand) return;
	const uri = typeof params.arguments?.[0] === 'string' ? params.arguments[0] : undefined;
	const document = uri ? documents.get(uri) : undefined;
	const result = document && (await state.lint(document));
	const edit = document && result && fixAllEdit(document, result, state.linter);
	if (edit) await connection.workspace.applyEdit(edit);
});

documents.listen(connection);
connection.listen();
