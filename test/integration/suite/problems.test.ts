/**
 * Problems across files (issue #10): a duplicate UPN in two exports names the other file and line,
 * and "dirlint: Check all exports in the workspace" fills the Problems panel for exports that were
 * never opened.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { codeOf, diagnosticsWhen, isChinese, open, ours, workspacePath, closeEverything } from './helpers';

const chinese = /[\u4e00-\u9fff]/;

describe('dirlint across the workspace\'s exports', function () {
	this.timeout(60000);

	afterEach(closeEverything);

	it('links a duplicate UPN to the other export that holds it, and the code to its rule page', async () => {
		const a = vscode.Uri.file(workspacePath('dup-a.csv'));
		const b = vscode.Uri.file(workspacePath('dup-b.csv'));
		const editor = await open(a);
		// dup-b.csv is not open: the server reads the workspace's exports in the background.
		const [duplicate] = await diagnosticsWhen(a, (found) => found.some((diagnostic) => codeOf(diagnostic) === 'sync.duplicate'), 'the duplicate UPN');
		assert.deepEqual(ours(a).map(codeOf), ['sync.duplicate'], 'the only problem of dup-a.csv');
		assert.equal(editor.document.getText(duplicate.range), 'sam.ortiz@tailspintoys.com');
		assert.deepEqual([duplicate.range.start.line, duplicate.range.start.character], [2, 67]);
		assert.equal(duplicate.severity, vscode.DiagnosticSeverity.Error);
		if (isChinese()) assert.match(duplicate.message, chinese, duplicate.message);
		else assert.match(duplicate.message, /^This userPrincipalName is also the userPrincipalName of an object in dup-b\.csv\./);
		const related = duplicate.relatedInformation ?? [];
		assert.equal(related.length, 1);
		assert.equal(related[0].location.uri.toString(), b.toString());
		assert.deepEqual([related[0].location.range.start.line, related[0].location.range.start.character, related[0].location.range.end.character], [3, 78, 104]);
		const line = fs.readFileSync(b.fsPath, 'utf8').split('\r\n')[3];
		assert.equal(line.slice(78, 104), 'Sam.Ortiz@tailspintoys.com', 'the related place is the other UPN');
		const code = duplicate.code as { value: string; target: vscode.Uri };
		assert.equal(code.value, 'sync.duplicate');
		assert.equal(code.target.toString(true), 'https://github.com/dirlint/dirlint/blob/main/docs/rules/sync.duplicate.md');
	});

	it('fills the Problems panel for an export that was never opened, with the workspace check', async () => {
		// broken.ldf is opened by no test: before the check, nothing is published for it.
		const never = vscode.Uri.file(workspacePath('broken.ldf'));
		assert.equal(vscode.workspace.textDocuments.some((document) => document.uri.toString() === never.toString()), false);
		assert.deepEqual(ours(never), []);
		const result = await vscode.commands.executeCommand<{ files: number; problems: number }>('dirlint.checkWorkspace');
		assert.ok(result.files >= 18 && result.problems > 300, JSON.stringify(result));
		// As `dirlint check` reports them (0-based line and column).
		const expected = [
			[0, 0, 'ldif.parse'], [4, 9, 'ldif.parse'], [5, 0, 'ldif.parse'], [6, 17, 'phone.format'], [11, 22, 'ldif.parse'],
			[12, 8, 'phone.extension'], [15, 0, 'ldif.parse'], [18, 8, 'phone.format'], [18, 8, 'phone.not-mobile'], [24, 8, 'phone.missing-country-code'],
		];
		const diagnostics = await diagnosticsWhen(never, (found) => found.length === expected.length, 'the problems of broken.ldf');
		const places = diagnostics.map((diagnostic) => [diagnostic.range.start.line, diagnostic.range.start.character, codeOf(diagnostic)] as const);
		const order = (x: readonly [number, number, string], y: readonly [number, number, string]) => x[0] - y[0] || x[1] - y[1] || x[2].localeCompare(y[2]);
		assert.deepEqual([...places].sort(order), expected);
		assert.equal(vscode.workspace.textDocuments.some((document) => document.uri.toString() === never.toString()), false, 'still not opened');
	});
});
