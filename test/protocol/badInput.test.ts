/**
 * Bad input through the language server: the exports of test/tools/badInputs.ts, opened in the
 * editor or read from the workspace folder, give their diagnostics (lone surrogates and NULs
 * crossing JSON-RPC both ways), files the server cannot read as text are logged and left out, and
 * the server still answers a hover afterwards.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { TestClient } from './lspClient';
import { hugeBase64Ldif, identityHeader, longUpnCsv, longUpnLdif, loneSurrogatesCsv, loneSurrogatesLdif, manyProxiesCsv, manyProxiesLdif, nulCsv, nulLdif, userRow } from '../tools/badInputs';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dirlint-bad-input-'));
// Duplicates within each file: the inputs share their users, which is not what they are about.
const client = new TestClient({ settings: { maxProblems: 100000, duplicates: { scope: 'file' } } });
after(async () => {
	await client.shutdown();
	fs.rmSync(folder, { recursive: true, force: true });
});

fs.writeFileSync(path.join(folder, 'huge.ldf'), hugeBase64Ldif);
fs.writeFileSync(path.join(folder, 'proxies.csv'), manyProxiesCsv);
fs.writeFileSync(path.join(folder, 'nul.csv'), nulCsv(false));
// WTF-8: the bytes a lone surrogate takes when a tool writes UTF-16 strings byte by byte.
fs.writeFileSync(path.join(folder, 'lone.csv'), Buffer.concat([Buffer.from(`${identityHeader}\r\n${userRow('Ann', 'ann')}`), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('@contoso.com\r\n')]));

const logged: string[] = [];
client.connection.onNotification('window/logMessage', (params: { message: string }) => void logged.push(params.message));

const codes = (diagnostics: readonly Diagnostic[]) => diagnostics.map((diagnostic) => `${diagnostic.code}@${diagnostic.range.start.line}:${diagnostic.range.start.character}`);

/** The 0-based line and character of the `nth` occurrence of `value`, as `line:character`. */
function at(text: string, value: string, nth = 0): string {
	let offset = -1;
	for (let i = 0; i <= nth; i++) offset = text.indexOf(value, offset + 1);
	assert.ok(offset >= 0, value);
	const before = text.slice(0, offset).split(/\r\n|\r|\n/);
	return `${before.length - 1}:${before.at(-1)!.length}`;
}

async function hoverOn(uri: string, text: string, word: string): Promise<string> {
	const [line, character] = at(text, word).split(':').map(Number);
	const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: character + 2 } }) as Hover | null;
	assert.ok(hover, `a hover on ${word}`);
	return (hover.contents as { value: string }).value;
}

const opened: { name: string; text: string; expected: string[] }[] = [
	{ name: 'proxies.csv', text: manyProxiesCsv, expected: [`sync.duplicate@${at(manyProxiesCsv, 'smtp:p5000@')}`, `sync.duplicate@${at(manyProxiesCsv, 'p5000@', 1)}`] },
	{ name: 'proxies.ldf', text: manyProxiesLdif, expected: [`sync.duplicate@${at(manyProxiesLdif, 'smtp:p5000@')}`, `sync.duplicate@${at(manyProxiesLdif, 'p5000@', 1)}`] },
	{ name: 'long.csv', text: longUpnCsv, expected: [`sync.length@${at(longUpnCsv, 'aaaa')}`] },
	{ name: 'long.ldf', text: longUpnLdif, expected: [`sync.length@${at(longUpnLdif, 'aaaa')}`] },
	{ name: 'nul.csv', text: nulCsv(false), expected: [`sync.character@${at(nulCsv(false), '\u0000')}`] },
	{ name: 'nul.ldf', text: nulLdif(false), expected: [`sync.character@${at(nulLdif(false), '\u0000')}`] },
	{
		name: 'lone.csv', text: loneSurrogatesCsv,
		expected: [`sync.character@${at(loneSurrogatesCsv, '\udc00')}`, `sync.character@${at(loneSurrogatesCsv, '\ud800', 1)}`, `sync.character@${at(loneSurrogatesCsv, '\udfff')}`, `phone.invalid@${at(loneSurrogatesCsv, '+1 425\ud800')}`],
	},
	{
		name: 'lone.ldf', text: loneSurrogatesLdif,
		expected: [`sync.character@${at(loneSurrogatesLdif, '\ud800', 2)}`, `sync.character@${at(loneSurrogatesLdif, '\ud800', 3)}`, `sync.character@${at(loneSurrogatesLdif, '\ud800', 4)}`, `sync.character@${at(loneSurrogatesLdif, '\udfff')}`, `phone.invalid@${at(loneSurrogatesLdif, '+1 425\ud800')}`],
	},
	{ name: 'huge.ldf', text: hugeBase64Ldif, expected: [`sync.length@${at(hugeBase64Ldif, 'dXV1')}`] },
];

test('bad exports opened in the editor: diagnostics at their places, and hovers still answered', async () => {
	await client.initialize({ folders: [folder] });
	for (const { name, text, expected } of opened) {
		const uri = `file:///tmp/dirlint-bad/${name}`;
		await client.open(uri, text, name.endsWith('.ldf') ? 'ldif' : 'csv');
		const diagnostics = await client.publishedFor(uri, 1);
		assert.deepEqual(codes(diagnostics), expected, name);
		for (const diagnostic of diagnostics) assert.ok(String(diagnostic.message).length < 1000, `${name}: a message never quotes 100 KB`);
	}
	// The lone surrogate came back through JSON-RPC as it went: in the words that quote the value.
	const lone = client.published.get('file:///tmp/dirlint-bad/lone.csv')!.diagnostics;
	assert.match(String(lone[0].message), /^displayName "Ann\udc00" contains invisible or control characters \(U\+DC00\)/);
	for (const { name, text } of opened) {
		const markdown = await hoverOn(`file:///tmp/dirlint-bad/${name}`, text, 'userPrincipalName');
		assert.match(markdown, /userPrincipalName/, name);
	}
});

test('bad exports in the workspace folder: the readable ones checked, the others logged and left out', async () => {
	const uri = (name: string) => pathToFileURL(path.join(folder, name)).href;
	const result = await client.connection.sendRequest('workspace/executeCommand', { command: 'dirlint.checkWorkspace', arguments: [] }) as { files: number; problems: number };
	// The two readable files of the folder, and the nine documents open.
	assert.equal(result.files, 2 + opened.length);
	assert.deepEqual(codes(await client.publishedFor(uri('huge.ldf'))), opened.find((item) => item.name === 'huge.ldf')!.expected);
	assert.deepEqual(codes(await client.publishedFor(uri('proxies.csv'))), opened.find((item) => item.name === 'proxies.csv')!.expected);
	assert.equal(client.published.has(uri('nul.csv')), false);
	assert.equal(client.published.has(uri('lone.csv')), false);
	for (const name of ['nul.csv', 'lone.csv']) {
		assert.ok(logged.includes(`dirlint: ${path.join(folder, name)} is neither UTF-8 nor UTF-16 text; it is not read for duplicates`), `${name}: ${logged.join('\n')}`);
	}
	// Still answering.
	assert.match(await hoverOn('file:///tmp/dirlint-bad/huge.ldf', hugeBase64Ldif, 'mail'), /mail/);
});
