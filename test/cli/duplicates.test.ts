/**
 * The CLI's duplicate step: `dirlint check a.csv b.ldf` judges duplicates across every file of the
 * run (or per file, or not at all, with --duplicates), says where the other holders are in every
 * output format, exits 1 on one, and finds what the language server finds for the same files,
 * whatever the size of the chunks the files are read in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveSettings, Settings } from '../../shared/src/settings';
import { createLinter, formatOf } from '../../server/src/engine/linter';
import { findingMessage } from '../../server/src/engine/pieces';
import { DocumentLint } from '../../server/src/languageServer/documentLint';
import { DuplicateState } from '../../server/src/languageServer/duplicateState';
import { WorkerPool } from '../../server/src/languageServer/workerPool';
import { lintFile } from '../../server/src/cli/fileLinter';
import { KeyTable } from '../../server/src/cli/keyTable';
import type { LocatedFinding } from '../../server/src/cli/pieceLinter';
import { inThread } from '../../server/src/cli/pieceRunners';
import { findingLines, lineIndex, runCli, sarifValidator, scratchDir } from './cliHarness';

/** Ann's secondary address is Cy's primary one (in another case), Bo's alias is Ann's, Dee's UPN is Bo's. */
const aCsv = [
	'DN,objectClass,cn,displayName,sAMAccountName,userPrincipalName,mail,mailNickname,proxyAddresses',
	'"CN=Ann,OU=Users,DC=contoso,DC=com",user,Ann,Ann,ann,ann@contoso.com,ann@contoso.com,ann,"SMTP:ann@contoso.com;smtp:sales@contoso.com"',
	'"CN=Bo,OU=Users,DC=contoso,DC=com",user,Bo,Bo,bo,bo@contoso.com,bo@contoso.com,ANN,SMTP:bo@contoso.com',
	'',
].join('\r\n');
const bLdf = [
	'dn: CN=Cy,OU=Users,DC=contoso,DC=com', 'objectClass: user', 'cn: Cy', 'displayName: Cy', 'sAMAccountName: cy', 'userPrincipalName: cy@contoso.com',
	'mail: cy@contoso.com', 'mailNickname: cy', 'proxyAddresses: smtp:cy@contoso.com', 'proxyAddresses: SMTP:Sales@Contoso.com', '',
	'dn: CN=Dee,OU=Users,DC=contoso,DC=com', 'objectClass: user', 'cn: Dee', 'displayName: Dee', 'sAMAccountName: dee', 'userPrincipalName: bo@contoso.com', '', '',
].join('\n');

function inDirectory(files: Record<string, string> = { 'a.csv': aCsv, 'b.ldf': bLdf }): string {
	const directory = scratchDir();
	for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(directory, name), text);
	return directory;
}

const unique = 'Microsoft Entra ID requires it to be unique across users, groups and contacts: only one of them keeps it, and the sync reports AttributeValueMustBeUnique or InvalidSoftMatch. Keep it on the object that should have it, and change or remove it on the others.';
const alias = 'Exchange Online needs every alias to be unique in the directory. Keep it on the object that should have it, and change or remove it on the others.';
const aliasLines = [
	`a.csv:2:86 error sync.duplicate This mailNickname is also the mailNickname of another object in this file. ${alias} (also at a.csv:3:80)`,
	`a.csv:3:80 error sync.duplicate This mailNickname is also the mailNickname of another object in this file. ${alias} (also at a.csv:2:86)`,
];

