/**
 * The server's side of the run worker: one worker thread, one run at a time. Cancelling stores 0 in
 * the shared flag (the engine polls it through `isCancelled`); a worker that has not answered a
 * second later is terminated and a fresh one started, so that no run can hold the editor hostage.
 */
import { Worker } from 'node:worker_threads';
import type { ScenarioConfig } from '../../../language/src/engine/scenario.js';
import type { RunJob } from '../../../language/src/execution/run-job.js';
import { parseFromWorker, type FromWorker, type ToWorker } from './messages.js';

/** A run job (execution/run-job.ts) with the editor's budget and the cost-overrides file the worker reads. */
export interface WorkerJob extends RunJob {
    budget: number;
    /** The `mscn.costs.overridesFile` setting as written ('' for none), relative to the scenario or absolute. */
    costOverridesFile: string;
}

/** A lazy snapshot: `config` run again up to `statementId` (messages.ts SnapshotRequest). */
export interface SnapshotJob {
    fsPath: string;
    config: ScenarioConfig;
    statementId: number;
    budget: number;
}

/** A reply, or `cancelled` when a newer job or an edit took over. */
export type JobOutcome = FromWorker | 'cancelled';

interface Pending {
    request: ToWorker;
    resolve: (outcome: JobOutcome) => void;
}

const KILL_AFTER_MS = 1000;

export class WorkerHost {
    private worker: Worker | undefined;
    private readonly cancelBuffer = new SharedArrayBuffer(4);
    private readonly flag = new Int32Array(this.cancelBuffer);
    private nextId = 1;
    private pending: Pending | undefined;
    /** Id of a cancelled run the worker is still finishing, and the timer that kills it. */
    private draining: { id: number; timer: NodeJS.Timeout } | undefined;

    constructor(
        private readonly script: string,
        private readonly log: (message: string) => void = () => {},
    ) {}

    run(job: WorkerJob): Promise<JobOutcome> {
        return this.post({ kind: 'run', id: this.nextId++, cancel: this.cancelBuffer, ...job });
    }

    snapshot(job: SnapshotJob): Promise<JobOutcome> {
        return this.post({ kind: 'snapshot', id: this.nextId++, cancel: this.cancelBuffer, ...job });
    }

    private post(request: ToWorker): Promise<JobOutcome> {
        this.cancel();
        Atomics.store(this.flag, 0, request.id);
        return new Promise(resolve => {
            this.pending = { request, resolve };
            this.ensureWorker().postMessage(request);
        });
    }

    /** Stops the run in flight, if any; its promise resolves to `cancelled` at once. */
    cancel(): void {
        const pending = this.pending;
        if (!pending) return;
        this.pending = undefined;
        Atomics.store(this.flag, 0, 0);
        pending.resolve('cancelled');
        if (this.draining) clearTimeout(this.draining.timer);
        this.draining = { id: pending.request.id, timer: setTimeout(() => this.kill('did not stop'), KILL_AFTER_MS) };
    }

    /** Starts the worker thread ahead of its first job (loading the bundle takes a while on a busy machine). */
    warm(): void {
        this.ensureWorker();
    }

    get busy(): boolean {
        return this.pending !== undefined;
    }

    dispose(): void {
        this.cancel();
        if (this.draining) clearTimeout(this.draining.timer);
        void this.worker?.terminate();
        this.worker = undefined;
    }

    private ensureWorker(): Worker {
        if (this.worker) return this.worker;
        const worker = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: 4096 } });
        worker.on('message', message => this.onReply(message));
        worker.on('error', error => this.onCrash(worker, error.message));
        worker.on('exit', code => this.onCrash(worker, `the run worker exited with code ${code}`));
        worker.unref();
        this.worker = worker;
        return worker;
    }

    private onReply(message: unknown): void {
        const reply = parseFromWorker(message);
        if (typeof reply === 'string') {
            this.log(`run worker: ${reply}`);
            return;
        }
        if (this.draining?.id === reply.id) {
            clearTimeout(this.draining.timer);
            this.draining = undefined;
        }
        if (this.pending?.request.id !== reply.id) return; // a cancelled run's late answer
        const { resolve } = this.pending;
        this.pending = undefined;
        resolve(reply);
    }

    /** Terminate a worker that ignores cancellation; the job that waits behind it is posted to a new one. */
    private kill(reason: string): void {
        this.log(`run worker ${reason} within ${KILL_AFTER_MS} ms of a cancel: restarting it`);
        this.draining = undefined;
        const worker = this.worker;
        this.worker = undefined;
        void worker?.terminate();
        if (this.pending) this.ensureWorker().postMessage(this.pending.request);
    }

    private onCrash(worker: Worker, message: string): void {
        if (this.worker !== worker) return; // already replaced
        this.worker = undefined;
        if (this.draining) clearTimeout(this.draining.timer);
        this.draining = undefined;
        const pending = this.pending;
        this.pending = undefined;
        pending?.resolve({ kind: 'failed', id: pending.request.id, message });
    }
}
