/** The language of the CLI's messages: the l10n bundle of a locale, read from the package (dist/../l10n). */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';

/** dist/cli.js sits in <package>/dist. */
export const packageRoot = path.resolve(__dirname, '..');

/** The l10n bundle the messages are translated with, if any. */
export type Translations = l10n.l10nJsonFormat | undefined;

/**
 * Loads the bundle of a locale (`zh-cn`) and translates every message with it; English (undefined)
 * for English, a malformed name, or a locale without a bundle (said on stderr).
 */
export function useLocale(locale: string | undefined): Translations {
	const name = locale?.toLowerCase();
	if (!name || name === 'en' || name.startsWith('en-') || !/^[a-z0-9-]+$/.test(name)) return undefined;
	try {
		const translations = JSON.parse(readFileSync(path.join(packageRoot, 'l10n', `bundle.l10n.${name}.json`), 'utf8')) as Translations;
		l10n.config({ contents: translations! });
		return translations;
	} catch (error) {
		process.stderr.write(`dirlint: no ${name} translations (${(error as Error).message}); messages are in English\n`);
		return undefined;
	}
}
