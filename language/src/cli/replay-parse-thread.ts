/**
 * The main thread's side of the parse thread (replay-parse-worker.ts): `mscn replay` reads and parses
 * the trace on a second core while the engines replay the batches already parsed, so that the wall time
 * is about the larger of the two instead of their sum (docs/performance.md). The batches, their order and
 * their contents are those of the in-thread source (replay-stream.ts): the figures are the same.
 */
import { closeSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BATCH_CAPACITY } from './replay-batches.js';
import { BatchRing } from './replay-ring.js';
import type { ParseJob, ParseReply } from './replay-parse-worker.js';
import type { BatchSource, SourcedBatch } from './replay-pipeline.js';

/** out/cli/replay-parse-worker.cjs next to the running bundle, or undefined (the CLI run from source). */
export function parseWorkerScript(): string | undefined {
    const script = typeof __dirname === 'string' ? join(__dirname, 'replay-parse-worker.cjs') : undefined;
    return script !== undefined && existsSync(script) ? script : undefined;
}

export class ParseThreadSource implements BatchSource {
    private readonly ring = BatchRing.create();
    // The engines read private arrays: V8 reads a SharedArrayBuffer's typed arrays about 1.5x as slowly.
    private readonly vpn = new Float64Array(BATCH_CAPACITY);
    private readonly run = new Int32Array(BATCH_CAPACITY);
    private readonly worker: Worker;
    private readonly exited: Promise<void>;
    private failure: string | undefined;

    /** Starts the thread at once: it reads and parses while the caller sets up its engines. */
    constructor(
        script: string,
        private readonly fd: number,
        readonly size: number,
        offset: number,
    ) {
        const job: ParseJob = { fd, offset, buffers: this.ring.buffers };
        this.worker = new Worker(script, { workerData: job });
        this.worker.on('message', (reply: ParseReply) => this.fail(`cannot read the trace: ${reply.error}`));
        this.worker.on('error', error => this.fail(`the parse thread failed: ${error.message}`));
        this.exited = new Promise(resolve =>
            this.worker.once('exit', code => {
                // An exit before the last batch, unasked, is a failure; after it, the thread's normal end.
                this.fail(`the parse thread exited (code ${code})`);
                resolve();
            }),
        );
    }

    private fail(message: string): void {
        this.failure ??= message;
        this.ring.wake();
    }

    /**
     * Batch n once the thread has published it, copied out of the ring, whose slot is then free for the
     * thread at once; yields to the event loop first (Ctrl-C).
     */
    async next(n: number): Promise<SourcedBatch> {
        await new Promise<void>(resolve => setImmediate(resolve));
        while (this.ring.published() <= n) {
            if (this.failure !== undefined) throw new Error(this.failure);
            await this.ring.waitPublished(n);
        }
        const batch = this.ring.take(n, this.vpn, this.run);
        return { batch, vpn: this.vpn, run: this.run };
    }

    /** Stops the thread (when the replay stopped early), waits for it to end and closes the trace. */
    async close(): Promise<void> {
        this.ring.stop();
        await this.exited;
        closeSync(this.fd);
    }
}
