#!/usr/bin/env node
// The same integration suite as runOffline.mjs, through @vscode/test-electron's runTests in desktop VS Code,
// for machines that can download VS Code (this one cannot: use runOffline.mjs here).
//
//   node test/integration/runElectron.mjs [--vsix dist/dirlint.vsix] [--locale zh-cn]
//        [--artifacts artifacts/integration] [--suite out/test/integration/suite] [--fixtures test/fixtures]
//        [--timeout 300] [--grep PATTERN] [--language-pack stub|none|FILE.vsix] [--keep-temp]
//        [--vscode-version 1.100.3] [--vscode-executable /path/to/code]
//
// - With --vsix, the VSIX is installed into a fresh extensions folder (VS Code's CLI) and the test-runner
//   extension (runnerExtension/) is the extensionDevelopmentPath; without it, the repo itself is loaded as
//   a development extension (package.json main: dist/client.js, so build first).
// - VS Code is downloaded into <repo>/.cache/vscode-test/ (gitignored) unless --vscode-executable (or $VSCODE_EXECUTABLE)
//   names an installed one. On Linux without a display run it under `xvfb-run -a`.
// - Same workspace (fresh copy of --fixtures), same env for the suite (DIRLINT_TEST_WORKSPACE, ...), same
//   locale handling (--locale + language pack stub so that vscode.env.language === locale), same results
//   (mocha.log, results.json, done) and the same final `N passed, N failed` line as runOffline.mjs.
//   Screenshots are not available: globalThis.dirlintIntegration.screenshot() resolves to undefined.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {
	ProcessTracker, REPO, RUNNER_EXT_SRC, TARGET_EXT_ID, languagePackFor, makeLogger,
	parseArgs, prepareArtifacts, prepareWorkspace, report, runnerConfig, secs,
	writeLanguagePacksJson,
	onShutdown,
	collectVsCodeLogs,
	writeProfileSettings,
} from './common.mjs';

const T0 = Date.now();
const say = makeLogger('runElectron');
const opts = parseArgs(process.argv.slice(2), {
	name: 'runElectron.mjs',
	extra: {
		vscodeVersion: { flag: '--vscode-version', default: '1.100.3', meta: 'VERSION|stable' },
		vscodeExecutable: { flag: '--vscode-executable', default: process.env.VSCODE_EXECUTABLE, meta: 'PATH' },
	},
});

// Started from a VS Code terminal? These would turn the launched VS Code into plain Node or redirect it.
for (const k of Object.keys(process.env)) {
	if (k.startsWith('VSCODE_') && k !== 'VSCODE_EXECUTABLE') delete process.env[k];
}
delete process.env.ELECTRON_RUN_AS_NODE;

const tracker = new ProcessTracker(say);
tracker.trackOwnDescendants(); // VS Code is started by runTests: we do not get its pid
let tempRoot;
// @vscode/test-electron closes VS Code itself on the first Ctrl+C; cleanup stops what is left.
const cleanup = onShutdown({ name: 'runElectron', stop: () => tracker.stopAll(), tempRoot: () => tempRoot, keepTemp: opts.keepTemp, say, tracker });

