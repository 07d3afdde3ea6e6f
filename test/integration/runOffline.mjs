#!/usr/bin/env node
// Offline integration runner: runs the mocha suite (out/test/integration/suite/**/*.test.js) inside a real
// VS Code 1.100 extension host = code-server 4.100.3, driven by Debian's Chromium through playwright-core.
// Nothing is downloaded except by scripts/codeServer/setup.sh (npm registry + Debian apt); every socket is
// on 127.0.0.1.
//
//   node test/integration/runOffline.mjs --vsix dist/dirlint.vsix [--locale zh-cn]
//        [--artifacts artifacts/integration] [--suite out/test/integration/suite] [--fixtures test/fixtures]
//        [--timeout 300] [--grep PATTERN] [--language-pack stub|none|FILE.vsix] [--keep-temp]
//        [--locale-via both|flag|argv] [--images DIR]
//
// --images DIR: after a run with no failure, copies the README's pictures from the artifacts into DIR
// (npm run test:integration -- --images images): problems, hover, quickfix-menu and report become
// screenshot-problems.png, screenshot-hover.png, screenshot-quickfix.png, screenshot-report-vscode.png, and
// change-file-preview becomes screenshot-changes-vscode.png.
//
// Exit status 0 only if the suite reported failures == 0 and passes > 0 and the extension host log has no
// activation error for dirlint.dirlint. The last line printed is exactly `N passed, N failed`.
// --timeout (default 300 s) covers everything after setup.sh (a cold setup takes ~2.5 min on its own).
//
// What the suite sees (inside the extension host):
//   - the workspace folder is a fresh copy of --fixtures (tests may edit and save files):
//     vscode.workspace.workspaceFolders[0].uri.fsPath === process.env.DIRLINT_TEST_WORKSPACE;
//   - process.env.DIRLINT_TEST_ARTIFACTS (artifacts folder, absolute), DIRLINT_TEST_LOCALE ('' or 'zh-cn'),
//     DIRLINT_TEST_SCREENSHOTS ('1' here, '0' under runElectron.mjs);
//   - mocha globals of both the bdd (describe/it/before...) and tdd (suite/test/suiteSetup...) interfaces;
//     test files must be CommonJS (loaded with require, which is what makes require('vscode') work);
//   - globalThis.dirlintIntegration (also the exports of extension `dirlint-test.integration-runner`):
//     { workspace, artifactsDir, screenshotsEnabled, screenshot(name, { timeoutMs }) }.
//   - with --locale zh-cn: vscode.env.language === 'zh-cn' (a translation-less language pack stub is
//     installed, see common.mjs packLanguagePackStub); the workbench's own strings stay English.
//
// Screenshot protocol (file based, so it works from any process):
//   1. the test deletes <artifacts>/<name>.png if present and writes <artifacts>/requests/<name>.req
//      (JSON; write it atomically: temp file + rename). <name> matches [A-Za-z0-9._-]+. An optional
//      "waitForSelector" names a CSS selector the runner waits to see (10 s) before shooting;
//   2. this runner polls <artifacts>/requests/ every 100 ms, deletes the .req, takes page.screenshot() of
//      the whole workbench (viewport 1600x1000) and writes <artifacts>/<name>.png atomically (temp + rename);
//      if the screenshot fails it writes <artifacts>/requests/<name>.err with the message instead;
//   3. the test waits until <name>.png (or .err) exists. globalThis.dirlintIntegration.screenshot(name)
//      implements steps 1 and 3 (30 s timeout) and resolves to the PNG path; under runElectron.mjs it
//      resolves to undefined at once.
//   The runner cannot know when VS Code has painted: before asking, wait for an observable condition
//   (diagnostics present, hover provider answered, a DOM-visible state) and give the renderer a moment.
//   A screenshot request may also name "waitForFrameSelector": a selector some frame must hold (a webview's
//   content is two iframes deep), e.g. 'html[data-rendered="true"]' once the readiness report is drawn.
// Page requests (same files, "action" in the request): globalThis.dirlintIntegration.query(name, options)
//   writes { action: 'query', selector, attribute?, contains?, frameSelector? }; the runner waits (15 s) until
//   an element matching selector (in the workbench, or in the frame holding frameSelector) has a text (or
//   attribute) containing `contains`, then writes <artifacts>/<name>.json = { texts: [...] } of every match.
//   click(name, { selector, frameSelector? }) clicks the first match (hover(…) moves the mouse onto it) and
//   writes <name>.json. Failures write
//   requests/<name>.err. Under runElectron.mjs both resolve to undefined at once (there is no page to read).
//
// Artifacts: mocha.log (spec output), results.json, done, *.png (final.png = the page after the suite),
//   code-server.log, chromium.log, browser-console.log, summary.json, vscode-logs/ (<user-data-dir>/logs).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {
	ProcessTracker, REPO, RUNNER_EXT_ID, TARGET_EXT_ID, languagePackFor, makeLogger,
	packRunnerExtension, parseArgs, prepareArtifacts, prepareWorkspace, report, runnerConfig, secs, sleep,
	writeAtomic, writeLanguagePacksJson, onShutdown,
	collectVsCodeLogs,
	writeProfileSettings,
} from './common.mjs';

