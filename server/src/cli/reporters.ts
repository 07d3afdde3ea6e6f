/**
 * The three output formats. Each writes as findings arrive, so no output format holds a file's
 * findings in memory: begin(), then findings() per piece of each file, then end().
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as l10n from '@vscode/l10n';
import { allDiagnosticCodes, codeDocumentationUrl, codeTable } from '../../../shared/src/codes';
import type { Severity } from '../engine/linter';
import type { OutputFormat } from './args';
import type { LocatedFinding, Range } from './pieceLinter';

export interface Reporter {
	begin(): string;
	findings(file: string, findings: readonly LocatedFinding[]): string;
	end(): string;
}

/** One finding per line: a value's line break, quoted in its message, is written as \n. */
function oneLine(message: string): string {
	return message.replace(/\r\n|\r|\n/g, '\\n');
}

function textReporter(): Reporter {
	return {
		begin: () => '',
		findings: (file, findings) => findings
			.map((finding) => `${file}:${finding.range.line}:${finding.range.column} ${finding.severity} ${finding.code} ${oneLine(finding.message)}${alsoAt(finding)}\n`)
			.join(''),
		end: () => '',
	};
}

/** A duplicate's other holders, on the same line: ` (also at users.csv:12:5, users2.csv:3:1)`. */
function alsoAt(finding: LocatedFinding): string {
	if (!finding.related?.length) return '';
	return ` (${l10n.t('also at {0}', finding.related.map((place) => `${place.file}:${place.range.line}:${place.range.column}`).join(', '))})`;
}

/** Comma-separates the items of a JSON array written in parts. */
function arrayItems(): (items: string[]) => string {
	let first = true;
	return (items) => {
		if (items.length === 0) return '';
		const text = (first ? '\n' : ',\n') + items.join(',\n');
		first = false;
		return text;
	};
}

function jsonReporter(): Reporter {
	const items = arrayItems();
	return {
		begin: () => '[',
		findings: (file, findings) => items(findings.map((finding) => JSON.stringify({
			file,
			...finding.range,
			severity: finding.severity,
			code: finding.code,
			message: finding.message,
			...(finding.fix ? { fix: { text: finding.fix.newText, ...finding.fix.range } } : {}),
			...(finding.related ? { related: finding.related.map((place) => ({ file: place.file, ...place.range, message: place.message })) } : {}),
		}))),
		end: () => '\n]\n',
	};
}

const sarifLevels: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** A relative path stays a relative URI reference (for code scanning); an absolute one becomes a file URI. */
export function artifactUri(file: string): string {
	if (path.isAbsolute(file)) return pathToFileURL(file).href;
	return file.split(path.sep).map(encodeURIComponent).join('/');
}

function sarifRegion(range: Range) {
	return { startLine: range.line, startColumn: range.column, endLine: range.endLine, endColumn: range.endColumn };
}

function sarifResult(uri: string, finding: LocatedFinding) {
	const artifactLocation = { uri };
	return {
		ruleId: finding.code,
		ruleIndex: allDiagnosticCodes.indexOf(finding.code),
		level: sarifLevels[finding.severity],
		message: { text: finding.message },
		locations: [{ physicalLocation: { artifactLocation, region: sarifRegion(finding.range) } }],
		...(finding.related ? {
			relatedLocations: finding.related.map((place, id) => ({
				id,
				physicalLocation: { artifactLocation: { uri: artifactUri(place.file) }, region: sarifRegion(place.range) },
				message: { text: place.message },
			})),
		} : {}),
		...(finding.fix ? {
			fixes: [{
				description: { text: finding.fix.title },
				artifactChanges: [{
					artifactLocation,
					replacements: [{ deletedRegion: sarifRegion(finding.fix.range), insertedContent: { text: finding.fix.newText } }],
				}],
			}],
		} : {}),
	};
}

/** SARIF 2.1.0: one run, its results written as they come. */
function sarifReporter(version: string): Reporter {
	const items = arrayItems();
	const driver = {
		name: 'dirlint',
		version,
		informationUri: 'https://github.com/dirlint/dirlint',
		rules: allDiagnosticCodes.map((code) => ({ id: code, shortDescription: { text: l10n.t(codeTable[code].description) }, helpUri: codeDocumentationUrl(code) })),
	};
	const log = {
		$schema: 'https://json.schemastore.org/sarif-2.1.0.json',
		version: '2.1.0',
		runs: [{ tool: { driver }, columnKind: 'utf16CodeUnits' }],
	};
	// The log without its closing `}]}`, then the run's results array, left open.
	const open = `${JSON.stringify(log).slice(0, -3)},"results":[`;
	return {
		begin: () => open,
		findings: (file, findings) => {
			const uri = artifactUri(file);
			return items(findings.map((finding) => JSON.stringify(sarifResult(uri, finding))));
		},
		end: () => '\n]}]}\n',
	};
}

export function createReporter(format: OutputFormat, version: string): Reporter {
	switch (format) {
		case 'json': return jsonReporter();
		case 'sarif': return sarifReporter(version);
		default: return textReporter();
	}
}
