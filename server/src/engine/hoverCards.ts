/**
 * The hover card of an attribute name: what it becomes in Microsoft Entra ID, what SSPR does with
 * it, what the rule families that judge it add, its limits and how to set it. Every sentence about
 * what SSPR does comes from the facts table (shared/src/facts.ts), worded for the date the card is
 * made on, with its source cited. A value's card is its family's (rules/phoneHover.ts).
 */
import * as l10n from '@vscode/l10n';
import type { AttributeInfo } from '../../../shared/src/catalogue';
import { today } from '../../../shared/src/clock';
import { FactSource, factStating, statementsFor } from '../../../shared/src/facts';
import type { Settings } from '../../../shared/src/settings';

/** "Source: [title](url)", or "Sources: …" for several pages: the pages a card's SSPR lines cite. */
export function sourcesLine(sources: readonly FactSource[]): string | undefined {
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