test('dirlint check a.csv b.ldf: duplicates across both files, every holder told where the others are, exit 1', () => {
	const run = runCli(['check', 'a.csv', 'b.ldf'], { cwd: inDirectory() });
	assert.equal(run.status, 1);
	assert.deepEqual(findingLines(run.stdout), [
		aliasLines[0],
		`a.csv:2:112 error sync.duplicate This proxyAddresses is also the proxyAddresses of an object in b.ldf. ${unique} (also at b.ldf:10:17)`,
		`a.csv:3:50 error sync.duplicate This userPrincipalName is also the userPrincipalName of an object in b.ldf. ${unique} (also at b.ldf:17:20)`,
		`a.csv:3:65 error sync.duplicate This mail is also the userPrincipalName of an object in b.ldf. ${unique} (also at b.ldf:17:20)`,
		aliasLines[1],
		`a.csv:3:84 error sync.duplicate This proxyAddresses is also the userPrincipalName of an object in b.ldf. ${unique} (also at b.ldf:17:20)`,
		`b.ldf:10:17 error sync.duplicate This proxyAddresses is also the proxyAddresses of an object in a.csv. ${unique} (also at a.csv:2:112)`,
		`b.ldf:17:20 error sync.duplicate This userPrincipalName is also the userPrincipalName of an object in a.csv. ${unique} (also at a.csv:3:50, a.csv:3:65, a.csv:3:84)`,
	]);
	assert.equal(run.stdout.trimEnd().split('\n').at(-1), '2 files checked: 8 errors, 0 warnings, 0 information, 0 hints');
});

test('--format json: each duplicate with its related places, file, range and words', () => {
	const run = runCli(['check', '--format', 'json', 'a.csv', 'b.ldf'], { cwd: inDirectory() });
	assert.equal(run.status, 1);
	const findings = JSON.parse(run.stdout) as { file: string; line: number; column: number; code: string; related?: unknown[] }[];
	assert.equal(findings.length, 8);
	assert.ok(findings.every((finding) => finding.code === 'sync.duplicate'));
	const dee = findings.find((finding) => finding.file === 'b.ldf' && finding.line === 17)!;
	assert.deepEqual(dee.related, [
		{ file: 'a.csv', line: 3, column: 50, endLine: 3, endColumn: 64, message: 'Another object holds the same value here, in userPrincipalName.' },
		{ file: 'a.csv', line: 3, column: 65, endLine: 3, endColumn: 79, message: 'Another object holds the same value here, in mail.' },
		{ file: 'a.csv', line: 3, column: 84, endLine: 3, endColumn: 103, message: 'Another object holds the same value here, in proxyAddresses.' },
	]);
	assert.deepEqual(findings.find((finding) => finding.file === 'a.csv' && finding.column === 112), {
		file: 'a.csv', line: 2, column: 112, endLine: 2, endColumn: 134, severity: 'error', code: 'sync.duplicate',
		message: `This proxyAddresses is also the proxyAddresses of an object in b.ldf. ${unique}`,
		related: [{ file: 'b.ldf', line: 10, column: 17, endLine: 10, endColumn: 39, message: 'Another object holds the same value here, in proxyAddresses.' }],
	});
});

interface SarifLocation {
	id?: number;
	physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } };
	message?: { text: string };
}
interface SarifLog {
	runs: { results: { ruleId: string; level: string; locations: SarifLocation[]; relatedLocations?: SarifLocation[]; fixes?: unknown }[] }[];
}

test('--format sarif: relatedLocations, valid SARIF 2.1.0', () => {
	const directory = inDirectory();
	const run = runCli(['check', '--format', 'sarif', 'a.csv', path.join(directory, 'b.ldf')], { cwd: directory });
	assert.equal(run.status, 1);
	const log = JSON.parse(run.stdout) as SarifLog;
	const validate = sarifValidator<SarifLog>();
	assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
	const results = log.runs[0].results;
	assert.equal(results.length, 8);
	const bUri = pathToFileURL(path.join(directory, 'b.ldf')).href;
	const dee = results.find((result) => result.locations[0].physicalLocation.artifactLocation.uri === bUri && result.locations[0].physicalLocation.region.startLine === 17)!;
	assert.equal(dee.level, 'error');
	assert.equal(dee.fixes, undefined, 'a duplicate has no fix');
	assert.deepEqual(dee.relatedLocations, [50, 65, 84].map((column, id) => ({
		id,
		physicalLocation: { artifactLocation: { uri: 'a.csv' }, region: { startLine: 3, startColumn: column, endLine: 3, endColumn: column + [14, 14, 19][id] } },
		message: { text: `Another object holds the same value here, in ${['userPrincipalName', 'mail', 'proxyAddresses'][id]}.` },
	})));
	const ann = results.find((result) => result.locations[0].physicalLocation.artifactLocation.uri === 'a.csv' && result.locations[0].physicalLocation.region.startColumn === 112)!;
	assert.deepEqual(ann.relatedLocations?.map((place) => place.physicalLocation), [{ artifactLocation: { uri: bUri }, region: { startLine: 10, startColumn: 17, endLine: 10, endColumn: 39 } }]);
});

