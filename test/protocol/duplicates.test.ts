/**
 * The duplicate step through the protocol (issue #10): a value two objects hold is reported on every
 * holder, with the others as related places, across the pieces of a large export and across the
 * exports of a workspace folder, open or not; an edit anywhere makes or clears it at once, wherever
 * its holders are; dirlint.duplicates.scope narrows it to the file or switches it off; the same DN is
 * one object wherever it is written, and entries without a DN are each their own.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient } from './lspClient';
import { defaultPieceSize } from '../../server/src/languageServer/documentLint';

const clients: TestClient[] = [];
const folders: string[] = [];
after(async () => {
	for (const client of clients) await client.shutdown();
	for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

async function started(options: ConstructorParameters<typeof TestClient>[0] & { pull?: boolean; progress?: boolean; folders?: string[] } = {}): Promise<TestClient> {
	const client = new TestClient(options);
	clients.push(client);
	await client.initialize(options);
	return client;
}

/** A fresh workspace folder holding the given files; returns each file's URI by name. */
function workspace(files: Record<string, string>): { folder: string; uri: Record<string, string> } {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dirlint-duplicates-'));
	folders.push(folder);
	const uri: Record<string, string> = {};
	for (const [name, text] of Object.entries(files)) {
		fs.writeFileSync(path.join(folder, name), text);
		uri[name] = pathToFileURL(path.join(folder, name)).href;
	}
	return { folder, uri };
}

/** Where `value` stands on line `line` of `text` (0-based, as LSP counts), its `nth` occurrence there. */
function rangeOf(text: string, line: number, value: string, nth: number | 'last' = 0): string {
	const lineText = text.split(/\r\n|\r|\n/)[line];
	let character = nth === 'last' ? lineText.lastIndexOf(value) : -1;
	for (let i = 0; nth !== 'last' && i <= nth; i++) character = lineText.indexOf(value, character + 1);
	assert.ok(character >= 0, `${JSON.stringify(value)} on line ${line}`);
	return `${line}:${character}-${line}:${character + value.length}`;
}

type Range = Diagnostic['range'];
const place = (range: Range) => `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;

/**
 * The duplicates among diagnostics, as `range <- related places` (the related places as
 * `uri#range`, sorted: the order of other holders is not part of the contract).
 */
function duplicates(diagnostics: readonly Diagnostic[], uriNames: Record<string, string> = {}): string[] {
	const name = (uri: string) => uriNames[uri] ?? uri;
	return diagnostics
		.filter((diagnostic) => diagnostic.code === 'sync.duplicate')
		.map((diagnostic) => {
			assert.equal(diagnostic.severity, 1, 'a duplicate is an error');
			assert.equal((diagnostic.data as { fix?: unknown }).fix, undefined, 'a duplicate has no fix');
			const related = (diagnostic.relatedInformation ?? []).map((info) => `${name(info.location.uri)}#${place(info.location.range)}`).sort();
			return `${place(diagnostic.range)} <- ${related.join(' ')}`;
		});
}

/** A csvde user whose UPN, mail and primary SMTP address are the same, as most are. */
const usersHeader = 'DN,objectClass,cn,displayName,sAMAccountName,userPrincipalName,mail,proxyAddresses';
function userRow(i: number, upn = `user${i}@contoso.com`): string {
	return `"CN=User ${i},OU=Users,DC=contoso,DC=com",user,User ${i},User ${i},user${i},${upn},user${i}@contoso.com,"SMTP:user${i}@contoso.com;smtp:u${i}@contoso.onmicrosoft.com"`;
}

/**
 * Waits for the diagnostics pushed once the edit made after event `before` was linted completely:
 * a large document's run ends its progress, then publishes what is final.
 */
async function publishedAfterRun(client: TestClient, uri: string, before: number): Promise<Diagnostic[]> {
	for (;;) {
		const end = client.progress.find((report) => report.sequence > before && report.value.kind === 'end' && String(report.token).includes(uri));
		const published = client.publishedSequence.get(uri);
		if (end && published !== undefined && published > end.sequence) return client.published.get(uri)!.diagnostics;
		await client.nextEvent();
	}
}

/**
 * Waits until the duplicates pushed for `uri` after event `before` are `expected`, and fails if the
 * third publication still shows others. Publications of an earlier state may come first: a step's
 * documents are published again by whatever else changed their duplicates meanwhile (the workspace
 * read at start-up, the file's own copy leaving the index as the editor's comes in).
 */
