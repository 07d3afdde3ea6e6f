/**
 * Stable identifiers shared by the engine, the language server, the client and the CLI.
 *
 * `codeTable` is the one table of diagnostic codes: package.json's `dirlint.severity` schema and
 * `dirlint.rules` switches are generated from it by the build (scripts/manifest.mjs, held by
 * test/unit/manifest.test.ts), and fixability, the SARIF rule list and each diagnostic's
 * documentation link (docs/rules/<code>.md) are read from it. A rule family's module says which of
 * these codes it reports; nothing else names them.
 *
 * Codes never change meaning once released: quick fixes, settings and CI pipelines match on them,
 * never on message text (messages are translated).
 */

/** A finding's severity before settings apply. */
export type DefaultSeverity = 'error' | 'warning' | 'information' | 'hint';

export interface CodeInfo {
	/** The rule family that reports it; `reader` for the readers' own problems, `dirlint` for the editor's summary. */
	family: string;
	/**
	 * The severity it gets unless `dirlint.severity` says otherwise. A family may lower it by
	 * attribute (phone problems are warnings on the alternate phones), as its docs page says.
	 */
	severity: DefaultSeverity;
	/** Whether its findings carry an automatic fix (some of them may still have none). */
	fixable: boolean;
	/** One line, in English (an l10n key): SARIF's rule description and the docs page's summary. */
	description: string;
	/** A setting that resolves a finding the rule cannot fix itself: its quick fix opens the setting. */
	setting?: string;
}

export const codeTable = {
	'phone.invalid': { family: 'phone', severity: 'error', fixable: false, description: 'The phone value is not a number SSPR can use.' },
	'phone.extension': { family: 'phone', severity: 'error', fixable: true, description: 'The phone number has an extension, which SSPR drops.' },
	'phone.missing-country-code': { family: 'phone', severity: 'error', fixable: true, description: 'The phone number has no country code.', setting: 'dirlint.defaultRegion' },
	'phone.format': { family: 'phone', severity: 'error', fixable: true, description: 'The phone number is not written +CountryCode Number with one space.' },
	'phone.not-mobile': { family: 'readiness', severity: 'warning', fixable: false, description: 'A fixed-line number in mobile cannot receive text messages.' },
	'phone.country-conflict': { family: 'phone', severity: 'warning', fixable: false, description: 'The user\'s c, countryCode and co name different countries.' },
	'sync.blank': { family: 'sync', severity: 'error', fixable: true, description: 'A value Microsoft Entra ID requires is missing.' },
	'sync.duplicate': { family: 'sync', severity: 'error', fixable: false, description: 'The same value is on two objects, which Microsoft Entra ID requires to be unique.' },
	'sync.character': { family: 'sync', severity: 'error', fixable: true, description: 'The value holds characters Microsoft Entra ID rejects or changes in this attribute.' },
	'sync.format': { family: 'sync', severity: 'error', fixable: false, description: 'The value is not an address where one is required.' },
	'sync.length': { family: 'sync', severity: 'error', fixable: true, description: 'The value is longer than Microsoft Entra ID allows.' },
	'sync.top-level-domain': { family: 'sync', severity: 'error', fixable: false, description: 'The address ends in a suffix that is not a top-level domain on the internet.' },
	'sync.domain-part': { family: 'sync', severity: 'error', fixable: true, description: 'The part of the address after the @ is not a valid domain.' },
	'sync.local-part': { family: 'sync', severity: 'error', fixable: true, description: 'The part of the address before the @ is not valid.' },
	'sync.excluded': { family: 'sync', severity: 'information', fixable: false, description: 'An object Microsoft Entra Connect does not sync is not checked.' },
	'csv.parse': { family: 'reader', severity: 'error', fixable: false, description: 'A CSV row could not be read, so its values are not checked.' },
	'ldif.parse': { family: 'reader', severity: 'error', fixable: false, description: 'An LDIF record could not be read, so its values are not checked.' },
	'ldif.unchecked': { family: 'reader', severity: 'information', fixable: false, description: 'An LDIF value is not checked (it is given by a URL).' },
	'dirlint.too-many-problems': { family: 'dirlint', severity: 'warning', fixable: false, description: 'More problems than dirlint.maxProblems were found (editor only).' },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof codeTable;
export const allDiagnosticCodes: readonly DiagnosticCode[] = Object.keys(codeTable) as DiagnosticCode[];

/** The rule families that can be switched off with `dirlint.rules` (readers and the summary cannot). */
export const ruleFamilyIds: readonly string[] = [...new Set(Object.values(codeTable).map((info: CodeInfo) => info.family))]
	.filter((family) => family !== 'reader' && family !== 'dirlint');

export function codeInfo(code: DiagnosticCode): CodeInfo {
	return codeTable[code] as CodeInfo;
}

export function isDiagnosticCode(value: string): value is DiagnosticCode {
	return Object.prototype.hasOwnProperty.call(codeTable, value);
}

/** The codes whose findings may carry an automatic fix. */
export const fixableCodes: ReadonlySet<DiagnosticCode> = new Set(allDiagnosticCodes.filter((code) => codeTable[code].fixable));

/** Where the project lives; rule pages are docs/rules/<code>.md in it. */
export const projectUrl = 'https://github.com/dirlint/dirlint';

/** The page that documents a code: what it checks, why Entra cares, examples and the fix. */
export function codeDocumentationUrl(code: DiagnosticCode): string {
	return `${projectUrl}/blob/main/docs/rules/${code}.md`;
}

/** Names for the codes the engine and its readers refer to directly. */
export const DiagnosticCodes = {
	phoneInvalid: 'phone.invalid',
	phoneExtension: 'phone.extension',
	phoneMissingCountryCode: 'phone.missing-country-code',
	phoneFormat: 'phone.format',
	csvParse: 'csv.parse',
	ldifParse: 'ldif.parse',
	ldifUnchecked: 'ldif.unchecked',
	tooManyProblems: 'dirlint.too-many-problems',
} as const satisfies Record<string, DiagnosticCode>;

export const Commands = {
	/** Client and server: apply every fix in the active document. */
	fixAll: 'dirlint.fixAll',
	/** Client only: open the settings UI on dirlint.defaultRegion. */
	openRegionSetting: 'dirlint.openRegionSetting',
	/** Client only: open the settings UI on the setting given as the argument. */
	openSetting: 'dirlint.openSetting',
	/** Client only: show the language server's output channel. */
	showOutput: 'dirlint.showOutput',
	/** Server: read every export of the workspace folders and publish the diagnostics of those not open. */
	checkWorkspace: 'dirlint.checkWorkspace',
} as const;

/** The code action kind for "fix everything dirlint can fix" (editor.codeActionsOnSave). */
export const fixAllCodeActionKind = 'source.fixAll.dirlint';

export const languageIds = {
	csv: 'csv',
	ldif: 'ldif',
} as const;
