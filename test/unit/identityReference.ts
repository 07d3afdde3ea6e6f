/**
 * A reference of what the identity rule family must report on an export, built from the readers
 * and the pure functions of identityChecks.ts alone, as plain records. It is what
 * test/fixtures/identity-expected.json holds for the identity fixtures, so the lead's pipeline tests
 * can assert the same findings; test/unit/identityFixtures.test.ts keeps the two in step.
 *
 * The rules it follows, which the pipeline must follow too:
 * - an excluded object (exclusionOf) gets one sync.excluded finding on its DN and nothing else; its
 *   values take no part in duplicates;
 * - every other object: entry problems (sync.blank) first, then each value's problems in document
 *   order;
 * - underlined: the value's text as written in the document; narrowed to `at` only when the
 *   document holds the value exactly at its span (plain, not escaped, not base64, not folded). A
 *   blank displayName underlines its empty cell; a missing one (LDIF) the DN;
 * - sync.duplicate: every value whose key another object also holds, underlining the whole value;
 * - fix: the whole new value text (for a blank displayName, the value to write into its empty cell), or
 *   null; a value the record lacks (an LDIF entry without displayName) has none.
 */
import type { Entry, ExportDocument } from '../../server/src/engine/model';
import { duplicateKeys, exclusionOf, judgeIdentityEntry, judgeIdentityValue, objectKindOf, IdentityCode } from '../../server/src/engine/rules/identityChecks';

export interface ExpectedFinding {
	code: IdentityCode;
	reason: string;
	attribute: string;
	underlined: string;
	fix: string | null;
}

interface Placed extends ExpectedFinding {
	start: number;
	order: number;
}

/** The entry's checked values by lower-case LDAP name; a CSV column the header has but the row leaves empty is an empty list. */
function valuesOf(document: ExportDocument, entry: Entry): Map<string, string[]> {
	const values = new Map<string, string[]>();
	if (document.format === 'csv') {
		for (const name of document.names) if (name.info.required) values.set(name.info.ldapName.toLowerCase(), []);
	}
	for (const attribute of entry.attributes) {
		const list = values.get(attribute.info.ldapName.toLowerCase()) ?? [];
		for (const value of attribute.values) if (value.checked) list.push(value.text);
		values.set(attribute.info.ldapName.toLowerCase(), list);
	}
	return values;
}

/** The starts of the comma-separated fields of [from, to), quotes respected. */
function fieldStarts(text: string, from: number, to: number): number[] {
	const starts = [from];
	let quoted = false;
	for (let i = from; i < to; i++) {
		if (text[i] === '"') quoted = !quoted;
		else if (text[i] === ',' && !quoted) starts.push(i + 1);
	}
	return starts;
}

/** Where the empty cell of a column sits in a CSV row (the readers leave empty cells out of the model). */
function emptyCellStart(text: string, document: ExportDocument, entry: Entry, ldapName: string): number {
	const name = document.names.find((candidate) => candidate.info.ldapName === ldapName)!;
	const headerStart = text.lastIndexOf('\n', name.span.start) + 1;
	const column = fieldStarts(text, headerStart, name.span.start).length - 1;
	const cell = fieldStarts(text, entry.span.start, entry.span.end)[column];
	return text[cell] === '"' ? cell + 1 : cell;
}

export function referenceFindings(text: string, document: ExportDocument): ExpectedFinding[] {
	const placed: Placed[] = [];
	let order = 0;
	const place = (finding: ExpectedFinding, start: number) => placed.push({ ...finding, start, order: order++ });
	const keyHolders = new Map<string, Set<number>>();
	const keyed: { entry: number; key: string; attribute: string; start: number; underlined: string }[] = [];

	document.entries.forEach((entry, entryIndex) => {
		const values = valuesOf(document, entry);
		const exclusion = exclusionOf(values, entry.dn);
		if (exclusion) {
			place({ code: 'sync.excluded', reason: exclusion.reason, attribute: exclusion.attribute, underlined: entry.dnSpan ? text.slice(entry.dnSpan.start, entry.dnSpan.end) : '', fix: null }, entry.dnSpan?.start ?? entry.span.start);
			return;
		}
		for (const problem of judgeIdentityEntry(values, entry.dn, { absentIsBlank: document.format === 'ldif' })) {
			const attribute = entry.attributes.find((candidate) => candidate.info.ldapName === problem.attribute);
			let start: number;
			let underlined: string;
			if (attribute && problem.valueIndex !== undefined) {
				const value = attribute.values[problem.valueIndex];
				start = value.span.start;
				underlined = text.slice(value.span.start, value.span.end);
			} else if (document.format === 'csv') {
				start = emptyCellStart(text, document, entry, problem.attribute);
				underlined = '';
			} else {
				// A line the record lacks: underlined at its DN, with no fix (a fix replaces a value; there is none to replace).
				start = entry.dnSpan?.start ?? entry.span.start;
				underlined = entry.dnSpan ? text.slice(entry.dnSpan.start, entry.dnSpan.end) : '';
				place({ code: problem.code, reason: problem.reason, attribute: problem.attribute, underlined, fix: null }, start);
				continue;
			}
			place({ code: problem.code, reason: problem.reason, attribute: problem.attribute, underlined, fix: problem.fix ?? null }, start);
		}
		const kind = objectKindOf(values.get('objectclass'));
		const hasUpn = (values.get('userprincipalname') ?? []).length > 0;
		for (const attribute of entry.attributes) {
			const name = attribute.info.ldapName;
			for (const value of attribute.values) {
				if (!value.checked) continue;
				const written = text.slice(value.span.start, value.span.end);
				const exact = written === value.text;
				for (const problem of judgeIdentityValue(name, value.text, kind)) {
					const start = exact && problem.at ? value.span.start + problem.at.start : value.span.start;
					const end = exact && problem.at ? value.span.start + problem.at.end : value.span.end;
					place({ code: problem.code, reason: problem.reason, attribute: name, underlined: text.slice(start, end), fix: problem.fix ?? null }, start);
				}
				const seen = new Set<string>();
				for (const key of duplicateKeys(name, value.text, hasUpn, entry.dn)) {
					const id = `${key.namespace}\u0000${key.key}`;
					if (seen.has(id)) continue;
					seen.add(id);
					(keyHolders.get(id) ?? keyHolders.set(id, new Set()).get(id)!).add(entryIndex);
					keyed.push({ entry: entryIndex, key: id, attribute: name, start: value.span.start, underlined: written });
				}
			}
		}
	});
	for (const item of keyed) {
		if (keyHolders.get(item.key)!.size < 2) continue;
		placed.push({ code: 'sync.duplicate', reason: 'duplicate', attribute: item.attribute, underlined: item.underlined, fix: null, start: item.start, order: order++ });
	}
	placed.sort((a, b) => a.start - b.start || a.order - b.order);
	return placed.map(({ code, reason, attribute, underlined, fix }) => ({ code, reason, attribute, underlined, fix }));
}
