/**
 * One piece pipeline: the language server's path (DocumentLint over the editor's text, cut into
 * pieces of many sizes) and the CLI's path (lintFile over the file's bytes, read in chunks of many
 * sizes) give the same findings for the same export, at the same lines and columns, with the same
 * words and fixes, duplicates included. Exports with CR-only, LF and CRLF line ends, quoted line
 * breaks, a BOM and `#TYPE` line, blank lines before the header, LDIF folds and base64.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveSettings, Settings } from '../../shared/src/settings';
import { createLinter, formatOf } from '../../server/src/engine/linter';
import { findingMessage, fixTitleOf } from '../../server/src/engine/pieces';
import { DocumentLint } from '../../server/src/languageServer/documentLint';
import { DuplicateState } from '../../server/src/languageServer/duplicateState';
import { WorkerPool } from '../../server/src/languageServer/workerPool';
import { lintFile } from '../../server/src/cli/fileLinter';
import { KeyTable } from '../../server/src/cli/keyTable';
import type { LocatedFinding } from '../../server/src/cli/pieceLinter';
import { inThread } from '../../server/src/cli/pieceRunners';
import { lineIndex, repoRoot, scratchFile } from './cliHarness';

/** One finding, as both paths can say it: code, place, words, fix. */
type Said = string;

async function serverPath(text: string, format: 'csv' | 'ldif', settings: Settings, pieceSize: number): Promise<Said[]> {
	const lint = new DocumentLint('file:///x', format, settings, new WorkerPool(undefined, 'en'), createLinter(), new DuplicateState(), pieceSize);
	lint.lintAll(text, settings);
	await lint.whenComplete();
	const at = lineIndex(text);
	return lint.findings().shown.map((finding) => {
		const start = at(finding.start);
		const end = at(finding.end);
		const fix = finding.fix ? ` fix ${JSON.stringify(finding.fix.newText)} at ${at(finding.fix.start).line}:${at(finding.fix.start).column} "${fixTitleOf(finding)}"` : '';
		const related = finding.related?.map((place) => `${at(place.start).line}:${at(place.start).column}`).join(',') ?? '';
		return `${start.line}:${start.column}-${end.line}:${end.column} ${finding.severity} ${finding.code} ${findingMessage(finding)}${fix}${related ? ` also ${related}` : ''}`;
	});
}

async function cliPath(file: string, settings: Settings, chunkSize: number): Promise<Said[]> {
	const found: LocatedFinding[] = [];
	const keys = new KeyTable([file]);
	await lintFile(file, { settings, fix: false, chunkSize, runner: inThread, report: async (findings) => void found.push(...findings), keys: (located, linesBefore) => keys.add(0, located, linesBefore) });
	for (const findings of keys.judge(settings).values()) found.push(...findings);
	found.sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
	return found.map((finding) => {
		const { range } = finding;
		const fix = finding.fix ? ` fix ${JSON.stringify(finding.fix.newText)} at ${finding.fix.range.line}:${finding.fix.range.column} "${finding.fix.title}"` : '';
		const related = finding.related?.map((place) => `${place.range.line}:${place.range.column}`).join(',') ?? '';
		return `${range.line}:${range.column}-${range.endLine}:${range.endColumn} ${finding.severity} ${finding.code} ${finding.message}${fix}${related ? ` also ${related}` : ''}`;
	});
}

function sampleExports(): { name: string; text: string; generated?: boolean }[] {
	const rows = ['DN,telephoneNumber,mobile,otherMobile,c'];
	const forms = ['+1 (425) 555-0100', '020 7946 0958', '+44 20 7946 0958 x12', 'n/a', '"+1 425\n555 0199"', '+49 30 901820', '"+1 4255550123;0425 555 0102"'];
	for (let i = 0; i < 60; i++) rows.push(`"CN=User ${i},DC=x",${forms[i % forms.length]},${forms[(i * 3 + 1) % forms.length]},${forms[(i * 5 + 2) % forms.length]},${i % 4 ? 'US' : 'GB'}`);
	const csv = `${rows.join('\n')}\n`;
	const list: { name: string; text: string; generated?: boolean }[] = [
		{ name: 'lf.csv', text: csv },
		{ name: 'crlf.csv', text: csv.replace(/\n/g, '\r\n') },
		// CR-only: records end at a lone CR (the CLI used to end them only at LF, and gave such a file no header).
		{ name: 'cr.csv', text: csv.replace(/\n/g, '\r') },
		{ name: 'ps51.csv', text: `\ufeff#TYPE Microsoft.ActiveDirectory.Management.ADUser\r\n\r\n${csv.replace(/\n/g, '\r\n')}` },
		{ name: 'unclosed.csv', text: csv.replace('"CN=User 7,DC=x",', '"CN=User 7,DC=x,') },
	].map((item) => ({ ...item, generated: true }));
	for (const name of fs.readdirSync(path.join(repoRoot, 'test/fixtures'))) {
		if (/\.(csv|ldf|ldif)$/.test(name)) list.push({ name, text: fs.readFileSync(path.join(repoRoot, 'test/fixtures', name), 'utf8') });
	}
	return list;
}

test('the server\'s pieces and the CLI\'s chunks give the same findings, for every cut', async () => {
	const settings = resolveSettings({ maxProblems: 1_000_000, checkAllPhoneAttributes: true });
	for (const { name, text, generated } of sampleExports()) {
		const format = formatOf(name);
		const file = scratchFile(name, text);
		const reference = await serverPath(text, format, settings, 1 << 20);
		if (generated) assert.ok(reference.length > 0, `${name} has findings`);
		for (const pieceSize of [1, 64, 500]) assert.deepEqual(await serverPath(text, format, settings, pieceSize), reference, `${name}: server pieces of ${pieceSize}`);
		for (const chunkSize of [1, 7, 64, 1000, 1 << 16]) assert.deepEqual(await cliPath(file, settings, chunkSize), reference, `${name}: CLI chunks of ${chunkSize}`);
	}
});
