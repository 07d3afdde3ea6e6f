// The bench's generated exports, cached in bench/out. A file's name carries a key of what made it
// (bench/generate.mjs and the libphonenumber-js metadata its numbers are drawn from), so a changed
// generator or metadata makes a new file instead of measuring an old tenant; files of other keys
// are deleted when a new one is written (the 1M-user halves are 210 MB each).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const generator = path.join(root, 'bench/generate.mjs');
export const dataDir = path.join(root, 'bench/out');

/** 12 hex digits of a hash of bench/generate.mjs and the libphonenumber-js version: what the bytes depend on. */
export function generatorKey() {
	const hash = createHash('sha256');
	hash.update(fs.readFileSync(generator));
	hash.update(`\0libphonenumber-js ${require('libphonenumber-js/package.json').version}`);
	return hash.digest('hex').slice(0, 12);
}

const datasetName = /^users-\d+(-from-\d+)?-[0-9a-f]{12}\.csv$|^users-\d+\.csv$/;

/**
 * The CSV export of users [first, first + users) of the fixed-seed tenant (generated on first use:
 * into a temporary name, renamed when complete, so an interrupted run leaves no half file).
 */
export function dataset(users, first = 0) {
	const key = generatorKey();
	const file = path.join(dataDir, `users-${users}${first ? `-from-${first}` : ''}-${key}.csv`);
	if (fs.existsSync(file)) return file;
	fs.mkdirSync(dataDir, { recursive: true });
	for (const name of fs.readdirSync(dataDir)) {
		if (datasetName.test(name) && !name.endsWith(`-${key}.csv`)) {
			fs.rmSync(path.join(dataDir, name));
			console.log(`removed ${name}: made by another bench/generate.mjs or libphonenumber-js`);
		}
	}
	const partial = `${file}.partial`;
	const args = [generator, '--users', String(users), '--first', String(first), '--format', 'csv', '--out', partial];
	const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
	if (result.status !== 0) throw new Error(`generating users ${first} to ${first + users - 1} failed`);
	fs.renameSync(partial, file);
	return file;
}

/** The size of a file in MB, one decimal. */
export function megabytes(file) {
	return (fs.statSync(file).size / 2 ** 20).toFixed(1);
}
