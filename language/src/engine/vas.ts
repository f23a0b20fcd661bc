/**
 * First-class virtual address spaces (docs/model.md section 9; Till Smejkal's VAS RFC, 2017, after
 * SpaceJMP, ASPLOS 2016): an mm owned by no process, attached by processes, entered by a thread's
 * `vas switch` without the scheduler. Two designs per VAS (docs/model.md R55): `shared` (Andy
 * Lutomirski: one mm per VAS, attach only grants the right to switch; this file) and `rfc` (the
 * RFC's mm/vas.c: one mm per attached task, vas-rfc.ts). Segments: segment.ts.
 */
import { FIG, NO_CPU } from './counters.js';
import type { Kernel } from './kernel.js';
import type { Cpu, Task } from './cpu.js';
import type { Mm } from './mm.js';
import { createMm } from './lifecycle.js';
import { switchMm } from './sched.js';
import { rfcAttach, rfcAttachmentOf, rfcExit, rfcSync } from './vas-rfc.js';

export { segmentAttach, segmentDetach, segmentZap, isSegment } from './segment.js';

/** Whether a VAS follows the RFC's design (R55); every other VAS is `shared`. */
export function isRfc(k: Kernel, vas: Mm): boolean {
    return vas.isVas && k.vasModels.get(vas.name) === 'rfc';
}

export function vasCreate(k: Kernel, name: string): void {
    if (k.mms.has(name)) {
        k.error(`vas create: an address space named ${name} already exists`);
        return;
    }
    // The RFC was x86_64-only (its mm/vas.c needs the 64-bit layout): no VAS support on i386 presets.
    if (k.vasModels.get(name) === 'rfc' && !k.geometry.is64) {
        k.error(
            `vas create: VAS ${name} is model rfc, which ${k.machine.arch} does not support (the RFC was x86_64-only)`,
        );
        return;
    }
    const mm = createMm(k, name, true, NO_CPU);
    mm.isVas = true;
    k.count(FIG.vasCreates, 1, NO_CPU, mm);
}

export function liveVas(k: Kernel, name: string, what: string): Mm | null {
    const mm = k.mms.get(name);
    if (!mm || !mm.isVas || mm.dead) {
        k.error(`${what}: no VAS ${name} (create it first)`);
        return null;
    }
    return mm;
}

/** `vas attach V to P` (shared: the process may switch into V) or `to P[t]` (rfc: that task's attachment). */
export function vasAttach(k: Kernel, vasName: string, process: string, thread = 0): void {
    const mm = liveVas(k, vasName, 'vas attach');
    if (!mm) return;
    const owner = k.mmNamed(process);
    if (!owner) {
        k.error(`vas attach: no process ${process}`);
        return;
    }
    if (!isRfc(k, mm)) {
        mm.attachedBy.add(owner.name);
        return;
    }
    const task = k.findTask(process, thread);
    if (!task || task.dead) k.error(`vas attach: no live task ${process}[${thread}]`);
    else rfcAttach(k, mm, task);
}

/** The mm a `vas switch` of `task` to `to` enters, or null after an error event. */
function switchTarget(k: Kernel, cpu: Cpu, task: Task, to: string): Mm | null {
    if (to === task.name) return task.home;
    const vas = liveVas(k, to, 'vas switch');
    if (!vas) return null;
    const target = isRfc(k, vas) ? rfcAttachmentOf(vas, task) : vas.attachedBy.has(task.name) ? vas : null;
    if (!target) {
        const whom = isRfc(k, vas)
            ? `task ${task.label} has no attachment of VAS ${to} (model rfc attaches per task)`
            : `${task.name} has not attached VAS ${to}`;
        k.error(`vas switch: ${whom}`, cpu.index);
    }
    return target;
}

/**
 * vas switch: the thread's CPU loads the target's root (section 5's flush rules), no scheduler. A
 * system call (R34): under 4G/4G it enters the kernel even when the target is already active, and
 * then does nothing else (R54). Into an rfc attachment it first re-syncs the task's VMAs (R73).
 */
export function vasSwitch(k: Kernel, cpu: Cpu, task: Task, to: string): void {
    // its 4G/4G kernel entry is counted by ops.ts enterKernel, as for every system call (R34, R82)
    const target = switchTarget(k, cpu, task, to);
    if (!target || target === task.mm) return;
    if (target.attachment) rfcSync(k, cpu, target);
    enter(k, cpu, task, target);
}

function enter(k: Kernel, cpu: Cpu, task: Task, target: Mm): void {
    k.count(FIG.vasSwitches, 1, cpu.index, target);
    task.mm = target;
    if (cpu.loadedRoot !== target.root) switchMm(k, cpu, target, target.root, 'vas-switch');
}

/**
 * vas_exit (R54, R73 (6)): a task exiting inside a VAS first switches back to its own mm (a VAS
 * switch with its CR3 write and flush), then its rfc attachments are torn down. `cpu` is the CPU
 * it runs on, or the exiting group's CPU for a thread current nowhere (no switch then).
 */
export function vasExit(k: Kernel, cpu: Cpu, task: Task): void {
    if (!task.home) return;
    if (task.mm !== task.home) {
        if (task.cpu === cpu.index) enter(k, cpu, task, task.home);
        else task.mm = task.home;
    }
    rfcExit(k, cpu, task);
}
