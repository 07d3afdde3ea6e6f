/**
 * End-to-end tests of the dirlint command: they run the built dist/cli.js (`node scripts/build.mjs`
 * first) on copies in os.tmpdir(), never on test/fixtures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allDiagnosticCodes } from '../../shared/src/codes';
import { findingLines, repoRoot, runCli, sarifValidator, scratchDir, scratchFile, startCli } from './cliHarness';

const formatMessage = 'telephoneNumber is not in the form SSPR needs (+CountryCode Number, one space): write +1 4255550123.';
/** The London landline in basicCsv's mobile is also a fixed-line number there (the readiness family's warning). */
const notMobileMessage = 'mobile is a fixed-line number (+44 2079460958): it cannot receive the text messages SSPR and MFA send. Register a mobile number for the user, or move this one to telephoneNumber.';

/** Line 2: a value to reformat and an invalid one; line 3: a national number in a GB row. */
const basicCsv = [
	'DN,telephoneNumber,mobile,c',
	'"CN=Ann Lee,DC=contoso,DC=com",+1 (425) 555-0123,n/a,US',
	'"CN=Bo Li,DC=contoso,DC=com",+1 4255550123,020 7946 0958,GB',
	'',
].join('\n');

const cleanCsv = 'DN,telephoneNumber,mobile,c\n"CN=Ann Lee,DC=contoso,DC=com",+1 4255550123,+44 7911123456,US\n';

test('exit codes: 0 for a clean file, 1 when errors remain, 2 for bad arguments', () => {
	assert.equal(runCli(['check', scratchFile('clean.csv', cleanCsv)]).status, 0);
	assert.equal(runCli(['check', scratchFile('basic.csv', basicCsv)]).status, 1);
	for (const args of [[], ['lint', 'x.csv'], ['check'], ['check', '--frobnicate', 'x.csv'], ['check', '--format', 'xml', 'x.csv']]) {
		const run = runCli(args);
		assert.equal(run.status, 2, args.join(' '));
		assert.match(run.stderr, /^dirlint: .+\nRun dirlint --help for usage\.\n$/, args.join(' '));
		assert.equal(run.stdout, '');
	}
});

test('text output: file:line:col severity code message, then a summary line', () => {
	const directory = scratchDir();
	fs.writeFileSync(path.join(directory, 'basic.csv'), basicCsv);
	const run = runCli(['check', 'basic.csv'], { cwd: directory });
	assert.deepEqual(findingLines(run.stdout), [
		`basic.csv:2:32 error phone.format ${formatMessage}`,
		'basic.csv:2:50 error phone.invalid mobile "n/a" is not a phone number SSPR can use: it is not a phone number.',
		'basic.csv:3:44 error phone.missing-country-code mobile has no country code; read as a number in GB it is +44 2079460958.',
		`basic.csv:3:44 warning phone.not-mobile ${notMobileMessage}`,
	]);
	assert.equal(run.stdout.trimEnd().split('\n').pop(), '1 file checked: 3 errors, 1 warning, 0 information, 0 hints; 2 can be fixed with dirlint fix');
	assert.equal(run.stderr, '');
});

test('--format json: an array of findings on stdout, the summary on stderr', () => {
	const file = scratchFile('basic.csv', basicCsv);
	const run = runCli(['check', '--format', 'json', file]);
	assert.equal(run.status, 1);
	const findings = JSON.parse(run.stdout) as Record<string, unknown>[];
	assert.equal(findings.length, 4);
	assert.deepEqual(findings[0], {
		file, line: 2, column: 32, endLine: 2, endColumn: 49, severity: 'error', code: 'phone.format', message: formatMessage,
		fix: { text: '+1 4255550123', line: 2, column: 32, endLine: 2, endColumn: 49 },
	});
	assert.equal(findings[1].code, 'phone.invalid');
	assert.equal(findings[1].fix, undefined);
	assert.match(run.stderr, /^1 file checked: 3 errors/);
	assert.deepEqual(JSON.parse(runCli(['check', '--format', 'json', scratchFile('clean.csv', cleanCsv)]).stdout), []);
});

interface SarifRegion {
	startLine: number;
	startColumn: number;
	endLine: number;
	endColumn: number;
}