async function pushedUntil(client: TestClient, uri: string, before: number, expected: string[], names: Record<string, string> = {}): Promise<void> {
	const seen: string[][] = [];
	for (let after = before; seen.length < 3;) {
		const shown = duplicates(await client.publishedAfter(uri, after), names);
		if (JSON.stringify(shown) === JSON.stringify(expected)) return;
		seen.push(shown);
		after = client.publishedSequence.get(uri)!;
	}
	assert.deepEqual(seen.at(-1), expected, `${names[uri] ?? uri}, pushed: ${JSON.stringify(seen)}`);
}

for (const mode of ['push', 'pull'] as const) {
	test(`across the pieces of a large export (${mode}): an edit far away makes and clears a duplicate at once`, async () => {
		const client = await started({ pull: mode === 'pull', progress: true });
		const users = 6000;
		const rows = [usersHeader];
		for (let i = 0; i < users; i++) rows.push(userRow(i, i === 3000 ? 'user5@contoso.com' : undefined));
		let text = `${rows.join('\r\n')}\r\n`;
		const uri = `file:///tmp/dirlint-duplicates-${mode}.csv`;
		// Users are on line i + 1; user 5 is in the first piece, user 3000 many pieces later.
		assert.ok(text.length > 16 * defaultPieceSize, 'the export spans many pieces');
		assert.ok(text.indexOf('CN=User 3000,') > 8 * defaultPieceSize, 'user 3000 is pieces away from user 5');
		const diagnosticsOf = async (before: number) => (mode === 'pull' ? client.pull(uri) : publishedAfterRun(client, uri, before));

		let before = client.lastSequence;
		await client.open(uri, text);
		// User 5 holds the address as UPN, mail and primary SMTP: one object, three holders, each told of user 3000's UPN.
		const user5 = [rangeOf(text, 6, 'user5@contoso.com', 0), rangeOf(text, 6, 'user5@contoso.com', 1), rangeOf(text, 6, 'SMTP:user5@contoso.com')];
		const user3000 = rangeOf(text, 3001, 'user5@contoso.com');
		assert.deepEqual(duplicates(await diagnosticsOf(before), { [uri]: 'self' }), [
			...user5.map((range) => `${range} <- self#${user3000}`),
			`${user3000} <- ${user5.map((range) => `self#${range}`).sort().join(' ')}`,
		]);

		// User 3000 gets its own UPN back: the duplicate in the first piece goes with the same version's diagnostics.
		before = client.lastSequence;
		const [start] = user3000.split('-');
		const [line, character] = start.split(':').map(Number);
		await client.edit(uri, { start: { line, character }, end: { line, character: character + 'user5'.length } }, 'user3000');
		text = text.replace(',user5@contoso.com,user3000@', ',user3000@contoso.com,user3000@');
		assert.deepEqual(duplicates(await diagnosticsOf(before)), []);

		// User 40's UPN copied onto user 5900, at the far end: both holders show it, each pointing at the other.
		before = client.lastSequence;
		const far = text.split('\r\n')[5901];
		const at = far.indexOf('user5900@contoso.com');
		await client.edit(uri, { start: { line: 5901, character: at }, end: { line: 5901, character: at + 'user5900'.length } }, 'user40');
		text = text.replace(',user5900@contoso.com,user5900@', ',user40@contoso.com,user5900@');
		const user40 = [rangeOf(text, 41, 'user40@contoso.com', 0), rangeOf(text, 41, 'user40@contoso.com', 1), rangeOf(text, 41, 'SMTP:user40@contoso.com')];
		const user5900 = rangeOf(text, 5901, 'user40@contoso.com');
		assert.deepEqual(duplicates(await diagnosticsOf(before), { [uri]: 'self' }), [
			...user40.map((range) => `${range} <- self#${user5900}`),
			`${user5900} <- ${user40.map((range) => `self#${range}`).sort().join(' ')}`,
		]);
		// The message says who else holds it, without the value.
		const diagnostics = mode === 'pull' ? await client.pull(uri) : client.published.get(uri)!.diagnostics;
		const [first] = diagnostics.filter((diagnostic) => diagnostic.code === 'sync.duplicate');
		assert.match(String(first.message), /^This userPrincipalName is also the userPrincipalName of another object in this file\. /);
		assert.deepEqual(first.relatedInformation?.map((info) => info.message), ['Another object holds the same value here, in userPrincipalName.']);
	});
}