test('--duplicates file looks within each file only, --duplicates off nowhere', () => {
	const directory = inDirectory();
	const file = runCli(['check', '--duplicates', 'file', 'a.csv', 'b.ldf'], { cwd: directory });
	assert.equal(file.status, 1);
	assert.deepEqual(findingLines(file.stdout), aliasLines);
	const off = runCli(['check', '--duplicates', 'off', 'a.csv', 'b.ldf'], { cwd: directory });
	assert.equal(off.status, 0);
	assert.equal(off.stdout, '2 files checked: 0 errors, 0 warnings, 0 information, 0 hints\n');
	const wrong = runCli(['check', '--duplicates', 'folder', 'a.csv'], { cwd: directory });
	assert.equal(wrong.status, 2);
	assert.match(wrong.stderr, /^dirlint: --duplicates folder: expected workspace, file or off\n/);
	// A duplicate at warning severity leaves the exit code 0; switched off, or with its family, it is not looked for.
	assert.equal(runCli(['check', '--severity', 'sync.duplicate=warning', 'a.csv', 'b.ldf'], { cwd: directory }).status, 0);
	for (const option of [['--severity', 'sync.duplicate=off'], ['--disable', 'sync']]) {
		assert.equal(runCli(['check', ...option, 'a.csv', 'b.ldf'], { cwd: directory }).stdout, off.stdout, option.join(' '));
	}
});

test('the duplicates are written in the order of the files on the command line', () => {
	// One value in o1.csv and o2.csv, and o2.csv's own duplicate: o1.csv's finding comes first in any order of hashes.
	for (const value of ['x1', 'x2', 'x3', 'x4', 'x5', 'x6']) {
		const directory = inDirectory({
			'o1.csv': `DN,userPrincipalName\n"CN=A,DC=c",${value}@contoso.com\n`,
			'o2.csv': `DN,userPrincipalName\n"CN=B,DC=c",${value}@contoso.com\n"CN=C,DC=c",zz${value}@contoso.com\n"CN=D,DC=c",zz${value}@contoso.com\n`,
		});
		const files = findingLines(runCli(['check', 'o1.csv', 'o2.csv'], { cwd: directory }).stdout).map((line) => line.slice(0, line.indexOf(':')));
		assert.deepEqual(files, ['o1.csv', 'o2.csv', 'o2.csv', 'o2.csv'], value);
	}
});

/**
 * A pair of larger exports holding a duplicate of every kind: an address (UPN, mail, SMTP proxy in
 * any case), another proxy type (X500, its own namespace), targetAddress, mailNickname, and
 * sAMAccountName of users without a UPN in one domain (and not across domains), and the same DN in
 * both files, which is one object.
 */
