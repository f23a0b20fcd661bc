/**
 * One operation of a scenario, dispatched to the kernel concept that implements it. Every operation
 * of a task runs on the CPU where the task is current (R22).
 */
import type { Operation, TaskRef, Range } from './scenario.js';
import type { Kernel } from './kernel.js';
import type { Cpu, Task } from './cpu.js';
import type { Mm } from './mm.js';
import { FIG, NO_CPU } from './counters.js';
import { PAGE_SHIFT, pagesOf, vpnOf } from './machine.js';
import { accessPage } from './access.js';
import { mmap, munmap, madviseDontneed, mprotect } from './vm-ops.js';
import { cpuOfTask, switchTo } from './sched.js';
import { exitGroup, exitTask, execTask } from './lifecycle.js';
import { forkTask } from './fork.js';
import { swapOut } from './swap.js';
import { registerNotifier, unregisterNotifier } from './notifier.js';
import { kernelEntry4g4g, SYSCALL_KINDS } from './kernel-entry.js';
import { replayOp, type TraceOpener } from './replay-op.js';
import { executeKernelOp, KERNEL_OP_KINDS } from './kmap-ops.js';
import { deviceAccess } from './device.js';
import { vasCreate, vasAttach, vasSwitch, segmentAttach, segmentDetach, segmentZap } from './vas.js';

export interface OpContext {
    openTrace?: TraceOpener;
}

function taskOf(k: Kernel, ref: TaskRef): Task | undefined {
    return k.findTask(ref.name, ref.thread);
}

/** The running task of ref and its CPU and mm, or null after an error event (R22). */
function running(k: Kernel, ref: TaskRef, what: string): { task: Task; cpu: Cpu; mm: Mm } | null {
    const task = taskOf(k, ref);
    const cpu = cpuOfTask(k, task, what);
    if (!cpu || !task) return null;
    if (!task.mm) {
        k.error(`${what}: ${task.label} is a kernel thread and has no user address space`, cpu.index);
        return null;
    }
    return { task, cpu, mm: task.mm };
}

function span(range: Range): { first: number; end: number } {
    return pagesOf(range.start, range.size);
}

/** Accesses at start, start + stride, ... below start + size: one access per address's page. */
function accessRange(k: Kernel, cpu: Cpu, mm: Mm, range: Range, stride: bigint, write: boolean): void {
    const step = Number(stride > 0n ? stride : 4096n);
    const size = Number(range.size > 0n ? range.size : 1n);
    const base = vpnOf(range.start);
    const low = Number(range.start & 0xfffn);
    for (let off = 0; off < size; off += step) {
        accessPage(k, cpu, mm, base + Math.floor((low + off) / 4096), write);
        if (k.ended) return;
    }
}

type OpOf<K extends Operation['kind']> = Operation & { kind: K };
type Running = { task: Task; cpu: Cpu; mm: Mm };

/** Operations of a running user task, by kind: they all start with R22's check. */
const USER_OPS: { [K in Operation['kind']]?: (k: Kernel, r: Running, op: OpOf<K>, ctx: OpContext) => void } = {
    'mmap': (k, r, op) => {
        const pageSize = Math.max(1, Number(op.pageSize >> BigInt(PAGE_SHIFT)));
        const pages = Math.max(1, Number((op.size + 4095n) >> BigInt(PAGE_SHIFT)));
        const start = op.start === undefined ? undefined : vpnOf(op.start);
        const at = mmap(k, r.cpu, r.mm, {
            start,
            pages,
            backing: op.backing,
            shared: op.shared,
            prot: op.prot,
            pageSize,
        });
        if (at >= 0) k.lastMmapVpn = at;
        if (at >= 0 && op.region) k.regions.set(op.region, BigInt(at) << BigInt(PAGE_SHIFT));
    },
    'munmap': (k, r, op) => munmap(k, r.cpu, r.mm, span(op.range).first, span(op.range).end, op.noflush),
    'madvise-dontneed': (k, r, op) =>
        madviseDontneed(k, r.cpu, r.mm, span(op.range).first, span(op.range).end, op.noflush),
    'mprotect': (k, r, op) => mprotect(k, r.cpu, r.mm, span(op.range).first, span(op.range).end, op.prot, op.noflush),
    'access': (k, r, op) => accessRange(k, r.cpu, r.mm, op.range, op.stride, op.access === 'write'),
    'fork': (k, r, op) => void forkTask(k, r.cpu, r.task, op.child),
    'replay': (k, r, op, ctx) => replayOp(k, r.cpu, r.mm, op, ctx.openTrace),
};

/** The task of an operation that names one, for R22's message. */
function userTaskOf(op: Operation): { ref: TaskRef; what: string } | null {
    if (op.kind === 'fork') return { ref: op.parent, what: 'fork' };
    if ('task' in op && op.kind !== 'migrate' && op.kind !== 'kernel-access')
        return { ref: op.task, what: op.kind === 'access' ? op.access : op.kind };
    return null;
}

/** The base address of a named mapping, or undefined after an error event. */
function regionBase(k: Kernel, region: string): bigint | undefined {
    const base = k.regions.get(region);
    if (base === undefined) k.error(`region ${region} is not mapped (its mmap has not run, or failed)`);
    return base;
}

