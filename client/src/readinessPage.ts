/**
 * The HTML of the readiness panel's webview, apart from VS Code so a browser test can load it as it
 * is (test/html/runHtmlReport.mjs): the page loads only the extension's report.js (with this
 * page's nonce) and report.css, under a Content-Security-Policy of default-src 'none'.
 */
import { jsonForScript, ReportView } from '../../shared/src/readinessView';

export interface WebviewPageParts {
	view: ReportView;
	/** webview.asWebviewUri of dist/report.js and dist/report.css. */
	scriptUri: string;
	styleUri: string;
	/** webview.cspSource: where the webview may load the style from. */
	cspSource: string;
	/** A fresh random value for each page. */
	nonce: string;
}

function escapeAttribute(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function webviewPage(parts: WebviewPageParts): string {
	const policy = `default-src 'none'; script-src 'nonce-${parts.nonce}'; style-src ${parts.cspSource}; img-src 'none'; base-uri 'none'; form-action 'none'`;
	return [
		'<!DOCTYPE html>',
		`<html lang="${escapeAttribute(parts.view.lang)}">`,
		'<head>',
		'<meta charset="utf-8">',
		`<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(policy)}">`,
		'<meta name="viewport" content="width=device-width, initial-scale=1">',
		`<link rel="stylesheet" href="${escapeAttribute(parts.styleUri)}">`,
		'</head>',
		'<body>',
		'<main id="dirlint-report"></main>',
		`<script type="application/json" id="dirlint-readiness">${jsonForScript(parts.view)}</script>`,
		`<script nonce="${escapeAttribute(parts.nonce)}" src="${escapeAttribute(parts.scriptUri)}"></script>`,
		'</body>',
		'</html>',
		'',
	].join('\n');
}
