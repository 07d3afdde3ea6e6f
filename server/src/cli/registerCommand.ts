/**
 * `dirlint register FILE... [--registrations FILE] [--types mobile,office] [--region XX] --out DIR`:
 * a reviewable registration of the numbers that are right. It writes two files into DIR:
 * - registrations.csv: userPrincipalName,phoneType,phoneNumber,sourceFile,sourceLine, one row per
 *   user and type that can be registered (engine/registrations.ts decides which);
 * - Register-DirlintPhoneMethods.ps1: a fixed Microsoft Graph PowerShell script that reads that CSV.
 *   Its bytes are the same for every export: no value of an export is ever written into code.
 * What was left out is counted per reason; --verbose lists each entry.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as l10n from '@vscode/l10n';
import type { PhoneMethodType, UserReadiness } from '../../../shared/src/readiness';
import { RegistrationDetails, RegistrationDetailsError, RegistrationJoin } from '../engine/registrationDetails';
import { Omission, OmissionReason, omissionReasons, RegistrationPlanner, registrationLine, registrationsHeader } from '../engine/registrations';
import { UsageError } from './args';
import registrationScript from './assets/Register-DirlintPhoneMethods.ps1';
import { CommonArguments, commonArguments, commonOptions, localeArgument, makeDirectory, OutputError, readRegistrations, useLocale, writeWholeFile } from './readinessCommon';
import { fileSource, UserSource } from './readinessSource';

/** The script's file name in DIR. */
export const scriptName = 'Register-DirlintPhoneMethods.ps1';
/** The registrations file's name in DIR; the script reads it by default. */
export const registrationsName = 'registrations.csv';

export interface RegisterArguments extends CommonArguments {
	/** In the order rows are written for a user: mobile first. */
	types: PhoneMethodType[];
	out: string;
	verbose: boolean;
}

export type RegisterCommandLine = { kind: 'help' } | { kind: 'run'; options: RegisterArguments };

const phoneTypes: readonly PhoneMethodType[] = ['mobile', 'office'];

/** Parses the arguments after `register`. Throws UsageError. */
export function parseRegisterArguments(argv: string[]): RegisterCommandLine {
	let parsed;
	try {
		parsed = parseArgs({
			args: argv,
			allowPositionals: true,
			options: { ...commonOptions, types: { type: 'string', default: 'mobile' }, out: { type: 'string' }, verbose: { type: 'boolean', default: false } },
		});
	} catch (error) {
		throw new UsageError((error as Error).message);
	}
	const { values, positionals } = parsed;
	if (values.help) return { kind: 'help' };
	const named = values.types.split(',').map((type) => type.trim()).filter(Boolean);
	const unknown = named.filter((type) => !phoneTypes.includes(type as PhoneMethodType));
	if (named.length === 0 || unknown.length > 0) throw new UsageError(l10n.t('--types {0}: expected mobile, office or mobile,office.', values.types));
	if (values.out === undefined) throw new UsageError(l10n.t('dirlint register needs --out DIR, the directory to write {0} and {1} into.', registrationsName, scriptName));
	const types = phoneTypes.filter((type) => named.includes(type));
	return { kind: 'run', options: { ...commonArguments('register', values, positionals), types, out: values.out, verbose: values.verbose } };
}

/** The sentence that counts the entries or numbers left out for a reason. */
function omissionSentence(reason: OmissionReason, count: number): string {
	switch (reason) {
		case 'no-upn': return l10n.t('Entries left out, without a userPrincipalName: {0}.', count);
		case 'sspr-registered': return l10n.t('Users left out, registered for SSPR already (isSsprRegistered): {0}.', count);
		case 'type-registered': return l10n.t('Numbers left out, of a type the user has registered already (methodsRegistered): {0}.', count);
		case 'invalid': return l10n.t('Numbers left out, not valid or with an extension: {0}.', count);
		case 'not-mobile': return l10n.t('Numbers left out, fixed-line numbers in mobile that cannot take SMS: {0}.', count);
		case 'absent': return l10n.t('Entries left out, without a number of the type: {0}.', count);
		case 'duplicate': return l10n.t('Numbers left out, for a user and type an earlier entry gave already: {0}.', count);
	}
}

export interface RegisterOutcome {
	/** Rows written, per type. */
	written: Record<PhoneMethodType, number>;
	/** Omissions, per reason. */
	omitted: Record<OmissionReason, number>;
	registrationsFile: string;
	scriptFile: string;
}

