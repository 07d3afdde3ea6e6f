/** Engine offsets and findings to LSP types, through the document's own line index. */
import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Range, TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { codeDocumentationUrl, isDiagnosticCode } from '../../../shared/src/codes';
import type { Severity } from '../engine/linter';
import { DocumentFinding, findingMessage, fixTitleOf } from '../engine/pieces';

const severities: Record<Severity, DiagnosticSeverity> = {
	error: DiagnosticSeverity.Error,
	warning: DiagnosticSeverity.Warning,
	information: DiagnosticSeverity.Information,
	hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries for its quick fix: the edit, computed when the diagnostic was. */
export interface DiagnosticData {
	/** The document version the fix was computed for: an edit for another version is refused. */
	version: number;
	fix?: { title: string; edit: TextEdit };
}

export function toRange(document: TextDocument, start: number, end: number): Range {
	return { start: document.positionAt(start), end: document.positionAt(end) };
}

/** The document of another file a related place is in, where the server has it. */
export type DocumentFor = (uri: string) => TextDocument | undefined;

/** `finding` has offsets into the whole document; related places in other documents are found with `documentFor`. */
export function toDiagnostic(document: TextDocument, finding: DocumentFinding, documentFor: DocumentFor = () => undefined): Diagnostic {
	const data: DiagnosticData = { version: document.version };
	const fix = finding.fix;
	if (fix) data.fix = { title: fixTitleOf(finding), edit: { range: toRange(document, fix.start, fix.end), newText: fix.newText } };
	const diagnostic: Diagnostic = {
		range: toRange(document, finding.start, finding.end),
		severity: severities[finding.severity],
		code: finding.code,
		source: 'dirlint',
		message: findingMessage(finding),
		data,
	};
	if (isDiagnosticCode(finding.code)) diagnostic.codeDescription = { href: codeDocumentationUrl(finding.code) };
	if (finding.related) {
		const related: DiagnosticRelatedInformation[] = [];
		for (const place of finding.related) {
			const other = place.uri === undefined || place.uri === document.uri ? document : documentFor(place.uri);
			if (other) related.push({ location: { uri: other.uri, range: toRange(other, place.start, place.end) }, message: place.message });
		}
		diagnostic.relatedInformation = related;
	}
	return diagnostic;
}
