/**
 * The differences between two exports of the same users (BEFORE and AFTER, hand edits included)
 * as directory changes: entries matched by DN, exactly as spelled; every catalogue attribute that
 * both files hold compared as a list of values.
 *
 * - values that changed: `replace` with AFTER's whole set, in its order (duplicates dropped);
 * - values that became empty: `delete`;
 * - values that appeared: `add` for a multi-valued attribute, `replace` for a single-valued one.
 * The undo is the same comparison from AFTER to BEFORE. An entry in one file only is listed and
 * skipped, never deleted or created.
 *
 * An attribute is compared only when both files hold it: a CSV column, or an LDIF attribute
 * present in some record. A column left out of one export (or an ldbsearch asked for fewer
 * attributes) then deletes nothing.
 *
 * Entries are matched as the two files are read, in step: a DN seen in one file waits until the
 * other reaches it. Exports of the same directory list users in the same order, so only a few
 * entries wait at a time; in the worst case one file's entries all wait.
 */
import type { Settings } from '../../../../shared/src/settings';
import { createLinter, Linter } from '../linter';
import type { ExportFormat } from '../model';
import { AttributeChange, distinctValues, notWrittenReason, sameValues } from './changeModel';
import type { ChangeTally, SkippedAttributeReason } from './changeSummary';
import { entryAttributes, entryDn, ExportPiece, incompleteReason, isChangeRecord, PieceReader } from './exportEntries';
import type { EntryChangePair } from './fixChanges';

export type Side = 'before' | 'after';

/** An attribute of an entry as compared: its values' texts, or why they are not all known. */
interface ComparedAttribute {
	key: string;
	name: string;
	ldapName: string;
	multiValued: boolean;
	values: string[];
	incomplete?: SkippedAttributeReason;
}

/** What is kept of an entry until the other file's entry with its DN is read. */
interface Snapshot {
	dn: string;
	line: number;
	attributes: ComparedAttribute[];
}

/** The attributes a file holds, by key: read in a first pass (AttributeCensus), before comparing. */
export type AttributeKeys = ReadonlyMap<string, string>;

/**
 * Collects which attributes an export holds, piece by piece: a CSV's catalogue columns, an LDIF
 * file's catalogue attributes in any record. Maps each key to the name a change file writes.
 */
export class AttributeCensus {
	readonly keys = new Map<string, string>();
	private readonly reader: PieceReader;
	private readonly linter = createLinter();

	constructor(private readonly format: ExportFormat, settings: Settings) {
		this.reader = new PieceReader(format, settings);
	}

	/** A CSV's columns are all in its header: after the first piece, nothing more is learnt. */
	get complete(): boolean {
		return this.format === 'csv' && this.keys.size > 0;
	}

	add(piece: ExportPiece): void {
		const { document, entries } = this.reader.read(piece, this.linter);
		if (this.format === 'csv') {
			for (const name of document.names) this.keys.set(name.info.ldapName.toLowerCase(), name.info.ldapName);
			return;
		}
		for (const entry of entries) {
			for (const attribute of entryAttributes(entry)) this.keys.set(attribute.key, attribute.name);
		}
	}
}

/** The change that makes `from` into `to`, with the duplicates of `to` it dropped; undefined when there is none. */
function changeTo(attribute: { name: string; multiValued: boolean }, from: readonly string[], to: readonly string[]): { change: AttributeChange; dropped: number } | undefined {
	const distinct = distinctValues(to);
	// A set that differs only by a duplicate is the same set to the directory.
	if (sameValues(distinctValues(from).values, distinct.values)) return undefined;
	if (distinct.values.length === 0) return { change: { operation: 'delete', attribute: attribute.name, values: [] }, dropped: distinct.dropped };
	const operation = from.length === 0 && attribute.multiValued ? 'add' : 'replace';
	return { change: { operation, attribute: attribute.name, values: distinct.values }, dropped: distinct.dropped };
}

/** Distinct values in one list and not in the other, both ways. */
function changedValueCount(before: readonly string[], after: readonly string[]): number {
	const inBefore = new Set(before);
	const inAfter = new Set(after);
	return [...inAfter].filter((value) => !inBefore.has(value)).length + [...inBefore].filter((value) => !inAfter.has(value)).length;
}

