/**
 * Costs of entering the kernel that depend on the split and table placement: 4G/4G's CR3 writes
 * (R30) and kmap_atomic visits of PTE tables in highmem (section 3, R29).
 */
import { FIG } from './counters.js';
import type { Kernel } from './kernel.js';
import type { Cpu } from './cpu.js';
import type { Mm } from './mm.js';
import type { PageTable } from './page-table.js';

/**
 * The statements that are system calls in Linux (docs/model.md R34, R82); page faults enter too
 * (fault.ts). kmap, kunmap, kmap_atomic, device, kernel read/write and swap-out run inside the kernel
 * already; seg-create, register and unregister are driver set-up outside the model's syscalls.
 */
export const SYSCALL_KINDS: ReadonlySet<string> = new Set([
    'mmap',
    'munmap',
    'mprotect',
    'madvise-dontneed',
    'fork',
    'exit',
    'copy-to-user',
    'syscall',
    'vas-create',
    'vas-attach',
    'vas-switch',
    'segment-attach',
    'segment-detach',
    'seg-attach',
    'seg-detach',
    'seg-zap',
]);

/** 4G/4G: a kernel entry and exit write CR3 twice and flush twice (R30). */
export function kernelEntry4g4g(k: Kernel, cpu: Cpu): void {
    const dropped = cpu.tlb4k.flushAsid(-1) + cpu.tlbLarge.flushAsid(-1);
    k.count(FIG.cr3Writes, 2, cpu.index, cpu.activeMm);
    k.count(FIG.fullFlushes, 2, cpu.index, cpu.activeMm);
    if (dropped > 0) k.count(FIG.tlbEntriesDropped, dropped, cpu.index, cpu.activeMm);
}

/**
 * A kernel visit of a PTE table: free in lowmem; kmap_atomic (+1, with its local invlpg) in highmem;
 * under UKVA free from the owning mm's own context, kmap_atomic from any other (section 3, R29).
 */
export function visitPteTable(k: Kernel, cpu: Cpu, mm: Mm, table: PageTable, ownContext: boolean): void {
    if (table.level !== k.geometry.leafLevel) return;
    if (table.location === 'lowmem' || (table.location === 'ukva' && ownContext)) return;
    k.count(FIG.kmapAtomic, 1, cpu.index, mm);
    k.count(FIG.invlpg, 1, cpu.index, mm);
}
