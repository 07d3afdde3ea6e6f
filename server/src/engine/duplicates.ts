/**
 * The document- and workspace-level step: checks that compare entries (duplicates). Families
 * report keys per entry (RuleContext.key: a value normalised the way the family compares, in a
 * namespace); pieces carry them; this module judges them. A group is the keys with one namespace and
 * key; it is a duplicate when two different objects hold it (the same value twice on one object, a
 * UPN that is also its primary SMTP address, is normal). Every holder is reported, the first one
 * included, with the other holders as related places. Which object keeps the value is the admin's
 * call, so a duplicate has no fix.
 *
 * The front ends keep the keys as they need: the server in an incremental index across pieces and
 * documents (languageServer/duplicateState.ts), the CLI as fingerprints judged after its files
 * (cli/keyTable.ts); both judge and word them with the functions here.
 */
import * as l10n from '@vscode/l10n';
import type { Settings } from '../../../shared/src/settings';
import type { EntryKey, Finding, RelatedPlace } from './linter';
import type { DuplicateWords, RuleFamily, Severity } from './rules/family';
import { ruleFamilies } from './rules/registry';
import { codeTable, DiagnosticCode } from '../../../shared/src/codes';

/** At most this many other holders are listed as related places of one duplicate (a count says the rest). */
export const maxRelatedPlaces = 20;

/** The family that reported keys of a namespace (`sync:address` → sync). */
export function familyOfNamespace(namespace: string, families: readonly RuleFamily[] = ruleFamilies): RuleFamily | undefined {
	const id = namespace.slice(0, namespace.indexOf(':'));
	return families.find((family) => family.id === id);
}

/** The code a family's duplicates are reported with, and its severity with the settings; undefined when off. */
export function duplicateCode(namespace: string, settings: Settings, families: readonly RuleFamily[] = ruleFamilies): { code: DiagnosticCode; severity: Severity; family: RuleFamily } | undefined {
	const family = familyOfNamespace(namespace, families);
	const code = family?.duplicates?.code;
	if (!family || !code || settings.rules[family.id] === false) return undefined;
	const configured = settings.severity[code];
	if (configured === 'off') return undefined;
	return { code, severity: configured ?? codeTable[code].severity, family };
}

/** The one string that names a group: its namespace and key (a namespace never holds NUL). */
export function groupOf(namespace: string, key: string): string {
	return `${namespace}\u0000${key}`;
}

/** The message of a duplicate holder. */
export function duplicateMessage(family: RuleFamily, words: DuplicateWords): string {
	return family.duplicates!.message(words);
}

/** The words of a related place: another object holding the value, in its attribute. */
export function relatedMessage(attribute: string): string {
	return l10n.t('Another object holds the same value here, in {0}.', attribute);
}

/**
 * Judges one document's own keys (file scope, or a whole document read at once): the findings of
 * every holder in a group that two objects hold.
 */
export function judgeDocumentKeys(keys: readonly EntryKey[], settings: Settings, families: readonly RuleFamily[] = ruleFamilies): Finding[] {
	const groups = new Map<string, EntryKey[]>();
	for (const key of keys) {
		const group = groupOf(key.namespace, key.key);
		const holders = groups.get(group);
		if (holders) holders.push(key);
		else groups.set(group, [key]);
	}
	const findings: Finding[] = [];
	for (const holders of groups.values()) {
		if (holders.length < 2) continue;
		const entities = new Set(holders.map(entityOf));
		if (entities.size < 2) continue;
		const reported = duplicateCode(holders[0].namespace, settings, families);
		if (!reported) continue;
		for (const holder of holders) {
			const own = entityOf(holder);
			const others = holders.filter((other) => entityOf(other) !== own);
			const related: RelatedPlace[] = others.slice(0, maxRelatedPlaces).map((other) => ({ span: other.span, message: relatedMessage(other.attribute) }));
			const words: DuplicateWords = { namespace: holder.namespace, attribute: holder.attribute, others: new Set(others.map(entityOf)).size, otherAttribute: others[0].attribute };
			findings.push({
				code: reported.code,
				severity: reported.severity,
				span: holder.span,
				attribute: holder.attribute,
				value: holder.value,
				message: duplicateMessage(reported.family, words),
				related,
			});
		}
	}
	return findings;
}

/** The object a key belongs to: its DN, or its entry where it has none. */
function entityOf(key: EntryKey): string {
	return key.entity || `\u0001${key.entry}`;
}
