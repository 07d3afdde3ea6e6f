/**
 * What `dirlint report` and `dirlint register` share: their common options, the locale of their
 * messages, reading Entra's user registration details, and where their output goes.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { resolveSettings, Settings } from '../../../shared/src/settings';
import { regionFromAlpha2 } from '../engine/regions';
import { parseRegistrationDetails, RegistrationDetails, RegistrationDetailsError } from '../engine/registrationDetails';
import { UsageError } from './args';


/** parseArgs options both commands take. */
export const commonOptions = {
	registrations: { type: 'string', multiple: true, default: [] as string[] },
	region: { type: 'string' },
	delimiter: { type: 'string', default: 'auto' },
	locale: { type: 'string' },
	help: { type: 'boolean', short: 'h', default: false },
} as const;

export interface CommonArguments {
	files: string[];
	/** Files of Entra's user registration details (CSV or JSON; several are the pages of one report). */
	registrations: string[];
	settings: Settings;
	/** A locale with an l10n bundle, e.g. zh-cn; undefined for English. */
	locale?: string;
}

const delimiters: Record<string, ',' | ';' | '\t' | 'auto'> = { auto: 'auto', ',': ',', ';': ';', tab: '\t' };

/** Checks the options both commands take; `command` names the command in messages. Throws UsageError. */
export function commonArguments(command: string, values: { registrations: string[]; region?: string; delimiter: string; locale?: string }, files: string[]): CommonArguments {
	if (files.length === 0) throw new UsageError(l10n.t('dirlint {0} needs at least one FILE.', command));
	let region = '';
	if (values.region !== undefined) {
		region = regionFromAlpha2(values.region) ?? '';
		if (!region) throw new UsageError(l10n.t('--region {0}: expected a two-letter ISO 3166 region code such as US, GB or DE.', values.region));
	}
	const delimiter = delimiters[values.delimiter];
	if (!delimiter) throw new UsageError(l10n.t('--delimiter {0}: expected auto, ",", ";" or tab.', values.delimiter));
	let locale: string | undefined;
	if (values.locale !== undefined) {
		if (!/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(values.locale)) throw new UsageError(l10n.t('--locale {0}: expected a locale such as zh-cn.', values.locale));
		locale = values.locale.toLowerCase();
		if (locale === 'en' || locale.startsWith('en-')) locale = undefined;
	}
	const settings = resolveSettings({ defaultRegion: region, csv: { delimiter } });
	return { files, registrations: values.registrations, settings, locale };
}

/** The locale's option, read before the other arguments so that their messages are translated too. */
export function localeArgument(argv: readonly string[]): string | undefined {
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--locale') return argv[i + 1];
		if (argv[i].startsWith('--locale=')) return argv[i].slice('--locale='.length);
	}
	return undefined;
}

export { useLocale } from './locale';

/** Reads Entra's user registration details; undefined when no file is given. Throws RegistrationDetailsError. */
export async function readRegistrations(files: readonly string[]): Promise<RegistrationDetails | undefined> {
	if (files.length === 0) return undefined;
	const texts: { name: string; text: string }[] = [];
	for (const name of files) {
		try {
			texts.push({ name, text: await readFile(name, 'utf8') });
		} catch (error) {
			throw new RegistrationDetailsError(l10n.t('{0} cannot be read: {1}', name, (error as Error).message));
		}
	}
	return parseRegistrationDetails(texts);
}

/** An output file that could not be written; the message, localized, names it and says why. */
export class OutputError extends Error {}

/** Writes a file whole or not at all: to a temporary file beside it, then renamed over it. Throws OutputError. */
export async function writeWholeFile(target: string, content: string): Promise<void> {
	const temporary = path.join(path.dirname(target), `.${path.basename(target)}.dirlint-${randomBytes(4).toString('hex')}.tmp`);
	try {
		await writeFile(temporary, content, { flag: 'wx' });
		await rename(temporary, target);
	} catch (error) {
		await unlink(temporary).catch(() => undefined);
		throw new OutputError(l10n.t('{0} cannot be written: {1}', target, (error as Error).message));
	}
}

/** Makes a directory and its parents where missing. Throws OutputError. */
export async function makeDirectory(directory: string): Promise<void> {
	try {
		await mkdir(directory, { recursive: true });
	} catch (error) {
		throw new OutputError(l10n.t('{0} cannot be written: {1}', directory, (error as Error).message));
	}
}
