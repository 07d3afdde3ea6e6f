/**
 * `dirlint changes`: the built dist/cli.js writing AD change files (and their undo) from exports
 * in os.tmpdir(); the exports are never changed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { powershellScript } from '../../server/src/engine/changes/powershellChangeWriter';
import { runCli, scratchDir } from './cliHarness';

const ldif = [
	'dn: CN=Ann Lee,OU=Staff,DC=contoso,DC=test',
	'mobile: (425) 555-0100',
	'otherMobile: 425.555.0199',
	'otherMobile: +1 (425) 555-0199',
	'c: US',
	'',
	'dn: CN=Bo Li,OU=Staff,DC=contoso,DC=test',
	'mobile: +1 4255550110',
	'',
	'# Referral',
	'ref: ldap://contoso.test/CN=Configuration,DC=contoso,DC=test',
	'',
].join('\n');

const changeRecord = [
	'dn: CN=Ann Lee,OU=Staff,DC=contoso,DC=test',
	'changetype: modify',
	'replace: mobile',
	'mobile: +1 4255550100',
	'-',
	'replace: otherMobile',
	'otherMobile: +1 4255550199',
	'-',
	'',
	'',
];

/** A scratch directory holding the given files. */
function directoryWith(files: Record<string, string>): string {
	const directory = scratchDir();
	for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(directory, name), content);
	return directory;
}

const read = (directory: string, name: string) => fs.readFileSync(path.join(directory, name), 'utf8');

test('changes EXPORT writes the change file and its undo beside it (CRLF, version: 1), prints the summary, and leaves the export alone', () => {
	const directory = directoryWith({ 'users.ldf': ldif });
	const run = runCli(['changes', 'users.ldf', '--out', 'fixes.ldf'], { cwd: directory });
	assert.equal(run.status, 0, run.stderr);
	assert.equal(run.stderr, '');
	assert.deepEqual(fs.readdirSync(directory).sort(), ['fixes.ldf', 'fixes.undo.ldf', 'users.ldf']);
	assert.equal(read(directory, 'users.ldf'), ldif);
	assert.equal(read(directory, 'fixes.ldf'), [
		'version: 1',
		'# Written by dirlint changes: the fixes dirlint can make in users.ldf.',
		'# Review it, then apply it with: ldifde -i -k -f fixes.ldf',
		'',
		...changeRecord,
	].join('\r\n'));
	assert.match(read(directory, 'fixes.undo.ldf'), /^replace: otherMobile\r\notherMobile: 425\.555\.0199\r\notherMobile: \+1 \(425\) 555-0199\r\n-\r\n$/m);
	assert.equal(run.stdout, [
		'Entries that change: 1. Values changed: 3.',
		'  Attribute    Entries  Values changed  Duplicates dropped',
		'  mobile             1               1                   0',
		'  otherMobile        1               2                   1',
		'Duplicate values dropped: 1. Two values of one attribute were the same once fixed, and Active Directory refuses a value given twice.',
		'Wrote fixes.ldf and its undo fixes.undo.ldf.',
		'Review it, then apply it with: ldifde -i -k -f fixes.ldf',
		'Undo it with: ldifde -i -k -f fixes.undo.ldf',
		'',
	].join('\n'));
});

