/**
 * Draws the SSPR readiness report in a browser: the self-contained HTML file of
 * `dirlint report --format html` and the VS Code panel (client/src/readinessPanel.ts) run this same
 * script, bundled with the parts of Chart.js it uses into dist/report.js. Its one input is the
 * ReportView (shared/src/readinessView.ts) in `<script type="application/json" id="dirlint-readiness">`,
 * already worded in the user's language. It builds the page with DOM calls only (no innerHTML, no
 * eval, no style attributes), so it runs under a Content-Security-Policy without 'unsafe-inline'.
 * Colours come from CSS custom properties (readinessReport.css), which follow the VS Code theme in
 * the panel.
 */
import { ArcElement, BarController, BarElement, CategoryScale, Chart, DoughnutController, Legend, LinearScale, Tooltip } from 'chart.js';
import type { ActionRowView, BreakdownView, ReportView } from '../../shared/src/readinessView';
import type { UserState } from '../../shared/src/readiness';

Chart.register(DoughnutController, ArcElement, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

interface VsCodeApi {
	postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** An element with a class and text, appended to a parent when one is given. */
function element<K extends keyof HTMLElementTagNameMap>(tag: K, options: { className?: string; text?: string; parent?: HTMLElement } = {}): HTMLElementTagNameMap[K] {
	const node = document.createElement(tag);
	if (options.className) node.className = options.className;
	if (options.text !== undefined) node.textContent = options.text;
	options.parent?.appendChild(node);
	return node;
}

/** A colour from the page's custom properties (readinessReport.css maps them to the VS Code theme's). */
function cssColor(name: string): string {
	return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function stateColor(state: UserState): string {
	return cssColor(`--dirlint-${state}`);
}

function headerRow(table: HTMLTableElement, headers: readonly string[]): void {
	const row = element('tr', { parent: element('thead', { parent: table }) });
	for (const header of headers) element('th', { text: header, parent: row }).scope = 'col';
}

/** A table cell with the state's colour swatch before its text. */
function stateCell(row: HTMLTableRowElement, state: UserState, text: string, tag: 'th' | 'td' = 'td', className?: string): void {
	const cell = element(tag, { className, parent: row });
	if (tag === 'th') cell.scope = 'row';
	element('span', { className: `swatch state-${state}`, parent: cell });
	cell.append(text);
}

/** Text that breaks only after a comma or slash (a DN, a path): unbreakable segments with <wbr> between them. */
function breakableText(parent: HTMLElement, text: string): void {
	for (const part of text.split(/(?<=[,/\\])/)) {
		if (parent.lastChild) parent.appendChild(document.createElement('wbr'));
		element('span', { className: 'segment', text: part, parent });
	}
}

function number(value: number, lang: string): string {
	return value.toLocaleString(lang);
}

/** The canvas a chart draws on, announced as one image with the figures, inside a sized box. */
function chartCanvas(parent: HTMLElement, className: string, label: string): HTMLCanvasElement {
	const box = element('div', { className: `chart ${className}`, parent });
	const canvas = element('canvas', { parent: box });
	canvas.setAttribute('role', 'img');
	canvas.setAttribute('aria-label', label);
	// Fallback content for browsers without canvas: the table beside it holds the same figures.
	canvas.textContent = label;
	return canvas;
}

function commonOptions() {
	return { animation: false as const, responsive: true, maintainAspectRatio: false };
}

function renderTotals(view: ReportView, main: HTMLElement): void {
	const list = element('ul', { className: 'totals', parent: main });
	for (const total of view.totals) {
		const item = element('li', { className: total.state ? `total state-${total.state}` : 'total', parent: list });
		element('span', { className: 'value', text: number(total.value, view.lang), parent: item });
		element('span', { className: 'label', text: total.label, parent: item });
	}
}

function renderStates(view: ReportView, main: HTMLElement): void {
	const section = element('section', { className: 'states', parent: main });
	element('h2', { text: view.stateCaption, parent: section });
	const row = element('div', { className: 'chart-row', parent: section });
	const canvas = chartCanvas(row, 'doughnut', view.stateChartLabel);
	const table = element('table', { parent: row });
	element('caption', { className: 'sr-only', text: view.stateCaption, parent: table });
	headerRow(table, [view.stateHeader, view.usersHeader]);
	const body = element('tbody', { parent: table });
	for (const segment of view.states) {
		const line = element('tr', { parent: body });
		stateCell(line, segment.state, segment.label, 'th');
		element('td', { className: 'number', text: number(segment.count, view.lang), parent: line });
	}
	new Chart(canvas, {
		type: 'doughnut',
		data: {
			labels: view.states.map((segment) => segment.label),
			datasets: [{ data: view.states.map((segment) => segment.count), backgroundColor: view.states.map((segment) => stateColor(segment.state)), borderColor: cssColor('--dirlint-background'), borderWidth: 2 }],
		},
		options: { ...commonOptions(), plugins: { legend: { position: 'bottom' } } },
	});
}

function renderBreakdown(view: ReportView, breakdown: BreakdownView, main: HTMLElement): void {
	const section = element('section', { className: `breakdown breakdown-${breakdown.id}`, parent: main });
	element('h2', { text: breakdown.title, parent: section });
	const canvas = chartCanvas(section, 'bars', breakdown.chartLabel);
	// The box grows with the rows; a CSSOM property, which a style-src policy allows.
	canvas.parentElement!.style.height = `${64 + breakdown.rows.length * 28}px`;
	const table = element('table', { parent: section });
	element('caption', { className: 'sr-only', text: breakdown.title, parent: table });
	headerRow(table, [breakdown.keyHeader, ...view.states.map((segment) => segment.label), breakdown.totalHeader]);
	const body = element('tbody', { parent: table });
	for (const row of breakdown.rows) {
		const line = element('tr', { parent: body });
		const key = element('th', { text: row.label, parent: line });
		key.scope = 'row';
		for (const count of row.counts) element('td', { className: 'number', text: number(count, view.lang), parent: line });
		element('td', { className: 'number', text: number(row.total, view.lang), parent: line });
	}
	const grid = cssColor('--dirlint-grid');
	new Chart(canvas, {
		type: 'bar',
		data: {
			labels: breakdown.rows.map((row) => row.label),
			datasets: view.states.map((segment, index) => ({ label: segment.label, data: breakdown.rows.map((row) => row.counts[index]), backgroundColor: stateColor(segment.state) })),
		},
		options: {
			...commonOptions(),
			indexAxis: 'y',
			scales: { x: { stacked: true, grid: { color: grid }, ticks: { precision: 0 } }, y: { stacked: true, grid: { color: grid } } },
			plugins: { legend: { position: 'bottom' } },
		},
	});
}

function renderActions(view: ReportView, main: HTMLElement, open: ((row: ActionRowView) => void) | undefined): void {
	const section = element('section', { className: 'actions', parent: main });
	element('h2', { text: view.actions.title, parent: section });
	if (view.actions.rows.length === 0) {
		element('p', { text: view.actions.empty, parent: section });
		return;
	}
	if (view.actions.note) element('p', { className: 'note', text: view.actions.note, parent: section });
	// A narrow window scrolls the table, not the page.
	const table = element('table', { parent: element('div', { className: 'scroll', parent: section }) });
	element('caption', { className: 'sr-only', text: view.actions.title, parent: table });
	headerRow(table, view.actions.headers);
	const body = element('tbody', { parent: table });
	for (const action of view.actions.rows) {
		const line = element('tr', { parent: body });
		const place = element('td', { className: 'place', parent: line });
		if (open) {
			const link = element('button', { className: 'link', parent: place });
			breakableText(link, action.place);
			link.type = 'button';
			link.title = action.openTitle;
			link.addEventListener('click', () => open(action));
		} else breakableText(place, action.place);
		breakableText(element('td', { className: 'user', parent: line }), action.user);
		for (const text of [action.mobile, action.office, action.email]) element('td', { className: 'word', text, parent: line });
		stateCell(line, action.state, action.stateLabel, 'td', 'state');
		element('td', { text: action.action, parent: line });
	}
}

function render(view: ReportView, main: HTMLElement, open: ((row: ActionRowView) => void) | undefined): void {
	document.documentElement.lang = view.lang;
	document.title = view.title;
	Chart.defaults.color = cssColor('--dirlint-foreground');
	Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
	const header = element('header', { parent: main });
	element('h1', { text: view.title, parent: header });
	element('p', { text: view.intro, parent: header });
	if (view.note) element('p', { className: 'note', text: view.note, parent: header });
	renderTotals(view, main);
	renderStates(view, main);
	for (const breakdown of view.breakdowns) renderBreakdown(view, breakdown, main);
	renderActions(view, main, open);
}

function start(): void {
	const data = document.getElementById('dirlint-readiness');
	const main = document.getElementById('dirlint-report');
	if (!data?.textContent || !main) return;
	const view = JSON.parse(data.textContent) as ReportView;
	const vscode = view.linkLines && typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
	render(view, main, vscode && ((row) => vscode.postMessage({ command: 'open', file: row.file, line: row.line })));
	// For tests and screenshots: the charts are drawn (animation is off, so drawing is synchronous).
	document.documentElement.dataset.rendered = 'true';
}

start();
