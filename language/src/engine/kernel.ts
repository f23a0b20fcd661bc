/**
 * The simulated kernel's state: machine, counters, CPUs, mms, tasks, frames, notifiers, the event
 * log and the budget. The operations (fault, flush, sched, ...) are functions over it.
 */
import type { MachineConfig, SegmentConfig, SplitConfig, VasModel } from './scenario.js';
import { geometryOf, zonesOf, PAGE_SHIFT, type Geometry, type Zones } from './machine.js';
import { Counters, FIG, NO_CPU, newCounterArray } from './counters.js';
import { CostTable } from './costs.js';
import { EventLog, type EngineEvent, type EventKind } from './events.js';
import { FrameTable } from './frames.js';
import { Cpu, Task } from './cpu.js';
import { Mm } from './mm.js';
import { PageTable, LeafSlab, type TableLocation, type WritableLeafJournal } from './page-table.js';
import { MemoryMeter, BYTES, DEFAULT_MEMORY_BYTES } from './memory.js';
import { WalkResult } from './walker.js';
import type { Notifier } from './notifier.js';
import { LEVEL_NAMES } from './figures.js';
import { KmapPool, globalWrapFlush } from './kmap.js';
import { LowmemAccount, lowmemSettings } from './lowmem.js';

export interface KernelOptions {
    budget: number;
    isCancelled?: () => boolean;
    maxEvents: number;
    /** The memory budget in bytes (memory.ts); default DEFAULT_MEMORY_BYTES. */
    memory?: number;
    /** How the user raises the memory budget, ending its stop message; default `raise the memory budget`. */
    memoryHint?: string;
    /**
     * The wall-clock bound (docs/limits.md): the run stops once `now()` (milliseconds, any origin: the engine
     * reads no clock of its own) has passed `ms` after the kernel was made. Polled with the cancellation.
     */
    timeLimit?: TimeLimit;
}

export interface TimeLimit {
    ms: number;
    now: () => number;
}

export type StopReason = 'budget' | 'memory' | 'time' | 'cancelled';

/**
 * The most tasks a run holds: JavaScript's Map takes at most 2^24 entries, and a memory budget above
 * 4 GiB (--memory) would let 2^24 tasks of 256 bytes (memory.ts) through.
 */
export const MAX_TASKS = 16_000_000;

/** Cancellation is polled every 2^16 operations. */
const POLL_MASK = 0xffff;

/** 60000 -> `60 s`, 500 -> `0.5 s`: the time limit as `--timeout` and `mscn.run.timeout` write it. */
export function formatSeconds(ms: number): string {
    return `${Number((ms / 1000).toFixed(3))} s`;
}

export class Kernel {
    readonly geometry: Geometry;
    readonly zones: Zones;
    readonly counters: Counters;
    readonly costs: CostTable;
    readonly log: EventLog;
    readonly frames: FrameTable;
    readonly cpus: Cpu[];
    readonly mms = new Map<string, Mm>();
    readonly tasks = new Map<string, Task>();
    readonly notifiers = new Map<string, Notifier>();
    readonly segments = new Map<string, SegmentConfig>();
    /** `vas NAME { model rfc }` (R55); a VAS not listed is `shared`. */
    readonly vasModels = new Map<string, VasModel>();
    /** Start address of each mapping named `mmap ... as NAME`, set when its mmap runs. */
    readonly regions = new Map<string, bigint>();
    /** Page where the current statement's mmap placed its mapping; -1 until one does (statement-target.ts). */
    lastMmapVpn = -1;
    /**
     * A name used by `fork ... as NAME` more than once names the newest child: the children are
     * distinct processes `NAME`, `NAME#2`, `NAME#3`, ... (their mm and task names).
     */
    readonly aliases = new Map<string, string>();
    private readonly forkNames = new Set<string>();
    /** Lowmem demand: tables in lowmem, mem_map and kernel stacks (lowmem.ts). */
    readonly lowmem: LowmemAccount;
    lowmemTablePages = 0;
    liveTasks = 0;
    /** R86's peak gauge, in table pages. */
    private lowmemTablePeak = 0;
    /** Live mms with a UKVA window holding page tables (R51's ptKernelVaBytes counts its table part once). */
    windowedMms = 0;
    /** User space is [0, taskTopVpn). */
    readonly taskTopVpn: number;
    /** TASK_UNMAPPED_BASE in pages (R27). */
    readonly unmappedBaseVpn: number;
    /** Large page sizes of the arch, for invlpg of every size. */
    readonly largeSizes: number[];
    readonly walk = new WalkResult();
    /** The global persistent-kmap pool (LAST_PKMAP slots; none on 64-bit). */
    readonly pkmap: KmapPool;
    /** kmap_atomic fixmap slots (page -> frame last mapped there; R89). */
    readonly fixmap = new Map<number, number>();
    /** Operations so far: page accesses plus statements executed (the budget's unit). */
    ops = 0;
    stopped: { reason: StopReason; message: string } | null = null;
    /** What the run holds, against the memory budget (memory.ts): crossing it stops the run as the budget does. */
    readonly memory: MemoryMeter;
    /** This run's leaf arrays (page-table.ts): no other run shares them. */
    readonly slab: LeafSlab;
    /** An error event ended the run (R63): the rest of its statement and every later one do not run. */
    halted: { message: string; statementId: number } | null = null;
    /** The statement running when the run stopped. */
    stoppedStatement = -1;
    private readonly budget: number;
    /** When the time limit is spent, in the clock of options.timeLimit. */
    private readonly deadline: number;
    private nextMmId = 1;
    private nextAnonVma = 1;
    /** Invariant checking (invariants.ts): the journal each new table of an mm reports writable leaves to. */
    leafJournalFor: ((mm: Mm | null) => WritableLeafJournal) | null = null;

