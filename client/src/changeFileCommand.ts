/**
 * "dirlint: Save fixes as an AD change file…": writes what the active export's fixes (or the edits
 * made to it since it was opened, or since the last commit) would change in Active Directory as a
 * change file and its undo, for ldifde, Samba's ldbmodify or PowerShell's Set-ADUser. The server
 * computes the files (dirlint/changeFile); the client previews them and writes them. Nothing is
 * written before the preview was shown and accepted and a place was chosen; cancelling at any step
 * writes nothing. The export itself is never changed.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { BaselineSource, changeFileRequest, ChangeFileParams, ChangeFileResponse, ChangeFileResult } from '../../shared/src/protocol';
import { Baseline, baselinesOf, OpenedTexts } from './baselines';

export const saveChangeFileCommand = 'dirlint.saveChangeFile';

/** The scheme of the previewed files (read-only virtual documents). */
export const changePreviewScheme = 'dirlint-change';

/** How the change file will be applied: its format and line endings follow. */
export type ApplyTool = 'ldifde' | 'ldbmodify' | 'powershell';

const toolOptions: Record<ApplyTool, ChangeFileParams['options']> = {
	ldifde: { format: 'ldif', eol: 'crlf', version: true },
	// ldbmodify refuses "version: 1" and reads nothing of a CRLF file (README, Samba test tier).
	ldbmodify: { format: 'ldif', eol: 'lf', version: false },
	powershell: { format: 'powershell', eol: 'crlf', version: true },
};

/**
 * The command's optional second argument (after the resource VS Code passes from a menu): answers
 * given in advance, for tests and automation. Each one given skips its question; `saveTo` and
 * `confirmed` together make the command run without a dialog, the preview still being opened.
 */
export interface SaveChangeFileOptions {
	/** What to write: every fix, or the edits since the text was opened or committed. */
	source?: 'fixes' | BaselineSource;
	tool?: ApplyTool;
	/** The change file's path (or URI); the undo and the script go beside it. */
	saveTo?: string;
	/** The preview is accepted, and files beside the change file may be replaced. */
	confirmed?: boolean;
}

/** What the command wrote, as URIs. */
export interface SavedChangeFile {
	changes: string;
	undo: string;
	script?: string;
}

