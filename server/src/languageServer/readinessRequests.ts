/**
 * The readiness report for the editor (`dirlint/readiness`, `dirlint/readinessSummary`): each
 * document's lint already holds one readiness record per entry (the readiness family), so the report
 * is read from those records, with their places, and never from the text again. The users are not
 * joined with Entra's registration details (the editor has none), so `registered` stays null.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ReadinessResult } from '../../../shared/src/protocol';
import { ReadinessSummary, summaryKeyOf, UserReadiness } from '../../../shared/src/readiness';
import { buildReport } from '../engine/readinessReport';
import { RegistrationJoin } from '../engine/registrationDetails';
import { readinessOf } from '../engine/rules/readiness';
import type { DocumentLint } from './documentLint';

/** A document whose lint is complete for its text. */
export interface LintedExport {
	document: TextDocument;
	lint: DocumentLint;
}

/**
 * How a report names a document: its path relative to the workspace folder that holds it (with the
 * folder's name first when there are several folders), else its file name.
 */
export function reportFileName(uri: string, folders: readonly string[]): string {
	const fallback = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
	if (!uri.startsWith('file:')) return fallback;
	const file = fileURLToPath(uri);
	for (const folder of folders) {
		const relative = path.relative(folder, file);
		if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) continue;
		const inFolder = relative.split(path.sep).join('/');
		return folders.length > 1 ? `${path.basename(folder)}/${inFolder}` : inFolder;
	}
	return fallback;
}

/** The users of one export, in document order, each at the 1-based line its record starts on. */
export async function readinessUsers(source: LintedExport, file: string): Promise<UserReadiness[]> {
	if (!source.lint.isRecognized) return [];
	const users: UserReadiness[] = [];
	for (const record of await source.lint.records()) {
		if (record.family === 'readiness') users.push(readinessOf(record.fields, file, source.document.positionAt(record.start).line + 1));
	}
	return users;
}

/** The report of some exports (sorted by the name the report gives them), with the URI of each name. */
export async function readinessReport(sources: readonly LintedExport[], folders: readonly string[]): Promise<ReadinessResult> {
	const named = sources.map((source) => ({ source, file: reportFileName(source.document.uri, folders) }));
	named.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
	const uris: Record<string, string> = {};
	for (const { source, file } of named) uris[file] = source.document.uri;
	const users: UserReadiness[] = [];
	for (const { source, file } of named) users.push(...(await readinessUsers(source, file)));
	const report = await buildReport(users, new RegistrationJoin(undefined));
	return { ...report, uris };
}

/** Only the totals of one export: no user list is built or sent. Null when it is not an export dirlint reads. */
export async function readinessSummary(source: LintedExport): Promise<ReadinessSummary | null> {
	if (!source.lint.isRecognized) return null;
	const summary: ReadinessSummary = { users: 0, ready: 0, fixable: 0, needsData: 0, notTargetable: 0, registered: 0, detailsOnly: 0 };
	for (const record of await source.lint.records()) {
		if (record.family !== 'readiness') continue;
		summary.users++;
		summary[summaryKeyOf[readinessOf(record.fields, '', 0).state]]++;
	}
	return summary;
}
