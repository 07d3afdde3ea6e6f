// Installs the Debian packages a script needs, when they are missing: with apt-get as root, otherwise
// it says which to install and exits. Used by test:all and bench.
import { spawnSync } from 'node:child_process';

export function ensureDebianPackages(names, purpose) {
	const missing = names.filter((name) => spawnSync('dpkg', ['-s', name], { stdio: 'ignore' }).status !== 0);
	if (missing.length === 0) return;
	if (process.getuid?.() !== 0) {
		console.error(`${purpose} needs the Debian packages ${missing.join(', ')}: sudo apt-get install -y ${missing.join(' ')}`);
		process.exit(1);
	}
	const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
	if (!install()) {
		spawnSync('apt-get', ['update'], { stdio: 'inherit' });
		if (!install()) process.exit(1);
	}
}
