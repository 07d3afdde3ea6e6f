/**
 * What the readiness report's page shows, worded: the one input of the browser script
 * (client/webview/readinessReport.ts) that draws the HTML report of `dirlint report --format html`
 * and the VS Code panel alike. Made on the Node side, where the words are translated: the CLI passes
 * @vscode/l10n, the extension vscode.l10n. Pure: no DOM, no vscode.
 */
import { needsAction, ReadinessReport, ReportUser, summaryKeyOf, UserState, userStates } from './readiness';

/** What both @vscode/l10n and vscode.l10n offer. */
export interface Translator {
	t(message: string, ...args: Array<string | number | boolean>): string;
}

export interface StateSegment {
	state: UserState;
	label: string;
	count: number;
}

export interface BreakdownRowView {
	label: string;
	/** Users per state, in the order of ReportView.states. */
	counts: number[];
	total: number;
}

export interface BreakdownView {
	id: 'country' | 'department';
	title: string;
	/** The accessible summary of the chart. */
	chartLabel: string;
	keyHeader: string;
	totalHeader: string;
	rows: BreakdownRowView[];
}

export interface ActionRowView {
	file: string;
	line: number;
	/** `file:line`. */
	place: string;
	/** The UPN, else the DN. */
	user: string;
	mobile: string;
	office: string;
	email: string;
	state: UserState;
	stateLabel: string;
	action: string;
	/** The tooltip of the link to the line, where links are shown. */
	openTitle: string;
}

export interface ReportView {
	/** BCP 47 language of the words (`en`, `zh-cn`). */
	lang: string;
	title: string;
	intro: string;
	/** Shown when no registration details were given. */
	note?: string;
	totals: { label: string; value: number; state?: UserState }[];
	states: StateSegment[];
	stateChartLabel: string;
	stateCaption: string;
	stateHeader: string;
	usersHeader: string;
	breakdowns: BreakdownView[];
	actions: {
		title: string;
		headers: string[];
		rows: ActionRowView[];
		empty: string;
		/** Set when the rows are the first of more. */
		note?: string;
	};
	/** True in VS Code: a row's place opens the file at the line. */
	linkLines: boolean;
}

export interface ViewOptions {
	/** BCP 47 language for country names and number formats, e.g. `en` or `zh-cn`. */
	lang: string;
	linkLines: boolean;
	/** The users that need action listed at most (a page of 100k rows helps no one). */
	maxActionRows?: number;
	/** Breakdown rows shown at most; the rest are summed in one row. */
	maxBreakdownRows?: number;
}

function stateLabel(l10n: Translator, state: UserState): string {
	switch (state) {
		case 'ready': return l10n.t('Ready');
		case 'fixable': return l10n.t('Fixable');
		case 'needs-data': return l10n.t('Needs data');
		case 'not-targetable': return l10n.t('Not targetable');
		case 'registered': return l10n.t('Already registered');
	}
}

function methodLabel(l10n: Translator, state: ReportUser['mobile'] | ReportUser['office'] | ReportUser['email']): string {
	switch (state) {
		case 'ready': return l10n.t('Ready');
		case 'fixable': return l10n.t('Fixable');
		case 'invalid': return l10n.t('Invalid');
		case 'absent': return l10n.t('None');
		case 'not-mobile': return l10n.t('Not a mobile number');
	}
}

function actionOf(l10n: Translator, state: UserState): string {
	switch (state) {
		case 'fixable': return l10n.t('Fix the number in the directory (dirlint fix); dirlint register can already register the fixed number.');
		case 'needs-data': return l10n.t('Add a valid mobile number to the directory, or have the user register a method.');
		case 'not-targetable': return l10n.t('Add a userPrincipalName: without one no method can be registered for the user.');
		default: return '';
	}
}

/** A country's name in the language, where the key is an ISO 3166 code; the text as written otherwise. */
function countryName(code: string, lang: string): string {
	if (!/^[A-Z]{2}$/.test(code)) return code;
	try {
		return `${new Intl.DisplayNames([lang], { type: 'region' }).of(code) ?? code} (${code})`;
	} catch {
		return code;
	}
}

