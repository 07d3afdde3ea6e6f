/**
 * dirlint's own requests between the VS Code client and the language server, beyond LSP: the
 * readiness report and its one-line summary, and AD change files. Method names and plain JSON
 * shapes only, so the client bundle stays free of the engine: the server computes, the client shows.
 */
import type { ReadinessReport, ReadinessSummary } from './readiness';

/** `dirlint/readiness`: the readiness report of one document, or of every export the server knows. */
export const readinessRequest = 'dirlint/readiness';

export interface ReadinessParams {
	/** The document; without it, every open export and every export of the workspace folders. */
	uri?: string;
}

/**
 * The report (`dirlint report --format json`'s shape: users not joined with registration details,
 * so `registered` is null), and the document each user's `file` names: the report names files by
 * workspace-relative path, the client opens them by URI.
 */
export interface ReadinessResult extends ReadinessReport {
	uris: Record<string, string>;
}

/** `dirlint/readinessSummary`: only the totals of one document, for the language status item. */
export const readinessSummaryRequest = 'dirlint/readinessSummary';

export interface ReadinessSummaryParams {
	uri: string;
}

/** The totals, or null when the document is not an export dirlint reads (or its text moved on meanwhile). */
export type ReadinessSummaryResult = ReadinessSummary | null;

/** `dirlint/changeFile`: an AD change file and its undo for an open document. */
export const changeFileRequest = 'dirlint/changeFile';

/** Where the baseline of a comparison comes from: the text as first opened, or the last commit. */
export type BaselineSource = 'opened' | 'head';

export interface ChangeFileParams {
	uri: string;
	/**
	 * The document version the preview was made for: the server refuses to compute for another
	 * one, so what is written is what was previewed. Without it, the current version.
	 */
	documentVersion?: number;
	/** Compare: the change file makes the directory hold the current text where it differs from this one. Without it: every fix of the current text. */
	baseline?: { text: string; source: BaselineSource };
	options: {
		format: 'ldif' | 'powershell';
		eol: 'crlf' | 'lf';
		/** Write `version: 1` first (LDIF; Samba's ldbmodify refuses it). */
		version: boolean;
	};
	/** The file names (names, not paths) the header comments give. */
	names: { changes: string; undo: string };
}

/** The texts to write, and what they do. */
export interface ChangeFileResult {
	documentVersion: number;
	changes: string;
	undo: string;
	/** PowerShell: the script that applies either data file, and the name it is written under beside them. */
	script?: { name: string; text: string };
	/** Entries with a record in the change file, and the values they change. */
	entries: number;
	values: number;
	duplicatesDropped: number;
	/** Entries left out (no DN, only in one of the two texts, change records). */
	skippedEntries: number;
	/** The summary as sentences, one a line, worded in the server's language (describeChangeSummary's, its table as sentences). */
	lines: string[];
}

/** Why no change file was computed (the document is not open, or moved on since the preview), worded for the user. */
export interface ChangeFileRefusal {
	refused: string;
}

export type ChangeFileResponse = ChangeFileResult | ChangeFileRefusal;
