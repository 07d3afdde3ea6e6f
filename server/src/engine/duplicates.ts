/**
 * The document- and workspace-level step: checks that compare entries (duplicates). Families
 * report keys per entry (RuleContext.key: a value normalised the way the family compares, in a
 * namespace); pieces carry them; this module judges them. A group is the keys with one namespace and
 * key; it is a duplicate when two different objects hold it (the same value twice on one object, a
 * UPN that is also its primary SMTP address, is normal). Every holder is reported, the first one
 * included, with the other holders as related places. Which object keeps the value is the admin's
 * call, so a duplicate has no fix.
 *
 * DuplicateIndex keeps groups across pieces and documents and re-judges only the groups a changed
 * piece's keys belong to, so an edit in one piece shows at once wherever it made or cleared a
 * duplicate.
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

/** A holder in a DuplicateIndex: the front end's own record of a key and its place. */
export interface Holder {
	/** groupOf(namespace, key). */
	readonly group: string;
	/** The object it belongs to: a DN lower-cased, or anything unique to its entry (and document). */
	readonly entity: string;
}

/** A group's state: its holders, and whether two objects hold it. */
export interface Group<H extends Holder> {
	readonly holders: Set<H>;
	duplicate: boolean;
}

/**
 * Groups of holders across pieces and documents, judged incrementally: adding or removing a piece's
 * holders re-judges only their groups. `changed` receives every holder whose duplicate state (or
 * whose group's other holders) changed, so the front end re-publishes the documents they are in.
 */
export class DuplicateIndex<H extends Holder> {
	private readonly groups = new Map<string, Group<H>>();

	constructor(private readonly changed: (holders: Iterable<H>) => void) {}

	get size(): number {
		return this.groups.size;
	}

	add(holders: readonly H[]): void {
		this.update(holders, true);
	}

	remove(holders: readonly H[]): void {
		this.update(holders, false);
	}

	/** The holder's group, while it is in the index. */
	groupOf(holder: H): Group<H> | undefined {
		return this.groups.get(holder.group);
	}

	/** Whether two objects hold the holder's value. */
	isDuplicate(holder: H): boolean {
		return this.groups.get(holder.group)?.duplicate === true;
	}

	/** The holders of other objects in the holder's group. */
	othersOf(holder: H): H[] {
		const group = this.groups.get(holder.group);
		if (!group?.duplicate) return [];
		return [...group.holders].filter((other) => other.entity !== holder.entity);
	}

	private update(holders: readonly H[], adding: boolean): void {
		const touched = new Set<Group<H>>();
		for (const holder of holders) {
			let group = this.groups.get(holder.group);
			if (adding) {
				if (!group) {
					group = { holders: new Set(), duplicate: false };
					this.groups.set(holder.group, group);
				}
				group.holders.add(holder);
			} else {
				if (!group) continue;
				group.holders.delete(holder);
				if (group.holders.size === 0) this.groups.delete(holder.group);
			}
			touched.add(group);
		}
		const changed: H[] = [];
		for (const group of touched) {
			const was = group.duplicate;
			group.duplicate = hasTwoEntities(group.holders);
			// A duplicate group whose holders changed: every holder's related places (and count) changed too.
			if (was || group.duplicate) for (const holder of group.holders) changed.push(holder);
		}
		if (changed.length > 0) this.changed(changed);
	}
}

function hasTwoEntities(holders: Iterable<Holder>): boolean {
	let first: string | undefined;
	for (const holder of holders) {
		if (first === undefined) first = holder.entity;
		else if (holder.entity !== first) return true;
	}
	return false;
}