function runCli(cli, args, logFile) {
	return new Promise((resolve, reject) => {
		const out = fs.openSync(logFile, 'a');
		const child = spawn(cli, args, { stdio: ['ignore', out, out], env: process.env });
		fs.closeSync(out);
		child.on('error', reject);
		child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cli} ${args.join(' ')} exited ${code}; see ${logFile}`))));
	});
}

async function main() {
	const testElectron = createRequire(path.join(REPO, 'package.json'))('@vscode/test-electron');
	const art = opts.artifacts;
	prepareArtifacts(art); // first: a failed run must not report a previous run's results
	if (opts.vsix && !fs.existsSync(opts.vsix)) throw new Error(`VSIX not found: ${opts.vsix}`);
	if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
		say('warning: no DISPLAY; desktop VS Code needs one on Linux (run under `xvfb-run -a`)');
	}

	tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'dirlint-ite-'));
	const udd = path.join(tempRoot, 'user-data');
	const extDir = path.join(tempRoot, 'extensions');
	const workspace = path.join(tempRoot, 'workspace');
	for (const d of [path.join(udd, 'User'), extDir]) fs.mkdirSync(d, { recursive: true });
	say(`workspace ${workspace} (${prepareWorkspace(opts.fixtures, workspace)})`);
	writeProfileSettings(udd);

	const vscodeExecutablePath = opts.vscodeExecutable
		? path.resolve(opts.vscodeExecutable)
		: await testElectron.downloadAndUnzipVSCode({ version: opts.vscodeVersion, cachePath: path.join(REPO, '.cache', 'vscode-test') });
	say(`VS Code ${vscodeExecutablePath}`);

	const vsixes = [];
	if (opts.vsix) vsixes.push(opts.vsix);
	const languagePack = await languagePackFor(opts, tempRoot);
	if (languagePack) vsixes.push(languagePack);
	if (vsixes.length) {
		const cli = testElectron.resolveCliPathFromVSCodeExecutablePath(vscodeExecutablePath);
		const args = ['--user-data-dir', udd, '--extensions-dir', extDir, '--force'];
		for (const v of vsixes) args.push('--install-extension', v);
		await runCli(cli, args, path.join(art, 'vscode.log'));
		writeLanguagePacksJson(udd, extDir);
		say(`installed: ${fs.readdirSync(extDir).filter((d) => d !== 'extensions.json' && !d.startsWith('.')).join(', ')}`);
	}

	const configFile = path.join(tempRoot, 'runner-config.json');
	fs.writeFileSync(configFile, JSON.stringify(runnerConfig({ opts, workspace, autoRun: false, screenshots: false }), null, 2));

	const launchArgs = [workspace, '--user-data-dir', udd, '--extensions-dir', extDir, '--disable-telemetry'];
	if (opts.locale) launchArgs.push('--locale', opts.locale);
	const run = testElectron.runTests({
		vscodeExecutablePath,
		// The runner extension supplies extensionTestsPath; with --vsix, dirlint comes from extDir instead.
		extensionDevelopmentPath: opts.vsix ? [RUNNER_EXT_SRC] : [REPO, RUNNER_EXT_SRC],
		extensionTestsPath: path.join(RUNNER_EXT_SRC, 'index.js'),
		launchArgs,
		extensionTestsEnv: {
			DIRLINT_TEST_CONFIG: configFile,
			DIRLINT_TEST_WORKSPACE: workspace,
			DIRLINT_TEST_ARTIFACTS: art,
		},
	});
	let timer;
	const timeout = new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Error(`timeout (${opts.timeout} s) waiting for VS Code`)), opts.timeout * 1000);
	});
	try {
		await Promise.race([run, timeout]);
	} catch (err) {
		// runTests rejects with TestRunFailedError when run() threw (test failures): results.json says more.
		if (!fs.existsSync(path.join(art, 'done'))) throw err;
	} finally {
		clearTimeout(timer);
		run.catch(() => {});
	}
	return { udd };
}

async function runAll() {
	let fatal;
	let activation;
	try {
		await main();
	} catch (err) {
		fatal = err;
	}
	try {
		await tracker.stopAll();
		activation = collectVsCodeLogs(tempRoot, opts.artifacts) ?? activation;
	} catch (err) {
		console.error(`runElectron: could not read VS Code logs: ${err.message}`);
	} finally {
		await cleanup();
	}
	return report({
		art: opts.artifacts,
		activation,
		fatal,
		extraLines: [`total=${secs(Date.now() - T0)}s (checked ${TARGET_EXT_ID})`],
	}).exitCode;
}

runAll().then((code) => process.exit(code), (err) => {
	console.error(err);
	cleanup().finally(() => {
		console.log('0 passed, 1 failed');
		process.exit(1);
	});
});
