/**
 * Where pieces are linted: in this thread, or spread over worker threads for large inputs. The
 * workers run the CLI's own script (see cliMain), so the bundle needs no second entry point.
 */
import { availableParallelism } from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import * as l10n from '@vscode/l10n';
import { lintPiece, PieceJob, PieceOutcome } from './pieceLinter';

export interface PieceRunner {
	/** Jobs may be queued; their outcomes resolve in any order. */
	lint(job: PieceJob): Promise<PieceOutcome>;
	/** How many jobs to keep queued to keep every thread busy. */
	readonly depth: number;
	close(): Promise<void>;
}

import type { Translations } from './locale';

export const inThread: PieceRunner = {
	lint: async (job) => lintPiece(job),
	depth: 1,
	close: async () => undefined,
};

const workerHeap = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 };

interface Pending {
	resolve(outcome: PieceOutcome): void;
	reject(error: Error): void;
}

/** One worker; it answers jobs in the order it gets them. */
class PieceWorker {
	readonly pending: Pending[] = [];
	private failure: Error | undefined;
	private readonly worker: Worker;

	constructor(script: string, translations: Translations) {
		// Without limits V8 lets a busy heap grow to hundreds of MB before collecting; a worker needs
		// a few tens (the engine's verdict cache, one piece's model).
		this.worker = new Worker(script, { workerData: { translations }, resourceLimits: workerHeap });
		this.worker.on('message', (outcome: PieceOutcome) => this.pending.shift()!.resolve(outcome));
		this.worker.on('error', (error) => this.fail(error));
		this.worker.on('exit', (code) => this.fail(new Error(`a worker thread stopped (exit code ${code})`)));
	}

	lint(job: PieceJob): Promise<PieceOutcome> {
		if (this.failure) return Promise.reject(this.failure);
		return new Promise((resolve, reject) => {
			this.pending.push({ resolve, reject });
			this.worker.postMessage(job);
		});
	}

	async close(): Promise<void> {
		this.worker.removeAllListeners('exit');
		await this.worker.terminate();
	}

	private fail(error: Error): void {
		this.failure ??= error;
		for (const pending of this.pending.splice(0)) pending.reject(error);
	}
}

/** Runs pieces on worker threads that run `script` (this CLI); one per core, at most `maxWorkers`. */
export function createWorkerPool(script: string, translations: Translations, maxWorkers = 4): PieceRunner {
	const size = Math.max(1, Math.min(availableParallelism(), maxWorkers));
	const workers = Array.from({ length: size }, () => new PieceWorker(script, translations));
	return {
		lint(job) {
			const idlest = workers.reduce((best, worker) => (worker.pending.length < best.pending.length ? worker : best));
			return idlest.lint(job);
		},
		depth: 2 * size,
		close: async () => {
			await Promise.all(workers.map((worker) => worker.close()));
		},
	};
}

/** The worker thread's side: lints the pieces the main thread posts. */
export function servePieces(): void {
	const { translations } = workerData as { translations: Translations };
	if (translations) l10n.config({ contents: translations });
	parentPort!.on('message', (job: PieceJob) => {
		const outcome = lintPiece(job);
		// The keys' numbers are handed over, not copied.
		parentPort!.postMessage(outcome, outcome.kind === 'linted' && outcome.keys.count > 0 ? [outcome.keys.numbers.buffer as ArrayBuffer] : []);
	});
}