/** An LDIF export of the folder, never opened: Cy's primary SMTP address is Ann's secondary one in a.csv. */
const cyLdf = [
	'dn: CN=Cy,OU=Users,DC=contoso,DC=com',
	'objectClass: user',
	'cn: Cy',
	'displayName: Cy',
	'sAMAccountName: cy',
	'userPrincipalName: cy@contoso.com',
	'mail: cy@contoso.com',
	'proxyAddresses: smtp:cy@contoso.com',
	'proxyAddresses: SMTP:Sales@Contoso.com',
	'',
	'',
].join('\r\n');
const annCsv = `${usersHeader}\r\n"CN=Ann,OU=Users,DC=contoso,DC=com",user,Ann,Ann,ann,ann@contoso.com,ann@contoso.com,"SMTP:ann@contoso.com;smtp:sales@contoso.com"\r\n`
	+ `"CN=Bo,OU=Users,DC=contoso,DC=com",user,Bo,Bo,bo,bo@contoso.com,bo@contoso.com,SMTP:bo@contoso.com\r\n`;

test('across the exports of a workspace folder: an open file and one read from disk', async () => {
	const { folder, uri } = workspace({ 'a.csv': annCsv, 'b.ldf': cyLdf });
	const names = { [uri['a.csv']]: 'a.csv', [uri['b.ldf']]: 'b.ldf' };
	const client = await started({ folders: [folder] });
	const annSales = rangeOf(annCsv, 1, 'smtp:sales@contoso.com');
	const cySales = rangeOf(cyLdf, 8, 'SMTP:Sales@Contoso.com');

	// The workspace check publishes the file that is not open, with the duplicate (the other on disk still).
	await client.connection.sendRequest('workspace/executeCommand', { command: 'dirlint.checkWorkspace', arguments: [] });
	assert.deepEqual(duplicates(await client.publishedFor(uri['b.ldf']), names), [`${cySales} <- a.csv#${annSales}`]);

	// Opened, a.csv is the editor's: its diagnostic points at b.ldf's line, which is not open.
	let before = client.lastSequence;
	await client.open(uri['a.csv'], annCsv);
	const opened = await client.publishedFor(uri['a.csv'], 1);
	assert.deepEqual(duplicates(opened, names), [`${annSales} <- b.ldf#${cySales}`]);
	assert.match(String(opened.find((diagnostic) => diagnostic.code === 'sync.duplicate')!.message), /^This proxyAddresses is also the proxyAddresses of an object in b\.ldf\. /);
	// b.ldf's holders lost the file's copy of a.csv and got the editor's: it is published again, the same.
	await pushedUntil(client, uri['b.ldf'], before, [`${cySales} <- a.csv#${annSales}`], names);

	// Ann's secondary address changes: the duplicate goes, in a.csv and in b.ldf's pushed diagnostics.
	before = client.lastSequence;
	const [line, character] = annSales.split('-')[0].split(':').map(Number);
	const secondary = (from: string, to: string) => client.edit(uri['a.csv'], { start: { line, character: character + 'smtp:'.length }, end: { line, character: character + 'smtp:'.length + from.length } }, to);
	let version = await secondary('sales', 'ann.sales');
	assert.deepEqual(duplicates(await client.publishedFor(uri['a.csv'], version)), []);
	await pushedUntil(client, uri['b.ldf'], before, []);

	// And back: it is there again on both sides.
	before = client.lastSequence;
	version = await secondary('ann.sales', 'sales');
	assert.deepEqual(duplicates(await client.publishedFor(uri['a.csv'], version), names), [`${annSales} <- b.ldf#${cySales}`]);
	await pushedUntil(client, uri['b.ldf'], before, [`${cySales} <- a.csv#${annSales}`], names);

	// Cleared in the editor and closed unsaved: the file on disk, which still holds it, counts again
	// (closing clears the editor's diagnostics first; the file read from disk is published after).
	version = await secondary('sales', 'ann.sales');
	assert.deepEqual(duplicates(await client.publishedFor(uri['a.csv'], version)), []);
	before = client.lastSequence;
	await client.close(uri['a.csv']);
	await pushedUntil(client, uri['a.csv'], before, [`${annSales} <- b.ldf#${cySales}`], names);
	await pushedUntil(client, uri['b.ldf'], before, [`${cySales} <- a.csv#${annSales}`], names);
});

