/** The words for phone findings. Each sentence is whole, so translators never assemble grammar. */
import * as l10n from '@vscode/l10n';
import { shortened } from '../markdown';
import { DiagnosticCodes } from '../../../../shared/src/codes';
import type { InvalidReason, PhoneVerdict } from './phoneRule';

export function invalidReasonText(reason: InvalidReason | undefined, region: string | undefined): string {
	switch (reason) {
		case 'INVALID_COUNTRY': return l10n.t('the country calling code is unknown');
		case 'TOO_SHORT': return l10n.t('it is too short');
		case 'TOO_LONG': return l10n.t('it is too long');
		case 'INVALID_LENGTH': return l10n.t('it has the wrong number of digits');
		case 'INVALID_NUMBER': return region
			? l10n.t('no number in {0} starts with these digits', region)
			: l10n.t('no number in that country starts with these digits');
		case 'COLLECTION_PLACEHOLDER': return l10n.t('this is the type name Windows PowerShell writes for a multi-valued property; export it with -join \';\'');
		default: return l10n.t('it is not a phone number');
	}
}

export function phoneMessage(attribute: string, value: string, verdict: PhoneVerdict): string {
	if (verdict.label !== undefined) return labelledMessage(attribute, verdict.label, verdict);
	switch (verdict.code) {
		case DiagnosticCodes.phoneInvalid:
			return l10n.t('{0} "{1}" is not a phone number SSPR can use: {2}.', attribute, shortened(value), invalidReasonText(verdict.reason, verdict.region));
		case DiagnosticCodes.phoneExtension:
			return l10n.t('{0} has an extension ({1}); SSPR drops extensions and dials {2}.', attribute, verdict.extension ?? '', verdict.canonical ?? '');
		case DiagnosticCodes.phoneMissingCountryCode:
			return verdict.canonical
				? l10n.t('{0} has no country code; read as a number in {1} it is {2}.', attribute, verdict.region ?? '', verdict.canonical)
				: l10n.t('{0} has no country code and no region is known for this user: set dirlint.defaultRegion, or give the user a c (country) value.', attribute);
		case DiagnosticCodes.phoneFormat:
			return l10n.t('{0} is not in the form SSPR needs (+CountryCode Number, one space): write {1}.', attribute, verdict.canonical ?? '');
		default:
			return '';
	}
}

/** The words for a value written with a label before its number (`Tel: 020 7946 0027`): the fix drops the label. */
function labelledMessage(attribute: string, label: string, verdict: PhoneVerdict): string {
	if (verdict.code === DiagnosticCodes.phoneExtension) {
		return l10n.t('{0} has a label ("{1}") before the number and an extension ({2}); SSPR needs the number alone and dials {3}: the fix drops the label and the extension.', attribute, label, verdict.extension ?? '', verdict.canonical ?? '');
	}
	if (!verdict.canonical) {
		return l10n.t('{0} has a label ("{1}") before the number and no country code, and no region is known for this user: set dirlint.defaultRegion, or give the user a c (country) value.', attribute, label);
	}
	if (verdict.region) {
		return l10n.t('{0} has a label ("{1}") before the number and no country code; read as a number in {2} it is {3}, which the fix writes without the label.', attribute, label, verdict.region, verdict.canonical);
	}
	return l10n.t('{0} has a label ("{1}") before the number; SSPR needs the number alone, in the form +CountryCode Number: the fix drops the label and writes {2}.', attribute, label, verdict.canonical);
}
