/** Quick fixes per diagnostic, and the versioned fix-all behind source.fixAll.dirlint. */
import { CodeAction, CodeActionKind, CodeActionParams, Command, Diagnostic, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import * as l10n from '@vscode/l10n';
import { Commands, DiagnosticCodes, fixAllCodeActionKind, fixableCodes, DiagnosticCode } from '../../../shared/src/codes';
import type { Linter } from '../engine/linter';
import type { LintResult } from './workspaceState';
import { DiagnosticData, toTextEdit } from './protocolConversions';

function isOurs(diagnostic: Diagnostic): boolean {
	return diagnostic.source === 'dirlint' && typeof diagnostic.code === 'string';
}

/** One TextDocumentEdit with every fix, for the version the lint was computed on. */
export function fixAllEdit(document: TextDocument, result: LintResult, linter: Linter): WorkspaceEdit | undefined {
	if (result.version !== document.version) return undefined;
	const edits = linter.fixAllEdits(result.findings).map((edit) => toTextEdit(document, edit));
	if (edits.length === 0) return undefined;
	return { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, edits)] };
}

function wantsKind(only: string[] | undefined, kind: string): boolean {
	return !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

export interface CodeActionOptions {
	/** The client has registered dirlint.openRegionSetting (the VS Code client does). */
	canOpenRegionSetting: boolean;
}

export function getCodeActions(params: CodeActionParams, document: TextDocument, result: LintResult, linter: Linter, options: CodeActionOptions): (CodeAction | Command)[] {
	const actions: CodeAction[] = [];
	const only = params.context.only;
	if (wantsKind(only, fixAllCodeActionKind) && only?.some((kind) => kind.startsWith(CodeActionKind.SourceFixAll))) {
		const edit = fixAllEdit(document, result, linter);
		if (edit) actions.push({ title: l10n.t('Fix all phone numbers in this file'), kind: fixAllCodeActionKind, edit });
		return actions;
	}
	if (!wantsKind(only, CodeActionKind.QuickFix)) return actions;

	let fixableSeen = false;
	for (const diagnostic of params.context.diagnostics) {
		if (!isOurs(diagnostic)) continue;
		const code = diagnostic.code as DiagnosticCode;
		const data = diagnostic.data as DiagnosticData | undefined;
		if (fixableCodes.has(code) && data?.fix) {
			fixableSeen = true;
			actions.push({
				title: data.fix.title,
				kind: CodeActionKind.QuickFix,
				diagnostics: [diagnostic],
				isPreferred: true,
				edit: { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: data.version }, [data.fix.edit])] },
			});
		} else if (code === DiagnosticCodes.phoneMissingCountryCode && options.canOpenRegionSetting) {
			actions.push({
				title: l10n.t('Set dirlint.defaultRegion…'),
				kind: CodeActionKind.QuickFix,
				diagnostics: [diagnostic],
				command: { title: l10n.t('Set dirlint.defaultRegion…'), command: Commands.openRegionSetting },
			});
		}
	}
	if (fixableSeen) {
		const edit = fixAllEdit(document, result, linter);
		if (edit) actions.push({ title: l10n.t('Fix all phone numbers in this file'), kind: CodeActionKind.QuickFix, edit });
	}
	return actions;
}
