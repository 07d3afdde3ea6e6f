/**
 * Stable identifiers shared by the engine, the language server, the client and the CLI.
 * Diagnostic codes never change meaning once released: quick fixes, settings and CI
 * pipelines match on them, never on message text (messages are translated).
 */
export const DiagnosticCodes = {
	phoneInvalid: 'phone.invalid',
	phoneExtension: 'phone.extension',
	phoneMissingCountryCode: 'phone.missing-country-code',
	phoneFormat: 'phone.format',
	csvParse: 'csv.parse',
	ldifParse: 'ldif.parse',
	ldifUnchecked: 'ldif.unchecked',
	tooManyProblems: 'dirlint.too-many-problems',
} as const;

export type DiagnosticCode = (typeof DiagnosticCodes)[keyof typeof DiagnosticCodes];
export const allDiagnosticCodes: readonly DiagnosticCode[] = Object.values(DiagnosticCodes);

/** The codes whose findings carry an automatic fix. */
export const fixableCodes: ReadonlySet<DiagnosticCode> = new Set([
	DiagnosticCodes.phoneExtension,
	DiagnosticCodes.phoneMissingCountryCode,
	DiagnosticCodes.phoneFormat,
]);

export const Commands = {
	/** Client and server: apply every fix in the active document. */
	fixAll: 'dirlint.fixAll',
	/** Client only: open the settings UI on dirlint.defaultRegion. */
	openRegionSetting: 'dirlint.openRegionSetting',
	/** Client only: show the language server's output channel. */
	showOutput: 'dirlint.showOutput',
} as const;

/** The code action kind for "fix everything dirlint can fix" (editor.codeActionsOnSave). */
export const fixAllCodeActionKind = 'source.fixAll.dirlint';

export const languageIds = {
	csv: 'csv',
	ldif: 'ldif',
} as const;