    constructor(
        readonly machine: MachineConfig,
        readonly split: SplitConfig,
        private readonly options: KernelOptions,
    ) {
        this.budget = options.budget;
        this.deadline = options.timeLimit ? options.timeLimit.now() + options.timeLimit.ms : Infinity;
        this.memory = new MemoryMeter(options.memory ?? DEFAULT_MEMORY_BYTES);
        this.memory.onExceeded = () =>
            this.stop('memory', this.memory.message(options.memoryHint ?? 'raise the memory budget'));
        this.slab = new LeafSlab(this.memory);
        this.geometry = geometryOf(machine.arch);
        this.zones = zonesOf(machine, split);
        this.counters = new Counters(machine.cpus);
        this.costs = new CostTable(machine, split.fourGFourG);
        this.log = new EventLog(options.maxEvents, this.memory);
        this.frames = new FrameTable(this.zones.hasHighmem, this.memory);
        this.cpus = this.createCpus(machine);
        this.taskTopVpn = Number(split.taskSize >> BigInt(PAGE_SHIFT));
        // TASK_UNMAPPED_BASE = PAGE_ALIGN(TASK_SIZE / 3): 0x2aaaaaaab000 on x86_64 (R27).
        this.unmappedBaseVpn = Number((split.taskSize / 3n + 4095n) >> BigInt(PAGE_SHIFT));
        this.largeSizes = [1, ...this.geometry.large.map(l => l.pages)];
        // R42: pkmapSlots overrides LAST_PKMAP
        this.pkmap = new KmapPool(machine.pkmapSlots ?? this.geometry.pkmapSlots, globalWrapFlush);
        const ramPages = this.zones.lowmemPages + this.zones.highmemPages;
        this.lowmem = new LowmemAccount(this.zones.lowmemPages, ramPages, lowmemSettings(machine), !this.geometry.is64);
    }

    /**
     * The CPUs, their TLBs charged to the memory budget first: TLBs past it (8,192 CPUs of a million
     * entries would be 400 GiB) are not allocated; the run stops before its first statement, on CPUs
     * without TLBs.
     */
    private createCpus(machine: MachineConfig): Cpu[] {
        const entries = machine.cpus * (machine.tlb4k.entries + machine.tlbLarge.entries);
        this.memory.add('tlbEntries', entries, entries * BYTES.tlbEntry);
        const none = { entries: 0, ways: 1 };
        const sized = this.memory.exceeded ? { ...machine, tlb4k: none, tlbLarge: none } : machine;
        return Array.from({ length: machine.cpus }, (_, i) => new Cpu(i, sized));
    }

    /** The run ends: the budget, a cancellation or an error event (R63). */
    get ended(): boolean {
        return this.stopped !== null || this.halted !== null;
    }

    /** Counts one operation; false once the budget or a cancellation stops the run. */
    tick(): boolean {
        if (this.stopped !== null || this.halted !== null) return false;
        const ops = ++this.ops;
        return ops <= this.budget && (ops & POLL_MASK) !== 0 ? true : this.slowTick(ops);
    }

    /**
     * Counts up to n operations at once: exactly what n calls of tick() would do, stopping at the first
     * false; returns how many were counted. Operations short of the next poll and of the budget need no check.
     */
    ticks(n: number): number {
        if (this.stopped !== null || this.halted !== null) return 0;
        const ops = this.ops;
        // The last count before the next multiple of 2^16 (`&` keeps the low bits of any integer count).
        const free = Math.min(this.budget, ops - (ops & POLL_MASK) + POLL_MASK) - ops;
        if (n <= free) {
            this.ops = ops + n;
            return n;
        }
        let counted = 0;
        while (counted < n && this.tick()) counted++;
        return counted;
    }

