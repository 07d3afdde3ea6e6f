// Entry point of the `dirlint-test.integration-runner` extension (activationEvents: onStartupFinished).
// With a runner-config.json beside this file (written by runOffline.mjs) whose autoRun is true, it runs the
// mocha suite once the workbench has started. Tests reach the helper API through
// `globalThis.dirlintIntegration` or `vscode.extensions.getExtension('dirlint-test.integration-runner').exports`.
'use strict';

const { loadConfig, makeApi, runSuite } = require('./runSuite');

function activate() {
	const cfg = loadConfig(__dirname);
	const api = makeApi(cfg);
	globalThis.dirlintIntegration = api;
	if (cfg && cfg.autoRun) {
		// Start after activate() has returned, so the extension counts as active while tests run.
		setTimeout(() => {
			runSuite(cfg).catch((err) => console.error('[dirlint integration runner]', err));
		}, 0);
	}
	return api;
}

function deactivate() {}

module.exports = { activate, deactivate };
