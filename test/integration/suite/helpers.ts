/** Shared by the VS Code integration tests: they wait on events, never on fixed sleeps. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const extensionId = 'dirlint.dirlint';

export function workspacePath(...parts: string[]): string {
	const root = process.env.DIRLINT_TEST_WORKSPACE ?? vscode.workspace.workspaceFolders![0].uri.fsPath;
	return path.join(root, ...parts);
}

/** A fresh copy of a fixture, so tests that edit and save never meet each other's changes. */
export function copyFixture(name: string, as: string): vscode.Uri {
	const target = workspacePath('scratch', as);
	fs.mkdirSync(path.dirname(target), { recursive: true });
	fs.copyFileSync(workspacePath(name), target);
	return vscode.Uri.file(target);
}

export function writeScratch(as: string, text: string): vscode.Uri {
	const target = workspacePath('scratch', as);
	fs.mkdirSync(path.dirname(target), { recursive: true });
	fs.writeFileSync(target, text);
	return vscode.Uri.file(target);
}

export function isChinese(): boolean {
	return vscode.env.language.toLowerCase() === 'zh-cn';
}

/** Resolves with the diagnostics of uri once predicate accepts them (checked now and on every change). */
export function diagnosticsWhen(uri: vscode.Uri, predicate: (diagnostics: vscode.Diagnostic[]) => boolean, what = 'diagnostics'): Promise<vscode.Diagnostic[]> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			subscription.dispose();
			reject(new Error(`timed out waiting for ${what} on ${path.basename(uri.fsPath)}; last: ${JSON.stringify(ours(uri).map((d) => d.code))}`));
		}, 30000);
		const check = () => {
			const diagnostics = ours(uri);
			if (predicate(diagnostics)) {
				clearTimeout(timer);
				subscription.dispose();
				resolve(diagnostics);
			}
		};
		const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
			if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
		});
		check();
	});
}

/** dirlint's diagnostics of uri. */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
	return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'dirlint');
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
	const code = diagnostic.code;
	return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
	const document = await vscode.workspace.openTextDocument(uri);
	return vscode.window.showTextDocument(document, { preview: false });
}

/** Resolves once the document's text satisfies predicate (after an applied edit or a save participant). */
export function textWhen(document: vscode.TextDocument, predicate: (text: string) => boolean): Promise<string> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			subscription.dispose();
			reject(new Error(`timed out waiting for the text of ${path.basename(document.uri.fsPath)}`));
		}, 30000);
		const check = () => {
			if (predicate(document.getText())) {
				clearTimeout(timer);
				subscription.dispose();
				resolve(document.getText());
			}
		};
		const subscription = vscode.workspace.onDidChangeTextDocument((event) => {
			if (event.document === document) check();
		});
		check();
	});
}

interface IntegrationApi {
	screenshot(name: string, options?: { waitForSelector?: string }): Promise<string | undefined>;
}

/** Asks the offline runner for a screenshot (no-op under @vscode/test-electron). */
export async function screenshot(name: string, waitForSelector?: string): Promise<void> {
	const api = (globalThis as { dirlintIntegration?: IntegrationApi }).dirlintIntegration;
	const suffix = isChinese() ? '-zh-cn' : '';
	await api?.screenshot(`${name}${suffix}`, { waitForSelector });
}

interface PageApi {
	screenshotsEnabled: boolean;
	query(name: string, options: { selector: string; attribute?: string; contains?: string; frameSelector?: string }): Promise<{ texts: string[] } | undefined>;
	click(name: string, options: { selector: string; frameSelector?: string }): Promise<unknown>;
	hover(name: string, options: { selector: string; frameSelector?: string }): Promise<unknown>;
}

/** The runner's view of the page (the workbench's DOM), or undefined where there is none (test-electron). */
export function page(): PageApi | undefined {
	const api = (globalThis as { dirlintIntegration?: PageApi }).dirlintIntegration;
	return api?.screenshotsEnabled ? api : undefined;
}

/** Asks the runner for a screenshot once some frame holds frameSelector (a drawn webview). */
export async function screenshotOfFrame(name: string, frameSelector: string): Promise<void> {
	const api = (globalThis as { dirlintIntegration?: { screenshot(name: string, options: { waitForFrameSelector: string }): Promise<unknown> } }).dirlintIntegration;
	await api?.screenshot(`${name}${isChinese() ? '-zh-cn' : ''}`, { waitForFrameSelector: frameSelector });
}

/**
 * A message as the extension words it in the display language: the English key with its
 * placeholders filled, or its translation from the extension's own zh-cn bundle.
 */
export function worded(key: string, ...args: (string | number)[]): string {
	let text = key;
	if (isChinese()) {
		const extension = vscode.extensions.getExtension(extensionId)!;
		const bundle = JSON.parse(fs.readFileSync(path.join(extension.extensionPath, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
		text = bundle[key] ?? key;
	}
	return text.replace(/\{(\d+)\}/g, (_, index: string) => String(args[Number(index)]));
}

/** Resolves with the first tab that predicate accepts (checked now and whenever tabs change). */
export function tabWhen(predicate: (tab: vscode.Tab) => boolean, what = 'a tab'): Promise<vscode.Tab> {
	return new Promise((resolve, reject) => {
		const find = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).find(predicate);
		const timer = setTimeout(() => {
			subscription.dispose();
			reject(new Error(`timed out waiting for ${what}`));
		}, 30000);
		const check = () => {
			const tab = find();
			if (tab) {
				clearTimeout(timer);
				subscription.dispose();
				resolve(tab);
			}
		};
		const subscription = vscode.window.tabGroups.onDidChangeTabs(check);
		check();
	});
}

/** Resolves with the active editor once predicate accepts it (checked now, on editor and selection changes). */
export function activeEditorWhen(predicate: (editor: vscode.TextEditor) => boolean, what = 'the active editor'): Promise<vscode.TextEditor> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			for (const subscription of subscriptions) subscription.dispose();
			reject(new Error(`timed out waiting for ${what}; active: ${vscode.window.activeTextEditor?.document.uri.toString()} at ${vscode.window.activeTextEditor?.selection.active.line}`));
		}, 30000);
		const check = () => {
			const editor = vscode.window.activeTextEditor;
			if (editor && predicate(editor)) {
				clearTimeout(timer);
				for (const subscription of subscriptions) subscription.dispose();
				resolve(editor);
			}
		};
		const subscriptions = [vscode.window.onDidChangeActiveTextEditor(check), vscode.window.onDidChangeTextEditorSelection(check)];
		check();
	});
}

/** Between tests: every editor closed and every notification cleared, so one test's windows never meet the next. */
export async function closeEverything(): Promise<void> {
	await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	await vscode.commands.executeCommand('notifications.clearAll');
}
