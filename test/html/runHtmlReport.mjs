// The HTML readiness report in a real browser: Debian's Chromium, headless, through playwright-core,
// with a fresh profile. `dirlint report --format html` (dist/cli.js, built first: npm run build)
// writes the pages; each is opened from a file and must draw its charts (non-blank canvases), show
// the JSON report's figures, break no rule of its Content-Security-Policy and make no request.
// The VS Code panel's page (out/client/src/readinessPage.js: npm run compile-tests) is loaded the
// same way, with a stand-in for the webview API: theme colours reach the charts, and a row's place
// posts the file and line. Saves images/screenshot-report.png for the README. Last line:
// "N passed, M failed".
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repoRoot, 'dist/cli.js');
const fixtures = path.join(repoRoot, 'test/fixtures');
const screenshot = path.join(repoRoot, 'images/screenshot-report.png');
const require = createRequire(import.meta.url);
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The panel's page for a report, as readinessPanel.ts makes it, with file URLs for the webview's. */
function panelPage(report, directory) {
	const l10n = require('@vscode/l10n');
	const { readinessView } = require(path.join(repoRoot, 'out/shared/src/readinessView.js'));
	const { webviewPage } = require(path.join(repoRoot, 'out/client/src/readinessPage.js'));
	const file = path.join(directory, 'panel.html');
	fs.writeFileSync(file, webviewPage({
		view: readinessView(report, l10n, { lang: 'en', linkLines: true }),
		scriptUri: pathToFileURL(path.join(repoRoot, 'dist/report.js')).href,
		styleUri: pathToFileURL(path.join(repoRoot, 'dist/report.css')).href,
		cspSource: 'file:',
		nonce: 'bm9uY2UtZm9yLXRoZS10ZXN0',
	}));
	return file;
}

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
	if (ok) passed++;
	else failed++;
	console.log(`${ok ? 'ok' : 'not ok'} - ${name}${ok || !detail ? '' : `: ${detail}`}`);
}

