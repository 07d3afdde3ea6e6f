/**
 * A lint worker: a thread that reads and lints pieces of a document, so a large export is checked
 * on both cores while the server's main thread keeps answering the editor. It runs the same engine
 * as everything else; its phone-verdict cache lives as long as the thread.
 */
import { parentPort } from 'node:worker_threads';
import { resolveSettings } from '../../../shared/src/settings';
import { createLinter } from '../engine/linter';
import type { ExportFormat } from '../engine/model';
import { lintPiece, PieceResult, transferables } from '../engine/pieces';
import { configureLocale } from './localization';

export interface LintTask {
	id: number;
	piece: string;
	context: string;
	format: ExportFormat;
	settings: unknown;
	/** Make the families' records (a report's run). */
	recording?: boolean;
}

export type WorkerMessage = { init: { locale: string } } | { task: LintTask };
export type WorkerReply = { ready: true } | { id: number; result: PieceResult } | { id: number; error: string };

export function runLintWorker(): void {
	const port = parentPort;
	if (!port) return;
	const linter = createLinter();
	port.on('message', (message: WorkerMessage) => {
		if ('init' in message) {
			configureLocale(message.init.locale);
			port.postMessage({ ready: true } satisfies WorkerReply);
			return;
		}
		const task = message.task;
		try {
			const result = lintPiece(linter, task.piece, task.context, task.format, resolveSettings(task.settings), task.recording === true);
			// The packed arrays are handed over, not copied.
			port.postMessage({ id: task.id, result } satisfies WorkerReply, transferables(result));
		} catch (error) {
			port.postMessage({ id: task.id, error: String((error as Error)?.stack ?? error) } satisfies WorkerReply);
		}
	});
}
