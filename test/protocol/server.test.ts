import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, Hover, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { applyTextEdits, fixtureText, fixtureUri, TestClient } from './lspClient';

const clients: TestClient[] = [];
after(async () => {
	for (const client of clients) await client.shutdown();
});

async function started(options: ConstructorParameters<typeof TestClient>[0] & { pull?: boolean; locale?: string } = {}): Promise<TestClient> {
	const client = new TestClient(options);
	clients.push(client);
	await client.initialize(options);
	return client;
}

function codes(diagnostics: Diagnostic[]): string[] {
	return diagnostics.map((diagnostic) => `${diagnostic.code}@${diagnostic.range.start.line}:${diagnostic.range.start.character}-${diagnostic.range.end.character}`);
}

test('initialize announces the features any editor needs', async () => {
	const client = new TestClient();
	clients.push(client);
	const result = await client.initialize() as { capabilities: Record<string, unknown> };
	assert.equal(result.capabilities.hoverProvider, true);
	assert.equal(result.capabilities.documentSymbolProvider, true);
	assert.deepEqual((result.capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', 'source.fixAll.dirlint']);
	assert.equal(result.capabilities.diagnosticProvider, undefined, 'push client gets no pull provider');
});

test('push diagnostics: the csvde fixture is published with codes, ranges, severities and data', async () => {
	const client = await started();
	const uri = fixtureUri('csvde-users.csv');
	await client.open(uri, fixtureText('csvde-users.csv'));
	const diagnostics = await client.publishedFor(uri, 1);
	assert.equal(diagnostics.length, 15);
	const first = diagnostics[0];
	assert.equal(first.code, 'phone.format');
	assert.equal(first.source, 'dirlint');
	assert.equal(first.severity, 1);
	// Line 3 (0-based 2) of the fixture: `…,+1 (425) 555-0100,…`
	const line = fixtureText('csvde-users.csv').split('\r\n')[2];
	assert.deepEqual(first.range, { start: { line: 2, character: line.indexOf('+1 (425)') }, end: { line: 2, character: line.indexOf('+1 (425)') + '+1 (425) 555-0100'.length } });
	assert.deepEqual((first.data as { fix: { edit: { newText: string } } }).fix.edit.newText, '+1 4255550100');
	assert.ok(diagnostics.some((diagnostic) => diagnostic.severity === 2), 'otherMobile/otherTelephone are warnings');
});

test('pull diagnostics when the client supports them', async () => {
	const client = await started({ pull: true });
	const uri = fixtureUri('ps51-users.csv');
	await client.open(uri, fixtureText('ps51-users.csv'));
	const diagnostics = await client.pull(uri);
	assert.deepEqual(diagnostics.map((diagnostic) => diagnostic.code), [
		'phone.invalid', 'phone.missing-country-code', 'phone.format', 'phone.format', 'phone.missing-country-code',
		'phone.format', 'phone.format', 'phone.format', 'phone.missing-country-code',
	]);
	assert.equal(client.published.size, 0, 'nothing is pushed to a pull client');
});

test('hover on a header and on a value', async () => {
	const client = await started();
	const uri = fixtureUri('csvde-users.csv');
	await client.open(uri, fixtureText('csvde-users.csv'));
	const header = fixtureText('csvde-users.csv').split('\r\n')[0];
	const onHeader = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: header.indexOf('mobile') + 2 } }) as Hover;
	assert.match((onHeader.contents as { value: string }).value, /Mobile phone/);
	assert.deepEqual(onHeader.range, { start: { line: 0, character: header.indexOf(',mobile') + 1 }, end: { line: 0, character: header.indexOf(',mobile') + 7 } });
	const line = fixtureText('csvde-users.csv').split('\r\n')[4];
	const onValue = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: line.indexOf('x2210') } }) as Hover;
	assert.match((onValue.contents as { value: string }).value, /As a phone authentication method: \+44 2079460958 \(office\)/);
});

test('a quick fix and fix-all, applied to the text', async () => {
	const client = await started();
	const uri = fixtureUri('excel-semicolon.csv');
	const text = fixtureText('excel-semicolon.csv');
	await client.open(uri, text);
	const diagnostics = await client.publishedFor(uri, 1);
	const target = diagnostics.find((diagnostic) => diagnostic.code === 'phone.missing-country-code')!;
	const actions = await client.connection.sendRequest('textDocument/codeAction', {
		textDocument: { uri }, range: target.range, context: { diagnostics: [target], only: ['quickfix'] },
	}) as CodeAction[];
	const quickFix = actions.find((action) => action.isPreferred)!;
	assert.equal(quickFix.title, 'Write +49 30901820');
	const change = quickFix.edit!.documentChanges![0] as TextDocumentEdit;
	assert.equal(change.textDocument.version, 1);
	assert.equal(applyTextEdits(text, change.edits), text.replace(';030 901820;', ';+49 30901820;'));
	assert.ok(actions.some((action) => action.title === 'Fix all fixable problems in this file'));

	const fixAll = await client.connection.sendRequest('textDocument/codeAction', {
		textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] },
	}) as CodeAction[];
	assert.equal(fixAll.length, 1);
	assert.equal(fixAll[0].kind, 'source.fixAll.dirlint');
	const fixed = applyTextEdits(text, (fixAll[0].edit!.documentChanges![0] as TextDocumentEdit).edits);
	assert.ok(fixed.startsWith('\ufeffDN;cn;'), 'BOM and header stay');
	assert.equal(fixed.split('\r\n').length, text.split('\r\n').length, 'CRLF line endings stay');
	const version = await client.change(uri, fixed);
	const after = await client.publishedFor(uri, version);
	assert.deepEqual(after.filter((diagnostic) => (diagnostic.data as { fix?: unknown }).fix), []);
});