test('a value many objects hold: 20 related places each, the count in the words, kept as holders come and go', async () => {
	const rows = ['DN,userPrincipalName,mail'];
	for (let i = 0; i < 25; i++) rows.push(`"CN=U${i},OU=Users,DC=contoso,DC=com",u${i}@contoso.com,team@contoso.com`);
	const text = `${rows.join('\n')}\n`;
	const uri = 'file:///tmp/dirlint-duplicates-many.csv';
	const client = await started({ pull: true });
	await client.open(uri, text);
	const counts = async () => (await client.pull(uri)).filter((diagnostic) => diagnostic.code === 'sync.duplicate')
		.map((diagnostic) => `${/held by (\d+) other objects/.exec(String(diagnostic.message))?.[1]}/${diagnostic.relatedInformation?.length}`);
	assert.deepEqual(await counts(), Array(25).fill('24/20'));
	// U3 takes its own address: 24 holders, each with 23 others.
	await client.edit(uri, { start: { line: 4, character: rows[4].indexOf('team') }, end: { line: 4, character: rows[4].indexOf('team') + 4 } }, 'u3');
	assert.deepEqual(await counts(), Array(24).fill('23/20'));
});

test('dirlint.duplicates.scope file: no duplicate across files; off: none at all', async () => {
	// Bo's alias is also Ann's, in the same file: a duplicate the file scope keeps.
	const text = annCsv.replace('\r\n', ',mailNickname\r\n').replace('smtp:sales@contoso.com"', 'smtp:sales@contoso.com",ann').replace('SMTP:bo@contoso.com', 'SMTP:bo@contoso.com,ANN');
	const { folder, uri } = workspace({ 'a.csv': text, 'b.ldf': cyLdf });
	const names = { [uri['a.csv']]: 'a.csv', [uri['b.ldf']]: 'b.ldf' };
	const client = await started({ folders: [folder] });
	await client.connection.sendRequest('workspace/executeCommand', { command: 'dirlint.checkWorkspace', arguments: [] });
	let before = client.lastSequence;
	await client.open(uri['a.csv'], text);
	const annAlias = rangeOf(text, 1, 'ann', 'last');
	const boAlias = rangeOf(text, 2, 'ANN');
	const annSales = rangeOf(text, 1, 'smtp:sales@contoso.com');
	const cySales = rangeOf(cyLdf, 8, 'SMTP:Sales@Contoso.com');
	const all = [`${annSales} <- b.ldf#${cySales}`, `${annAlias} <- a.csv#${boAlias}`, `${boAlias} <- a.csv#${annAlias}`];
	assert.deepEqual(duplicates(await client.publishedFor(uri['a.csv'], 1), names), all);
	// b.ldf is published again once the editor's a.csv replaced the file's in the index.
	await pushedUntil(client, uri['b.ldf'], before, [`${cySales} <- a.csv#${annSales}`], names);

	const configure = async (settings: Record<string, unknown>) => {
		before = client.lastSequence;
		client.settings = settings;
		await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { dirlint: client.settings } });
	};
	await configure({ duplicates: { scope: 'file' } });
	await pushedUntil(client, uri['a.csv'], before, all.slice(1), names);
	await pushedUntil(client, uri['b.ldf'], before, [], names);

	await configure({ duplicates: { scope: 'off' } });
	await pushedUntil(client, uri['a.csv'], before, []);

	// Back to the workspace: once b.ldf is read again, every duplicate is found again, and a.csv is
	// published with them even where its own lint finished first; the next edit keeps them.
	await configure({});
	await pushedUntil(client, uri['b.ldf'], before, [`${cySales} <- a.csv#${annSales}`], names);
	await pushedUntil(client, uri['a.csv'], before, all, names);
	const eve = '"CN=Eve,OU=Users,DC=contoso,DC=com",user,Eve,Eve,eve,eve@contoso.com,eve@contoso.com,SMTP:eve@contoso.com,eve\r\n';
	const version = await client.edit(uri['a.csv'], { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, eve);
	assert.deepEqual(duplicates(await client.publishedFor(uri['a.csv'], version), names), all);
});

