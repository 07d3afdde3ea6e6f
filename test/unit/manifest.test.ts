/**
 * package.json's settings follow the one table of codes (shared/src/codes.ts) and the one typed
 * definition of the settings (shared/src/settings.ts): the build writes the generated parts
 * (scripts/manifest.mjs); this fails when a change to the table was not built, or a setting is
 * missing from the manifest.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allDiagnosticCodes, codeDocumentationUrl, codeTable, ruleFamilyIds } from '../../shared/src/codes';
import { defaultSettings } from '../../shared/src/settings';
import { ruleFamilies } from '../../server/src/engine/rules/registry';
import { repoRoot } from './engineHarness';

interface Property {
	type: string;
	default?: unknown;
	enum?: string[];
	properties?: Record<string, { type: string; enum?: string[]; default?: unknown }>;
}

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, Property> } } };
const properties = manifest.contributes.configuration.properties;

test('dirlint.severity lists every code of the table, each with every level', () => {
	const severity = properties['dirlint.severity'].properties!;
	assert.deepEqual(Object.keys(severity), [...allDiagnosticCodes]);
	for (const schema of Object.values(severity)) assert.deepEqual(schema, { type: 'string', enum: ['error', 'warning', 'information', 'hint', 'off'] });
});

test('dirlint.rules has a switch for every rule family, and the registry holds exactly the table\'s families', () => {
	assert.deepEqual(Object.keys(properties['dirlint.rules'].properties!), [...ruleFamilyIds]);
	assert.deepEqual(ruleFamilies.map((family) => family.id).sort(), [...ruleFamilyIds].sort());
});

test('every setting of the typed definition is in the manifest, with the same default', () => {
	const flat: Record<string, unknown> = {
		'dirlint.enable': defaultSettings.enable,
		'dirlint.defaultRegion': defaultSettings.defaultRegion,
		'dirlint.severity': defaultSettings.severity,
		'dirlint.checkAllPhoneAttributes': defaultSettings.checkAllPhoneAttributes,
		'dirlint.csv.delimiter': defaultSettings.csv.delimiter,
		'dirlint.maxProblems': defaultSettings.maxProblems,
		'dirlint.rules': defaultSettings.rules,
		'dirlint.duplicates.scope': defaultSettings.duplicates.scope,
	};
	for (const [key, value] of Object.entries(flat)) assert.deepEqual(properties[key]?.default, value, key);
	assert.deepEqual(Object.keys(properties).filter((key) => key !== 'dirlint.trace.server').sort(), Object.keys(flat).sort());
});

test('every code has a documentation page, linked from its diagnostics', () => {
	for (const code of allDiagnosticCodes) {
		const page = path.join(repoRoot, 'docs/rules', `${code}.md`);
		assert.ok(fs.existsSync(page), `docs/rules/${code}.md`);
		const text = fs.readFileSync(page, 'utf8');
		assert.match(text, new RegExp(`^# \`${code.replace(/\./g, '\\.')}\``), `${code}: the page starts with its code`);
		assert.ok(text.includes(codeTable[code].description), `${code}: the page states the table's description`);
		assert.equal(codeDocumentationUrl(code), `https://github.com/dirlint/dirlint/blob/main/docs/rules/${code}.md`);
	}
});
