/**
 * `model rfc` (docs/model.md R55, R73): Till Smejkal's mm/vas.c. vas_attach builds one mm per (task,
 * VAS), the attachment: the VAS's VMAs plus the task's own VMAs that do not overlap them, copied by
 * copy_vm_area / dup_page_range (one table per source table, every PTE as it is, no COW). The VAS's
 * memory is the VAS's: one frame per page, whichever attachment faults first (a page cache keyed by
 * the VAS). VMA changes made inside an attachment are the VAS's and reach its mm and every
 * attachment; `vas switch` into an attachment re-syncs the task's changed VMAs (sync_task).
 * Seed 004's "Ick" is the price: tables, faults and syncs per attachment.
 */
import { FIG } from './counters.js';
import type { Kernel } from './kernel.js';
import type { Cpu, Task } from './cpu.js';
import type { Mm, Vma } from './mm.js';
import type { Protection } from './scenario.js';
import { createMm, teardownMm } from './lifecycle.js';
import { copyTables } from './fork.js';
import { flushRequest } from './flush.js';
import { zapRange, freePgtables } from './zap.js';
import { notifyZap, zapGather } from './notifier.js';
import { mprotect, requestedVma, type MmapRequest } from './vm-ops.js';
import { hexOfVpn } from './format.js';

const VAS_PREFIX = '\u0000vas:';

/** The backing of a VAS's own memory: page n of the VAS is page n of this object (R73 (3)). */
export function vasMemory(vas: Mm): string {
    return VAS_PREFIX + vas.name;
}

function taskKey(task: Task): string {
    return `${task.name}#${task.thread}`;
}

export function rfcAttachmentOf(vas: Mm, task: Task): Mm | null {
    return vas.attachments.find(a => a.attachment!.task === taskKey(task)) ?? null;
}

/** The mms one VMA change of the VAS reaches, in creation order: the VAS's own, then its attachments. */
function vasMms(vas: Mm): Mm[] {
    return [vas, ...vas.attachments];
}

/** copy_vm_area + dup_page_range of one VMA from src into the attachment; false on a conflict (skipped). */
function copyVma(k: Kernel, cpu: Cpu, src: Mm, dst: Mm, vma: Vma): boolean {
    if (dst.overlaps(vma.start, vma.end)) return false;
    dst.insert({ ...vma });
    copyTables(k, cpu, dst, src, src.root, vma, false, cpu.activeMm === src);
    return true;
}

/** vas_attach(tsk) (R73 (1), (2)): the task's attachment mm, a pgd plus the copied tables. */
export function rfcAttach(k: Kernel, vas: Mm, task: Task): void {
    const home = task.home!;
    if (rfcAttachmentOf(vas, task)) {
        k.error(`vas attach: task ${task.label} has already attached VAS ${vas.name}`);
        return;
    }
    // vas_attach is a system call of some task; the copies run on the attaching task's CPU, else CPU 0.
    const cpu = k.cpus[task.cpu >= 0 ? task.cpu : 0];
    const mm = createMm(k, `${vas.name}@${task.label}`, true, cpu.index);
    mm.family = home.family; // R79: frames shared writable with the task's mm by design
    mm.attachment = { vas, task: taskKey(task), synced: home.vmas.map(v => ({ ...v })) };
    vas.attachments.push(mm);
    for (const vma of vas.vmas) copyVma(k, cpu, vas, mm, vma);
    for (const vma of home.vmas) if (!vas.overlaps(vma.start, vma.end)) copyVma(k, cpu, home, mm, vma);
}

function sameVma(a: Vma, b: Vma): boolean {
    return (
        a.start === b.start &&
        a.end === b.end &&
        a.read === b.read &&
        a.write === b.write &&
        a.exec === b.exec &&
        a.shared === b.shared &&
        a.file === b.file &&
        a.filePage === b.filePage &&
        a.pages === b.pages
    );
}

/**
 * sync_task(.., 1) at `vas switch` into an attachment (R73 (5)): the task's VMAs gone or changed since
 * the last sync leave the attachment (an munmap each), new or changed ones are copied with their PTEs.
 */
export function rfcSync(k: Kernel, cpu: Cpu, mm: Mm): void {
    const att = mm.attachment!;
    const home = k.tasks.get(att.task)!.home!;
    const gone = att.synced.filter(v => !home.vmas.some(w => sameVma(v, w)));
    const added = home.vmas.filter(v => !att.synced.some(w => sameVma(v, w)));
    if (gone.length === 0 && added.length === 0) return;
    k.count(FIG.vasSyncs, 1, cpu.index, mm);
    att.synced = home.vmas.map(v => ({ ...v }));
    for (const v of gone)
        if (!att.vas.overlaps(v.start, v.end)) unmapParts(k, cpu, mm, [[v.start, v.end]], v.start, v.end, 'vas-sync');
    for (const v of added) if (!att.vas.overlaps(v.start, v.end)) copyVma(k, cpu, home, mm, v);
}

