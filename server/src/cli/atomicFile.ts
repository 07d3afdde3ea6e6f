/**
 * Replacing a file all at once: the new content goes to a temporary file beside the original,
 * which is renamed over it only when complete. A crash leaves the original untouched (and at most
 * a temporary file); Ctrl+C and kill remove the temporary file before exiting.
 */
import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { open, realpath, rename, stat, unlink, FileHandle } from 'node:fs/promises';
import * as path from 'node:path';

const openTemporaries = new Set<string>();
let signalsHandled = false;

/** Removes the temporary files of replacements still being written; for exits mid-way. */
export function removeTemporaries(): void {
	for (const temporary of openTemporaries) {
		try {
			unlinkSync(temporary);
		} catch {
			// Already gone.
		}
	}
	openTemporaries.clear();
}

function handleSignals(): void {
	if (signalsHandled) return;
	signalsHandled = true;
	const exitCodes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
	for (const [signal, exitCode] of Object.entries(exitCodes)) {
		process.once(signal, () => {
			removeTemporaries();
			process.exit(exitCode);
		});
	}
}

export class FileReplacement {
	private constructor(private readonly target: string, private readonly temporary: string, private readonly file: FileHandle) {}

	/** Starts replacing `target` (through symbolic links), with the original's permissions. */
	static async begin(target: string): Promise<FileReplacement> {
		const real = await realpath(target);
		const { mode } = await stat(real);
		const temporary = path.join(path.dirname(real), `.${path.basename(real)}.dirlint-${randomBytes(4).toString('hex')}.tmp`);
		handleSignals();
		// Known before it exists: a signal handled between the file's creation and the end of the open
		// (a thread creates it, this one hears later) must still remove it.
		openTemporaries.add(temporary);
		let file: FileHandle;
		try {
			file = await open(temporary, 'wx', mode & 0o7777);
		} catch (error) {
			openTemporaries.delete(temporary);
			throw error;
		}
		await file.chmod(mode & 0o7777);
		return new FileReplacement(real, temporary, file);
	}

	async write(bytes: Uint8Array): Promise<void> {
		// appendFile writes all of it at the current position (write() may stop short).
		await this.file.appendFile(bytes);
	}

	/** Makes the new content the file's, in one rename. */
	async commit(): Promise<void> {
		await this.file.sync();
		await this.file.close();
		await rename(this.temporary, this.target);
		openTemporaries.delete(this.temporary);
	}

	/** Leaves the original as it was. */
	async abort(): Promise<void> {
		await this.file.close().catch(() => undefined);
		await unlink(this.temporary).catch(() => undefined);
		openTemporaries.delete(this.temporary);
	}
}
