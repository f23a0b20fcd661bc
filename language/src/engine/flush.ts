/**
 * Flush requests and shootdowns (MODEL.md section 6, R11, R15-R18): flush_tlb_mm_range and
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
}

function isFull(k: Kernel, r: FlushRequest): boolean {
    if (r.kind === 'mm') return true;
    if (r.kind === 'page') return false;
    const policy = k.machine.flushPolicy;
    return policy.kind === 'always-full' || r.count > policy.pages;
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
        k.count(FIG.invlpg, r.count, cpu.index, r.mm);
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
}

/** Issues one flush request; returns the IPIs sent. */
export function flushRequest(k: Kernel, r: FlushRequest): number {
    if (r.count <= 0 && r.kind !== 'mm') return 0;
    r.mm.generation++;
    const full = isFull(k, r);
    let ipis = 0;
    const targets: number[] = [];
    for (const cpu of k.cpus) {
        if (!r.mm.cpumask[cpu.index]) continue;
        targets.push(cpu.index);
        if (cpu.index !== r.issuer) {
            ipis++;
            k.count(FIG.ipis, 1, cpu.index, r.mm);
        }
        if (cpu.lazy && cpu.activeMm === r.mm) leaveMm(k, cpu);
        else flushOn(k, cpu, r, full);
    }
    if (ipis > 0) k.count(FIG.shootdowns, 1, r.issuer, r.mm);
    if (k.log.storing) {
        k.event({
            kind: 'flush', cpu: r.issuer, mm: r.mm.name, reason: r.reason, pages: r.kind === 'mm' ? 'all' : r.count * r.unitPages,
            full, targets, ipis,
        });
    } else k.log.skip();
    return ipis;
}

/** flush_tlb_mm: the whole mm (fork R9, exit R13). */
export function flushMm(k: Kernel, mm: Mm, issuer: number, reason: string): number {
    return flushRequest(k, { mm, start: 0, count: 0, unitPages: 1, kind: 'mm', issuer, reason });
}

/** flush_tlb_page: one page (COW R10, swap-out R28). */
export function flushPage(k: Kernel, mm: Mm, vpn: number, unitPages: number, issuer: number, reason: string): number {
    return flushRequest(k, { mm, start: Math.floor(vpn / unitPages), count: 1, unitPages, kind: 'page', issuer, reason });
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
    /** The cleared leaves as (vpn, pages) pairs in address order, when a notifier takes them one by one (R23); else null. */
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
