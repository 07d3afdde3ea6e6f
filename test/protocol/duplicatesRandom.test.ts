/**
 * The server's incremental duplicate index must give what a fresh judgement of the whole workspace
 * gives. A workspace of three exports (a CSV and an LDIF file open in the editor, a CSV only on
 * disk) takes random edits in the open files: an address or alias set to a value another object
 * holds or to a fresh one, a row or record deleted or pasted, a line broken or joined, a DN changed
 * (to another object's, which makes the two one object). After each edit the open files' pulled
 * diagnostics and the file on disk's pushed ones (after the workspace check) are compared, holder by
 * holder with every related place, with the engine's keys of every file's whole text grouped here.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient } from './lspClient';
import { createLinter } from '../../server/src/engine/linter';
import { maxRelatedPlaces } from '../../server/src/engine/duplicates';
import { lastAtOrBefore, type Entry, type ExportFormat } from '../../server/src/engine/model';
import { defaultPieceSize } from '../../server/src/languageServer/documentLint';
import { resolveSettings } from '../../shared/src/settings';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dirlint-duplicates-random-'));
const client = new TestClient({ settings: { maxProblems: 100000 } });
after(async () => {
	await client.shutdown();
	fs.rmSync(folder, { recursive: true, force: true });
});

const linter = createLinter();
const settings = resolveSettings({ maxProblems: 100000 });

interface File {
	name: string;
	uri: string;
	format: ExportFormat;
	text: string;
	open: boolean;
}

let seed = 20261204;
function random(n: number): number {
	seed = (seed * 1103515245 + 12345) & 0x7fffffff;
	// The high bits: an LCG's low bits repeat with short periods.
	return (seed >>> 8) % n;
}
const pick = <T>(items: readonly T[]): T => items[random(items.length)];

function lineStarts(text: string): number[] {
	const starts = [0];
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
	}
	return starts;
}

function positionIn(starts: readonly number[], offset: number): { line: number; character: number } {
	const line = lastAtOrBefore(starts, offset);
	return { line, character: offset - starts[line] };
}

type Range = Diagnostic['range'];
const place = (range: Range) => `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;

/**
 * The fresh judgement: every file's keys from its whole text, grouped by namespace and key; a
 * group two objects hold (a DN lower-cased, or an entry without one) is reported on every holder
 * with the others as related places. Per file, in document order: `range <- uri#range ...`.
 */
function judged(files: readonly File[]): Map<string, string[]> {
	interface Holder { uri: string; start: number; range: string; entity: string; attribute: string }
	const groups = new Map<string, Holder[]>();
	for (const file of files) {
		const result = linter.check(linter.read(file.text, file.format, settings), settings)!;
		const starts = lineStarts(file.text);
		for (const key of result.keys) {
			const range = place({ start: positionIn(starts, key.span.start), end: positionIn(starts, key.span.end) });
			const group = `${key.namespace}\u0000${key.key}`;
			const holder = { uri: file.uri, start: key.span.start, range, entity: key.entity || `${file.uri}#${key.entry}`, attribute: key.attribute };
			const holders = groups.get(group);
			if (holders) holders.push(holder);
			else groups.set(group, [holder]);
		}
	}
	const byFile = new Map<string, { start: number; said: string }[]>(files.map((file) => [file.uri, []]));
	for (const holders of groups.values()) {
		if (new Set(holders.map((holder) => holder.entity)).size < 2) continue;
		for (const holder of holders) {
			const others = holders.filter((other) => other.entity !== holder.entity);
			assert.ok(others.length <= maxRelatedPlaces, 'the test keeps groups small enough to list every other holder');
			const related = others.map((other) => `${other.uri}#${other.range} ${other.attribute}`).sort();
			const objects = new Set(others.map((other) => other.entity)).size;
			byFile.get(holder.uri)!.push({ start: holder.start, said: `${holder.range} ${holder.attribute} (${objects}) <- ${related.join(', ')}` });
		}
	}
	return new Map([...byFile].map(([uri, list]) => [uri, list.sort((a, b) => a.start - b.start).map((item) => item.said)]));
}

/**
 * The server's duplicates of one file, said the same way: the attribute and the count of other
 * objects from the message, each related place's attribute from its message.
 */
function said(diagnostics: readonly Diagnostic[]): string[] {
	return diagnostics
		.filter((diagnostic) => diagnostic.code === 'sync.duplicate')
		.map((diagnostic) => {
			const message = String(diagnostic.message);
			const attribute = /^This (\w+) is also /.exec(message)?.[1];
			const objects = /held by (\d+) other objects/.exec(message)?.[1] ?? '1';
			const related = (diagnostic.relatedInformation ?? []).map((info) => `${info.location.uri}#${place(info.location.range)} ${/, in (\w+)\.$/.exec(info.message)?.[1]}`).sort();
			return `${place(diagnostic.range)} ${attribute} (${objects}) <- ${related.join(', ')}`;
		});
}