function runCli(args, cwd = repoRoot) {
	const run = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
	if (run.status !== 0) throw new Error(`dirlint ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
	return run.stdout;
}

/** A tenant of 360 users over seven countries and eight departments, the same every run. */
function tenant(directory) {
	let seed = 20261005;
	const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
	const pick = (items) => items[Math.floor(random() * items.length)];
	const digits = (count) => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
	const countries = [
		['US', 40, () => `+1 42555501${digits(2)}`, () => `(425) 555-01${digits(2)}`, () => `+1 42555502${digits(2)}`],
		['GB', 15, () => `+44 7911123${digits(3)}`, () => `07911 123${digits(3)}`, () => `+44 2079460${digits(3)}`],
		['DE', 12, () => `+49 151234567${digits(2)}`, () => `0151 234567${digits(2)}`, () => '+49 30901820'],
		['FR', 10, () => `+33 6123456${digits(2)}`, () => `06 12 34 56 ${digits(2)}`, () => `+33 1 42 68 53 ${digits(2)}`],
		['IN', 8, () => `+91 98765${digits(5)}`, () => `098765 ${digits(5)}`, () => `+91 11 2301 ${digits(4)}`],
		['JP', 8, () => `+81 90123456${digits(2)}`, () => `090-1234-56${digits(2)}`, () => `+81 3 1234 56${digits(2)}`],
		['CN', 7, () => `+86 1381234${digits(4)}`, () => `138 1234 ${digits(4)}`, () => `+86 10 6552 ${digits(4)}`],
	];
	const weighted = countries.flatMap((country) => Array(country[1]).fill(country));
	const departments = ['Sales', 'Engineering', 'Marketing', 'Finance', 'Operations', 'Support', 'Legal', 'People'];
	const rows = ['DN,userPrincipalName,mobile,telephoneNumber,c,department'];
	const details = ['User principal name,Name,SSPR Registered,Methods Registered'];
	for (let index = 1; index <= 360; index++) {
		const [c, , ready, fixable, fixed] = pick(weighted);
		const name = `User ${String(index).padStart(3, '0')}`;
		const upn = random() < 0.03 ? '' : `user${index}@contoso.com`;
		const roll = random();
		const mobile = roll < 0.3 ? ready() : roll < 0.62 ? fixable() : roll < 0.72 ? fixed() : roll < 0.8 ? pick(['n/a', 'TBD', '555-01']) : '';
		const office = random() < 0.5 ? fixed() : '';
		rows.push(`"CN=${name},OU=Users,DC=contoso,DC=com",${upn},${mobile},${office},${c},${pick(departments)}`);
		if (upn && random() < 0.35) details.push(`${upn},${name},${random() < 0.6 ? 'Registered' : 'Not Registered'},${random() < 0.5 ? '"Mobile phone, Email"' : ''}`);
	}
	fs.writeFileSync(path.join(directory, 'contoso-users.csv'), `${rows.join('\r\n')}\r\n`);
	fs.writeFileSync(path.join(directory, 'registration-details.csv'), `${details.join('\r\n')}\r\n`);
	// Named as an admin would from the export's folder (the runner's cwd there): the places read contoso-users.csv:12.
	return ['contoso-users.csv', '--registrations', 'registration-details.csv'];
}

/** Opens a page in the browser and reads what a reader and a screen reader get from it. */
async function inspect(context, file) {
	const page = await context.newPage();
	const requests = [];
	const problems = [];
	page.on('request', (request) => requests.push(request.url()));
	page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
	page.on('console', (message) => {
		if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) problems.push(`console ${message.type()}: ${message.text()}`);
	});
	const url = pathToFileURL(file).href;
	await page.goto(url);
	await page.waitForFunction(() => document.documentElement.dataset.rendered === 'true', null, { timeout: 20_000 });
	// The charts draw synchronously (no animation); a frame lets a resize observer settle too.
	await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
	const seen = await page.evaluate(() => ({
		lang: document.documentElement.lang,
		title: document.title,
		heading: document.querySelector('h1')?.textContent,
		totals: [...document.querySelectorAll('.totals li')].map((item) => [Number(item.querySelector('.value').textContent.replace(/\D/g, '')), item.querySelector('.label').textContent]),
		states: [...document.querySelectorAll('.states tbody tr')].map((row) => Number(row.querySelector('td').textContent.replace(/\D/g, ''))),
		breakdowns: [...document.querySelectorAll('.breakdown tbody tr')].map((row) => row.querySelector('th').textContent),
		actions: document.querySelectorAll('.actions tbody tr').length,
		canvases: [...document.querySelectorAll('canvas')].map((canvas) => {
			const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
			let painted = 0;
			for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
			return { role: canvas.getAttribute('role'), label: canvas.getAttribute('aria-label'), painted, area: canvas.width * canvas.height };
		}),
		violations: window.__cspViolations,
	}));
	return { page, url, requests, problems, seen };
}

function checkPage(name, result, report) {
	const { seen, requests, problems, url } = result;
	const { summary } = report;
	// Without registration details nobody is known to be registered: that state is not shown at all.
	const withDetails = report.users.some((user) => user.registered !== null);
	const expectedTotals = [summary.users, summary.ready, summary.fixable, summary.needsData, summary.notTargetable];
	if (withDetails) expectedTotals.push(summary.registered, summary.detailsOnly);
	check(`${name}: the totals are the JSON report's`, JSON.stringify(seen.totals.map(([value]) => value)) === JSON.stringify(expectedTotals), JSON.stringify(seen.totals));
	check(`${name}: the table by readiness holds the same figures`, JSON.stringify(seen.states) === JSON.stringify(expectedTotals.slice(1, withDetails ? 6 : 5)), JSON.stringify(seen.states));
	const acting = report.users.filter((user) => ['fixable', 'needs-data', 'not-targetable'].includes(user.state)).length;
	check(`${name}: every user that needs action is listed`, seen.actions === Math.min(acting, 1000), `${seen.actions} rows for ${acting} users`);
	check(`${name}: a chart per figure set, each an image with a label`, seen.canvases.length >= 2 && seen.canvases.every((canvas) => canvas.role === 'img' && canvas.label), JSON.stringify(seen.canvases.map(({ role, label }) => ({ role, label }))));
	check(`${name}: the label of the chart by readiness gives the figures`, expectedTotals.every((value) => seen.canvases[0]?.label.includes(String(value))), seen.canvases[0]?.label);
	check(`${name}: every chart is drawn`, seen.canvases.every((canvas) => canvas.painted > canvas.area / 100), JSON.stringify(seen.canvases.map(({ painted, area }) => `${painted}/${area}`)));
	check(`${name}: no Content-Security-Policy violation`, seen.violations.length === 0 && !problems.some((problem) => /Content Security Policy/i.test(problem)), JSON.stringify([...seen.violations, ...problems]));
	check(`${name}: no script error`, problems.length === 0, problems.join('; '));
	check(`${name}: no request but the page itself`, requests.length === 1 && requests[0] === url, requests.join(', '));
}

function checkFile(name, html) {
	const markup = html.replace(/(<script[^>]*>).*?(<\/script>)/gs, '$1$2').replace(/(<style>).*?(<\/style>)/gs, '$1$2');
	const style = /<style>(.*?)<\/style>/s.exec(html)?.[1] ?? '';
	check(`${name}: one file, nothing linked`, !/<link\b|\ssrc=|\shref=/i.test(markup) && !/@import|url\(/i.test(style), 'a link, src or href in the markup, or @import or url( in the style');
	check(`${name}: a policy with hashes, no unsafe-inline or eval`, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+'/.test(html) && !/unsafe-(inline|eval)/.test(html));
	check(`${name}: no style attribute`, !/<[^>]+\sstyle=/i.test(html));
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dirlint-html-'));
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dirlint-chromium-'));
let context;
try {
	if (!fs.existsSync(cli) || !fs.existsSync(path.join(repoRoot, 'dist/report.js'))) throw new Error('dist/ is not built: run npm run build first');
	const fixtureArgs = [path.relative(repoRoot, path.join(fixtures, 'readiness-users.csv')), '--registrations', path.join(fixtures, 'registration-details.csv')];
	const fixtureReport = JSON.parse(runCli(['report', ...fixtureArgs, '--format', 'json']));
	const english = path.join(scratch, 'report-en.html');
	runCli(['report', ...fixtureArgs, '--format', 'html', '--out', english]);
	const chinese = path.join(scratch, 'report-zh-cn.html');
	runCli(['report', ...fixtureArgs, '--format', 'html', '--locale', 'zh-cn', '--out', chinese]);
	const tenantArgs = tenant(scratch);
	const tenantReport = JSON.parse(runCli(['report', ...tenantArgs, '--format', 'json'], scratch));
	const large = path.join(scratch, 'report-tenant.html');
	runCli(['report', ...tenantArgs, '--format', 'html', '--out', large], scratch);

	context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: chromiumArgs, headless: true, viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
	await context.addInitScript(() => {
		window.__cspViolations = [];
		document.addEventListener('securitypolicyviolation', (event) => window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`));
	});

	// The VS Code panel: its page loads report.js and report.css; the theme's variables colour the charts.
	const panel = panelPage(fixtureReport, scratch);
	const page = await context.newPage();
	const panelRequests = [];
	page.on('request', (request) => panelRequests.push(request.url()));
	await page.addInitScript(() => {
		window.__posted = [];
		window.acquireVsCodeApi = () => ({ postMessage: (message) => window.__posted.push(message) });
		// VS Code sets its theme variables on the page's root element before the page's scripts run.
		const theme = () => document.documentElement?.style.setProperty('--vscode-charts-green', 'rgb(0, 200, 0)');
		if (document.documentElement) theme();
		else new MutationObserver((_, observer) => { if (document.documentElement) { theme(); observer.disconnect(); } }).observe(document, { childList: true });
	});
	await page.goto(pathToFileURL(panel).href);
	await page.waitForFunction(() => document.documentElement.dataset.rendered === 'true', null, { timeout: 20_000 });
	const themed = await page.evaluate(() => {
		const canvas = document.querySelector('canvas');
		const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
		let green = 0;
		for (let i = 0; i < data.length; i += 4) if (data[i] === 0 && data[i + 1] === 200 && data[i + 2] === 0 && data[i + 3] === 255) green++;
		return { green, violations: window.__cspViolations };
	});
	check('VS Code panel: the theme\'s chart colour draws the ready users', themed.green > 100, `${themed.green} pixels`);
	check('VS Code panel: no Content-Security-Policy violation', themed.violations.length === 0, themed.violations.join('; '));
	const loaded = panelRequests.map((url) => path.basename(fileURLToPath(url))).sort();
	check('VS Code panel: loads report.js and report.css, nothing else', JSON.stringify(loaded) === JSON.stringify(['panel.html', 'report.css', 'report.js']), loaded.join(', '));
	await page.click('.actions button.link');
	const posted = await page.evaluate(() => window.__posted);
	const first = fixtureReport.users.find((user) => ['fixable', 'needs-data', 'not-targetable'].includes(user.state));
	check('VS Code panel: a row\'s place asks to open the file at the line', JSON.stringify(posted) === JSON.stringify([{ command: 'open', file: first.file, line: first.line }]), JSON.stringify(posted));
	await page.close();

	for (const [name, file, report] of [['English report', english, fixtureReport], ['zh-cn report', chinese, fixtureReport], ['360-user report', large, tenantReport]]) {
		checkFile(name, fs.readFileSync(file, 'utf8'));
		const result = await inspect(context, file);
		checkPage(name, result, report);
		if (name === 'English report') {
			check(`${name}: English words`, result.seen.lang === 'en' && result.seen.heading === 'SSPR readiness report' && result.seen.totals[0][1] === 'Users', JSON.stringify([result.seen.lang, result.seen.heading]));
			check(`${name}: countries by name`, result.seen.breakdowns.includes('United States (US)'), result.seen.breakdowns.join(', '));
			console.log(`# ${name}: ${fs.statSync(file).size} bytes`);
		}
		if (name === 'zh-cn report') {
			check(`${name}: Chinese words and country names`, result.seen.lang === 'zh-cn' && result.seen.heading === 'SSPR 就绪报告' && result.seen.breakdowns.includes('美国 (US)'), JSON.stringify([result.seen.lang, result.seen.heading, result.seen.breakdowns]));
		}
		if (name === '360-user report') {
			console.log(`# ${name}: ${fs.statSync(file).size} bytes`);
			// The picture for the README: the figures and charts, down to the start of the users' table.
			const bottom = await result.page.evaluate(() => {
				const table = document.querySelector('.actions tbody tr:nth-child(6)') ?? document.querySelector('.actions');
				return Math.ceil(table.getBoundingClientRect().bottom + window.scrollY + 16);
			});
			await result.page.screenshot({ path: screenshot, clip: { x: 0, y: 0, width: 1280, height: bottom }, fullPage: true });
			check(`${name}: screenshot saved to images/screenshot-report.png`, fs.statSync(screenshot).size > 10_000);
		}
		await result.page.close();
	}
} catch (error) {
	check('the HTML report runs in Chromium', false, error instanceof Error ? error.stack : String(error));
} finally {
	await context?.close();
	fs.rmSync(scratch, { recursive: true, force: true });
	fs.rmSync(profile, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