/** The parts of a SARIF log the tests read; the schema checks the rest. */
interface SarifLog {
	runs: {
		tool: { driver: { name: string; rules: { id: string }[] } };
		results: {
			ruleId: string;
			ruleIndex: number;
			level: string;
			locations: { physicalLocation: { artifactLocation: { uri: string }; region: SarifRegion } }[];
			fixes?: { artifactChanges: { replacements: { deletedRegion: SarifRegion; insertedContent: { text: string } }[] }[] }[];
			rank?: unknown;
		}[];
	}[];
}

test('--format sarif: valid SARIF 2.1.0 with every rule, levels, regions and fixes', () => {
	const directory = scratchDir();
	fs.writeFileSync(path.join(directory, 'my users.csv'), basicCsv);
	fs.writeFileSync(path.join(directory, 'home.csv'), 'DN,homePhone,c\n"CN=a",+1 (425) 555-0199,US\n');
	const run = runCli(['check', '--format', 'sarif', '--all-phones', 'my users.csv', path.join(directory, 'home.csv')], { cwd: directory });
	const log = JSON.parse(run.stdout) as SarifLog;
	const validate = sarifValidator<SarifLog>();
	assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
	const [sarifRun] = log.runs;
	assert.equal(sarifRun.tool.driver.name, 'dirlint');
	assert.deepEqual(sarifRun.tool.driver.rules.map((rule) => rule.id), allDiagnosticCodes);
	assert.deepEqual(sarifRun.results.map((result) => `${result.ruleId}:${result.level}`),
		['phone.format:error', 'phone.invalid:error', 'phone.missing-country-code:error', 'phone.not-mobile:warning', 'phone.format:note']);
	const [first] = sarifRun.results;
	assert.equal(sarifRun.tool.driver.rules[first.ruleIndex].id, 'phone.format');
	assert.deepEqual(first.locations[0].physicalLocation, {
		artifactLocation: { uri: 'my%20users.csv' },
		region: { startLine: 2, startColumn: 32, endLine: 2, endColumn: 49 },
	});
	assert.deepEqual(first.fixes?.[0].artifactChanges[0].replacements[0], {
		deletedRegion: { startLine: 2, startColumn: 32, endLine: 2, endColumn: 49 },
		insertedContent: { text: '+1 4255550123' },
	});
	assert.equal(sarifRun.results[1].fixes, undefined, 'phone.invalid has no fix');
	assert.match(sarifRun.results[4].locations[0].physicalLocation.artifactLocation.uri, /^file:\/\/\/.*\/home\.csv$/);
	assert.match(run.stderr, /^2 files checked: 3 errors, 1 warning, 1 information/);
});

test('the SARIF subset schema rejects what the official schema rejects', () => {
	const validate = sarifValidator<SarifLog>();
	const log = JSON.parse(runCli(['check', '--format', 'sarif', scratchFile('basic.csv', basicCsv)]).stdout) as SarifLog;
	const result = log.runs[0].results[0];
	result.level = 'fatal';
	assert.equal(validate(log), false);
	result.level = 'error';
	result.locations[0].physicalLocation.region.startLine = 0;
	assert.equal(validate(log), false);
	result.locations[0].physicalLocation.region.startLine = 2;
	result.rank = 'high';
	assert.equal(validate(log), false);
	delete result.rank;
	assert.equal(validate(log), true);
});

