/**
 * The phone family: every phone value must be written `+<country calling code> <national number>`
 * with one space and no extension, the form SSPR and Microsoft Graph's phone methods take. Judging
 * one value is phoneRule.ts's; its words are phoneMessages.ts's; this module says which attributes
 * are checked, how severe a problem is on each, and how a finding travels: its arguments are the
 * verdict's reason, canonical form, region and extension.
 */
import * as l10n from '@vscode/l10n';
import type { AttributeInfo } from '../../../../shared/src/catalogue';
import type { DiagnosticCode } from '../../../../shared/src/codes';
import type { Settings } from '../../../../shared/src/settings';
import { checkedAs, phoneCard } from './phoneHover';
import type { FindingWords, RuleChecker, RuleContext, RuleFamily, Severity } from './family';
import { phoneMessage } from './phoneMessages';
import { createPhoneJudge, PhoneVerdict } from './phoneRule';
import { countryValuesOf, readRegion, regionConflictMessage } from '../regions';

/** The severity a phone problem gets on an attribute, before dirlint.severity; undefined where it is not checked. */
export function phoneSeverity(info: AttributeInfo, settings: Settings): Severity | undefined {
	switch (info.phoneRole) {
		case 'sspr': return 'error';
		case 'alternate': return 'warning';
		case 'optional': return settings.checkAllPhoneAttributes ? 'information' : undefined;
		default: return undefined;
	}
}

/** A finding's arguments from its verdict, in the order verdictOf() reads them. */
function argsOf(verdict: PhoneVerdict): string[] {
	const args = [verdict.reason ?? '', verdict.canonical ?? '', verdict.region ?? '', verdict.extension ?? ''];
	if (verdict.label !== undefined) args.push(verdict.label);
	return args;
}

/** The verdict a finding was reported with. */
export function verdictOf(finding: FindingWords): PhoneVerdict {
	const [reason, canonical, region, extension, label] = finding.args;
	const verdict: PhoneVerdict = { code: finding.code as PhoneVerdict['code'] };
	if (reason) verdict.reason = reason as PhoneVerdict['reason'];
	if (canonical) verdict.canonical = canonical;
	if (region) verdict.region = region;
	if (extension) verdict.extension = extension;
	if (label !== undefined) verdict.label = label;
	return verdict;
}

/**
 * The verdicts of the values judged last, in this thread: the readiness family reads the same entry's
 * mobile and telephoneNumber right after this family, and asks for them here before judging again.
 */
const recentTexts: (string | undefined)[] = new Array(8).fill(undefined);
const recentRegions: (string | undefined)[] = new Array(8).fill(undefined);
const recentVerdicts: (PhoneVerdict | undefined)[] = new Array(8).fill(undefined);
let recentNext = 0;

function remember(text: string, region: string | undefined, verdict: PhoneVerdict): void {
	recentTexts[recentNext] = text;
	recentRegions[recentNext] = region;
	recentVerdicts[recentNext] = verdict;
	recentNext = (recentNext + 1) & 7;
}

/** The verdict of a value this family judged a moment ago (with the same region), or undefined. */
export function recentVerdict(text: string, region: string | undefined): PhoneVerdict | undefined {
	for (let i = 0; i < 8; i++) if (recentTexts[i] === text && recentRegions[i] === region) return recentVerdicts[i];
	return undefined;
}

/** What the fix of a phone problem writes, or undefined: an invalid value has no fix. */
export function phoneFixValue(code: DiagnosticCode, verdict: PhoneVerdict): string | undefined {
	return code === 'phone.invalid' ? undefined : verdict.canonical || undefined;
}

/**
 * ADUC sets c, countryCode and co together; where a row's disagree, the region its numbers are read in
 * is a guess: a warning on the value the region was taken from, naming the three and the one used. Only
 * on a row with phone values this family judges: there the region matters.
 */
function checkCountries(context: RuleContext): void {
	const severity = context.severity('phone.country-conflict');
	if (!severity) return;
	const { values, places } = countryValuesOf(context.entry);
	if (values.c === undefined ? values.countryCode === undefined || values.co === undefined : values.countryCode === undefined && values.co === undefined) return;
	const reading = readRegion(values, context.settings.defaultRegion);
	if (!reading.conflict || !reading.source || reading.source === 'default') return;
	const place = places[reading.source];
	if (!place) return;
	context.report('phone.country-conflict', severity, reading.source, place, [values.c ?? '\u0000', values.countryCode ?? '\u0000', values.co ?? '\u0000']);
}

export const phoneFamily: RuleFamily = {
	id: 'phone',

	appliesTo: (info) => info.kind === 'phone',

	createChecker(): RuleChecker {
		const judge = createPhoneJudge();
		return {
			check(context) {
				const { entry, settings } = context;
				let judged = false;
				for (const attribute of entry.attributes) {
					if (attribute.info.kind !== 'phone') continue;
					const base = phoneSeverity(attribute.info, settings);
					if (!base) continue;
					for (const value of attribute.values) {
						if (!value.checked) continue;
						judged = true;
						const verdict = judge(value.text, context.region);
						remember(value.text, context.region, verdict);
						if (!verdict.code) continue;
						const severity = context.severity(verdict.code, base);
						if (severity) context.report(verdict.code, severity, attribute, value, argsOf(verdict), phoneFixValue(verdict.code, verdict));
					}
				}
				if (judged) checkCountries(context);
			},

			valueHover(attribute, value, context) {
				const checked = value.checked && phoneSeverity(attribute.info, context.settings) !== undefined;
				return phoneCard(attribute, value, judge(value.text, context.region), checked, context.now);
			},
		};
	},

	message(finding) {
		if (finding.code === 'phone.country-conflict') {
			// Arguments: c, countryCode and co as written (NUL where absent); the reading is theirs again.
			const [c, countryCode, co] = finding.args;
			const written = (value: string) => (value === '\u0000' ? undefined : value);
			const values = { c: written(c), countryCode: written(countryCode), co: written(co) };
			return regionConflictMessage(values, readRegion(values, ''));
		}
		return phoneMessage(finding.attribute, finding.value, verdictOf(finding));
	},

	fixTitle: (_finding, fixValue) => l10n.t('Write {0}', fixValue),

	attributeHover(info, settings) {
		const checked = checkedAs(info, settings);
		return checked ? [checked] : [];
	},
};
