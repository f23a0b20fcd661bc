/**
 * Trace replay (docs/model.md section 12): one task on CPU 0, already running (no switch, no CR3 write,
 * its pgd not counted), its whole user range one private anonymous rwx VMA, TLBs empty.
 */
import type { MachineConfig } from './scenario.js';
import { Kernel, type StopReason } from './kernel.js';
import { Task, type Cpu } from './cpu.js';
import type { Mm } from './mm.js';
import { defaultSplit } from './machine.js';
import { firstPage, pageCount } from './lackey.js';
import { createMm } from './lifecycle.js';
import { accessPages, accessPageRuns } from './access.js';
import { toFigures, type Figures } from './counters.js';

export interface TraceReplay {
    /** One lackey record: touch every 4 KiB page of [addr, addr + max(size, 1)). */
    access(addr: number, size: number, write: boolean): void;
    /** A batch of page runs (page-runs.ts): the same figures as its records through `access`. */
    runs(vpns: Float64Array, runs: Int32Array, length: number): void;
    result(): { totals: Figures; stopped?: { reason: StopReason; message: string } };
    /** A budget or a cancellation stopped it: the records after it would be ignored. */
    stopped(): boolean;
}

/**
 * A replay's default budget of page accesses: a billion, about two minutes at the replay's speed
 * (docs/performance.md), more than the hundreds of millions of records of a few seconds of a real
 * program. The memory budget (memory.ts) applies as well.
 */
export const DEFAULT_REPLAY_BUDGET = 1_000_000_000;

/**
 * A replay's default memory budget: 256 MiB, about 12 million distinct pages (~21 bytes each: a frame and
 * its PTE slot, memory.ts), i.e. a program that touched 48 GiB under valgrind: more than any lackey trace
 * holds, while a junk trace (` S 04021000,999999999` records) stops within seconds instead of minutes.
 */
export const DEFAULT_REPLAY_MEMORY_BYTES = 256 * 1024 * 1024;

/** Maps the whole user range as one private anonymous rwx VMA (section 12). */
export function mapWholeUserRange(k: Kernel, mm: Mm): void {
    mm.insert({
        start: 0,
        end: k.taskTopVpn,
        read: true,
        write: true,
        exec: true,
        shared: false,
        file: null,
        filePage: 0,
        pages: 1,
        anonVma: 0,
    });
}

/** Makes `mm` current on `cpu` without counting anything: the task was already running. */
function alreadyRunning(k: Kernel, cpu: Cpu, task: Task, mm: Mm): void {
    cpu.current = task;
    task.cpu = cpu.index;
    cpu.activeMm = mm;
    cpu.loadedRoot = mm.root;
    mm.cpumask[cpu.index] = 1;
    if (k.machine.pcid) {
        cpu.asidMm[1] = mm;
        cpu.asid = 2;
        cpu.nextAsid = 2;
    }
}

interface ReplayState {
    k: Kernel;
    cpu: Cpu;
    mm: Mm;
}

type ReplayOptions = { budget?: number; memory?: number; memoryHint?: string; isCancelled?: () => boolean };

function startReplay(machine: MachineConfig, options: ReplayOptions): ReplayState {
    const k = new Kernel(machine, defaultSplit(machine.arch), {
        budget: options.budget ?? DEFAULT_REPLAY_BUDGET,
        isCancelled: options.isCancelled,
        maxEvents: 1000,
        memory: options.memory ?? DEFAULT_REPLAY_MEMORY_BYTES,
        memoryHint: options.memoryHint,
    });
    const mm = createMm(k, 'trace', false, 0);
    mm.users = 1;
    mapWholeUserRange(k, mm);
    const task = new Task('trace', 0, mm);
    k.addTask(task);
    const cpu = k.cpus[0];
    alreadyRunning(k, cpu, task, mm);
    return { k, cpu, mm };
}

function resultOf(k: Kernel): ReturnType<TraceReplay['result']> {
    return {
        totals: toFigures(k.counters.total, c => k.costs.priceNs(c)),
        ...(k.stopped ? { stopped: { ...k.stopped } } : {}),
    };
}

export function createTraceReplay(machine: MachineConfig, options: ReplayOptions = {}): TraceReplay {
    const { k, cpu, mm } = startReplay(machine, options);
    return {
        access: (addr, size, write) => accessPages(k, cpu, mm, firstPage(addr), pageCount(addr, size), write),
        runs: (vpns, runs, length) => accessPageRuns(k, cpu, mm, vpns, runs, length),
        result: () => resultOf(k),
        stopped: () => k.stopped !== null,
    };
}

/** Several machines fed the same records in one pass over a trace (`mscn replay --tlb 16/4,64/4`). */
export interface MultiTraceReplay {
    /** One lackey record, to every machine in turn. */
    access(addr: number, size: number, write: boolean): void;
    /** A batch of page runs, to every machine in turn. */
    runs(vpns: Float64Array, runs: Int32Array, length: number): void;
    /** Each machine's result, in the order of the machines. */
    results(): ReturnType<TraceReplay['result']>[];
    /** The first machine stopped (a budget stops them all at the same access: accesses do not depend on the TLB). */
    stopped(): boolean;
}

/**
 * One loop over plain arrays of states, not a closure per machine: V8 specializes a closure's optimized
 * code to its one context only while a single closure of it exists, so N `createTraceReplay` closures
 * called in turn ran each machine about twice as slowly as one (docs/performance.md).
 */
export function createMultiTraceReplay(
    machines: readonly MachineConfig[],
    options: ReplayOptions = {},
): MultiTraceReplay {
    const states = machines.map(m => startReplay(m, options));
    const ks = states.map(s => s.k);
    const cpus = states.map(s => s.cpu);
    const mms = states.map(s => s.mm);
    return {
        access: (addr, size, write) => {
            const vpn = firstPage(addr);
            const pages = pageCount(addr, size);
            for (let i = 0; i < ks.length; i++) accessPages(ks[i], cpus[i], mms[i], vpn, pages, write);
        },
        runs: (vpns, runs, length) => {
            for (let i = 0; i < ks.length; i++) accessPageRuns(ks[i], cpus[i], mms[i], vpns, runs, length);
        },
        results: () => ks.map(resultOf),
        stopped: () => ks[0].stopped !== null,
    };
}
