/**
 * Kernel-mode accesses (docs/model.md R39, R65): `kernel read|write`, and the kernel side of kmap
 * `access` and copy_to_user. One access per page: lookup, hit or miss, walk and fill as a user access
 * (section 4), against the kernel's translations (kernel-map.ts). Kernel entries are global under
 * `global-pages on` (they survive CR3 writes and ASID changes: R39), else tagged with the CPU's ASID.
 * A kernel access to a user address is the current task's user access, faults included.
 */
import { FIG } from './counters.js';
import type { Kernel } from './kernel.js';
import type { Cpu } from './cpu.js';
import type { Operation } from './scenario.js';
import type { Tlb } from './tlb.js';
import { accessPage } from './access.js';
import { cpuOfTask } from './sched.js';
import { hexOfVpn } from './format.js';
import { vpnOf } from './machine.js';
import { resolveKernel, type KernelTranslation } from './kernel-map.js';

/** The entry of cpu's TLBs covering kernel page vpn that matches (global or the CPU's ASID), or null (R2). */
function lookup(k: Kernel, cpu: Cpu, vpn: number): { tlb: Tlb; slot: number } | null {
    const small = cpu.tlb4k.find(vpn, 1, cpu.asid);
    if (small >= 0) return { tlb: cpu.tlb4k, slot: small };
    for (const leaf of k.geometry.large) {
        const slot = cpu.tlbLarge.find(vpn, leaf.pages, cpu.asid);
        if (slot >= 0) return { tlb: cpu.tlbLarge, slot };
    }
    return null;
}

/** R5 for kernel entries: stale if the kernel's tables no longer map vpn, or map another frame. */
function checkStale(
    k: Kernel,
    cpu: Cpu,
    tlb: Tlb,
    slot: number,
    vpn: number,
    t: KernelTranslation,
    write: boolean,
): void {
    const cached = tlb.frame[slot] + (vpn - tlb.base[slot]);
    if (t.kind !== 'none' && t.frame === cached) return;
    k.countKernelMode(FIG.staleHits, 1, cpu.index);
    k.log.staleHit({
        step: k.ops,
        statementId: k.log.statementId,
        cpu: cpu.index,
        kind: 'stale',
        address: hexOfVpn(vpn),
        mm: 'kernel',
        write,
        entry: {
            tlb: tlb === cpu.tlb4k ? '4k' : 'large',
            set: Math.floor(slot / tlb.ways),
            way: slot % tlb.ways,
            frame: cached,
        },
        pageTable: t.kind === 'none' ? 'not present' : { frame: t.frame, writable: true },
    });
}

/** Fills the kernel translation: 4 KiB slots in the 4 KiB TLB, direct-map leaves in the large one. */
function fill(k: Kernel, cpu: Cpu, vpn: number, t: KernelTranslation): void {
    const tlb = t.pages === 1 ? cpu.tlb4k : cpu.tlbLarge;
    const asid = t.global ? 0 : cpu.asid;
    if (tlb.fill(t.base, t.pages, asid, t.global, true, t.frame - (vpn - t.base), null, 0, 0))
        k.countKernelMode(FIG.tlbEvictions, 1, cpu.index);
}

/** One kernel-mode access of page vpn on cpu (R65). */
export function kernelAccessPage(k: Kernel, cpu: Cpu, vpn: number, write: boolean): void {
    const what = write ? 'kernel write' : 'kernel read';
    if (vpn < k.taskTopVpn) {
        const mm = cpu.current?.mm;
        if (!mm)
            k.error(
                `${what} at ${hexOfVpn(vpn)}: a user address, but CPU ${cpu.index} runs a kernel thread (no user mm)`,
                cpu.index,
            );
        else if (k.split.fourGFourG)
            k.error(`${what} at ${hexOfVpn(vpn)}: kernel access to user space is not modelled under 4G/4G`, cpu.index);
        else accessPage(k, cpu, mm, vpn, write);
        return;
    }
    const t = resolveKernel(k, cpu, vpn);
    if (t.kind === 'untracked' || !k.tick()) return; // 4G/4G's direct map: not modelled (R65)
    k.countKernelMode(FIG.accesses, 1, cpu.index);
    const hit = lookup(k, cpu, vpn);
    if (hit && (!write || hit.tlb.writable[hit.slot])) {
        k.countKernelMode(FIG.tlbHits, 1, cpu.index);
        hit.tlb.touch(hit.slot);
        checkStale(k, cpu, hit.tlb, hit.slot, vpn, t, write);
        return;
    }
    k.countKernelMode(FIG.tlbMisses, 1, cpu.index);
    k.countKernelMode(FIG.walks, 1, cpu.index);
    k.countKernelMode(FIG.walkRefs, t.refs, cpu.index);
    if (t.kind === 'none') {
        k.error(`${what} at ${hexOfVpn(vpn)}: no kernel mapping there (the kernel would oops)`, cpu.index);
        return;
    }
    fill(k, cpu, vpn, t);
}

/** The CPU a `kernel read|write` runs on: its task's (any task, kernel threads included) or the named one. */
function cpuOf(k: Kernel, op: Operation & { kind: 'kernel-access' }): Cpu | null {
    if (op.task) return cpuOfTask(k, k.findTask(op.task.name, op.task.thread), 'kernel access');
    const n = op.cpu ?? 0;
    if (n >= 0 && n < k.cpus.length) return k.cpus[n];
    k.error(`kernel access: no CPU ${n} (the machine has ${k.cpus.length})`);
    return null;
}

/** `kernel read|write`: one access per address start, start + stride, ... below start + size (R65). */
export function kernelAccessOp(k: Kernel, op: Operation & { kind: 'kernel-access' }): void {
    const cpu = cpuOf(k, op);
    if (!cpu) return;
    const step = op.stride > 0n ? op.stride : 4096n;
    const size = op.range.size > 0n ? op.range.size : 1n;
    const errors = k.log.errors.length; // an oops ends the statement
    for (let off = 0n; off < size && !k.ended && k.log.errors.length === errors; off += step) {
        kernelAccessPage(k, cpu, vpnOf(op.range.start + off), op.access === 'write');
    }
}
