/**
 * The dirlint command: `dirlint check|fix FILE...`. An adapter over the engine: arguments in,
 * findings out as text, JSON or SARIF. Reading files in pieces is chunkedReader's job, linting and
 * fixing them fileLinter's.
 */
import { readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';
import * as path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import type { DiagnosticCode } from '../../../shared/src/codes';
import type { Severity } from '../engine/linter';
import { helpText, parseCommandLine, RunOptions, UsageError } from './args';
import { removeTemporaries } from './atomicFile';
import { runChangesCommand } from './changesCommand';
import { InputError } from './chunkedReader';
import { FileOutcome, lintFile } from './fileLinter';
import { KeyTable } from './keyTable';
import { packageRoot, useLocale } from './locale';
import type { LocatedFinding } from './pieceLinter';
import { createWorkerPool, inThread, PieceRunner, servePieces } from './pieceRunners';
import type { Translations } from './locale';
import { createReporter } from './reporters';
import { runRegister } from './registerCommand';
import { runReport } from './reportCommand';

/**
 * 64 KB pieces (about 300 csvde users): a piece's model is made, linted and dropped while it is still
 * in the young generation, so garbage collection stays cheap and heaps small (1M users: 0.2 GB RSS).
 */
const defaultChunkSize = 1 << 16;

function version(): string {
	return (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Hidden, for tests: DIRLINT_CHUNK_BYTES reads files in smaller chunks. */
function chunkSize(): number {
	const configured = Number(process.env.DIRLINT_CHUNK_BYTES);
	return Number.isInteger(configured) && configured > 0 ? configured : defaultChunkSize;
}

function inputBytes(files: readonly string[]): number {
	return files.reduce((sum, file) => sum + (statSync(file, { throwIfNoEntry: false })?.size ?? 0), 0);
}

/** Worker threads pay off from about 128 pieces (8 MB): below that, starting them costs more than they save. */
function pieceRunner(files: readonly string[], chunkSize: number, translations: Translations): PieceRunner {
	return inputBytes(files) > 128 * chunkSize ? createWorkerPool(__filename, translations) : inThread;
}

async function writeOut(text: string): Promise<void> {
	if (text !== '' && !process.stdout.write(text)) await once(process.stdout, 'drain');
}

function plural(count: number, singular: string, many = `${singular}s`): string {
	return `${count} ${count === 1 ? singular : many}`;
}

class Tally {
	readonly severities: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
	fixable = 0;
	fixed = 0;
	unreadable = 0;

	add(findings: readonly LocatedFinding[]): void {
		for (const finding of findings) {
			this.severities[finding.severity]++;
			if (finding.fix) this.fixable++;
		}
	}

	problems(): string {
		const { error, warning, information, hint } = this.severities;
		return `${plural(error, 'error')}, ${plural(warning, 'warning')}, ${information} information, ${plural(hint, 'hint')}`;
	}
}

function fixedLine(file: string, fixed: Map<DiagnosticCode, number>): string {
	if (fixed.size === 0) return `${file}: nothing to fix`;
	const total = [...fixed.values()].reduce((sum, count) => sum + count, 0);
	const byCode = [...fixed].map(([code, count]) => `${code} ${count}`).join(', ');
	return `${file}: fixed ${plural(total, 'value')} (${byCode})`;
}

function summary(options: RunOptions, tally: Tally): string {
	const files = plural(options.files.length - tally.unreadable, 'file');
	const unreadable = tally.unreadable > 0 ? `; ${plural(tally.unreadable, 'file')} could not be read` : '';
	if (options.command === 'fix') return `${files} fixed: ${plural(tally.fixed, 'value')} rewritten; ${tally.problems()} remain${unreadable}`;
	const fixable = tally.fixable > 0 ? `; ${tally.fixable} can be fixed with dirlint fix` : '';
	return `${files} checked: ${tally.problems()}${fixable}${unreadable}`;
}

async function run(options: RunOptions): Promise<number> {
	const translations = options.locale ? useLocale(options.locale) : undefined;
	const size = chunkSize();
	const runner = pieceRunner(options.files, size, translations);
	try {
		return await runFiles(options, runner, size);
	} finally {
		await runner.close();
	}
}

async function runFiles(options: RunOptions, runner: PieceRunner, chunkSize: number): Promise<number> {
	const reporter = createReporter(options.format, version());
	// Machine-readable formats keep stdout for the findings.
	const note = async (line: string) => {
		if (options.format === 'text') await writeOut(`${line}\n`);
		else process.stderr.write(`${line}\n`);
	};
	const tally = new Tally();
	await writeOut(reporter.begin());
	const scope = options.settings.duplicates.scope;
	// Duplicates are judged across every file of the run (dirlint.duplicates.scope workspace) or per file.
	const workspaceKeys = scope === 'workspace' ? new KeyTable(options.files) : undefined;
	const reportDuplicates = async (table: KeyTable) => {
		let judged: Map<number, LocatedFinding[]>;
		try {
			judged = table.judge(options.settings);
		} finally {
			table.dispose();
		}
		// In the order the files were named, whatever order the table's partitions found them in.
		for (const [index, findings] of [...judged].sort(([a], [b]) => a - b)) {
			tally.add(findings);
			await writeOut(reporter.findings(options.files[index], findings));
		}
	};
	for (const [index, file] of options.files.entries()) {
		const keys = workspaceKeys ?? (scope === 'file' ? new KeyTable(options.files) : undefined);
		let outcome: FileOutcome;
		try {
			outcome = await lintFile(file, {
				settings: options.settings,
				fix: options.command === 'fix',
				chunkSize,
				runner,
				report: (findings) => {
					tally.add(findings);
					return writeOut(reporter.findings(file, findings));
				},
				keys: keys && ((found, linesBefore) => keys.add(index, found, linesBefore)),
			});
		} catch (error) {
			tally.unreadable++;
			const reason = error instanceof InputError ? error.message : `internal error: ${error instanceof Error ? error.stack : String(error)}`;
			process.stderr.write(`dirlint: ${file}: ${reason}\n`);
			continue;
		} finally {
			if (keys && keys !== workspaceKeys) await reportDuplicates(keys);
		}
		if (!outcome.recognized) await note(`${file}: not an Active Directory export dirlint recognizes (no phone or country attributes); nothing was checked`);
		if (options.command === 'fix') {
			tally.fixed += [...outcome.fixed.values()].reduce((sum, count) => sum + count, 0);
			await note(fixedLine(file, outcome.fixed));
		}
	}
	if (workspaceKeys) await reportDuplicates(workspaceKeys);
	await writeOut(reporter.end());
	await note(summary(options, tally));
	if (tally.unreadable > 0) return 2;
	return tally.severities.error > 0 ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
	// SSPR readiness (issue #11): commands of their own, with their own arguments.
	if (argv[0] === 'report') return runReport(argv.slice(1), helpText);
	if (argv[0] === 'register') return runRegister(argv.slice(1), helpText);
	if (argv[0] === 'changes') return runChangesCommand(argv.slice(1), { out: writeOut, err: (text) => process.stderr.write(text), useLocale });
	try {
		const commandLine = parseCommandLine(argv);
		if (commandLine.kind === 'help') await writeOut(helpText);
		else if (commandLine.kind === 'version') await writeOut(`${version()}\n`);
		else return await run(commandLine.options);
		return 0;
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		process.stderr.write(`dirlint: ${error.message}\nRun dirlint --help for usage.\n`);
		return 2;
	}
}

function start(): void {
	// `dirlint check file | head` closes stdout early: stop as a tool killed by SIGPIPE would,
	// leaving any file being fixed untouched.
	process.stdout.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code !== 'EPIPE') throw error;
		removeTemporaries();
		process.exit(141);
	});
	main(process.argv.slice(2)).then(
		(exitCode) => {
			process.exitCode = exitCode;
		},
		(error: unknown) => {
			removeTemporaries();
			process.stderr.write(`dirlint: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
			process.exitCode = 2;
		},
	);
}

// Worker threads run this same script to lint pieces (see pieceRunners).
if (isMainThread) start();
else servePieces();
