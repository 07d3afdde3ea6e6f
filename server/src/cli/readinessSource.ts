/**
 * The per-user readiness records of export files, from the one piece pipeline: each file is linted
 * piece by piece (fileLinter, as `dirlint check` does) with only the readiness family on, and the
 * records it makes of every entry (rules/readiness.ts) come back with their lines. So an export of
 * any size streams, and `dirlint report` and `dirlint register` judge users exactly as the editor's
 * readiness report does.
 */
import * as l10n from '@vscode/l10n';
import { ruleFamilyIds } from '../../../shared/src/codes';
import type { UserReadiness } from '../../../shared/src/readiness';
import type { Settings } from '../../../shared/src/settings';
import { readinessOf } from '../engine/rules/readiness';
import { InputError } from './chunkedReader';
import { lintFile } from './fileLinter';
import { inThread, PieceRunner } from './pieceRunners';
import type { CommonArguments } from './readinessCommon';

export interface ReadinessSourceOptions {
	settings: Settings;
	/** Bytes read at a time. */
	chunkSize: number;
	/** Told, localized, about a file that gave no users: unreadable, or not an export dirlint reads. */
	problem(file: string, message: string): void;
	/** Where pieces are linted (this thread by default). */
	runner?: PieceRunner;
}

/** The settings a readiness run lints with: the readiness family alone (no findings are shown), no duplicates. */
function readinessOnly(settings: Settings): Settings {
	const rules = Object.fromEntries(ruleFamilyIds.map((family) => [family, family === 'readiness']));
	return { ...settings, rules, duplicates: { scope: 'off' } };
}

/** The users of each file in turn, in file order. A file that cannot be read is reported through `problem` and skipped. */
export async function* readinessOfFiles(files: readonly string[], options: ReadinessSourceOptions): AsyncGenerator<UserReadiness> {
	const settings = readinessOnly(options.settings);
	for (const file of files) {
		// The records arrive as the file's pieces are linted; they are handed on as they come.
		const queue: UserReadiness[] = [];
		let wake: (() => void) | undefined;
		let finished = false;
		let failure: unknown;
		let recognized = false;
		void lintFile(file, {
			settings,
			fix: false,
			chunkSize: options.chunkSize,
			runner: options.runner ?? inThread,
			report: async () => undefined,
			records: (records) => {
				for (const record of records) if (record.family === 'readiness') queue.push(readinessOf(record.fields, file, record.line));
				wake?.();
			},
		}).then((outcome) => {
			recognized = outcome.recognized;
		}, (error: unknown) => {
			failure = error;
		}).finally(() => {
			finished = true;
			wake?.();
		});
		for (;;) {
			while (queue.length > 0) yield queue.shift()!;
			if (finished) break;
			await new Promise<void>((resolve) => (wake = resolve));
			wake = undefined;
		}
		if (failure !== undefined) {
			if (!(failure instanceof InputError)) throw failure;
			options.problem(file, failure.message);
			continue;
		}
		if (!recognized) options.problem(file, l10n.t('is not an Active Directory export dirlint recognizes; it has no users to report'));
	}
}

/** A source of per-entry records for the files of a command line; `problem` hears of each file that gives none. */
export type UserSource = (options: CommonArguments, problem: (file: string, message: string) => void) => AsyncIterable<UserReadiness>;

/** The source `dirlint report` and `dirlint register` read the files of their command line with. */
export const fileSource: UserSource = (options, problem) => readinessOfFiles(options.files, { settings: options.settings, chunkSize: 1 << 16, problem });