function breakdown(report: ReadinessReport, l10n: Translator, options: Required<ViewOptions>, id: BreakdownView['id'], shown: readonly UserState[]): BreakdownView | undefined {
	const groups = new Map<string, number[]>();
	let given = 0;
	for (const user of report.users) {
		const key = user[id];
		if (key !== undefined) given++;
		const counts = groups.get(key ?? '') ?? shown.map(() => 0);
		counts[shown.indexOf(user.state)]++;
		groups.set(key ?? '', counts);
	}
	if (given === 0) return undefined;
	const sum = (counts: number[]) => counts.reduce((total, count) => total + count, 0);
	// The largest first; equal ones by name, as the language sorts names.
	const collator = new Intl.Collator(options.lang);
	const named = [...groups].filter(([key]) => key !== '')
		.map(([key, counts]) => ({ label: id === 'country' ? countryName(key, options.lang) : key, counts, total: sum(counts) }))
		.sort((a, b) => b.total - a.total || collator.compare(a.label, b.label));
	const rows: BreakdownRowView[] = named.slice(0, options.maxBreakdownRows);
	const rest = named.slice(options.maxBreakdownRows);
	if (rest.length > 0) {
		const counts = shown.map((_, index) => rest.reduce((total, row) => total + row.counts[index], 0));
		rows.push({ label: l10n.t('Other ({0})', rest.length), counts, total: sum(counts) });
	}
	const none = groups.get('');
	if (none) rows.push({ label: l10n.t('Not given'), counts: none, total: sum(none) });
	const largest = rows.slice(0, 3).map((row) => `${row.label}: ${row.total}`).join('; ');
	return id === 'country'
		? { id, title: l10n.t('By country or region'), chartLabel: l10n.t('Users by country or region and readiness; the most users: {0}.', largest), keyHeader: l10n.t('Country or region'), totalHeader: l10n.t('Total'), rows }
		: { id, title: l10n.t('By department'), chartLabel: l10n.t('Users by department and readiness; the most users: {0}.', largest), keyHeader: l10n.t('Department'), totalHeader: l10n.t('Total'), rows };
}

/**
 * JSON to put inside the page's `<script type="application/json">` data block: `<` is escaped, so
 * no value (a DN, a file name) can close the element or open a comment there.
 */
export function jsonForScript(value: unknown): string {
	return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Words and figures of the report page. */
export function readinessView(report: ReadinessReport, l10n: Translator, viewOptions: ViewOptions): ReportView {
	const options: Required<ViewOptions> = { maxActionRows: 1000, maxBreakdownRows: 12, ...viewOptions };
	const { summary } = report;
	const withDetails = report.users.some((user) => user.registered !== null) || summary.detailsOnly > 0;
	// Without registration details no user is known to be registered: the state is left out rather
	// than shown as 0 registered.
	const shown = withDetails ? userStates : userStates.filter((state) => state !== 'registered');
	const states = shown.map((state) => ({ state, label: stateLabel(l10n, state), count: summary[summaryKeyOf[state]] }));
	const totals: ReportView['totals'] = [{ label: l10n.t('Users'), value: summary.users }, ...states.map(({ state, label, count }) => ({ label, value: count, state }))];
	if (withDetails) totals.push({ label: l10n.t('In the registration details only'), value: summary.detailsOnly });

	const actionUsers = report.users.filter((user) => needsAction(user.state));
	const rows: ActionRowView[] = actionUsers.slice(0, options.maxActionRows).map((user) => ({
		file: user.file,
		line: user.line,
		place: `${user.file}:${user.line}`,
		user: user.upn ?? user.dn ?? l10n.t('(no UPN)'),
		mobile: methodLabel(l10n, user.mobile),
		office: methodLabel(l10n, user.office),
		email: methodLabel(l10n, user.email),
		state: user.state,
		stateLabel: stateLabel(l10n, user.state),
		action: actionOf(l10n, user.state),
		openTitle: l10n.t('Open {0} at line {1}', user.file, user.line),
	}));

	return {
		lang: options.lang,
		title: l10n.t('SSPR readiness report'),
		intro: l10n.t('Since October 2026, self-service password reset verifies only methods registered for the user: a number in the directory counts once it is registered. This report shows, for each user of the export, what the directory data can register, and who needs action.'),
		note: withDetails ? undefined : l10n.t('No user registration details were given, so users who registered in Entra already are counted by their directory data.'),
		totals,
		states,
		stateChartLabel: withDetails
			? l10n.t('Users by readiness, {5} in all: ready {0}, fixable {1}, needs data {2}, not targetable {3}, already registered {4}.', summary.ready, summary.fixable, summary.needsData, summary.notTargetable, summary.registered, summary.users)
			: l10n.t('Users by readiness, {4} in all: ready {0}, fixable {1}, needs data {2}, not targetable {3}.', summary.ready, summary.fixable, summary.needsData, summary.notTargetable, summary.users),
		stateCaption: l10n.t('Users by readiness'),
		stateHeader: l10n.t('Readiness'),
		usersHeader: l10n.t('Users'),
		breakdowns: [breakdown(report, l10n, options, 'country', shown), breakdown(report, l10n, options, 'department', shown)].filter((view): view is BreakdownView => view !== undefined),
		actions: {
			title: l10n.t('Users that need action'),
			headers: [l10n.t('Place'), l10n.t('User'), l10n.t('Mobile phone'), l10n.t('Office phone'), l10n.t('Alternate email'), l10n.t('Readiness'), l10n.t('What to do')],
			rows,
			empty: l10n.t('No user needs action.'),
			note: actionUsers.length > rows.length ? l10n.t('The first {0} of {1} users that need action are listed.', rows.length, actionUsers.length) : undefined,
		},
		linkLines: options.linkLines,
	};
}
