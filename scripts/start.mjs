// npm start: builds the VSIX and opens VS Code on examples/ with dirlint installed. Uses the `code`
// command where VS Code is installed; otherwise starts code-server (VS Code in the browser, installed
// by scripts/codeServer/setup.sh into .cache/) and prints the 127.0.0.1 address to open. Ctrl-C stops it.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vsix = path.join(root, 'dist/dirlint.vsix');
const examples = path.join(root, 'examples');

function run(command, args, options = {}) {
	const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
	if (result.status !== 0) {
		console.error(`npm start: ${command} ${args.join(' ')} failed`);
		process.exit(result.status ?? 1);
	}
	return result;
}

run('npm', ['run', 'package']);

if (spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0) {
	run('code', ['--install-extension', vsix, '--force']);
	run('code', [examples]);
	console.log('Opened VS Code on examples/. Hover a column name or a phone number; open the Problems panel.');
	process.exit(0);
}

console.log('VS Code (`code`) is not installed here: starting code-server, VS Code in the browser.');
const setup = spawnSync('bash', [path.join(root, 'scripts/codeServer/setup.sh')], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
process.stdout.write(setup.stdout ?? '');
const codeServer = /^CODE_SERVER_BIN=(.+)$/m.exec(setup.stdout ?? '')?.[1];
if (setup.status !== 0 || !codeServer) {
	console.error('npm start: code-server could not be set up (see above).');
	process.exit(1);
}
const state = path.join(root, '.cache/start');
const userData = path.join(state, 'user-data');
const extensions = path.join(state, 'extensions');
fs.mkdirSync(userData, { recursive: true });
run(codeServer, ['--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix, '--force']);

const port = process.env.PORT ?? '8080';
const server = spawn(codeServer, [
	'--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
	'--disable-workspace-trust', '--disable-getting-started-override', '--user-data-dir', userData, '--extensions-dir', extensions, examples,
], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, EXTENSIONS_GALLERY: '{}' } });
let announced = false;
const watch = (chunk) => {
	const listening = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(String(chunk));
	if (listening && !announced) {
		announced = true;
		console.log(`\ndirlint is running in VS Code at ${listening[1]}/?folder=${encodeURIComponent(examples)}\nOpen it in a browser; Ctrl-C stops it.`);
	}
};
server.stdout.on('data', watch);
server.stderr.on('data', watch);
const stop = () => server.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => process.exit(code ?? 0));
