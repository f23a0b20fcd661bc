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
import { flushMm } from './flush.js';
import { fullFlushCpu, rootOf } from './sched.js';
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

/** A per-mm pool's wrap (docs/model.md R43): one full flush request on the mm, a shootdown of its cpumask. */
function perMmWrap(mm: Mm): WrapFlush {
    return (k, issuer) => void flushMm(k, mm, issuer.index, 'ukva-kmap-wrap');
}

/** A per-task pool's wrap (R43): a full flush of the task's root on every CPU that has it loaded. */
function perTaskWrap(task: Task): WrapFlush {
    return (k, issuer) => {
        const root = rootOf(task);
        let ipis = 0;
        for (const cpu of k.cpus) {
            if (cpu.loadedRoot !== root) continue;
            if (cpu !== issuer) {
                ipis++;
                k.count(FIG.ipis, 1, cpu.index, task.mm);
            }
            fullFlushCpu(k, cpu, k.machine.pcid ? cpu.asid : -1, task.mm);
        }
        if (ipis > 0) k.count(FIG.shootdowns, 1, issuer.index, task.mm);
    };
}

/** The kmap pool a kmap of this task uses: the window's (per mm or per task) or the global one. */
export function kmapPoolFor(k: Kernel, _cpu: Cpu, task: Task, mm: Mm): KmapPool {
    const w = k.split.ukva;
    const win = windowPages(k);
    if (!w || !win || w.kmapSlots <= 0) return k.pkmap;
    if (w.scope === 'per-task') {
        task.kmapPool ??= new KmapPool(w.kmapSlots, perTaskWrap(task), { baseVpn: win.start, locked: false });
        return task.kmapPool;
    }
    mm.kmapPool ??= new KmapPool(w.kmapSlots, perMmWrap(mm), { baseVpn: win.start, locked: true });
    return mm.kmapPool;
}
