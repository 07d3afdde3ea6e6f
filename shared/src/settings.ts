/**
 * The one typed definition of dirlint's settings. package.json's "contributes.configuration"
 * describes the same keys for the UI; test/unit/manifest.test.ts keeps the two in step.
 */
import { allDiagnosticCodes, DiagnosticCode, ruleFamilyIds } from './codes';

export type SeverityName = 'error' | 'warning' | 'information' | 'hint' | 'off';
export type CsvDelimiterSetting = 'auto' | ',' | ';' | '\t';
/** Where duplicates are looked for: every export in the workspace folder, this file only, or nowhere. */
export type DuplicateScope = 'workspace' | 'file' | 'off';

export interface Settings {
	enable: boolean;
	/** ISO 3166 alpha-2 region used for numbers written without a country code; '' for none. */
	defaultRegion: string;
	/** Per-code severity overrides; a code that is absent keeps the attribute's default severity. */
	severity: Partial<Record<DiagnosticCode, SeverityName>>;
	/** Also check the synced phone attributes that SSPR does not use (homePhone, pager, ipPhone, fax…). */
	checkAllPhoneAttributes: boolean;
	csv: { delimiter: CsvDelimiterSetting };
	/** At most this many problems are reported per file; a summary diagnostic counts the rest. */
	maxProblems: number;
	/** Rule families switched off (`dirlint.rules`: `{ "sync": false }`); a family not named is on. */
	rules: Record<string, boolean>;
	duplicates: { scope: DuplicateScope };
}

export const defaultSettings: Settings = {
	enable: true,
	defaultRegion: '',
	severity: {},
	checkAllPhoneAttributes: false,
	csv: { delimiter: 'auto' },
	maxProblems: 1000,
	rules: {},
	duplicates: { scope: 'workspace' },
};

/** Whether a rule family is on. */
export function familyEnabled(settings: Settings, family: string): boolean {
	return settings.rules[family] !== false;
}

const severityNames: ReadonlySet<string> = new Set(['error', 'warning', 'information', 'hint', 'off']);
const delimiters: ReadonlySet<string> = new Set(['auto', ',', ';', '\t']);
const duplicateScopes: ReadonlySet<string> = new Set(['workspace', 'file', 'off']);

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Merges whatever a client sent (workspace/configuration, initializationOptions, CLI flags)
 * over the defaults. Unknown keys and values of the wrong type are ignored, never trusted.
 */
export function resolveSettings(raw: unknown): Settings {
	const input = isObject(raw) ? raw : {};
	const settings: Settings = { ...defaultSettings, severity: {}, csv: { ...defaultSettings.csv }, rules: {}, duplicates: { ...defaultSettings.duplicates } };
	if (typeof input.enable === 'boolean') settings.enable = input.enable;
	if (typeof input.defaultRegion === 'string') settings.defaultRegion = input.defaultRegion.trim().toUpperCase();
	if (typeof input.checkAllPhoneAttributes === 'boolean') settings.checkAllPhoneAttributes = input.checkAllPhoneAttributes;
	if (typeof input.maxProblems === 'number' && Number.isFinite(input.maxProblems) && input.maxProblems >= 1) {
		settings.maxProblems = Math.floor(input.maxProblems);
	}
	if (isObject(input.severity)) {
		for (const code of allDiagnosticCodes) {
			const value = input.severity[code];
			if (typeof value === 'string' && severityNames.has(value)) settings.severity[code] = value as SeverityName;
		}
	}
	if (isObject(input.csv) && typeof input.csv.delimiter === 'string' && delimiters.has(input.csv.delimiter)) {
		settings.csv.delimiter = input.csv.delimiter as CsvDelimiterSetting;
	}
	if (isObject(input.rules)) {
		for (const family of ruleFamilyIds) {
			if (typeof input.rules[family] === 'boolean') settings.rules[family] = input.rules[family] as boolean;
		}
	}
	if (isObject(input.duplicates) && typeof input.duplicates.scope === 'string' && duplicateScopes.has(input.duplicates.scope)) {
		settings.duplicates.scope = input.duplicates.scope as DuplicateScope;
	}
	return settings;
}
