// Runs dirlint's mocha integration suite inside the VS Code extension host.
// Used two ways:
//  - test/integration/runOffline.mjs (code-server): this folder is installed as the extension
//    `dirlint-test.integration-runner`; extension.js reads runner-config.json (written next to it by the
//    runner) and, with autoRun, runs the suite as soon as the workbench has started.
//  - test/integration/runElectron.mjs (@vscode/test-electron): index.js is the extensionTestsPath; its
//    run() reads the config named by the DIRLINT_TEST_CONFIG environment variable.
//
// Config (JSON): { autoRun, mochaPath, suiteDir, artifactsDir, workspace, locale, testTimeoutMs, grep,
//                  screenshots, ui }
// Writes into artifactsDir: mocha.log (spec reporter output), results.json, and last `done`.
'use strict';

const fs = require('fs');
const path = require('path');
const util = require('util');

const CONFIG_FILE = 'runner-config.json';

function loadConfig(extensionDir) {
	const candidates = [];
	if (process.env.DIRLINT_TEST_CONFIG) candidates.push(process.env.DIRLINT_TEST_CONFIG);
	if (extensionDir) candidates.push(path.join(extensionDir, CONFIG_FILE));
	for (const file of candidates) {
		try {
			return { ...JSON.parse(fs.readFileSync(file, 'utf8')), configFile: file };
		} catch (err) {
			if (err.code !== 'ENOENT') throw new Error(`cannot read runner config ${file}: ${err.message}`);
		}
	}
	return undefined;
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function writeAtomic(file, content) {
	const tmp = `${file}.${process.pid}.tmp`;
	fs.writeFileSync(tmp, content);
	fs.renameSync(tmp, file);
}

/**
 * Sends a request to the runner and waits for its answer: <name>.<answer> (png or json) or
 * requests/<name>.err. Protocol: see the top of runOffline.mjs.
 */
async function pageRequest(artifactsDir, name, answer, request, timeoutMs = 30000) {
	const safe = String(name).replace(/[^A-Za-z0-9._-]+/g, '_');
	const file = path.join(artifactsDir, `${safe}.${answer}`);
	const requests = path.join(artifactsDir, 'requests');
	const err = path.join(requests, `${safe}.err`);
	fs.mkdirSync(requests, { recursive: true });
	fs.rmSync(file, { force: true });
	fs.rmSync(err, { force: true });
	writeAtomic(path.join(requests, `${safe}.req`), JSON.stringify({ name: safe, requestedAt: Date.now(), ...request }));
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (fs.existsSync(file)) return answer === 'json' ? { json: JSON.parse(fs.readFileSync(file, 'utf8')) } : { png: file };
		if (fs.existsSync(err)) throw new Error(`${request.action} ${safe} failed: ${fs.readFileSync(err, 'utf8')}`);
		await sleep(50);
	}
	throw new Error(`${request.action} ${safe}: no answer from the runner within ${timeoutMs} ms`);
}

/** The object tests get from `globalThis.dirlintIntegration` or the runner extension's exports. */
function makeApi(cfg) {
	const artifactsDir = cfg && cfg.artifactsDir;
	return {
		config: cfg,
		/** Absolute path of the copied fixture workspace (also process.env.DIRLINT_TEST_WORKSPACE). */
		workspace: cfg && cfg.workspace,
		artifactsDir,
		/** True when screenshot() really takes screenshots (runOffline.mjs); false under test-electron. */
		screenshotsEnabled: !!(cfg && cfg.screenshots && artifactsDir),
		/**
		 * Ask the runner for a screenshot of the whole page; resolves to the PNG's path, or to undefined when
		 * screenshots are not available (test-electron). Protocol: see the top of runOffline.mjs.
		 */
		async screenshot(name, options = {}) {
			if (!this.screenshotsEnabled) return undefined;
			const { png } = await pageRequest(artifactsDir, name, 'png', { action: 'screenshot', waitForSelector: options.waitForSelector, waitForFrameSelector: options.waitForFrameSelector }, options.timeoutMs);
			return png;
		},
		/**
		 * Reads the page (the workbench, or the frame holding options.frameSelector: a webview): waits
		 * until an element matching options.selector has a text (or options.attribute) containing
		 * options.contains, then resolves to { texts } of every match; undefined where the page cannot
		 * be read (test-electron). Rejects with the last texts seen when none matched in time.
		 */
		async query(name, options) {
			if (!this.screenshotsEnabled) return undefined;
			return (await pageRequest(artifactsDir, name, 'json', { action: 'query', ...options }, options.timeoutMs)).json;
		},
		/** Clicks the first element matching options.selector (in the frame holding options.frameSelector, if given). */
		async click(name, options) {
			if (!this.screenshotsEnabled) return undefined;
			return (await pageRequest(artifactsDir, name, 'json', { action: 'click', ...options }, options.timeoutMs)).json;
		},
		/** Moves the mouse onto the first element matching options.selector (to open its hover). */
		async hover(name, options) {
			if (!this.screenshotsEnabled) return undefined;
			return (await pageRequest(artifactsDir, name, 'json', { action: 'hover', ...options }, options.timeoutMs)).json;
		},
	};
}

