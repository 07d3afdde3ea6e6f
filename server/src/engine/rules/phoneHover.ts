/**
 * What the phone family adds to hovers: on an attribute name, how dirlint checks it; on a value, the
 * number as parsed, its SSPR form and what is still needed for SSPR to use it (worded for the date,
 * from the facts table).
 */
import * as l10n from '@vscode/l10n';
import type { AttributeInfo } from '../../../../shared/src/catalogue';
import { today } from '../../../../shared/src/clock';
import { fact, factText } from '../../../../shared/src/facts';
import type { Settings } from '../../../../shared/src/settings';
import { sourcesLine } from '../hoverCards';
import { escapeMarkdown, shortened } from '../markdown';
import type { Attribute, AttributeValue } from '../model';
import { phoneMessage } from './phoneMessages';
import { PhoneVerdict, phoneDetails } from './phoneRule';

/** How dirlint checks a phone attribute, for the hover on its name. */
export function checkedAs(info: AttributeInfo, settings: Settings): string | undefined {
	switch (info.phoneRole) {
		case 'sspr': return l10n.t('dirlint checks it: problems are errors.');
		case 'alternate': return l10n.t('dirlint checks it: problems are warnings.');
		case 'optional': return settings.checkAllPhoneAttributes
			? l10n.t('dirlint checks it because dirlint.checkAllPhoneAttributes is on.')
			: l10n.t('dirlint checks it only when dirlint.checkAllPhoneAttributes is on.');
		default: return undefined;
	}
}

/** libphonenumber-js's number types, in words. */
function numberTypeName(type: string): string {
	switch (type) {
		case 'FIXED_LINE': return l10n.t('fixed line');
		case 'MOBILE': return l10n.t('mobile');
		case 'FIXED_LINE_OR_MOBILE': return l10n.t('fixed line or mobile');
		case 'TOLL_FREE': return l10n.t('toll-free');
		case 'PREMIUM_RATE': return l10n.t('premium rate');
		case 'SHARED_COST': return l10n.t('shared cost');
		case 'VOIP': return l10n.t('VoIP');
		case 'PERSONAL_NUMBER': return l10n.t('personal number');
		case 'PAGER': return l10n.t('pager');
		case 'UAN': return l10n.t('universal access number');
		case 'VOICEMAIL': return l10n.t('voicemail');
		default: return type;
	}
}

/** The Microsoft Graph phoneType a number of an SSPR attribute is registered as. */
function phoneMethodType(info: AttributeInfo): 'mobile' | 'office' {
	return info.ldapName === 'telephoneNumber' ? 'office' : 'mobile';
}

/**
 * The card for a phone value: the number as parsed, its SSPR form and what is still needed for
 * SSPR to use it (worded for `now`, the clock's date unless a caller gives one).
 */
export function phoneCard(attribute: Attribute, value: AttributeValue, verdict: PhoneVerdict, checked: boolean, now: Date = today()): string {
	const info = attribute.info;
	const lines: string[] = [];
	const field = info.azureField ? ` → ${l10n.t(info.azureField)}` : '';
	lines.push(`**${info.ldapName}**${field}: ${escapeMarkdown(shortened(value.text, 200))}`, '');
	if (value.encoding === 'base64') lines.push(`- ${l10n.t('Decoded from base64')}`);
	if (verdict.canonical) {
		const { country, type } = phoneDetails(verdict.canonical);
		lines.push(`- ${l10n.t('Country: {0} (+{1})', country ?? '—', verdict.canonical.slice(1, verdict.canonical.indexOf(' ')))}`);
		if (type) lines.push(`- ${l10n.t('Number type: {0}', numberTypeName(type))}`);
		lines.push(`- ${l10n.t('SSPR form: {0}', verdict.canonical)}`);
		if (info.phoneRole === 'sspr') lines.push(`- ${l10n.t('As a phone authentication method: {0} ({1})', verdict.canonical, phoneMethodType(info))}`);
		if (verdict.region) lines.push(`- ${l10n.t('Read as a number in region {0}: the value has no country code.', verdict.region)}`);
	}
	if (!value.checked) lines.push(`- ${l10n.t('Not checked: this value is being deleted, or is given by a URL.')}`);
	else if (verdict.code && checked) lines.push(`- ${l10n.t('Problem: {0}', escapeMarkdown(phoneMessage(info.ldapName, value.text, verdict)))}`);
	else if (verdict.code) lines.push(`- ${l10n.t('Not checked by default: {0}', escapeMarkdown(phoneMessage(info.ldapName, value.text, verdict)))}`);
	else if (info.phoneRole === 'sspr') {
		const registration = fact('well-formed-number-needs-registration');
		lines.push(`- ${l10n.t(factText(registration.id, now))}`, '', sourcesLine([registration.sources[0]])!);
	} else lines.push(`- ${l10n.t('Written in the +CountryCode Number form.')}`);
	return lines.join('\n');
}
