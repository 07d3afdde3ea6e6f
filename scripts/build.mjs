// Builds the three bundles: dist/client.js (VS Code extension, `vscode` external),
// dist/server.js (the language server, self-contained: runs with `node dist/server.js --stdio`)
// and dist/cli.js (the dirlint command). Pass --watch to rebuild on change.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const common = {
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'cjs',
	sourcemap: true,
	minify: !watch,
	logLevel: 'warning',
	// Both VS Code's and vscode-languageserver's "main" fields are CommonJS; prefer them.
	mainFields: ['main', 'module'],
};

const builds = [
	{ ...common, entryPoints: { client: 'client/src/extensionMain.ts' }, outdir: 'dist', external: ['vscode'] },
	{ ...common, entryPoints: { server: 'server/src/languageServer/serverMain.ts' }, outdir: 'dist' },
	{ ...common, entryPoints: { cli: 'server/src/cli/cliMain.ts' }, outdir: 'dist' },
];

if (watch) {
	for (const options of builds) await (await esbuild.context(options)).watch();
} else {
	const started = Date.now();
	await Promise.all(builds.map((options) => esbuild.build(options)));
	console.log(`built dist/client.js, dist/server.js, dist/cli.js in ${Date.now() - started} ms`);
}
