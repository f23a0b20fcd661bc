/**
 * Ctrl-C during `mscn run` and `check`: the figures so far, marked as interrupted, exit 130.
 *
 * The engine is synchronous: while it runs, the main thread's event loop is blocked, so a SIGINT
 * listener would only run after the run ends (a 300-byte scenario can run for minutes). Node delivers
 * signals to the main thread only, never to a worker. So the engine runs in a worker thread
 * (engine-worker.ts) and the main thread stays free: its SIGINT listener stores 1 in a shared
 * Int32Array, the engine's `isCancelled` reads it with Atomics.load (every ~64k operations and before
 * every statement), stops as at its budget, and the worker posts the partial results back. A
 * second Ctrl-C exits at once. Without the bundled worker (the CLI imported from source, in tests) the
 * job runs in-process: same results, and Ctrl-C then ends the process as usual.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { executeJob, type EngineJob } from './engine-job.js';
import type { ScenarioRuns } from '../execution/run-scenario-file.js';

export const EXIT_INTERRUPTED = 130;

function workerScript(): string | undefined {
    const script = typeof __dirname === 'string' ? join(__dirname, 'engine-worker.cjs') : undefined;
    return script !== undefined && existsSync(script) ? script : undefined;
}

type Reply = { ok: true; result: unknown } | { ok: false; message: string };

export class EngineThread {
    private readonly flag = new Int32Array(new SharedArrayBuffer(4));
    private worker: Worker | undefined;
    private readonly onSigint = (): void => {
        if (this.interrupted) process.exit(EXIT_INTERRUPTED);
        Atomics.store(this.flag, 0, 1);
    };

    constructor() {
        process.on('SIGINT', this.onSigint);
    }

    /** Whether Ctrl-C was pressed: the results are partial. */
    get interrupted(): boolean {
        return Atomics.load(this.flag, 0) !== 0;
    }

    /** Runs the job in the worker; rejects with the engine's message if it threw or the worker died. */
    run(job: EngineJob): Promise<ScenarioRuns[]> {
        const script = workerScript();
        if (script === undefined) return executeJob(job, () => this.interrupted);
        const worker = (this.worker ??= new Worker(script));
        return new Promise((resolve, reject) => {
            const onError = (error: Error): void => {
                this.worker = undefined;
                reject(new Error(`the engine thread stopped: ${error.message}`));
            };
            const onExit = (code: number): void => onError(new Error(`exit code ${code}`));
            worker.once('error', onError);
            worker.once('exit', onExit);
            worker.once('message', (reply: Reply) => {
                worker.removeListener('error', onError);
                worker.removeListener('exit', onExit);
                if (reply.ok) resolve(reply.result as ScenarioRuns[]);
                else reject(new Error(reply.message));
            });
            worker.postMessage({ job, flag: this.flag.buffer });
        });
    }

    /** Ends the worker and stops listening for Ctrl-C. */
    async close(): Promise<void> {
        process.removeListener('SIGINT', this.onSigint);
        const worker = this.worker;
        this.worker = undefined;
        if (worker) await worker.terminate();
    }
}

/**
 * The line that marks partial figures: `interrupted by SIGINT at statement 7 (line 12) of run bomb,
 * variant base: figures are partial`; the variant Ctrl-C stopped, else the runs that did not start.
 */
export function interruptedLine(runs: readonly ScenarioRuns[]): string {
    for (const r of runs) {
        for (const result of r.results) {
            if (result.stopped?.reason !== 'cancelled') continue;
            const id = result.stopped.statementId;
            const line = result.statements.find(s => s.id === id)?.loc.line;
            const where = id >= 0 && line !== undefined ? `at statement ${id} (line ${line}) of` : 'in';
            return `interrupted by SIGINT ${where} run ${r.run}, variant ${result.variant}: figures are partial`;
        }
    }
    return 'interrupted by SIGINT: the runs after these did not start; figures are partial';
}
