/**
 * Lackey records as runs of page accesses (docs/model.md section 12): what the lackey parser makes of a
 * trace (lackey.ts) and the engine replays (access.ts `accessPageRuns`), and what `mscn replay` hands from
 * its parse thread to the engine (cli/replay-pipeline.ts). Consecutive accesses of the same page with the
 * same kind (nearly half of a real trace: a loop's fetches and its stack stores interleave page by page)
 * are one entry with a count, which the engine plays back in O(1) after its first access.
 *
 * An entry is a page number (`vpn[i]`) and `run[i] = count << RUN_SHIFT | RUN_RANGE? | RUN_WRITE?`: with
 * RUN_RANGE, the `count` pages vpn, vpn + 1, ... of one record; without, `count` accesses of page vpn.
 */
export const RUN_WRITE = 1;
export const RUN_RANGE = 2;
export const RUN_SHIFT = 2;
/** A longer repeat starts a new entry (the count must stay an int32 after the shift). */
export const MAX_REPEAT = 1 << 28;

/**
 * Entries a batch may need: a record is at least 7 bytes (`I  0,1\n`) and adds at most one entry, so a
 * chunk of `bytes` plus a line carried from the previous one needs fewer than `bytes / 7 + 2`.
 */
export function runCapacity(bytes: number): number {
    return Math.ceil(bytes / 7) + 16;
}

/** A batch of page runs, entries [0, length), which the lackey parser appends to (lackey.ts). */
export class PageRuns {
    readonly vpn: Float64Array;
    readonly run: Int32Array;
    length = 0;
    /** The last entry repeats this page, with kind openWrite (0 or RUN_WRITE), and may be extended; or -1. */
    openVpn = -1;
    openWrite = 0;

    constructor(capacity: number) {
        this.vpn = new Float64Array(capacity);
        this.run = new Int32Array(capacity);
    }

    get capacity(): number {
        return this.run.length;
    }

    /** Empties the batch for the next one. */
    clear(): void {
        this.length = 0;
        this.openVpn = -1;
    }
}
