/** Engine offsets and findings to LSP types, through the document's own line index. */
import { Diagnostic, DiagnosticSeverity, Range, TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Severity } from '../engine/linter';
import type { Span } from '../engine/model';
import type { TextEdit as EngineEdit } from '../engine/edits';

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

export function toRange(document: TextDocument, span: Span): Range {
	return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
}

export function toTextEdit(document: TextDocument, edit: EngineEdit): TextEdit {
	return { range: toRange(document, edit.span), newText: edit.newText };
}

export function toDiagnostic(document: TextDocument, finding: Finding): Diagnostic {
	const data: DiagnosticData = { version: document.version };
	if (finding.fix) data.fix = { title: finding.fix.title, edit: toTextEdit(document, finding.fix.edit) };
	return {
		range: toRange(document, finding.span),
		severity: severities[finding.severity],
		code: finding.code,
		source: 'dirlint',
		message: finding.message,
		data,
	};
}
