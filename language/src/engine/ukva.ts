/**
 * UKVA, the per-task / per-mm user-kernel window (docs/model.md section 8; Martin Bligh, 2002): a fixed
 * window holding the mm's page tables and/or a kmap pool. Per-task scope gives every task its own
 * root (a pgd, plus a kernel PMD copy on PAE) and a local-only pool wrap; per-mm scope shares one
 * root and one pool whose wrap is a shootdown and whose use takes a lock.
 */
import { FIG, NO_CPU } from './counters.js';
import type { Kernel } from './kernel.js';
import type { Cpu, Task } from './cpu.js';
import type { Mm } from './mm.js';
import type { PageTable } from './page-table.js';
import { KmapPool, type WrapFlush } from './kmap.js';
import { flushMm } from './flush.js';
import { fullFlushCpu, rootOf } from './sched.js';
import { PAGE_SHIFT } from './machine.js';

/** PTE tables that map a window of `pages` pages: ceil(W / PTEs per table) (R45, R68). */
export function windowTableCount(k: Kernel): number {
    const win = windowPages(k);
    if (!win) return 0;
    const ptes = k.geometry.levels[k.geometry.leafLevel].entries;
    return Math.ceil((win.end - win.start) / ptes);
}

/** The window's table part: one slot per possible user PTE table, TASK_SIZE / table span (R45). */
export function windowTableSlots(k: Kernel): number {
    const w = k.split.ukva;
    if (!w?.holdsPageTables) return 0;
    const g = k.geometry;
    const span = g.levels[g.leafLevel - 1].spanPages;
    const userTop = k.split.fourGFourG ? 0x100000n : k.split.pageOffset >> BigInt(PAGE_SHIFT);
    return Math.ceil(Number(userTop) / span);
}

/**
 * The window's own tables for one owner (R45, R46): ceil(W / PTEs per table) PTE tables in lowmem,
 * and on PAE a window in kernel space needs the owner's copy of the kernel PMD (+1 PMD page).
 */
function allocWindowTables(k: Kernel, owner: Mm, cpu: number, into: PageTable[], kernelPmd: boolean): void {
    if (kernelPmd && k.geometry.topIsPdpt) into.push(k.allocTable(1, 0, owner, cpu, true, 'lowmem'));
    const n = windowTableCount(k);
    for (let i = 0; i < n; i++) into.push(k.allocTable(k.geometry.leafLevel, 0, owner, cpu, true, 'lowmem'));
}

/**
 * A new mm (createMm): a per-mm window's tables (and PAE kernel PMD copy when `at kernel`); R51's
 * ptKernelVaBytes counts the window's table part once while any windowed mm lives.
 */
export function attachWindow(k: Kernel, mm: Mm, cpu: number): void {
    const w = k.split.ukva;
    if (!w) return;
    mm.windowed = true;
    if (w.holdsPageTables && k.windowedMms++ === 0) k.count(FIG.ptKernelVaBytes, windowTableSlots(k) * 4096, NO_CPU);
    if (w.scope === 'per-mm') allocWindowTables(k, mm, cpu, mm.windowTables, w.placement === 'kernel');
}

/** The mm's teardown (exit_mmap): its window tables go, and the window's VA once no windowed mm lives. */
export function detachWindow(k: Kernel, mm: Mm, cpu: number): void {
    const w = k.split.ukva;
    if (!w || !mm.windowed) return;
    mm.windowed = false;
    for (const t of mm.windowTables) k.freeTable(t, mm, cpu);
    mm.windowTables.length = 0;
    if (w.holdsPageTables && --k.windowedMms === 0) k.count(FIG.ptKernelVaBytes, -windowTableSlots(k) * 4096, NO_CPU);
}

/**
 * Per-task scope (R47): the pgd moves from the mm to each task. The first task of an mm runs on the
 * mm's root (its pgd); every other task gets its own pgd. Each task has, on PAE, its own copy of the
 * kernel PMD (the 3 user PMDs stay per mm) and its own set of window tables.
 */
export function giveOwnRoot(k: Kernel, task: Task, cpu: number): void {
    const w = k.split.ukva;
    if (!w || w.scope !== 'per-task' || !task.home) return;
    if (task.thread > 0) {
        task.ownRoot = k.allocTable(0, 0, task.home, cpu);
        task.ownTables.push(task.ownRoot);
    }
    allocWindowTables(k, task.home, cpu, task.ownTables, true);
}

/**
 * R47, R69: on non-PAE i386 under a per-task window, a user pgd entry written or cleared is copied to
 * the mm's other T - 1 pgds (under page_table_lock): the cost behind Linus's objection (seed 000).
 */
export function pgdEntryChanged(k: Kernel, mm: Mm, cpu: number, entries = 1): void {
    const w = k.split.ukva;
    if (!w || w.scope !== 'per-task' || k.geometry.topIsPdpt || k.geometry.is64 || mm.users <= 1) return;
    k.count(FIG.pgdSyncs, entries * (mm.users - 1), cpu, mm);
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
