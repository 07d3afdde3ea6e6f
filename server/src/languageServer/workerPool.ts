/**
 * Runs lint tasks on worker threads (one per core, at most two by default), queued in order.
 * A queued task whose run was superseded is dropped before it starts, so the newest edit wins.
 * Where threads are unavailable, tasks run in this thread.
 */
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import { resolveSettings } from '../../../shared/src/settings';
import { createLinter, Linter } from '../engine/linter';
import { lintPiece, PieceResult } from '../engine/pieces';
import type { LintTask, WorkerMessage, WorkerReply } from './lintWorker';

/**
 * Tasks sent ahead to each thread: while a thread lints one piece the next waits in its port, so the
 * thread never idles while this thread is busy (linting a piece itself, or reading a large message).
 */
const tasksPerThread = 2;

interface Queued {
	task: LintTask;
	/** Lint on this thread: the piece belongs to a document too small to gain from a second thread. */
	here: boolean;
	isStale: () => boolean;
	resolve: (result: PieceResult | undefined) => void;
	reject: (error: Error) => void;
}

export class WorkerPool {
	/** Threads that said they are ready, with the ids of the tasks sent to each, oldest first. */
	private readonly ready = new Map<Worker, number[]>();
	private readonly workers: Worker[] = [];
	private readonly running = new Map<number, Queued>();
	private readonly queue: Queued[] = [];
	private nextId = 1;
	private inProcess: Linter | undefined;
	private inProcessScheduled = false;
	/** Threads that have not said they are ready; while all are starting, pieces are linted here. */
	private starting = 0;

	/** `script` is the bundle to start threads from (dist/server.js runs as a worker when not on the main thread). */
	constructor(script: string | undefined, locale: string, size = Math.max(1, Math.min(2, os.availableParallelism?.() ?? os.cpus().length) - 1)) {
		if (!script) return;
		this.starting = size;
		for (let i = 0; i < size; i++) {
			// No heap limits: they did not lower peak RSS (the main thread's document copies did), and a
			// small young generation made the workers spend a fifth of their time collecting garbage.
			const worker = new Worker(script);
			worker.postMessage({ init: { locale } } satisfies WorkerMessage);
			worker.on('message', (reply: WorkerReply) => this.finished(worker, reply));
			worker.on('error', (error) => this.failed(worker, error));
			worker.unref();
			this.workers.push(worker);
		}
	}

	/** Lints a piece; resolves undefined when the task went stale before it started. */
	run(task: Omit<LintTask, 'id'>, isStale: () => boolean, here = false): Promise<PieceResult | undefined> {
		return new Promise((resolve, reject) => {
			this.queue.push({ task: { ...task, id: this.nextId++ }, here, isStale, resolve, reject });
			this.dispatch();
		});
	}

	private dispatch(): void {
		while (this.queue.length > 0) {
			const queued = this.queue[0];
			if (queued.isStale()) {
				this.queue.shift();
				queued.resolve(undefined);
				continue;
			}
			const worker = queued.here ? undefined : this.leastBusy();
			if (worker) {
				this.queue.shift();
				this.running.set(queued.task.id, queued);
				this.ready.get(worker)!.push(queued.task.id);
				worker.postMessage({ task: queued.task } satisfies WorkerMessage);
				continue;
			}
			// Every thread busy or still loading (or none at all): this thread lints too, one piece per
			// turn of the event loop, so requests are still answered between pieces.
			if (!this.inProcessScheduled) {
				this.inProcessScheduled = true;
				setImmediate(() => {
					this.inProcessScheduled = false;
					this.runOneHere();
					this.dispatch();
				});
			}
			return;
		}
	}

	/** The ready thread with the fewest tasks, if one can take another. */
	private leastBusy(): Worker | undefined {
		let best: Worker | undefined;
		let fewest = tasksPerThread;
		for (const [worker, tasks] of this.ready) {
			if (tasks.length < fewest) {
				best = worker;
				fewest = tasks.length;
			}
		}
		return best;
	}

	private runOneHere(): void {
		const queued = this.queue.shift();
		if (!queued) return;
		if (queued.isStale()) return queued.resolve(undefined);
		this.inProcess ??= createLinter();
		const { task } = queued;
		try {
			queued.resolve(lintPiece(this.inProcess, task.piece, task.context, task.format, resolveSettings(task.settings), task.recording === true));
		} catch (error) {
			queued.reject(error as Error);
		}
	}

	private finished(worker: Worker, reply: WorkerReply): void {
		if ('ready' in reply) {
			this.starting--;
			this.ready.set(worker, []);
			this.dispatch();
			return;
		}
		const queued = this.running.get(reply.id);
		this.running.delete(reply.id);
		const tasks = this.ready.get(worker);
		tasks?.splice(tasks.indexOf(reply.id), 1);
		if (queued) {
			if ('result' in reply) queued.resolve(reply.result);
			else queued.reject(new Error(reply.error));
		}
		this.dispatch();
	}

	/** A thread died: fail its tasks, drop the thread, and carry on with the others (or in process). */
	private failed(worker: Worker, error: Error): void {
		const tasks = this.ready.get(worker);
		if (!tasks) this.starting--; // it died while starting
		this.ready.delete(worker);
		this.workers.splice(this.workers.indexOf(worker), 1);
		for (const id of tasks ?? []) {
			const queued = this.running.get(id);
			this.running.delete(id);
			queued?.reject(error);
		}
		this.dispatch();
	}

	dispose(): void {
		for (const worker of this.workers) void worker.terminate();
	}
}