function richExports(): Record<string, string> {
	const rows = ['DN,objectClass,cn,displayName,sAMAccountName,userPrincipalName,mail,mailNickname,proxyAddresses,targetAddress'];
	for (let i = 0; i < 120; i++) {
		let upn = `a${i}@contoso.com`;
		let aliasOf = `a${i}`;
		const proxies = [`SMTP:a${i}@contoso.com`];
		let target = '';
		if (i === 5) proxies.push('smtp:shared@contoso.com');
		if (i === 6) proxies.push('X500:/o=Contoso/ou=Exchange/cn=Recipients/cn=a6');
		if (i === 7) target = 'SMTP:a7@contoso.mail.onmicrosoft.com';
		if (i === 8 || i === 9 || i === 100) aliasOf = 'team';
		if (i === 10) upn = '';
		if (i % 37 === 0) upn = `b${i / 37}@contoso.com`;
		rows.push(`"CN=A${i},OU=Users,DC=contoso,DC=com",user,A${i},A${i},sam${i},${upn},a${i}@contoso.com,${aliasOf},"${proxies.join(';')}",${target}`);
	}
	const records: string[] = [];
	const record = (dn: string, lines: string[]) => records.push([`dn: ${dn}`, 'objectClass: user', ...lines, ''].join('\r\n'));
	for (let i = 0; i < 30; i++) record(`CN=B${i},OU=Users,DC=contoso,DC=com`, [`cn: B${i}`, `displayName: B${i}`, `sAMAccountName: b${i}`, `userPrincipalName: b${i}@contoso.com`, `mail: b${i}@contoso.com`, `proxyAddresses: SMTP:b${i}@contoso.com`]);
	record('CN=Shared,OU=Users,DC=contoso,DC=com', ['cn: Shared', 'displayName: Shared', 'sAMAccountName: shared', 'userPrincipalName: shared-mailbox@contoso.com', 'proxyAddresses: SMTP:Shared@Contoso.com']);
	record('CN=X,OU=Users,DC=contoso,DC=com', ['cn: X', 'displayName: X', 'sAMAccountName: x', 'userPrincipalName: x@contoso.com', 'proxyAddresses: x500:/o=contoso/ou=exchange/cn=recipients/cn=A6', 'proxyAddresses: sip:a6@contoso.com']);
	record('CN=T,OU=Users,DC=contoso,DC=com', ['cn: T', 'displayName: T', 'sAMAccountName: t', 'userPrincipalName: t@contoso.com', 'targetAddress: smtp:A7@contoso.mail.onmicrosoft.com', 'mailNickname: TEAM']);
	record('CN=NoUpn,OU=Users,DC=contoso,DC=com', ['cn: NoUpn', 'displayName: NoUpn', 'sAMAccountName: SAM10']);
	record('CN=NoUpn,OU=Users,DC=fabrikam,DC=com', ['cn: NoUpn', 'displayName: NoUpn', 'sAMAccountName: sam10']);
	// A3 again, as the LDIF spells it: the same object, so its address twice is no duplicate.
	record('cn=a3,ou=users,dc=contoso,dc=com', ['cn: A3', 'displayName: A3', 'sAMAccountName: sam3', 'userPrincipalName: A3@contoso.com']);
	return { 'rich.csv': `${rows.join('\r\n')}\r\n`, 'rich.ldf': `${records.join('\r\n')}\r\n` };
}

/** One finding as both paths can say it: file, place, code, words, other holders. */
type Said = string;

async function serverPath(files: { file: string; text: string }[], settings: Settings, pieceSize: number): Promise<Said[]> {
	const duplicates = new DuplicateState();
	const pool = new WorkerPool(undefined, 'en');
	const linter = createLinter();
	const uriOf = new Map(files.map(({ file }) => [pathToFileURL(file).href, file]));
	const lints = [];
	for (const { file, text } of files) {
		const lint = new DocumentLint(pathToFileURL(file).href, formatOf(file), settings, pool, linter, duplicates, pieceSize);
		lint.lintAll(text, settings);
		await lint.whenComplete();
		lints.push({ file, text, lint });
	}
	const indexes = new Map(files.map(({ file, text }) => [file, lineIndex(text)]));
	return lints.flatMap(({ file, lint }) => lint.findings().shown.map((finding) => {
		const at = indexes.get(file)!;
		const start = at(finding.start);
		const end = at(finding.end);
		const related = finding.related?.map((place) => {
			const other = place.uri === undefined ? file : uriOf.get(place.uri)!;
			const { line, column } = indexes.get(other)!(place.start);
			return `${path.basename(other)}:${line}:${column}`;
		}) ?? [];
		return `${path.basename(file)}:${start.line}:${start.column}-${end.line}:${end.column} ${finding.severity} ${finding.code} ${findingMessage(finding)}${related.length ? ` also ${related.join(',')}` : ''}`;
	}));
}