/** The operation with region-relative ranges and addresses made absolute, or null after an error. */
function resolveRegions(k: Kernel, op: Operation): Operation | null {
    if ('range' in op && op.range.region) {
        const base = regionBase(k, op.range.region);
        return base === undefined ? null : { ...op, range: { start: base + op.range.start, size: op.range.size } };
    }
    if ((op.kind === 'kmap' || op.kind === 'kunmap' || op.kind === 'kmap-atomic') && op.region) {
        const base = regionBase(k, op.region);
        return base === undefined ? null : { ...op, address: base + op.address, region: undefined };
    }
    return op;
}

/**
 * 4G/4G (R30, R34, R82): a system call of a task current on a CPU enters and leaves the kernel
 * there, before the call does its work: cr3Writes +2, fullFlushes +2.
 */
function enterKernel(k: Kernel, op: Operation): void {
    if (!k.split.fourGFourG || !SYSCALL_KINDS.has(op.kind)) return;
    const ref = op.kind === 'fork' ? op.parent : 'task' in op ? op.task : undefined;
    const task = ref && typeof ref === 'object' ? taskOf(k, ref) : undefined;
    if (task && !task.dead && task.cpu >= 0) kernelEntry4g4g(k, k.cpus[task.cpu]);
}

export function executeOp(k: Kernel, raw: Operation, ctx: OpContext): void {
    const op = resolveRegions(k, raw);
    if (!op) return;
    enterKernel(k, op);
    if (KERNEL_OP_KINDS.has(op.kind)) return executeKernelOp(k, op as Parameters<typeof executeKernelOp>[1]);
    const handler = USER_OPS[op.kind] as ((k: Kernel, r: Running, op: Operation, ctx: OpContext) => void) | undefined;
    const named = userTaskOf(op);
    if (handler && named) {
        const r = running(k, named.ref, named.what);
        if (r) handler(k, r, op, ctx);
        return;
    }
    executeSystemOp(k, op);
}

/** Operations that are not a user task's own: scheduling, kernel threads, notifiers, VASes. */
function executeSystemOp(k: Kernel, op: Operation): void {
    switch (op.kind) {
        case 'exec':
        case 'exit':
        case 'syscall':
        case 'vas-switch':
            return taskOp(k, op);
        case 'switch':
        case 'migrate':
            return switchOp(k, op.cpu, op.kind === 'switch' ? op.to : op.task);
        case 'swapout':
            return swapOutOp(k, op.mm, op.range, op.by);
        case 'register':
        case 'unregister':
            return notifierOp(k, op.kind, op.notifier);
        case 'vas-create':
            return vasCreate(k, op.vas);
        case 'vas-attach':
            return vasAttach(k, op.vas, op.process, op.thread);
        case 'segment-attach':
            return segmentAttach(k, k.segments.get(op.segment), op.vas);
        case 'segment-detach':
            return segmentDetach(k, k.segments.get(op.segment), op.vas, op.by);
        case 'segment-zap':
            return segmentZap(k, k.segments.get(op.segment), op.by, op.start, op.size);
        case 'device-access':
            return deviceAccess(k, op.notifier, op.access, op.range);
        default:
            k.error(`${op.kind}: not supported by this engine yet`);
    }
}

/** exec, exit, syscall and vas switch: any task current on a CPU, kernel threads included. */
function taskOp(k: Kernel, op: OpOf<'exec' | 'exit' | 'syscall' | 'vas-switch'>): void {
    const task = taskOf(k, op.task);
    const cpu = cpuOfTask(k, task, op.kind);
    if (!cpu || !task) return;
    if (op.kind === 'exit') (op.group ? exitGroup : exitTask)(k, cpu, task);
    else if (op.kind === 'exec') execTask(k, cpu, task);
    else if (op.kind === 'syscall') {
        k.count(FIG.syscalls, 1, cpu.index, task.mm); // its 4G/4G entry: enterKernel
    } else if (task.home) vasSwitch(k, cpu, task, op.to);
    else k.error(`vas switch: ${task.label} is a kernel thread`, cpu.index);
}

function switchOp(k: Kernel, cpuIndex: number, to: TaskRef | 'idle'): void {
    if (!Number.isInteger(cpuIndex) || cpuIndex < 0 || cpuIndex >= k.cpus.length) {
        k.error(`switch: no CPU ${cpuIndex} (the machine has ${k.cpus.length})`);
        return;
    }
    if (to === 'idle') return switchTo(k, k.cpus[cpuIndex], null);
    const task = taskOf(k, to);
    if (!task || task.dead) {
        k.error(`switch: no live task ${to.name}${to.thread ? `.${to.thread}` : ''}`);
        return;
    }
    switchTo(k, k.cpus[cpuIndex], task);
}

function swapOutOp(k: Kernel, mmName: string, range: Range, by: TaskRef): void {
    const task = taskOf(k, by);
    const cpu = cpuOfTask(k, task, 'swapout');
    if (!cpu) return;
    const mm = k.mmNamed(mmName);
    if (!mm || mm.dead) {
        k.error(`swapout: no live mm ${mmName}`, cpu.index);
        return;
    }
    const { first, end } = span(range);
    swapOut(k, cpu, mm, first, end);
}

function notifierOp(k: Kernel, kind: 'register' | 'unregister', name: string): void {
    const n = k.notifiers.get(name);
    if (!n) {
        k.error(`${kind}: no notifier ${name}`);
        return;
    }
    if (kind === 'unregister') unregisterNotifier(k, n, NO_CPU);
    else if (!registerNotifier(k, n)) k.error(`register: notifier ${name} watches no live mm ${n.config.mm}`);
}
