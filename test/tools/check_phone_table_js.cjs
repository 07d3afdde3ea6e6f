#!/usr/bin/env node
// Same check as check_phone_table.py, but with libphonenumber-js (the library dirlint ships with).
// Recomputes the expected {code, fixed} of every row of test/fixtures/phones.json; exits 1 on any mismatch.
//   node test/tools/check_phone_table_js.cjs [table.json]
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { parsePhoneNumberWithError, ParseError, isSupportedCountry } = require('libphonenumber-js/max');
const { Metadata } = require('libphonenumber-js/core');
const metadataJson = require('libphonenumber-js/metadata.max.json');
const { version } = require('libphonenumber-js/package.json');

const TABLE = path.join(__dirname, '..', 'fixtures', 'phones.json');
const CODES = new Set([null, 'phone.invalid', 'phone.extension', 'phone.missing-country-code', 'phone.format']);
const KEYS = 'code,fixed,input,note,region';
const MIN_ROWS = 170;
const MIN_COUNTRIES = 28;

// '+' always counts; '00' when region is null or the region's international prefix is 00;
// '011' only for the NANP regions US and CA. Returns the value with the prefix as '+', or null.
function international(value, region) {
  const s = value.trim();
  if (s.startsWith('+')) return s;
  const m = /^(011|00)\s*/.exec(s);
  if (!m) return null;
  let ok;
  if (m[1] === '011') ok = region === 'US' || region === 'CA';
  else if (region === null) ok = true;
  else {
    const md = new Metadata(metadataJson);
    md.selectNumberingPlan(region);
    ok = new RegExp(`^(?:${md.numberingPlan.IDDPrefix()})$`).test('00');
  }
  return ok ? '+' + s.slice(m[0].length) : null;
}

function parse(intl, value, region) {
  const options = { extract: false }; // strict: the whole value must be the number
  if (!intl && region) options.defaultCountry = region;
  return parsePhoneNumberWithError(intl || value, options);
}

// The rule's readings (docs/design.md, "Phone judging"): a fullwidth plus is a plus, the digits libphonenumber-js
// knows are digits, every Unicode space is a space; a label before a number is dropped.
function readable(text) {
  return text.replace(/\uFF0B/g, '+')
    .replace(/[\uFF10-\uFF19\u0660-\u0669\u06F0-\u06F9]/g, (digit) => String(digit.charCodeAt(0) & 0xF)) // each range starts at …0
    .replace(/\p{Zs}/gu, ' ');
}
const WORD = "\\p{L}[\\p{L}\\p{M}'\\u2019&/.\\-]*";
const LABEL = new RegExp(`^(${WORD}(?: ${WORD})*?)(\\s*[:\\uFF1A]\\s*|\\s+|(?<=\\.))([+\\uFF0B(\\uFF08\\uFF3B0-9\\uFF10-\\uFF19\\u0660-\\u0669\\u06F0-\\u06F9].*)$`, 'su');
const EXT_LABEL = /^(?:e?xt(?:ensi(?:o\u0301?|\u00F3))?n?|\uFF45?\uFF58\uFF54\uFF4E?|\u0434\u043E\u0431|anexo|[x\uFF58]|int|\uFF49\uFF4E\uFF54)\.?$/i;

// [code, fixed] of a value; one that is not a number but a label and a number is judged by its number,
// and is phone.format, since the fix drops the label (phone.extension for an extension; no fix without a region).
function verdict(value, region) {
  const [code, fixed] = strictVerdict(value, region);
  const label = LABEL.exec(value.trim());
  if (code !== 'phone.invalid' || !label || EXT_LABEL.test(label[1])) return [code, fixed];
  if (label[1].includes(' ') && !/[:\uFF1A]/.test(label[2])) return [code, fixed]; // words without a colon: a sentence
  const [numberCode, numberFixed] = strictVerdict(label[3], region);
  if (numberCode === 'phone.invalid') return [code, fixed];
  if (numberCode === null) return ['phone.format', readable(label[3]).trim()]; // the number alone is in the SSPR form
  // The fix drops the label: phone.format, but for an extension, or a national number with no region (no fix).
  if (numberCode === 'phone.extension' || numberFixed === null) return [numberCode, numberFixed];
  return ['phone.format', numberFixed];
}

// [code, fixed] for one directory value as the rule reads it, following the rule in the order of its clauses.
function strictVerdict(written, region) {
  const value = readable(written);
  const [code, fixed] = plainVerdict(value, region);
  if (code === null && value !== written) return ['phone.format', value.trim()];
  return [code, fixed];
}

function plainVerdict(value, region) {
  const intl = international(value, region);
  let p;
  try {
    p = parse(intl, value, region);
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    if (!intl && region === null && e.message === 'INVALID_COUNTRY') {
      return ['phone.missing-country-code', null]; // looks like a national number, country unknown
    }
    return ['phone.invalid', null];
  }
  if (!p.isValid()) return ['phone.invalid', null];
  const canonical = `+${p.countryCallingCode} ${p.nationalNumber}`;
  if (p.ext) return ['phone.extension', canonical];
  if (!intl) return ['phone.missing-country-code', canonical];
  if (value !== canonical) return ['phone.format', canonical];
  return [null, null];
}

function parsedCountry(value, region) {
  try { return parse(international(value, region), value, region).country; } catch { return undefined; }
}

function main(file) {
  const rows = JSON.parse(fs.readFileSync(file, 'utf8'));
  const countries = new Set();
  const seen = new Set();
  let mismatches = 0;
  rows.forEach((row, i) => {
    const problems = [];
    if (Object.keys(row).sort().join() !== KEYS) problems.push(`keys ${Object.keys(row).sort()}`);
    if (!CODES.has(row.code)) problems.push(`unknown code ${row.code}`);
    if (row.region !== null && !isSupportedCountry(row.region)) problems.push(`unknown region ${row.region}`);
    const key = JSON.stringify([row.input, row.region]);
    if (seen.has(key)) problems.push('duplicate row');
    seen.add(key);
    if (!problems.length) {
      const [code, fixed] = verdict(row.input, row.region);
      if (code !== row.code || fixed !== row.fixed) {
        problems.push(`expected code=${row.code} fixed=${row.fixed}, libphonenumber-js says code=${code} fixed=${fixed}`);
      }
      countries.add(parsedCountry(row.input, row.region));
    }
    if (problems.length) {
      mismatches++;
      console.log(`row ${i} ${JSON.stringify(row.input)}: ${problems.join('; ')}`);
    }
  });
  countries.delete(undefined);
  console.log(`phones (js): ${rows.length} rows, ${countries.size} countries, ${mismatches} mismatches (libphonenumber-js ${version})`);
  if (rows.length < MIN_ROWS || countries.size < MIN_COUNTRIES) {
    console.log(`table too small: need >= ${MIN_ROWS} rows and >= ${MIN_COUNTRIES} countries`);
    return 1;
  }
  return mismatches ? 1 : 0;
}

process.exitCode = main(process.argv[2] || TABLE);