test('--severity, --region, --all-phones, --delimiter and --locale change what is reported', () => {
	const basic = scratchFile('basic.csv', basicCsv);
	const severities = runCli(['check', '--severity', 'phone.invalid=off', '--severity', 'phone.format=warning', '--severity', 'phone.missing-country-code=hint', basic]);
	assert.deepEqual(findingLines(severities.stdout).map((line) => line.split(' ').slice(1, 3).join(' ')), ['warning phone.format', 'hint phone.missing-country-code', 'warning phone.not-mobile']);
	assert.equal(severities.status, 0, 'no errors remain');

	const national = scratchFile('national.tsv', 'DN\ttelephoneNumber\n"CN=a"\t(425) 555-0123\n');
	assert.match(runCli(['check', national]).stdout, /no region is known/);
	assert.match(runCli(['check', '--region', 'us', national]).stdout, /read as a number in US it is \+1 4255550123/);
	assert.match(runCli(['check', '--region', 'us', '--delimiter', ';', national]).stdout, /not an Active Directory export dirlint recognizes/);
	assert.match(runCli(['check', '--region', 'us', '--delimiter', 'tab', national]).stdout, /read as a number in US/);

	const home = scratchFile('home.csv', 'DN,homePhone,c\n"CN=a",+1 (425) 555-0199,US\n');
	assert.deepEqual(findingLines(runCli(['check', home]).stdout), []);
	assert.match(runCli(['check', '--all-phones', home]).stdout, /:2:8 information phone\.format homePhone/);

	const chinese = runCli(['check', '--locale', 'zh-cn', basic]);
	assert.match(findingLines(chinese.stdout)[0], /^.*:2:32 error phone\.format telephoneNumber .*[\u4e00-\u9fff]/);
	const missing = runCli(['check', '--locale', 'fr', basic]);
	assert.match(missing.stderr, /^dirlint: no fr translations \(.*\); messages are in English\n$/);
	assert.equal(findingLines(missing.stdout)[0].endsWith(formatMessage), true);

	for (const bad of [['--severity', 'phone.format=fatal'], ['--severity', 'phone.nope=error'], ['--region', 'XX'], ['--delimiter', '|'], ['--locale', '../x']]) {
		const run = runCli(['check', ...bad, basic]);
		assert.equal(run.status, 2, bad.join(' '));
		assert.match(run.stderr, new RegExp(`^dirlint: ${bad[0]} `));
	}
});

test('--help and --version', () => {
	const help = runCli(['--help']);
	assert.equal(help.status, 0);
	assert.match(help.stdout, /dirlint check FILE\.\.\./);
	assert.match(help.stdout, /--severity CODE=LEVEL/);
	const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
	assert.equal(runCli(['-v']).stdout, `${version}\n`);
});

/** A Windows PowerShell Export-Csv file: BOM, #TYPE line, every field quoted, `;`, CRLF, a line break in a field. */
const powershellCsv = [
	'\ufeff#TYPE Selected.Microsoft.ActiveDirectory.Management.ADUser',
	'"Name";"Title";"OfficePhone";"MobilePhone";"Country"',
	'"José Müller";"Ingénieur ""senior""";"+49 30 901820";"0171 2345678";"DE"',
	'"王芳";"Line one\r\nline two; still the title";"+86 10 1234 5678";"n/a";"CN"',
	'"Zoë Smith";"Manager";"+1 (425) 555-0123 x12";"";"US"',
	'"Ann Lee";"Engineer";"+1 4255550123";"+44 20 7946 0958";"GB"',
	'',
].join('\r\n');

const powershellFixes: [string, string][] = [
	['"+49 30 901820"', '"+49 30901820"'],
	['"0171 2345678"', '"+49 1712345678"'],
	['"+86 10 1234 5678"', '"+86 1012345678"'],
	['"+1 (425) 555-0123 x12"', '"+1 4255550123"'],
	['"+44 20 7946 0958"', '"+44 2079460958"'],
];

/** The input bytes with only the fixed values' bytes replaced. */
function expectedBytes(input: string, fixes: [string, string][]): Buffer {
	let bytes = Buffer.from(input, 'utf8');
	for (const [before, after] of fixes) {
		const at = bytes.indexOf(before);
		assert.ok(at >= 0 && bytes.indexOf(before, at + 1) < 0, `${before} occurs once`);
		bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(after, 'utf8'), bytes.subarray(at + Buffer.byteLength(before))]);
	}
	return bytes;
}

