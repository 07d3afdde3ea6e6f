/**
 * "dirlint: Save fixes as an AD change file…" (issue #12): the preview (a diff of the values now and
 * as written, and a modal summary), then the files: the change file and its undo beside it, or the
 * PowerShell data files and script. The dialogs are answered through the command's second argument
 * (`saveTo`, `confirmed`), except where a test answers the modal itself through the page.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { copyFixture, diagnosticsWhen, open, page, screenshot, tabWhen, worded, closeEverything } from './helpers';

interface Saved {
	changes: string;
	undo: string;
	script?: string;
}

/** Runs the `dirlint` CLI built beside this suite (the repository's dist/cli.js; the VSIX does not ship it) in a folder. */
function dirlint(args: string[], cwd: string): string {
	const cli = path.resolve(__dirname, '../../../../dist/cli.js');
	// Under desktop VS Code the extension host's executable is Electron: run it as Node.
	const run = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
	assert.equal(run.status, 0, run.stderr);
	return run.stdout;
}

/** The diff tab of the preview: the undo (values now) on the left, the change file on the right. */
function previewTab(name: string): Promise<vscode.Tab> {
	return tabWhen((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === 'dirlint-change' && tab.input.modified.path.endsWith(`/${name}`), `the preview of ${name}`);
}

describe('AD change files from VS Code', function () {
	this.timeout(60000);

	afterEach(closeEverything);

	it('saves an export\'s fixes for ldbmodify, as dirlint changes writes them, with the undo beside, after a preview of the same text', async () => {
		const uri = copyFixture('csvde-users.csv', 'changes/users.csv');
		await open(uri);
		const folder = path.dirname(uri.fsPath);
		const target = path.join(folder, 'users.fixes.ldf');
		const saved = await vscode.commands.executeCommand<Saved>('dirlint.saveChangeFile', uri, { source: 'fixes', tool: 'ldbmodify', saveTo: target, confirmed: true });
		assert.deepEqual(saved, { changes: vscode.Uri.file(target).toString(), undo: vscode.Uri.file(path.join(folder, 'users.fixes.undo.ldf')).toString() });
		const changes = fs.readFileSync(target, 'utf8');
		const undo = fs.readFileSync(path.join(folder, 'users.fixes.undo.ldf'), 'utf8');
		assert.ok(changes.startsWith('# Written by dirlint changes: the fixes dirlint can make in users.csv.\n# Review it, then apply it with: ldbmodify -H /var/lib/samba/private/sam.ldb users.fixes.ldf (on the domain controller)\n\ndn: CN=Alex Wilber,OU=Users,DC=contoso,DC=com\nchangetype: modify\nreplace: telephoneNumber\ntelephoneNumber: +1 4255550100\n-\n'), changes);
		assert.ok(!changes.includes('\r') && !changes.includes('version: 1'), 'LF and no version line, for ldbmodify');
		assert.match(undo, /\ndn: CN=Alex Wilber,OU=Users,DC=contoso,DC=com\nchangetype: modify\nreplace: telephoneNumber\ntelephoneNumber: \+1 \(425\) 555-0100\n-\n/);
		// The same bytes as the CLI's, for the same export and names.
		const cli = path.join(folder, 'cli');
		fs.mkdirSync(cli, { recursive: true });
		fs.copyFileSync(uri.fsPath, path.join(cli, 'users.csv'));
		dirlint(['changes', 'users.csv', '--out', 'users.fixes.ldf', '--eol', 'lf', '--no-version'], cli);
		assert.equal(changes, fs.readFileSync(path.join(cli, 'users.fixes.ldf'), 'utf8'));
		assert.equal(undo, fs.readFileSync(path.join(cli, 'users.fixes.undo.ldf'), 'utf8'));
		// The preview showed exactly what was written: the undo on the left, the change file on the right.
		const tab = await previewTab('users.fixes.ldf');
		const diff = tab.input as vscode.TabInputTextDiff;
		assert.equal((await vscode.workspace.openTextDocument(diff.modified)).getText(), changes);
		assert.equal((await vscode.workspace.openTextDocument(diff.original)).getText(), undo);
	});

	it('saves the hand edits since the export was opened, for ldifde, and never changes the export', async () => {
		const uri = copyFixture('csvde-users.csv', 'changes/edited.csv');
		const editor = await open(uri);
		await diagnosticsWhen(uri, (found) => found.length > 0);
		// Adele Vance's mobile, line 2, becomes another number by hand.
		const line = editor.document.lineAt(1).text;
		const start = line.indexOf('+1 4255550145');
		assert.ok(await editor.edit((edit) => edit.replace(new vscode.Range(1, start, 1, start + 13), '+1 4255550146')));
		const before = fs.readFileSync(uri.fsPath, 'utf8');
		const target = path.join(path.dirname(uri.fsPath), 'edited.edits.ldf');
		const saved = await vscode.commands.executeCommand<Saved>('dirlint.saveChangeFile', uri, { source: 'opened', tool: 'ldifde', saveTo: target, confirmed: true });
		assert.equal(saved.changes, vscode.Uri.file(target).toString());
		const record = (mobile: string) => ['dn: CN=Adele Vance,OU=Users,DC=contoso,DC=com', 'changetype: modify', 'replace: mobile', `mobile: ${mobile}`, '-', '', ''];
		assert.equal(fs.readFileSync(target, 'utf8'), [
			'version: 1',
			'# Written by dirlint changes: the differences from edited.csv as first opened to edited.csv.',
			'# Review it, then apply it with: ldifde -i -k -f edited.edits.ldf',
			'',
			...record('+1 4255550146'),
		].join('\r\n'));
		assert.equal(fs.readFileSync(vscode.Uri.parse(saved.undo).fsPath, 'utf8'), [
			'version: 1',
			'# Written by dirlint changes: the undo of edited.edits.ldf (the differences from edited.csv as first opened to edited.csv); it puts back the values as they were.',
			'# Review it, then apply it with: ldifde -i -k -f edited.edits.undo.ldf',
			'',
			...record('+1 4255550145'),
		].join('\r\n'));
		assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), before, 'the export on disk is untouched');
		assert.equal(editor.document.isDirty, true, 'the edit is still unsaved');
	});

	it('saves PowerShell data files and Set-DirlintChanges.ps1 beside them', async () => {
		const uri = copyFixture('csvde-users.csv', 'changes/ps.csv');
		await open(uri);
		const folder = path.join(path.dirname(uri.fsPath), 'powershell');
		const target = path.join(folder, 'fixes.csv');
		const saved = await vscode.commands.executeCommand<Saved>('dirlint.saveChangeFile', uri, { source: 'fixes', tool: 'powershell', saveTo: target, confirmed: true });
		assert.deepEqual(saved, {
			changes: vscode.Uri.file(target).toString(),
			undo: vscode.Uri.file(path.join(folder, 'fixes.undo.csv')).toString(),
			script: vscode.Uri.file(path.join(folder, 'Set-DirlintChanges.ps1')).toString(),
		});
		const data = fs.readFileSync(target, 'utf8').split('\r\n');
		assert.equal(data[0], '"Entry","DistinguishedName","DistinguishedNameBase64","Operation","Attribute","Value","ValueBase64"');
		assert.equal(data[1], '"1","CN=Alex Wilber,OU=Users,DC=contoso,DC=com","","Replace","telephoneNumber","+1 4255550100",""');
		assert.equal(fs.readFileSync(path.join(folder, 'fixes.undo.csv'), 'utf8').split('\r\n')[1], '"1","CN=Alex Wilber,OU=Users,DC=contoso,DC=com","","Replace","telephoneNumber","+1 (425) 555-0100",""');
		const cli = path.join(folder, 'cli');
		fs.mkdirSync(cli);
		fs.copyFileSync(uri.fsPath, path.join(cli, 'ps.csv'));
		dirlint(['changes', 'ps.csv', '--format', 'powershell', '--out', 'fixes.csv'], cli);
		for (const name of ['fixes.csv', 'fixes.undo.csv', 'Set-DirlintChanges.ps1']) {
			assert.equal(fs.readFileSync(path.join(folder, name), 'utf8'), fs.readFileSync(path.join(cli, name), 'utf8'), name);
		}
	});

	it('asks how the file will be applied, shows the summary in a modal before anything is written, and cancelling writes nothing', async () => {
		const workbench = page();
		if (!workbench) return; // test-electron: the quick pick and the modal cannot be answered from here
		const uri = copyFixture('csvde-users.csv', 'changes/cancelled.csv');
		await open(uri);
		const folder = path.dirname(uri.fsPath);
		const listing = () => fs.readdirSync(folder).filter((name) => name.startsWith('cancelled')).sort();
		// As from the palette: no answers given. The export is unedited, so only the tool is asked.
		const running = vscode.commands.executeCommand<Saved | undefined>('dirlint.saveChangeFile');
		await workbench.click('tool-pick', { selector: `.quick-input-widget .monaco-list-row:has-text(${JSON.stringify(worded('ldifde or ldapmodify'))})` });
		const dialog = '.monaco-dialog-box';
		await workbench.query('modal-message', { selector: `${dialog} .dialog-message-text`, contains: worded('Save the change file for {0}?', 'cancelled.csv') });
		await workbench.query('modal-detail', { selector: `${dialog} .dialog-message-detail`, contains: worded('Entries that change: {0}. Values changed: {1}.', 6, 14) });
		await previewTab('cancelled.fixes.ldf');
		await screenshot('change-file-preview', `${dialog} .dialog-message-detail`);
		await workbench.click('modal-cancel', { selector: `${dialog} .dialog-buttons .monaco-button:has-text("Cancel")` });
		assert.equal(await running, undefined);
		assert.deepEqual(listing(), ['cancelled.csv'], 'no change file, no undo');
	});
});
