/**
 * Persistent kmap pools (docs/model.md section 9; docs/model.md R31, R41, R42, R67): kmap_high,
 * map_new_virtual, flush_all_zero_pkmaps and kunmap_high of mm/highmem.c. The pool is a class so that
 * a UKVA window can own one with another flush scope and locking (section 8, R43, R49).
 */
import { FIG } from './counters.js';
import type { Kernel } from './kernel.js';
import type { Cpu } from './cpu.js';
import type { Mm } from './mm.js';
import { leaveMm } from './sched.js';

/** PKMAP_BASE 0xFF800000: slot i of the global pool is page PKMAP_BASE_VPN + i (R42). */
export const PKMAP_BASE_VPN = 0xff800;

/** Who a wrap flush reaches: every CPU (the global pool), or a UKVA window's scope. */
export type WrapFlush = (k: Kernel, issuer: Cpu) => void;

/**
 * The global pool's wrap, R42: flush_tlb_all = on_each_cpu(do_flush_tlb_all). Every online CPU
 * flushes everything (a PGE toggle: globalFlushes; without PGE a CR3 reload: fullFlushes), then a
 * lazy CPU calls leave_mm. IPIs to the CPUs - 1 others; one shootdown when there are any.
 */
export const globalWrapFlush: WrapFlush = (k, issuer) => {
    for (const cpu of k.cpus) {
        const dropped = cpu.tlb4k.flushAll() + cpu.tlbLarge.flushAll();
        k.count(k.machine.globalPages ? FIG.globalFlushes : FIG.fullFlushes, 1, cpu.index);
        if (dropped > 0) k.count(FIG.tlbEntriesDropped, dropped, cpu.index);
        if (cpu !== issuer) k.count(FIG.ipis, 1, cpu.index);
        if (cpu.lazy && cpu.activeMm) leaveMm(k, cpu);
    }
    if (k.cpus.length > 1) k.count(FIG.shootdowns, 1, issuer.index);
};

export interface KmapPoolOptions {
    /** Page of slot 0: PKMAP_BASE for the global pool, the window's start for a UKVA pool. */
    baseVpn: number;
    /** The pool takes a lock (the global kmap_lock, a per-mm pool's); a per-task pool does not (R41). */
    locked: boolean;
}

export class KmapPool {
    /** pkmap_count: 0 free, 1 mapped but unused (stale by design), n > 1 in use by n - 1 users. */
    readonly count: Int32Array;
    readonly frame: Float64Array;
    readonly baseVpn: number;
    readonly locked: boolean;
    private readonly slotOf = new Map<number, number>();
    /** last_pkmap_nr: starts at 0 and is pre-incremented, so slot 1 is used first (R31). */
    private last = 0;
    /** The CPU that took the lock last, -1 before the first acquisition (R67). */
    private lastAcquirer = -1;

    constructor(
        readonly slots: number,
        private readonly wrapFlush: WrapFlush,
        options: KmapPoolOptions = { baseVpn: PKMAP_BASE_VPN, locked: true },
    ) {
        this.count = new Int32Array(slots);
        this.frame = new Float64Array(slots);
        this.baseVpn = options.baseVpn;
        this.locked = options.locked;
    }

    /** spin_lock(&kmap_lock) (R41, R67): one acquisition; a bounce when another CPU took it last. */
    lock(k: Kernel, cpu: Cpu, mm: Mm | null): void {
        if (!this.locked) return;
        k.count(FIG.kmapLockAcquisitions, 1, cpu.index, mm);
        if (this.lastAcquirer >= 0 && this.lastAcquirer !== cpu.index) k.count(FIG.kmapLockBounces, 1, cpu.index, mm);
        this.lastAcquirer = cpu.index;
    }

    /** The slot mapping frame, or -1. */
    slotOfFrame(frame: number): number {
        return this.slotOf.get(frame) ?? -1;
    }

    /** flush_all_zero_pkmaps: frees count-1 slots; flushes only if it freed one. */
    private flushAllZero(k: Kernel, cpu: Cpu): void {
        let freed = 0;
        for (let i = 0; i < this.slots; i++) {
            if (this.count[i] !== 1) continue;
            this.count[i] = 0;
            this.slotOf.delete(this.frame[i]);
            freed++;
        }
        if (freed === 0) return;
        k.count(FIG.kmapWrapFlushes, 1, cpu.index);
        this.wrapFlush(k, cpu);
        k.event({ kind: 'kmap-wrap', cpu: cpu.index, freed });
    }

    /**
     * map_new_virtual: a free slot or -1 (the task would sleep; R88: the index stays on the last slot
     * tested). A wrap restarts the lap count (R31).
     */
    private newVirtual(k: Kernel, cpu: Cpu): number {
        let count = this.slots;
        for (;;) {
            this.last = (this.last + 1) % this.slots;
            if (this.last === 0) {
                this.flushAllZero(k, cpu);
                count = this.slots;
            }
            if (this.count[this.last] === 0) return this.last;
            if (--count === 0) return -1;
        }
    }

    /** kmap_high of a highmem frame (under the lock): its slot, or -1 when the task would sleep. */
    map(k: Kernel, cpu: Cpu, frame: number): number {
        const found = this.slotOf.get(frame);
        if (found !== undefined) {
            this.count[found]++;
            return found;
        }
        const slot = this.newVirtual(k, cpu);
        if (slot < 0) return -1;
        this.count[slot] = 2; // 1 for the mapping + 1 for this user
        this.frame[slot] = frame;
        this.slotOf.set(frame, slot);
        return slot;
    }

    /**
     * kunmap_high: one user less, the mapping stays (count 1) until the next wrap; false for kunmap_high's BUG (R88).
     */
    unmap(frame: number): boolean {
        const slot = this.slotOf.get(frame);
        if (slot === undefined || this.count[slot] <= 1) return false;
        this.count[slot]--;
        return true;
    }
}