test('a quick fix computed for an older version is not offered', async () => {
	const client = await started();
	const uri = 'file:///tmp/stale.csv';
	await client.open(uri, 'DN,mobile\n"CN=a",+1 (425) 555-0100\n');
	const [stale] = await client.publishedFor(uri, 1);
	const version = await client.change(uri, 'DN,mobile\n"CN=Alice Long,DC=c",+1 (425) 555-0100\n');
	const actions = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: stale.range, context: { diagnostics: [stale] } }) as CodeAction[];
	assert.deepEqual(actions, []);
	const [fresh] = await client.publishedFor(uri, version);
	const again = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: fresh.range, context: { diagnostics: [fresh] } }) as CodeAction[];
	assert.equal(applyTextEdits('DN,mobile\n"CN=Alice Long,DC=c",+1 (425) 555-0100\n', (again[0].edit!.documentChanges![0] as TextDocumentEdit).edits), 'DN,mobile\n"CN=Alice Long,DC=c",+1 4255550100\n');
});

test('a settings change re-lints with the new region', async () => {
	const client = await started({ settings: {} });
	const uri = 'file:///tmp/no-region.csv';
	const text = 'DN,mobile\nCN=a,07911 123456\n';
	await client.open(uri, text);
	const before = await client.publishedFor(uri, 1);
	assert.equal((before[0].data as { fix?: unknown }).fix, undefined);
	assert.match(String(before[0].message), /dirlint\.defaultRegion/);
	client.published.delete(uri);
	client.settings = { defaultRegion: 'GB' };
	await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { dirlint: client.settings } });
	const afterChange = await client.publishedFor(uri, 1);
	assert.equal((afterChange[0].data as { fix: { edit: { newText: string } } }).fix.edit.newText, '+44 7911123456');
});

test('dirlint.enable false clears the diagnostics', async () => {
	const client = await started({ settings: { enable: false } });
	const uri = 'file:///tmp/disabled.csv';
	await client.open(uri, 'mobile\n+1 425 555 0100\n');
	assert.deepEqual(await client.publishedFor(uri, 1), []);
});

test('messages in Chinese when the client\'s locale is zh-cn', async () => {
	const client = await started({ locale: 'zh-cn' });
	const uri = 'file:///tmp/zh.csv';
	await client.open(uri, 'mobile\n+1 425 555 0100\n');
	const [diagnostic] = await client.publishedFor(uri, 1);
	assert.equal(diagnostic.code, 'phone.format');
	assert.match(String(diagnostic.message), /[\u4e00-\u9fff]/, String(diagnostic.message));
	assert.match(String(diagnostic.message), /\+1 4255550100/);
});

test('a code action for a missing region offers the setting only to clients that can open it', async () => {
	const plain = await started();
	const uri = 'file:///tmp/region-action.csv';
	await plain.open(uri, 'mobile\n07911 123456\n');
	const [diagnostic] = await plain.publishedFor(uri, 1);
	const request = { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } };
	assert.deepEqual(await plain.connection.sendRequest('textDocument/codeAction', request), []);
	const vscodeLike = await started({ initializationOptions: { clientCommands: ['dirlint.openSetting'] } });
	await vscodeLike.open(uri, 'mobile\n07911 123456\n');
	await vscodeLike.publishedFor(uri, 1);
	const actions = await vscodeLike.connection.sendRequest('textDocument/codeAction', request) as CodeAction[];
	assert.equal(actions[0].command?.command, 'dirlint.openSetting');
	assert.deepEqual(actions[0].command?.arguments, ['dirlint.defaultRegion']);
});

test('the broken fixture reports csv.parse problems and still checks the rest', async () => {
	const client = await started();
	const uri = fixtureUri('broken.csv');
	await client.open(uri, fixtureText('broken.csv'));
	assert.deepEqual(codes(await client.publishedFor(uri, 1)), [
		'phone.format@1:60-75', 'csv.parse@2:0-65', 'csv.parse@3:0-86', 'csv.parse@4:50-81', 'phone.format@5:44-59',
	]);
});

test('workspace/executeCommand dirlint.applyAllFixes asks the client to apply one versioned edit', async () => {
	const client = await started();
	const uri = 'file:///tmp/command.csv';
	await client.open(uri, 'mobile\n+1 425 555 0100\n+44 20 7946 0958\n');
	await client.publishedFor(uri, 1);
	await client.connection.sendRequest('workspace/executeCommand', { command: 'dirlint.applyAllFixes', arguments: [uri] });
	const edit = client.appliedEdits[0] as { documentChanges: TextDocumentEdit[] };
	assert.equal(edit.documentChanges[0].textDocument.version, 1);
	assert.equal(applyTextEdits('mobile\n+1 425 555 0100\n+44 20 7946 0958\n', edit.documentChanges[0].edits), 'mobile\n+1 4255550100\n+44 2079460958\n');
});
