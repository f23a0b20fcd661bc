/**
 * Birth and death of mms: mm_alloc/pgd_alloc at setup (R20, PAE's preallocated PMDs), exit_mmap
 * (R13: release placement, zap per VMA, one full flush handled by leave_mm, all tables freed) and exec.
 */
import type { Kernel } from './kernel.js';
import type { Cpu, Task } from './cpu.js';
import type { Mm } from './mm.js';
import { paeUserPmds } from './machine.js';
import { flushMm } from './flush.js';
import { zapRange, freeAllTables } from './zap.js';
import { notifyZap, releaseAll, zapGather } from './notifier.js';
import { switchTo, switchMm, rootOf } from './sched.js';
import { vasExit } from './vas.js';
import { attachWindow, detachWindow, giveOwnRoot } from './ukva.js';

/** A new mm: 1 pgd page, plus on PAE the user PMDs preallocated by pgd_alloc (section 2). */
export function createMm(k: Kernel, name: string, counted: boolean, cpu: number): Mm {
    const mm = k.newMm(name, counted, cpu);
    const pmds = paeUserPmds(k.geometry, k.split);
    for (let i = 0; i < pmds; i++) {
        const pmd = k.allocTable(1, i * mm.root.spanPages, mm, cpu, counted);
        mm.root.setChild(i, pmd);
    }
    if (counted) attachWindow(k, mm, cpu);
    return mm;
}

/** exit_mmap (R13) on the last user's CPU, after it switched to idle (the mm is lazily kept). */
export function teardownMm(k: Kernel, mm: Mm, cpu: Cpu): void {
    releaseAll(k, mm, 'before-unmap', cpu.index);
    const g = zapGather(mm);
    for (const vma of mm.vmas) {
        const before = g.cleared;
        zapRange(k, cpu, mm, vma.start, vma.end, g);
        notifyZap(k, mm, vma.start, vma.end, g.cleared - before, cpu.index, { leaves: g.leaves?.slice(2 * before) });
    }
    if (g.cleared > 0) flushMm(k, mm, cpu.index, 'exit');
    freeAllTables(k, mm, cpu.index);
    detachWindow(k, mm, cpu.index);
    mm.vmas.length = 0;
    releaseAll(k, mm, 'after-unmap', cpu.index);
    mm.dead = true;
}

/** exit of a task current on `cpu` (R13): switch to idle; the last user tears the mm down. */
export function exitTask(k: Kernel, cpu: Cpu, task: Task): void {
    vasExit(k, cpu, task); // R54: back to its own mm first; R73 (6): attachments torn down
    switchTo(k, cpu, null);
    const mm = dropTask(k, task, cpu);
    if (mm && mm.users <= 0) teardownMm(k, mm, cpu);
}

/** The task is gone: its own tables (a per-task UKVA root) are freed and its mm, returned, has one user less. */
function dropTask(k: Kernel, task: Task, cpu: Cpu): Mm | undefined {
    k.taskDied(task);
    const mm = task.home;
    if (!mm) return undefined;
    for (const table of task.ownTables) k.freeTable(table, mm, cpu.index);
    mm.users--;
    return mm;
}

/**
 * exit_group (`exit db`): every other live thread of the process dies first (those current on a CPU
 * switch that CPU to idle), then the calling thread exits on its CPU, so that exit_mmap runs there as
 * the last user's teardown.
 */
export function exitGroup(k: Kernel, cpu: Cpu, caller: Task): void {
    for (const task of k.tasks.values()) {
        if (task === caller || task.dead || task.name !== caller.name || task.home !== caller.home) continue;
        if (task.cpu >= 0) exitTask(k, k.cpus[task.cpu], task);
        else exitAsleep(k, task, cpu);
    }
    exitTask(k, cpu, caller);
}

/** A thread that is not current anywhere dies without a context switch. */
function exitAsleep(k: Kernel, task: Task, cpu: Cpu): void {
    vasExit(k, cpu, task);
    dropTask(k, task, cpu);
}

/**
 * exec: a fresh mm (pgd_alloc), activated on the task's CPU (a CR3 write with the flush of section 5,
 * no context switch), then the old mm is released by its last user as in exit. The new mm becomes the
 * task's own (home): its exit tears that one down, not the old one again. A per-task UKVA root is
 * the old mm's: it is freed and the task gets one for the new mm.
 */
export function execTask(k: Kernel, cpu: Cpu, task: Task): void {
    const old = task.home;
    if (!old) return;
    // The process keeps its name (the key the old mm is filed under: a second exec's old mm is named job');
    // the old mm lives on only until its teardown.
    const key = [...k.mms].find(([, m]) => m === old)?.[0] ?? old.name;
    const mm = createMm(k, `${old.name}'`, true, cpu.index);
    k.mms.delete(mm.name);
    k.mms.set(key, mm);
    mm.users = 1;
    for (const table of task.ownTables) k.freeTable(table, old, cpu.index);
    task.ownTables.length = 0;
    task.ownRoot = null;
    task.home = mm;
    task.mm = mm;
    giveOwnRoot(k, task, cpu.index);
    switchMm(k, cpu, mm, rootOf(task)!, 'exec');
    old.users--;
    if (old.users <= 0) teardownMm(k, old, cpu);
}
