/**
 * The "dirlint: SSPR readiness report" webview panel: the readiness report of a ReadinessReport
 * (what `dirlint report --format json` writes), drawn by the same browser script as the HTML report
 * (dist/report.js, with dist/report.css). The page gets its words from here (vscode.l10n), takes
 * the theme's colours through CSS variables, loads nothing but those two files, under a
 * Content-Security-Policy that allows scripts only with this page's nonce. A user row's place
 * posts a message back, and the file opens at the line.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ReadinessReport } from '../../shared/src/readiness';
import { readinessView } from '../../shared/src/readinessView';
import { webviewPage } from './readinessPage';

/** What the page may ask: to open a file of the report at a line. */
interface OpenMessage {
	command: 'open';
	file: string;
	line: number;
}

function isOpenMessage(message: unknown): message is OpenMessage {
	const candidate = message as Partial<OpenMessage> | null;
	return typeof candidate === 'object' && candidate !== null && candidate.command === 'open'
		&& typeof candidate.file === 'string' && Number.isInteger(candidate.line) && (candidate.line as number) >= 1;
}

/** The file of a report row: a URI as the server writes it (`file:///…`), or a path. */
function defaultResolve(file: string): vscode.Uri {
	return /^[a-z][a-z0-9+.-]+:\/\//i.test(file) ? vscode.Uri.parse(file) : vscode.Uri.file(file);
}

export interface ReadinessPanelOptions {
	/** Turns a report row's `file` into the document to open; a URI or a path by default. */
	resolveFile?: (file: string) => vscode.Uri;
}

/** The one readiness panel; showing a new report reuses it. */
export class ReadinessPanel {
	static readonly viewType = 'dirlint.readinessReport';
	private static current: ReadinessPanel | undefined;

	private files = new Set<string>();

	private constructor(private readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri, private options: ReadinessPanelOptions) {
		panel.onDidDispose(() => {
			if (ReadinessPanel.current === this) ReadinessPanel.current = undefined;
		});
		panel.webview.onDidReceiveMessage((message: unknown) => this.open(message));
	}

	/** Shows the report in the panel, opening the panel (beside the editor) when there is none; the options go with the report. */
	static show(extensionUri: vscode.Uri, report: ReadinessReport, options: ReadinessPanelOptions = {}): ReadinessPanel {
		let current = ReadinessPanel.current;
		if (current) {
			current.options = options;
			current.panel.reveal(undefined, true);
		} else {
			const dist = vscode.Uri.joinPath(extensionUri, 'dist');
			const panel = vscode.window.createWebviewPanel(ReadinessPanel.viewType, vscode.l10n.t('dirlint: SSPR readiness report'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
				enableScripts: true,
				localResourceRoots: [dist],
			});
			current = new ReadinessPanel(panel, extensionUri, options);
			ReadinessPanel.current = current;
		}
		current.update(report);
		return current;
	}

	/** Draws another report in the same panel. */
	update(report: ReadinessReport): void {
		this.files = new Set(report.users.map((user) => user.file));
		this.panel.webview.html = this.html(report);
	}

	private html(report: ReadinessReport): string {
		const { webview } = this.panel;
		const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
		return webviewPage({
			view: readinessView(report, vscode.l10n, { lang: vscode.env.language, linkLines: true }),
			scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'report.js')).toString(),
			styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'report.css')).toString(),
			cspSource: webview.cspSource,
			nonce: randomBytes(16).toString('base64'),
		});
	}

	/** Opens a file of the report at a line; anything else the page might send is ignored. */
	private async open(message: unknown): Promise<void> {
		if (!isOpenMessage(message) || !this.files.has(message.file)) return;
		const uri = (this.options.resolveFile ?? defaultResolve)(message.file);
		const position = new vscode.Position(message.line - 1, 0);
		try {
			await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
		} catch (error) {
			void vscode.window.showErrorMessage(vscode.l10n.t('{0} could not be opened: {1}', message.file, error instanceof Error ? error.message : String(error)));
		}
	}
}