/** Compares two exports read piece by piece, in any interleaving (see the file comment). */
export class BetweenChanges {
	private readonly readers: Record<Side, PieceReader>;
	private readonly waiting: Record<Side, Map<string, Snapshot>> = { before: new Map(), after: new Map() };
	private readonly linter: Linter = createLinter();
	/** Entries read so far, per file: the caller reads on in the file that is behind. */
	readonly entriesRead: Record<Side, number> = { before: 0, after: 0 };

	constructor(
		private readonly formats: Record<Side, ExportFormat>,
		settings: Settings,
		private readonly held: Record<Side, AttributeKeys>,
		private readonly tally: ChangeTally,
	) {
		this.readers = { before: new PieceReader(formats.before, settings), after: new PieceReader(formats.after, settings) };
		const notCompared = new Map<string, string>();
		for (const [side, other] of [['before', 'after'], ['after', 'before']] as const) {
			// An attribute never written (the DN a CSV holds as a column, cn, objectClass) is not a difference to report.
			for (const [key, name] of held[side]) if (!held[other].has(key) && !notWrittenReason(key)) notCompared.set(key, name);
		}
		tally.notCompared = [...notCompared.values()];
	}

	/** Reads a piece of one file; returns the changes of the entries it matched. */
	add(side: Side, piece: ExportPiece): EntryChangePair[] {
		const read = this.readers[side].read(piece, this.linter);
		this.tally.unreadable[side] += read.unreadable;
		this.tally.recognized[side] ||= read.document.recognized;
		const other: Side = side === 'before' ? 'after' : 'before';
		const pairs: EntryChangePair[] = [];
		for (const entry of read.entries) {
			this.entriesRead[side]++;
			const line = read.lineOf(entry.span.start);
			const dn = entryDn(entry);
			if (isChangeRecord(read.text, entry, this.formats[side])) {
				this.tally.skipEntry({ reason: 'change-record', line, dn });
				continue;
			}
			if (dn === undefined) {
				this.tally.skipEntry({ reason: 'no-dn', line });
				continue;
			}
			const attributes = entryAttributes(entry).map((attribute): ComparedAttribute => ({
				key: attribute.key,
				name: attribute.name,
				ldapName: attribute.info.ldapName,
				multiValued: attribute.info.multiValued,
				values: attribute.values.map((value) => value.text),
				incomplete: incompleteReason(attribute),
			}));
			const snapshot: Snapshot = { dn, line, attributes };
			const match = this.waiting[other].get(dn);
			if (!match) {
				this.waiting[side].set(dn, snapshot);
				continue;
			}
			this.waiting[other].delete(dn);
			const pair = side === 'after' ? this.compare(match, snapshot) : this.compare(snapshot, match);
			if (pair) pairs.push(pair);
		}
		return pairs;
	}

	/** After both files are read: the entries each holds alone are skipped. */
	finish(): void {
		for (const [side, reason] of [['before', 'only-in-before'], ['after', 'only-in-after']] as const) {
			for (const snapshot of this.waiting[side].values()) this.tally.skipEntry({ reason, line: snapshot.line, dn: snapshot.dn });
			this.waiting[side].clear();
		}
	}

	private compare(before: Snapshot, after: Snapshot): EntryChangePair | undefined {
		const keys = [...after.attributes, ...before.attributes].map((attribute) => attribute.key).filter((key, index, all) => all.indexOf(key) === index);
		const changes: AttributeChange[] = [];
		const undo: AttributeChange[] = [];
		const tallies: [string, number, number][] = [];
		for (const key of keys) {
			if (!this.held.before.has(key) || !this.held.after.has(key)) continue;
			const old = before.attributes.find((attribute) => attribute.key === key);
			const now = after.attributes.find((attribute) => attribute.key === key);
			const attribute = (now ?? old)!;
			const oldValues = old?.values ?? [];
			const newValues = now?.values ?? [];
			const forward = changeTo(attribute, oldValues, newValues);
			if (!forward) continue;
			const skipped = notWrittenReason(attribute.ldapName) ?? old?.incomplete ?? now?.incomplete;
			if (skipped) {
				this.tally.skipAttribute(attribute.name, skipped, after.line);
				continue;
			}
			changes.push(forward.change);
			undo.push(changeTo(attribute, distinctValues(newValues).values, oldValues)!.change);
			tallies.push([attribute.name, changedValueCount(oldValues, newValues), forward.dropped]);
		}
		if (changes.length === 0) return undefined;
		this.tally.entry();
		for (const [attribute, values, dropped] of tallies) this.tally.attribute(attribute, values, dropped);
		return { changes: { dn: after.dn, changes }, undo: { dn: after.dn, changes: undo } };
	}
}
