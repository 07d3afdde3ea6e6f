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
