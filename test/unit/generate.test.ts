/**
 * bench/generate.mjs, the tenant `npm run bench` measures: the same seed writes the same bytes, the
 * engine reads what it writes as it was meant, the two halves of an export join to the whole, the
 * phone forms come in the shares the generator's table gives them, and every number it draws as
 * valid is valid by libphonenumber-js.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import type { ExportFormat } from '../../server/src/engine/model';
import { linter, repoRoot, settings } from './engineHarness';

/** One phone value the generator wrote, and what it drew (see phoneValue in bench/generate.mjs). */
interface GeneratedPhone {
	attribute: string;
	value: string;
	form: string;
	number?: string;
	region?: string;
	type?: string;
}

interface GeneratedUser {
	index: number;
	record: Record<string, string | string[]>;
	phones: GeneratedPhone[];
	problem?: string;
	duplicateOf?: number;
	countryColumns: string;
}

/** What the tests use of bench/generate.mjs (a JavaScript module: its shape is declared here). */
interface Generator {
	phoneForms: readonly (readonly [string, number, unknown])[];
	invalidForms: ReadonlySet<string>;
	tenantUser(seed: number, index: number): GeneratedUser;
}

const generatorPath = path.join(repoRoot, 'bench/generate.mjs');
const loadGenerator = (): Promise<Generator> => import(pathToFileURL(generatorPath).href);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dirlint-generate-test-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

let written = 0;
/** Runs the generator as `npm run bench` does; the bytes it wrote. */
function generate(...args: string[]): Buffer {
	const out = path.join(scratch, `export-${written++}`);
	const result = spawnSync(process.execPath, [generatorPath, ...args, '--out', out], { encoding: 'utf8' });
	assert.equal(result.status, 0, result.stderr);
	return fs.readFileSync(out);
}

const formats: ExportFormat[] = ['csv', 'ldif'];
/** The first line(s) of each format's export, which the second half of a split export repeats. */
const headerLength = { csv: (text: string) => text.indexOf('\r\n') + 2, ldif: () => 'version: 1\r\n\r\n'.length };

/** Users 0 … count-1 of seed 1, drawn in this process. */
async function users(count: number): Promise<{ generator: Generator; users: GeneratedUser[] }> {
	const generator = await loadGenerator();
	return { generator, users: Array.from({ length: count }, (_, index) => generator.tenantUser(1, index)) };
}

for (const format of formats) {
	test(`${format}: the same seed writes the same bytes, another seed other bytes`, () => {
		const first = generate('--users', '1500', '--format', format);
		assert.deepEqual(generate('--users', '1500', '--format', format), first);
		assert.notDeepEqual(generate('--users', '1500', '--format', format, '--seed', '2'), first);
	});

	test(`${format}: the engine reads the export without problems, every value as the generator wrote it`, async () => {
		const count = 3000;
		const text = generate('--users', String(count), '--format', format).toString('utf8');
		const document = linter.read(text, format, settings());
		assert.deepEqual(document.problems, []);
		assert.equal(document.entries.length, count);
		if (format === 'ldif') {
			// ldifde's layout: lines folded at 76 characters, values that are not safe strings in base64.
			const lines = text.split('\r\n');
			assert.deepEqual(lines.filter((line) => line.length > 76), []);
			assert.ok(lines.some((line) => line.startsWith(' ')) && lines.some((line) => /^\w+:: /.test(line)));
			assert.equal(lines.filter((line) => line === 'changetype: add').length, count);
		}
		const { users: generated } = await users(count);
		let compared = 0;
		document.entries.forEach((entry, index) => {
			const { record } = generated[index];
			assert.equal(entry.dn, record.DN);
			for (const attribute of entry.attributes) {
				const expected = record[attribute.info.ldapName];
				const values = Array.isArray(expected) ? expected : [expected];
				assert.deepEqual(attribute.values.map((value) => value.text).filter((text) => text !== ''), values.filter((value) => value !== ''), `${attribute.name} of user ${index}`);
				compared++;
			}
		});
		assert.ok(compared > count * 5, `only ${compared} attributes compared`);
	});

	test(`${format}: users [0, 2500) and [2500, 4000) written apart join to the export of 4000`, async () => {
		const whole = generate('--users', '4000', '--format', format).toString('utf8');
		const first = generate('--users', '2500', '--format', format).toString('utf8');
		const second = generate('--users', '1500', '--first', '2500', '--format', format).toString('utf8');
		assert.equal(first + second.slice(headerLength[format](second)), whole);
		// Some users of the second part duplicate one of the first: the parts share duplicates.
		const { users: generated } = await users(4000);
		const across = generated.slice(2500).filter((user) => user.duplicateOf !== undefined && user.duplicateOf < 2500);
		assert.ok(across.length >= 3, `${across.length} duplicates across the parts`);
	});
}

test('the phone forms are written in the shares of the weights, within a point or two', async () => {
	const { generator, users: generated } = await users(20_000);
	const counts = new Map<string, number>();
	let values = 0;
	for (const user of generated) {
		for (const phone of user.phones) {
			counts.set(phone.form, (counts.get(phone.form) ?? 0) + 1);
			values++;
		}
	}
	const totalWeight = generator.phoneForms.reduce((sum, [, weight]) => sum + weight, 0);
	assert.ok(Math.abs(totalWeight - 100) < 1e-9, `the weights add up to ${totalWeight}`);
	assert.deepEqual([...counts.keys()].sort(), generator.phoneForms.map(([form]) => form).sort());
	for (const [form, weight] of generator.phoneForms) {
		const share = (100 * (counts.get(form) ?? 0)) / values;
		// The trunk forms fall back to `international` for numbers without a trunk prefix 0.
		const [low, high] = form === 'international' ? [weight, weight + 2.5] : form.startsWith('trunk-') ? [weight / 2, weight] : [weight * 0.8 - 0.2, weight * 1.2 + 0.2];
		assert.ok(share >= low && share <= high, `${form}: ${share.toFixed(2)}% for a weight of ${weight}`);
	}
});

