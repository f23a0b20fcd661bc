/**
 * One page access by a CPU (docs/model.md section 4, R1-R6): the hot path of scenarios and replays.
 * Typed-array TLB probe, LRU stamp, an O(1) version test for staleness; a walk only on a miss or
 * when the page-table slot an entry came from has changed since the fill.
 */
import { FIG, SEGFAULTS_ABOVE_TASK } from './counters.js';
import type { Kernel } from './kernel.js';
import type { Cpu } from './cpu.js';
import type { Mm } from './mm.js';
import type { Tlb } from './tlb.js';
import { PTE_WRITE } from './page-table.js';
import { walk } from './walker.js';
import { handleFault } from './fault.js';
import { hexOfVpn } from './format.js';
import { RUN_RANGE, RUN_SHIFT, RUN_WRITE } from './page-runs.js';

const F_ACCESSES = FIG.accesses;
const F_HITS = FIG.tlbHits;
const F_MISSES = FIG.tlbMisses;
const F_WALKS = FIG.walks;
const F_REFS = FIG.walkRefs;
const F_EVICT = FIG.tlbEvictions;
const F_SEGV = FIG.segfaults;
const F_STALE = FIG.staleHits;

/**
 * The 4 KiB TLB's probe, the hottest loop: that TLB holds only 4 KiB entries, so base = vpn; the set
 * of a power-of-two TLB is the low bits of vpn (`>>> 0` is vpn mod 2^32, exact for any page number).
 */
function probe4k(tlb: Tlb, vpn: number, asid: number): number {
    const sets = tlb.sets;
    if (sets === 0) return -1;
    const ways = tlb.ways;
    const first = (tlb.setMask >= 0 ? (vpn >>> 0) & tlb.setMask : vpn % sets) * ways;
    const bases = tlb.base;
    for (let s = first, end = first + ways; s < end; s++) {
        if (bases[s] === vpn && tlb.valid[s] !== 0 && (tlb.asid[s] === asid || tlb.global[s] !== 0)) return s;
    }
    return -1;
}

/** The slot of the matching entry in `tlb` for a page of `pages` at vpn, or -1 (R2). */
function probe(tlb: Tlb, vpn: number, pages: number, asid: number): number {
    const sets = tlb.sets;
    if (sets === 0) return -1;
    const base = pages === 1 ? vpn : vpn - (vpn % pages);
    const ways = tlb.ways;
    const first = (pages === 1 ? vpn % sets : Math.floor(vpn / pages) % sets) * ways;
    const valid = tlb.valid;
    const bases = tlb.base;
    for (let s = first, end = first + ways; s < end; s++) {
        if (
            valid[s] !== 0 &&
            bases[s] === base &&
            tlb.pages[s] === pages &&
            (tlb.asid[s] === asid || tlb.global[s] !== 0)
        )
            return s;
    }
    return -1;
}

/** An access of one user page by the task running `mm` on `cpu`. */
export function accessPage(k: Kernel, cpu: Cpu, mm: Mm, vpn: number, write: boolean): void {
    if (!k.tick()) return;
    const c = cpu.index;
    const pc = k.counters.perCpu[c];
    const mf = mm.figs;
    if (vpn >= k.taskTopVpn) {
        // Section 12: a page at or above the top of user space counts segfaults and nothing else.
        pc[F_SEGV]++;
        mf[F_SEGV]++;
        pc[SEGFAULTS_ABOVE_TASK]++;
        k.segfault(`segfault: ${write ? 'write' : 'read'} at ${hexOfVpn(vpn)}, above user space`, c); // R64
        return;
    }
    pc[F_ACCESSES]++;
    mf[F_ACCESSES]++;
    let tlb = cpu.tlb4k;
    let slot = probe4k(tlb, vpn, cpu.asid);
    if (slot < 0 && cpu.tlbLarge.sets !== 0) {
        tlb = cpu.tlbLarge;
        const large = k.geometry.large;
        for (let i = 0; i < large.length && slot < 0; i++) slot = probe(tlb, vpn, large[i].pages, cpu.asid);
    }
    if (slot >= 0 && (!write || tlb.writable[slot] !== 0)) {
        pc[F_HITS]++;
        mf[F_HITS]++;
        tlb.touch(slot); // LRU update in that TLB only (R2)
        if (slotChanged(tlb, slot)) checkStale(k, cpu, mm, tlb, slot, vpn, write);
        return;
    }
    pc[F_MISSES]++;
    mf[F_MISSES]++;
    if (walkAndFill(k, cpu, mm, vpn, write)) return;
    if (!handleFault(k, cpu, mm, vpn, write, k.walk)) return;
    walkAndFill(k, cpu, mm, vpn, write); // R6: exactly one retry walk and a fill
}

