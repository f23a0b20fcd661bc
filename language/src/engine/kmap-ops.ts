/**
 * The kernel-side statements: kmap, kunmap, kmap_atomic, copy_to_user and `kernel read|write`
 * (docs/model.md section 9; docs/model.md R44, R49, R83, R88, R89, R90). Each runs on the CPU where its
 * task is current (R22), kernel threads included: a kernel thread may kmap a page-cache page (R88)
 * and then uses the global pool (R49).
 */
import { FIG } from './counters.js';
import type { Kernel } from './kernel.js';
import type { Cpu, Task } from './cpu.js';
import type { Mm } from './mm.js';
import type { CopySource, Operation } from './scenario.js';
import { KmapPool } from './kmap.js';
import { walk } from './walker.js';
import { accessPage } from './access.js';
import { handleFault } from './fault.js';
import { PTE_WRITE } from './page-table.js';
import { hexOfVpn } from './format.js';
import { PAGE_SHIFT, pagesOf, vpnOf } from './machine.js';
import { cpuOfTask } from './sched.js';
import { kmapPoolFor } from './ukva.js';
import { kernelAccessOp, kernelAccessPage } from './kernel-access.js';
import { directMapVpn, fixmapVpn, KM_USER0 } from './kernel-map.js';

type KernelOp = Operation & { kind: 'kmap' | 'kunmap' | 'kmap-atomic' | 'copy-to-user' | 'kernel-access' };
export const KERNEL_OP_KINDS: ReadonlySet<string> = new Set([
    'kmap',
    'kunmap',
    'kmap-atomic',
    'copy-to-user',
    'kernel-access',
]);

/** The frame behind a present user page of mm (a large leaf's 4 KiB subpage is its own frame), or -1 after an error. */
function frameBehind(k: Kernel, cpu: Cpu, mm: Mm, vpn: number, what: string): number {
    const w = walk(k.geometry, mm.root, vpn, k.walk);
    if (!w.present) {
        k.error(`${what}: no page present at ${hexOfVpn(vpn)}`, cpu.index);
        return -1;
    }
    return w.table!.frame![w.slot] + (vpn % w.pages);
}

/** A page-cache page (file, page), allocated at first use (R32, R88). */
function pageCacheFrame(k: Kernel, cpu: Cpu, mm: Mm | null, file: string, page: number): number {
    const r = k.frames.pageCacheFrame(file, page);
    if (r.allocated) k.count(FIG.framesAllocated, 1, cpu.index, mm);
    return r.frame;
}

/** kmap of a frame through pool (R41, R88, R90): the page to read it through, or -1 after an error event. */
export function kmapFrame(k: Kernel, pool: KmapPool, cpu: Cpu, mm: Mm | null, frame: number): number {
    if (!k.frames.isHighmem(frame)) {
        k.count(FIG.kmapLowmem, 1, cpu.index, mm);
        return directMapVpn(k, frame);
    }
    pool.lock(k, cpu, mm);
    const slot = pool.map(k, cpu, frame);
    if (slot >= 0) return pool.baseVpn + slot;
    k.count(FIG.kmapSleeps, 1, cpu.index, mm);
    k.error(`kmap: no free pkmap slot of ${pool.slots}: the task would sleep`, cpu.index);
    return -1;
}

/** kunmap of a frame: nothing for lowmem (R90); kunmap_high's BUG for a frame with no slot or count 1 (R88). */
export function kunmapFrame(k: Kernel, pool: KmapPool, cpu: Cpu, mm: Mm | null, frame: number): void {
    if (!k.frames.isHighmem(frame)) return;
    pool.lock(k, cpu, mm);
    if (!pool.unmap(frame)) {
        const why = pool.slotOfFrame(frame) < 0 ? 'is not kmapped' : 'has no kmap user left (count 1)';
        k.error(`kunmap: frame ${frame} ${why}`, cpu.index);
    }
}

/**
 * kmap_atomic (R89, R90): the fixmap slot of (cpu, type), set_pte and __flush_tlb_one there (the
 * invlpg drops that slot's entry, global or not, R80). Returns the page to read the frame through.
 */
export function kmapAtomicFrame(k: Kernel, cpu: Cpu, mm: Mm | null, frame: number, type: number): number {
    if (!k.frames.isHighmem(frame)) {
        k.count(FIG.kmapLowmem, 1, cpu.index, mm);
        return directMapVpn(k, frame);
    }
    const vpn = fixmapVpn(cpu.index, type);
    k.fixmap.set(vpn, frame);
    k.count(FIG.kmapAtomic, 1, cpu.index, mm);
    k.count(FIG.invlpg, 1, cpu.index, mm);
    const dropped = cpu.tlb4k.flushPage(vpn, cpu.asid, [1]);
    if (dropped > 0) k.count(FIG.tlbEntriesDropped, dropped, cpu.index, mm);
    return vpn;
}

/** R49: a task with a user mm uses its root's window pool (or the global one); kernel threads the global pool. */
function poolOf(k: Kernel, cpu: Cpu, task: Task): KmapPool {
    return task.mm ? kmapPoolFor(k, cpu, task, task.mm) : k.pkmap;
}

