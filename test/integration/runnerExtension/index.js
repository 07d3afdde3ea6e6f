// extensionTestsPath for @vscode/test-electron (test/integration/runElectron.mjs): VS Code calls run() and
// fails the run when the returned promise rejects. The config comes from DIRLINT_TEST_CONFIG.
'use strict';

const { loadConfig, makeApi, runSuite } = require('./runSuite');

async function run() {
	const cfg = loadConfig(undefined);
	if (!cfg) throw new Error('DIRLINT_TEST_CONFIG is not set or names a missing file');
	globalThis.dirlintIntegration = makeApi(cfg);
	const result = await runSuite(cfg);
	if (result.failures > 0 || result.passes === 0) {
		throw new Error(`${result.passes} passed, ${result.failures} failed (see ${cfg.artifactsDir}/mocha.log)`);
	}
}

module.exports = { run };
