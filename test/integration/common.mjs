// Shared by runOffline.mjs (code-server + Chromium) and runElectron.mjs (@vscode/test-electron):
// fixture workspace, runner/language-pack VSIXs, runner config, process tracking, log checks, report.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RUNNER_EXT_SRC = path.join(REPO, 'test', 'integration', 'runnerExtension');
export const RUNNER_EXT_ID = 'dirlint-test.integration-runner';
export const TARGET_EXT_ID = 'dirlint.dirlint';
const requireFromRepo = createRequire(path.join(REPO, 'package.json'));

export const secs = (ms) => (ms / 1000).toFixed(1);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function makeLogger(prefix) {
	const t0 = Date.now();
	return (msg) => console.log(`[${prefix} +${secs(Date.now() - t0)}s] ${msg}`);
}

export function writeAtomic(file, data) {
	const tmp = `${file}.${process.pid}.tmp`;
	fs.writeFileSync(tmp, data);
	fs.renameSync(tmp, file);
}

export function listFiles(dir) {
	const out = [];
	if (!fs.existsSync(dir)) return out;
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) out.push(...listFiles(p));
		else out.push(p);
	}
	return out;
}

// ------------------------------------------------------------------ arguments shared by both runners
export function parseArgs(argv, { name, extra = {} }) {
	const opts = {
		vsix: undefined,
		locale: undefined,
		artifacts: 'artifacts/integration',
		suite: 'out/test/integration/suite',
		fixtures: 'test/fixtures',
		timeout: 300,
		grep: undefined,
		keepTemp: false,
		languagePack: undefined,
		...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, v.default])),
	};
	const flags = {
		'--vsix': 'vsix', '--locale': 'locale', '--artifacts': 'artifacts', '--suite': 'suite',
		'--fixtures': 'fixtures', '--timeout': 'timeout', '--grep': 'grep', '--language-pack': 'languagePack',
		...Object.fromEntries(Object.entries(extra).map(([k, v]) => [v.flag, k])),
	};
	const usage = (error) => {
		const text = `usage: node test/integration/${name} [--vsix dist/dirlint.vsix] [--locale zh-cn] ` +
			'[--artifacts artifacts/integration] [--suite out/test/integration/suite] [--fixtures test/fixtures] ' +
			'[--timeout 300] [--grep PATTERN] [--language-pack stub|none|FILE.vsix] [--keep-temp] ' +
			Object.values(extra).map((v) => `[${v.flag} ${v.meta ?? 'VALUE'}]`).join(' ');
		if (error) {
			console.error(`${name}: ${error}\n${text}`);
			process.exit(2);
		}
		console.log(text);
		process.exit(0);
	};
	const given = new Set();
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '-h' || a === '--help') usage();
		else if (a === '--keep-temp') opts.keepTemp = true;
		else if (flags[a]) {
			const v = argv[++i];
			if (v === undefined) usage(`missing value after ${a}`);
			opts[flags[a]] = v;
			given.add(flags[a]);
		} else usage(`unknown argument ${a}`);
	}
	opts.timeout = Number(opts.timeout);
	if (!(opts.timeout > 0)) usage('--timeout must be a positive number of seconds');
	if (opts.locale) opts.locale = opts.locale.toLowerCase();
	// Paths given on the command line are relative to the current folder, the defaults to the repo.
	for (const k of ['vsix', 'artifacts', 'suite', 'fixtures']) {
		if (opts[k]) opts[k] = given.has(k) ? path.resolve(opts[k]) : path.resolve(REPO, opts[k]);
	}
	opts.usage = usage;
	return opts;
}

// ------------------------------------------------------------------ artifacts, workspace, config
const OUR_ARTIFACTS = /^(done|results\.json|mocha\.log|code-server\.log|chromium\.log|browser-console\.log|vscode\.log|summary\.json)$/;

/** Removes what a previous run left in the artifacts folder (only files this tooling writes). */
export function prepareArtifacts(art) {
	fs.mkdirSync(art, { recursive: true });
	for (const f of fs.readdirSync(art)) {
		if (OUR_ARTIFACTS.test(f) || f.endsWith('.png')) fs.rmSync(path.join(art, f), { force: true });
	}
	for (const d of ['requests', 'vscode-logs']) fs.rmSync(path.join(art, d), { recursive: true, force: true });
	fs.mkdirSync(path.join(art, 'requests'));
}

