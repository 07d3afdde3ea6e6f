/**
 * `dirlint report FILE... [--registrations FILE] [--format text|json|csv|html] [--out FILE] [--region XX]`:
 * who can reset with what once their numbers are registered. The users come from any source of
 * per-entry readiness records (readinessSource.ts today, the piece pipeline when it is wired); this
 * module joins them with Entra's user registration details and writes the report.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as l10n from '@vscode/l10n';
import type { ReadinessSummary, UserReadiness } from '../../../shared/src/readiness';
import { buildReport } from '../engine/readinessReport';
import { RegistrationDetails, RegistrationDetailsError, RegistrationJoin } from '../engine/registrationDetails';
import { UsageError } from './args';
import { CommonArguments, commonArguments, commonOptions, localeArgument, OutputError, readRegistrations, useLocale, writeWholeFile } from './readinessCommon';
import { fileSource, UserSource } from './readinessSource';
import { formatReport, PageAssets, ReportFormat } from './reportWriters';

export interface ReportArguments extends CommonArguments {
	format: ReportFormat;
	/** Where to write the report; stdout when undefined. */
	out?: string;
}

export type ReportCommandLine = { kind: 'help' } | { kind: 'run'; options: ReportArguments };

/** Parses the arguments after `report`. Throws UsageError. */
export function parseReportArguments(argv: string[]): ReportCommandLine {
	let parsed;
	try {
		parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...commonOptions, format: { type: 'string', default: 'text' }, out: { type: 'string' } } });
	} catch (error) {
		throw new UsageError((error as Error).message);
	}
	const { values, positionals } = parsed;
	if (values.help) return { kind: 'help' };
	const format = values.format;
	if (format !== 'text' && format !== 'json' && format !== 'csv' && format !== 'html') {
		throw new UsageError(l10n.t('--format {0}: expected text, json, csv or html.', format));
	}
	return { kind: 'run', options: { ...commonArguments('report', values, positionals), format, out: values.out } };
}

export interface WriteReportOptions {
	format: ReportFormat;
	/** The file to write; stdout when undefined. */
	out?: string;
	/** BCP 47 language of the HTML page's words (`en`, `zh-cn`); its messages come from the configured l10n bundle. */
	lang?: string;
	/** Where report.js and report.css are (the directory of dist/cli.js unless given). */
	assetsDirectory?: string;
}

async function pageAssets(directory: string): Promise<PageAssets> {
	const [script, style] = await Promise.all(['report.js', 'report.css'].map((name) => readFile(path.join(directory, name), 'utf8')));
	return { script, style };
}

/**
 * Joins the users with the details, builds the report and writes it in the format; returns its
 * summary. Call it with the per-entry records of any source, in export order.
 */
export async function writeReport(users: AsyncIterable<UserReadiness> | Iterable<UserReadiness>, details: RegistrationDetails | undefined, options: WriteReportOptions): Promise<ReadinessSummary> {
	const report = await buildReport(users, new RegistrationJoin(details));
	const page = options.format === 'html' ? { assets: await pageAssets(options.assetsDirectory ?? __dirname), lang: options.lang ?? 'en' } : undefined;
	const text = formatReport(report, options.format, page);
	if (options.out === undefined) await new Promise<void>((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
	else await writeWholeFile(options.out, text);
	return report.summary;
}

/**
 * Runs `dirlint report` with the arguments after `report`; resolves to the exit code: 0 when the
 * report was written, 2 for bad arguments or input. Messages go to stderr.
 */
export async function runReport(argv: string[], helpText: string, source: UserSource = fileSource): Promise<number> {
	useLocale(localeArgument(argv));
	let options: ReportArguments;
	try {
		const commandLine = parseReportArguments(argv);
		if (commandLine.kind === 'help') {
			process.stdout.write(helpText);
			return 0;
		}
		options = commandLine.options;
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		process.stderr.write(`dirlint: ${error.message}\n${l10n.t('Run dirlint --help for usage.')}\n`);
		return 2;
	}
	let details: RegistrationDetails | undefined;
	try {
		details = await readRegistrations(options.registrations);
	} catch (error) {
		if (!(error instanceof RegistrationDetailsError)) throw error;
		process.stderr.write(`dirlint: ${error.message}\n`);
		return 2;
	}
	for (const warning of details?.warnings ?? []) process.stderr.write(`dirlint: ${warning}\n`);
	let failed = false;
	const problem = (file: string, message: string) => {
		failed = true;
		process.stderr.write(`dirlint: ${file}: ${message}\n`);
	};
	let summary: ReadinessSummary;
	try {
		summary = await writeReport(source(options, problem), details, { format: options.format, out: options.out, lang: options.locale ?? 'en' });
	} catch (error) {
		if (!(error instanceof OutputError)) throw error;
		process.stderr.write(`dirlint: ${error.message}\n`);
		return 2;
	}
	if (options.out !== undefined) {
		process.stderr.write(`${l10n.t('Wrote the readiness report to {1} (users: {0}).', summary.users, options.out)}\n`);
	}
	return failed ? 2 : 0;
}
