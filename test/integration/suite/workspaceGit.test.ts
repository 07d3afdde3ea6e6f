/**
 * "dirlint: Save fixes as an AD change file…" where the export is in a Git repository: the change
 * file can hold every change since the last commit, read through VS Code's Git extension. Last in
 * the suite: it turns the Git extension on (the test profile has it off).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { diagnosticsWhen, open, workspacePath } from './helpers';

interface GitApi {
	readonly state: 'uninitialized' | 'initialized';
	readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
	readonly onDidOpenRepository: vscode.Event<unknown>;
	getRepository(uri: vscode.Uri): unknown;
}

interface GitExtension {
	readonly enabled: boolean;
	readonly onDidChangeEnablement: vscode.Event<boolean>;
	getAPI(version: 1): GitApi;
}

/** Resolves once check() holds, checked now and whenever one of the events fires. */
function when(check: () => boolean, events: vscode.Event<unknown>[], what: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const subscriptions: vscode.Disposable[] = [];
		const timer = setTimeout(() => {
			for (const subscription of subscriptions) subscription.dispose();
			reject(new Error(`timed out waiting for ${what}`));
		}, 30000);
		const test = () => {
			if (!check()) return;
			clearTimeout(timer);
			for (const subscription of subscriptions) subscription.dispose();
			resolve();
		};
		for (const event of events) subscriptions.push(event(test));
		test();
	});
}

describe('AD change files from a Git repository', function () {
	this.timeout(60000);

	it('saves the changes since the last commit, read through the Git extension', async function () {
		const folder = workspacePath('scratch', 'repository');
		fs.mkdirSync(folder, { recursive: true });
		const git = (...args: string[]) => spawnSync('git', ['-c', 'user.name=dirlint', '-c', 'user.email=dirlint@example.com', ...args], { cwd: folder, encoding: 'utf8' });
		if (git('--version').error) this.skip(); // no git on this machine
		const file = path.join(folder, 'users.csv');
		fs.copyFileSync(workspacePath('csvde-users.csv'), file);
		for (const args of [['init', '-q'], ['add', 'users.csv'], ['commit', '-q', '-m', 'the export']]) {
			const run = git(...args);
			assert.equal(run.status, 0, run.stderr);
		}
		// Changed on disk after the commit (Diego Siciliani's mobile), so the text as opened is not HEAD's.
		fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('+39 345 678 9012', '+39 3456789012'));

		const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
		if (!extension) this.skip(); // a VS Code without its Git extension
		const settings = vscode.workspace.getConfiguration('git');
		await settings.update('enabled', true, vscode.ConfigurationTarget.Workspace);
		try {
			const gitExtension = extension!.isActive ? extension!.exports : await extension!.activate();
			await when(() => gitExtension.enabled, [gitExtension.onDidChangeEnablement], 'the Git extension to turn on');
			const api = gitExtension.getAPI(1);
			await when(() => api.state === 'initialized', [api.onDidChangeState], 'the Git extension to start');
			const uri = vscode.Uri.file(file);
			await vscode.commands.executeCommand('git.openRepository', folder);
			await when(() => api.getRepository(uri) !== null, [api.onDidOpenRepository], 'the repository');

			const editor = await open(uri);
			await diagnosticsWhen(uri, (found) => found.length > 0);
			// And an edit in the editor (Adele Vance's mobile), not saved.
			const start = editor.document.lineAt(1).text.indexOf('+1 4255550145');
			assert.ok(await editor.edit((edit) => edit.replace(new vscode.Range(1, start, 1, start + 13), '+1 4255550146')));
			const target = path.join(folder, 'users.edits.ldf');
			await vscode.commands.executeCommand('dirlint.saveChangeFile', uri, { source: 'head', tool: 'ldbmodify', saveTo: target, confirmed: true });
			assert.equal(fs.readFileSync(target, 'utf8'), [
				'# Written by dirlint changes: the differences from users.csv as last committed (HEAD) to users.csv.',
				'# Review it, then apply it with: ldbmodify -H /var/lib/samba/private/sam.ldb users.edits.ldf (on the domain controller)',
				'',
				'dn: CN=Adele Vance,OU=Users,DC=contoso,DC=com', 'changetype: modify', 'replace: mobile', 'mobile: +1 4255550146', '-', '',
				'dn: CN=Diego Siciliani,OU=Users,DC=contoso,DC=com', 'changetype: modify', 'replace: mobile', 'mobile: +39 3456789012', '-', '',
				'',
			].join('\n'));
			assert.match(fs.readFileSync(path.join(folder, 'users.edits.undo.ldf'), 'utf8'), /\nmobile: \+1 4255550145\n[^]*\nmobile: \+39 345 678 9012\n/);
		} finally {
			await settings.update('enabled', undefined, vscode.ConfigurationTarget.Workspace);
			await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		}
	});
});