export function makeSampleFixtures(dir) {
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'users.csv'),
		'DN,sAMAccountName,telephoneNumber,mobile\r\n' +
		'"CN=Ann Lee,OU=Staff,DC=contoso,DC=com",alee,+1 4255551234,(425) 555-0199\r\n' +
		'"CN=Bo Chen,OU=Staff,DC=contoso,DC=com",bchen,+86 13800138000,+861380013800X12\r\n');
	fs.writeFileSync(path.join(dir, 'users.ldif'),
		'version: 1\n\ndn: CN=Ann Lee,OU=Staff,DC=contoso,DC=com\nchangetype: modify\nreplace: mobile\nmobile: 425-555-0199\n-\n');
}

/** A fresh, writable copy of the fixtures (or a small built-in sample when the folder does not exist). */
export function prepareWorkspace(fixtures, workspace) {
	if (fs.existsSync(fixtures)) {
		fs.cpSync(fixtures, workspace, { recursive: true });
		return `copy of ${path.relative(REPO, fixtures) || fixtures}`;
	}
	makeSampleFixtures(workspace);
	return `built-in sample: ${fixtures} does not exist`;
}

export function runnerConfig({ opts, workspace, autoRun, screenshots }) {
	return {
		autoRun,
		mochaPath: requireFromRepo.resolve('mocha'),
		suiteDir: opts.suite,
		artifactsDir: opts.artifacts,
		workspace,
		locale: opts.locale ?? null,
		testTimeoutMs: 60000,
		grep: opts.grep ?? null,
		screenshots,
	};
}

// ------------------------------------------------------------------ VSIXs
export async function packFolder(src, packagePath) {
	if (!fs.existsSync(path.join(src, 'LICENSE'))) fs.writeFileSync(path.join(src, 'LICENSE'), 'MIT\n');
	const vsce = requireFromRepo('@vscode/vsce');
	// vsce prints a file tree and warnings through console.*: keep them unless packaging fails.
	const saved = { log: console.log, warn: console.warn, info: console.info, error: console.error };
	const captured = [];
	for (const k of Object.keys(saved)) console[k] = (...a) => captured.push(a.join(' '));
	try {
		await vsce.createVSIX({ cwd: src, packagePath, dependencies: false, allowMissingRepository: true, skipLicense: true });
	} catch (err) {
		Object.assign(console, saved);
		console.error(captured.join('\n'));
		throw err;
	} finally {
		Object.assign(console, saved);
	}
	return packagePath;
}

/** Packages a copy of runnerExtension/ (vsce must not write into the repo). */
export async function packRunnerExtension(dir) {
	const src = path.join(dir, 'runner-src');
	fs.cpSync(RUNNER_EXT_SRC, src, { recursive: true });
	return packFolder(src, path.join(dir, 'integration-runner.vsix'));
}

/**
 * A language pack with no translations. VS Code switches its display language, and so
 * vscode.env.language (which picks an extension's l10n/bundle.l10n.<lang>.json and package.nls.<lang>.json),
 * only to a locale for which a language pack is installed: without one, --locale zh-cn leaves
 * env.language at 'en'. With this stub env.language === locale; the workbench's own strings stay English.
 */
