/**
 * The per-user readiness records of export files, read piece by piece (chunkedReader) so an export
 * of any size streams: each piece is read by the engine alone and its entries judged with
 * entryReadiness. This is the seam where the rule-seam pipeline plugs in: `dirlint report` and
 * `dirlint register` take any AsyncIterable<UserReadiness>, and this is the one they get today.
 */
import * as l10n from '@vscode/l10n';
import type { UserReadiness } from '../../../shared/src/readiness';
import type { Settings } from '../../../shared/src/settings';
import { createLinter, entryRegion, formatOf } from '../engine/linter';
import { entryReadiness } from '../engine/readiness';
import { createPhoneJudge, phoneDetails } from '../engine/rules/phoneRule';
import { InputError, readPieces } from './chunkedReader';
import { indexLines } from './positions';
import type { CommonArguments } from './readinessCommon';

export interface ReadinessSourceOptions {
	settings: Settings;
	/** Bytes read at a time. */
	chunkSize: number;
	/** Told, localized, about a file that gave no users: unreadable, or not an export dirlint reads. */
	problem(file: string, message: string): void;
	/** The number type of a canonical number; libphonenumber-js's full parse unless given. */
	numberType?: (canonical: string) => string | undefined;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The users of each file in turn, in file order. A file that cannot be read is reported through `problem` and skipped. */
export async function* readinessOfFiles(files: readonly string[], options: ReadinessSourceOptions): AsyncGenerator<UserReadiness> {
	const { settings } = options;
	const linter = createLinter();
	const tools = { judgePhone: createPhoneJudge(), numberType: options.numberType ?? ((canonical: string) => phoneDetails(canonical).type) };
	for (const file of files) {
		const format = formatOf(file);
		let linesBefore = 0;
		let recognized = false;
		try {
			for await (const piece of readPieces(file, { format, delimiter: settings.csv.delimiter, chunkSize: options.chunkSize })) {
				let text: string;
				try {
					text = strictUtf8.decode(piece.bytes);
				} catch {
					throw new InputError(l10n.t('is not valid UTF-8; save the file as UTF-8 and run again'));
				}
				const document = linter.read(piece.context + text, format, settings);
				recognized ||= document.recognized;
				const lines = indexLines(text);
				for (const entry of document.entries) {
					if (entry.span.start < piece.context.length) continue; // the context's (a repeated header), not the piece's
					const line = linesBefore + lines.position(entry.span.start - piece.context.length).line;
					yield entryReadiness(entry, { file, line }, entryRegion(entry, settings.defaultRegion), tools);
				}
				linesBefore += lines.lineCount;
			}
		} catch (error) {
			if (!(error instanceof InputError)) throw error;
			options.problem(file, error.message);
			continue;
		}
		if (!recognized) options.problem(file, l10n.t('is not an Active Directory export dirlint recognizes; it has no users to report'));
	}
}

/** A source of per-entry records for the files of a command line; `problem` hears of each file that gives none. */
export type UserSource = (options: CommonArguments, problem: (file: string, message: string) => void) => AsyncIterable<UserReadiness>;

/** The source `dirlint report` and `dirlint register` use until the piece pipeline gives the records. */
export const fileSource: UserSource = (options, problem) => readinessOfFiles(options.files, { settings: options.settings, chunkSize: 1 << 16, problem });
