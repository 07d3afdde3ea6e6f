/**
 * `dirlint/changeFile`: an AD change file and its undo for a document open in the editor, so the
 * engine stays in the server and the client only previews and writes. Without a baseline it holds
 * every fix dirlint can make in the current text (as `dirlint changes EXPORT` writes it); with one,
 * the differences from the baseline (the text as first opened, or as last committed) to the current
 * text, hand edits included (as `dirlint changes BEFORE AFTER`).
 */
import * as l10n from '@vscode/l10n';
import type { ChangeFileParams, ChangeFileResult } from '../../../shared/src/protocol';
import type { Settings } from '../../../shared/src/settings';
import { changeFileBetween, ChangeFileOptions, changeFileForFixes, powershellScriptName } from '../engine/changes/changeFiles';
import { ChangeSummary, describeChangeSummary, SummaryNames } from '../engine/changes/changeSummary';
import type { ExportFormat } from '../engine/model';

/** The export's text and what it is. */
export interface ChangeFileSource {
	text: string;
	format: ExportFormat;
	/** The file name (no path), for the header comments and the summary. */
	name: string;
	version: number;
}

/** The baseline's name in the file's header comments: ASCII English, as the rest of the header. */
function baselineHeaderName(name: string, source: NonNullable<ChangeFileParams['baseline']>['source']): string {
	return source === 'head' ? `${name} as last committed (HEAD)` : `${name} as first opened`;
}

/** The baseline's name in the summary, in the user's language. */
function baselineSummaryName(name: string, source: NonNullable<ChangeFileParams['baseline']>['source']): string {
	return source === 'head' ? l10n.t('{0} as last committed', name) : l10n.t('{0} as first opened', name);
}

/** Computes the change file a request asks for. */
export function changeFileFor(source: ChangeFileSource, params: ChangeFileParams, settings: Settings): ChangeFileResult {
	const { baseline } = params;
	const options: ChangeFileOptions = {
		...params.options,
		names: {
			export: baseline ? baselineHeaderName(source.name, baseline.source) : source.name,
			after: baseline ? source.name : undefined,
			changes: params.names.changes,
			undo: params.names.undo,
		},
	};
	const files = baseline
		? changeFileBetween(baseline.text, source.text, { before: source.format, after: source.format }, settings, options)
		: changeFileForFixes(source.text, source.format, settings, options);
	const { summary } = files;
	const names = baseline ? { before: baselineSummaryName(source.name, baseline.source), after: source.name } : { before: source.name };
	return {
		documentVersion: source.version,
		changes: files.changes,
		undo: files.undo,
		...(files.script === undefined ? {} : { script: { name: powershellScriptName, text: files.script } }),
		entries: summary.entries,
		values: summary.values,
		duplicatesDropped: summary.duplicatesDropped,
		skippedEntries: Object.values(summary.skippedEntryCounts).reduce((sum, count) => sum + count, 0),
		lines: previewLines(summary, names),
	};
}

/**
 * The summary for a dialog, whose proportional font would break the CLI's table of attributes: the
 * table's rows become sentences, after the line that counts the entries (which follows one note per
 * file that is not an export dirlint reads).
 */
function previewLines(summary: ChangeSummary, names: SummaryNames): string[] {
	const lines = describeChangeSummary({ ...summary, attributes: [] }, names);
	const notes = [names.before, names.after].filter((name, index) => name !== undefined && !(index === 0 ? summary.recognized.before : summary.recognized.after)).length;
	const attributes = summary.attributes.map((tally) => tally.duplicatesDropped > 0
		? l10n.t('{0}: entries {1}, values changed {2}, duplicates dropped {3}.', tally.attribute, tally.entries, tally.values, tally.duplicatesDropped)
		: l10n.t('{0}: entries {1}, values changed {2}.', tally.attribute, tally.entries, tally.values));
	lines.splice(notes + 1, 0, ...attributes);
	return lines;
}