async function cliPath(files: readonly string[], settings: Settings, chunkSize: number, rowsInMemory?: number): Promise<Said[]> {
	const found = files.map((): LocatedFinding[] => []);
	const keys = new KeyTable(files, rowsInMemory);
	for (const [index, file] of files.entries()) {
		await lintFile(file, { settings, fix: false, chunkSize, runner: inThread, report: async (findings) => void found[index].push(...findings), keys: (located, linesBefore) => keys.add(index, located, linesBefore) });
	}
	for (const [index, findings] of keys.judge(settings)) found[index].push(...findings);
	if (rowsInMemory === 0) assert.ok(keys.onDisk, 'the keys went to temporary files');
	keys.dispose();
	return found.flatMap((list, index) => list
		.sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column)
		.map((finding) => {
			const { range } = finding;
			const related = finding.related?.map((place) => `${path.basename(place.file)}:${place.range.line}:${place.range.column}`) ?? [];
			return `${path.basename(files[index])}:${range.line}:${range.column}-${range.endLine}:${range.endColumn} ${finding.severity} ${finding.code} ${finding.message}${related.length ? ` also ${related.join(',')}` : ''}`;
		}));
}

test('the CLI finds the duplicates the language server finds, for any piece and chunk size', async () => {
	const settings = resolveSettings({ maxProblems: 1_000_000 });
	const directory = inDirectory(richExports());
	const files = ['rich.csv', 'rich.ldf'].map((name) => ({ file: path.join(directory, name), text: fs.readFileSync(path.join(directory, name), 'utf8') }));
	const reference = await serverPath(files, settings, 1 << 20);
	const duplicates = reference.filter((said) => said.includes(' sync.duplicate '));
	// Each kind once: the shared address (2 holders), X500 (2), targetAddress (2), the alias (4),
	// sAMAccountName in contoso.com (2), and the UPNs of every 37th A-user, which are B-users' (4 × 4).
	assert.equal(duplicates.length, 2 + 2 + 2 + 4 + 2 + 4 * 4, duplicates.join('\n'));
	assert.ok(!duplicates.some((said) => said.startsWith('rich.csv:5:')), 'A3 is one object in both files');
	assert.ok(!duplicates.some((said) => said.includes('sip:')), 'a SIP address is not an SMTP one');
	for (const pieceSize of [1, 100, 4096]) assert.deepEqual(await serverPath(files, settings, pieceSize), reference, `server pieces of ${pieceSize}`);
	const paths = files.map(({ file }) => file);
	for (const chunkSize of [7, 64, 1000, 1 << 16]) assert.deepEqual(await cliPath(paths, settings, chunkSize), reference, `CLI chunks of ${chunkSize}`);
	// A table too large for memory (here: any) judges from its temporary files, and leaves none behind.
	const before = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('dirlint-keys-'));
	assert.deepEqual(await cliPath(paths, settings, 1 << 16, 0), reference, 'CLI keys on disk');
	assert.deepEqual(fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('dirlint-keys-')), before, 'no temporary files left');
	// Every chunk size from one byte up, on the small pair (a chunk of a byte or two re-scans what is pending each time).
	const small = inDirectory();
	const pair = ['a.csv', 'b.ldf'].map((name) => ({ file: path.join(small, name), text: fs.readFileSync(path.join(small, name), 'utf8') }));
	const whole = await serverPath(pair, settings, 1 << 20);
	assert.equal(whole.length, 8);
	for (let chunkSize = 1; chunkSize <= 16; chunkSize++) assert.deepEqual(await cliPath(pair.map(({ file }) => file), settings, chunkSize), whole, `small pair, CLI chunks of ${chunkSize}`);
});

test('the built CLI gives the same duplicates whatever the chunk size it reads in', () => {
	const directory = inDirectory(richExports());
	const whole = runCli(['check', '--format', 'json', 'rich.csv', 'rich.ldf'], { cwd: directory });
	assert.equal(whole.status, 1);
	const sorted = (stdout: string) => (JSON.parse(stdout) as object[]).map((finding) => JSON.stringify(finding)).sort();
	const reference = sorted(whole.stdout);
	assert.equal(reference.filter((finding) => finding.includes('"sync.duplicate"')).length, 28);
	for (const chunkBytes of [13, 4096]) {
		assert.deepEqual(sorted(runCli(['check', '--format', 'json', 'rich.csv', 'rich.ldf'], { cwd: directory, chunkBytes }).stdout), reference, `chunks of ${chunkBytes} bytes`);
	}
});
