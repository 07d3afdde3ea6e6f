/**
 * dirlint in a real VS Code: activation, diagnostics, hovers, quick fixes, fix-all (command and
 * codeActionsOnSave), a live settings change, LDIF outline symbols, and Chinese messages when VS Code's
 * display language is zh-cn. Run by test/integration/runOffline.mjs (code-server) or runElectron.mjs.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { codeOf, copyFixture, diagnosticsWhen, extensionId, isChinese, open, screenshot, textWhen, workspacePath, writeScratch } from './helpers';

const chinese = /[\u4e00-\u9fff]/;

describe('dirlint in VS Code', function () {
	this.timeout(60000);

	before(async () => {
		const extension = vscode.extensions.getExtension(extensionId);
		assert.ok(extension, `${extensionId} is installed`);
		await extension.activate(); // rejects if activate() threw
		assert.equal(extension.isActive, true);
	});

	afterEach(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	it('publishes the csvde export\'s problems with codes, ranges, severities and rule pages', async () => {
		const uri = vscode.Uri.file(workspacePath('csvde-users.csv'));
		const editor = await open(uri);
		assert.equal(editor.document.languageId, 'csv');
		// 15 phone problems, and 12 UPNs and mails that ps51-users.csv (which has no DN, so its users are
		// other objects) and changes.ldf hold too: the workspace's exports are read in the background.
		const diagnostics = await diagnosticsWhen(uri, (found) => found.length === 27, '15 phone problems and 12 duplicates');
		assert.equal(diagnostics.filter((diagnostic) => codeOf(diagnostic).startsWith('phone.')).length, 15);
		const duplicates = diagnostics.filter((diagnostic) => codeOf(diagnostic) === 'sync.duplicate');
		assert.equal(duplicates.length, 12);
		for (const duplicate of duplicates) {
			assert.ok(duplicate.relatedInformation && duplicate.relatedInformation.length > 0, 'a duplicate names the other holders');
			for (const related of duplicate.relatedInformation) assert.notEqual(related.location.uri.toString(), uri.toString());
		}
		// Each code links to its rule page (codeDescription), the same for every diagnostic of the code.
		for (const diagnostic of diagnostics) {
			const code = diagnostic.code as { value: string; target: vscode.Uri };
			assert.equal(typeof code, 'object');
			assert.equal(code.target.toString(true), `https://github.com/dirlint/dirlint/blob/main/docs/rules/${code.value}.md`);
		}
		const text = editor.document.getText();
		const first = diagnostics.find((diagnostic) => codeOf(diagnostic) === 'phone.format')!;
		assert.equal(editor.document.getText(first.range), '+1 (425) 555-0100');
		assert.equal(first.severity, vscode.DiagnosticSeverity.Error);
		assert.equal(first.range.start.line, 2);
		assert.equal(first.range.start.character, text.split('\r\n')[2].indexOf('+1 (425)'));
		const warnings = diagnostics.filter((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Warning);
		assert.deepEqual(warnings.map((diagnostic) => editor.document.getText(diagnostic.range)), ['+1 425 555 0111', '+1 425 555 0112', '+49 170 1234567', '0170 7654321']);
		const codes = new Set(diagnostics.map(codeOf));
		for (const code of ['phone.format', 'phone.extension', 'phone.missing-country-code', 'phone.invalid']) assert.ok(codes.has(code), code);
		if (isChinese()) assert.match(first.message, chinese, first.message);
		else assert.match(first.message, /write \+1 4255550100/);
		editor.selection = new vscode.Selection(first.range.start, first.range.start);
		editor.revealRange(first.range);
		await screenshot('squiggles', '.squiggly-error');
		await vscode.commands.executeCommand('workbench.actions.view.problems');
		await screenshot('problems', '.markers-panel .monaco-list-row');
		await vscode.commands.executeCommand('workbench.action.closePanel');
	});

	it('answers hovers on a column header and on a phone value', async () => {
		const uri = vscode.Uri.file(workspacePath('csvde-users.csv'));
		const editor = await open(uri);
		await diagnosticsWhen(uri, (found) => found.length > 0);
		const header = editor.document.lineAt(0).text;
		const onHeader = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, header.indexOf('telephoneNumber') + 2));
		const headerText = onHeader.map((hover) => hover.contents.map((part) => (part as vscode.MarkdownString).value).join('\n')).join('\n');
		assert.match(headerText, /businessPhones/);
		assert.match(headerText, /Update-MgUser/);
		const line = editor.document.lineAt(4).text;
		const position = new vscode.Position(4, line.indexOf('x2210'));
		const onValue = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
		const valueText = onValue.map((hover) => hover.contents.map((part) => (part as vscode.MarkdownString).value).join('\n')).join('\n');
		assert.match(valueText, /\+44 2079460958/);
		assert.match(valueText, isChinese() ? chinese : /As a phone authentication method: \+44 2079460958 \(office\)/);
		editor.selection = new vscode.Selection(position, position);
		await vscode.commands.executeCommand('editor.action.showHover');
		await screenshot('hover', '.monaco-hover .hover-contents');
	});

	it('applies a quick fix, and fix-all from the command, then saves', async () => {
		const uri = copyFixture('excel-semicolon.csv', 'quickfix.csv');
		const editor = await open(uri);
		const diagnostics = await diagnosticsWhen(uri, (found) => found.length === 9);
		const target = diagnostics.find((diagnostic) => editor.document.getText(diagnostic.range) === '030 901820')!;
		editor.selection = new vscode.Selection(target.range.start, target.range.start);
		const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, target.range, vscode.CodeActionKind.QuickFix.value);
		const preferred = actions.find((action) => action.isPreferred)!;
		assert.equal(preferred.title, isChinese() ? preferred.title : 'Write +49 30901820');
		await vscode.commands.executeCommand('editor.action.quickFix');
		await screenshot('quickfix-menu', '.action-widget .monaco-list-row');
		await vscode.commands.executeCommand('hideCodeActionWidget');
		assert.ok(await vscode.workspace.applyEdit(preferred.edit!));
		await textWhen(editor.document, (text) => text.includes(';+49 30901820;0151'));

		await vscode.commands.executeCommand('dirlint.fixAll');
		const fixed = await textWhen(editor.document, (text) => !text.includes('06 12 34 56 78'));
		assert.ok(await editor.document.save());
		const onDisk = fs.readFileSync(uri.fsPath);
		assert.deepEqual([...onDisk.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the BOM stays');
		assert.equal(onDisk.toString('utf8').slice(1), fixed, 'saved as shown');
		assert.ok(fixed.includes('\r\n'), 'CRLF stays');
		assert.ok(fixed.includes('CN=Marco Rossi,OU=Users,DC=contoso,DC=it;Marco Rossi;+39 0645678901;+39 3456789012;380;'));
		await diagnosticsWhen(uri, (found) => found.every((diagnostic) => !(diagnostic as vscode.Diagnostic & { data?: { fix?: unknown } }).data?.fix) && found.length === 0, 'no problems after fix-all');
	});

	it('fixes on save with editor.codeActionsOnSave and source.fixAll.dirlint', async () => {
		const settings = vscode.workspace.getConfiguration('editor', { languageId: 'csv' });
		await settings.update('codeActionsOnSave', { 'source.fixAll.dirlint': 'explicit' }, vscode.ConfigurationTarget.Workspace, true);
		try {
			assert.deepEqual(vscode.workspace.getConfiguration('editor', { languageId: 'csv' }).get('codeActionsOnSave'), { 'source.fixAll.dirlint': 'explicit' }, 'the setting is in effect');
			const uri = writeScratch('on-save.csv', 'DN,mobile,c\r\n"CN=a",+1 (425) 555-0100,US\r\n"CN=b",+44 20 7946 0958,GB\r\n');
			const editor = await open(uri);
			// +44 20 7946 0958 is a London landline in mobile: phone.not-mobile, which no fix changes.
			const found = await diagnosticsWhen(uri, (diagnostics) => diagnostics.length === 3);
			assert.deepEqual(found.map(codeOf).sort(), ['phone.format', 'phone.format', 'phone.not-mobile']);
			// Type a new row, then save: the save participant asks for source.fixAll.dirlint.
			await editor.edit((edit) => edit.insert(new vscode.Position(3, 0), '"CN=c",+33 6 12 34 56 78,FR\r\n'));
			assert.ok(await editor.document.save());
			assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), 'DN,mobile,c\r\n"CN=a",+1 4255550100,US\r\n"CN=b",+44 2079460958,GB\r\n"CN=c",+33 612345678,FR\r\n');
		} finally {
			await settings.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
		}
	});

	it('re-lints live when dirlint.defaultRegion changes', async () => {
		const uri = writeScratch('region.csv', 'DN,mobile\n"CN=a",07911 123456\n');
		await open(uri);
		const before = await diagnosticsWhen(uri, (found) => found.length === 1);
		assert.equal(codeOf(before[0]), 'phone.missing-country-code');
		const noFix = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, before[0].range, vscode.CodeActionKind.QuickFix.value);
		assert.ok(noFix.some((action) => action.command?.command === 'dirlint.openSetting'), 'offers to open the setting');
		const config = vscode.workspace.getConfiguration('dirlint');
		await config.update('defaultRegion', 'GB', vscode.ConfigurationTarget.Workspace);
		try {
			const after = await diagnosticsWhen(uri, (found) => found.length === 1 && found[0].message !== before[0].message, 'the message to change');
			const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, after[0].range, vscode.CodeActionKind.QuickFix.value);
			assert.ok(actions.some((action) => action.isPreferred && action.edit), 'a fix once the region is known');
			assert.match(after[0].message, /\+44 7911123456/);
		} finally {
			await config.update('defaultRegion', undefined, vscode.ConfigurationTarget.Workspace);
		}
	});

	it('lists LDIF users in the outline, named by DN, and checks LDIF', async () => {
		const uri = vscode.Uri.file(workspacePath('ldifde-users.ldf'));
		const editor = await open(uri);
		assert.equal(editor.document.languageId, 'ldif');
		const diagnostics = await diagnosticsWhen(uri, (found) => found.length > 0);
		assert.ok(diagnostics.some((diagnostic) => codeOf(diagnostic) === 'phone.format'));
		const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
		assert.equal(symbols.length, 8);
		assert.ok(symbols.every((symbol) => /^CN=.*DC=contoso,DC=com$/i.test(symbol.name)), symbols.map((symbol) => symbol.name).join('\n'));
	});

	it('speaks the display language', async () => {
		const uri = writeScratch('language.csv', 'mobile\n+1 425 555 0100\n');
		await open(uri);
		const [diagnostic] = await diagnosticsWhen(uri, (found) => found.length === 1);
		if (isChinese()) assert.match(diagnostic.message, chinese, diagnostic.message);
		else assert.doesNotMatch(diagnostic.message, chinese);
	});
});
