/**
 * The one list of rule families. The linter runs every family that is on, in this order, on every
 * entry; a finding is worded by the family that reported it (found from its code in codeTable).
 * Adding a family: its module, its codes in shared/src/codes.ts's table, its strings, its tests and
 * its docs page, and one line here.
 */
import { codeTable, DiagnosticCode } from '../../../../shared/src/codes';
import type { RuleFamily } from './family';
import { phoneFamily } from './phone';
import { readinessFamily } from './readiness';
import { syncFamily } from './sync';

export const ruleFamilies: readonly RuleFamily[] = [
	phoneFamily,
	syncFamily,
	readinessFamily,
];

const byId = new Map(ruleFamilies.map((family) => [family.id, family]));

/** The family that reports a code, or undefined for the readers' codes and the summary. */
export function familyOf(code: DiagnosticCode, families: readonly RuleFamily[] = ruleFamilies): RuleFamily | undefined {
	const id = codeTable[code].family;
	return families === ruleFamilies ? byId.get(id) : families.find((family) => family.id === id);
}
