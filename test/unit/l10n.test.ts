/**
 * Localization stays complete: every message the code passes to l10n.t (server and engine, via
 * @vscode/l10n) or vscode.l10n.t (client), every catalogue text and fact wording shown in hovers,
 * and every %key% of package.json has its zh-cn translation, and the bundles hold no stale keys.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { attributeCatalogue } from '../../shared/src/catalogue';
import { codeTable } from '../../shared/src/codes';
import { facts } from '../../shared/src/facts';
import { repoRoot } from './engineHarness';

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return entry.name.endsWith('.ts') ? [full] : [];
	});
}

/** The message keys in the sources: the first argument of every l10n.t('…') call. */
export function messageKeys(): Set<string> {
	const keys = new Set<string>();
	for (const dir of ['server/src', 'client/src', 'shared/src']) {
		for (const file of sourceFiles(path.join(repoRoot, dir))) {
			const source = fs.readFileSync(file, 'utf8');
			for (const match of source.matchAll(/\bl10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) keys.add(match[1].replace(/\\(.)/g, '$1'));
		}
	}
	for (const info of attributeCatalogue) {
		if (info.azureField) keys.add(info.azureField);
		keys.add(info.ssprUse);
		if (info.syncError) keys.add(info.syncError);
		if (info.limit) keys.add(info.limit);
	}
	// Each code's one-line description (SARIF's rule list, in the --locale language).
	for (const info of Object.values(codeTable)) keys.add(info.description);
	for (const fact of facts) {
		keys.add(fact.statement);
		if (fact.announcement) keys.add(fact.announcement);
	}
	return keys;
}

function bundle(name: string): Record<string, string> {
	return JSON.parse(fs.readFileSync(path.join(repoRoot, name), 'utf8'));
}

test('every message has a zh-cn translation and the bundle has no stale keys', () => {
	const keys = messageKeys();
	const zh = bundle('l10n/bundle.l10n.zh-cn.json');
	const missing = [...keys].filter((key) => !(key in zh));
	assert.deepEqual(missing, [], `missing zh-cn translations:\n${missing.join('\n')}`);
	assert.deepEqual(Object.keys(zh).filter((key) => !keys.has(key)), [], 'stale keys in the zh-cn bundle');
	for (const [key, value] of Object.entries(zh)) {
		const placeholders = (text: string) => (text.match(/\{\d+\}/g) ?? []).sort().join();
		assert.equal(placeholders(value), placeholders(key), `placeholders differ for: ${key}`);
	}
});

test('the English bundle lists every key (for translators) with itself as text', () => {
	const keys = messageKeys();
	const en = bundle('l10n/bundle.l10n.json');
	assert.deepEqual(Object.keys(en).sort(), [...keys].sort());
	for (const [key, value] of Object.entries(en)) assert.equal(value, key);
});

test('every %key% in package.json exists in package.nls.json and package.nls.zh-cn.json', () => {
	const manifest = fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8');
	const keys = new Set([...manifest.matchAll(/"%([^%"]+)%"/g)].map((match) => match[1]));
	for (const name of ['package.nls.json', 'package.nls.zh-cn.json']) {
		const nls = bundle(name);
		assert.deepEqual([...keys].filter((key) => !(key in nls)), [], name);
		assert.deepEqual(Object.keys(nls).filter((key) => !keys.has(key)), [], `stale keys in ${name}`);
	}
});
