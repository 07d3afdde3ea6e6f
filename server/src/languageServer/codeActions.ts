/** Quick fixes per diagnostic, and the versioned fix-all behind source.fixAll.dirlint. */
import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import * as l10n from '@vscode/l10n';
import { codeInfo, Commands, DiagnosticCode, fixAllCodeActionKind, fixableCodes, isDiagnosticCode } from '../../../shared/src/codes';
import { nonOverlapping } from '../engine/edits';
import type { DocumentLint } from './documentLint';
import { DiagnosticData, toRange } from './protocolConversions';

/**
 * One TextDocumentEdit with every fix, for the document version it was computed on; undefined
 * when there is nothing to fix. Overlapping edits are dropped (the first wins).
 */
export function fixAllEdit(document: TextDocument, lint: DocumentLint): WorkspaceEdit | undefined {
	const fixes = lint.findings().shown.flatMap((finding) => (finding.fix ? [finding.fix] : []));
	const edits = nonOverlapping(fixes.map((fix) => ({ span: { start: fix.start, end: fix.end }, newText: fix.newText })))
		.map((edit) => ({ range: toRange(document, edit.span.start, edit.span.end), newText: edit.newText }));
	if (edits.length === 0) return undefined;
	return { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, edits)] };
}

/** What a lazily resolved "fix all" action carries until the client asks for its edit. */
export interface FixAllActionData {
	fixAllUri: string;
	version: number;
}

function wants(only: string[] | undefined, kind: string): boolean {
	return !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

export interface CodeActionOptions {
	/** The client registered dirlint.openSetting (the VS Code client does). */
	canOpenSetting: boolean;
	/** The client resolves a code action's edit lazily (codeAction/resolve). */
	canResolveEdits: boolean;
}

function isOurs(diagnostic: Diagnostic): boolean {
	return diagnostic.source === 'dirlint' && typeof diagnostic.code === 'string';
}

function fixAllAction(kind: string, document: TextDocument, lint: DocumentLint, lazy: boolean): CodeAction | undefined {
	const title = l10n.t('Fix all fixable problems in this file');
	if (lazy) return { title, kind, data: { fixAllUri: document.uri, version: document.version } satisfies FixAllActionData };
	const edit = fixAllEdit(document, lint);
	return edit && { title, kind, edit };
}

/** `lint` must be complete for the document's current version when fix-all is asked for. */
export function getCodeActions(params: CodeActionParams, document: TextDocument, lint: DocumentLint, options: CodeActionOptions): CodeAction[] {
	const only = params.context.only;
	if (only?.some((kind) => kind.startsWith(CodeActionKind.SourceFixAll)) && wants(only, fixAllCodeActionKind)) {
		const action = fixAllAction(fixAllCodeActionKind, document, lint, false);
		return action ? [action] : [];
	}
	if (!wants(only, CodeActionKind.QuickFix)) return [];

	const actions: CodeAction[] = [];
	let fixable = false;
	for (const diagnostic of params.context.diagnostics) {
		if (!isOurs(diagnostic)) continue;
		const code = diagnostic.code as DiagnosticCode;
		const data = diagnostic.data as DiagnosticData | undefined;
		// A diagnostic from an older version has an edit for text that has moved: never offer it (an editor
		// may not check the version, e.g. Neovim at version 0). Fresh diagnostics follow the new lint.
		if (data && data.version !== document.version) continue;
		if (fixableCodes.has(code) && data?.fix) {
			fixable = true;
			actions.push({
				title: data.fix.title,
				kind: CodeActionKind.QuickFix,
				diagnostics: [diagnostic],
				isPreferred: true,
				// The version the diagnostic was computed for: the editor refuses the edit if the text moved on.
				edit: { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: data.version }, [data.fix.edit])] },
			});
		} else if (options.canOpenSetting && isDiagnosticCode(code)) {
			const setting = codeInfo(code).setting;
			if (!setting) continue;
			const title = l10n.t('Set {0}…', setting);
			actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title, command: Commands.openSetting, arguments: [setting] } });
		}
	}
	if (fixable) {
		const action = fixAllAction(CodeActionKind.QuickFix, document, lint, options.canResolveEdits);
		if (action) actions.push(action);
	}
	return actions;
}

/** codeAction/resolve: the edit of a lazily created "fix all" action, if the document has not moved on. */
export function resolveFixAll(action: CodeAction, document: TextDocument | undefined, lint: DocumentLint | undefined): CodeAction {
	const data = action.data as FixAllActionData | undefined;
	if (!data || !document || !lint || document.version !== data.version) return action;
	const edit = fixAllEdit(document, lint);
	return edit ? { ...action, edit } : action;
}
