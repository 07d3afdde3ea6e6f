/**
 * A minimal LSP client for protocol tests: starts the built `dist/server.js --stdio` the way any
 * editor would, answers the server's requests, and collects what it publishes.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
	ClientCapabilities,
	createProtocolConnection,
	Diagnostic,
	InitializeRequest,
	ProtocolConnection,
	PublishDiagnosticsNotification,
	PublishDiagnosticsParams,
	StreamMessageReader,
	StreamMessageWriter,
	TextEdit,
} from 'vscode-languageserver-protocol/node';

export const repoRoot = path.resolve(__dirname, '../../..');
export const serverPath = path.join(repoRoot, 'dist/server.js');

export interface ClientOptions {
	/** Ask for pull diagnostics (LSP 3.17) instead of published ones. */
	pull?: boolean;
	/** Accept work done progress (the server then reports progress on large documents). */
	progress?: boolean;
	locale?: string;
	settings?: Record<string, unknown>;
	initializationOptions?: Record<string, unknown>;
	/** Workspace folders, as paths. */
	folders?: string[];
	/** Announce dynamic registration of file watchers (the server then asks to be told of file events). */
	watchFiles?: boolean;
}

export class TestClient {
	readonly connection: ProtocolConnection;
	settings: Record<string, unknown>;
	readonly published = new Map<string, PublishDiagnosticsParams>();
	readonly appliedEdits: unknown[] = [];
	/** The file watchers the server registered. */
	readonly watchers: unknown[] = [];
	/** Every $/progress value, in order of arrival, numbered in one sequence with publications. */
	readonly progress: { token: string | number; value: { kind: string; percentage?: number }; sequence: number }[] = [];
	/** The sequence number of the latest publication per document. */
	readonly publishedSequence = new Map<string, number>();
	private sequence = 0;
	private readonly process: ChildProcess;
	private readonly waiters: (() => void)[] = [];
	private readonly versions = new Map<string, number>();

