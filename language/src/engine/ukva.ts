/**
 * UKVA, the per-task / per-mm user-kernel window (MODEL.md section 8; Martin Bligh, 2002): a fixed
 * window holding the mm's page tables and/or a kmap pool. Per-task scope gives every task its own
 * root (a pgd, plus a kernel PMD copy on PAE) and a local-only pool wrap; per-mm scope shares one
 * root and one pool whose wrap is a shootdown and whose use takes a lock.
 */
import { FIG } from './counters.js';
import type { Kernel } from './kernel.js';
import type { Cpu, Task } from './cpu.js';
import type { Mm } from './mm.js';
import { KmapPool, type WrapFlush } from './kmap.js';
import { flushRequest } from './flush.js';
import { fullFlushCpu } from './sched.js';
import { PAGE_SHIFT } from './machine.js';

/** Per-task scope: the task's own root; counted as 1 pgd (+1 PMD on PAE) per task (section 8). */
export function giveOwnRoot(k: Kernel, task: Task, cpu: number): void {
    const w = k.split.ukva;
    if (!w || w.scope !== 'per-task' || !task.home) return;
    task.ownRoot = k.allocTable(0, 0, task.home, cpu);
    task.ownTables.push(task.ownRoot);
    if (k.geometry.topIsPdpt) task.ownTables.push(k.allocTable(1, 0, task.home, cpu)); // its kernel PMD copy
}

/** The window in pages, [start, end). */
export function windowPages(k: Kernel): { start: number; end: number } | null {
    const w = k.split.ukva;
    if (!w) return null;
    const start = Number(w.start >> BigInt(PAGE_SHIFT));
    return { start, end: start + Number((w.size + 4095n) >> BigInt(PAGE_SHIFT)) };
}

/** A per-mm pool's wrap: a shootdown of the window on the mm's cpumask. */
function perMmWrap(mm: Mm, slots: number, windowStart: number): WrapFlush {
    return (k, issuer) => {
        flushRequest(k, { mm, start: windowStart, count: slots, unitPages: 1, kind: 'range', issuer: issuer.index, reason: 'ukva-kmap-wrap' });
    };
}

/** A per-task pool's wrap: the local CPU only. */
function perTaskWrap(slots: number, windowStart: number): WrapFlush {
    return (k, issuer) => {
        const policy = k.machine.flushPolicy;
        const mm = issuer.activeMm;
        if (policy.kind === 'ceiling' && slots <= policy.pages) {
            k.count(FIG.invlpg, slots, issuer.index, mm);
            let dropped = 0;
            for (let i = 0; i < slots; i++) dropped += issuer.tlb4k.flushPage(windowStart + i, issuer.asid, [1]);
            if (dropped > 0) k.count(FIG.tlbEntriesDropped, dropped, issuer.index, mm);
        } else fullFlushCpu(k, issuer, k.machine.pcid ? issuer.asid : -1, mm);
    };
}

/** The kmap pool a kmap of this task uses: the window's (per mm or per task) or the global one. */
export function kmapPoolFor(k: Kernel, cpu: Cpu, task: Task, mm: Mm): KmapPool {
    const w = k.split.ukva;
    const win = windowPages(k);
    if (!w || !win || w.kmapSlots <= 0) return k.pkmap;
    if (w.scope === 'per-task') {
        task.kmapPool ??= new KmapPool(w.kmapSlots, perTaskWrap(w.kmapSlots, win.start));
        return task.kmapPool;
    }
    k.count(FIG.kmapLockAcquisitions, 1, cpu.index, mm);
    mm.kmapPool ??= new KmapPool(w.kmapSlots, perMmWrap(mm, w.kmapSlots, win.start));
    return mm.kmapPool;
}
