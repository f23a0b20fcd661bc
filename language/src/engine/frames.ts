/**
 * Page frames of user memory: a mapcount per frame (how many PTEs map it, for R7's reuse test),
 * its kind, its zone, the page cache (R32) and the swap cache (R28). Frames are numbered from 1;
 * frame 0 is the shared zero page. Growable typed arrays: no object per page.
 */
import { BYTES, type MemoryMeter } from './memory.js';

export const ZERO_FRAME = 0;
export const FRAME_ANON = 1;
export const FRAME_FILE = 2;

export class FrameTable {
    private mapcount = new Int32Array(1 << 12);
    private kind = new Uint8Array(1 << 12);
    private highmem = new Uint8Array(1 << 12);
    private next = 1;
    private readonly pageCache = new Map<string, number>();
    /** Swap slot -> PTEs still referring to it; and the frame still in the swap cache, if any. */
    private readonly swapRefs = new Map<number, number>();
    private readonly swapCache = new Map<number, number>();
    /** Frame -> its swap slot while it sits in the swap cache. */
    private readonly swapCacheSlot = new Map<number, number>();
    private nextSwap = 1;

    /** `meter`: the memory budget, charged BYTES.frame per frame number (memory.ts). */
    constructor(
        private readonly userFromHighmem: boolean,
        private readonly meter?: MemoryMeter,
    ) {}

    private grow(): void {
        const size = this.mapcount.length * 2;
        const grow8 = (a: Uint8Array) => {
            const b = new Uint8Array(size);
            b.set(a);
            return b;
        };
        const m = new Int32Array(size);
        m.set(this.mapcount);
        this.mapcount = m;
        this.kind = grow8(this.kind);
        this.highmem = grow8(this.highmem);
    }

    /**
     * A new user frame with mapcount 0. A large frame of `pages` 4 KiB pages takes that many numbers, so
     * that its subpage k is frame + k and names no other frame (docs/model.md R65).
     */
    allocate(kind: number, pages = 1): number {
        while (this.next + pages > this.mapcount.length) this.grow();
        const frame = this.next;
        this.next += pages;
        this.meter?.add('frames', pages, pages * BYTES.frame);
        this.kind[frame] = kind;
        this.highmem[frame] = this.userFromHighmem ? 1 : 0;
        this.mapcount[frame] = 0;
        return frame;
    }

    /** The page-cache frame of (file, page), allocated at the first fault of any mm (R32). */
    pageCacheFrame(file: string, page: number): { frame: number; allocated: boolean } {
        const key = `${file}\u0000${page}`;
        const found = this.pageCache.get(key);
        if (found !== undefined) return { frame: found, allocated: false };
        const frame = this.allocate(FRAME_FILE);
        this.pageCache.set(key, frame);
        return { frame, allocated: true };
    }

    /**
     * Truncate / hole punch (R57) and an rfc VAS's munmap (R73): pages [first, end) of `file` leave
     * the page cache; PTEs still mapping a frame keep it until they are zapped.
     */
    evict(file: string, first: number, end: number): void {
        if (end - first <= this.pageCache.size) {
            for (let page = first; page < end; page++) this.pageCache.delete(`${file}\u0000${page}`);
            return;
        }
        const prefix = `${file}\u0000`;
        for (const key of [...this.pageCache.keys()]) {
            if (!key.startsWith(prefix)) continue;
            const page = Number(key.slice(prefix.length));
            if (page >= first && page < end) this.pageCache.delete(key);
        }
    }

    map(frame: number): void {
        if (frame !== ZERO_FRAME) this.mapcount[frame]++;
    }

    unmap(frame: number): void {
        if (frame !== ZERO_FRAME && this.mapcount[frame] > 0) this.mapcount[frame]--;
    }

    mapcountOf(frame: number): number {
        return frame === ZERO_FRAME ? 0 : this.mapcount[frame];
    }

    /** Anonymous memory (R79): not the zero page, page cache, shmem, segment or VAS memory. */
    isAnon(frame: number): boolean {
        return frame !== ZERO_FRAME && this.kind[frame] === FRAME_ANON;
    }

    isFile(frame: number): boolean {
        return this.kind[frame] === FRAME_FILE;
    }

    isHighmem(frame: number): boolean {
        return frame !== ZERO_FRAME && this.highmem[frame] === 1;
    }

    /** Swap-out of a frame: a new swap slot referenced by `ptes` PTEs; the frame is reclaimed. */
    swapOut(ptes: number): number {
        const slot = this.nextSwap++;
        this.swapRefs.set(slot, ptes);
        return slot;
    }

    /**
     * Swap-in: the frame, allocated unless still in the swap cache, and whether this PTE is its only
     * user: page mapcount + swap count == 1 (2.6 can_share_swap_page, docs/model.md R38).
     */
    swapIn(slot: number): { frame: number; allocated: boolean; exclusive: boolean } {
        const refs = this.swapRefs.get(slot) ?? 1;
        let frame = this.swapCache.get(slot);
        const allocated = frame === undefined;
        if (frame === undefined) frame = this.allocate(FRAME_ANON);
        const exclusive = refs + this.mapcount[frame] <= 1;
        if (refs <= 1) this.dropSwapSlot(slot);
        else {
            this.swapRefs.set(slot, refs - 1);
            this.swapCache.set(slot, frame);
            this.swapCacheSlot.set(frame, slot);
        }
        return { frame, allocated, exclusive };
    }

    /** A swap PTE copied by fork or dropped by a zap. */
    swapRef(slot: number, delta: number): void {
        const refs = (this.swapRefs.get(slot) ?? 0) + delta;
        if (refs <= 0) this.dropSwapSlot(slot);
        else this.swapRefs.set(slot, refs);
    }

    private dropSwapSlot(slot: number): void {
        const frame = this.swapCache.get(slot);
        if (frame !== undefined) this.swapCacheSlot.delete(frame);
        this.swapRefs.delete(slot);
        this.swapCache.delete(slot);
    }

    /** R7: the frame is in the swap cache and swap PTEs still refer to it. */
    inSwapCacheWithOthers(frame: number): boolean {
        const slot = this.swapCacheSlot.get(frame);
        return slot !== undefined && (this.swapRefs.get(slot) ?? 0) > 0;
    }
}
