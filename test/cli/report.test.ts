/**
 * `dirlint report` end to end: the built dist/cli.js on the readiness fixtures, in every format,
 * with Entra's registration details in both forms, and writeReport called with records made in
 * test code (as the piece pipeline will call it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import type { ReadinessReport, ReportUser, UserReadiness } from '../../shared/src/readiness';
import type { ReportView } from '../../shared/src/readinessView';
import { createLinter, entryRegion } from '../../server/src/engine/linter';
import { entryReadiness } from '../../server/src/engine/readiness';
import { parseRegistrationDetails } from '../../server/src/engine/registrationDetails';
import { resolveSettings } from '../../shared/src/settings';
import { writeReport } from '../../server/src/cli/reportCommand';
import { repoRoot, runCli, scratchDir, scratchFile } from './cliHarness';

const users = 'test/fixtures/readiness-users.csv';
const detailsCsv = 'test/fixtures/registration-details.csv';
const detailsJson = 'test/fixtures/registration-details.json';

/** One user of readiness-users.csv as the report lists it. */
function user(line: number, name: string, upn: string | undefined, mobile: ReportUser['mobile'], office: ReportUser['office'], email: ReportUser['email'], registered: boolean | null, state: ReportUser['state'], country: string, department: string | undefined): ReportUser {
	return {
		file: users, line, dn: `CN=${name},OU=${name.endsWith('(old)') ? 'Disabled' : 'Users'},DC=contoso,DC=com`, ...(upn ? { upn } : {}),
		mobile, office, email, registered, state, country, ...(department ? { department } : {}),
	};
}

/** readiness-users.csv joined with registration-details.csv (or .json: the same users). */
function expectedUsers(registered: (upn: string | undefined) => boolean | null): ReportUser[] {
	const rows: [number, string, string | undefined, ReportUser['mobile'], ReportUser['office'], ReportUser['email'], ReportUser['state'], string, string | undefined][] = [
		[2, 'Adele Vance', 'AdeleV@contoso.com', 'ready', 'ready', 'absent', 'registered', 'US', 'Sales'],
		[3, 'Alex Wilber', 'AlexW@contoso.com', 'fixable', 'fixable', 'absent', 'fixable', 'US', 'Sales'],
		[4, 'Diego Siciliani', 'DiegoS@contoso.com', 'fixable', 'fixable', 'absent', 'fixable', 'IT', 'Engineering'],
		[5, 'Grady Archie', 'GradyA@contoso.com', 'not-mobile', 'invalid', 'absent', 'needs-data', 'GB', 'Engineering'],
		[6, 'Isaiah Langer', undefined, 'fixable', 'absent', 'absent', 'not-targetable', 'DE', 'Engineering'],
		[7, 'Johanna Lorenz', 'JohannaL@contoso.com', 'fixable', 'invalid', 'absent', 'fixable', 'FR', 'Marketing'],
		// An alternate email (otherMails) is a method to register too.
		[8, 'Lee Gu', 'LeeG@contoso.com', 'invalid', 'ready', 'ready', 'ready', 'US', undefined],
		[9, 'Megan Bowen', 'MeganB@contoso.com', 'fixable', 'absent', 'absent', 'fixable', 'GB', 'Marketing'],
		[10, 'Nestor Wilke', 'NestorW@contoso.com', 'ready', 'absent', 'absent', 'ready', 'US', 'Operations'],
		[11, 'Nestor Wilke (old)', 'nestorw@contoso.com', 'ready', 'absent', 'absent', 'ready', 'US', 'Operations'],
		[12, 'Pradeep Gupta', 'PradeepG@contoso.com', 'absent', 'absent', 'absent', 'needs-data', 'IN', 'Finance'],
	];
	return rows.map(([line, name, upn, mobile, office, email, state, country, department]) => {
		const isRegistered = registered(upn);
		return user(line, name, upn, mobile, office, email, isRegistered, isRegistered === null && state === 'registered' ? 'ready' : state, country, department);
	});
}

const withDetails: ReadinessReport = {
	summary: { users: 11, ready: 3, fixable: 4, needsData: 2, notTargetable: 1, registered: 1, detailsOnly: 1 },
	users: expectedUsers((upn) => upn === 'AdeleV@contoso.com'),
};

test('--format json: the report of the fixture joined with the admin center\'s CSV, exactly', () => {
	const run = runCli(['report', users, '--registrations', detailsCsv, '--format', 'json'], { cwd: repoRoot });
	assert.equal(run.stderr, '');
	assert.equal(run.status, 0);
	assert.deepEqual(JSON.parse(run.stdout), withDetails);
	assert.equal(run.stdout, `${JSON.stringify(withDetails, null, 2)}\n`, 'keys in the documented order');
});

test('Graph\'s JSON gives the same report as the admin center\'s CSV', () => {
	const run = runCli(['report', users, '--registrations', detailsJson, '--format', 'json'], { cwd: repoRoot });
	assert.deepEqual(JSON.parse(run.stdout), withDetails);
});