/**
 * Up to `count` hits on a 4 KiB slot that `hitSlot` returned: ticks and LRU touches, in bulk; returns how
 * many the budget allowed. The caller adds them to the figures (countHits), a batch's runs at once.
 */
function hitRepeated(k: Kernel, cpu: Cpu, slot: number, count: number): number {
    const n = k.ticks(count);
    cpu.tlb4k.touchRepeated(slot, n);
    return n;
}

/** Adds n accesses that hit (hitRepeated) to the figures of the CPU and the mm. */
function countHits(k: Kernel, cpu: Cpu, mm: Mm, n: number): void {
    const pc = k.counters.perCpu[cpu.index];
    const mf = mm.figs;
    pc[F_ACCESSES] += n;
    mf[F_ACCESSES] += n;
    pc[F_HITS] += n;
    mf[F_HITS] += n;
}

/**
 * A batch of page runs (page-runs.ts), entries [0, length): the figures of its records replayed one by
 * one (docs/model.md section 12). A run of `count` accesses of one page, when the page's 4 KiB entry is
 * there, usable and not stale (R5; 99.6 % of a real trace's runs), is `count` hits on it: each ticks,
 * counts an access and a hit and touches the entry, so one probe, one bulk tick and one LRU stamp do for
 * all, since nothing between two hits changes a TLB or a page table. Else the first access goes through
 * accessPage (a miss, a fault, a stale check, a segfault), and the others hit the entry it left, if any.
 * Hits only add to figures that nothing reads before the batch ends (a statement's figures are read
 * between statements), so they are added once, at the end. Stops once the run has ended (a budget, a
 * cancellation).
 */
export function accessPageRuns(
    k: Kernel,
    cpu: Cpu,
    mm: Mm,
    vpns: Float64Array,
    runs: Int32Array,
    length: number,
): void {
    let hits = 0;
    for (let i = 0; i < length; i++) {
        const vpn = vpns[i];
        const run = runs[i];
        const count = run >>> RUN_SHIFT;
        const write = (run & RUN_WRITE) !== 0;
        if ((run & RUN_RANGE) === 0) {
            const slot = hitSlot(k, cpu, vpn, write);
            if (slot >= 0) {
                const n = hitRepeated(k, cpu, slot, count);
                hits += n;
                if (n < count) break;
                continue;
            }
            hits += missThenHits(k, cpu, mm, vpn, write, count);
        } else accessPages(k, cpu, mm, vpn, count, write);
        if (k.ended) break;
    }
    countHits(k, cpu, mm, hits);
}

/**
 * A run whose first access does not hit: that access through accessPage, then the others on the entry it
 * left (their hits returned, for the caller to count) or, without one, each through accessPage.
 */
function missThenHits(k: Kernel, cpu: Cpu, mm: Mm, vpn: number, write: boolean, count: number): number {
    accessPage(k, cpu, mm, vpn, write);
    if (count === 1) return 0;
    const slot = hitSlot(k, cpu, vpn, write);
    if (slot >= 0) return hitRepeated(k, cpu, slot, count - 1);
    for (let a = 1; a < count; a++) accessPage(k, cpu, mm, vpn, write);
    return 0;
}

