/**
 * Chooses the language of the server's messages. It must run before anything produces a message:
 * @vscode/l10n reads its bundle at call time, and nothing in the engine calls l10n.t at load time.
 */
import * as l10n from '@vscode/l10n';
import zhCn from '../../../l10n/bundle.l10n.zh-cn.json';

const bundles: Record<string, Record<string, string>> = { 'zh-cn': zhCn };

/** Follows the client's locale (VS Code's display language, or the LSP `locale`); English otherwise. */
export function configureLocale(locale: string | undefined): string {
	const lower = (locale ?? '').toLowerCase();
	const key = lower.startsWith('zh') && !/^zh-(tw|hk|mo|hant)/.test(lower) ? 'zh-cn' : undefined;
	if (key) l10n.config({ contents: bundles[key] });
	return key ?? 'en';
}
