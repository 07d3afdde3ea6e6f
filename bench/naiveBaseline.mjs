// The naive baseline the editor figures are held to: csv-parse over the whole file, then
// libphonenumber-js parse and validate of every phone value (every value of telephoneNumber,
// mobile and otherTelephone), in one process. A phone-only loop: it does none of the identity or
// readiness work dirlint's default check does.
//   import { naiveBaseline, naiveCold } from './naiveBaseline.mjs'
//   node bench/naiveBaseline.mjs FILE.csv      (one run in this process, printed as JSON)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const now = () => Number(process.hrtime.bigint()) / 1e6;

/** One run in this process: { seconds, values, valid }. */
export function naiveBaseline(file) {
	const { parse } = require('csv-parse/sync');
	const { parsePhoneNumberWithError } = require('libphonenumber-js/max');
	const started = now();
	const rows = parse(fs.readFileSync(file, 'utf8'), { relax_column_count: true });
	const header = rows[0];
	const columns = ['telephoneNumber', 'mobile', 'otherTelephone'].map((name) => header.indexOf(name)).filter((index) => index >= 0);
	let values = 0;
	let valid = 0;
	for (let row = 1; row < rows.length; row++) {
		for (const column of columns) {
			for (const value of (rows[row][column] ?? '').split(';')) {
				if (!value) continue;
				values++;
				try {
					if (parsePhoneNumberWithError(value, { extract: false }).isValid()) valid++;
				} catch {
					// not a number: counted, nothing else
				}
			}
		}
	}
	return { seconds: (now() - started) / 1000, values, valid };
}

/** One run in a fresh process, as a server's first open is: { seconds, values, valid }. */
export function naiveCold(file) {
	const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), file], { encoding: 'utf8' });
	if (child.status !== 0) throw new Error(`the naive baseline failed: ${child.stderr}`);
	return JSON.parse(child.stdout);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	if (process.argv.length !== 3) {
		console.error('usage: node bench/naiveBaseline.mjs FILE.csv');
		process.exit(2);
	}
	console.log(JSON.stringify(naiveBaseline(process.argv[2])));
}
