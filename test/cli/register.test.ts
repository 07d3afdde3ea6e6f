/**
 * `dirlint register` end to end (the built dist/cli.js): the rows of registrations.csv and what is
 * left out and why, and Register-DirlintPhoneMethods.ps1, which must be the same bytes for every
 * export and hold none of its values. PowerShell cannot be installed here, so the script's logic is
 * checked by reading it: the calls it makes and in which order, and that every command and
 * variable it uses is one it defines or PowerShell and Microsoft Graph PowerShell have.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { registrationsHeader } from '../../server/src/engine/registrations';
import { repoRoot, runCli, scratchDir } from './cliHarness';

const users = 'test/fixtures/readiness-users.csv';
const detailsCsv = 'test/fixtures/registration-details.csv';
const asset = fs.readFileSync(path.join(repoRoot, 'server/src/cli/assets/Register-DirlintPhoneMethods.ps1'));
const script = asset.toString('utf8');

function register(args: string[]): { status: number | null; stdout: string; stderr: string; out: string } {
	const out = path.join(scratchDir(), 'out');
	const run = runCli(['register', ...args, '--out', out], { cwd: repoRoot });
	return { ...run, out };
}

test('registrations.csv: the right numbers, canonical, one row per type per user', () => {
	const run = register([users, '--registrations', detailsCsv, '--types', 'mobile,office']);
	assert.equal(run.stderr, '');
	assert.equal(run.status, 0);
	const csv = fs.readFileSync(path.join(run.out, 'registrations.csv'), 'utf8');
	assert.equal(csv, [
		registrationsHeader,
		`AlexW@contoso.com,mobile,+1 4255550199,${users},3`, // fixed: 425-555-0199 read in the row's US
		`AlexW@contoso.com,office,+1 4255550100,${users},3`,
		`DiegoS@contoso.com,mobile,+39 3456789012,${users},4`,
		`DiegoS@contoso.com,office,+39 0645678901,${users},4`,
		`MeganB@contoso.com,mobile,+44 7911123456,${users},9`,
		`NestorW@contoso.com,mobile,+1 4255550160,${users},10`,
		'',
	].join('\r\n'));
	const out = run.out;
	assert.equal(run.stdout, [
		`Wrote ${path.join(out, 'registrations.csv')} (registrations: 6; mobile 4, office 2) and the script ${path.join(out, 'Register-DirlintPhoneMethods.ps1')}.`,
		'Entries left out, without a userPrincipalName: 1.',
		'Users left out, registered for SSPR already (isSsprRegistered): 1.',
		'Numbers left out, of a type the user has registered already (methodsRegistered): 2.',
		'Numbers left out, not valid or with an extension: 3.',
		'Numbers left out, fixed-line numbers in mobile that cannot take SMS: 1.',
		'Entries left out, without a number of the type: 5.',
		'Numbers left out, for a user and type an earlier entry gave already: 1.',
		`Review ${path.join(out, 'registrations.csv')}, then run the script with -WhatIf first: it adds only the types a user does not have, and never changes or removes a method.`,
		'',
	].join('\n'));
});

test('--verbose lists every entry left out, with its reason; --types defaults to mobile', () => {
	const run = register([users, '--registrations', detailsCsv, '--verbose']);
	assert.deepEqual(run.stdout.split('\n').filter((line) => line.includes('left out (')), [
		`${users}:2 AdeleV@contoso.com -: left out (sspr-registered)`,
		`${users}:5 GradyA@contoso.com mobile: left out (not-mobile)`,
		`${users}:6 (no UPN) -: left out (no-upn)`,
		`${users}:7 JohannaL@contoso.com mobile: left out (type-registered)`,
		`${users}:8 LeeG@contoso.com mobile: left out (invalid)`,
		`${users}:11 nestorw@contoso.com mobile: left out (duplicate)`,
		`${users}:12 PradeepG@contoso.com mobile: left out (absent)`,
	]);
	const rows = fs.readFileSync(path.join(run.out, 'registrations.csv'), 'utf8').trimEnd().split('\r\n').slice(1);
	assert.deepEqual(rows.map((row) => row.split(',')[1]), ['mobile', 'mobile', 'mobile', 'mobile']);
});

test('without registration details nobody is left out as registered, and the output says so', () => {
	const run = register([users]);
	const rows = fs.readFileSync(path.join(run.out, 'registrations.csv'), 'utf8').trimEnd().split('\r\n').slice(1);
	assert.deepEqual(rows.map((row) => row.split(',')[0]), ['AdeleV@contoso.com', 'AlexW@contoso.com', 'DiegoS@contoso.com', 'JohannaL@contoso.com', 'MeganB@contoso.com', 'NestorW@contoso.com']);
	assert.match(run.stdout, /^No user registration details were given \(--registrations\): users who registered in Entra already are not left out, and the script skips the types they have\.$/m);
});

test('the script: the same bytes for every export, none of whose values it holds', () => {
	const first = register([users, '--registrations', detailsCsv, '--types', 'mobile,office']);
	const directory = scratchDir();
	const other = path.join(directory, 'Fabrikam Export 2026.csv');
	fs.writeFileSync(other, 'DN,userPrincipalName,mobile,telephoneNumber\n"CN=Kai Otto,OU=Staff,DC=fabrikam,DC=de",kai.otto@fabrikam.de,+49 151 98765432,+49 30 1234567\n');
	const second = runCli(['register', other, '--out', path.join(directory, 'out'), '--types', 'mobile,office']);
	assert.equal(second.status, 0);
	const scripts = [path.join(first.out, 'Register-DirlintPhoneMethods.ps1'), path.join(directory, 'out', 'Register-DirlintPhoneMethods.ps1')].map((file) => fs.readFileSync(file));
	assert.ok(scripts[0].equals(asset), 'written byte for byte');
	assert.ok(scripts[1].equals(asset), 'the same for another export');
	const values = [
		...fs.readFileSync(path.join(repoRoot, users), 'utf8').split(/[\r\n,]+/).filter((value) => /@|\d{4}|CN=/.test(value)),
		...fs.readFileSync(path.join(first.out, 'registrations.csv'), 'utf8').split(/[\r\n,]+/).filter((value) => /@|\+\d|\//.test(value)),
		'kai.otto@fabrikam.de', '+49 15198765432', 'Kai Otto', 'fabrikam', 'Fabrikam Export 2026', 'readiness-users', 'contoso',
	];
	for (const value of values) assert.equal(script.toLowerCase().includes(value.toLowerCase()), false, `the script holds ${value}`);
});

test('the script reads the columns registrations.csv has, and is ASCII (Windows PowerShell 5.1 reads it right)', () => {
	for (const column of registrationsHeader.split(',')) assert.match(script, new RegExp(`'${column}'`), column);
	assert.equal(/[^\x09\x0a\x0d\x20-\x7e]/.test(script), false);
});

/** The script without its comments and help, where only code is left to read. */
const code = script.replace(/<#[\s\S]*?#>/g, '').replace(/^\s*#(?!Requires).*$/gm, '').replace(/ # .*$/gm, '');

test('the script\'s flow: connect with the write scope, read each user\'s phones, then add only what is missing', () => {
	assert.match(code, /\[CmdletBinding\(SupportsShouldProcess = \$true\)\]/);
	assert.match(code, /#Requires -Modules .*'Microsoft\.Graph\.Authentication'.*'Microsoft\.Graph\.Identity\.SignIns'/);
	assert.match(code, /Connect-MgGraph -Scopes 'UserAuthenticationMethod\.ReadWrite\.All'/);
	const read = code.indexOf('Get-MgUserAuthenticationPhoneMethod -UserId $upn -All');
	const confirm = code.indexOf('$PSCmdlet.ShouldProcess(');
	const add = code.indexOf('New-MgUserAuthenticationPhoneMethod -UserId $upn -PhoneType $type -PhoneNumber $number');
	assert.ok(read > 0 && confirm > read && add > confirm, 'Get-… before ShouldProcess before New-…');
	assert.match(code, /if \(\$has\.ContainsKey\(\$type\.ToLowerInvariant\(\)\)\) \{ Add-DirlintLog \$item 'skipped'/, 'a type the user has is skipped');
	assert.match(code, /\$phoneTypes = @\('mobile', 'office', 'alternateMobile'\)/, 'mobile rows come before alternateMobile ones');
	assert.match(code, /if \(\$type -eq 'alternateMobile' -and -not \$has\.ContainsKey\('mobile'\)\)/);
	// It never changes or removes a method, and calls Graph through no other door.
	assert.equal(/\b(Update|Remove|Set)-Mg|Invoke-MgGraphRequest|Invoke-RestMethod|Invoke-WebRequest/.test(code), false);
});

test('the script retries throttling after Retry-After and stops on an authentication failure', () => {
	assert.match(code, /if \(\$status -in @\(429, 503, 504\) -and \$attempt -lt \$MaxRetries\)/);
	assert.match(code, /Start-Sleep -Seconds \$wait/);
	assert.match(code, /\$seconds = ConvertFrom-DirlintRetryAfter \(Get-DirlintProperty \$headers 'RetryAfter'\)/);
	assert.match(code, /if \("\$key" -eq 'Retry-After'\)/);
	// Graph PowerShell writes "Status: 403 (Forbidden)" into its errors; newer versions also carry the status on the exception.
	assert.match(code, /'Status:\\s\*\(\[0-9\]\{3\}\)'/);
	assert.match(code, /return \(\$Status -eq 401\) -or \(\$Status -eq 403 -and -not \$script:graphAnswered\)/);
	assert.equal((code.match(/if \(Test-DirlintSessionFailure \$status\) \{ throw /g) ?? []).length, 2, 'both calls stop on it');
	assert.match(code, /throw "Connect-MgGraph failed, so nothing was registered: /);
	// Calls wait on errors as terminating ones, so catch blocks see them.
	assert.equal((code.match(/-ErrorAction Stop/g) ?? []).length, 3);
});

test('the script logs every row: added, would-add, skipped or failed, written even when it stops', () => {
	for (const result of ['added', 'would-add', 'skipped', 'failed']) assert.match(code, new RegExp(`Add-DirlintLog \\$item '${result}'`), result);
	assert.match(code, /\} finally \{[\s\S]*Export-Csv -LiteralPath \$LogPath -NoTypeInformation -Encoding UTF8 -WhatIf:\$false -Confirm:\$false/);
	assert.match(code, /'Not processed: the script stopped before this row\.'/);
});

/** The commands PowerShell 5.1 and Microsoft Graph PowerShell have that the script may call. */
const knownCommands = new Set([
	'Connect-MgGraph', 'Get-MgContext', 'Get-MgUserAuthenticationPhoneMethod', 'New-MgUserAuthenticationPhoneMethod',
	'Export-Csv', 'ForEach-Object', 'Get-Content', 'Get-Date', 'Import-Csv', 'Join-Path', 'New-Object', 'Resolve-Path', 'Select-Object',
	'Sort-Object', 'Split-Path', 'Start-Sleep', 'Test-Path', 'Where-Object', 'Write-Host', 'Write-Progress', 'Write-Verbose',
]);

test('the script calls only commands it defines or PowerShell and Graph PowerShell have', () => {
	const defined = new Set([...code.matchAll(/^function ([A-Za-z]+-[A-Za-z]+) \{/gm)].map((match) => match[1]));
	// Single-quoted strings are text (a header name, a pattern): no command runs in them.
	const commands = code.replace(/'[^'\n]*'/g, "''");
	const called = new Set([...commands.matchAll(/(?<![\w$.-])([A-Z][a-z]+-(?:Mg|Dirlint)?[A-Z][A-Za-z]+)\b/g)].map((match) => match[1]));
	const unknown = [...called].filter((name) => !defined.has(name) && !knownCommands.has(name));
	assert.deepEqual(unknown, []);
	const unused = [...defined].filter((name) => (code.match(new RegExp(`\\b${name}\\b`, 'g')) ?? []).length < 2);
	assert.deepEqual(unused, [], 'every function is called');
});

/** The text of every param( … ) block, brackets and all. */
function paramBlocks(source: string): string[] {
	const blocks: string[] = [];
	for (const match of source.matchAll(/\bparam\(/g)) {
		let depth = 0;
		for (let i = match.index! + 'param'.length; i < source.length; i++) {
			if (source[i] === '(') depth++;
			else if (source[i] === ')' && --depth === 0) {
				blocks.push(source.slice(match.index, i + 1));
				break;
			}
		}
	}
	return blocks;
}

test('the script uses no variable it never sets', () => {
	const automatic = new Set(['_', 'true', 'false', 'null', 'PSScriptRoot', 'PSCmdlet', 'WhatIfPreference', 'ErrorActionPreference', 'Matches']);
	const parameters = paramBlocks(code).flatMap((block) => [...block.matchAll(/\$([A-Za-z]+)/g)].map((match) => match[1]));
	const assigned = new Set([
		...parameters,
		...[...code.matchAll(/\$(?:script:)?([A-Za-z]+)\s*(?:=(?!=)|\+\+)/g)].map((match) => match[1]),
		...[...code.matchAll(/foreach \(\$([A-Za-z]+) in /g)].map((match) => match[1]),
		...[...code.matchAll(/\bfor \(\$([A-Za-z]+) = /g)].map((match) => match[1]),
	]);
	for (const variable of ['Path', 'LogPath', 'MaxRetries', 'SkipConnect', 'ErrorRecord', 'Object', 'Name', 'Value', 'Attempt', 'Call', 'Item', 'Result', 'Detail', 'Status']) {
		assert.ok(assigned.has(variable), `${variable} is a parameter`);
	}
	const used = new Set([...code.matchAll(/\$(?:script:)?([A-Za-z_]+)/g)].map((match) => match[1]));
	assert.deepEqual([...used].filter((name) => !assigned.has(name) && !automatic.has(name)), []);
});

test('bad arguments, and details that cannot be read, stop before anything is written', () => {
	for (const [args, message] of [
		[['register', users, '--types', 'fax', '--out', 'x'], '--types fax: expected mobile, office or mobile,office.'],
		[['register', users], 'dirlint register needs --out DIR, the directory to write registrations.csv and Register-DirlintPhoneMethods.ps1 into.'],
	] as const) {
		const run = runCli([...args], { cwd: repoRoot });
		assert.equal(run.status, 2);
		assert.equal(run.stderr, `dirlint: ${message}\nRun dirlint --help for usage.\n`);
	}
	const run = register([users, '--registrations', users]);
	assert.equal(run.status, 2);
	assert.match(run.stderr, /^dirlint: test\/fixtures\/readiness-users\.csv is not Entra's user registration details: it lacks the columns "SSPR Registered", "Methods Registered"\./);
	assert.equal(fs.existsSync(run.out), false);
	const file = path.join(scratchDir(), 'a-file');
	fs.writeFileSync(file, '');
	const unwritable = runCli(['register', users, '--out', path.join(file, 'out')], { cwd: repoRoot });
	assert.equal(unwritable.status, 2);
	assert.match(unwritable.stderr, /^dirlint: .*a-file\/out cannot be written: ENOTDIR/);
});