/**
 * One munmap-like zap of the given parts of an mm (R12's one request per call, R23's one callout pair
 * over [start, end), R21's free_pgtables): used where a change reaches only some VMAs of an mm.
 */
export function unmapParts(
    k: Kernel,
    cpu: Cpu,
    mm: Mm,
    parts: [number, number][],
    start: number,
    end: number,
    reason: string,
): void {
    if (parts.length === 0) return;
    const g = zapGather(mm);
    for (const [s, e] of parts) for (const part of mm.remove(s, e)) zapRange(k, cpu, mm, part.start, part.end, g);
    notifyZap(k, mm, start, end, g.cleared, cpu.index, { leaves: g.leaves });
    const request = g.request(mm, cpu.index, reason);
    if (request) flushRequest(k, request);
    freePgtables(k, mm, start, end, cpu.index);
}

/** The parts of mm's VMAs in [start, end) that satisfy `which`, clipped to the range. */
export function partsOf(mm: Mm, start: number, end: number, which: (v: Vma) => boolean): [number, number][] {
    return mm
        .overlapping(start, end)
        .filter(which)
        .map(v => [Math.max(start, v.start), Math.min(end, v.end)]);
}

/** mmap inside an attachment (R73 (4)): the VMA is the VAS's, in its mm and every attachment at once. */
export function rfcMmap(k: Kernel, cpu: Cpu, mm: Mm, r: MmapRequest): number {
    const vas = mm.attachment!.vas;
    const pages = Math.ceil(r.pages / r.pageSize) * r.pageSize;
    const start = r.start ?? mm.firstFit(pages, k.unmappedBaseVpn, k.taskTopVpn, r.pageSize);
    if (start < 0) {
        k.error(`mmap: no free range of ${pages} pages in user space`, cpu.index);
        return -1;
    }
    if (r.start !== undefined && mm.overlaps(start, start + pages)) rfcMunmap(k, cpu, mm, start, start + pages);
    // Anonymous private memory of the VAS behaves as one object: a frame per page, no zero page, no COW.
    const anon = r.backing.kind === 'anon';
    const backing = r.backing;
    const file = backing.kind === 'file' ? backing.file : r.shared ? `\u0000shmem${k.newAnonVma()}` : vasMemory(vas);
    const filePage = backing.kind === 'file' ? Number(backing.offset >> 12n) : r.shared ? 0 : start;
    const vma: Vma = { ...requestedVma(r, start, pages, { shared: anon || r.shared, file, filePage }), vasId: vas.id };
    for (const target of vasMms(vas)) {
        if (!target.overlaps(vma.start, vma.end)) target.insert({ ...vma }); // another task's own VMA there: skipped
    }
    return start;
}

/**
 * munmap inside an attachment (R73 (4)): the VAS's VMAs go from its mm and every attachment, one request
 * per mm in creation order on the caller's CPU, and their pages leave the VAS; the caller's own VMAs in
 * the range go from its attachment only.
 */
export function rfcMunmap(k: Kernel, cpu: Cpu, mm: Mm, start: number, end: number): void {
    const vas = mm.attachment!.vas;
    const memory = vasMemory(vas);
    for (const target of vasMms(vas)) {
        const parts =
            target === mm
                ? partsOf(target, start, end, () => true)
                : partsOf(target, start, end, v => isVasVma(vas, v));
        unmapParts(k, cpu, target, parts, start, end, 'munmap');
    }
    k.frames.evict(memory, start, end);
}

/** A VMA that belongs to the VAS (its memory or a segment it attached), not to one task. */
export function isVasVma(vas: Mm, v: Vma): boolean {
    return v.vasId === vas.id;
}

/**
 * mprotect inside an attachment (R73 (4)): the VAS's VMAs change everywhere; the caller's own only in its attachment.
 */
export function rfcMprotect(k: Kernel, cpu: Cpu, mm: Mm, start: number, end: number, prot: Protection): void {
    const vas = mm.attachment!.vas;
    if (!mm.overlaps(start, end)) {
        k.error(`mprotect: no mapping at ${hexOfVpn(start)}`, cpu.index);
        return;
    }
    for (const target of vasMms(vas)) {
        const parts =
            target === mm ? [[start, end] as [number, number]] : partsOf(target, start, end, v => isVasVma(vas, v));
        const att = target.attachment;
        target.attachment = null; // the plain system call on this one mm
        for (const [s, e] of parts) mprotect(k, cpu, target, s, e, prot);
        target.attachment = att;
    }
}

/** vas_exit (R73 (6)): the task's attachments are torn down as exit_mmap would (after it switched back). */
export function rfcExit(k: Kernel, cpu: Cpu, task: Task): void {
    for (const mm of [...k.mms.values()]) {
        if (!mm.isVas || mm.attachments.length === 0) continue;
        const att = rfcAttachmentOf(mm, task);
        if (!att) continue;
        teardownMm(k, att, cpu);
        mm.attachments.splice(mm.attachments.indexOf(att), 1);
    }
}
