// Builds the three bundles: dist/client.js (VS Code extension, `vscode` external),
// dist/server.js (the language server, self-contained: runs with `node dist/server.js --stdio`)
// and dist/cli.js (the dirlint command), and the readiness report's browser script and style,
// dist/report.js and dist/report.css (the VS Code panel loads them; the CLI inlines them into its
// HTML report). Pass --watch to rebuild on change.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import { updateManifest } from './manifest.mjs';

const watch = process.argv.includes('--watch');
/**
 * libphonenumber-js compiles a RegExp on every pattern test (helpers/matchesEntirely.js), half of
 * its time on a large export. This swaps in scripts/memoizedMatchesEntirely.js, the same function
 * with compiled patterns kept, which doubles its speed with identical results (docs/performance.md).
 */
const memoizedMatchesEntirely = {
	name: 'memoized-matchesEntirely',
	setup(build) {
		const source = fs.readFileSync(new URL('./memoizedMatchesEntirely.js', import.meta.url), 'utf8');
		build.onLoad({ filter: /libphonenumber-js[\\/](build|es6)[\\/]helpers[\\/]matchesEntirely\.js$/ }, (args) => ({
			contents: /[\\/]es6[\\/]/.test(args.path)
				? `${source}\nexport default matchesEntirely;\n`
				: `${source}\nmodule.exports = matchesEntirely;\nmodule.exports.default = matchesEntirely;\n`,
			loader: 'js',
		}));
	},
};

const common = {
	plugins: [memoizedMatchesEntirely],
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'cjs',
	sourcemap: true,
	// NO_MINIFY=1 keeps names readable in CPU profiles.
	minify: !watch && !process.env.NO_MINIFY,
	logLevel: 'warning',
	// Both VS Code's and vscode-languageserver's "main" fields are CommonJS; prefer them.
	mainFields: ['main', 'module'],
};

/**
 * The readiness report's page, for a browser: Chart.js (only the parts the script registers) and the
 * script in one file, and the style. No source maps: the CLI inlines both into a self-contained HTML
 * file, whose Content-Security-Policy hashes them.
 */
const browser = {
	bundle: true,
	platform: 'browser',
	target: 'es2020',
	format: 'iife',
	minify: !watch,
	logLevel: 'warning',
	legalComments: 'none',
};

const builds = [
	{ ...common, entryPoints: { client: 'client/src/extensionMain.ts' }, outdir: 'dist', external: ['vscode'] },
	{ ...common, entryPoints: { server: 'server/src/languageServer/serverMain.ts' }, outdir: 'dist' },
	// Register-DirlintPhoneMethods.ps1 is embedded as text and written out byte for byte.
	{ ...common, entryPoints: { cli: 'server/src/cli/cliMain.ts' }, outdir: 'dist', loader: { '.ps1': 'text' } },
	{ ...browser, entryPoints: { report: 'client/webview/readinessReport.ts' }, outdir: 'dist' },
	{ ...browser, entryPoints: { report: 'client/webview/readinessReport.css' }, outdir: 'dist' },
];

await updateManifest();

if (watch) {
	for (const options of builds) await (await esbuild.context(options)).watch();
} else {
	const started = Date.now();
	await Promise.all(builds.map((options) => esbuild.build(options)));
	console.log(`built dist/client.js, dist/server.js, dist/cli.js, dist/report.js, dist/report.css in ${Date.now() - started} ms`);
}
