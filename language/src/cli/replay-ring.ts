/**
 * The ring of batches between the parse thread (replay-parse-worker.ts) and the engines on the main
 * thread (replay-pipeline.ts): SLOTS slots in SharedArrayBuffers, each the page runs of one batch
 * (replay-batches.ts) and its header. The parse thread fills slot n % SLOTS, then stores n + 1 in
 * PUBLISHED; the main thread replays slot n, then stores n + 1 in CONSUMED, which frees the slot. Each
 * side sleeps on the other's counter (Atomics.wait on the parse thread, Atomics.waitAsync on the main
 * thread, whose event loop must stay free for Ctrl-C). STOP asks the parse thread to stop reading.
 */
import { BATCH_CAPACITY, type Batch } from './replay-batches.js';

const PUBLISHED = 0;
const CONSUMED = 1;
const STOP = 2;
const CONTROL_WORDS = 3;
const HEADER_WORDS = 5;
/** Four slots: the parse thread can run up to three batches (3 MiB of trace) ahead of the engines. */
export const SLOTS = 4;

/** What a thread needs to open the same ring (posted to the worker). */
export interface RingBuffers {
    control: SharedArrayBuffer;
    headers: SharedArrayBuffer;
    vpn: SharedArrayBuffer;
    run: SharedArrayBuffer;
}

type WaitAsync = (
    array: Int32Array,
    index: number,
    value: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };

export class BatchRing {
    private readonly control: Int32Array;
    private readonly headers: Int32Array;
    private readonly vpns: Float64Array[] = [];
    private readonly runs: Int32Array[] = [];

    constructor(readonly buffers: RingBuffers) {
        this.control = new Int32Array(buffers.control);
        this.headers = new Int32Array(buffers.headers);
        for (let s = 0; s < SLOTS; s++) {
            this.vpns.push(new Float64Array(buffers.vpn, s * BATCH_CAPACITY * 8, BATCH_CAPACITY));
            this.runs.push(new Int32Array(buffers.run, s * BATCH_CAPACITY * 4, BATCH_CAPACITY));
        }
    }

    static create(): BatchRing {
        return new BatchRing({
            control: new SharedArrayBuffer(CONTROL_WORDS * 4),
            headers: new SharedArrayBuffer(SLOTS * HEADER_WORDS * 4),
            vpn: new SharedArrayBuffer(SLOTS * BATCH_CAPACITY * 8),
            run: new SharedArrayBuffer(SLOTS * BATCH_CAPACITY * 4),
        });
    }

    vpn(batch: number): Float64Array {
        return this.vpns[batch % SLOTS];
    }

    run(batch: number): Int32Array {
        return this.runs[batch % SLOTS];
    }

    header(batch: number): Batch {
        const h = this.headers;
        const at = (batch % SLOTS) * HEADER_WORDS;
        return { length: h[at], records: h[at + 1], skipped: h[at + 2], bytes: h[at + 3], last: h[at + 4] !== 0 };
    }

    /** Parse thread: waits until batch n's slot is free; false when the main thread asked it to stop. */
    waitForSlot(batch: number): boolean {
        for (;;) {
            if (Atomics.load(this.control, STOP) !== 0) return false;
            const consumed = Atomics.load(this.control, CONSUMED);
            if (batch - consumed < SLOTS) return true;
            Atomics.wait(this.control, CONSUMED, consumed);
        }
    }

    /** Parse thread: batch n is in its slot. */
    publish(batch: number, header: Batch): void {
        const h = this.headers;
        const at = (batch % SLOTS) * HEADER_WORDS;
        h[at] = header.length;
        h[at + 1] = header.records;
        h[at + 2] = header.skipped;
        h[at + 3] = header.bytes;
        h[at + 4] = header.last ? 1 : 0;
        Atomics.store(this.control, PUBLISHED, batch + 1);
        Atomics.notify(this.control, PUBLISHED);
    }

    /** Main thread: batches published so far. */
    published(): number {
        return Atomics.load(this.control, PUBLISHED);
    }

    /** Main thread: resolves once more than `seen` batches are published, or on `wake`. */
    async waitPublished(seen: number): Promise<void> {
        const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;
        const wait = waitAsync(this.control, PUBLISHED, seen);
        if (wait.async) await wait.value;
    }

    /** Main thread: wakes its own `waitPublished` (the parse thread failed). */
    wake(): void {
        Atomics.notify(this.control, PUBLISHED);
    }

    /** Main thread: batch n is replayed, its slot free. */
    consumed(batch: number): void {
        Atomics.store(this.control, CONSUMED, batch + 1);
        Atomics.notify(this.control, CONSUMED);
    }

    /** Main thread: the parse thread stops before its next chunk. */
    stop(): void {
        Atomics.store(this.control, STOP, 1);
        Atomics.notify(this.control, CONSUMED);
    }
}