function listTests(dir) {
	const out = [];
	const walk = (d) => {
		for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
			const p = path.join(d, entry.name);
			if (entry.isDirectory()) walk(p);
			else if (entry.isFile() && entry.name.endsWith('.test.js')) out.push(p);
		}
	};
	walk(dir);
	return out.sort();
}

function errorInfo(err) {
	if (!err) return undefined;
	const info = { message: String(err.message ?? err), stack: err.stack ? String(err.stack) : undefined };
	if (err.actual !== undefined) info.actual = util.inspect(err.actual, { depth: 4 });
	if (err.expected !== undefined) info.expected = util.inspect(err.expected, { depth: 4 });
	return info;
}

/**
 * Runs the suite; never rejects for test failures. Resolves to the result object (also written to
 * results.json). Writes `done` last, whatever happens.
 */
async function runSuite(cfg) {
	const started = Date.now();
	const artifactsDir = cfg.artifactsDir;
	fs.mkdirSync(artifactsDir, { recursive: true });
	const logFile = path.join(artifactsDir, 'mocha.log');
	fs.writeFileSync(logFile, '');
	const log = (...args) => {
		const line = util.format(...args);
		fs.appendFileSync(logFile, line + '\n');
	};
	const result = {
		passes: 0,
		failures: 0,
		pending: 0,
		tests: [],
		failed: [],
		error: undefined,
		vscodeVersion: undefined,
		language: undefined,
		startedAt: new Date(started).toISOString(),
		durationMs: 0,
	};
	try {
		const vscode = require('vscode');
		result.vscodeVersion = vscode.version;
		result.language = vscode.env.language;
		process.env.DIRLINT_TEST_WORKSPACE = cfg.workspace || '';
		process.env.DIRLINT_TEST_ARTIFACTS = artifactsDir;
		process.env.DIRLINT_TEST_LOCALE = cfg.locale || '';
		process.env.DIRLINT_TEST_SCREENSHOTS = cfg.screenshots ? '1' : '0';
		log('# dirlint integration suite: VS Code %s, env.language=%s, suite %s', vscode.version, vscode.env.language, cfg.suiteDir);

		const Mocha = require(cfg.mochaPath);
		const Base = Mocha.reporters.Base;
		Base.useColors = false;
		Base.consoleLog = log; // the spec reporter prints through Base.consoleLog
		const mocha = new Mocha({
			ui: 'bdd',
			reporter: 'spec',
			color: false,
			timeout: cfg.testTimeoutMs ?? 60000,
			slow: 5000,
			grep: cfg.grep || undefined,
		});
		// Offer the tdd interface (suite/test/suiteSetup) too: the suite may use either style.
		Mocha.interfaces.tdd(mocha.suite);

		const files = fs.existsSync(cfg.suiteDir) ? listTests(cfg.suiteDir) : [];
		if (files.length === 0) throw new Error(`no *.test.js files under ${cfg.suiteDir}`);
		for (const f of files) mocha.addFile(f);

		await new Promise((resolve, reject) => {
			let runner;
			try {
				runner = mocha.run(() => resolve());
			} catch (err) {
				reject(err);
				return;
			}
			const record = (test, state, err) => {
				const entry = {
					title: test.title,
					fullTitle: typeof test.fullTitle === 'function' ? test.fullTitle() : test.title,
					file: test.file,
					state,
					durationMs: test.duration,
					error: errorInfo(err),
				};
				result.tests.push(entry);
				if (state === 'failed') result.failed.push(entry);
			};
			runner.on('pass', (t) => record(t, 'passed'));
			runner.on('fail', (t, err) => record(t, 'failed', err));
			runner.on('pending', (t) => record(t, 'pending'));
		});
	} catch (err) {
		result.error = errorInfo(err);
		log('RUNNER ERROR: %s', err && err.stack ? err.stack : err);
	}
	result.passes = result.tests.filter((t) => t.state === 'passed').length;
	result.failures = result.failed.length + (result.error ? 1 : 0);
	result.pending = result.tests.filter((t) => t.state === 'pending').length;
	result.durationMs = Date.now() - started;
	writeAtomic(path.join(artifactsDir, 'results.json'), JSON.stringify(result, null, 2));
	writeAtomic(path.join(artifactsDir, 'done'), JSON.stringify({ passes: result.passes, failures: result.failures }));
	return result;
}

module.exports = { loadConfig, makeApi, runSuite, CONFIG_FILE };
