// Writes the parts of package.json that derive from shared/src/codes.ts's code table: the
// `dirlint.severity` schema (one property per code) and the `dirlint.rules` switches (one per rule
// family). Run by scripts/build.mjs before bundling; test/unit/manifest.test.ts fails when the file
// and the table disagree. Leaves package.json untouched when it is already right.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const severityLevels = ['error', 'warning', 'information', 'hint', 'off'];

/** The code table, bundled on the fly from the TypeScript source (it imports nothing). */
async function codeTable() {
	const bundle = await esbuild.build({ entryPoints: [path.join(root, 'shared/src/codes.ts')], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'warning' });
	const module = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`);
	return { codes: module.allDiagnosticCodes, families: module.ruleFamilyIds };
}

/** package.json's configuration with the generated parts as the table says. */
export function withGeneratedSettings(manifest, codes, families) {
	const properties = manifest.contributes.configuration.properties;
	properties['dirlint.severity'].properties = Object.fromEntries(codes.map((code) => [code, { type: 'string', enum: severityLevels }]));
	properties['dirlint.rules'].properties = Object.fromEntries(families.map((family) => [family, { type: 'boolean', default: true, description: `%config.rules.${family}%` }]));
	return manifest;
}

export async function updateManifest() {
	const file = path.join(root, 'package.json');
	const text = fs.readFileSync(file, 'utf8');
	const { codes, families } = await codeTable();
	const updated = `${JSON.stringify(withGeneratedSettings(JSON.parse(text), codes, families), null, 2)}\n`;
	if (updated !== text) {
		fs.writeFileSync(file, updated);
		console.log('package.json: dirlint.severity and dirlint.rules regenerated from shared/src/codes.ts');
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await updateManifest();
