/**
 * Flush requests and shootdowns (docs/model.md section 6, R11, R15-R18): flush_tlb_mm_range and
 * flush_tlb_func of arch/x86/mm/tlb.c. One request covers the pages one operation gathered.
 */
import { FIG } from './counters.js';
import type { Kernel } from './kernel.js';
import type { Cpu } from './cpu.js';
import type { Mm } from './mm.js';
import { fullFlushCpu, leaveMm } from './sched.js';

/**
 * `range`: flush_tlb_range (munmap, mprotect, madvise: full under `always-full`);
 * `page`: flush_tlb_page (COW, swap-out: always invlpg); `mm`: flush_tlb_mm (fork, exit: always full).
 */
export type FlushKind = 'range' | 'page' | 'mm';

export interface FlushRequest {
    mm: Mm;
    /** First page and count, in units of `unitPages` 4 KiB pages (R11: large leaves count large pages). */
    start: number;
    count: number;
    unitPages: number;
    kind: FlushKind;
    issuer: number;
    reason: string;
    /**
     * 6.x flush_tlb_info.freed_tables (docs/model.md R75): set by an munmap that freed a table and by
     * flush_tlb_mm (exit, fork); a request without it skips remote lazy CPUs under `kernel 6.x`.
     */
    freedTables?: boolean;
    /** R87: UKVA window slots of PTE tables freed by this munmap, flushed with it (4 KiB pages each). */
    slotPages?: number;
}

/** n of a request (R87: the span plus the window slots of freed tables). */
function pagesOf(r: FlushRequest): number {
    return r.count + (r.slotPages ?? 0);
}

function isFull(k: Kernel, r: FlushRequest): boolean {
    if (r.kind === 'mm') return true;
    if (r.kind === 'page') return false;
    const policy = k.machine.flushPolicy;
    return policy.kind === 'always-full' || pagesOf(r) > policy.pages;
}

/** The ASID tag of mm on a CPU, or -1 when the CPU holds none for it (then nothing of it is cached). */
function tagOf(k: Kernel, cpu: Cpu, mm: Mm): number {
    if (!k.machine.pcid) return 0;
    const slot = cpu.asidSlotOf(mm);
    return slot < 0 ? -1 : slot + 1;
}

/** The flush on one target CPU x that is running the mm (not lazy). */
function flushOn(k: Kernel, cpu: Cpu, r: FlushRequest, full: boolean): void {
    const tag = tagOf(k, cpu, r.mm);
    if (full) fullFlushCpu(k, cpu, tag, r.mm);
    else {
        k.count(FIG.invlpg, pagesOf(r), cpu.index, r.mm);
        let dropped = 0;
        if (tag >= 0) {
            for (let i = 0; i < r.count; i++) {
                const vpn = (r.start + i) * r.unitPages;
                dropped += cpu.tlb4k.flushPage(vpn, tag, [1]) + cpu.tlbLarge.flushPage(vpn, tag, k.largeSizes);
            }
        }
        if (dropped > 0) k.count(FIG.tlbEntriesDropped, dropped, cpu.index, r.mm);
    }
    if (k.machine.pcid && tag > 0) cpu.asidGen[tag - 1] = r.mm.generation;
    cpu.syncedGen = r.mm.generation;
}

/**
 * A lazy CPU of the mm (a kernel thread borrowing it): 2.4/2.6 handle every flush with leave_mm (R15);
 * 6.x skips it unless the request frees page tables or the CPU issued it (R75: flush_tlb_func's
 * is_lazy branch switches the CPU to init_mm, counted as leave_mm).
 */
function skipsLazy(k: Kernel, cpu: Cpu, r: FlushRequest): boolean {
    return k.machine.era === '6.x' && cpu.index !== r.issuer && r.freedTables !== true;
}

/** Issues one flush request; returns the IPIs sent. */
export function flushRequest(k: Kernel, r: FlushRequest): number {
    if (pagesOf(r) <= 0 && r.kind !== 'mm') return 0;
    r.mm.generation++;
    const full = isFull(k, r);
    let ipis = 0;
    const targets: number[] = [];
    for (const cpu of k.cpus) {
        if (!r.mm.cpumask[cpu.index]) continue;
        const lazy = cpu.lazy && cpu.activeMm === r.mm;
        if (lazy && skipsLazy(k, cpu, r)) continue;
        targets.push(cpu.index);
        if (cpu.index !== r.issuer) {
            ipis++;
            k.count(FIG.ipis, 1, cpu.index, r.mm);
        }
        if (lazy) leaveMm(k, cpu);
        else flushOn(k, cpu, r, full);
    }
    if (ipis > 0) k.count(FIG.shootdowns, 1, r.issuer, r.mm);
    if (k.log.storing) {
        k.event({
            kind: 'flush',
            cpu: r.issuer,
            mm: r.mm.name,
            reason: r.reason,
            pages: r.kind === 'mm' ? 'all' : r.count * r.unitPages + (r.slotPages ?? 0),
            full,
            targets,
            ipis,
        });
    } else k.log.skip();
    return ipis;
}

/** flush_tlb_mm: the whole mm (fork R9, exit R13); 6.x passes freed_tables = true (R75). */
export function flushMm(k: Kernel, mm: Mm, issuer: number, reason: string): number {
    return flushRequest(k, { mm, start: 0, count: 0, unitPages: 1, kind: 'mm', issuer, reason, freedTables: true });
}

/** flush_tlb_page: one page (COW R10, swap-out R28). */
export function flushPage(k: Kernel, mm: Mm, vpn: number, unitPages: number, issuer: number, reason: string): number {
    return flushRequest(k, {
        mm,
        start: Math.floor(vpn / unitPages),
        count: 1,
        unitPages,
        kind: 'page',
        issuer,
        reason,
    });
}

/**
 * mmu_gather span tracking (R11): the lowest and highest cleared leaf of one operation. If every
 * cleared leaf has one large size, the span counts large pages.
 */
export class Gather {
    low = Infinity;
    high = -Infinity;
    /** Leaf size of every cleared leaf so far, 0 before the first, -1 when mixed. */
    unit = 0;
    cleared = 0;
    /**
     * The cleared leaves as (vpn, pages) pairs in address order, when a notifier takes them one by one (R23); else
     * null.
     */
    leaves: number[] | null = null;

    add(vpn: number, pages: number): void {
        this.cleared++;
        if (this.leaves) this.leaves.push(vpn, pages);
        if (vpn < this.low) this.low = vpn;
        if (vpn + pages - 1 > this.high) this.high = vpn + pages - 1;
        this.unit = this.unit === 0 || this.unit === pages ? pages : -1;
    }

    /** The flush request of the gathered span; null when nothing present was cleared. */
    request(mm: Mm, issuer: number, reason: string): FlushRequest | null {
        if (this.cleared === 0) return null;
        const unit = this.unit > 1 ? this.unit : 1;
        const start = Math.floor(this.low / unit);
        const count = Math.floor(this.high / unit) - start + 1;
        return { mm, start, count, unitPages: unit, kind: 'range', issuer, reason };
    }
}