export async function packLanguagePackStub(dir, locale) {
	const src = path.join(dir, `language-pack-stub-${locale}`);
	fs.mkdirSync(path.join(src, 'translations'), { recursive: true });
	fs.writeFileSync(path.join(src, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
	fs.writeFileSync(path.join(src, 'package.json'), JSON.stringify({
		name: `language-pack-stub-${locale}`,
		displayName: `Language pack stub (${locale})`,
		publisher: 'dirlint-test',
		version: '1.100.0',
		license: 'MIT',
		repository: { type: 'git', url: 'https://github.com/dirlint/dirlint' },
		engines: { vscode: '^1.100.0' },
		categories: ['Language Packs'],
		contributes: {
			localizations: [{
				languageId: locale,
				languageName: locale,
				localizedLanguageName: locale,
				translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
			}],
		},
	}, null, 2));
	return packFolder(src, path.join(dir, `language-pack-stub-${locale}.vsix`));
}

/** The language pack VSIX to install for opts.locale, or undefined (English, or --language-pack none). */
export async function languagePackFor(opts, dir) {
	if (!opts.locale || opts.locale.startsWith('en') || opts.languagePack === 'none') return undefined;
	if (opts.languagePack && opts.languagePack !== 'stub') return path.resolve(opts.languagePack);
	return packLanguagePackStub(dir, opts.locale);
}

/**
 * Writes <user-data-dir>/languagepacks.json as VS Code's language pack service would after installing a
 * language pack: code-server's CLI `--install-extension` does not write it, and the server reads only it
 * to pick the display language.
 */
export function writeLanguagePacksJson(udd, extDir) {
	const packs = {};
	for (const dir of fs.readdirSync(extDir)) {
		let manifest;
		try { manifest = JSON.parse(fs.readFileSync(path.join(extDir, dir, 'package.json'), 'utf8')); } catch { continue; }
		for (const loc of manifest.contributes?.localizations ?? []) {
			const id = `${manifest.publisher}.${manifest.name}`.toLowerCase();
			const entry = (packs[loc.languageId] ??= { hash: '', extensions: [], translations: {}, label: loc.localizedLanguageName ?? loc.languageName });
			entry.extensions.push({ extensionIdentifier: { id }, version: manifest.version });
			for (const t of loc.translations ?? []) entry.translations[t.id] = path.join(extDir, dir, t.path);
		}
	}
	for (const entry of Object.values(packs)) {
		const h = createHash('md5');
		for (const e of entry.extensions) h.update(e.extensionIdentifier.id).update(e.version);
		entry.hash = h.digest('hex');
	}
	if (Object.keys(packs).length) fs.writeFileSync(path.join(udd, 'languagepacks.json'), JSON.stringify(packs));
	return packs;
}

// ------------------------------------------------------------------ logs and report
/**
 * Activation errors of dirlint.dirlint in the extension host log. VS Code logs
 * "Activating extension dirlint.dirlint failed due to an error:" (followed by the stack); an extension
 * whose activate() threw is otherwise still reported active.
 */
export function findActivationErrors(logsDir) {
	const problems = [];
	const files = listFiles(logsDir).filter((f) => f.endsWith('.log') && /exthost/i.test(path.relative(logsDir, f)));
	const target = TARGET_EXT_ID.replace('.', '\\.');
	const patterns = [
		new RegExp(`Activating extension '?${target}'? failed`, 'i'),
		new RegExp(`Cannot activate (the )?'?[^']*'? extension.{0,80}${target}`, 'i'),
		new RegExp(`${target}.{0,80}activation.{0,40}(failed|error)`, 'i'),
	];
	for (const f of files) {
		const lines = fs.readFileSync(f, 'utf8').split('\n');
		lines.forEach((line, i) => {
			if (patterns.some((p) => p.test(line))) {
				problems.push(`${path.relative(logsDir, f)}:${i + 1}: ${line.trim()}\n${lines.slice(i + 1, i + 6).join('\n')}`);
			}
		});
	}
	return { files, problems };
}

/**
 * Prints mocha's output and the results, then the final `N passed, N failed` line; returns the exit code
 * (0 only if failures == 0 and passes > 0).
 */
export function report({ art, activation, fatal, extraLines = [] }) {
	let res;
	try { res = JSON.parse(fs.readFileSync(path.join(art, 'results.json'), 'utf8')); } catch { res = undefined; }
	if (fs.existsSync(path.join(art, 'mocha.log'))) {
		console.log('\n----- mocha (extension host) -----');
		process.stdout.write(fs.readFileSync(path.join(art, 'mocha.log'), 'utf8'));
		console.log('----------------------------------');
	}
	const passes = res?.passes ?? 0;
	let failures = res?.failures ?? 0;
	if (res) {
		console.log(`VS Code ${res.vscodeVersion}, vscode.env.language=${res.language}`);
		for (const f of res.failed ?? []) console.log(`FAILED: ${f.fullTitle}\n  ${f.error?.message ?? ''}`);
		if (res.error) console.log(`RUNNER ERROR: ${res.error.message}`);
	} else {
		console.log(`no results file (${path.join(art, 'results.json')})`);
	}
	for (const l of extraLines) console.log(l);
	if (activation?.problems.length) {
		failures += 1;
		console.log(`ACTIVATION ERROR for ${TARGET_EXT_ID} in the extension host log:`);
		for (const p of activation.problems) console.log(`  ${p.replace(/\n/g, '\n  ')}`);
	} else if (activation) {
		console.log(`extension host log: no activation error for ${TARGET_EXT_ID} (${activation.files.length} log file(s) read)`);
	}
	if (fatal) {
		failures = Math.max(failures + (res ? 1 : 0), 1);
		console.log(`RUN FAILED: ${fatal.stack ?? fatal}`);
	}
	console.log(`${passes} passed, ${failures} failed`);
	return { passes, failures, exitCode: failures === 0 && passes > 0 ? 0 : 1 };
}

// ------------------------------------------------------------------ process tracking
export function readProc(pid) {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// rest[0]=state, [1]=ppid, [2]=pgrp, [19]=starttime
		return { pid, ppid: Number(rest[1]), pgid: Number(rest[2]), start: rest[19], state: rest[0] };
	} catch {
		return undefined;
	}
}

/**
 * Remembers every process we start (roots, each in its own process group) and, by polling /proc, every
 * descendant and every member of their groups, with its start time (so a reused pid is never signalled).
 * Processes that re-parent or call setsid (language servers, Chromium helpers) are still stopped.
 */
export class ProcessTracker {
	constructor(say = console.log) {
		this.say = say;
		this.roots = new Map(); // pid -> name
		this.known = new Map(); // pid -> { start, name }
		this.selfDescendants = false;
		this.timer = undefined;
	}
	start() {
		if (!this.timer) {
			this.timer = setInterval(() => this.scan(), 300);
			this.timer.unref();
		}
	}
	add(child, name) {
		this.roots.set(child.pid, name);
		const info = readProc(child.pid);
		if (info) this.known.set(child.pid, { start: info.start, name });
		this.start();
	}
	/** Also track every descendant of this Node process (for children started by libraries). */
	trackOwnDescendants() {
		this.selfDescendants = true;
		this.start();
	}
	isSame(pid) {
		const k = this.known.get(pid);
		const info = readProc(pid);
		return !!(k && info && info.start === k.start && info.state !== 'Z');
	}
	rootsAlive() {
		return [...this.roots.keys()].filter((pid) => this.isSame(pid));
	}
	scan() {
		const all = [];
		for (const d of fs.readdirSync('/proc')) {
			if (!/^\d+$/.test(d)) continue;
			const info = readProc(Number(d));
			if (info && info.state !== 'Z') all.push(info);
		}
		// Groups of roots still alive only: a dead root's pid (= pgid) may be reused.
		const groups = new Set(this.rootsAlive());
		const mine = new Set([...this.known.keys()].filter((pid) => this.isSame(pid)));
		if (this.selfDescendants) mine.add(process.pid);
		let grew = true;
		while (grew) {
			grew = false;
			for (const p of all) {
				if (mine.has(p.pid) || p.pid === process.pid) continue;
				if (mine.has(p.ppid) || groups.has(p.pgid)) {
					mine.add(p.pid);
					if (!this.known.has(p.pid)) this.known.set(p.pid, { start: p.start, name: 'child' });
					grew = true;
				}
			}
		}
	}
	alive() {
		this.scan();
		return [...this.known.keys()].filter((pid) => this.isSame(pid));
	}
	signal(sig, pids) {
		for (const pgid of this.rootsAlive()) {
			try { process.kill(-pgid, sig); } catch { /* not a group leader, or gone */ }
		}
		for (const pid of pids ?? this.alive()) {
			if (this.isSame(pid)) {
				try { process.kill(pid, sig); } catch { /* gone */ }
			}
		}
	}
	/**
	 * SIGTERM to each root (newest first; the reap.pl wrapper forwards it to its command and exits only
	 * once its whole tree is gone), after 2 s SIGTERM to whatever else is left, after graceMs SIGKILL; then
	 * waits until no known pid exists any more, zombies included.
	 */
	async stopAll(graceMs = 5000) {
		const waitUntil = async (cond, ms) => {
			const end = Date.now() + ms;
			while (!cond() && Date.now() < end) await sleep(50);
			return cond();
		};
		const roots = new Set(this.roots.keys());
		for (const pid of [...roots].reverse()) {
			if (this.isSame(pid)) { try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ } }
		}
		if (!(await waitUntil(() => this.alive().length === 0, Math.min(2000, graceMs)))) {
			// Orphans such as a language server that called setsid are in no group we signalled.
			for (const pid of this.alive()) if (!roots.has(pid)) { try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ } }
			await waitUntil(() => this.alive().length === 0, Math.max(graceMs - 2000, 1000));
		}
		const left = this.alive();
		if (left.length) {
			this.say(`SIGKILL to ${left.length} process(es) still alive after ${graceMs} ms: ${left.join(' ')}`);
			// Descendants first, so that the reapers (still alive) reap them; then the reapers.
			for (const pid of left) if (!roots.has(pid)) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
			await waitUntil(() => this.rootsAlive().length === 0, 2000);
			this.signal('SIGKILL');
			await waitUntil(() => this.alive().length === 0, 3000);
		}
		const exists = () => [...this.known.keys()].filter((pid) => readProc(pid)?.start === this.known.get(pid).start);
		if (!(await waitUntil(() => exists().length === 0, 5000))) {
			this.say(`warning: processes not reaped yet (zombies?): ${exists().join(' ')}`);
		}
	}
	/** Last resort from the 'exit' handler: synchronous SIGKILL of everything known. */
	killSync() {
		try { this.signal('SIGKILL', this.alive()); } catch { /* nothing more to do */ }
	}
}