// One-byte chunks: a piece per record, linted on worker threads.
for (const chunkBytes of [undefined, 1]) {
	test(`fix rewrites only the fixed values' bytes (PowerShell CSV${chunkBytes ? `, ${chunkBytes}-byte chunks` : ''})`, () => {
		const file = scratchFile('users.csv', powershellCsv);
		fs.chmodSync(file, 0o640);
		const run = runCli(['fix', file], { chunkBytes });
		assert.deepEqual(fs.readFileSync(file), expectedBytes(powershellCsv, powershellFixes));
		assert.equal(fs.statSync(file).mode & 0o777, 0o640, 'permissions kept');
		assert.deepEqual(fs.readdirSync(path.dirname(file)), ['users.csv'], 'no temporary file left');
		assert.equal(run.status, 1, 'the invalid value remains an error');
		assert.deepEqual(run.stdout.trimEnd().split('\n'), [
			`${file}:5:46 error phone.invalid mobile "n/a" is not a phone number SSPR can use: it is not a phone number.`,
			// Fixed, Ann Lee's London landline is still no mobile.
			`${file}:7:39 warning phone.not-mobile ${notMobileMessage}`,
			`${file}: fixed 5 values (phone.format 3, phone.missing-country-code 1, phone.extension 1)`,
			'1 file fixed: 5 values rewritten; 1 error, 1 warning, 0 information, 0 hints remain',
		]);
	});
}

test('fix on LDIF writes base64 values back as plain text and unfolds fixed values', () => {
	const ldif = 'version: 1\r\n\r\ndn: CN=Ann,DC=x\r\nmobile:: KzEgKDQyNSkgNTU1LTAxMjM=\r\ntelephoneNumber: +44 20 79\r\n 46 0958\r\nc: GB\r\n\r\ndn: CN=Bob,DC=x\r\nmobile: 020 7946 0958\r\nfacsimileTelephoneNumber: n/a\r\nc: GB\r\n';
	const file = scratchFile('users.ldif', ldif);
	const run = runCli(['fix', '--all-phones', '--format', 'json', file]);
	assert.deepEqual(fs.readFileSync(file), expectedBytes(ldif, [
		[':: KzEgKDQyNSkgNTU1LTAxMjM=', ': +1 4255550123'],
		['+44 20 79\r\n 46 0958', '+44 2079460958'],
		['020 7946 0958', '+44 2079460958'],
	]));
	assert.equal(run.status, 0, 'what remains is information');
	// The fold is gone, so the fax line moved up: positions are in the fixed file.
	assert.deepEqual(JSON.parse(run.stdout).map((finding: { code: string; line: number }) => `${finding.code}@${finding.line}`), ['phone.not-mobile@9', 'phone.invalid@10']);
	assert.match(run.stderr, /fixed 3 values/);
});

test('fix through a symbolic link rewrites the file it points to, and keeps the link', () => {
	const directory = scratchDir();
	fs.writeFileSync(path.join(directory, 'users.csv'), powershellCsv);
	fs.symlinkSync('users.csv', path.join(directory, 'link.csv'));
	runCli(['fix', 'link.csv'], { cwd: directory });
	assert.equal(fs.readlinkSync(path.join(directory, 'link.csv')), 'users.csv');
	assert.deepEqual(fs.readFileSync(path.join(directory, 'users.csv')), expectedBytes(powershellCsv, powershellFixes));
});

test('fix that cannot write its temporary file says so, and leaves the file unchanged', () => {
	// 240 characters: the temporary file's name (`.NAME.dirlint-….tmp`) is longer than a file name may be.
	const file = scratchFile(`${'u'.repeat(236)}.csv`, powershellCsv);
	const other = scratchFile('other.csv', powershellCsv);
	const run = runCli(['fix', file, other]);
	assert.equal(run.status, 2);
	assert.match(run.stderr, /^dirlint: .*u\.csv: could not be fixed, and is unchanged: ENAMETOOLONG/);
	assert.ok(fs.readFileSync(file).equals(Buffer.from(powershellCsv)));
	assert.deepEqual(fs.readFileSync(other), expectedBytes(powershellCsv, powershellFixes), 'the other file is still fixed');
});

test('fix leaves a file with nothing to fix untouched', () => {
	const file = scratchFile('clean.csv', cleanCsv);
	const before = fs.statSync(file).mtimeMs;
	const run = runCli(['fix', file]);
	assert.equal(run.status, 0);
	assert.equal(fs.statSync(file).mtimeMs, before);
	assert.match(run.stdout, /clean\.csv: nothing to fix\n/);
	assert.deepEqual(fs.readdirSync(path.dirname(file)), ['clean.csv']);
});