test('--eol lf --no-version writes what Samba\'s ldbmodify reads; --undo names the undo file', () => {
	const directory = directoryWith({ 'users.ldif': ldif });
	const run = runCli(['changes', 'users.ldif', '--out', 'out.ldf', '--undo', 'back.ldf', '--eol', 'lf', '--no-version'], { cwd: directory });
	assert.equal(run.status, 0, run.stderr);
	assert.equal(read(directory, 'out.ldf'), [
		'# Written by dirlint changes: the fixes dirlint can make in users.ldif.',
		'# Review it, then apply it with: ldbmodify -H /var/lib/samba/private/sam.ldb out.ldf (on the domain controller)',
		'',
		...changeRecord,
	].join('\n'));
	assert.match(read(directory, 'back.ldf'), /^# Written by dirlint changes: the undo of out\.ldf \(the fixes dirlint can make in users\.ldif\); it puts back the values as they were\.\n/);
});

test('entries with a fix but no DN: exit 1, their lines reported, nothing written; --skip-unaddressable writes the others', () => {
	const csv = 'Name,DistinguishedName,MobilePhone\r\nAnn,"CN=Ann,DC=x",(425) 555-0100\r\nBo,,+1-425-555-0101\r\n';
	const directory = directoryWith({ 'users.csv': csv });
	const refused = runCli(['changes', 'users.csv', '--region', 'US', '--out', 'fixes.ldf'], { cwd: directory });
	assert.equal(refused.status, 1);
	assert.match(refused.stdout, /^Line 3: this entry has no DN, so the directory cannot be told which entry to change; it is skipped\.$/m);
	assert.equal(refused.stderr, 'dirlint: No change file was written: 1 entries have no DN, so the directory cannot be told which to change. Export with a DN column (csvde DN, Get-ADUser DistinguishedName), or pass --skip-unaddressable to write the others.\n');
	assert.deepEqual(fs.readdirSync(directory), ['users.csv'], 'no change file, no temporary file');
	const written = runCli(['changes', 'users.csv', '--region', 'US', '--out', 'fixes.ldf', '--skip-unaddressable'], { cwd: directory });
	assert.equal(written.status, 0, written.stderr);
	assert.match(read(directory, 'fixes.ldf'), /\r\ndn: CN=Ann,DC=x\r\nchangetype: modify\r\nreplace: mobile\r\nmobile: \+1 4255550100\r\n-\r\n\r\n$/);
});

test('bad arguments and unreadable input exit 2 with a message, writing nothing', () => {
	const directory = directoryWith({ 'users.ldf': ldif, 'after.ldf': ldif });
	const cases: [string[], RegExp][] = [
		[['changes', 'users.ldf'], /needs --out FILE/],
		[['changes', '--out', 'x.ldf'], /takes one export \(its fixes\) or two \(BEFORE and AFTER\), not 0/],
		[['changes', 'users.ldf', 'after.ldf', 'users.ldf', '--out', 'x.ldf'], /not 3/],
		[['changes', 'users.ldf', '--out', 'x.ldf', '--format', 'xml'], /--format xml: expected ldif or powershell/],
		[['changes', 'users.ldf', '--out', 'x.ldf', '--eol', 'cr'], /--eol cr: expected crlf or lf/],
		[['changes', 'users.ldf', '--out', 'users.ldf'], /users\.ldf is an input: dirlint changes never writes over an export/],
		[['changes', 'users.ldf', 'after.ldf', '--out', 'x.ldf', '--undo', 'after.ldf'], /after\.ldf is an input/],
		[['changes', 'users.ldf', '--out', 'x.ldf', '--undo', 'x.ldf'], /--out and --undo must be different files/],
		[['changes', 'users.ldf', 'after.ldf', '--out', 'x.ldf', '--region', 'US'], /--region chooses fixes: it applies to dirlint changes EXPORT, not to BEFORE AFTER/],
		[['changes', 'users.ldf', '--out', 'x.ldf', '--region', 'XX'], /--region XX: expected a two-letter ISO 3166 region code/],
		[['changes', 'users.ldf', '--out', 'x.ldf', '--frobnicate'], /Unknown option '--frobnicate'/],
	];
	for (const [args, message] of cases) {
		const run = runCli(args, { cwd: directory });
		assert.equal(run.status, 2, args.join(' '));
		assert.match(run.stderr, message, args.join(' '));
		assert.match(run.stderr, /\nRun dirlint changes --help for usage\.\n$/, args.join(' '));
	}
	for (const [args, message] of [
		[['changes', 'missing.ldf', '--out', 'x.ldf'], /^dirlint: missing\.ldf: no such file\n$/],
		[['changes', 'users.ldf', '--out', 'no/such/dir/x.ldf'], /^dirlint: no\/such\/dir\/x\.ldf cannot be written: /],
	] as [string[], RegExp][]) {
		const run = runCli(args, { cwd: directory });
		assert.equal(run.status, 2, args.join(' '));
		assert.match(run.stderr, message);
	}
	fs.writeFileSync(path.join(directory, 'latin1.ldf'), Buffer.from('dn: CN=Zo\xeb,DC=x\nmobile: +14255550100\n', 'latin1'));
	const latin1 = runCli(['changes', 'latin1.ldf', '--out', 'x.ldf'], { cwd: directory });
	assert.equal(latin1.status, 2);
	assert.match(latin1.stderr, /^dirlint: latin1\.ldf is not valid UTF-8 /);
	assert.deepEqual(fs.readdirSync(directory).sort(), ['after.ldf', 'latin1.ldf', 'users.ldf']);
});

test('changes BEFORE AFTER writes the differences and lists the entries in one file only', () => {
	const after = ldif.replace('mobile: (425) 555-0100', 'mobile: +1 4255550142').replace('dn: CN=Bo Li', 'dn: CN=Cy Li');
	const directory = directoryWith({ 'before.ldf': ldif, 'after.ldf': after });
	const run = runCli(['changes', 'before.ldf', 'after.ldf', '--out', 'between.ldf', '--eol', 'lf'], { cwd: directory });
	assert.equal(run.status, 0, run.stderr);
	assert.equal(read(directory, 'between.ldf'), [
		'version: 1',
		'# Written by dirlint changes: the differences from before.ldf to after.ldf.',
		'# Review it, then apply it with: ldifde -i -k -f between.ldf',
		'',
		'dn: CN=Ann Lee,OU=Staff,DC=contoso,DC=test',
		'changetype: modify',
		'replace: mobile',
		'mobile: +1 4255550142',
		'-',
		'',
		'',
	].join('\n'));
	assert.match(run.stdout, /^before\.ldf line 7: CN=Bo Li,OU=Staff,DC=contoso,DC=test is not in after\.ldf; it is skipped \(dirlint never deletes an entry\)\.$/m);
	assert.match(run.stdout, /^after\.ldf line 7: CN=Cy Li,OU=Staff,DC=contoso,DC=test is not in before\.ldf; it is skipped \(dirlint never creates an entry\)\.$/m);
});

test('small read chunks give the same change file as one chunk', () => {
	const users = Array.from({ length: 500 }, (_, index) => `dn: CN=User ${index},DC=x\nmobile: +1 (425) 555-${String(index).padStart(4, '0')}\nc: US\n`).join('\n');
	const directory = directoryWith({ 'users.ldf': users, 'after.ldf': users.replaceAll('c: US', 'c: CA') });
	assert.equal(runCli(['changes', 'users.ldf', '--out', 'whole.ldf'], { cwd: directory }).status, 0);
	assert.equal(runCli(['changes', 'users.ldf', '--out', 'chunked.ldf'], { cwd: directory, chunkBytes: 512 }).status, 0);
	assert.equal(read(directory, 'chunked.ldf').replace('chunked.ldf', 'whole.ldf'), read(directory, 'whole.ldf'));
	assert.equal(read(directory, 'whole.ldf').split('\r\ndn: ').length - 1, 500);
	assert.equal(runCli(['changes', 'users.ldf', 'after.ldf', '--out', 'between-whole.ldf'], { cwd: directory }).status, 0);
	assert.equal(runCli(['changes', 'users.ldf', 'after.ldf', '--out', 'between-chunked.ldf'], { cwd: directory, chunkBytes: 300 }).status, 0);
	assert.equal(read(directory, 'between-chunked.ldf').replace('between-chunked.ldf', 'between-whole.ldf'), read(directory, 'between-whole.ldf'));
	assert.equal(read(directory, 'between-whole.ldf').split('\r\nreplace: c\r\nc: CA\r\n').length - 1, 500);
});

test('--format powershell writes the data CSV, its undo and the fixed script beside --out', () => {
	const directory = directoryWith({ 'users.ldf': ldif });
	fs.mkdirSync(path.join(directory, 'out'));
	const run = runCli(['changes', 'users.ldf', '--format', 'powershell', '--out', 'out/fixes.csv'], { cwd: directory });
	assert.equal(run.status, 0, run.stderr);
	assert.deepEqual(fs.readdirSync(path.join(directory, 'out')).sort(), ['Set-DirlintChanges.ps1', 'fixes.csv', 'fixes.undo.csv']);
	assert.equal(read(directory, 'out/Set-DirlintChanges.ps1'), powershellScript);
	assert.equal(read(directory, 'out/fixes.csv'), [
		'"Entry","DistinguishedName","DistinguishedNameBase64","Operation","Attribute","Value","ValueBase64"',
		'"1","CN=Ann Lee,OU=Staff,DC=contoso,DC=test","","Replace","mobile","+1 4255550100",""',
		'"1","CN=Ann Lee,OU=Staff,DC=contoso,DC=test","","Replace","otherMobile","+1 4255550199",""',
		'',
	].join('\r\n'));
	const script = `.${path.sep}${path.join('out', 'Set-DirlintChanges.ps1')}`;
	assert.ok(run.stdout.endsWith([
		`Wrote ${path.join('out', 'fixes.csv')}, its undo ${path.join('out', 'fixes.undo.csv')}, and the script ${script}.`,
		`Review it with: ${script} -DataPath ${path.join('out', 'fixes.csv')} -WhatIf`,
		`Apply it with: ${script} -DataPath ${path.join('out', 'fixes.csv')}`,
		`Undo it with: ${script} -DataPath ${path.join('out', 'fixes.undo.csv')}`,
		'',
	].join('\n')), run.stdout);
});

test('changes --help, and dirlint --help names the command; --locale zh-cn words the summary in Chinese', () => {
	const help = runCli(['changes', '--help']);
	assert.equal(help.status, 0);
	assert.match(help.stdout, /^Usage:\n {2}dirlint changes EXPORT --out CHANGES\.ldf/);
	assert.match(runCli(['--help']).stdout, /dirlint changes EXPORT \[AFTER\] --out CHANGES\.ldf/);
	const directory = directoryWith({ 'users.ldf': ldif });
	const chinese = runCli(['changes', 'users.ldf', '--out', 'fixes.ldf', '--locale', 'zh-cn'], { cwd: directory });
	assert.equal(chinese.status, 0, chinese.stderr);
	// The table is aligned by display width: each Chinese character takes two columns.
	assert.deepEqual(chinese.stdout.split('\n').slice(0, 4), [
		'将更改的条目：1。更改的值：3。',
		'  属性         条目  更改的值  去除的重复值',
		'  mobile          1         1             0',
		'  otherMobile     1         2             1',
	]);
});