test('without registration details: registered is null, nobody counts as registered', () => {
	const run = runCli(['report', users, '--format', 'json'], { cwd: repoRoot });
	assert.deepEqual(JSON.parse(run.stdout), {
		summary: { users: 11, ready: 4, fixable: 4, needsData: 2, notTargetable: 1, registered: 0, detailsOnly: 0 },
		users: expectedUsers(() => null),
	});
});

test('--format text without registration details: no "already registered 0", but how to count them', () => {
	const run = runCli(['report', users], { cwd: repoRoot });
	const [summary, unknown] = run.stdout.split('\n');
	assert.equal(summary, 'SSPR readiness of the users (11): ready 4, fixable 4, needs data 2, not targetable 1.');
	assert.match(unknown, /--registrations/);
});

test('LDIF: a user\'s line is its dn: line, after comments, folded and base64 values', () => {
	const run = runCli(['report', 'test/fixtures/readiness-users.ldf', '--format', 'json'], { cwd: repoRoot });
	const report = JSON.parse(run.stdout) as ReadinessReport;
	assert.deepEqual(report.users.map((item) => [item.line, item.dn, item.upn, item.mobile, item.office, item.state]), [
		[5, 'CN=Adele Vance,OU=Users,DC=contoso,DC=com', 'AdeleV@contoso.com', 'ready', 'absent', 'ready'],
		[12, 'CN=Zoë Müller,OU=Users,DC=contoso,DC=com', 'ZoeM@contoso.com', 'fixable', 'fixable', 'fixable'],
		[22, 'CN=Front Desk,OU=Users,DC=contoso,DC=com', undefined, 'absent', 'fixable', 'not-targetable'],
	]);
});

test('--region reads numbers without a country code where the row has none', () => {
	const file = scratchFile('national.csv', 'userPrincipalName,mobile\nann@contoso.com,(425) 555-0199\n');
	assert.equal((JSON.parse(runCli(['report', file, '--format', 'json']).stdout) as ReadinessReport).users[0].mobile, 'invalid');
	assert.equal((JSON.parse(runCli(['report', file, '--format', 'json', '--region', 'US']).stdout) as ReadinessReport).users[0].mobile, 'fixable');
});

test('--format text: the summary, then the users that need action', () => {
	const run = runCli(['report', users, '--registrations', detailsCsv], { cwd: repoRoot });
	assert.equal(run.stdout, [
		'SSPR readiness of the users (11): ready 3, fixable 4, needs data 2, not targetable 1, already registered 1.',
		'Users in the registration details but not in the export: 1.',
		'Users that need action (7):',
		`  ${users}:3 AlexW@contoso.com: fixable (mobile fixable, office fixable, email none)`,
		`  ${users}:4 DiegoS@contoso.com: fixable (mobile fixable, office fixable, email none)`,
		`  ${users}:5 GradyA@contoso.com: needs data (mobile not a mobile number, office invalid, email none)`,
		`  ${users}:6 CN=Isaiah Langer,OU=Users,DC=contoso,DC=com: not targetable (no UPN) (mobile fixable, office none, email none)`,
		`  ${users}:7 JohannaL@contoso.com: fixable (mobile fixable, office invalid, email none)`,
		`  ${users}:9 MeganB@contoso.com: fixable (mobile fixable, office none, email none)`,
		`  ${users}:12 PradeepG@contoso.com: needs data (mobile none, office none, email none)`,
		'',
	].join('\n'));
});

test('--format text --locale zh-cn: the summary in Chinese', () => {
	const run = runCli(['report', users, '--registrations', detailsCsv, '--locale', 'zh-cn'], { cwd: repoRoot });
	assert.equal(run.stdout.split('\n')[0], '用户（11）的 SSPR 就绪状态：就绪 3，可修复 4，需要数据 2，无法定位 1，已注册 1。');
});

test('--format csv: one row per user, the JSON\'s keys as columns', () => {
	const run = runCli(['report', users, '--registrations', detailsCsv, '--format', 'csv'], { cwd: repoRoot });
	const lines = run.stdout.split('\r\n');
	assert.equal(lines[0], 'file,line,dn,upn,mobile,office,email,registered,state,country,department');
	assert.equal(lines[1], `${users},2,"CN=Adele Vance,OU=Users,DC=contoso,DC=com",AdeleV@contoso.com,ready,ready,absent,true,registered,US,Sales`);
	assert.equal(lines[5], `${users},6,"CN=Isaiah Langer,OU=Users,DC=contoso,DC=com",,fixable,absent,absent,false,not-targetable,DE,Engineering`);
	assert.deepEqual([lines.length, lines[12]], [13, '']);
});