/** The frame a kmap statement names: a page-cache page, or the page behind a user address of the task's mm. */
function operandFrame(
    k: Kernel,
    cpu: Cpu,
    task: Task,
    op: KernelOp & { kind: 'kmap' | 'kunmap' | 'kmap-atomic' },
): number {
    if (op.file) return pageCacheFrame(k, cpu, task.mm, op.file.file, Number(op.file.offset >> BigInt(PAGE_SHIFT)));
    if (task.mm) return frameBehind(k, cpu, task.mm, vpnOf(op.address), op.kind);
    k.error(`${op.kind}: ${task.label} is a kernel thread and has no user address space (kmap a file page)`, cpu.index);
    return -1;
}

function kmapOp(k: Kernel, cpu: Cpu, task: Task, op: KernelOp & { kind: 'kmap' | 'kunmap' | 'kmap-atomic' }): void {
    const frame = operandFrame(k, cpu, task, op);
    if (frame < 0) return;
    if (op.kind === 'kunmap') return kunmapFrame(k, poolOf(k, cpu, task), cpu, task.mm, frame);
    const vpn =
        op.kind === 'kmap'
            ? kmapFrame(k, poolOf(k, cpu, task), cpu, task.mm, frame)
            : kmapAtomicFrame(k, cpu, task.mm, frame, KM_USER0);
    if (vpn >= 0 && op.access) kernelAccessPage(k, cpu, vpn, false); // R44, R88: one read through the slot
}

/** The source frame of copy_to_user's i-th page (R83). */
function sourceFrame(k: Kernel, cpu: Cpu, mm: Mm, source: CopySource, i: number): number {
    if (source.kind === 'file')
        return pageCacheFrame(k, cpu, mm, source.file, Number(source.offset >> BigInt(PAGE_SHIFT)) + i);
    const base = source.region ? k.regions.get(source.region) : 0n;
    if (base === undefined) {
        k.error(`copy_to_user: region ${source.region} is not mapped (its mmap has not run, or failed)`, cpu.index);
        return -1;
    }
    return frameBehind(k, cpu, mm, vpnOf(base + source.address) + i, 'copy_to_user source');
}

/**
 * copy_to_user of one page (R44): kmap (or kmap_atomic KM_USER0 `via atomic`) of the source, one kernel
 * read through the slot, the user write of the destination, kunmap. Without a source: the write alone.
 */
function copyPage(
    k: Kernel,
    cpu: Cpu,
    task: Task,
    mm: Mm,
    op: KernelOp & { kind: 'copy-to-user' },
    vpn: number,
    i: number,
): void {
    if (!op.source) return copyToUserPage(k, cpu, mm, vpn);
    const frame = sourceFrame(k, cpu, mm, op.source, i);
    if (frame < 0) return;
    const pool = op.atomic ? null : poolOf(k, cpu, task);
    const slot = pool ? kmapFrame(k, pool, cpu, mm, frame) : kmapAtomicFrame(k, cpu, mm, frame, KM_USER0);
    if (slot < 0) return;
    kernelAccessPage(k, cpu, slot, false);
    copyToUserPage(k, cpu, mm, vpn);
    if (pool) kunmapFrame(k, pool, cpu, mm, frame);
}

/**
 * The user write of copy_to_user. Normally a kernel write through the user's own mapping (one access
 * on the TLB path, faults included). Under 4G/4G the kernel cannot see user space: it walks the user
 * tables in software (faulting the page in if needed) and copies under kmap_atomic (R30, section 9).
 * Departure: the software walk is not counted in `walks`; a fault's retry walk is.
 */
export function copyToUserPage(k: Kernel, cpu: Cpu, mm: Mm, vpn: number): void {
    if (!k.split.fourGFourG) {
        accessPage(k, cpu, mm, vpn, true);
        return;
    }
    if (!k.tick()) return;
    // follow_page: a software walk, not a TLB miss; only a fault's retry walk counts (R6).
    let w = walk(k.geometry, mm.root, vpn, k.walk);
    if (!w.present || (w.table!.flags![w.slot] & PTE_WRITE) === 0) {
        if (!handleFault(k, cpu, mm, vpn, true, w)) return;
        w = walk(k.geometry, mm.root, vpn, k.walk);
        k.count(FIG.walks, 1, cpu.index, mm);
        k.count(FIG.walkRefs, w.refs, cpu.index, mm);
    }
    k.count(FIG.kmapAtomic, 1, cpu.index, mm);
    k.count(FIG.invlpg, 1, cpu.index, mm);
}

/** Runs a kernel-side statement; the task (if any) must be current on a CPU (R22). */
export function executeKernelOp(k: Kernel, op: KernelOp): void {
    if (op.kind === 'kernel-access') return kernelAccessOp(k, op);
    const task = k.findTask(op.task.name, op.task.thread);
    const cpu = cpuOfTask(k, task, op.kind);
    if (!cpu || !task) return;
    if (op.kind !== 'copy-to-user') return kmapOp(k, cpu, task, op);
    if (!task.mm)
        return k.error(`copy_to_user: ${task.label} is a kernel thread and has no user address space`, cpu.index);
    const { first, end } = pagesOf(op.range.start, op.range.size);
    const errors = k.log.errors.length;
    for (let vpn = first; vpn < end && !k.ended && k.log.errors.length === errors; vpn++)
        copyPage(k, cpu, task, task.mm, op, vpn, vpn - first);
}
