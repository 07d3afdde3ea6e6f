/**
 * The exports of the workspace folders that are not open: read in the background with progress,
 * published by "dirlint: Check all exports in the workspace" (the dirlint.checkWorkspace command),
 * handed to the editor while open, and followed through file events.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestClient } from './lspClient';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dirlint-workspace-'));
after(() => fs.rmSync(folder, { recursive: true, force: true }));

const write = (name: string, text: string) => {
	fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
	fs.writeFileSync(path.join(folder, name), text);
	return pathToFileURL(path.join(folder, name)).href;
};

const usersCsv = write('exports/users.csv', 'DN,mobile,c\n"CN=Ann,DC=x",+1 (425) 555-0100,US\n"CN=Bo,DC=x",n/a,US\n');
const changesLdf = write('changes.ldf', 'dn: CN=Cy,DC=x\nchangetype: modify\nreplace: mobile\nmobile: 020 7946 0958\n-\n');
const notAnExport = write('notes.csv', 'name,colour\nAnn,red\n');
write('node_modules/pkg/users.csv', 'DN,mobile\nCN=x,n/a\n');
// dirlint's own change files: an undo holds the values as they were, and is no export.
const undoLdf = write('users.fixes.undo.ldf', 'version: 1\r\n# Written by dirlint changes: the undo of users.fixes.ldf (the fixes dirlint can make in users.csv); it puts back the values as they were.\r\n# Review it, then apply it with: ldifde -i -k -f users.fixes.undo.ldf\r\n\r\ndn: CN=Bo,DC=x\r\nchangetype: modify\r\nreplace: mobile\r\nmobile: n/a\r\n-\r\n\r\n');
const undoData = write('users.fixes.undo.csv', '"Entry","DistinguishedName","DistinguishedNameBase64","Operation","Attribute","Value","ValueBase64"\r\n"1","CN=Bo,DC=x","","Replace","mobile","n/a",""\r\n');
// csvde -u writes UTF-16; it is read like the editor reads it.
const unicode = pathToFileURL(path.join(folder, 'unicode.csv')).href;
fs.writeFileSync(path.join(folder, 'unicode.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('DN,mobile\r\n"CN=Dee,DC=x",+44 (0)7911 123456\r\n', 'utf16le')]));

const client = new TestClient({ settings: {} });
after(() => client.shutdown());

const codes = (diagnostics: { code?: string | number }[]) => diagnostics.map((diagnostic) => diagnostic.code);

test('the workspace check reads every export of the folder, with progress, and publishes those that are not open', async () => {
	await client.initialize({ folders: [folder], progress: true, watchFiles: true });
	const result = await client.connection.sendRequest('workspace/executeCommand', { command: 'dirlint.checkWorkspace', arguments: [] }) as { files: number; problems: number };
	assert.deepEqual(result, { files: 3, problems: 4 });
	assert.deepEqual(codes(await client.publishedFor(usersCsv)), ['phone.format', 'phone.invalid']);
	assert.deepEqual(codes(await client.publishedFor(changesLdf)), ['phone.missing-country-code']);
	assert.deepEqual(codes(await client.publishedFor(unicode)), ['phone.format']);
	assert.equal(client.published.has(notAnExport), false, 'a CSV with no AD attribute is not an export');
	assert.equal(client.published.has(undoLdf) || client.published.has(undoData), false, 'change files dirlint wrote are not exports');
	assert.ok(![...client.published.keys()].some((uri) => uri.includes('node_modules')), 'node_modules is not read');
	const values = client.progress.map((progress) => progress.value.kind);
	assert.ok(values.includes('begin') && values.includes('end'), `progress: ${values.join(',')}`);
	assert.ok(client.watchers.length > 0, 'the server asked to be told of file events');
});

test('an export opened in the editor is the editor\'s; closed, it is read from disk again', async () => {
	const before = client.lastSequence;
	await client.open(usersCsv, 'DN,mobile,c\n"CN=Ann,DC=x",+1 4255550100,US\n');
	assert.deepEqual(await client.publishedAfter(usersCsv, before), [], 'the editor\'s text, not the file\'s');
	const closing = client.lastSequence;
	await client.close(usersCsv);
	// Closing clears the editor's diagnostics, then the file on disk is published again.
	let diagnostics = await client.publishedAfter(usersCsv, closing);
	if (diagnostics.length === 0) diagnostics = await client.publishedAfter(usersCsv, client.publishedSequence.get(usersCsv)!);
	assert.deepEqual(codes(diagnostics), ['phone.format', 'phone.invalid']);
});

test('file events: a changed export is read again, a deleted one is cleared', async () => {
	let before = client.lastSequence;
	fs.writeFileSync(path.join(folder, 'changes.ldf'), 'dn: CN=Cy,DC=x\nchangetype: modify\nreplace: mobile\nmobile: +44 7911123456\n-\n');
	await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: changesLdf, type: 2 }] });
	assert.deepEqual(await client.publishedAfter(changesLdf, before), []);
	before = client.lastSequence;
	fs.rmSync(path.join(folder, 'exports/users.csv'));
	await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: usersCsv, type: 3 }] });
	assert.deepEqual(await client.publishedAfter(usersCsv, before), []);
});
