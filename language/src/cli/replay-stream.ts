/**
 * A trace read and parsed on the main thread, chunk by chunk through one reused buffer, so that memory
 * stays flat however long the trace is (docs/model.md section 12): the source of batches for a trace of
 * one chunk, or when the parse thread's bundle is not there (the CLI run from source, in tests). Also the
 * progress bar, drawn when stderr is a terminal.
 */
import * as fs from 'node:fs';
import { PageRuns } from '../engine/page-runs.js';
import { BATCH_CAPACITY, CHUNK_BYTES, TraceBatcher } from './replay-batches.js';
import type { BatchSource, SourcedBatch } from './replay-pipeline.js';

/** Redraw the bar at most this often: a redraw per chunk would flood a slow terminal. */
const PROGRESS_INTERVAL_MS = 100;
const BAR_WIDTH = 30;

export class InThreadSource implements BatchSource {
    private readonly batcher = new TraceBatcher();
    // A plain Uint8Array, not a Buffer: the parser's byte loop stays monomorphic (see lackey.ts).
    private readonly chunk = new Uint8Array(CHUNK_BYTES);
    private readonly runs = new PageRuns(BATCH_CAPACITY);
    private position = 0;
    private closed = false;

    /** `ownsFd` false: the descriptor is shared with the parse thread, whose source closes it. */
    constructor(
        private readonly fd: number,
        readonly size: number,
        private readonly ownsFd = true,
    ) {}

    /**
     * Reads and parses the next chunk. Yields to the event loop first so that Ctrl-C (SIGINT) is seen
     * between chunks; a yield per megabyte costs nothing measurable.
     */
    async next(): Promise<SourcedBatch> {
        await new Promise<void>(resolve => setImmediate(resolve));
        const n = fs.readSync(this.fd, this.chunk, 0, CHUNK_BYTES, this.position);
        this.position += n;
        const data = n === 0 ? undefined : n === CHUNK_BYTES ? this.chunk : this.chunk.subarray(0, n);
        return { batch: this.batcher.parse(data, this.runs), vpn: this.runs.vpn, run: this.runs.run };
    }

    close(): Promise<void> {
        if (!this.closed && this.ownsFd) fs.closeSync(this.fd);
        this.closed = true;
        return Promise.resolve();
    }
}

export class ProgressBar {
    private lastDraw = 0;

    constructor(private readonly total: number) {}

    update(done: number, describe: () => string): void {
        const now = Date.now();
        if (now - this.lastDraw < PROGRESS_INTERVAL_MS) return;
        this.lastDraw = now;
        const fraction = this.total > 0 ? Math.min(1, done / this.total) : 1;
        const filled = Math.round(fraction * BAR_WIDTH);
        const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
        process.stderr.write(`\r${bar} ${(fraction * 100).toFixed(0).padStart(3)}%  ${describe()}\x1b[K`);
    }

    clear(): void {
        if (this.lastDraw > 0) process.stderr.write('\r\x1b[K');
    }
}