const T0 = Date.now();
const say = makeLogger('runOffline');
const REAPER = path.join(REPO, 'scripts', 'codeServer', 'reap.pl');
const SETUP = path.join(REPO, 'scripts', 'codeServer', 'setup.sh');

const opts = parseArgs(process.argv.slice(2), {
	name: 'runOffline.mjs',
	extra: {
		localeVia: { flag: '--locale-via', default: 'both', meta: 'both|flag|argv' },
		images: { flag: '--images', default: undefined, meta: 'DIR' },
	},
});
if (!opts.vsix) opts.usage('--vsix is required');
if (!['both', 'flag', 'argv'].includes(opts.localeVia)) opts.usage('--locale-via must be both, flag or argv');

// ------------------------------------------------------------------ lifecycle: everything we start is stopped
const tracker = new ProcessTracker(say);
const timings = {};
let browser; // playwright Browser (CDP connection)
let tempRoot;

async function stopProcesses() {
	if (browser) {
		const b = browser;
		browser = undefined;
		try { await Promise.race([b.close(), sleep(2000)]); } catch { /* ignore */ }
	}
	await tracker.stopAll();
}

const cleanup = onShutdown({ name: 'runOffline', stop: stopProcesses, tempRoot: () => tempRoot, keepTemp: opts.keepTemp, say, tracker });

// ------------------------------------------------------------------ helpers
class Deadline {
	constructor(seconds) { this.end = Date.now() + seconds * 1000; this.seconds = seconds; }
	left() { return Math.max(this.end - Date.now(), 1); }
	check(what) {
		if (Date.now() >= this.end) throw new Error(`timeout (${this.seconds} s) while waiting for ${what}`);
	}
}

/** Polls cond() (sync or async) until it returns a truthy value: readiness is a condition, never a sleep. */
async function waitFor(what, cond, deadline, { interval = 100, alive } = {}) {
	for (;;) {
		const v = await cond();
		if (v) return v;
		if (alive) alive();
		deadline.check(what);
		await sleep(interval);
	}
}

function httpStatus(url) {
	return new Promise((resolve) => {
		const req = http.get(url, { timeout: 2000 }, (res) => { res.resume(); resolve(res.statusCode); });
		req.on('error', () => resolve(0));
		req.on('timeout', () => { req.destroy(); resolve(0); });
	});
}

/** How long a query or a click waits for the page to show what it asks for. */
const PAGE_WAIT_MS = 15000;

/**
 * The frame that holds an element matching frameSelector (a webview's content frame: VS Code nests it
 * two iframes deep), or the workbench's own frame without one. Found anew on each call: a webview
 * reloads its frames when its HTML changes.
 */
async function frameHolding(page, frameSelector, waitMs = PAGE_WAIT_MS) {
	if (!frameSelector) return page.mainFrame();
	const end = Date.now() + waitMs;
	for (;;) {
		for (const frame of page.frames()) {
			try {
				if (await frame.$(frameSelector)) return frame;
			} catch { /* detached meanwhile */ }
		}
		if (Date.now() > end) throw new Error(`no frame holds ${frameSelector} after ${waitMs} ms`);
		await sleep(100);
	}
}

