/**
 * Lackey records as runs of page accesses (docs/model.md section 12): what `mscn replay` hands from its
 * parse thread to the engine (cli/replay-pipeline.ts). A record touches every 4 KiB page of
 * [addr, addr + max(size, 1)) in address order, exactly as `replayRecord` does; here consecutive accesses
 * of the same page with the same kind (nearly half of a real trace: a loop's fetches and its stack stores
 * interleave page by page) become one entry with a count, which the engine plays back in O(1) after its
 * first access (replay.ts `replayRuns`, access.ts `accessPageRepeated`).
 *
 * An entry is a page number (`vpn[i]`) and `run[i] = count << RUN_SHIFT | RUN_RANGE? | RUN_WRITE?`: with
 * RUN_RANGE, the `count` pages vpn, vpn + 1, ... of one record; without, `count` accesses of page vpn.
 */
import { PAGE_SIZE } from './machine.js';

export const RUN_WRITE = 1;
export const RUN_RANGE = 2;
export const RUN_SHIFT = 2;
/** A longer repeat starts a new entry (the count must stay an int32 after the shift). */
const MAX_REPEAT = 1 << 28;
const INV_PAGE = 1 / PAGE_SIZE;

/**
 * Entries a batch may need: a record is at least 7 bytes (`I  0,1\n`) and adds at most one entry, so a
 * chunk of `bytes` plus a line carried from the previous one needs fewer than `bytes / 7 + 2`.
 */
export function runCapacity(bytes: number): number {
    return Math.ceil(bytes / 7) + 16;
}

/** Appends the page accesses of records to caller-owned arrays (e.g. views of a shared ring slot). */
export class PageRunWriter {
    vpn: Float64Array;
    run: Int32Array;
    /** Entries written since the last `reset`. */
    length = 0;
    /** Records written since the last `reset`. */
    records = 0;
    /** The last entry is a repeat of this page and kind that the next record may extend, or -1. */
    private openVpn = -1;
    private openWrite = false;

    constructor(vpn: Float64Array, run: Int32Array) {
        this.vpn = vpn;
        this.run = run;
    }

    /** Starts a new batch in the given arrays (they may be the same as before). */
    reset(vpn: Float64Array, run: Int32Array): void {
        this.vpn = vpn;
        this.run = run;
        this.length = 0;
        this.records = 0;
        this.openVpn = -1;
    }

    /** One lackey record (a LackeyRecordSink). */
    readonly record = (addr: number, size: number, write: boolean): void => {
        this.records++;
        // Multiplying by 2^-12 is exact, so the floor equals Math.floor(addr / PAGE_SIZE) (replay.ts).
        const first = Math.floor(addr * INV_PAGE);
        const last = Math.floor((addr + (size > 0 ? size : 1) - 1) * INV_PAGE);
        const n = this.length;
        if (first === last) {
            if (first === this.openVpn && write === this.openWrite && this.run[n - 1] < MAX_REPEAT << RUN_SHIFT) {
                this.run[n - 1] += 1 << RUN_SHIFT;
                return;
            }
            this.vpn[n] = first;
            this.run[n] = (1 << RUN_SHIFT) | (write ? RUN_WRITE : 0);
            this.length = n + 1;
            this.openVpn = first;
            this.openWrite = write;
            return;
        }
        // At most 244,142 pages: the parser refuses sizes of more than 9 digits (lackey.ts).
        this.vpn[n] = first;
        this.run[n] = ((last - first + 1) << RUN_SHIFT) | RUN_RANGE | (write ? RUN_WRITE : 0);
        this.length = n + 1;
        this.openVpn = -1;
    };
}
