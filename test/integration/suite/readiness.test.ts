/**
 * SSPR readiness in VS Code (issue #11): "dirlint: SSPR readiness report" opens the report panel,
 * drawn with its charts, whose rows open the file at the user's line; the language status item
 * shows the active export's readiness and follows its edits.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ReadinessResult } from '../../../shared/src/protocol';
import { activeEditorWhen, copyFixture, diagnosticsWhen, open, page, screenshotOfFrame, tabWhen, workspacePath, worded, closeEverything } from './helpers';

/** The report's page once its script has drawn it (the charts draw synchronously: no animation). */
const drawnReport = 'html[data-rendered="true"]';

describe('SSPR readiness in VS Code', function () {
	this.timeout(60000);

	afterEach(closeEverything);

	it('opens the readiness report of an export, with its charts, and a row opens the file at the user\'s line', async () => {
		const uri = vscode.Uri.file(workspacePath('readiness-users.csv'));
		await open(uri);
		await diagnosticsWhen(uri, (found) => found.length > 0);
		const workbench = page();
		let report: ReadinessResult;
		if (workbench) {
			// From the palette with an export active: a quick pick offers this export or the workspace.
			const running = vscode.commands.executeCommand<ReadinessResult>('dirlint.readinessReport');
			await workbench.click('report-pick', { selector: `.quick-input-widget .monaco-list-row:has-text(${JSON.stringify(worded('This export: {0}', 'readiness-users.csv'))})` });
			report = await running;
		} else report = await vscode.commands.executeCommand<ReadinessResult>('dirlint.readinessReport', uri);
		// dirlint report test/fixtures/readiness-users.csv --format json gives the same totals.
		assert.deepEqual(report.summary, { users: 11, ready: 4, fixable: 4, needsData: 2, notTargetable: 1, registered: 0, detailsOnly: 0 });
		assert.deepEqual(report.users.map((user) => [user.file, user.line, user.state]).slice(0, 3), [
			['readiness-users.csv', 2, 'ready'], ['readiness-users.csv', 3, 'fixable'], ['readiness-users.csv', 4, 'fixable'],
		]);
		assert.equal(vscode.Uri.parse(report.uris['readiness-users.csv']).fsPath, uri.fsPath);
		await tabWhen((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('dirlint.readinessReport'), 'the readiness panel');

		if (!workbench) return; // test-electron: no page to read
		const totals = await workbench.query('report-totals', { frameSelector: drawnReport, selector: '.totals .value' });
		assert.deepEqual(totals?.texts, ['11', '4', '4', '2', '1'], 'no "already registered" total without registration details');
		const heading = await workbench.query('report-heading', { frameSelector: drawnReport, selector: 'h1' });
		assert.deepEqual(heading?.texts, [worded('SSPR readiness report')]);
		// The picture for the README: the export beside its report, without the side bar and notifications.
		await vscode.commands.executeCommand('notifications.clearAll');
		await vscode.commands.executeCommand('workbench.action.closeSidebar');
		try {
			await screenshotOfFrame('report', drawnReport);
		} finally {
			await vscode.commands.executeCommand('workbench.view.explorer');
		}
		// The first user who needs action is Alex Wilber, line 3: his place opens the export there.
		const first = report.users.find((user) => ['fixable', 'needs-data', 'not-targetable'].includes(user.state))!;
		assert.equal(first.line, 3);
		const opened = activeEditorWhen((editor) => editor.document.uri.fsPath === uri.fsPath && editor.selection.active.line === first.line - 1, 'the export at line 3');
		await workbench.click('report-row', { frameSelector: drawnReport, selector: '.actions button.link' });
		await opened;
	});

	it('reports on every export of the workspace, each user named by file and line', async () => {
		const report = await vscode.commands.executeCommand<ReadinessResult>('dirlint.readinessReport', 'workspace');
		const files = Object.keys(report.uris);
		for (const file of ['csvde-users.csv', 'dup-a.csv', 'dup-b.csv', 'readiness-users.csv', 'readiness-users.ldf']) assert.ok(files.includes(file), `${file} in ${files.join(', ')}`);
		assert.deepEqual(files, [...files].sort(), 'sorted by name');
		assert.deepEqual(report.users.filter((user) => user.file === 'readiness-users.csv').map((user) => user.line), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
		assert.deepEqual(report.users.filter((user) => user.file === 'dup-b.csv').map((user) => [user.line, user.upn]), [[2, 'lena.brandt@tailspintoys.com'], [3, 'tom.weber@tailspintoys.com'], [4, 'Sam.Ortiz@tailspintoys.com']]);
		assert.equal(report.summary.users, report.users.length);
	});

	it('shows the active export\'s readiness in a language status item, and follows its edits', async () => {
		const uri = copyFixture('readiness-users.csv', 'status.csv');
		const editor = await open(uri);
		await diagnosticsWhen(uri, (found) => found.length > 0);
		const workbench = page();
		if (!workbench) return; // test-electron: no status bar to read
		// The language status entry ({ }) beside the language mode names every item in its accessible label.
		const status = { selector: '#status\\.languageStatus [aria-label]', attribute: 'aria-label' };
		await workbench.query('status-before', { ...status, contains: worded('SSPR: {0} ready · {1} fixable · {2} need data', 4, 4, 2) });
		await workbench.query('status-detail', { ...status, contains: worded('Users: {0}. Without a UPN: {1}.', 11, 1) });
		// Pradeep Gupta (line 12) has no phone: a mobile makes him ready.
		const line = editor.document.lineAt(11).text;
		const column = line.indexOf('PradeepG@contoso.com,PradeepG@contoso.com,') + 'PradeepG@contoso.com,PradeepG@contoso.com,'.length;
		assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(11, column), '+91 9876543210')));
		await workbench.query('status-after', { ...status, contains: worded('SSPR: {0} ready · {1} fixable · {2} need data', 5, 4, 1) });
		// The item's link, in the hover of the { } entry, opens this export's report.
		await workbench.hover('status-hover', { selector: '#status\\.languageStatus' });
		await workbench.click('status-link', { selector: `.hover-language-status a:has-text(${JSON.stringify(worded('Show the report'))})` });
		await tabWhen((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('dirlint.readinessReport'), 'the readiness panel');
		const places = await workbench.query('status-report', { frameSelector: drawnReport, selector: '.actions button.link', contains: 'scratch/status.csv:' });
		assert.ok(places?.texts.every((text) => text.startsWith('scratch/status.csv:')), JSON.stringify(places?.texts));
		// The edit is in the report: Pradeep Gupta (line 12) no longer needs action.
		assert.ok(!places?.texts.includes('scratch/status.csv:12'), JSON.stringify(places?.texts));
	});
});
