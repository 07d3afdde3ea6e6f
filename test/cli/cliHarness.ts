/** Shared by the CLI tests: run the built dist/cli.js, and scratch directories in os.tmpdir(). */
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import Ajv from 'ajv';

export const repoRoot = path.resolve(__dirname, '../../..');
export const cliPath = path.join(repoRoot, 'dist/cli.js');

export interface CliRun {
	status: number | null;
	stdout: string;
	stderr: string;
}

/** Runs `node dist/cli.js ...args` to the end. `chunkBytes` sets the hidden DIRLINT_CHUNK_BYTES. */
export function runCli(args: string[], options: { cwd?: string; chunkBytes?: number } = {}): CliRun {
	const env = { ...process.env, DIRLINT_CHUNK_BYTES: options.chunkBytes === undefined ? '' : String(options.chunkBytes) };
	const result = spawnSync(process.execPath, [cliPath, ...args], { cwd: options.cwd, env, encoding: 'utf8', maxBuffer: 256 << 20 });
	if (result.error) throw result.error;
	return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the CLI without waiting for it. */
export function startCli(args: string[], chunkBytes?: number): ChildProcess {
	const env = { ...process.env, DIRLINT_CHUNK_BYTES: chunkBytes === undefined ? '' : String(chunkBytes) };
	return spawn(process.execPath, [cliPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

const scratch: string[] = [];
after(() => {
	for (const directory of scratch) fs.rmSync(directory, { recursive: true, force: true });
});

/** A fresh directory in os.tmpdir(), removed after the tests. */
export function scratchDir(): string {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dirlint-cli-test-'));
	scratch.push(directory);
	return directory;
}

/** Writes a file into a fresh scratch directory; returns its path. */
export function scratchFile(name: string, content: string | Uint8Array): string {
	const file = path.join(scratchDir(), name);
	fs.writeFileSync(file, content);
	return file;
}

/** The text output's finding lines (everything before the summary line). */
export function findingLines(stdout: string): string[] {
	return stdout.trimEnd().split('\n').slice(0, -1);
}

/** A validator of SARIF logs against test/cli/sarif-2.1.0.subset.schema.json (the official schema's parts dirlint writes). */
export function sarifValidator<T>() {
	// strictRequired would refuse the official schema's own `anyOf: [{ required: ["text"] }, …]`.
	const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
	// The schema's formats, checked as URI references resolve.
	ajv.addFormat('uri', (value: string) => URL.canParse(value));
	ajv.addFormat('uri-reference', (value: string) => URL.canParse(value, 'file:///base/') && !/[\s\\]/.test(value));
	const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/cli/sarif-2.1.0.subset.schema.json'), 'utf8')) as object;
	return ajv.compile<T>(schema);
}

/** The 1-based line and column (UTF-16 code units) of an offset, with CRLF, LF or a lone CR ending lines, as the CLI counts. */
export function lineIndex(text: string): (offset: number) => { line: number; column: number } {
	const starts = [0];
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
	}
	return (offset) => {
		let line = 0;
		while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
		return { line: line + 1, column: offset - starts[line] + 1 };
	};
}
