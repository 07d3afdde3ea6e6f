// npm run test:all: every test tier, in order, with one closing count. Installs the Debian packages the
// end-to-end tiers need when it can (as root, with apt-get); code-server installs itself (scripts/codeServer).
//   1. typecheck, build, unit + protocol + CLI tests (node:test)   npm test
//   2. the HTML readiness report in Chromium (playwright-core)         test/html/runHtmlReport.mjs
//   3. the phone table against Google's libphonenumber (python3-phonenumbers) and libphonenumber-js
//   4. the standalone server in Neovim 0.7                            test/neovim/runNeovim.mjs
//   5. change files applied to a real Samba AD DC database            test/samba/runSamba.mjs
//   6. the VS Code suite in code-server, in English and in zh-cn      test/integration/runOffline.mjs
import { spawn } from 'node:child_process';
import { ensureDebianPackages } from './debianPackages.mjs';

/** Runs a tier, echoing its output, and reads its counts from its closing lines. */
function tier(name, command, args) {
	return new Promise((resolve) => {
		console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
		const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		for (const stream of [child.stdout, child.stderr]) {
			stream.on('data', (chunk) => {
				output += chunk;
				(stream === child.stdout ? process.stdout : process.stderr).write(chunk);
			});
		}
		child.on('close', (code) => {
			const node = { passed: /^ℹ pass (\d+)$/m.exec(output), failed: /^ℹ fail (\d+)$/m.exec(output) };
			const plain = [...output.matchAll(/^(\d+) passed, (\d+) failed/gm)].pop();
			// The phone table checkers: "phones: 202 rows, 34 countries, 0 mismatches".
			const table = /(\d+) rows, \d+ countries, (\d+) mismatches/.exec(output);
			let passed = Number(node.passed?.[1] ?? plain?.[1] ?? (table ? Number(table[1]) - Number(table[2]) : 0));
			let failed = Number(node.failed?.[1] ?? plain?.[2] ?? table?.[2] ?? 0);
			if (code !== 0 && failed === 0) failed = 1; // a tier that broke before counting
			resolve({ name, passed, failed });
		});
	});
}

ensureDebianPackages(['python3-phonenumbers', 'neovim', 'chromium', 'samba', 'samba-ad-dc', 'samba-ad-provision', 'ldb-tools', 'python3-ldap'], 'test:all');
const results = [];
results.push(await tier('unit, protocol and CLI tests', 'npm', ['test']));
results.push(await tier('HTML readiness report in Chromium', process.execPath, ['test/html/runHtmlReport.mjs']));
results.push(await tier('phone table vs python3-phonenumbers', '/usr/bin/python3', ['test/tools/check_phone_table.py']));
results.push(await tier('phone table vs libphonenumber-js', process.execPath, ['test/tools/check_phone_table_js.cjs']));
results.push(await tier('Neovim', process.execPath, ['test/neovim/runNeovim.mjs']));
results.push(await tier('change files on a Samba AD DC', process.execPath, ['test/samba/runSamba.mjs']));
results.push(await tier('package the VSIX', 'npm', ['run', 'package']));
results.push(await tier('VS Code (code-server), English', process.execPath, ['test/integration/runOffline.mjs', '--vsix', 'dist/dirlint.vsix', '--artifacts', 'artifacts/integration']));
results.push(await tier('VS Code (code-server), zh-cn', process.execPath, ['test/integration/runOffline.mjs', '--vsix', 'dist/dirlint.vsix', '--locale', 'zh-cn', '--artifacts', 'artifacts/integration-zh-cn']));

console.log('\n=== summary');
for (const result of results) console.log(`${result.failed === 0 ? 'ok  ' : 'FAIL'} ${result.name}: ${result.passed} passed, ${result.failed} failed`);
const passed = results.reduce((sum, result) => sum + result.passed, 0);
const failed = results.reduce((sum, result) => sum + result.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
