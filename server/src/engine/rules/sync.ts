/**
 * The identity family (`sync.*`, IdFix's successor): the values that make Microsoft Entra Connect
 * reject or change an object. Judging one value or one entry is identityChecks.ts's, the words are
 * identityMessages.ts's; this module walks an entry through them and reports through the seam:
 * - an object Entra Connect does not sync (a system account, a replication conflict) gets one
 *   sync.excluded finding on its DN, and nothing else: its values take no part in duplicates;
 * - every other object: sync.blank where a required value is missing, then each value's problems,
 *   underlining the characters at fault where the text as written is the value itself;
 * - every value's duplicate keys, judged across pieces and files by the document-level step
 *   (sync.duplicate, every holder reported, never fixed).
 * A finding's arguments are its reason, then the problem's own arguments.
 */
import { findAttribute, type AttributeInfo } from '../../../../shared/src/catalogue';
import type { Attribute, AttributeValue, Entry, Span } from '../model';
import type { FindingWords, RuleChecker, RuleContext, RuleFamily } from './family';
import { duplicateKey, exclusionOf, identityAttributes, IdentityProblem, IdentityReason, judgeIdentityEntry, judgeIdentityValue, objectKindOf, reasonCodes, type Exclusion } from './identityChecks';
import { duplicateMessage, exclusionMessage, identityFixTitle, identityMessage } from './identityMessages';

const judged = new Set(identityAttributes);

/** The arguments of an exclusion: its marker, then its reason, attribute and value. */
const exclusionMarker = 'excluded';

/** The catalogue attribute of a lower-case LDAP name, as identityChecks.ts asks for them. */
const infos = new Map<string, AttributeInfo | undefined>();

function infoOf(name: string): AttributeInfo | undefined {
	if (!infos.has(name)) infos.set(name, findAttribute(name));
	return infos.get(name);
}

/**
 * An entry's checked values by lower-case LDAP name, as identityChecks.ts reads them (a required CSV
 * column left empty is an empty list), looked up in the entry's attributes when asked: a dozen
 * questions an entry, cheaper than a Map and a list for each of its attributes.
 */
class EntryValues {
	entry!: Entry;

	get(name: string): string[] | undefined {
		const info = infoOf(name);
		let values: string[] | undefined;
		for (const attribute of this.entry.attributes) {
			if (attribute.info !== info) continue;
			values ??= [];
			for (const value of attribute.values) if (value.checked) values.push(value.text);
		}
		return values;
	}

	has(name: string): boolean {
		const info = infoOf(name);
		for (const attribute of this.entry.attributes) if (attribute.info === info) return true;
		return false;
	}
}

const entryValues = new EntryValues();

/** The text as written is the value itself (no CSV `""`, base64 or fold between): a problem's place can be narrowed to its characters. */
function writtenAsIs(value: AttributeValue): boolean {
	return value.encoding === 'plain' && value.span.end - value.span.start === value.text.length;
}

function report(context: RuleContext, problem: IdentityProblem, attribute: Attribute | string, value: AttributeValue | undefined, span?: Span): void {
	const severity = context.severity(problem.code);
	if (severity) context.report(problem.code, severity, attribute, value, [problem.reason, ...problem.args], problem.fix, span);
}

function checkEntry(context: RuleContext): void {
	const { entry } = context;
	const values = entryValues;
	values.entry = entry;
	const exclusion = exclusionOf(values, entry.dn);
	if (exclusion) {
		const severity = context.severity('sync.excluded');
		const span = entry.dnSpan ?? { start: entry.span.start, end: entry.span.start };
		if (severity) context.report('sync.excluded', severity, exclusion.attribute, undefined, [exclusionMarker, exclusion.reason, exclusion.attribute, exclusion.value], undefined, span);
		return;
	}
	for (const problem of judgeIdentityEntry(values, entry.dn, { absentIsBlank: entry.whole === true })) {
		const attribute = entry.attributes.find((candidate) => candidate.info.ldapName === problem.attribute);
		const value = attribute && problem.valueIndex !== undefined ? attribute.values[problem.valueIndex] : undefined;
		if (value) report(context, problem, attribute!, value);
		// The empty cell: a value of no text, which the fix (the cn) is written into.
		else if (attribute?.blank) report(context, problem, attribute, attribute.blank);
		else report(context, problem, problem.attribute, undefined, entry.dnSpan ?? { start: entry.span.start, end: entry.span.start });
	}
	const kind = objectKindOf(values.get('objectclass'));
	const hasUpn = entry.attributes.some((attribute) => attribute.info.ldapName === 'userPrincipalName' && attribute.values.some((value) => value.checked));
	for (const attribute of entry.attributes) {
		const name = attribute.info.ldapName;
		if (!judged.has(name)) continue;
		for (const value of attribute.values) {
			if (!value.checked) continue;
			const asIs = writtenAsIs(value);
			for (const problem of judgeIdentityValue(name, value.text, kind)) {
				const at = asIs && problem.at ? { start: value.span.start + problem.at.start, end: value.span.start + problem.at.end } : undefined;
				report(context, problem, attribute, value, at);
			}
			const key = duplicateKey(name, value.text, hasUpn, entry.dn);
			if (key) context.key(key.namespace, key.key, attribute, value);
		}
	}
}

/** The problem a finding was reported with. */
function problemOf(finding: FindingWords, fixValue?: string): IdentityProblem {
	const [reason, ...args] = finding.args;
	const problem: IdentityProblem = { code: reasonCodes[reason as IdentityReason], reason: reason as IdentityReason, args };
	if (fixValue !== undefined) problem.fix = fixValue;
	return problem;
}

export const syncFamily: RuleFamily = {
	id: 'sync',

	appliesTo: (info) => judged.has(info.ldapName),

	createChecker(): RuleChecker {
		return { check: checkEntry };
	},

	message(finding) {
		if (finding.args[0] === exclusionMarker) {
			const [, reason, attribute, value] = finding.args;
			return exclusionMessage({ reason: reason as Exclusion['reason'], attribute, value });
		}
		return identityMessage(finding.attribute, finding.value, problemOf(finding));
	},

	fixTitle: (finding, fixValue) => identityFixTitle(problemOf(finding, fixValue)),

	duplicates: {
		code: 'sync.duplicate',
		// Worded without the value (underlined at the place): the CLI, which keeps only a fingerprint of
		// each key, says it in the same words as the editor.
		message: (words) => duplicateMessage(words.attribute, words.namespace.slice(words.namespace.indexOf(':') + 1), { count: words.others, attribute: words.otherAttribute, file: words.otherFile }),
	},
};
