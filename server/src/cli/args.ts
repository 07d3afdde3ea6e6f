/** The dirlint command line: parsing and checking the arguments, and the help text. */
import { parseArgs } from 'node:util';
import { allDiagnosticCodes, DiagnosticCode, ruleFamilyIds } from '../../../shared/src/codes';
import { DuplicateScope, resolveSettings, SeverityName, Settings } from '../../../shared/src/settings';
import { regionFromAlpha2 } from '../engine/regions';

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface RunOptions {
	command: 'check' | 'fix';
	files: string[];
	format: OutputFormat;
	settings: Settings;
	/** A locale whose l10n bundle translates the messages; undefined for English. */
	locale?: string;
}

export type CommandLine = { kind: 'help' } | { kind: 'version' } | { kind: 'run'; options: RunOptions };

/** A mistake in the arguments; the message says what is wrong. */
export class UsageError extends Error {}

export const helpText = `dirlint: check Active Directory exports (CSV, LDIF) for the values Microsoft Entra ID
(formerly Azure AD) sync and self-service password reset (SSPR) cannot use. Phone
numbers must be +CountryCode Number, one space, no extension: +1 4255551234.

Usage:
  dirlint check FILE...   report problems (exit 1 when errors remain)
  dirlint fix FILE...     rewrite every fixable value in place, then report what remains
  dirlint report FILE... [--registrations FILE] [--format text|json|csv|html] [--out FILE]
                          SSPR readiness: which users dirlint can register a method for
  dirlint register FILE... [--registrations FILE] [--types mobile,office] [--verbose] --out DIR
                          write DIR/registrations.csv (the numbers to register, for review)
                          and DIR/Register-DirlintPhoneMethods.ps1 (Microsoft Graph PowerShell)
  dirlint changes EXPORT [AFTER] --out CHANGES.ldf
                          write an AD change file and its undo: of every fix, or of every
                          difference from EXPORT to AFTER (dirlint changes --help)

Options:
  --format text|json|sarif   output format (default text; json and sarif write the
                             summary to stderr)
  --region XX                region of numbers written without a country code when the
                             row has no c, countryCode or co (dirlint.defaultRegion)
  --severity CODE=LEVEL      change a code's severity; LEVEL is error, warning,
                             information, hint or off (repeatable)
  --delimiter auto|,|;|tab   CSV delimiter (default auto)
  --all-phones               also check homePhone, pager, ipPhone, fax…
                             (dirlint.checkAllPhoneAttributes)
  --duplicates workspace|file|off
                             where duplicates are looked for: across every FILE
                             (default), within each file, or nowhere
  --disable FAMILY           switch a rule family off (repeatable): ${ruleFamilyIds.join(', ')}
  --locale LOCALE            language of the messages, e.g. zh-cn (default English)
  --registrations FILE       report and register: Entra's user registration details (the
                             admin center's CSV, or Graph's JSON; repeat for pages)
  -h, --help                 show this help
  -v, --version              show the version

Files ending in .ldif, .ldf or .ldi are read as LDIF, all others as CSV, in UTF-8.
Exit status: 0 no errors, 1 errors remain, 2 bad arguments or unreadable input.
Codes: ${allDiagnosticCodes.join(', ')}.
`;

const severityNames: readonly SeverityName[] = ['error', 'warning', 'information', 'hint', 'off'];
const delimiters: Record<string, string> = { auto: 'auto', ',': ',', ';': ';', tab: '\t' };

export function parseSeverity(option: string): [DiagnosticCode, SeverityName] {
	const [code, level, ...rest] = option.split('=');
	if (rest.length > 0 || !allDiagnosticCodes.includes(code as DiagnosticCode)) {
		throw new UsageError(`--severity ${option}: expected CODE=LEVEL with CODE one of ${allDiagnosticCodes.join(', ')}`);
	}
	if (!severityNames.includes(level as SeverityName)) {
		throw new UsageError(`--severity ${option}: LEVEL must be one of ${severityNames.join(', ')}`);
	}
	return [code as DiagnosticCode, level as SeverityName];
}

function parseFormat(value: string): OutputFormat {
	if (value === 'text' || value === 'json' || value === 'sarif') return value;
	throw new UsageError(`--format ${value}: expected text, json or sarif`);
}

export function parseRegion(value: string): string {
	const region = regionFromAlpha2(value);
	if (!region) throw new UsageError(`--region ${value}: expected a two-letter ISO 3166 region code such as US, GB or DE`);
	return region;
}

export function parseDelimiter(value: string): string {
	const delimiter = delimiters[value];
	if (!delimiter) throw new UsageError(`--delimiter ${value}: expected auto, ",", ";" or tab`);
	return delimiter;
}

function parseScope(value: string): DuplicateScope {
	if (value === 'workspace' || value === 'file' || value === 'off') return value;
	throw new UsageError(`--duplicates ${value}: expected workspace, file or off`);
}

function parseFamily(value: string): string {
	if (!ruleFamilyIds.includes(value)) throw new UsageError(`--disable ${value}: expected one of ${ruleFamilyIds.join(', ')}`);
	return value;
}

export function parseLocale(value: string): string | undefined {
	if (!/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(value)) throw new UsageError(`--locale ${value}: expected a locale such as zh-cn`);
	const locale = value.toLowerCase();
	return locale === 'en' || locale.startsWith('en-') ? undefined : locale;
}

/** Parses process.argv.slice(2). Throws UsageError. */
export function parseCommandLine(argv: string[]): CommandLine {
	let parsed;
	try {
		parsed = parseArgs({
			args: argv,
			allowPositionals: true,
			options: {
				format: { type: 'string', default: 'text' },
				region: { type: 'string' },
				severity: { type: 'string', multiple: true, default: [] },
				delimiter: { type: 'string', default: 'auto' },
				'all-phones': { type: 'boolean', default: false },
				duplicates: { type: 'string', default: 'workspace' },
				disable: { type: 'string', multiple: true, default: [] },
				locale: { type: 'string' },
				help: { type: 'boolean', short: 'h', default: false },
				version: { type: 'boolean', short: 'v', default: false },
			},
		});
	} catch (error) {
		throw new UsageError((error as Error).message);
	}
	const { values, positionals } = parsed;
	if (values.help) return { kind: 'help' };
	if (values.version) return { kind: 'version' };
	const [command, ...files] = positionals;
	if (command !== 'check' && command !== 'fix') {
		throw new UsageError(command === undefined ? 'expected a command: check or fix' : `unknown command "${command}": expected check or fix`);
	}
	if (files.length === 0) throw new UsageError(`dirlint ${command} needs at least one FILE`);
	const settings = resolveSettings({
		defaultRegion: values.region === undefined ? '' : parseRegion(values.region),
		severity: Object.fromEntries(values.severity.map(parseSeverity)),
		checkAllPhoneAttributes: values['all-phones'],
		duplicates: { scope: parseScope(values.duplicates) },
		rules: Object.fromEntries(values.disable.map((family) => [parseFamily(family), false])),
		csv: { delimiter: parseDelimiter(values.delimiter) },
	});
	const locale = values.locale === undefined ? undefined : parseLocale(values.locale);
	return { kind: 'run', options: { command, files, format: parseFormat(values.format), settings, locale } };
}
