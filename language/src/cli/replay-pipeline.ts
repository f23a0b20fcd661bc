/**
 * `mscn replay`'s loop: batches of page runs (replay-batches.ts) from a source, replayed by the engines
 * in order, with a progress bar and a stop between batches (Ctrl-C, a budget). The source is the main
 * thread itself (replay-stream.ts), or with MSCN_REPLAY_THREADS=2 and a trace of more than one chunk the
 * parse thread (replay-parse-thread.ts) as well; both give the same batches, so the same figures.
 */
import { availableParallelism } from 'node:os';
import { openRegularFile } from '../files/regular-file.js';
import { CHUNK_BYTES, type Batch } from './replay-batches.js';
import { ParseThreadSource, parseWorkerScript } from './replay-parse-thread.js';
import { InThreadSource, ProgressBar } from './replay-stream.js';

export interface SourcedBatch {
    batch: Batch;
    vpn: Float64Array;
    run: Int32Array;
}

export interface BatchSource {
    /** The trace's size in bytes (for the progress bar). */
    readonly size: number;
    /** Batch n (0, 1, 2, ... in turn); its arrays stay valid until the next call. */
    next(n: number): Promise<SourcedBatch>;
    /** Ends reading (early or not) and frees the descriptor. */
    close(): Promise<void>;
}

/**
 * The share of the chunks the main thread parses itself, the first ones, while the parse thread starts up
 * and parses the rest (at least the first chunk). The parse thread's first batch comes 0.12-0.15 s after
 * it is started (a worker's start-up, then a cold parser), the engines cost about 0.7 of the parse per
 * batch, and the parse thread's batches cost it about 1.3x what they cost the main thread (the copy into
 * the ring): with this split the two finish at about the same time (docs/performance.md).
 */
const MAIN_THREAD_SHARE = 0.2;

/**
 * The parse thread runs when the machine has cores to spare (4 or more), or when MSCN_REPLAY_THREADS=2
 * asks for it (=1 refuses it). On this project's 2-CPU machine it is within the noise of one thread when
 * the machine is quiet (0.41 s against 0.43 s) and slower under load, for 0.15 s more CPU
 * (docs/performance.md). `node scripts/bench.mjs --only replay-refsim` prints both on any machine.
 */
function useParseThread(): boolean {
    const asked = process.env.MSCN_REPLAY_THREADS;
    return asked === '2' || (asked !== '1' && availableParallelism() >= 4);
}

/** Opens the trace and, if it is more than one chunk and the parse thread is bundled, starts parsing it. */
export function openTrace(path: string): BatchSource | string {
    const opened = openRegularFile(path);
    if (!opened.ok) return `${path}: ${opened.reason}`;
    const chunks = Math.ceil(opened.size / CHUNK_BYTES);
    const script = chunks > 1 && useParseThread() ? parseWorkerScript() : undefined;
    if (!script) return new InThreadSource(opened.fd, opened.size);
    const head = Math.max(1, Math.floor(chunks * MAIN_THREAD_SHARE));
    const thread = new ParseThreadSource(script, opened.fd, opened.size, head * CHUNK_BYTES);
    return new SplitSource(new InThreadSource(opened.fd, opened.size, false), head, thread);
}

/** Batches [0, head) from the main thread, the others from the parse thread, which started at chunk head. */
class SplitSource implements BatchSource {
    constructor(
        private readonly first: InThreadSource,
        private readonly head: number,
        private readonly rest: ParseThreadSource,
    ) {}

    get size(): number {
        return this.rest.size;
    }

    next(n: number): Promise<SourcedBatch> {
        return n < this.head ? this.first.next() : this.rest.next(n - this.head);
    }

    async close(): Promise<void> {
        await this.first.close();
        await this.rest.close();
    }
}

export interface ReplaySink {
    runs(vpns: Float64Array, runs: Int32Array, length: number): void;
}

export interface TraceTotals {
    records: number;
    skippedLines: number;
    bytes: number;
    /** shouldStop ended the replay before the last batch. */
    stoppedEarly: boolean;
}

export interface ReplayLoopOptions {
    /** Checked before each batch: true ends the replay there. */
    shouldStop: () => boolean;
    progress: boolean;
}

/** Replays every batch of `source` into `sink` until the end of the trace or a stop; closes the source. */
export async function replayBatches(
    source: BatchSource,
    sink: ReplaySink,
    options: ReplayLoopOptions,
): Promise<TraceTotals> {
    const totals: TraceTotals = { records: 0, skippedLines: 0, bytes: 0, stoppedEarly: false };
    const bar = options.progress ? new ProgressBar(source.size) : undefined;
    const describe = () => `${totals.records.toLocaleString('en-US')} records`;
    try {
        for (let n = 0; ; n++) {
            if (options.shouldStop()) {
                totals.stoppedEarly = true;
                break;
            }
            const { batch, vpn, run } = await source.next(n);
            sink.runs(vpn, run, batch.length);
            totals.records += batch.records;
            totals.skippedLines += batch.skipped;
            totals.bytes += batch.bytes;
            if (batch.last) break;
            bar?.update(totals.bytes, describe);
        }
    } finally {
        bar?.clear();
        await source.close();
    }
    return totals;
}