const csvHeader = 'DN,objectClass,cn,displayName,sAMAccountName,userPrincipalName,mail,mailNickname,proxyAddresses';
const dnOf = (name: string, ou = 'Users') => `CN=${name},OU=${ou},DC=contoso,DC=com`;
function csvRow(name: string, upn: string, mail: string, alias: string, proxies: string[]): string {
	return `"${dnOf(name)}",user,${name},${name},${name.toLowerCase()},${upn},${mail},${alias},"${proxies.join(';')}"`;
}
function ldifRecord(name: string, upn: string, mail: string, alias: string, proxies: string[]): string {
	return [`dn: ${dnOf(name)}`, 'objectClass: user', `cn: ${name}`, `displayName: ${name}`, `sAMAccountName: ${name.toLowerCase()}`,
		`userPrincipalName: ${upn}`, `mail: ${mail}`, `mailNickname: ${alias}`, ...proxies.map((proxy) => `proxyAddresses: ${proxy}`), '', ''].join('\n');
}
/** A user whose UPN, mail and primary SMTP address agree, with one secondary address. */
function user(name: string): [string, string, string, string, string[]] {
	const address = `${name.toLowerCase()}@contoso.com`;
	return [name, address, address, name.toLowerCase(), [`SMTP:${address}`, `smtp:${name.toLowerCase()}.alt@contoso.com`]];
}

function writeFile(name: string, text: string, open: boolean): File {
	const full = path.join(folder, name);
	fs.writeFileSync(full, text);
	return { name, uri: pathToFileURL(full).href, format: name.endsWith('.ldf') ? 'ldif' : 'csv', text, open };
}

const identityNames = new Set(['userPrincipalName', 'mail', 'mailNickname', 'proxyAddresses']);

/** The values an edit can write over: written as they are (no quotes doubled, no base64), of the attributes that make keys. */
function writableValues(file: File): { entry: Entry; start: number; end: number; attribute: string; text: string }[] {
	const values = [];
	for (const entry of linter.read(file.text, file.format, settings).entries) {
		for (const attribute of entry.attributes) {
			if (!identityNames.has(attribute.info.ldapName)) continue;
			for (const value of attribute.values) {
				if (value.encoding === 'plain' && value.span.end - value.span.start === value.text.length && value.text !== '') {
					values.push({ entry, start: value.span.start, end: value.span.end, attribute: attribute.info.ldapName, text: value.text });
				}
			}
		}
	}
	return values;
}

/**
 * What an edit can copy from one file: the addresses and aliases its objects hold (as keys, so
 * lower-cased), and its DNs, those of objects holding a duplicate first.
 */
function heldValues(file: File): { addresses: string[]; aliases: string[]; dns: string[]; duplicatedDns: string[] } {
	const addresses = new Set<string>();
	const aliases = new Set<string>();
	const dns = new Set<string>();
	const document = linter.read(file.text, file.format, settings);
	for (const entry of document.entries) if (entry.dn) dns.add(entry.dn);
	const keys = linter.check(document, settings)!.keys;
	const counts = new Map<string, number>();
	for (const key of keys) {
		if (key.namespace === 'sync:address') addresses.add(key.key);
		else if (key.namespace === 'sync:mailNickname') aliases.add(key.key);
		counts.set(`${key.namespace}\u0000${key.key}`, (counts.get(`${key.namespace}\u0000${key.key}`) ?? 0) + 1);
	}
	const duplicatedDns = new Set<string>();
	for (const key of keys) {
		const entry = document.entries[key.entry];
		if (entry.dn && counts.get(`${key.namespace}\u0000${key.key}`)! > 1) duplicatedDns.add(entry.dn);
	}
	return { addresses: [...addresses], aliases: [...aliases], dns: [...dns], duplicatedDns: [...duplicatedDns] };
}

/** The offset of the start of the line after `offset` (or the text's end). */
function nextLineStart(text: string, offset: number): number {
	const newline = text.indexOf('\n', offset);
	return newline < 0 ? text.length : newline + 1;
}

type Edit = [start: number, end: number, text: string];

