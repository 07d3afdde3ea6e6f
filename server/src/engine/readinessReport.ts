/**
 * The readiness report: every user of the exports joined with the registration details, and the
 * totals. `dirlint report --format json` writes it as it is; the text, CSV and HTML formats and the
 * VS Code panel derive from it.
 */
import { ReadinessReport, ReadinessSummary, ReportUser, summaryKeyOf, UserReadiness } from '../../../shared/src/readiness';
import type { RegistrationJoin } from './registrationDetails';

export type { ReadinessReport } from '../../../shared/src/readiness';

/** A user as the report lists it, its keys in a fixed order, without the numbers. */
export function reportUser(user: UserReadiness): ReportUser {
	return {
		file: user.file,
		line: user.line,
		...(user.dn === undefined ? {} : { dn: user.dn }),
		...(user.upn === undefined ? {} : { upn: user.upn }),
		mobile: user.mobile,
		office: user.office,
		email: user.email,
		registered: user.registered,
		state: user.state,
		...(user.country === undefined ? {} : { country: user.country }),
		...(user.department === undefined ? {} : { department: user.department }),
	};
}

/** Builds the report from the per-entry records, in their order, joining each with the details. */
export async function buildReport(users: AsyncIterable<UserReadiness> | Iterable<UserReadiness>, join: RegistrationJoin): Promise<ReadinessReport> {
	const summary: ReadinessSummary = { users: 0, ready: 0, fixable: 0, needsData: 0, notTargetable: 0, registered: 0, detailsOnly: 0 };
	const listed: ReportUser[] = [];
	for await (const entryUser of users) {
		const user = join.join(entryUser);
		summary.users++;
		summary[summaryKeyOf[user.state]]++;
		listed.push(reportUser(user));
	}
	summary.detailsOnly = join.detailsOnly;
	return { summary, users: listed };
}