/** About 16 MB of rows to fix, so a fix run lasts long enough to be interrupted. */
function largeCsv(): Buffer {
	const rows = ['DN,telephoneNumber,mobile,c\n'];
	for (let i = 0; i < 400; i++) rows.push(`"CN=User ${i},OU=Sales,DC=contoso,DC=com",+1 (425) 555-${String(1000 + i)},0${7700 + (i % 90)} 900${String(100 + i).slice(-3)},GB\n`);
	return Buffer.from(rows[0] + rows.slice(1).join('').repeat(500));
}

async function interruptedFix(signal: NodeJS.Signals): Promise<{ file: string; original: Buffer; exit: [number | null, NodeJS.Signals | null] }> {
	const original = largeCsv();
	const file = scratchFile('big.csv', original);
	const child = startCli(['fix', file], 1 << 16);
	const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
	// Wait until the fixed copy is being written, then interrupt.
	while (!fs.readdirSync(path.dirname(file)).some((name) => name.endsWith('.tmp'))) {
		assert.equal(child.exitCode, null, 'the fix was still running when its temporary file appeared');
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
	child.kill(signal);
	return { file, original, exit: await exited };
}

test('a fix killed with SIGKILL leaves the original intact, at most beside a temporary file', async () => {
	const { file, original, exit } = await interruptedFix('SIGKILL');
	assert.deepEqual(exit, [null, 'SIGKILL']);
	assert.ok(fs.readFileSync(file).equals(original), 'original bytes unchanged');
	for (const name of fs.readdirSync(path.dirname(file))) assert.match(name, /^(big\.csv|\.big\.csv\.dirlint-[0-9a-f]+\.tmp)$/);
});

test('a fix stopped with SIGTERM removes its temporary file and leaves the original intact', async () => {
	const { file, original, exit } = await interruptedFix('SIGTERM');
	assert.deepEqual(exit, [143, null]);
	assert.ok(fs.readFileSync(file).equals(original), 'original bytes unchanged');
	assert.deepEqual(fs.readdirSync(path.dirname(file)), ['big.csv']);
});

test('a quoted field with line breaks across chunk boundaries: same findings, right lines', () => {
	const csv = [
		'DN,info,telephoneNumber,mobile,c',
		'"CN=Ann Lee,DC=x","first line',
		'second line, with a comma and ""quotes""',
		'',
		'fourth line",+1 (425) 555-0123,020 7946 0958,GB',
		'"CN=Bo Li,DC=x",plain,+44 20 7946 0958,"multi',
		'line mobile",GB',
		'"CN=Cy Wu,DC=x","",n/a,,US',
		'',
	].join('\n');
	const file = scratchFile('multiline.csv', csv);
	const whole = runCli(['check', file]);
	assert.deepEqual(findingLines(whole.stdout).map((line) => line.slice(file.length + 1).split(' ').slice(0, 3).join(' ')), [
		'5:14 error phone.format',
		'5:32 error phone.missing-country-code',
		'5:32 warning phone.not-mobile',
		'6:23 error phone.format',
		'6:41 error phone.invalid',
		'8:20 error phone.invalid',
	]);
	assert.match(whole.stdout, /:6:41 error phone\.invalid mobile "multi\\nline mobile" is not/, 'one line per finding');
	for (const chunkBytes of [1, 2, 3, 5, 8, 13, 21, 34, 55]) {
		assert.equal(runCli(['check', file], { chunkBytes }).stdout, whole.stdout, `${chunkBytes}-byte chunks`);
	}
});

test('a quote left open: reading resumes after it, in small chunks as in one piece', () => {
	const rows = ['DN,telephoneNumber,c', 'CN=Ann,"+1 4255550123,US'];
	for (let i = 0; i < 30_000; i++) rows.push(`CN=User ${i},+1 (425) 555-${String(1000 + (i % 9000))},US`);
	const file = scratchFile('unclosed.csv', `${rows.join('\n')}\n`);
	const whole = runCli(['check', file], { chunkBytes: 1 << 24 });
	const lines = findingLines(whole.stdout);
	assert.match(lines[0], /:2:8 error csv\.parse /);
	assert.equal(lines.length, 30_001);
	assert.match(lines[30_000], /:30002:15 error phone\.format /);
	// The file in one piece above; in 64 KB pieces here, where the open quote runs past the 1 MB a
	// record may take and is cut at a line break.
	assert.equal(runCli(['check', file]).stdout, whole.stdout);
});

test('unreadable inputs: one line naming the file, exit 2, the other files still checked', () => {
	const directory = scratchDir();
	const write = (name: string, content: string | Uint8Array) => fs.writeFileSync(path.join(directory, name), content);
	write('basic.csv', basicCsv);
	write('empty.csv', '');
	write('binary.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]));
	write('utf16.csv', Buffer.from('\ufeffDN,mobile\r\n', 'utf16le'));
	write('latin1.csv', Buffer.concat([Buffer.from('DN,mobile,c\n"CN=a",+1 4255550123,US\n"CN=M'), Buffer.from([0xfc]), Buffer.from('ller",n/a,DE\n')]));
	fs.mkdirSync(path.join(directory, 'folder.csv'));
	const run = runCli(['check', 'missing.csv', 'folder.csv', 'empty.csv', 'binary.csv', 'utf16.csv', 'latin1.csv', 'basic.csv'], { cwd: directory });
	assert.equal(run.status, 2);
	assert.deepEqual(run.stderr.trimEnd().split('\n'), [
		'dirlint: missing.csv: no such file',
		'dirlint: folder.csv: is a directory, not an export file',
		'dirlint: empty.csv: is empty',
		'dirlint: binary.csv: looks like a binary file (it contains NUL bytes); dirlint reads CSV and LDIF text exports',
		'dirlint: utf16.csv: is UTF-16 text (csvde -u writes it); dirlint reads UTF-8: save the file as UTF-8 and run again',
		'dirlint: latin1.csv: is not valid UTF-8 (an invalid byte sequence on line 3); save the file as UTF-8 and run again',
	]);
	assert.equal(findingLines(run.stdout).length, 4, 'basic.csv is still checked');
	assert.match(run.stdout, /1 file checked: 3 errors, 1 warning.*; 6 files could not be read\n$/);
});

test('invalid UTF-8 deep in a file read in chunks is reported on its line, and fix leaves the file alone', () => {
	const lines = ['DN,mobile,c'];
	for (let i = 0; i < 200; i++) lines.push(`"CN=User ${i}",+1 (425) 555-${1000 + i},US`);
	const bytes = Buffer.concat([Buffer.from(`${lines.join('\n')}\n"CN=`), Buffer.from([0xc3, 0x28]), Buffer.from('",n/a,US\n')]);
	const file = scratchFile('bad.csv', bytes);
	const run = runCli(['fix', file], { chunkBytes: 256 });
	assert.equal(run.status, 2);
	assert.match(run.stderr, /bad\.csv: is not valid UTF-8 \(an invalid byte sequence on line 202\)/);
	assert.ok(fs.readFileSync(file).equals(bytes));
	assert.deepEqual(fs.readdirSync(path.dirname(file)), ['bad.csv']);
});

test('a reader that stops early (| head) ends the run quietly', async () => {
	const child = startCli(['check', scratchFile('big.csv', largeCsv())]);
	const exited = once(child, 'exit');
	let stderr = '';
	child.stderr!.on('data', (data: Buffer) => (stderr += data.toString()));
	await once(child.stdout!, 'data');
	child.stdout!.destroy();
	assert.deepEqual(await exited, [141, null]);
	assert.equal(stderr, '');
});

test('bin/dirlint.js runs the built CLI', () => {
	const bin = path.join(repoRoot, 'bin/dirlint.js');
	assert.match(fs.readFileSync(bin, 'utf8'), /^#!\/usr\/bin\/env node\n/);
	assert.ok((fs.statSync(bin).mode & 0o111) !== 0, 'executable');
	const run = spawnSync(bin, ['check', scratchFile('basic.csv', basicCsv)], { encoding: 'utf8' });
	assert.equal(run.status, 1);
	assert.match(run.stdout, /1 file checked: 3 errors/);
});
