// Writes l10n/bundle.l10n.json (every message key, for translators) from the compiled test's
// extraction, and prints the keys the zh-cn bundle still lacks. Run after `npm run compile-tests`.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
process.argv.push('--test-only'); // keep node:test from running the tests when the module loads
const { messageKeys } = require('../out/test/unit/l10n.test.js');
const keys = [...messageKeys()].sort();
fs.writeFileSync('l10n/bundle.l10n.json', JSON.stringify(Object.fromEntries(keys.map((key) => [key, key])), null, '\t') + '\n');
const zh = JSON.parse(fs.readFileSync('l10n/bundle.l10n.zh-cn.json', 'utf8'));
const missing = keys.filter((key) => !(key in zh));
console.log(`${keys.length} keys; ${missing.length} without zh-cn:`);
for (const key of missing) console.log(JSON.stringify(key));