    private slowTick(ops: number): boolean {
        if (ops > this.budget) {
            this.ops--;
            this.stop('budget', `stopped: the budget of ${this.options.budget} operations is spent`);
            return false;
        }
        return (ops & POLL_MASK) !== 0 || !this.pollCancelled();
    }

    /**
     * Polls the cancellation and the time limit: every 2^16 operations, and before every statement, since a
     * statement can take long without operations (a fork copies every page table of its parent, an mprotect
     * walks every PTE of its range). A statement already running is not cut: the limit is passed by at most one.
     */
    pollCancelled(): boolean {
        if (this.stopped !== null) return true;
        if (this.options.isCancelled?.()) this.stop('cancelled', `cancelled after ${this.ops} operations`);
        else if (this.options.timeLimit && this.options.timeLimit.now() > this.deadline)
            this.stop('time', `stopped: the time limit of ${formatSeconds(this.options.timeLimit.ms)} is spent`);
        return this.stopped !== null;
    }

    private stop(reason: StopReason, message: string): void {
        if (this.stopped !== null) return;
        this.stopped = { reason, message };
        this.stoppedStatement = this.log.statementId;
        this.event({ kind: 'stop', reason, message });
    }

    count(fig: number, n: number, cpu: number, mm?: Mm | null): void {
        this.counters.add(fig, n, cpu, mm?.figs);
    }

    /**
     * Kernel-mode accesses (docs/model.md R39, R65) count per CPU and here, on no mm: the kernel's
     * translations are everyone's. The invariant checker adds these to the mms' sums.
     */
    readonly kernelModeFigs = newCounterArray();

    countKernelMode(fig: number, n: number, cpu: number): void {
        this.counters.add(fig, n, cpu, this.kernelModeFigs);
    }

    event(details: { kind: EventKind; cpu?: number; [detail: string]: unknown }): void {
        if (!this.log.storing) return this.log.skip();
        this.log.add({ step: this.ops, statementId: this.log.statementId, ...details } as EngineEvent);
    }

    /**
     * An error event (R63): it ends the run after the current statement, which stops here. `stops`
     * false: a finding that does not (lowmem exhaustion, a failed `expect error`).
     */
    error(message: string, cpu?: number, stops = true): void {
        this.log.error(this.ops, message, cpu);
        if (stops && this.halted === null) this.halted = { message, statementId: this.log.statementId };
    }

    /** A segfault of the modelled program (R63, R64): an event of its own, the run goes on. */
    segfault(message: string, cpu?: number): void {
        this.log.segfault(this.ops, message, cpu);
    }

    newAnonVma(): number {
        return this.nextAnonVma++;
    }

    /**
     * A page table at `level` covering from baseVpn; counted in ptPagesAllocated and, by the zone its
     * frame comes from, in the R86 gauges and the lowmem limit (section 3). `location` overrides the
     * placement (UKVA window tables live in lowmem, R45).
     */
    allocTable(
        level: number,
        baseVpn: number,
        mm: Mm | null,
        cpu: number,
        counted = true,
        location = this.tableLocation(level),
    ): PageTable {
        const table = new PageTable(level, baseVpn, this.geometry, location, this.slab);
        // the leaf arrays were charged by the slab
        this.memory.add('tables', 1, BYTES.tableObject + (table.children ? table.entries * BYTES.upperSlot : 0));
        if (this.leafJournalFor !== null) table.journal = this.leafJournalFor(mm);
        if (counted) {
            this.count(FIG.ptPagesAllocated, 1, cpu, mm);
            this.counters.ptAllocated[LEVEL_NAMES.indexOf(this.geometry.levels[level].name)]++;
            this.accountTable(table, 1, mm, cpu);
        }
        return table;
    }

    freeTable(table: PageTable, mm: Mm | null, cpu: number): void {
        table.freed = true;
        this.memory.add('tables', -1, -table.heldBytes);
        this.count(FIG.ptPagesFreed, 1, cpu, mm);
        this.counters.ptFreed[LEVEL_NAMES.indexOf(this.geometry.levels[table.level].name)]++;
        this.accountTable(table, -1, mm, cpu);
    }

    /**
     * Whether a table's frame is lowmem: every table but PTE tables in highmem or the window on a box with highmem
     * (R85, R86).
     */
    inLowmem(table: PageTable): boolean {
        return table.location === 'lowmem' || !this.zones.hasHighmem;
    }