test('--format html --out: one self-contained file with the figures, its script and style hashed in its policy', () => {
	const out = path.join(scratchDir(), 'report.html');
	const run = runCli(['report', users, '--registrations', detailsCsv, '--format', 'html', '--out', out], { cwd: repoRoot });
	assert.equal(run.status, 0);
	assert.equal(run.stdout, '');
	assert.equal(run.stderr, `Wrote the readiness report to ${out} (users: 11).\n`);
	const html = fs.readFileSync(out, 'utf8');
	const script = fs.readFileSync(path.join(repoRoot, 'dist/report.js'), 'utf8');
	const style = fs.readFileSync(path.join(repoRoot, 'dist/report.css'), 'utf8');
	const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
	assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src ${hash(script)}; style-src ${hash(style)}; img-src 'none'; base-uri 'none'; form-action 'none'">`));
	assert.ok(html.includes(`<script>${script}</script>`));
	assert.ok(html.includes(`<style>${style}</style>`));
	const data = /<script type="application\/json" id="dirlint-readiness">(.*?)<\/script>/s.exec(html);
	const view = JSON.parse(data![1]) as ReportView;
	assert.deepEqual(view.totals.map((total) => [total.label, total.value]), [
		['Users', 11], ['Ready', 3], ['Fixable', 4], ['Needs data', 2], ['Not targetable', 1], ['Already registered', 1], ['In the registration details only', 1],
	]);
	assert.deepEqual(view.breakdowns.map((breakdown) => [breakdown.id, breakdown.rows.map((row) => `${row.label} ${row.counts.join('/')}`)]), [
		['country', ['United States (US) 3/1/0/0/1', 'United Kingdom (GB) 0/1/1/0/0', 'France (FR) 0/1/0/0/0', 'Germany (DE) 0/0/0/1/0', 'India (IN) 0/0/1/0/0', 'Italy (IT) 0/1/0/0/0']],
		['department', ['Engineering 0/1/1/1/0', 'Marketing 0/2/0/0/0', 'Operations 2/0/0/0/0', 'Sales 0/1/0/0/1', 'Finance 0/0/1/0/0', 'Not given 1/0/0/0/0']],
	]);
	assert.deepEqual(view.actions.rows.map((row) => row.place), [3, 4, 5, 6, 7, 9, 12].map((line) => `${users}:${line}`));
	assert.equal(view.linkLines, false);
});

test('bad registration details stop the report with a message naming the file', () => {
	const notDetails = scratchFile('users.csv', 'DN,userPrincipalName,mobile\nCN=a,a@contoso.com,+1 4255550123\n');
	const run = runCli(['report', users, '--registrations', notDetails], { cwd: repoRoot });
	assert.equal(run.status, 2);
	assert.equal(run.stdout, '');
	assert.match(run.stderr, /^dirlint: .*users\.csv is not Entra's user registration details: it lacks the columns "SSPR Registered", "Methods Registered"\./);
	const missing = runCli(['report', users, '--registrations', 'no/such/details.json'], { cwd: repoRoot });
	assert.equal(missing.status, 2);
	assert.match(missing.stderr, /^dirlint: no\/such\/details\.json cannot be read: ENOENT/);
});

test('bad arguments and unreadable exports: exit 2 with a message', () => {
	for (const [args, message] of [
		[['report'], 'dirlint report needs at least one FILE.'],
		[['report', '--format', 'xml', users], '--format xml: expected text, json, csv or html.'],
		[['report', '--region', 'XX', users], '--region XX: expected a two-letter ISO 3166 region code such as US, GB or DE.'],
	] as const) {
		const run = runCli([...args], { cwd: repoRoot });
		assert.equal(run.status, 2, args.join(' '));
		assert.equal(run.stderr, `dirlint: ${message}\nRun dirlint --help for usage.\n`);
	}
	const run = runCli(['report', users, 'missing.csv', '--format', 'json'], { cwd: repoRoot });
	assert.equal(run.status, 2);
	assert.equal(run.stderr, 'dirlint: missing.csv: no such file\n');
	assert.equal((JSON.parse(run.stdout) as ReadinessReport).summary.users, 11, 'the readable files are still reported');
	const unwritable = runCli(['report', users, '--out', path.join(scratchDir(), 'no', 'such', 'dir', 'report.txt')], { cwd: repoRoot });
	assert.equal(unwritable.status, 2);
	assert.match(unwritable.stderr, /^dirlint: .*report\.txt cannot be written: ENOENT/);
});

test('writeReport: records from any source, joined and written', async () => {
	const linter = createLinter();
	const settings = resolveSettings({});
	const text = fs.readFileSync(path.join(repoRoot, users), 'utf8');
	const document = linter.read(text, 'csv', settings);
	const records: UserReadiness[] = document.entries.map((item, index) => entryReadiness(item, { file: users, line: index + 2 }, entryRegion(item, ''), {
		numberType: (canonical) => parsePhoneNumberWithError(canonical).getType(),
	}));
	const details = parseRegistrationDetails([{ name: detailsCsv, text: fs.readFileSync(path.join(repoRoot, detailsCsv), 'utf8') }]);
	async function* source() {
		yield* records;
	}
	const out = path.join(scratchDir(), 'report.json');
	const summary = await writeReport(source(), details, { format: 'json', out });
	assert.deepEqual(summary, withDetails.summary);
	assert.deepEqual(JSON.parse(fs.readFileSync(out, 'utf8')), withDetails);
});