test('random edits across open and unopened exports give the duplicates of a fresh judgement', async () => {
	const a: string[] = [csvHeader];
	for (let i = 0; i < 800; i++) a.push(csvRow(...user(`A${i}`)));
	const b: string[] = [];
	for (let i = 0; i < 260; i++) b.push(ldifRecord(...user(`B${i}`)));
	const c: string[] = [csvHeader];
	for (let i = 0; i < 40; i++) c.push(csvRow(...user(`C${i}`)));
	// A few duplicates to start with: C0 holds A700's address, C1 B200's alias, C2 is A750 in another OU.
	c[1] = csvRow('C0', 'c0@contoso.com', 'c0@contoso.com', 'c0', ['SMTP:c0@contoso.com', 'smtp:A700@contoso.com']);
	c[2] = csvRow('C1', 'c1@contoso.com', 'c1@contoso.com', 'b200', ['SMTP:c1@contoso.com']);
	c[3] = csvRow('C2', 'a750@contoso.com', 'c2@contoso.com', 'c2', ['SMTP:c2@contoso.com']);
	const files = [
		writeFile('a.csv', `${a.join('\r\n')}\r\n`, true),
		writeFile('b.ldf', b.join('\n'), true),
		writeFile('c.csv', `${c.join('\r\n')}\r\n`, false),
	];
	const [fileA, fileB, fileC] = files;
	assert.ok(fileA.text.length > 3 * defaultPieceSize && fileB.text.length > defaultPieceSize, 'the open files span several pieces');

	await client.initialize({ pull: true, folders: [folder] });
	await client.connection.sendRequest('workspace/executeCommand', { command: 'dirlint.checkWorkspace', arguments: [] });
	for (const file of files) if (file.open) await client.open(file.uri, file.text, file.format === 'ldif' ? 'ldif' : 'csv');

	let expected = judged(files);
	assert.ok(expected.get(fileC.uri)!.length >= 3, 'the file on disk starts with duplicates');

	/** Compares every file with the fresh judgement. */
	async function compare(context: string): Promise<void> {
		expected = judged(files);
		const open = files.filter((candidate) => candidate.open);
		// A pull answers once its document's lint is complete: after one of each, every file's duplicates are final.
		for (const file of open) await client.pull(file.uri);
		for (const file of open) assert.deepEqual(said(await client.pull(file.uri)), expected.get(file.uri), `${context}: ${file.name}`);
		// The file on disk, as the workspace check pushes it now (the server's own pushes after an edit are
		// test/protocol/duplicates.test.ts's).
		await client.connection.sendRequest('workspace/executeCommand', { command: 'dirlint.checkWorkspace', arguments: [] });
		assert.deepEqual(said(client.published.get(fileC.uri)!.diagnostics), expected.get(fileC.uri), `${context}: ${fileC.name}`);
	}
	await compare('opened');

	let fresh = 0;
	const edits: [string, (file: File) => Edit | undefined][] = [
		['a held value', (file) => {
			const value = pick(writableValues(file));
			// Another object's value, from any file, the one on disk as likely as the open ones.
			const held = heldValues(pick(files));
			if (value.attribute === 'mailNickname') return [value.start, value.end, pick(held.aliases).toUpperCase()];
			const address = pick(held.addresses);
			return [value.start, value.end, value.attribute === 'proxyAddresses' ? `${pick(['smtp:', 'SMTP:'])}${address}` : address];
		}],
		['a fresh value', (file) => {
			const value = pick(writableValues(file));
			const text = `fresh${++fresh}`;
			if (value.attribute === 'mailNickname') return [value.start, value.end, text];
			return [value.start, value.end, value.attribute === 'proxyAddresses' ? `smtp:${text}@contoso.com` : `${text}@contoso.com`];
		}],
		['delete an entry', (file) => {
			const entry = pick(linter.read(file.text, file.format, settings).entries);
			let end = nextLineStart(file.text, entry.span.end);
			if (file.format === 'ldif') end = nextLineStart(file.text, end);
			return [entry.span.start, Math.min(end, file.text.length), ''];
		}],
		['paste an entry', (file) => {
			const entries = linter.read(file.text, file.format, settings).entries;
			const held = heldValues(pick(files));
			const name = `P${++fresh}`;
			const fields: [string, string, string, string, string[]] = [name, pick(held.addresses), `${name.toLowerCase()}@contoso.com`, pick(held.aliases), [`SMTP:${pick(held.addresses)}`]];
			if (file.format === 'csv') {
				const at = nextLineStart(file.text, pick(entries).span.end);
				return [at, at, `${csvRow(...fields)}\r\n`];
			}
			const entry = pick(entries);
			const at = nextLineStart(file.text, nextLineStart(file.text, entry.span.end));
			return [at, at, ldifRecord(...fields)];
		}],
		['break a line', (file) => {
			const value = pick(writableValues(file));
			const at = value.start + random(value.end - value.start);
			return [at, at, file.format === 'csv' ? '\r\n' : '\n'];
		}],
		['join two lines', (file) => {
			const value = pick(writableValues(file));
			const newline = file.text.indexOf('\n', value.end);
			if (newline < 0) return undefined;
			return file.text[newline - 1] === '\r' ? [newline - 1, newline + 1, ''] : [newline, newline + 1, ''];
		}],
		['change a DN', (file) => {
			const entry = pick(linter.read(file.text, file.format, settings).entries.filter((candidate) => candidate.dnSpan));
			// Another object's DN (in any case: DNs compare without it), or a new one.
			const held = heldValues(pick(files));
			const dn = random(3) === 0 ? dnOf(`N${++fresh}`) : pick(held.duplicatedDns.length > 0 && random(2) === 0 ? held.duplicatedDns : held.dns);
			return [entry.dnSpan!.start, entry.dnSpan!.end, random(2) === 0 ? dn.toLowerCase() : dn];
		}],
	];

	for (let round = 0; round < 40; round++) {
		const file = pick(files.filter((candidate) => candidate.open));
		const [name, make] = pick(edits);
		const edit = make(file);
		if (!edit) continue;
		const [start, end, text] = edit;
		const starts = lineStarts(file.text);
		await client.edit(file.uri, { start: positionIn(starts, start), end: positionIn(starts, end) }, text);
		file.text = file.text.slice(0, start) + text + file.text.slice(end);
		await compare(`round ${round}: ${name} in ${file.name} at ${start}`);
	}
});
