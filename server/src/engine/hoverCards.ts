/**
 * Hover cards: what an attribute becomes in Microsoft Entra ID, and what SSPR makes of a phone
 * value. Every sentence about what SSPR does comes from the facts table (shared/src/facts.ts),
 * worded for the date the card is made on, with its source cited.
 */
import * as l10n from '@vscode/l10n';
import type { AttributeInfo } from '../../../shared/src/catalogue';
import { today } from '../../../shared/src/clock';
import { FactSource, factStating, fact, factText, statementsFor } from '../../../shared/src/facts';
import type { Settings } from '../../../shared/src/settings';
import { escapeMarkdown, shortened } from './markdown';
import type { Attribute, AttributeValue } from './model';
import { phoneMessage } from './rules/phoneMessages';
import { PhoneVerdict, phoneDetails } from './rules/phoneRule';

function checkedAs(info: AttributeInfo, settings: Settings): string | undefined {
	switch (info.phoneRole) {
		case 'sspr': return l10n.t('dirlint checks it: problems are errors.');
		case 'alternate': return l10n.t('dirlint checks it: problems are warnings.');
		case 'optional': return settings.checkAllPhoneAttributes
			? l10n.t('dirlint checks it because dirlint.checkAllPhoneAttributes is on.')
			: l10n.t('dirlint checks it only when dirlint.checkAllPhoneAttributes is on.');
		default: return undefined;
	}
}

/** "Source: [title](url)", or "Sources: …" for several pages: the pages a card's SSPR lines cite. */
function sourcesLine(sources: readonly FactSource[]): string | undefined {
	const unique = [...new Map(sources.map((source) => [source.url, source])).values()];
	if (!unique.length) return undefined;
	const links = unique.map((source) => `[${source.title}](${source.url})`).join(' · ');
	return unique.length === 1 ? l10n.t('Source: {0}', links) : l10n.t('Sources: {0}', links);
}

/**
 * The card for a column or attribute name: its Entra ID field, what SSPR does with it (the
 * facts for `now`, the clock's date unless a caller gives one), what the rule families that judge
 * it add (`familyLines`) and the PowerShell to set it.
 */
export function attributeCard(info: AttributeInfo, settings: Settings, familyLines: readonly string[] = [], now: Date = today()): string {
	const lines: string[] = [];
	const target = info.azureField
		? l10n.t('Microsoft Entra ID (formerly Azure AD): **{0}**', l10n.t(info.azureField))
		: l10n.t('Microsoft Entra ID (formerly Azure AD): no field in the admin center');
	const graph = info.graphProperty ? ` · Microsoft Graph: \`${info.graphProperty}\`` : '';
	lines.push(`**${info.ldapName}**${info.aliases.length ? ` (${info.aliases.join(', ')})` : ''}`, '', `${target}${graph}`, '');
	lines.push(l10n.t('SSPR: {0}', l10n.t(info.ssprUse)));
	const statements = statementsFor(info.ldapName, now);
	for (const statement of statements) lines.push(`- ${l10n.t(statement.text)}`);
	const role = factStating(info.ssprUse);
	const sources = sourcesLine([...(role ? [role.sources[0]] : []), ...statements.map((statement) => statement.source)]);
	if (sources) lines.push('', sources);
	const checked = checkedAs(info, settings);
	if (checked) lines.push('', checked);
	if (familyLines.length > 0) lines.push('', ...familyLines);
	// Identity attributes: what a bad value does to the sync, its limits, and the on-premises commands.
	if (info.required) lines.push('', l10n.t('Required: dirlint reports a blank value (sync.blank).'));
	if (info.syncError) lines.push('', l10n.t('Sync to Microsoft Entra ID: {0}', l10n.t(info.syncError)));
	if (info.limit) lines.push('', l10n.t('Limits: {0}', l10n.t(info.limit)));
	const ad = info.powershell;
	if (ad?.adSet || ad?.adGet) {
		lines.push('', l10n.t('PowerShell (ActiveDirectory module, on-premises, where synced values are changed):'), '```powershell');
		for (const command of [ad.adSet, ad.adGet]) if (command) lines.push(command);
		lines.push('```');
		if (ad.graphSet || ad.graphGet) lines.push('', l10n.t('In Microsoft Entra ID, the values of synced users are read-only: change them on-premises, and Update-MgUser only for cloud-only users.'));
	}
	const ps = info.powershell;
	if (ps && (ps.graphSet || ps.graphGet || ps.azureAd || ps.msOnline)) {
		lines.push('', l10n.t('PowerShell (Microsoft Graph; MSOnline and AzureAD are retired):'), '```powershell');
		for (const command of [ps.graphRegister, ps.graphSet, ps.graphGet, ps.azureAd, ps.msOnline]) if (command) lines.push(command);
		lines.push('```');
	}
	return lines.join('\n');
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
