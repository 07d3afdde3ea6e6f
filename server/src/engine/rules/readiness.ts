/**
 * The readiness family: what each user's directory data could register as an SSPR method, after
 * dirlint's fixes (engine/readiness.ts judges one entry), as one record per entry for the report,
 * the language status item and `dirlint register`; and `phone.not-mobile`, a valid fixed-line number
 * in `mobile`, which can take no SMS. An entry-level rule: it reads mobile, telephoneNumber,
 * otherMails and userPrincipalName of one user together.
 *
 * Since 2026-10-05 SSPR verifies only registered methods, so a ready value is one an admin can
 * register for the user, not one the user can reset with today (shared/src/facts.ts).
 */
import * as l10n from '@vscode/l10n';
import type { UserReadiness } from '../../../../shared/src/readiness';
import { entryReadiness } from '../readiness';
import type { RuleContext, RuleFamily, Severity } from './family';
import { recentVerdict } from './phone';
import { createPhoneJudge, numberTypeOf, PhoneVerdict } from './phoneRule';

/** The attributes a user's readiness is read from. */
const readFrom = new Set(['mobile', 'telephoneNumber', 'otherMails', 'userPrincipalName']);

/** The fields of a readiness record, in order (the place comes from where the record starts). */
const fields = ['dn', 'upn', 'mobile', 'office', 'email', 'state', 'mobileNumber', 'officeNumber', 'country', 'department'] as const;

/** A record's fields as strings ('' for a field the user has none of; the DN can be '' itself: the root DSE, so it is marked). */
function toFields(user: UserReadiness): string[] {
	return fields.map((field) => (field === 'dn' ? (user.dn === undefined ? '' : `=${user.dn}`) : user[field] ?? ''));
}

/** A readiness record back as the user it describes, at `line` of `file` (registered: null until the join). */
export function readinessOf(record: readonly string[], file: string, line: number): UserReadiness {
	const value = (field: (typeof fields)[number]) => record[fields.indexOf(field)];
	const user: UserReadiness = {
		file,
		line,
		mobile: value('mobile') as UserReadiness['mobile'],
		office: value('office') as UserReadiness['office'],
		email: value('email') as UserReadiness['email'],
		registered: null,
		state: value('state') as UserReadiness['state'],
	};
	const dn = value('dn');
	if (dn) user.dn = dn.slice(1);
	for (const field of ['upn', 'mobileNumber', 'officeNumber', 'country', 'department'] as const) {
		const text = value(field);
		if (text) user[field] = text;
	}
	return user;
}

/**
 * phone.not-mobile on the entry's mobile (its first value with text), where that is a valid
 * fixed-line number: the same judgement entryReadiness makes of it, without the rest of the user.
 */
function notMobile(context: RuleContext, severity: Severity, judge: (text: string, region: string | undefined) => PhoneVerdict): void {
	for (const attribute of context.entry.attributes) {
		if (attribute.info.ldapName !== 'mobile') continue;
		const value = attribute.values.find((candidate) => candidate.checked && candidate.text.trim() !== '');
		if (!value) continue;
		const verdict = judge(value.text, context.region);
		const canonical = verdict.canonical;
		const usable = canonical && (verdict.code === undefined || verdict.code === 'phone.format' || verdict.code === 'phone.missing-country-code');
		if (usable && numberTypeOf(canonical) === 'FIXED_LINE') context.report('phone.not-mobile', severity, attribute, value, [canonical]);
		return;
	}
}

export const readinessFamily: RuleFamily = {
	id: 'readiness',

	appliesTo: (info) => readFrom.has(info.ldapName),

	createChecker() {
		const judge = createPhoneJudge();
		// The phone family has judged this entry's numbers a moment ago (when it is on): its verdicts, else our own.
		const judgePhone = (text: string, region: string | undefined) => recentVerdict(text, region) ?? judge(text, region);
		const tools = { numberType: numberTypeOf, judgePhone };
		return {
			check(context) {
				const { entry } = context;
				const severity = context.severity('phone.not-mobile');
				if (!context.recording) {
					// The editor's lint: only phone.not-mobile, from the entry's mobile alone.
					if (severity) notMobile(context, severity, judgePhone);
					return;
				}
				// The place is the front end's: the record keeps where the entry starts.
				const user = entryReadiness(entry, { file: '', line: 0 }, context.region, tools);
				context.record(toFields(user));
				if (user.mobile !== 'not-mobile' || !severity) return;
				for (const attribute of entry.attributes) {
					if (attribute.info.ldapName !== 'mobile') continue;
					const value = attribute.values.find((candidate) => candidate.checked && candidate.text.trim() !== '');
					if (value) context.report('phone.not-mobile', severity, attribute, value, [user.mobileNumber ?? judgePhone(value.text, context.region).canonical ?? '']);
					return;
				}
			},
		};
	},

	message: (finding) => l10n.t('{0} is a fixed-line number ({1}): it cannot receive the text messages SSPR and MFA send. Register a mobile number for the user, or move this one to telephoneNumber.', finding.attribute, finding.args[0]),

	fixTitle: (_finding, fixValue) => l10n.t('Write {0}', fixValue),
};