test('every number drawn as valid is valid by libphonenumber-js, of its region and type; invalid forms are invalid', async () => {
	const { generator, users: generated } = await users(20_000);
	/** The forms written so that libphonenumber-js reads them back as the number drawn. */
	const readBack = new Set(['canonical', 'international', 'international-dashes', 'international-dots', 'international-compact',
		'international-slash', 'national', 'national-digits', 'extension', 'extension-rare']);
	let checked = 0;
	let fixedInMobile = 0;
	let mobiles = 0;
	for (const user of generated) {
		for (const phone of user.phones) {
			if (generator.invalidForms.has(phone.form)) {
				assert.equal(phone.number, undefined);
				if (phone.form === 'invalid-text') continue;
				let valid = false;
				try {
					valid = parsePhoneNumberWithError(phone.value, { defaultCountry: (user.record.c || undefined) as never, extract: false }).isValid();
				} catch {
					// not a number at all: invalid
				}
				assert.equal(valid, false, `${phone.form} ${phone.value} in ${user.record.c}`);
				continue;
			}
			const number = parsePhoneNumberWithError(phone.number!);
			assert.equal(number.isValid(), true, phone.number);
			assert.equal(number.country, phone.region, phone.number);
			assert.equal(number.getType(), phone.type, phone.number);
			assert.equal(`+${number.countryCallingCode} ${number.nationalNumber}`, phone.number);
			if (readBack.has(phone.form)) {
				const read = parsePhoneNumberWithError(phone.value, { defaultCountry: phone.region as never, extract: false });
				assert.equal(read.number, number.number, `${phone.form} ${phone.value}`);
			}
			if (phone.attribute === 'mobile') {
				mobiles++;
				if (phone.type === 'FIXED_LINE') fixedInMobile++;
			}
			checked++;
		}
	}
	assert.ok(checked > 30_000, `${checked} numbers checked`);
	// 5% of mobiles in the countries that have fixed-line-only numbers: 3-5% of all.
	assert.ok(fixedInMobile / mobiles > 0.03 && fixedInMobile / mobiles < 0.05, `${fixedInMobile} of ${mobiles} mobiles are fixed-line`);
	const regions = new Set(generated.flatMap((user) => user.phones.map((phone) => phone.region)).filter(Boolean));
	assert.ok(regions.size >= 60, `numbers of ${regions.size} regions`);
});

test('identity problems are where the generator says, and duplicates copy another user\'s address', async () => {
	const { users: generated } = await users(20_000);
	const problems = new Map<string, GeneratedUser[]>();
	for (const user of generated) if (user.problem) problems.set(user.problem, [...(problems.get(user.problem) ?? []), user]);
	for (const problem of ['duplicate-upn', 'duplicate-proxy', 'upn-space', 'upn-non-routable', 'upn-unknown-tld', 'mail-non-ascii',
		'display-name-edge-space', 'sam-too-long', 'proxy-second-colon', 'health-mailbox', 'conflict-object', 'system-account']) {
		assert.ok((problems.get(problem) ?? []).length > 0, `no user has ${problem}`);
	}
	const text = (user: GeneratedUser, name: string) => user.record[name] as string;
	for (const user of problems.get('duplicate-upn')!) {
		const other = generated[user.duplicateOf!];
		assert.notEqual(text(user, 'userPrincipalName'), text(other, 'userPrincipalName'));
		assert.equal(text(user, 'userPrincipalName').toLowerCase(), text(other, 'userPrincipalName').toLowerCase());
	}
	for (const user of problems.get('duplicate-proxy')!) {
		const other = generated[user.duplicateOf!];
		const copied = (user.record.proxyAddresses as string[]).at(-1)!.slice('smtp:'.length).toLowerCase();
		assert.equal(copied, (text(other, 'mail') || text(other, 'userPrincipalName')).toLowerCase());
	}
	for (const user of problems.get('conflict-object')!) assert.match(text(user, 'DN'), /^CN=[^,]+\\0ACNF:[0-9a-f-]{36},/);
	for (const user of problems.get('upn-space')!) assert.match(text(user, 'userPrincipalName'), / /);
	for (const user of problems.get('sam-too-long')!) assert.ok(text(user, 'sAMAccountName').length > 20);
	for (const user of problems.get('mail-non-ascii')!) assert.match(text(user, 'mail'), /[^\x00-\x7f]/);
	// Apart from the duplicates, every address is held by one user only.
	const holders = new Map<string, number>();
	for (const user of generated) {
		if (user.duplicateOf !== undefined) continue;
		const addresses = new Set([text(user, 'userPrincipalName'), text(user, 'mail'), ...(user.record.proxyAddresses as string[]).map((proxy) => proxy.replace(/^smtp:/i, ''))]);
		for (const address of addresses) {
			if (!address) continue;
			const key = address.toLowerCase();
			assert.equal(holders.get(key), undefined, `${address} of users ${holders.get(key)} and ${user.index}`);
			holders.set(key, user.index);
		}
	}
});
