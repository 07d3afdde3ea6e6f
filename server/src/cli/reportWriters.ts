/**
 * The readiness report in each output format. JSON is the report as it is; text and CSV are read
 * from it; HTML is one self-contained file: the page's script and style (dist/report.js and
 * dist/report.css, the VS Code panel's too) inlined, the worded figures in a JSON data block, and a
 * Content-Security-Policy that allows exactly those two by their hashes: no network, no eval, no
 * inline style attributes.
 */
import { createHash } from 'node:crypto';
import * as l10n from '@vscode/l10n';
import { needsAction, ReadinessReport, ReportUser } from '../../../shared/src/readiness';
import { jsonForScript, readinessView, ReportView } from '../../../shared/src/readinessView';
import { csvField } from '../engine/registrations';

export type ReportFormat = 'text' | 'json' | 'csv' | 'html';

/** The report as `--format json` writes it, with a final newline. */
export function reportJson(report: ReadinessReport): string {
	return `${JSON.stringify(report, null, 2)}\n`;
}

const csvColumns = ['file', 'line', 'dn', 'upn', 'mobile', 'office', 'email', 'registered', 'state', 'country', 'department'] as const;

/** One row per user, the JSON's keys as columns; `registered` is empty without registration details. */
export function reportCsv(report: ReadinessReport): string {
	const lines = [csvColumns.join(',')];
	for (const user of report.users) {
		lines.push(csvColumns.map((column) => {
			const value: ReportUser[typeof column] = user[column];
			return value === undefined || value === null ? '' : csvField(String(value));
		}).join(','));
	}
	return `${lines.join('\r\n')}\r\n`;
}

function methodWord(state: ReportUser['mobile'] | ReportUser['office'] | ReportUser['email']): string {
	switch (state) {
		case 'ready': return l10n.t('ready');
		case 'fixable': return l10n.t('fixable');
		case 'invalid': return l10n.t('invalid');
		case 'absent': return l10n.t('none');
		case 'not-mobile': return l10n.t('not a mobile number');
	}
}

function stateWord(state: ReportUser['state']): string {
	switch (state) {
		case 'ready': return l10n.t('ready');
		case 'fixable': return l10n.t('fixable');
		case 'needs-data': return l10n.t('needs data');
		case 'not-targetable': return l10n.t('not targetable (no UPN)');
		case 'registered': return l10n.t('already registered');
	}
}

/** A readable summary, then one line per user who needs action. */
export function reportText(report: ReadinessReport): string {
	const { summary } = report;
	const withDetails = report.users.some((user) => user.registered !== null) || summary.detailsOnly > 0;
	const lines = withDetails
		? [l10n.t('SSPR readiness of the users ({0}): ready {1}, fixable {2}, needs data {3}, not targetable {4}, already registered {5}.', summary.users, summary.ready, summary.fixable, summary.needsData, summary.notTargetable, summary.registered)]
		: [
			l10n.t('SSPR readiness of the users ({0}): ready {1}, fixable {2}, needs data {3}, not targetable {4}.', summary.users, summary.ready, summary.fixable, summary.needsData, summary.notTargetable),
			l10n.t('Who registered in Entra already is not known: pass --registrations with the user registration details to count them.'),
		];
	if (summary.detailsOnly > 0) lines.push(l10n.t('Users in the registration details but not in the export: {0}.', summary.detailsOnly));
	const acting = report.users.filter((user) => needsAction(user.state));
	if (acting.length === 0) lines.push(l10n.t('No user needs action.'));
	else {
		lines.push(l10n.t('Users that need action ({0}):', acting.length));
		for (const user of acting) {
			lines.push(`  ${l10n.t('{0}:{1} {2}: {3} (mobile {4}, office {5}, email {6})', user.file, user.line, user.upn ?? user.dn ?? l10n.t('(no UPN)'), stateWord(user.state), methodWord(user.mobile), methodWord(user.office), methodWord(user.email))}`);
		}
	}
	return `${lines.join('\n')}\n`;
}

/** The page's script and style, as built into dist/report.js and dist/report.css. */
export interface PageAssets {
	script: string;
	style: string;
}

function sha256(text: string): string {
	return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

function escapeHtml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The self-contained HTML page of a worded report. */
export function reportPage(view: ReportView, assets: PageAssets): string {
	for (const [name, text, end] of [['script', assets.script, '</script'], ['style', assets.style, '</style']] as const) {
		if (text.toLowerCase().includes(end)) throw new Error(`the report's ${name} contains ${end} and cannot be inlined`);
	}
	const policy = [
		"default-src 'none'",
		`script-src ${sha256(assets.script)}`,
		`style-src ${sha256(assets.style)}`,
		"img-src 'none'",
		"base-uri 'none'",
		"form-action 'none'",
	].join('; ');
	return [
		'<!DOCTYPE html>',
		`<html lang="${escapeHtml(view.lang)}">`,
		'<head>',
		'<meta charset="utf-8">',
		`<meta http-equiv="Content-Security-Policy" content="${policy}">`,
		'<meta name="viewport" content="width=device-width, initial-scale=1">',
		`<title>${escapeHtml(view.title)}</title>`,
		`<style>${assets.style}</style>`,
		'</head>',
		'<body>',
		'<main id="dirlint-report"></main>',
		`<script type="application/json" id="dirlint-readiness">${jsonForScript(view)}</script>`,
		`<script>${assets.script}</script>`,
		'</body>',
		'</html>',
		'',
	].join('\n');
}

/** The report in a format; HTML needs the page's assets and the language of its words. */
export function formatReport(report: ReadinessReport, format: ReportFormat, page?: { assets: PageAssets; lang: string }): string {
	switch (format) {
		case 'json': return reportJson(report);
		case 'csv': return reportCsv(report);
		case 'text': return reportText(report);
		case 'html': {
			if (!page) throw new Error('the HTML report needs its page assets');
			return reportPage(readinessView(report, l10n, { lang: page.lang, linkLines: false }), page.assets);
		}
	}
}