/** Texts (or an attribute) of every element matching request.selector, once one contains request.contains. */
async function queryPage(page, request) {
	const end = Date.now() + PAGE_WAIT_MS;
	let texts = [];
	for (;;) {
		const frame = await frameHolding(page, request.frameSelector, Math.max(end - Date.now(), 1));
		texts = await frame.$$eval(request.selector, (elements, attribute) =>
			elements.map((element) => (attribute ? element.getAttribute(attribute) ?? '' : element.textContent ?? '')), request.attribute ?? null).catch(() => []);
		if (texts.some((text) => request.contains === undefined || text.includes(request.contains))) return { texts };
		if (Date.now() > end) {
			throw new Error(`no ${request.selector}${request.contains === undefined ? '' : ` containing ${JSON.stringify(request.contains)}`} after ${PAGE_WAIT_MS} ms; seen: ${JSON.stringify(texts)}`);
		}
		await sleep(100);
	}
}

/** Starts cmd in a new process group under reap.pl (a child subreaper), output appended to logFile. */
function spawnTracked(name, cmd, args, logFile, env) {
	const out = fs.openSync(logFile, 'a');
	const child = spawn('perl', [REAPER, cmd, ...args], { env, detached: true, stdio: ['ignore', out, out] });
	fs.closeSync(out);
	tracker.add(child, name);
	let exited;
	child.on('exit', (code, sig) => { exited = `${name} exited (${code ?? sig})`; });
	child.exitedMessage = () => exited;
	return child;
}

function cleanEnv(extra) {
	const env = { ...process.env };
	for (const k of Object.keys(env)) {
		// Started from a VS Code terminal? Its IPC variables would redirect code-server's CLI.
		if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
	}
	return { ...env, ...extra };
}

async function runSetup() {
	const started = Date.now();
	const child = spawn('bash', [SETUP], { stdio: ['ignore', 'pipe', 'inherit'] });
	tracker.add(child, 'setup.sh');
	let out = '';
	child.stdout.on('data', (d) => { out += d; });
	const code = await new Promise((r) => child.on('close', r));
	if (code !== 0) throw new Error(`scripts/codeServer/setup.sh failed (exit ${code})`);
	const get = (k) => out.match(new RegExp(`^${k}=(.*)$`, 'm'))?.[1];
	const res = { codeServer: get('CODE_SERVER_BIN'), playwrightCore: get('PLAYWRIGHT_CORE'), ms: Date.now() - started };
	if (!res.codeServer || !res.playwrightCore) throw new Error(`setup.sh printed no paths:\n${out}`);
	return res;
}

