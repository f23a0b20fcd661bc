/**
 * First-class virtual address spaces and segments (MODEL.md section 9; Till Smejkal's VAS RFC, 2017,
 * after SpaceJMP, ASPLOS 2016): an mm owned by no process, attached by processes, entered by a
 * thread's `vas switch` without the scheduler. A segment is a fixed region whose frames every VAS
 * that attaches it shares, each with its own page tables.
 */
import { FIG } from './counters.js';
import type { Kernel } from './kernel.js';
import type { Cpu, Task } from './cpu.js';
import type { Mm, Vma } from './mm.js';
import type { SegmentConfig } from './scenario.js';
import { createMm } from './lifecycle.js';
import { switchMm } from './sched.js';
import { flushRequest } from './flush.js';
import { zapRange } from './zap.js';
import { notifyZap, zapGather } from './notifier.js';
import { pagesOf } from './machine.js';

const SEGMENT_PREFIX = '\u0000segment:';

export function vasCreate(k: Kernel, name: string): void {
    if (k.mms.has(name)) {
        k.error(`vas create: an address space named ${name} already exists`);
        return;
    }
    const mm = createMm(k, name, true, -1);
    mm.isVas = true;
    k.count(FIG.vasCreates, 1, -1, mm);
}

function liveVas(k: Kernel, name: string, what: string): Mm | null {
    const mm = k.mms.get(name);
    if (!mm || !mm.isVas || mm.dead) {
        k.error(`${what}: no VAS ${name} (create it first)`);
        return null;
    }
    return mm;
}

export function vasAttach(k: Kernel, vasName: string, process: string): void {
    const mm = liveVas(k, vasName, 'vas attach');
    if (!mm) return;
    const owner = k.mmNamed(process);
    if (!owner) {
        k.error(`vas attach: no process ${process}`);
        return;
    }
    mm.attachedBy.add(owner.name);
}

/** vas switch: the thread's CPU loads the target's root (section 5's flush rules), no scheduler. */
export function vasSwitch(k: Kernel, cpu: Cpu, task: Task, to: string): void {
    const home = task.home!;
    const target = to === task.name ? home : liveVas(k, to, 'vas switch');
    if (!target) return;
    if (target !== home && !target.attachedBy.has(task.name)) {
        k.error(`vas switch: ${task.name} has not attached VAS ${to}`, cpu.index);
        return;
    }
    k.count(FIG.vasSwitches, 1, cpu.index, target);
    task.mm = target;
    if (cpu.loadedRoot !== target.root) switchMm(k, cpu, target, target.root, 'vas-switch');
}

/** Attaches a segment to a VAS: a shared VMA at its fixed address whose frames all VASes share. */
export function segmentAttach(k: Kernel, segment: SegmentConfig | undefined, vasName: string): void {
    const mm = liveVas(k, vasName, 'segment attach');
    if (!mm || !segment) {
        if (!segment) k.error(`segment attach: no such segment`);
        return;
    }
    const { first, end } = pagesOf(segment.start, segment.size);
    if (mm.overlaps(first, end)) {
        k.error(`segment attach: segment ${segment.name} overlaps a mapping of ${vasName}`);
        return;
    }
    mm.insert({
        start: first, end, read: true, write: true, exec: false, shared: true, file: SEGMENT_PREFIX + segment.name,
        filePage: 0, pages: 1, anonVma: 0,
    });
}

export function isSegment(vma: Vma): boolean {
    return vma.file !== null && vma.file.startsWith(SEGMENT_PREFIX);
}

/**
 * A zap of segment pages in one address space discards pages every attached VAS maps: each other mm
 * mapping the segment there is zapped too, with its own callouts and shootdown.
 */
export function zapSegmentPeers(k: Kernel, cpu: Cpu, mm: Mm, vma: Vma, start: number, end: number): void {
    for (const other of k.mms.values()) {
        if (other === mm || other.dead) continue;
        if (!other.overlapping(start, end).some((v) => v.file === vma.file)) continue;
        const g = zapGather(other);
        zapRange(k, cpu, other, start, end, g, false);
        notifyZap(k, other, start, end, g.cleared, cpu.index, { leaves: g.leaves });
        const request = g.request(other, cpu.index, 'segment');
        if (request) flushRequest(k, request);
    }
}
