/**
 * The VS Code client: starts the dirlint language server over IPC and adds the few commands
 * that only VS Code can carry out. Everything dirlint knows lives in the server and engine.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { Commands, fixAllCodeActionKind } from '../../shared/src/codes';
import { ChangeFileCommand, changePreviewScheme } from './changeFileCommand';
import { ReadinessFeatures } from './readinessCommands';

let client: LanguageClient | undefined;

/**
 * The files dirlint reads: CSV under any of the ids CSV extensions use (Rainbow CSV among them),
 * .csv files open as plain text, and LDIF.
 */
export const documentSelector = [
	{ language: 'csv' },
	{ language: 'tsv' },
	{ language: 'csv (semicolon)' },
	{ language: 'csv (pipe)' },
	{ language: 'plaintext', pattern: '**/*.csv' },
	{ language: 'ldif' },
	{ language: 'plaintext', pattern: '**/*.{ldif,ldf}' },
];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
	const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
	const serverOptions: ServerOptions = {
		run: { module: serverModule, transport: TransportKind.ipc },
		debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
	};
	const clientOptions: LanguageClientOptions = {
		documentSelector,
		initializationOptions: {
			locale: vscode.env.language,
			settings: vscode.workspace.getConfiguration('dirlint'),
			clientCommands: [Commands.openSetting],
		},
		synchronize: { configurationSection: 'dirlint' },
		middleware: {
			// The change file's preview documents are dirlint's own output, not exports to check.
			didOpen: (document, next) => (document.uri.scheme === changePreviewScheme ? Promise.resolve() : next(document)),
			// The workspace check is the server's command; say what it found.
			async executeCommand(command, args, next) {
				const result: unknown = await next(command, args);
				if (command === Commands.checkWorkspace && typeof result === 'object' && result !== null) {
					const { files, problems } = result as { files: number; problems: number };
					void vscode.window.showInformationMessage(vscode.l10n.t('dirlint checked {0} exports in the workspace: {1} problems, in the Problems panel.', files, problems));
				}
				return result;
			},
		},
	};
	client = new LanguageClient('dirlint', vscode.l10n.t('dirlint'), serverOptions, clientOptions);

	context.subscriptions.push(
		vscode.commands.registerCommand(Commands.fixAll, async () => {
			const editor = vscode.window.activeTextEditor;
			if (!editor || !vscode.languages.match(documentSelector, editor.document)) {
				void vscode.window.showInformationMessage(vscode.l10n.t('Open a CSV or LDIF export to fix its phone numbers.'));
				return;
			}
			await vscode.commands.executeCommand('editor.action.codeAction', { kind: fixAllCodeActionKind, apply: 'first' });
		}),
		vscode.commands.registerCommand(Commands.openRegionSetting, () =>
			vscode.commands.executeCommand('workbench.action.openSettings', 'dirlint.defaultRegion')),
		vscode.commands.registerCommand(Commands.openSetting, (setting?: string) =>
			vscode.commands.executeCommand('workbench.action.openSettings', typeof setting === 'string' ? setting : 'dirlint')),
		vscode.commands.registerCommand(Commands.showOutput, () => client?.outputChannel.show()),
		new ChangeFileCommand(client, documentSelector),
	);
	const readiness = new ReadinessFeatures(client, documentSelector, context.extensionUri);
	context.subscriptions.push(readiness);

	try {
		await client.start();
		readiness.refreshNow();
	} catch (error) {
		void vscode.window.showErrorMessage(vscode.l10n.t('The dirlint language server could not start: {0}', String(error)));
	}
}

export async function deactivate(): Promise<void> {
	await client?.stop();
	client = undefined;
}