/**
 * Stops what a runner started, on every way out: returns cleanup() (stop, then remove the temp folder
 * unless kept), runs it on SIGINT/SIGTERM/SIGHUP (printing a failed count, then exiting), and kills any
 * tracked process synchronously on exit.
 */
export function onShutdown({ name, stop, tempRoot, keepTemp, say, tracker }) {
	let cleanupPromise;
	const cleanup = () => {
		cleanupPromise ??= (async () => {
			await stop();
			const root = tempRoot();
			if (root && !keepTemp) fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
			else if (root) say(`kept temp folder ${root}`);
		})();
		return cleanupPromise;
	};
	for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
		process.on(signal, () => {
			console.error(`${name}: ${signal}, stopping everything`);
			cleanup().finally(() => {
				console.log('0 passed, 1 failed');
				process.exit(code);
			});
		});
	}
	process.on('exit', () => tracker.killSync());
	return cleanup;
}

/** Copies VS Code's logs into the artifacts and returns the activation errors found in them (undefined: no logs). */
export function collectVsCodeLogs(tempRoot, artifacts) {
	const logsDir = tempRoot && path.join(tempRoot, 'user-data', 'logs');
	if (!logsDir || !fs.existsSync(logsDir)) return undefined;
	fs.cpSync(logsDir, path.join(artifacts, 'vscode-logs'), { recursive: true });
	return findActivationErrors(logsDir);
}

/** A quiet VS Code profile for tests: no welcome page, updates, telemetry, trust prompt or background tooling. */
export function writeProfileSettings(userDataDir) {
	fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({
		'workbench.startupEditor': 'none',
		'workbench.tips.enabled': false,
		'workbench.enableExperiments': false,
		'workbench.welcomePage.walkthroughs.openOnInstall': false,
		'telemetry.telemetryLevel': 'off',
		'update.mode': 'none',
		'extensions.autoCheckUpdates': false,
		'extensions.autoUpdate': false,
		'extensions.ignoreRecommendations': true,
		'security.workspace.trust.enabled': false,
		'git.enabled': false,
		'git.autoRepositoryDetection': false,
		'npm.autoDetect': 'off',
		'typescript.disableAutomaticTypeAcquisition': true,
		'chat.disableAIFeatures': true,
		'window.restoreWindows': 'none',
		'files.hotExit': 'off',
	}, null, 2));
}