test('the same DN in two files is one object; entries without a DN are each their own', async () => {
	// Dee is in both files (the DN spelt in another case in the LDIF): her UPN twice is no duplicate.
	const deeCsv = `${usersHeader}\r\n"CN=Dee,OU=Users,DC=contoso,DC=com",user,Dee,Dee,dee,dee@contoso.com,dee@contoso.com,SMTP:dee@contoso.com\r\n`;
	const deeLdf = 'dn: cn=dee,ou=users,dc=contoso,dc=com\r\nobjectClass: user\r\ncn: Dee\r\ndisplayName: Dee\r\nsAMAccountName: dee\r\nuserPrincipalName: Dee@Contoso.com\r\n\r\n';
	// Without a DN column every row is an object of its own, in one file and across files.
	const noDn = 'userPrincipalName,mail\r\ngus@contoso.com,gus@contoso.com\r\ngus@contoso.com,\r\n';
	const alsoNoDn = 'userPrincipalName\r\nGus@contoso.com\r\n';
	const { folder, uri } = workspace({ 'dee.csv': deeCsv, 'dee.ldf': deeLdf, 'nodn.csv': noDn, 'nodn2.csv': alsoNoDn });
	const names = Object.fromEntries(Object.entries(uri).map(([name, value]) => [value, name]));
	const client = await started({ pull: true, folders: [folder] });
	await client.connection.sendRequest('workspace/executeCommand', { command: 'dirlint.checkWorkspace', arguments: [] });
	await client.open(uri['dee.csv'], deeCsv);
	await client.open(uri['nodn.csv'], noDn);
	assert.deepEqual(duplicates(await client.pull(uri['dee.csv'])), []);
	assert.deepEqual(duplicates(client.published.get(uri['dee.ldf'])!.diagnostics), []);

	const first = [rangeOf(noDn, 1, 'gus@contoso.com', 0), rangeOf(noDn, 1, 'gus@contoso.com', 1)];
	const second = rangeOf(noDn, 2, 'gus@contoso.com');
	const other = `nodn2.csv#${rangeOf(alsoNoDn, 1, 'Gus@contoso.com')}`;
	assert.deepEqual(duplicates(await client.pull(uri['nodn.csv']), names), [
		...first.map((range) => `${range} <- ${[`nodn.csv#${second}`, other].sort().join(' ')}`),
		`${second} <- ${[...first.map((range) => `nodn.csv#${range}`), other].sort().join(' ')}`,
	]);
	await pushedUntil(client, uri['nodn2.csv'], 0, [
		`${rangeOf(alsoNoDn, 1, 'Gus@contoso.com')} <- ${[...first, second].map((range) => `nodn.csv#${range}`).sort().join(' ')}`,
	], names);
});

test('a related place in another file follows an edit that moves its line', async () => {
	const rows = [usersHeader];
	for (let i = 0; i < 3200; i++) rows.push(userRow(i));
	const large = `${rows.join('\r\n')}\r\n`;
	// Gus (on disk) and Hal (open) hold user 3000's address, which sits pieces after the first.
	const gus = `${usersHeader}\r\n"CN=Gus,OU=Users,DC=contoso,DC=com",user,Gus,Gus,gus,gus@contoso.com,user3000@contoso.com,SMTP:gus@contoso.com\r\n`;
	const hal = `${usersHeader}\r\n"CN=Hal,OU=Users,DC=contoso,DC=com",user,Hal,Hal,hal,hal@contoso.com,hal@contoso.com,smtp:user3000@contoso.com\r\n`;
	const { folder, uri } = workspace({ 'large.csv': large, 'gus.csv': gus, 'hal.csv': hal });
	const client = await started({ folders: [folder], progress: true });
	await client.connection.sendRequest('workspace/executeCommand', { command: 'dirlint.checkWorkspace', arguments: [] });
	let before = client.lastSequence;
	await client.open(uri['hal.csv'], hal);
	await client.publishedFor(uri['hal.csv'], 1);
	await client.open(uri['large.csv'], large);
	await publishedAfterRun(client, uri['large.csv'], before);
	const lineOfUser3000 = (diagnostics: readonly Diagnostic[]) => diagnostics.find((diagnostic) => diagnostic.code === 'sync.duplicate')?.relatedInformation?.find((info) => info.location.uri === uri['large.csv'])?.location.range.start.line;
	// Both are republished once the editor's large.csv replaced the file's; a request answered after that comes after them.
	await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri['large.csv'] }, position: { line: 0, character: 0 } });
	assert.equal(lineOfUser3000(client.published.get(uri['gus.csv'])!.diagnostics), 3001);
	assert.equal(lineOfUser3000(client.published.get(uri['hal.csv'])!.diagnostics), 3001);

	// User 10's row is deleted: user 3000 moves up a line, in a piece that is not linted again.
	before = client.lastSequence;
	await client.edit(uri['large.csv'], { start: { line: 11, character: 0 }, end: { line: 12, character: 0 } }, '');
	await publishedAfterRun(client, uri['large.csv'], before);
	await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri['large.csv'] }, position: { line: 0, character: 0 } });
	assert.equal(lineOfUser3000(client.published.get(uri['gus.csv'])!.diagnostics), 3000, 'the file on disk\'s related place');
	assert.equal(lineOfUser3000(client.published.get(uri['hal.csv'])!.diagnostics), 3000, 'the open file\'s related place (pushed)');
});