// ------------------------------------------------------------------ the run
async function main() {
	const art = opts.artifacts;
	prepareArtifacts(art); // first: a failed run must not report a previous run's results
	if (!fs.existsSync(opts.vsix)) throw new Error(`VSIX not found: ${opts.vsix}`);

	// 1. setup (outside --timeout)
	const setup = await runSetup();
	timings.setup = setup.ms;
	say(`setup ready in ${secs(setup.ms)} s`);
	const deadline = new Deadline(opts.timeout);
	const tStart = Date.now();
	// Belt and braces: every wait below has the deadline; this catches anything that still hangs.
	setTimeout(() => {
		console.error(`runOffline: hard timeout (${opts.timeout} + 120 s), stopping everything`);
		cleanup().finally(() => {
			console.log('0 passed, 1 failed');
			process.exit(1);
		});
	}, (opts.timeout + 120) * 1000).unref();
	const mark = (k) => { timings[k] = Date.now() - tStart; };

	// 2. folders, artifacts, workspace, settings, locale
	tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'dirlint-it-'));
	const udd = path.join(tempRoot, 'user-data');
	const extDir = path.join(tempRoot, 'extensions');
	const workspace = path.join(tempRoot, 'workspace');
	const chromeProfile = path.join(tempRoot, 'chromium');
	for (const d of [path.join(udd, 'User'), extDir, chromeProfile]) fs.mkdirSync(d, { recursive: true });
	say(`workspace ${workspace} (${prepareWorkspace(opts.fixtures, workspace)})`);
	writeProfileSettings(udd);
	if (opts.locale && opts.localeVia !== 'flag') {
		// code-server reads the display language from <user-data-dir>/User/argv.json (as desktop VS Code
		// reads ~/.vscode/argv.json); --locale wins over it.
		fs.writeFileSync(path.join(udd, 'User', 'argv.json'), JSON.stringify({ locale: opts.locale }, null, 2));
	}

	// 3. extensions: the VSIX under test, the test-runner extension, for a locale a language pack
	// Temp files, sockets (vscode-ipc-*.sock) and Chromium's org.chromium.Chromium.* folders go into the
	// temp root, so nothing is left in /tmp after the run.
	const tmpDir = path.join(tempRoot, 'tmp');
	const runtimeDir = path.join(tempRoot, 'run');
	fs.mkdirSync(tmpDir);
	fs.mkdirSync(runtimeDir, { mode: 0o700 });
	const env = cleanEnv({
		TMPDIR: tmpDir,
		XDG_RUNTIME_DIR: runtimeDir,
		XDG_CONFIG_HOME: path.join(tempRoot, 'xdg-config'), // code-server writes config.yaml there
		XDG_DATA_HOME: path.join(tempRoot, 'xdg-data'),
		XDG_CACHE_HOME: path.join(tempRoot, 'xdg-cache'),
		EXTENSIONS_GALLERY: '{}', // no marketplace: nothing to query
		HTTP_PROXY: 'http://127.0.0.1:9', // anything that still tries the network fails at once, locally
		HTTPS_PROXY: 'http://127.0.0.1:9',
		http_proxy: 'http://127.0.0.1:9',
		https_proxy: 'http://127.0.0.1:9',
		NO_PROXY: '127.0.0.1,localhost',
		no_proxy: '127.0.0.1,localhost',
		DIRLINT_TEST_WORKSPACE: workspace,
		DIRLINT_TEST_ARTIFACTS: art,
	});
	const csLog = path.join(art, 'code-server.log');
	const vsixes = [opts.vsix, await packRunnerExtension(tempRoot)];
	const languagePack = await languagePackFor(opts, tempRoot);
	if (languagePack) vsixes.push(languagePack);
	const installArgs = ['--user-data-dir', udd, '--extensions-dir', extDir, '--force'];
	for (const v of vsixes) installArgs.push('--install-extension', v);
	const installer = spawnTracked('code-server --install-extension', setup.codeServer, installArgs, csLog, env);
	const installCode = await new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('timeout installing extensions')), deadline.left());
		installer.on('close', (code) => { clearTimeout(timer); resolve(code); });
	});
	if (installCode !== 0) throw new Error(`code-server --install-extension exited ${installCode}; see ${csLog}`);
	writeLanguagePacksJson(udd, extDir);
	const installed = fs.readdirSync(extDir).filter((d) => !d.startsWith('.') && d !== 'extensions.json');
	say(`installed: ${installed.join(', ')}`);
	if (!installed.some((d) => d.toLowerCase().startsWith(`${TARGET_EXT_ID}-`))) {
		say(`warning: ${opts.vsix} did not install as ${TARGET_EXT_ID}`);
	}
	const runnerDir = installed.find((d) => d.toLowerCase().startsWith(`${RUNNER_EXT_ID}-`));
	if (!runnerDir) throw new Error(`runner extension not found in ${extDir}`);
	fs.writeFileSync(path.join(extDir, runnerDir, 'runner-config.json'),
		JSON.stringify(runnerConfig({ opts, workspace, autoRun: true, screenshots: true }), null, 2));
	mark('installed');

	// 4. code-server on 127.0.0.1, port chosen by the OS and read back from its log
	const csArgs = [
		'--bind-addr', '127.0.0.1:0', '--auth', 'none', '--disable-telemetry', '--disable-update-check',
		'--disable-workspace-trust', '--disable-getting-started-override', '--disable-file-downloads',
		'--ignore-last-opened', '--user-data-dir', udd, '--extensions-dir', extDir,
	];
	if (opts.locale && opts.localeVia !== 'argv') csArgs.push('--locale', opts.locale);
	csArgs.push(workspace);
	const cs = spawnTracked('code-server', setup.codeServer, csArgs, csLog, env);
	const csAlive = () => { if (cs.exitedMessage()) throw new Error(`${cs.exitedMessage()}; see ${csLog}`); };
	const port = await waitFor('code-server to listen', () => {
		const m = fs.readFileSync(csLog, 'utf8').match(/HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/);
		return m && Number(m[1]);
	}, deadline, { alive: csAlive });
	const base = `http://127.0.0.1:${port}`;
	await waitFor('code-server /healthz', async () => (await httpStatus(`${base}/healthz`)) === 200, deadline, { alive: csAlive });
	mark('codeServerReady');
	say(`code-server ${base} ready`);

	// 5. Debian's Chromium, headless; CDP on a port it picks itself (read from DevToolsActivePort)
	const chromiumLog = path.join(art, 'chromium.log');
	const chrome = spawnTracked('chromium', '/usr/bin/chromium', [
		'--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
		'--disable-background-networking', '--disable-component-update', '--disable-sync',
		'--disable-default-apps', '--disable-extensions', '--disable-domain-reliability',
		'--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication',
		'--no-default-browser-check', '--password-store=basic', '--use-mock-keychain',
		'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', // the browser can reach 127.0.0.1 only
		'--window-size=1600,1000', `--user-data-dir=${chromeProfile}`,
		'--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', 'about:blank',
	], chromiumLog, cleanEnv({ TMPDIR: tmpDir, XDG_RUNTIME_DIR: runtimeDir }));
	const cdpPort = await waitFor('Chromium DevToolsActivePort', () => {
		if (chrome.exitedMessage()) throw new Error(`${chrome.exitedMessage()}; see ${chromiumLog}`);
		try {
			const p = Number(fs.readFileSync(path.join(chromeProfile, 'DevToolsActivePort'), 'utf8').split('\n')[0]);
			return p > 0 && p;
		} catch { return 0; }
	}, deadline);
	mark('chromiumReady');
	const { chromium } = createRequire(path.join(setup.playwrightCore, 'package.json'))(setup.playwrightCore);
	browser = await chromium.connectOverCDP(`http://127.0.0.1:${cdpPort}`, { timeout: deadline.left() });
	const context = browser.contexts()[0] ?? (await browser.newContext());
	const page = context.pages()[0] ?? (await context.newPage());
	await page.setViewportSize({ width: 1600, height: 1000 });
	const consoleFd = fs.openSync(path.join(art, 'browser-console.log'), 'a');
	page.on('console', (m) => fs.writeSync(consoleFd, `[${m.type()}] ${m.text()}\n`));
	page.on('pageerror', (e) => fs.writeSync(consoleFd, `[pageerror] ${e.stack ?? e}\n`));
	await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`, { timeout: deadline.left(), waitUntil: 'domcontentloaded' });
	await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: deadline.left() });
	mark('workbenchVisible');
	say('workbench visible');

	// 6. serve screenshot requests until the suite writes `done`
	const requestsDir = path.join(art, 'requests');
	const doneFile = path.join(art, 'done');
	const serveRequests = async () => {
		for (const f of fs.readdirSync(requestsDir)) {
			if (!f.endsWith('.req')) continue;
			const name = f.slice(0, -4);
			const file = path.join(requestsDir, f);
			let request = {};
			try {
				request = JSON.parse(fs.readFileSync(file, 'utf8'));
			} catch { /* a request without options: a screenshot */ }
			fs.rmSync(file, { force: true });
			try {
				if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error('bad request name');
				if (request.action === 'query') {
					writeAtomic(path.join(art, `${name}.json`), JSON.stringify(await queryPage(page, request)));
				} else if (request.action === 'click' || request.action === 'hover') {
					const frame = await frameHolding(page, request.frameSelector);
					const target = frame.locator(request.selector).first();
					if (request.action === 'click') await target.click({ timeout: 10000 });
					else await target.hover({ timeout: 10000 });
					writeAtomic(path.join(art, `${name}.json`), JSON.stringify({ [request.action]: request.selector }));
				} else {
					// The test can name what must be on screen (a hover, a menu, a drawn webview): shoot once it is visible.
					if (request.waitForSelector) await page.locator(request.waitForSelector).first().waitFor({ state: 'visible', timeout: 10000 });
					if (request.waitForFrameSelector) await frameHolding(page, request.waitForFrameSelector);
					writeAtomic(path.join(art, `${name}.png`), await page.screenshot({ timeout: 20000 }));
					say(`screenshot ${name}.png`);
				}
			} catch (err) {
				writeAtomic(path.join(requestsDir, `${name}.err`), String(err?.message ?? err));
			}
		}
	};
	await waitFor('the suite to start (mocha.log)', async () => {
		await serveRequests();
		return fs.existsSync(path.join(art, 'mocha.log'));
	}, deadline, { alive: csAlive });
	mark('suiteStart');
	say('suite started');
	await waitFor(`the suite to finish (${doneFile})`, async () => {
		await serveRequests();
		return fs.existsSync(doneFile);
	}, deadline, { alive: csAlive });
	mark('suiteDone');
	await serveRequests();
	try {
		writeAtomic(path.join(art, 'final.png'), await page.screenshot({ timeout: 10000 }));
	} catch { /* best effort */ }

	// 7. the workbench's language as the page shows it (for the locale check)
	let ui;
	try {
		ui = await page.evaluate(() => ({
			explorerTitle: document.querySelector('.part.sidebar .title-label')?.textContent?.trim(),
			navigatorLanguage: navigator.language,
		}));
	} catch { /* ignore */ }

	// 8. stop every process; run() then reads the logs (stopping first flushes the extension host log)
	await stopProcesses();
	mark('stopped');
	return { ui };
}

/** The screenshots the README shows, by artifact name (English runs take them without a suffix). */
const README_IMAGES = { problems: 'screenshot-problems.png', hover: 'screenshot-hover.png', 'quickfix-menu': 'screenshot-quickfix.png', report: 'screenshot-report-vscode.png', 'change-file-preview': 'screenshot-changes-vscode.png' };

function copyReadmeImages(artifacts, dir) {
	for (const [name, image] of Object.entries(README_IMAGES)) {
		const shot = path.join(artifacts, `${name}.png`);
		if (!fs.existsSync(shot)) continue;
		fs.copyFileSync(shot, path.join(dir, image));
		say(`${path.join(dir, image)} updated`);
	}
}

async function run() {
	let result;
	let fatal;
	let activation;
	try {
		result = await main();
	} catch (err) {
		fatal = err;
	}
	try {
		await stopProcesses();
		activation = collectVsCodeLogs(tempRoot, opts.artifacts) ?? activation;
	} catch (err) {
		console.error(`runOffline: could not read VS Code logs: ${err.message}`);
	} finally {
		await cleanup();
	}
	const extraLines = [];
	if (result?.ui) extraLines.push(`workbench UI: ${JSON.stringify(result.ui)}`);
	extraLines.push(`timings: ${Object.entries(timings).map(([k, v]) => `${k}=${secs(v)}s`).join(' ')} total=${secs(Date.now() - T0)}s`);
	const { passes, failures, exitCode } = report({ art: opts.artifacts, activation, fatal, extraLines });
	if (opts.images && exitCode === 0) copyReadmeImages(opts.artifacts, opts.images);
	try {
		fs.writeFileSync(path.join(opts.artifacts, 'summary.json'), JSON.stringify({
			passes, failures, timings, totalMs: Date.now() - T0, ui: result?.ui,
			activationProblems: activation?.problems ?? [], fatal: fatal ? String(fatal.stack ?? fatal) : undefined,
		}, null, 2));
	} catch { /* artifacts folder unusable: already reported */ }
	return exitCode;
}

run().then((code) => process.exit(code), (err) => {
	console.error(err);
	cleanup().finally(() => {
		console.log('0 passed, 1 failed');
		process.exit(1);
	});
});
