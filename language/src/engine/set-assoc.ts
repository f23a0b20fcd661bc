/**
 * A generic set-associative structure with LRU replacement (ChampSim's `cache`): a TLB is one of
 * these built with different parameters. Slots are numbered set * ways + way; the owner keeps its
 * payload in parallel typed arrays indexed by slot.
 */
export class SetAssociative {
    readonly sets: number;
    readonly ways: number;
    readonly valid: Uint8Array;
    /** LRU stamp per slot: the highest stamp in a set is the most recently used. */
    readonly stamp: Float64Array;
    /** sets - 1 when sets is a power of two, else -1. */
    readonly setMask: number;
    private clock = 0;

    constructor(entries: number, ways: number) {
        const w = entries > 0 ? Math.max(1, Math.min(ways > 0 ? ways : entries, entries)) : 0;
        this.ways = w;
        this.sets = w > 0 ? Math.max(1, Math.floor(entries / w)) : 0;
        this.setMask = this.sets > 0 && (this.sets & (this.sets - 1)) === 0 ? this.sets - 1 : -1;
        this.valid = new Uint8Array(this.sets * this.ways);
        this.stamp = new Float64Array(this.sets * this.ways);
    }

    get capacity(): number {
        return this.sets * this.ways;
    }

    /** Marks a slot most recently used. */
    touch(slot: number): void {
        this.stamp[slot] = ++this.clock;
    }

    /** Marks a slot most recently used n times in a row: the stamp and clock of n touches (none for 0). */
    touchRepeated(slot: number, n: number): void {
        if (n > 0) this.stamp[slot] = this.clock += n;
    }

    /** The slot a fill into `set` takes: the first invalid way, else the least recently used. */
    victim(set: number): number {
        const first = set * this.ways;
        let best = first;
        for (let s = first; s < first + this.ways; s++) {
            if (!this.valid[s]) return s;
            if (this.stamp[s] < this.stamp[best]) best = s;
        }
        return best;
    }
}
