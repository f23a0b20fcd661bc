/**
 * fork (R8, R9, R25): dup_mmap and copy_page_range of kernel/fork.c and mm/memory.c. Private
 * writable PTEs become read-only in both mms (COW); the parent's mm gets one full flush.
 */
import { FIG } from './counters.js';
import type { Kernel } from './kernel.js';
import { Task, type Cpu } from './cpu.js';
import type { Mm, Vma } from './mm.js';
import { PTE_PRESENT, PTE_WRITE, PTE_SWAP, PTE_PROTNONE, type PageTable } from './page-table.js';
import { ensureTables } from './fault.js';
import { flushMm } from './flush.js';
import { notifyProtect } from './notifier.js';
import { visitPteTable } from './kernel-entry.js';
import { createMm } from './lifecycle.js';
import { giveOwnRoot, pgdEntryChanged } from './ukva.js';

function copyLeaves(
    k: Kernel,
    parent: PageTable,
    child: PageTable,
    first: number,
    last: number,
    vma: Vma,
    cow: boolean,
    parentMm: Mm,
    cpu: number,
): void {
    const flags = parent.flags!;
    const frames = parent.frame!;
    for (let i = first; i <= last; i++) {
        let f = flags[i];
        if (f === 0) continue;
        if ((f & PTE_SWAP) !== 0) k.frames.swapRef(frames[i], 1);
        else if ((f & (PTE_PRESENT | PTE_PROTNONE)) !== 0) {
            k.frames.map(frames[i]);
            if (cow && (f & PTE_WRITE) !== 0 && !vma.shared) {
                f &= ~PTE_WRITE; // COW: read-only in both mms
                parent.setFlags(i, f);
                if (parent.level === 0) pgdEntryChanged(k, parentMm, cpu); // R69: a 4 MiB leaf write-protected
            }
        }
        child.setLeaf(i, frames[i], f);
    }
}

/**
 * Copies the parent's tables overlapping the VMA: one child table per parent table, at each level (R8).
 * `cow` false is the RFC's dup_page_range (R73): every PTE as it is. `parentOwn`: R50's own context.
 */
export function copyTables(
    k: Kernel,
    cpu: Cpu,
    child: Mm,
    parentMm: Mm,
    t: PageTable,
    vma: Vma,
    cow = true,
    parentOwn = true,
): void {
    const first = Math.max(0, Math.floor((vma.start - t.baseVpn) / t.spanPages));
    const last = Math.min(t.entries - 1, Math.floor((vma.end - 1 - t.baseVpn) / t.spanPages));
    if (t.level > 0) {
        const copy = ensureTables(k, child, t.baseVpn, t.level, cpu.index);
        if (t.level === k.geometry.leafLevel) {
            visitPteTable(k, cpu, parentMm, t, parentOwn);
            visitPteTable(k, cpu, child, copy, false); // the child's side is never the current context
        }
        if (t.flags) copyLeaves(k, t, copy, first, last, vma, cow, parentMm, cpu.index);
    } else if (t.flags) copyLeaves(k, t, child.root, first, last, vma, cow, parentMm, cpu.index);
    const children = t.children;
    if (!children) return;
    for (let i = first; i <= last; i++) {
        const c = children[i];
        if (c) copyTables(k, cpu, child, parentMm, c, vma, cow, parentOwn);
    }
}

/**
 * fork of the task current on `cpu`; the child is a new process, current nowhere. A name used again
 * (a fork inside `repeat`) makes a distinct child each time: `child`, `child#2`, ... (Kernel.claimChildName).
 */
export function forkTask(k: Kernel, cpu: Cpu, parent: Task, childName: string): Task | null {
    const pm = parent.mm;
    if (!pm) {
        k.error(`fork: ${parent.label} is a kernel thread`, cpu.index);
        return null;
    }
    if (parent.mm !== parent.home) {
        k.error(`fork: ${parent.label} runs inside VAS ${pm.name}; fork inside a VAS is not allowed (R54)`, cpu.index);
        return null;
    }
    const name = k.claimChildName(childName);
    if (name === null) {
        k.error(`fork: ${childName} already names a declared process or VAS`, cpu.index);
        return null;
    }
    k.chargeStack(cpu.index); // R70: dup_task_struct's stack precedes copy_mm's pgd
    const child = createMm(k, name, true, cpu.index);
    child.users = 1;
    for (const vma of pm.vmas) {
        child.vmas.push({ ...vma, anonVma: vma.anonVma ? k.newAnonVma() : 0 });
        if (vma.shared || vma.anonVma === 0) continue; // R8: only private VMAs with an anon_vma
        copyTables(k, cpu, child, pm, pm.root, vma);
        notifyProtect(k, pm, vma.start, vma.end, cpu.index);
    }
    flushMm(k, pm, cpu.index, 'fork'); // R9
    k.count(FIG.forks, 1, cpu.index, pm);
    const task = new Task(name, 0, child);
    giveOwnRoot(k, task, cpu.index);
    k.addTask(task, true);
    return task;
}
