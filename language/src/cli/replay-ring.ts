/**
 * The ring of batches between the parse thread (replay-parse-worker.ts) and the engines on the main
 * thread (replay-pipeline.ts): SLOTS slots in SharedArrayBuffers, each the page runs of one batch
 * (replay-batches.ts) and its header. The parse thread copies a batch into slot n % SLOTS, then stores
 * n + 1 in PUBLISHED; the main thread copies slot n out, then stores n + 1 in CONSUMED, which frees the
 * slot. Both sides parse and replay private arrays: V8 reads and writes a SharedArrayBuffer's typed arrays
 * about 1.5x as slowly (docs/performance.md), and a copy of a batch's entries costs far less. Each
 * side sleeps on the other's counter (Atomics.wait on the parse thread, Atomics.waitAsync on the main
 * thread, whose event loop must stay free for Ctrl-C). STOP asks the parse thread to stop reading.
 */
import { BATCH_CAPACITY, type Batch } from './replay-batches.js';

const PUBLISHED = 0;
const CONSUMED = 1;
const STOP = 2;
const CONTROL_WORDS = 3;
const HEADER_WORDS = 5;
/**
 * Eight slots: the parse thread can run up to 8 MiB of trace ahead of the engines. With four it waited for
 * a free slot while the main thread still parsed its own share (docs/performance.md).
 */
export const SLOTS = 8;

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

    /** Parse thread: waits until batch n's slot is free; false when the main thread asked it to stop. */
    waitForSlot(batch: number): boolean {
        for (;;) {
            if (Atomics.load(this.control, STOP) !== 0) return false;
            const consumed = Atomics.load(this.control, CONSUMED);
            if (batch - consumed < SLOTS) return true;
            Atomics.wait(this.control, CONSUMED, consumed);
        }
    }

    /** Parse thread: copies batch n (its entries in vpn and run) into its slot and publishes it. */
    publish(batch: number, header: Batch, vpn: Float64Array, run: Int32Array): void {
        const slot = batch % SLOTS;
        this.vpns[slot].set(vpn.subarray(0, header.length));
        this.runs[slot].set(run.subarray(0, header.length));
        const h = this.headers;
        const at = slot * HEADER_WORDS;
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

    /** Main thread: copies published batch n out of its slot into vpn and run, and frees the slot. */
    take(batch: number, vpn: Float64Array, run: Int32Array): Batch {
        const slot = batch % SLOTS;
        const h = this.headers;
        const at = slot * HEADER_WORDS;
        const header = {
            length: h[at],
            records: h[at + 1],
            skipped: h[at + 2],
            bytes: h[at + 3],
            last: h[at + 4] !== 0,
        };
        vpn.set(this.vpns[slot].subarray(0, header.length));
        run.set(this.runs[slot].subarray(0, header.length));
        Atomics.store(this.control, CONSUMED, batch + 1);
        Atomics.notify(this.control, CONSUMED);
        return header;
    }

    /** Main thread: the parse thread stops before its next chunk. */
    stop(): void {
        Atomics.store(this.control, STOP, 1);
        Atomics.notify(this.control, CONSUMED);
    }
}