export interface WriteRegistrationsOptions {
	types: readonly PhoneMethodType[];
	/** The directory to write into; made when missing. */
	out: string;
	/** Hears of each omission as it is decided (for --verbose). */
	omission?(omission: Omission): void;
}

/**
 * Plans and writes registrations.csv and the script into the directory. Call it with the per-entry
 * records of any source, in export order.
 */
export async function writeRegistrations(users: AsyncIterable<UserReadiness> | Iterable<UserReadiness>, details: RegistrationDetails | undefined, options: WriteRegistrationsOptions): Promise<RegisterOutcome> {
	const planner = new RegistrationPlanner(options.types, new RegistrationJoin(details));
	const written: Record<PhoneMethodType, number> = { mobile: 0, office: 0 };
	const omitted = Object.fromEntries(omissionReasons.map((reason) => [reason, 0])) as Record<OmissionReason, number>;
	const lines = [`${registrationsHeader}\r\n`];
	for await (const user of users) {
		const plan = planner.plan(user);
		for (const row of plan.rows) {
			written[row.phoneType]++;
			lines.push(registrationLine(row));
		}
		for (const omission of plan.omissions) {
			omitted[omission.reason]++;
			options.omission?.(omission);
		}
	}
	await makeDirectory(options.out);
	const registrationsFile = path.join(options.out, registrationsName);
	const scriptFile = path.join(options.out, scriptName);
	await writeWholeFile(registrationsFile, lines.join(''));
	await writeWholeFile(scriptFile, registrationScript);
	return { written, omitted, registrationsFile, scriptFile };
}

/**
 * Runs `dirlint register` with the arguments after `register`; resolves to the exit code: 0 when
 * both files were written, 2 for bad arguments or input.
 */
export async function runRegister(argv: string[], helpText: string, source: UserSource = fileSource): Promise<number> {
	useLocale(localeArgument(argv));
	let options: RegisterArguments;
	try {
		const commandLine = parseRegisterArguments(argv);
		if (commandLine.kind === 'help') {
			process.stdout.write(helpText);
			return 0;
		}
		options = commandLine.options;
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		process.stderr.write(`dirlint: ${error.message}\n${l10n.t('Run dirlint --help for usage.')}\n`);
		return 2;
	}
	let details: RegistrationDetails | undefined;
	try {
		details = await readRegistrations(options.registrations);
	} catch (error) {
		if (!(error instanceof RegistrationDetailsError)) throw error;
		process.stderr.write(`dirlint: ${error.message}\n`);
		return 2;
	}
	for (const warning of details?.warnings ?? []) process.stderr.write(`dirlint: ${warning}\n`);
	let failed = false;
	const problem = (file: string, message: string) => {
		failed = true;
		process.stderr.write(`dirlint: ${file}: ${message}\n`);
	};
	const out: string[] = [];
	const omission = options.verbose
		? (left: Omission) => out.push(l10n.t('{0}:{1} {2} {3}: left out ({4})', left.file, left.line, left.upn ?? l10n.t('(no UPN)'), left.phoneType ?? '-', left.reason))
		: undefined;
	let outcome: RegisterOutcome;
	try {
		outcome = await writeRegistrations(source(options, problem), details, { types: options.types, out: options.out, omission });
	} catch (error) {
		if (!(error instanceof OutputError)) throw error;
		process.stderr.write(`dirlint: ${error.message}\n`);
		return 2;
	}
	if (failed) {
		out.push(l10n.t('Some files could not be read (see above): the registrations hold only the users of the others.'));
	}
	const total = outcome.written.mobile + outcome.written.office;
	out.push(l10n.t('Wrote {3} (registrations: {0}; mobile {1}, office {2}) and the script {4}.', total, outcome.written.mobile, outcome.written.office, outcome.registrationsFile, outcome.scriptFile));
	for (const reason of omissionReasons) if (outcome.omitted[reason] > 0) out.push(omissionSentence(reason, outcome.omitted[reason]));
	if (!details) out.push(l10n.t('No user registration details were given (--registrations): users who registered in Entra already are not left out, and the script skips the types they have.'));
	out.push(l10n.t('Review {0}, then run the script with -WhatIf first: it adds only the types a user does not have, and never changes or removes a method.', outcome.registrationsFile));
	process.stdout.write(`${out.join('\n')}\n`);
	return failed ? 2 : 0;
}
