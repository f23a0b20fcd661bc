/**
 * Persistent kmap and kmap_atomic (MODEL.md section 9, R31): kmap_high and map_new_virtual /
 * flush_all_zero_pkmaps of mm/highmem.c. The pool is a class so that a UKVA window can own one
 * with another flush scope (section 8).
 */
import { FIG } from './counters.js';
import type { Kernel } from './kernel.js';
import type { Cpu } from './cpu.js';
import type { Mm } from './mm.js';
import { walk } from './walker.js';
import { accessPage } from './access.js';
import { handleFault } from './fault.js';
import { PTE_WRITE } from './page-table.js';
import { hexOfVpn } from './format.js';

/** Who a wrap flush reaches: every CPU (the global pool), or a UKVA window's scope. */
export type WrapFlush = (k: Kernel, issuer: Cpu) => void;

/** The global pool's wrap: flush_tlb_kernel_range on every online CPU, a PGE toggle on each. */
export const globalWrapFlush: WrapFlush = (k, issuer) => {
    for (const cpu of k.cpus) {
        const dropped = cpu.tlb4k.flushAll() + cpu.tlbLarge.flushAll();
        k.count(FIG.globalFlushes, 1, cpu.index);
        if (dropped > 0) k.count(FIG.tlbEntriesDropped, dropped, cpu.index);
        if (cpu !== issuer) k.count(FIG.ipis, 1, cpu.index);
    }
    if (k.cpus.length > 1) k.count(FIG.shootdowns, 1, issuer.index);
};

export class KmapPool {
    /** pkmap_count: 0 free, 1 mapped but unused (stale by design), n > 1 in use by n - 1 users. */
    readonly count: Int32Array;
    readonly frame: Float64Array;
    private readonly slotOf = new Map<number, number>();
    /** last_pkmap_nr: starts at 0 and is pre-incremented, so slot 1 is used first (R31). */
    private last = 0;

    constructor(readonly slots: number, private readonly wrapFlush: WrapFlush) {
        this.count = new Int32Array(slots);
        this.frame = new Float64Array(slots);
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

    /** map_new_virtual: a free slot or -1 (the task would sleep). A wrap restarts the lap count. */
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

    /** kmap_high of a highmem frame: its slot, or -1 after counting a sleep. */
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

    /** kunmap_high: one user less; the mapping stays (count 1) until the next wrap. */
    unmap(frame: number): boolean {
        const slot = this.slotOf.get(frame);
        if (slot === undefined) return false;
        if (this.count[slot] > 1) this.count[slot]--;
        return true;
    }
}

/** The frame behind a user page of mm, or -1 with an error event. */
function frameBehind(k: Kernel, cpu: Cpu, mm: Mm, vpn: number, what: string): number {
    const w = walk(k.geometry, mm.root, vpn, k.walk);
    if (!w.present) {
        k.error(`${what}: no page present at ${hexOfVpn(vpn)}`, cpu.index);
        return -1;
    }
    return w.table!.frame![w.slot];
}

/** kmap of the frame behind a user address (section 9). */
export function kmap(k: Kernel, pool: KmapPool, cpu: Cpu, mm: Mm, vpn: number): void {
    const frame = frameBehind(k, cpu, mm, vpn, 'kmap');
    if (frame < 0) return;
    if (!k.frames.isHighmem(frame)) {
        k.count(FIG.kmapLowmem, 1, cpu.index, mm);
        return;
    }
    if (pool.map(k, cpu, frame) < 0) {
        k.count(FIG.kmapSleeps, 1, cpu.index, mm);
        k.error(`kmap: no free pkmap slot of ${pool.slots}: the task would sleep`, cpu.index);
    }
}

export function kunmap(k: Kernel, pool: KmapPool, cpu: Cpu, mm: Mm, vpn: number): void {
    const frame = frameBehind(k, cpu, mm, vpn, 'kunmap');
    if (frame < 0 || !k.frames.isHighmem(frame)) return;
    if (!pool.unmap(frame)) k.error(`kunmap: the frame at ${hexOfVpn(vpn)} is not kmapped`, cpu.index);
}

/** kmap_atomic: a per-CPU slot, its local invlpg, no IPI (section 9). */
export function kmapAtomic(k: Kernel, cpu: Cpu, mm: Mm, vpn: number): void {
    const frame = frameBehind(k, cpu, mm, vpn, 'kmap_atomic');
    if (frame < 0) return;
    if (!k.frames.isHighmem(frame)) {
        k.count(FIG.kmapLowmem, 1, cpu.index, mm);
        return;
    }
    k.count(FIG.kmapAtomic, 1, cpu.index, mm);
    k.count(FIG.invlpg, 1, cpu.index, mm);
}

/**
 * copy_to_user of one page. Normally a kernel write through the user's own mapping (one access on
 * the TLB path, faults included). Under 4G/4G the kernel cannot see user space: it walks the user
 * tables in software (faulting the page in if needed) and copies under kmap_atomic (R30, section 9).
 * Departure: the software walk is not counted in `walks`; a fault's retry walk is.
 */
export function copyToUserPage(k: Kernel, cpu: Cpu, mm: Mm, vpn: number): void {
    if (!k.split.fourGFourG) {
        accessPage(k, cpu, mm, vpn, true);
        return;
    }
    if (!k.tick()) return;
    // follow_page: a software walk, not a TLB miss; only a fault's retry walk counts (R6).
    let w = walk(k.geometry, mm.root, vpn, k.walk);
    if (!w.present || (w.table!.flags![w.slot] & PTE_WRITE) === 0) {
        if (!handleFault(k, cpu, mm, vpn, true, w)) return;
        w = walk(k.geometry, mm.root, vpn, k.walk);
        k.count(FIG.walks, 1, cpu.index, mm);
        k.count(FIG.walkRefs, w.refs, cpu.index, mm);
    }
    k.count(FIG.kmapAtomic, 1, cpu.index, mm);
    k.count(FIG.invlpg, 1, cpu.index, mm);
}