    /** The R86 gauges and lowmemPages move by one table page (n = +1 or -1). */
    private accountTable(table: PageTable, n: number, mm: Mm | null, cpu: number): void {
        if (!this.inLowmem(table)) {
            this.count(FIG.ptHighmemBytes, n * 4096, NO_CPU, mm);
            return;
        }
        this.count(FIG.lowmemPages, n, NO_CPU, mm);
        this.count(FIG.ptLowmemBytes, n * 4096, NO_CPU, mm);
        this.count(FIG.ptKernelVaBytes, n * 4096, NO_CPU, mm);
        this.lowmemTablePages += n;
        if (this.lowmemTablePages > this.lowmemTablePeak) {
            this.count(FIG.ptLowmemPeakBytes, (this.lowmemTablePages - this.lowmemTablePeak) * 4096, NO_CPU);
            this.lowmemTablePeak = this.lowmemTablePages;
        }
        if (n > 0) this.checkLowmem(cpu, this.geometry.levels[table.level].name, 1, mm);
    }

    /**
     * R70: pages allocated past the limit count lowmemExhausted; the first crossing is an error (the
     * product's `expect error "lowmem exhausted"`) and a `lowmem` event with the parts in bytes.
     */
    private checkLowmem(cpu: number, level: string, pages: number, mm?: Mm | null): void {
        const past = this.lowmem.pastLimit(this.lowmemTablePages, this.liveTasks, pages);
        if (past === 0) return;
        this.count(FIG.lowmemExhausted, past, cpu, mm);
        let processes = 0;
        for (const m of this.mms.values()) if (!m.dead && !m.isVas) processes++;
        const crossing = this.lowmem.check(
            { tablePages: this.lowmemTablePages, tasks: this.liveTasks, processes },
            level,
        );
        if (!crossing) return;
        this.event({ kind: 'lowmem', cpu: cpu >= 0 ? cpu : undefined, ...crossing.details });
        this.error(crossing.message, cpu >= 0 ? cpu : undefined, false); // R63: a finding, never a stop
    }

    /** Where a table of `level` lives: PTE tables follow `pagetables`; upper levels stay in lowmem. */
    tableLocation(level: number): TableLocation {
        if (level !== this.geometry.leafLevel || this.geometry.is64) return 'lowmem';
        // R85: on a box without highmem, kmap_atomic of a table maps nothing: the tables are lowmem.
        return this.zones.hasHighmem ? this.split.pagetables : 'lowmem';
    }

    newMm(name: string, counted: boolean, cpu: number): Mm {
        const mm = new Mm(this.nextMmId++, name, null as unknown as PageTable, this.machine.cpus);
        this.memory.add('mms', 1, BYTES.mm + this.machine.cpus);
        mm.root = this.allocTable(0, 0, mm, cpu, counted);
        this.mms.set(name, mm);
        return mm;
    }

    taskKey(name: string, thread: number): string {
        return `${name}#${thread}`;
    }

    /** The mm a scenario name means: a process, a VAS, or the newest child forked under that name. */
    mmNamed(name: string): Mm | undefined {
        return this.mms.get(this.aliases.get(name) ?? name);
    }

    findTask(name: string, thread: number): Task | undefined {
        return this.tasks.get(this.taskKey(this.aliases.get(name) ?? name, thread));
    }

    /**
     * The name of a new child forked `as name`: `name` if no mm ever had it, else the first free
     * `name#N` (N from 2), which `name` then aliases. Null if a declared process or VAS has the name.
     */
    claimChildName(name: string): string | null {
        if (this.mms.has(name) && !this.forkNames.has(name)) return null;
        this.forkNames.add(name);
        let unique = name;
        for (let n = 2; this.mms.has(unique); n++) unique = `${name}#${n}`;
        if (unique !== name) this.aliases.set(name, unique);
        return unique;
    }

    /**
     * A task's kernel stack (THREAD_SIZE of lowmem, R70): declared tasks at setup; a fork charges it
     * before the child's pgd (dup_task_struct precedes copy_mm) and passes `charged`.
     */
    addTask(task: Task, charged = false): void {
        if (this.tasks.size >= MAX_TASKS) {
            // a memory budget raised past 4 GiB of tasks: stop before the Map refuses the task (docs/limits.md)
            const count = MAX_TASKS.toLocaleString('en-US');
            this.stop('memory', `stopped: the engine holds at most ${count} tasks, whatever the memory budget`);
            return;
        }
        this.tasks.set(this.taskKey(task.name, task.thread), task);
        this.memory.add('tasks', 1, BYTES.task);
        if (task.dead || charged) return;
        this.chargeStack(task.cpu);
    }

    chargeStack(cpu: number): void {
        this.liveTasks++;
        this.checkLowmem(cpu, 'stack', this.lowmem.stackPages);
    }

    /** A task exits: its kernel stack goes back to lowmem. */
    taskDied(task: Task): void {
        if (task.dead) return;
        task.dead = true;
        this.liveTasks--;
    }
}
