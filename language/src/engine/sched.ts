/**
 * Context switches (docs/model.md section 5, R14), lazy TLB and leave_mm (R15), PCID ASIDs (R16):
 * switch_mm_irqs_off, choose_new_asid and leave_mm of arch/x86/mm/tlb.c.
 */
import { FIG } from './counters.js';
import type { Kernel } from './kernel.js';
import type { Cpu, Task } from './cpu.js';
import { DYNAMIC_ASIDS } from './cpu.js';
import type { Mm } from './mm.js';
import type { PageTable } from './page-table.js';

/** Drops every non-global entry of the tag (tag < 0: any) on a CPU: one full flush (R17, R19). */
export function fullFlushCpu(k: Kernel, cpu: Cpu, tag: number, mm: Mm | null): void {
    const dropped = cpu.tlb4k.flushAsid(tag) + cpu.tlbLarge.flushAsid(tag);
    k.count(FIG.fullFlushes, 1, cpu.index, mm);
    if (dropped > 0) k.count(FIG.tlbEntriesDropped, dropped, cpu.index, mm);
}

function cr3Write(k: Kernel, cpu: Cpu, root: PageTable | null, reason: string, mm: Mm | null): void {
    cpu.loadedRoot = root;
    k.count(FIG.cr3Writes, 1, cpu.index, mm);
    if (k.log.storing) k.event({ kind: 'cr3', cpu: cpu.index, reason, mm: mm?.name ?? 'kernel' });
    else k.log.skip();
}

/**
 * choose_new_asid (4.14+): an ASID slot of `mm` on this CPU, flushing it if it is behind the mm's
 * generation or newly taken. Round-robin from slot 1, wrapping to 0 (R16).
 */
function loadAsid(k: Kernel, cpu: Cpu, mm: Mm): void {
    let slot = cpu.asidSlotOf(mm);
    let flush = true;
    if (slot >= 0) flush = cpu.asidGen[slot] !== mm.generation;
    else {
        slot = k.machine.asidPolicy === 'lru' ? lruAsid(cpu) : cpu.nextAsid;
        cpu.nextAsid = slot + 1 >= DYNAMIC_ASIDS ? 0 : slot + 1;
        cpu.asidMm[slot] = mm;
    }
    cpu.asid = slot + 1;
    cpu.asidUsed[slot] = ++cpu.asidClock;
    if (flush) fullFlushCpu(k, cpu, cpu.asid, mm);
    cpu.asidGen[slot] = mm.generation;
}

/** `asid lru` (docs/model.md R58): the least recently loaded slot, scanning from slot 1 as round-robin starts. */
function lruAsid(cpu: Cpu): number {
    let best = 1 % DYNAMIC_ASIDS;
    for (let i = 1; i <= DYNAMIC_ASIDS; i++) {
        const slot = i % DYNAMIC_ASIDS;
        if (cpu.asidUsed[slot] < cpu.asidUsed[best]) best = slot;
    }
    return best;
}

/** Loads a user mm's root on a CPU (switch_mm): CR3 write, flush per PCID, cpumask moves. */
export function switchMm(k: Kernel, cpu: Cpu, next: Mm, root: PageTable, reason: string): void {
    const prev = cpu.activeMm;
    cr3Write(k, cpu, root, reason, next);
    if (prev && prev !== next) prev.cpumask[cpu.index] = 0;
    if (k.machine.pcid) loadAsid(k, cpu, next);
    else fullFlushCpu(k, cpu, -1, next);
    cpu.syncedGen = next.generation;
    next.cpumask[cpu.index] = 1;
    cpu.activeMm = next;
}

/** leave_mm (R15): a lazy CPU drops the borrowed mm and loads the kernel root. */
export function leaveMm(k: Kernel, cpu: Cpu): void {
    const mm = cpu.activeMm;
    if (!mm) return;
    cr3Write(k, cpu, null, 'leave_mm', mm);
    // Without PCID the CR3 write flushes; with PCID the mm's generation has moved on instead.
    if (!k.machine.pcid) fullFlushCpu(k, cpu, -1, mm);
    else cpu.asid = 0;
    mm.cpumask[cpu.index] = 0;
    cpu.activeMm = null;
    if (k.log.storing) k.event({ kind: 'leave_mm', cpu: cpu.index, mm: mm.name });
    else k.log.skip();
}

/** The root a task runs on (per-task UKVA would give each thread its own: a seam for section 8). */
export function rootOf(task: Task): PageTable | null {
    if (!task.mm) return null;
    return task.mm === task.home && task.ownRoot ? task.ownRoot : task.mm.root;
}

/** R14: switch CPU `cpu` to `next` (null: its idle thread). */
export function switchTo(k: Kernel, cpu: Cpu, next: Task | null): void {
    if (cpu.current === next) return;
    if (next && next.cpu >= 0 && next.cpu !== cpu.index) switchTo(k, k.cpus[next.cpu], null);
    if (cpu.current) cpu.current.cpu = -1;
    cpu.current = next;
    if (next) next.cpu = cpu.index;
    k.count(FIG.contextSwitches, 1, cpu.index, next?.mm);
    if (!next || !next.mm) return; // kernel thread: lazy, keeps the active mm and its root
    const root = rootOf(next)!;
    if (cpu.loadedRoot === root) {
        cpu.activeMm = next.mm;
        next.mm.cpumask[cpu.index] = 1;
        if (k.machine.era === '6.x') catchUpLazy(k, cpu, next.mm, root);
        return;
    }
    const sameMm = cpu.activeMm === next.mm;
    switchMm(k, cpu, next.mm, root, 'switch');
    // Per-task UKVA: threads of one mm have different roots and windows: the switch flushes (section 8).
    if (sameMm && k.machine.pcid && k.split.ukva?.scope === 'per-task') fullFlushCpu(k, cpu, cpu.asid, next.mm);
}

/**
 * 6.x (docs/model.md R75): a lazy CPU returning to the root it kept may have been skipped by flushes
 * (is_lazy); it compares the generation it last flushed to (its ASID slot's with PCID) with the mm's
 * and, if behind, reloads CR3 with a flush (switch_mm_irqs_off: cr3Writes +1, fullFlushes +1).
 */
function catchUpLazy(k: Kernel, cpu: Cpu, mm: Mm, root: PageTable): void {
    const slot = k.machine.pcid ? cpu.asidSlotOf(mm) : -1;
    const synced = slot >= 0 ? cpu.asidGen[slot] : cpu.syncedGen;
    if (synced >= mm.generation) return;
    cr3Write(k, cpu, root, 'lazy-catch-up', mm);
    fullFlushCpu(k, cpu, slot >= 0 ? slot + 1 : -1, mm);
    if (slot >= 0) cpu.asidGen[slot] = mm.generation;
    cpu.syncedGen = mm.generation;
}

/** The CPU where a task is current, or an error event (R22). */
export function cpuOfTask(k: Kernel, task: Task | undefined, what: string): Cpu | null {
    if (!task || task.dead) {
        k.error(`${what}: no such task`);
        return null;
    }
    if (task.cpu < 0) {
        k.error(`${what}: task ${task.label} is not current on any CPU (switch to it first)`);
        return null;
    }
    return k.cpus[task.cpu];
}
