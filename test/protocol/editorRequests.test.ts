/**
 * dirlint's own requests for the VS Code client: the readiness report of a document or of the
 * workspace (`dirlint/readiness`), its totals (`dirlint/readinessSummary`) and AD change files
 * (`dirlint/changeFile`). The editor's report and change files are the CLI's, byte for byte where
 * the CLI writes the same thing.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChangeFileParams, ChangeFileResponse, ChangeFileResult, ReadinessResult, ReadinessSummaryResult } from '../../shared/src/protocol';
import { fixtureText, fixtureUri, repoRoot, TestClient } from './lspClient';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dirlint-requests-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

const cli = (args: string[], cwd = scratch) => execFileSync(process.execPath, [path.join(repoRoot, 'dist/cli.js'), ...args], { cwd, encoding: 'utf8' });

const client = new TestClient({ settings: {} });
after(() => client.shutdown());

const ldbmodify = { format: 'ldif', eol: 'lf', version: false } as const;

async function changeFile(params: ChangeFileParams): Promise<ChangeFileResult> {
	const response = await client.connection.sendRequest('dirlint/changeFile', params) as ChangeFileResponse;
	assert.ok(!('refused' in response), 'refused' in response ? response.refused : '');
	return response;
}

test('the readiness report of an open export is the CLI\'s, each user at its line', async () => {
	await client.initialize();
	const uri = fixtureUri('readiness-users.csv');
	await client.open(uri, fixtureText('readiness-users.csv'));
	await client.publishedFor(uri);
	const report = await client.connection.sendRequest('dirlint/readiness', { uri }) as ReadinessResult;
	const expected = JSON.parse(cli(['report', path.join(repoRoot, 'test/fixtures/readiness-users.csv'), '--format', 'json']));
	assert.deepEqual(report.summary, { users: 11, ready: 4, fixable: 4, needsData: 2, notTargetable: 1, registered: 0, detailsOnly: 0 });
	assert.deepEqual(report.summary, expected.summary);
	// Without workspace folders a file is named by its file name.
	const named = expected.users.map((user: { file: string }) => ({ ...user, file: 'readiness-users.csv' }));
	assert.deepEqual(report.users, named);
	assert.deepEqual(report.uris, { 'readiness-users.csv': uri });
	assert.deepEqual(report.users.map((user) => user.line), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
});

test('the readiness summary follows edits, and is null for a CSV that is not an export', async () => {
	const uri = fixtureUri('readiness-users.csv');
	assert.deepEqual(await client.connection.sendRequest('dirlint/readinessSummary', { uri }) as ReadinessSummaryResult,
		{ users: 11, ready: 4, fixable: 4, needsData: 2, notTargetable: 1, registered: 0, detailsOnly: 0 });
	// Pradeep Gupta (line 12) has no phone at all; a mobile makes him ready.
	const text = fixtureText('readiness-users.csv');
	const line = text.split('\n')[11];
	const column = line.indexOf('PradeepG@contoso.com,PradeepG@contoso.com,') + 'PradeepG@contoso.com,PradeepG@contoso.com,'.length;
	const version = await client.edit(uri, { start: { line: 11, character: column }, end: { line: 11, character: column } }, '+91 9876543210');
	await client.publishedFor(uri, version);
	assert.deepEqual(await client.connection.sendRequest('dirlint/readinessSummary', { uri }) as ReadinessSummaryResult,
		{ users: 11, ready: 5, fixable: 4, needsData: 1, notTargetable: 1, registered: 0, detailsOnly: 0 });
	const notes = pathToFileURL(path.join(scratch, 'notes.csv')).href;
	await client.open(notes, 'name,colour\nAnn,red\n');
	await client.publishedFor(notes);
	assert.equal(await client.connection.sendRequest('dirlint/readinessSummary', { uri: notes }), null);
	await client.close(notes);
	await client.close(uri);
});

test('the change file of an open export\'s fixes is what dirlint changes writes', async () => {
	const uri = fixtureUri('csvde-users.csv');
	await client.open(uri, fixtureText('csvde-users.csv'));
	await client.publishedFor(uri);
	const result = await changeFile({ uri, options: ldbmodify, names: { changes: 'CHANGES.ldf', undo: 'CHANGES.undo.ldf' } });
	const out = path.join(scratch, 'cli');
	fs.mkdirSync(out);
	fs.copyFileSync(path.join(repoRoot, 'test/fixtures/csvde-users.csv'), path.join(out, 'csvde-users.csv'));
	const printed = cli(['changes', 'csvde-users.csv', '--out', 'CHANGES.ldf', '--eol', 'lf', '--no-version'], out);
	assert.equal(result.changes, fs.readFileSync(path.join(out, 'CHANGES.ldf'), 'utf8'));
	assert.equal(result.undo, fs.readFileSync(path.join(out, 'CHANGES.undo.ldf'), 'utf8'));
	assert.equal(result.script, undefined);
	assert.deepEqual([result.entries, result.values, result.duplicatesDropped, result.skippedEntries], [6, 14, 0, 0]);
	assert.equal(result.documentVersion, 1);
	// The CLI's summary, its table of attributes as sentences (a dialog's font cannot align a table).
	assert.equal(printed.split('\n')[0], 'Entries that change: 6. Values changed: 14.');
	assert.deepEqual(result.lines, [
		'Entries that change: 6. Values changed: 14.',
		'telephoneNumber: entries 4, values changed 4.',
		'mobile: entries 6, values changed 6.',
		'otherTelephone: entries 1, values changed 2.',
		'otherMobile: entries 1, values changed 2.',
	]);
});

test('PowerShell: the data CSVs and the script, as dirlint changes --format powershell writes them', async () => {
	const uri = fixtureUri('csvde-users.csv');
	const result = await changeFile({ uri, options: { format: 'powershell', eol: 'crlf', version: true }, names: { changes: 'fixes.csv', undo: 'fixes.undo.csv' } });
	const out = path.join(scratch, 'powershell');
	fs.mkdirSync(out);
	fs.copyFileSync(path.join(repoRoot, 'test/fixtures/csvde-users.csv'), path.join(out, 'csvde-users.csv'));
	cli(['changes', 'csvde-users.csv', '--out', 'fixes.csv', '--format', 'powershell'], out);
	assert.equal(result.changes, fs.readFileSync(path.join(out, 'fixes.csv'), 'utf8'));
	assert.equal(result.undo, fs.readFileSync(path.join(out, 'fixes.undo.csv'), 'utf8'));
	assert.deepEqual(result.script, { name: 'Set-DirlintChanges.ps1', text: fs.readFileSync(path.join(out, 'Set-DirlintChanges.ps1'), 'utf8') });
});

test('with a baseline, the change file holds the edits since it (a hand edit, not the fixes still open)', async () => {
	const uri = fixtureUri('csvde-users.csv');
	const baseline = fixtureText('csvde-users.csv');
	const lines = baseline.split('\r\n');
	// Adele Vance's mobile (+1 4255550145, line 2) becomes another number by hand.
	const line = lines[1];
	const start = line.indexOf('+1 4255550145');
	const version = await client.edit(uri, { start: { line: 1, character: start }, end: { line: 1, character: start + '+1 4255550145'.length } }, '+1 4255550146');
	const result = await changeFile({ uri, documentVersion: version, baseline: { text: baseline, source: 'opened' }, options: ldbmodify, names: { changes: 'edits.ldf', undo: 'edits.undo.ldf' } });
	assert.equal(result.changes, [
		'# Written by dirlint changes: the differences from csvde-users.csv as first opened to csvde-users.csv.',
		'# Review it, then apply it with: ldbmodify -H /var/lib/samba/private/sam.ldb edits.ldf (on the domain controller)',
		'',
		'dn: CN=Adele Vance,OU=Users,DC=contoso,DC=com',
		'changetype: modify',
		'replace: mobile',
		'mobile: +1 4255550146',
		'-',
		'',
		'',
	].join('\n'));
	assert.match(result.undo, /\nreplace: mobile\nmobile: \+1 4255550145\n-\n/);
	// Comparing, a value replaced counts as one removed and one added, as dirlint changes BEFORE AFTER counts it.
	assert.deepEqual([result.entries, result.values, result.skippedEntries], [1, 2, 0]);
	assert.equal(result.lines[0], 'Entries that change: 1. Values changed: 2.');
});

test('a change file is refused for a version other than the previewed one, and for a document that is not open', async () => {
	const uri = fixtureUri('csvde-users.csv');
	const moved = await client.connection.sendRequest('dirlint/changeFile', { uri, documentVersion: 1, options: ldbmodify, names: { changes: 'a.ldf', undo: 'a.undo.ldf' } }) as ChangeFileResponse;
	assert.deepEqual(moved, { refused: 'The export changed after the preview, so nothing was written. Run the command again to preview the change file of the current text.' });
	const closed = await client.connection.sendRequest('dirlint/changeFile', { uri: fixtureUri('ps7-users.csv'), options: ldbmodify, names: { changes: 'a.ldf', undo: 'a.undo.ldf' } }) as ChangeFileResponse;
	assert.deepEqual(closed, { refused: 'Open the export in the editor first: dirlint writes change files for open exports.' });
	await client.close(uri);
});

test('the workspace\'s readiness: every export of the folders, open or not, named by relative path', async () => {
	const folder = path.join(scratch, 'workspace');
	fs.mkdirSync(path.join(folder, 'sub'), { recursive: true });
	fs.writeFileSync(path.join(folder, 'a.csv'), 'DN,userPrincipalName,mobile,c\n"CN=Ann,DC=x",ann@contoso.com,+1 4255550100,US\n');
	fs.writeFileSync(path.join(folder, 'sub', 'b.ldf'), 'dn: CN=Bo,DC=x\nuserPrincipalName: bo@contoso.com\nmobile: 425 555 0101\nc: US\n');
	fs.writeFileSync(path.join(folder, 'notes.csv'), 'name,colour\nAnn,red\n');
	const workspace = new TestClient({ settings: { duplicates: { scope: 'file' } } });
	try {
		await workspace.initialize({ folders: [folder] });
		const open = pathToFileURL(path.join(folder, 'a.csv')).href;
		// The editor's text counts, not the file's: Ann has no mobile in it.
		await workspace.open(open, 'DN,userPrincipalName,mobile,c\n"CN=Ann,DC=x",ann@contoso.com,,US\n');
		await workspace.publishedFor(open);
		const report = await workspace.connection.sendRequest('dirlint/readiness', {}) as ReadinessResult;
		assert.deepEqual(report.summary, { users: 2, ready: 0, fixable: 1, needsData: 1, notTargetable: 0, registered: 0, detailsOnly: 0 });
		assert.deepEqual(report.users.map((user) => [user.file, user.line, user.upn, user.state]), [['a.csv', 2, 'ann@contoso.com', 'needs-data'], ['sub/b.ldf', 1, 'bo@contoso.com', 'fixable']]);
		assert.deepEqual(report.uris, { 'a.csv': open, 'sub/b.ldf': pathToFileURL(path.join(folder, 'sub', 'b.ldf')).href });
	} finally {
		await workspace.shutdown();
	}
});