/** The pages of one lackey record (lackey.ts `firstPage`, `pageCount`), accessed in address order. */
export function accessPages(k: Kernel, cpu: Cpu, mm: Mm, vpn: number, pages: number, write: boolean): void {
    if (pages === 1) return accessPage(k, cpu, mm, vpn, write); // nearly every record
    for (let p = 0; p < pages && !k.ended; p++) accessPage(k, cpu, mm, vpn + p, write);
}

/** The 4 KiB slot an access of vpn would hit without a walk or a stale check (accessPage's hit path), or -1. */
function hitSlot(k: Kernel, cpu: Cpu, vpn: number, write: boolean): number {
    if (vpn >= k.taskTopVpn) return -1;
    const tlb = cpu.tlb4k;
    const slot = probe4k(tlb, vpn, cpu.asid);
    if (slot < 0 || (write && tlb.writable[slot] === 0)) return -1;
    return slotChanged(tlb, slot) ? -1 : slot;
}

/** R5's O(1) test: the page-table slot the entry was filled from has changed since (a fresh walk decides). */
function slotChanged(tlb: Tlb, slot: number): boolean {
    const leaf = tlb.leaf[slot];
    return leaf !== null && leaf.version![tlb.leafSlot[slot]] !== tlb.version[slot];
}

/** Walks (walks +1, walkRefs + levels read); fills and returns true when the leaf grants the access. */
function walkAndFill(k: Kernel, cpu: Cpu, mm: Mm, vpn: number, write: boolean): boolean {
    const w = walk(k.geometry, mm.root, vpn, k.walk);
    const pc = k.counters.perCpu[cpu.index];
    const mf = mm.figs;
    pc[F_WALKS]++;
    mf[F_WALKS]++;
    pc[F_REFS] += w.refs;
    mf[F_REFS] += w.refs;
    if (!w.present) return false;
    const table = w.table!;
    const flags = table.flags![w.slot];
    const writable = (flags & PTE_WRITE) !== 0;
    if (write && !writable) return false;
    const pages = w.pages;
    const tlb = pages === 1 ? cpu.tlb4k : cpu.tlbLarge;
    const base = pages === 1 ? vpn : vpn - (vpn % pages);
    const evicted = tlb.fill(
        base,
        pages,
        cpu.asid,
        false,
        writable,
        table.frame![w.slot],
        table,
        w.slot,
        table.version![w.slot],
    );
    if (evicted) {
        pc[F_EVICT]++;
        mf[F_EVICT]++;
    }
    return true;
}

/**
 * R5: the slot changed since the fill; a fresh walk decides. Stale if no present leaf covers v, the
 * frame (or size) differs, or a write meets a read-only leaf. Not stale: the entry is re-armed.
 */
function checkStale(k: Kernel, cpu: Cpu, mm: Mm, tlb: Tlb, slot: number, vpn: number, write: boolean): void {
    const w = walk(k.geometry, mm.root, vpn, k.walk);
    const table = w.table!;
    const flags = w.present ? table.flags![w.slot] : 0;
    const writable = (flags & PTE_WRITE) !== 0;
    const stale =
        !w.present || w.pages !== tlb.pages[slot] || table.frame![w.slot] !== tlb.frame[slot] || (write && !writable);
    if (!stale) {
        if (writable || tlb.writable[slot] === 0) {
            tlb.leaf[slot] = table;
            tlb.leafSlot[slot] = w.slot;
            tlb.version[slot] = table.version![w.slot];
        }
        return;
    }
    k.counters.add(F_STALE, 1, cpu.index, mm.figs);
    const address = hexOfVpn(vpn);
    const event = {
        step: k.ops,
        statementId: k.log.statementId,
        cpu: cpu.index,
        kind: 'stale' as const,
        address,
        mm: mm.name,
        write,
        entry: {
            tlb: tlb === cpu.tlb4k ? '4k' : 'large',
            set: Math.floor(slot / tlb.ways),
            way: slot % tlb.ways,
            frame: tlb.frame[slot],
        },
        pageTable: w.present ? { frame: table.frame![w.slot], writable } : 'not present',
    };
    k.log.staleHit(event);
}
