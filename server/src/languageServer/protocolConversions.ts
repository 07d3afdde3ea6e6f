/** Engine offsets and findings to LSP types, through the document's own line index. */
import { Diagnostic, DiagnosticSeverity, Range, TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Severity } from '../engine/linter';
import { fixTitle } from '../engine/linter';
import { DocumentFinding, findingMessage } from '../engine/pieces';

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

/** `finding` has offsets into the whole document. */
export function toDiagnostic(document: TextDocument, finding: DocumentFinding): Diagnostic {
	const data: DiagnosticData = { version: document.version };
	const fix = finding.fix;
	if (fix) data.fix = { title: fixTitle(fix.newText), edit: { range: toRange(document, fix.start, fix.end), newText: fix.newText } };
	return {
		range: toRange(document, finding.start, finding.end),
		severity: severities[finding.severity],
		code: finding.code,
		source: 'dirlint',
		message: findingMessage(finding),
		data,
	};
}
