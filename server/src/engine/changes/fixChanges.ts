/**
 * The fixes of an export as directory changes: for every entry with a value fix-all would
 * rewrite, a `replace` of each such attribute with its whole set of values, fixed (duplicates
 * dropped), and an undo that replaces it with the values as they are now.
 */
import type { Settings } from '../../../../shared/src/settings';
import type { TextEdit } from '../edits';
import { createLinter } from '../linter';
import type { ExportFormat } from '../model';
import { AttributeChange, distinctValues, EntryChange, notWrittenReason } from './changeModel';
import type { ChangeTally, SkippedAttributeReason } from './changeSummary';
import { entryAttributes, entryDn, ExportPiece, incompleteReason, isChangeRecord, PieceReader } from './exportEntries';

/** An entry's changes and their undo, in the same attribute order. */
export interface EntryChangePair {
	changes: EntryChange;
	undo: EntryChange;
}

/**
 * Turns pieces of one export, in file order, into change records. Only the fixes fix-all applies
 * (linter.fixAllEdits) are used, with the findings the settings leave on.
 */
export class FixChanges {
	private readonly reader: PieceReader;

	constructor(private readonly format: ExportFormat, private readonly settings: Settings, private readonly tally: ChangeTally) {
		this.reader = new PieceReader(format, settings);
	}

	add(piece: ExportPiece): EntryChangePair[] {
		// A linter per piece, as the CLI's: its verdict cache lives no longer than the piece.
		const linter = createLinter();
		const read = this.reader.read(piece, linter);
		const { document, text, base } = read;
		this.tally.unreadable.before += read.unreadable;
		this.tally.recognized.before ||= document.recognized;
		// The new value of every fix fix-all applies (findings carry it before its encoding in the text).
		const findings = linter.validate(document, this.settings) ?? [];
		const applied = new Set(linter.fixAllEdits(findings));
		const edits = new Map<number, { edit: TextEdit; value: string }>();
		for (const finding of findings) {
			const fix = finding.fix;
			if (fix && applied.has(fix.edit) && fix.edit.span.start >= base) edits.set(fix.edit.span.start, { edit: fix.edit, value: fix.value });
		}
		const pairs: EntryChangePair[] = [];
		if (edits.size === 0) return pairs;
		for (const entry of read.entries) {
			if (!entry.attributes.some((attribute) => attribute.values.some((value) => edits.has(value.editSpan.start)))) continue;
			const line = () => read.lineOf(entry.span.start);
			const changes: AttributeChange[] = [];
			const undo: AttributeChange[] = [];
			const tallies: [string, number, number][] = [];
			const skippedAttributes: [string, SkippedAttributeReason][] = [];
			for (const attribute of entryAttributes(entry)) {
				let fixedCount = 0;
				const fixed = attribute.values.map((value) => {
					const fix = edits.get(value.editSpan.start);
					if (!fix || fix.edit.span.end !== value.editSpan.end) return value.text;
					fixedCount++;
					return fix.value;
				});
				if (fixedCount === 0) continue;
				const skipped = notWrittenReason(attribute.info.ldapName) ?? incompleteReason(attribute);
				if (skipped) {
					skippedAttributes.push([attribute.name, skipped]);
					continue;
				}
				const distinct = distinctValues(fixed);
				changes.push({ operation: 'replace', attribute: attribute.name, values: distinct.values });
				undo.push({ operation: 'replace', attribute: attribute.name, values: attribute.values.map((value) => value.text) });
				tallies.push([attribute.name, fixedCount, distinct.dropped]);
			}
			// An entry that is not written at all is reported once, for itself, when it had changes.
			const dn = entryDn(entry);
			if (isChangeRecord(text, entry, this.format)) {
				if (changes.length > 0) this.tally.skipEntry({ reason: 'change-record', line: line(), dn });
				continue;
			}
			if (dn === undefined) {
				if (changes.length > 0) this.tally.skipEntry({ reason: 'no-dn', line: line() });
				continue;
			}
			for (const [attribute, reason] of skippedAttributes) this.tally.skipAttribute(attribute, reason, line());
			if (changes.length === 0) continue;
			this.tally.entry();
			for (const [attribute, values, dropped] of tallies) this.tally.attribute(attribute, values, dropped);
			pairs.push({ changes: { dn, changes }, undo: { dn, changes: undo } });
		}
		return pairs;
	}
}
