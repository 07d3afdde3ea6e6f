// What numberTypeOf costs per number against libphonenumber-js's getType, on every example number of every
// type (test/fixtures/exampleNumbers.json): the best of five timed passes of each, so a busy machine shows
// less. A measurement to run by hand, not a test. Run after `npm run compile-tests`:
//   node bench/numberTypeCost.mjs
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { numberTypeOf } = require('../out/server/src/engine/rules/phoneRule.js');
const { parsePhoneNumberWithError } = require('libphonenumber-js/max');

const examples = JSON.parse(fs.readFileSync(new URL('../test/fixtures/exampleNumbers.json', import.meta.url), 'utf8'));
const numbers = Object.values(examples).flatMap((byType) => Object.values(byType))
	.filter((canonical) => parsePhoneNumberWithError(canonical).isValid());

function perNumber(name, judge, rounds) {
	for (const canonical of numbers) judge(canonical); // warm up: compile plans, let the JIT settle
	let best = Infinity;
	for (let pass = 0; pass < 5; pass++) {
		const start = process.hrtime.bigint();
		for (let round = 0; round < rounds; round++) for (const canonical of numbers) judge(canonical);
		best = Math.min(best, Number(process.hrtime.bigint() - start) / 1000 / (rounds * numbers.length));
	}
	console.log(`${name}: ${best.toFixed(2)} µs per number (${numbers.length} numbers, best of 5 x ${rounds} rounds)`);
	return best;
}

const fast = perNumber('numberTypeOf', numberTypeOf, 100);
const parseOnly = perNumber('parsePhoneNumberWithError', (canonical) => parsePhoneNumberWithError(canonical), 10);
const slow = perNumber('parsePhoneNumberWithError(…).getType()', (canonical) => parsePhoneNumberWithError(canonical).getType(), 10);
console.log(`getType alone ≈ ${(slow - parseOnly).toFixed(2)} µs; numberTypeOf is ${(slow / fast).toFixed(0)}x faster than parse + getType`);

// The typical number: each timed alone (best of 5 runs of 200 calls), then the median over all numbers.
const typical = numbers.map((canonical) => {
	let best = Infinity;
	for (let pass = 0; pass < 5; pass++) {
		const start = process.hrtime.bigint();
		for (let i = 0; i < 200; i++) numberTypeOf(canonical);
		best = Math.min(best, Number(process.hrtime.bigint() - start) / 1000 / 200);
	}
	return best;
}).sort((a, b) => a - b);
console.log(`numberTypeOf, median number: ${typical[typical.length >> 1].toFixed(2)} µs; slowest: ${typical[typical.length - 1].toFixed(2)} µs`);