	constructor(options: ClientOptions = {}) {
		this.settings = options.settings ?? {};
		// DIRLINT_SERVER_NODE_ARGS passes Node options to the server, e.g. --cpu-prof to profile a benchmark.
		const nodeArgs = process.env.DIRLINT_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
		this.process = spawn(process.execPath, [...nodeArgs, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
		this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
		this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
			params.items.map((item) => (item.section === 'dirlint' ? this.settings : null)));
		this.connection.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: { watchers?: unknown[] } }[] }) => {
			for (const registration of params.registrations) {
				if (registration.method === 'workspace/didChangeWatchedFiles') this.watchers.push(...(registration.registerOptions?.watchers ?? []));
			}
			return null;
		});
		this.connection.onRequest('workspace/diagnostic/refresh', () => {
			this.notify();
			return null;
		});
		this.connection.onRequest('workspace/applyEdit', (params: { edit: unknown }) => {
			this.appliedEdits.push(params.edit);
			return { applied: true };
		});
		this.connection.onRequest('window/workDoneProgress/create', () => null);
		this.connection.onNotification('$/progress', (params: { token: string | number; value: { kind: string } }) => {
			this.progress.push({ ...params, sequence: ++this.sequence });
			this.notify();
		});
		this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
			this.published.set(params.uri, params);
			this.publishedSequence.set(params.uri, ++this.sequence);
			this.notify();
		});
		this.connection.listen();
	}

	private notify(): void {
		for (const waiter of this.waiters.splice(0)) waiter();
	}

	/** Resolves when the server next publishes or asks for a refresh. */
	nextEvent(): Promise<void> {
		return new Promise((resolve) => this.waiters.push(resolve));
	}

	async initialize(options: ClientOptions = {}): Promise<unknown> {
		const capabilities: ClientCapabilities = {
			window: { workDoneProgress: options.progress === true },
			workspace: {
				configuration: true, applyEdit: true, workspaceEdit: { documentChanges: true }, diagnostics: { refreshSupport: true },
				workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: options.watchFiles === true },
			},
			textDocument: {
				hover: { contentFormat: ['markdown', 'plaintext'] },
				codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, dataSupport: true, resolveSupport: { properties: ['edit'] } },
				documentSymbol: { hierarchicalDocumentSymbolSupport: true },
				publishDiagnostics: { versionSupport: true, relatedInformation: true },
				...(options.pull ? { diagnostic: { dynamicRegistration: false } } : {}),
			},
		};
		const result = await this.connection.sendRequest(InitializeRequest.type, {
			processId: process.pid,
			rootUri: null,
			workspaceFolders: options.folders?.map((folder) => ({ uri: pathToFileURL(folder).href, name: path.basename(folder) })) ?? null,
			capabilities,
			locale: options.locale,
			initializationOptions: options.initializationOptions,
		});
		await this.connection.sendNotification('initialized', {});
		return result;
	}

	/** Opens a document and, in push mode, waits for its diagnostics. */
	async open(uri: string, text: string, languageId = 'csv'): Promise<void> {
		this.versions.set(uri, 1);
		this.published.delete(uri);
		await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
	}

	/** Sends one incremental edit (LSP range in the current text). */
	async edit(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): Promise<number> {
		const version = (this.versions.get(uri) ?? 1) + 1;
		this.versions.set(uri, version);
		await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
		return version;
	}

	async close(uri: string): Promise<void> {
		await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
	}

	/** Waits until diagnostics for uri were published after sequence number `after` (see publishedSequence), and returns them. */
	async publishedAfter(uri: string, after: number): Promise<Diagnostic[]> {
		for (;;) {
			if ((this.publishedSequence.get(uri) ?? 0) > after) return this.published.get(uri)!.diagnostics;
			await this.nextEvent();
		}
	}

	/** The sequence number of the latest event (publication or progress). */
	get lastSequence(): number {
		return this.sequence;
	}

	async change(uri: string, text: string): Promise<number> {
		const version = (this.versions.get(uri) ?? 1) + 1;
		this.versions.set(uri, version);
		await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
		return version;
	}

	/**
	 * Waits until a large document's check is complete: its progress has ended and diagnostics were
	 * published after that (a short check may publish only once, after the end).
	 */
	async completed(uri: string): Promise<Diagnostic[]> {
		for (;;) {
			const end = this.progress.find((report) => report.value.kind === 'end');
			const published = this.publishedSequence.get(uri);
			if (end && published !== undefined && published > end.sequence) return this.published.get(uri)!.diagnostics;
			await this.nextEvent();
		}
	}

	/** Waits until diagnostics for uri (at the given version, if any) have been published. */
	async publishedFor(uri: string, version?: number): Promise<Diagnostic[]> {
		for (;;) {
			const params = this.published.get(uri);
			if (params && (version === undefined || params.version === version)) return params.diagnostics;
			await this.nextEvent();
		}
	}

	async pull(uri: string): Promise<Diagnostic[]> {
		const report = await this.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } }) as { items: Diagnostic[] };
		return report.items;
	}

	async shutdown(): Promise<void> {
		try {
			await this.connection.sendRequest('shutdown');
			await this.connection.sendNotification('exit');
		} finally {
			this.connection.dispose();
			// The server exits on "exit"; give it a moment (a profile is written on the way out).
			if (this.process.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 2000, this.process.once('exit', resolve)));
			if (this.process.exitCode === null) this.process.kill();
		}
	}
}

export function fixtureText(name: string): string {
	return fs.readFileSync(path.join(repoRoot, 'test/fixtures', name), 'utf8');
}

export function fixtureUri(name: string): string {
	return `file://${path.join(repoRoot, 'test/fixtures', name)}`;
}

/** Applies LSP text edits to a text (as an editor does). */
export function applyTextEdits(text: string, edits: readonly unknown[]): string {
	const list = edits as TextEdit[];
	const lineStarts = [0];
	for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
	const offset = (position: { line: number; character: number }) => lineStarts[position.line] + position.character;
	const sorted = [...list].sort((a, b) => offset(b.range.start) - offset(a.range.start));
	let result = text;
	for (const edit of sorted) result = result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end));
	return result;
}