function fileName(uri: vscode.Uri): string {
	return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** NAME.undo.EXT beside the change file, as `dirlint changes` names it. */
function undoUri(changes: vscode.Uri): vscode.Uri {
	const name = fileName(changes);
	const dot = name.lastIndexOf('.');
	const undo = dot > 0 ? `${name.slice(0, dot)}.undo${name.slice(dot)}` : `${name}.undo`;
	return vscode.Uri.joinPath(changes, '..', undo);
}

function toUri(pathOrUri: string): vscode.Uri {
	// A scheme has two letters at least, so a Windows path (C:\…) is a path.
	return /^[a-z][a-z0-9+.-]+:/i.test(pathOrUri) ? vscode.Uri.parse(pathOrUri) : vscode.Uri.file(pathOrUri);
}

/** The read-only documents of the preview, by URI. */
class PreviewDocuments implements vscode.TextDocumentContentProvider {
	private readonly texts = new Map<string, string>();
	private serial = 0;

	/** A new preview document of `text`, named `name` (its extension gives its language). */
	add(name: string, text: string): vscode.Uri {
		const uri = vscode.Uri.from({ scheme: changePreviewScheme, path: `/${++this.serial}/${name}` });
		this.texts.set(uri.toString(), text);
		return uri;
	}

	forget(uri: vscode.Uri): void {
		this.texts.delete(uri.toString());
	}

	provideTextDocumentContent(uri: vscode.Uri): string {
		return this.texts.get(uri.toString()) ?? '';
	}
}

export class ChangeFileCommand implements vscode.Disposable {
	private readonly previews = new PreviewDocuments();
	private readonly opened: OpenedTexts;
	private readonly disposables: vscode.Disposable[];

	constructor(private readonly client: LanguageClient, private readonly selector: vscode.DocumentSelector) {
		this.opened = new OpenedTexts(selector);
		this.disposables = [
			this.opened,
			vscode.workspace.registerTextDocumentContentProvider(changePreviewScheme, this.previews),
			vscode.workspace.onDidCloseTextDocument((document) => {
				if (document.uri.scheme === changePreviewScheme) this.previews.forget(document.uri);
			}),
			vscode.commands.registerCommand(saveChangeFileCommand, (resource?: unknown, options?: SaveChangeFileOptions) =>
				this.run(resource instanceof vscode.Uri ? resource : undefined, options ?? {})),
		];
	}

	/** The export to write a change file for: the menu's resource, else the active editor's document. */
	private async exportDocument(resource: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
		const document = resource && resource.scheme !== changePreviewScheme
			? await vscode.workspace.openTextDocument(resource)
			: vscode.window.activeTextEditor?.document;
		return document && document.uri.scheme !== changePreviewScheme && vscode.languages.match(this.selector, document) > 0 ? document : undefined;
	}

	private async run(resource: vscode.Uri | undefined, options: SaveChangeFileOptions): Promise<SavedChangeFile | undefined> {
		const document = await this.exportDocument(resource);
		if (!document) {
			void vscode.window.showInformationMessage(vscode.l10n.t('Open a CSV or LDIF export to save its fixes as an AD change file.'));
			return undefined;
		}
		const name = fileName(document.uri);
		const baseline = await this.chooseBaseline(document, options.source);
		if (baseline === 'cancelled') return undefined;
		const tool = options.tool ?? await this.chooseTool();
		if (!tool) return undefined;

		const suggested = this.suggestedUri(document, baseline ? 'edits' : 'fixes', tool);
		const preview = await this.compute(document, baseline, tool, suggested);
		if (!preview) return undefined;
		if (preview.entries === 0) {
			void vscode.window.showInformationMessage(vscode.l10n.t('No change file was written for {0}: {1}', name, preview.lines.join(' ')));
			return undefined;
		}
		await this.showPreview(preview, suggested, tool);
		if (!options.confirmed) {
			const save = vscode.l10n.t('Save…');
			const detail = [...preview.lines, '', vscode.l10n.t('The export itself is not changed. The diff view shows each value as it is now and as the change file writes it.')].join('\n');
			const answer = await vscode.window.showInformationMessage(vscode.l10n.t('Save the change file for {0}?', name), { modal: true, detail }, save);
			if (answer !== save) return undefined;
		}

		const changesUri = options.saveTo !== undefined ? toUri(options.saveTo) : await vscode.window.showSaveDialog({
			defaultUri: suggested,
			title: vscode.l10n.t('Save the AD change file'),
			saveLabel: vscode.l10n.t('Save change file'),
			filters: tool === 'powershell'
				? { [vscode.l10n.t('Data file for Set-DirlintChanges.ps1')]: ['csv'] }
				: { [vscode.l10n.t('LDIF change file')]: ['ldf', 'ldif'] },
		});
		if (!changesUri) return undefined;
		const targets = [changesUri, undoUri(changesUri), ...(preview.script ? [vscode.Uri.joinPath(changesUri, '..', preview.script.name)] : [])];
		if (targets.some((target) => target.toString() === document.uri.toString())) {
			void vscode.window.showErrorMessage(vscode.l10n.t('{0} is the export: choose another name for the change file.', name));
			return undefined;
		}
		// The header comments name the files: computed again under the chosen names, for the text previewed.
		const files = fileName(changesUri) === fileName(suggested) ? preview : await this.compute(document, baseline, tool, changesUri, preview.documentVersion);
		if (!files) return undefined;
		if (!options.confirmed && !(await this.mayReplace(targets.slice(1)))) return undefined;
		return this.write(files, targets, tool);
	}

	/** The baseline to compare with (undefined: write the fixes), or 'cancelled'. */
	private async chooseBaseline(document: vscode.TextDocument, source: SaveChangeFileOptions['source']): Promise<Baseline | undefined | 'cancelled'> {
		if (source === 'fixes') return undefined;
		const baselines = await baselinesOf(document, this.opened);
		if (source !== undefined) {
			const wanted = baselines.find((baseline) => baseline.source === source);
			if (!wanted) {
				void vscode.window.showInformationMessage(source === 'head'
					? vscode.l10n.t('{0} has no changes since the last commit, or is not in a Git repository.', fileName(document.uri))
					: vscode.l10n.t('{0} has not been edited since it was opened.', fileName(document.uri)));
				return 'cancelled';
			}
			return wanted;
		}
		if (baselines.length === 0) return undefined;
		const name = fileName(document.uri);
		const items: (vscode.QuickPickItem & { baseline: Baseline | undefined })[] = baselines.map((baseline) => baseline.source === 'opened'
			? { label: vscode.l10n.t('The edits since you opened {0}', name), detail: vscode.l10n.t('Every value that differs from the text as first opened, hand edits and applied fixes alike.'), baseline }
			: { label: vscode.l10n.t('The changes since the last commit'), detail: vscode.l10n.t('Every value that differs from {0} as last committed (HEAD).', name), baseline });
		items.push({ label: vscode.l10n.t('Every fix dirlint can make'), detail: vscode.l10n.t('The fixes of the current text, as dirlint changes writes them.'), baseline: undefined });
		const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('dirlint: Save fixes as an AD change file'), placeHolder: vscode.l10n.t('{0} was edited. What should the change file write?', name) });
		return picked ? picked.baseline : 'cancelled';
	}

	private async chooseTool(): Promise<ApplyTool | undefined> {
		const items: (vscode.QuickPickItem & { tool: ApplyTool })[] = [
			{ tool: 'ldifde', label: vscode.l10n.t('ldifde or ldapmodify'), description: vscode.l10n.t('CRLF line endings, with a version: 1 line'), detail: vscode.l10n.t('ldifde -i -k -f CHANGES.ldf goes on past an entry that fails, and logs each one; ldapmodify -c does the same.') },
			{ tool: 'ldbmodify', label: vscode.l10n.t('Samba\'s ldbmodify'), description: vscode.l10n.t('LF line endings, no version line'), detail: vscode.l10n.t('ldbmodify refuses a version: 1 line, and reads nothing of a CRLF file while it still exits 0 saying "Modified 0 records".') },
			{ tool: 'powershell', label: vscode.l10n.t('PowerShell: Set-ADUser'), description: vscode.l10n.t('A data CSV and Set-DirlintChanges.ps1'), detail: vscode.l10n.t('The script reads every DN, attribute and value from the data file and supports -WhatIf.') },
		];
		const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('dirlint: Save fixes as an AD change file'), placeHolder: vscode.l10n.t('How will you apply the change file?') });
		return picked?.tool;
	}

	/** EXPORT.fixes.ldf (or .edits., or .csv for PowerShell) beside the export, else in the first workspace folder. */
	private suggestedUri(document: vscode.TextDocument, kind: 'fixes' | 'edits', tool: ApplyTool): vscode.Uri {
		const name = fileName(document.uri);
		const stem = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : name;
		const file = `${stem}.${kind}.${tool === 'powershell' ? 'csv' : 'ldf'}`;
		if (!document.isUntitled) return vscode.Uri.joinPath(document.uri, '..', file);
		const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
		return folder ? vscode.Uri.joinPath(folder, file) : vscode.Uri.file(file);
	}

	/** Asks the server for the files; a refusal is shown and gives undefined. */
	private async compute(document: vscode.TextDocument, baseline: Baseline | undefined, tool: ApplyTool, changes: vscode.Uri, documentVersion = document.version): Promise<ChangeFileResult | undefined> {
		const params: ChangeFileParams = {
			uri: this.client.code2ProtocolConverter.asUri(document.uri),
			documentVersion,
			...(baseline ? { baseline: { text: baseline.text, source: baseline.source } } : {}),
			options: toolOptions[tool],
			names: { changes: fileName(changes), undo: fileName(undoUri(changes)) },
		};
		const response = await vscode.window.withProgress(
			{ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('dirlint: writing the change file of {0}', fileName(document.uri)) },
			() => this.client.sendRequest<ChangeFileResponse>(changeFileRequest, params),
		);
		if ('refused' in response) {
			void vscode.window.showErrorMessage(response.refused);
			return undefined;
		}
		return response;
	}

	/** The diff of the undo (each value as it is now) and the change file (as it will be). */
	private async showPreview(files: ChangeFileResult, changes: vscode.Uri, tool: ApplyTool): Promise<void> {
		const left = this.previews.add(fileName(undoUri(changes)), files.undo);
		const right = this.previews.add(fileName(changes), files.changes);
		const title = tool === 'powershell'
			? vscode.l10n.t('{0}: the values now ↔ as the data file sets them', fileName(changes))
			: vscode.l10n.t('{0}: the values now ↔ as the change file writes them', fileName(changes));
		await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true, preserveFocus: true });
	}

	/** Asks before replacing the undo file or the script beside the change file (the save dialog asked for the change file). */
	private async mayReplace(beside: readonly vscode.Uri[]): Promise<boolean> {
		const existing: string[] = [];
		for (const uri of beside) {
			try {
				await vscode.workspace.fs.stat(uri);
				existing.push(fileName(uri));
			} catch {
				// Not there: nothing to replace.
			}
		}
		if (existing.length === 0) return true;
		const replace = vscode.l10n.t('Replace');
		const answer = await vscode.window.showWarningMessage(vscode.l10n.t('{0} already exists beside the change file. Replace it?', existing.join(', ')), { modal: true }, replace);
		return answer === replace;
	}

	/** Writes the undo (and the script) before the change file: a change file is never on disk without its undo. */
	private async write(files: ChangeFileResult, [changes, undo, script]: readonly vscode.Uri[], tool: ApplyTool): Promise<SavedChangeFile | undefined> {
		const encode = (text: string) => new TextEncoder().encode(text);
		try {
			await vscode.workspace.fs.writeFile(undo, encode(files.undo));
			if (script && files.script) await vscode.workspace.fs.writeFile(script, encode(files.script.text));
			await vscode.workspace.fs.writeFile(changes, encode(files.changes));
		} catch (error) {
			void vscode.window.showErrorMessage(vscode.l10n.t('The change file could not be written: {0}', error instanceof Error ? error.message : String(error)));
			return undefined;
		}
		const changesName = fileName(changes);
		const undoName = fileName(undo);
		const message = tool === 'powershell'
			? vscode.l10n.t('Wrote {0}, its undo {1}, and the script {2}. Review it with: {3}', changesName, undoName, files.script?.name ?? '', `.\\${files.script?.name ?? ''} -DataPath .\\${changesName} -WhatIf`)
			: tool === 'ldbmodify'
				? vscode.l10n.t('Wrote {0} and its undo {1}. Apply it with: {2}', changesName, undoName, `ldbmodify -H /var/lib/samba/private/sam.ldb ${changesName}`)
				: vscode.l10n.t('Wrote {0} and its undo {1}. Apply it with: {2}', changesName, undoName, `ldifde -i -k -f ${changesName}`);
		const open = vscode.l10n.t('Open the change file');
		void vscode.window.showInformationMessage(message, open).then((answer) => {
			if (answer === open) void vscode.window.showTextDocument(changes);
		});
		return { changes: changes.toString(), undo: undo.toString(), ...(script ? { script: script.toString() } : {}) };
	}

	dispose(): void {
		for (const disposable of this.disposables) disposable.dispose();
	}
}
