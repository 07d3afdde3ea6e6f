/**
 * The texts an export can be compared with, to write the edits made to it as an AD change file:
 * the text as it was when first opened in this window, and the text of the last commit where the
 * folder is a Git repository (through the built-in Git extension's API, which reads HEAD with the
 * file's encoding). A baseline that equals the current text is no baseline: nothing was edited.
 */
import * as vscode from 'vscode';
import type { BaselineSource } from '../../shared/src/protocol';

/** What dirlint uses of the built-in Git extension's API (extensions/git/src/api/git.d.ts, version 1). */
interface GitRepository {
	show(ref: string, path: string): Promise<string>;
}

interface GitApi {
	readonly state: 'uninitialized' | 'initialized';
	getRepository(uri: vscode.Uri): GitRepository | null;
}

interface GitExtension {
	readonly enabled: boolean;
	getAPI(version: 1): GitApi;
}

export interface Baseline {
	source: BaselineSource;
	text: string;
}

/** Keeps each export's text as first opened, until the document is closed. */
export class OpenedTexts implements vscode.Disposable {
	private readonly texts = new Map<string, string>();
	private readonly disposables: vscode.Disposable[];

	constructor(private readonly selector: vscode.DocumentSelector) {
		this.disposables = [
			vscode.workspace.onDidOpenTextDocument((document) => this.remember(document)),
			vscode.workspace.onDidCloseTextDocument((document) => this.texts.delete(document.uri.toString())),
		];
		for (const document of vscode.workspace.textDocuments) void this.rememberOpen(document);
	}

	private remember(document: vscode.TextDocument): void {
		if (vscode.languages.match(this.selector, document) > 0) this.texts.set(document.uri.toString(), document.getText());
	}

	/**
	 * A document already open when dirlint started: its text, or the file's where it has unsaved
	 * edits (those are edits since it was opened).
	 */
	private async rememberOpen(document: vscode.TextDocument): Promise<void> {
		if (vscode.languages.match(this.selector, document) === 0) return;
		if (!document.isDirty || document.isUntitled) {
			this.remember(document);
			return;
		}
		try {
			const bytes = await vscode.workspace.fs.readFile(document.uri);
			const key = document.uri.toString();
			if (!this.texts.has(key)) this.texts.set(key, await vscode.workspace.decode(bytes, { uri: document.uri }));
		} catch {
			// The file cannot be read: without a baseline its fixes can still be written.
		}
	}

	get(document: vscode.TextDocument): string | undefined {
		return this.texts.get(document.uri.toString());
	}

	dispose(): void {
		for (const disposable of this.disposables) disposable.dispose();
		this.texts.clear();
	}
}

/** The file's text in the last commit, or undefined: Git off, not a repository, the file untracked or new. */
async function committedText(uri: vscode.Uri): Promise<string | undefined> {
	if (uri.scheme !== 'file') return undefined;
	const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
	if (!extension) return undefined;
	try {
		const git = extension.isActive ? extension.exports : await extension.activate();
		if (!git.enabled) return undefined;
		const api = git.getAPI(1);
		if (api.state !== 'initialized') return undefined;
		const repository = api.getRepository(uri);
		return repository ? await repository.show('HEAD', uri.fsPath) : undefined;
	} catch {
		// `git show HEAD:path` fails for an untracked file and in a repository without commits.
		return undefined;
	}
}

/** The baselines the document differs from, the text as first opened before the last commit's. */
export async function baselinesOf(document: vscode.TextDocument, opened: OpenedTexts): Promise<Baseline[]> {
	const text = document.getText();
	const baselines: Baseline[] = [];
	const first = opened.get(document);
	if (first !== undefined && first !== text) baselines.push({ source: 'opened', text: first });
	const committed = await committedText(document.uri);
	if (committed !== undefined && committed !== text && committed !== first) baselines.push({ source: 'head', text: committed });
	return baselines;
}
