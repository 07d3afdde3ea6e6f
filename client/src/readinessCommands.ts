/**
 * SSPR readiness in VS Code: "dirlint: SSPR readiness report" opens the report of the active export
 * or of every export in the workspace in the readiness panel, and a language status item shows the
 * active export's readiness in one line. The server counts (dirlint/readiness,
 * dirlint/readinessSummary); the status line asks only for the totals, after the document's
 * diagnostics change and the typing pauses, never for the whole report.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { readinessRequest, ReadinessResult, readinessSummaryRequest, ReadinessSummaryResult } from '../../shared/src/protocol';
import type { ReadinessSummary } from '../../shared/src/readiness';
import { ReadinessPanel } from './readinessPanel';

/** The command that opens the readiness report. Its argument: a document's URI (or its string), or 'workspace'. */
export const readinessReportCommand = 'dirlint.readinessReport';

/** The status line waits this long after the last diagnostics change before it asks again. */
const summaryDebounceMs = 300;

/** The file name of a URI, for messages and picks. */
function fileName(uri: vscode.Uri): string {
	return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/**
 * A status line that asks for attention (a warning) when at least a tenth of the users need data or
 * cannot be targeted: an admin must find their numbers or UPNs before anyone can register them.
 */
function severityOf(summary: ReadinessSummary): vscode.LanguageStatusSeverity {
	return (summary.needsData + summary.notTargetable) * 10 >= summary.users ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
}

export class ReadinessFeatures implements vscode.Disposable {
	private readonly disposables: vscode.Disposable[] = [];
	private item: vscode.LanguageStatusItem | undefined;
	private timer: ReturnType<typeof setTimeout> | undefined;
	/** Each summary request's number: an answer to an older one is dropped. */
	private serial = 0;

	constructor(private readonly client: LanguageClient, private readonly selector: vscode.DocumentSelector, private readonly extensionUri: vscode.Uri) {
		this.disposables.push(
			vscode.commands.registerCommand(readinessReportCommand, (target?: unknown) => this.showReport(target)),
			vscode.window.onDidChangeActiveTextEditor(() => this.refreshNow()),
			vscode.languages.onDidChangeDiagnostics((event) => {
				const active = vscode.window.activeTextEditor?.document.uri.toString();
				if (active !== undefined && event.uris.some((uri) => uri.toString() === active)) this.refreshSoon();
			}),
		);
	}

	/** Asks for the active export's totals now (the client has started, or another editor is active). */
	refreshNow(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		void this.refresh();
	}

	private refreshSoon(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = setTimeout(() => {
			this.timer = undefined;
			void this.refresh();
		}, summaryDebounceMs);
	}

	private async refresh(): Promise<void> {
		const serial = ++this.serial;
		const document = vscode.window.activeTextEditor?.document;
		if (!document || !vscode.languages.match(this.selector, document) || !this.client.isRunning()) {
			this.hide();
			return;
		}
		const version = document.version;
		let summary: ReadinessSummaryResult;
		try {
			summary = await this.client.sendRequest<ReadinessSummaryResult>(readinessSummaryRequest, { uri: this.client.code2ProtocolConverter.asUri(document.uri) });
		} catch {
			summary = null;
		}
		if (serial !== this.serial) return;
		// The text moved on while the server counted: the next diagnostics bring the next count.
		if (summary === null && document.version !== version) return;
		if (!summary || summary.users === 0) this.hide();
		else this.show(summary, document.uri);
	}

	private show(summary: ReadinessSummary, uri: vscode.Uri): void {
		if (!this.item) {
			this.item = vscode.languages.createLanguageStatusItem('dirlint.readiness', this.selector);
			this.item.name = vscode.l10n.t('dirlint SSPR readiness');
		}
		const item = this.item;
		item.text = vscode.l10n.t('SSPR: {0} ready · {1} fixable · {2} need data', summary.ready, summary.fixable, summary.needsData);
		item.detail = summary.notTargetable > 0
			? vscode.l10n.t('Users: {0}. Without a UPN: {1}.', summary.users, summary.notTargetable)
			: vscode.l10n.t('Users: {0}.', summary.users);
		item.severity = severityOf(summary);
		item.command = { title: vscode.l10n.t('Show the report'), command: readinessReportCommand, arguments: [uri.toString()] };
		item.accessibilityInformation = { label: `${item.text}. ${item.detail}` };
	}

	private hide(): void {
		this.item?.dispose();
		this.item = undefined;
	}

	/**
	 * "dirlint: SSPR readiness report": for a document (the status item's argument), for the workspace
	 * ('workspace'), or, from the palette, for the active export or every export of the workspace
	 * (asked when both make sense). Resolves to the report shown, undefined when none is.
	 */
	private async showReport(target: unknown): Promise<ReadinessResult | undefined> {
		let uri: vscode.Uri | undefined;
		if (target instanceof vscode.Uri) uri = target;
		// A command link (the status item's) passes its arguments as JSON: the URI comes as a string.
		else if (typeof target === 'string' && target !== 'workspace') uri = vscode.Uri.parse(target);
		else if (target !== 'workspace') {
			const document = vscode.window.activeTextEditor?.document;
			const active = document && vscode.languages.match(this.selector, document) > 0 ? document.uri : undefined;
			const folders = vscode.workspace.workspaceFolders?.length ?? 0;
			if (active && folders > 0) {
				const picked = await vscode.window.showQuickPick([
					{ label: vscode.l10n.t('This export: {0}', fileName(active)), uri: active },
					{ label: vscode.l10n.t('Every export in the workspace'), detail: vscode.l10n.t('Open exports as edited, the others as saved.'), uri: undefined },
				], { title: vscode.l10n.t('dirlint: SSPR readiness report'), placeHolder: vscode.l10n.t('Which users should the report cover?') });
				if (!picked) return undefined;
				uri = picked.uri;
			} else if (active) uri = active;
			else if (folders === 0) {
				void vscode.window.showInformationMessage(vscode.l10n.t('Open a CSV or LDIF export, or a folder of exports, to see its SSPR readiness.'));
				return undefined;
			}
		}
		// The server reports on the documents it has: a document named by URI is opened (not shown) first.
		if (uri) await vscode.workspace.openTextDocument(uri);
		const params = uri ? { uri: this.client.code2ProtocolConverter.asUri(uri) } : {};
		const report = await vscode.window.withProgress(
			{ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('dirlint: building the readiness report') },
			() => this.client.sendRequest<ReadinessResult>(readinessRequest, params),
		);
		if (report.summary.users === 0) {
			void vscode.window.showInformationMessage(uri
				? vscode.l10n.t('{0} has no users dirlint can report on: it is not an Active Directory user export, or the readiness rules are off (dirlint.rules).', fileName(uri))
				: vscode.l10n.t('No Active Directory user export was found in the workspace.'));
			return undefined;
		}
		ReadinessPanel.show(this.extensionUri, report, { resolveFile: (file) => vscode.Uri.parse(report.uris[file]) });
		return report;
	}

	dispose(): void {
		if (this.timer) clearTimeout(this.timer);
		this.hide();
		for (const disposable of this.disposables) disposable.dispose();
	}
}
