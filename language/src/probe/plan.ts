/**
 * The probe's plan: a lowered run turned into the commands of the native helper
 * (probe/native/mscn-probe.c), with the model's figures at each top-level statement.
 *
 * The engine runs the scenario a second time, one operation at a time, so that the plan gets what
 * only the model knows: the address first fit chose for each mmap (MAP_FIXED_NOREPLACE there), the
 * CPU each operation runs on, which mm is current on each CPU after it (a spinner thread of that
 * worker keeps the mm loaded there) and the page-table pages each live mm holds (VmPTE). The engine
 * is only called, never changed: docs/probe.md.
 */
import type { ScenarioConfig, Statement, Operation, SourceLoc, Protection } from '../engine/scenario.js';
import { Kernel } from '../engine/kernel.js';
import { Runner } from '../engine/runner.js';
import type { Mm } from '../engine/mm.js';
import type { PageTable } from '../engine/page-table.js';
import { PAGE_SHIFT } from '../engine/machine.js';

/** A top-level statement the helper reads the counters after. */
export interface PlanMark {
    id: number;
    loc: SourceLoc;
    /** The statement's first word, for the report. */
    kind: string;
    /** User page-table pages (pud, pmd and pte tables: VmPTE / 4 KiB) of every live mm after it. */
    ptPages: number;
}

export interface ProbePlan {
    run: string;
    variant: string;
    cpus: number;
    /** The plan's text; the baseline run adds `empty`. */
    text: (empty: boolean) => string;
    marks: PlanMark[];
}

/** Why a scenario cannot be probed, at the statement (or run) that cannot. */
export interface ProbeRefusal {
    loc: SourceLoc;
    message: string;
}

const KERNEL_CANNOT: Partial<Record<Operation['kind'], string>> = {
    'kmap': 'kmap is a 32-bit highmem mapping that an x86_64 kernel does not have',
    'kunmap': 'kunmap is a 32-bit highmem mapping that an x86_64 kernel does not have',
    'kmap-atomic': 'kmap_atomic is a 32-bit highmem mapping that an x86_64 kernel does not have',
    'register': 'MMU notifiers need a driver in the kernel',
    'unregister': 'MMU notifiers need a driver in the kernel',
    'device-access': 'a secondary TLB needs a device and its driver',
    'vas-create': 'first-class VASes are not in the Linux kernel',
    'vas-attach': 'first-class VASes are not in the Linux kernel',
    'vas-switch': 'first-class VASes are not in the Linux kernel',
    'segment-attach': 'first-class VASes are not in the Linux kernel',
    'swapout': 'a swap-out cannot be forced from user space without swap and memory pressure',
    'replay': 'a lackey trace is replayed by the model only',
    'copy-to-user': 'copy_to_user needs a kernel path to write the pages; use write',
    'exec': 'exec would replace the helper itself',
};

/** The first reason the run cannot go to the kernel, or null. */
export function refusal(config: ScenarioConfig, runLoc: SourceLoc): ProbeRefusal | null {
    if (config.machine.arch !== 'x86_64') {
        return {
            loc: runLoc,
            message:
                `machine '${config.machine.name}' is ${config.machine.arch}: only x86_64 scenarios run on ` +
                `this kernel`,
        };
    }
    if (config.notifiers.length > 0)
        return {
            loc: runLoc,
            message: `notifier '${config.notifiers[0].name}': MMU notifiers need a driver in the kernel`,
        };
    if (config.kernelThreads.length > 0)
        return {
            loc: runLoc,
            message: `kthread '${config.kernelThreads[0]}': user space cannot create kernel threads`,
        };
    return firstRefused(config.statements);
}

function firstRefused(statements: Statement[]): ProbeRefusal | null {
    for (const s of statements) {
        if (s.kind === 'repeat') {
            const inner = firstRefused(s.body);
            if (inner) return inner;
            continue;
        }
        if (s.kind === 'expect' || s.kind === 'expect-error') continue;
        const why = KERNEL_CANNOT[s.kind] ?? opRefusal(s);
        if (why) return { loc: s.loc, message: `${s.kind} cannot run on the kernel: ${why}` };
    }
    return null;
}

function opRefusal(op: Operation): string | undefined {
    if (op.kind !== 'mmap') return undefined;
    if (op.backing.kind === 'file') return 'file mappings are not probed yet (anonymous memory only)';
    if (op.pageSize !== 4096n) return 'huge pages: the helper disables THP to count 4 KiB tables';
    return undefined;
}

/**
 * The first page of `mm` newly covered by VMAs since `before`: where first fit put the mapping (vma_merge
 * may have joined it to a neighbour). A new stretch starts at a VMA's start or at an old VMA's end.
 */
function newlyMapped(mm: Mm, before: Array<[number, number]>): number {
    const covered = (vpn: number, spans: Array<[number, number]>) => spans.some(([s, e]) => vpn >= s && vpn < e);
    const after: Array<[number, number]> = mm.vmas.map(v => [v.start, v.end]);
    const candidates = [...after.map(([s]) => s), ...before.map(([, e]) => e)].sort((a, b) => a - b);
    return candidates.find(vpn => covered(vpn, after) && !covered(vpn, before)) ?? -1;
}

function tables(t: PageTable): number {
    let n = t.level > 0 ? 1 : 0;
    for (const c of t.children ?? []) if (c) n += tables(c);
    return n;
}

/** VmPTE in pages: every table below the pgd of every live process (mm_pgtables_bytes). */
export function userTablePages(k: Kernel): number {
    let n = 0;
    for (const mm of k.mms.values()) if (!mm.dead && !mm.isVas) n += tables(mm.root);
    return n;
}

const hex = (n: bigint) => n.toString(16);
const protBits = (p: Protection) => (p.read ? 1 : 0) | (p.write ? 2 : 0) | (p.exec ? 4 : 0);

/** Builds the plan by running the config step by step; the config must have passed `refusal`. */
export function buildPlan(config: ScenarioConfig): ProbePlan {
    const k = new Kernel(config.machine, config.split, { budget: Number.MAX_SAFE_INTEGER, maxEvents: 0 });
    const runner = new Runner(k, {});
    runner.setup(config);
    const builder = new PlanBuilder(k, runner, config);
    for (const s of config.statements) builder.topLevel(s);
    return builder.finish();
}

class PlanBuilder {
    private readonly body: string[] = [];
    private readonly slots = new Map<string, number>();
    /** Slot spinning on each CPU, or -1. */
    private readonly spinning: number[];
    private readonly marks: PlanMark[] = [];

    constructor(
        private readonly k: Kernel,
        private readonly runner: Runner,
        private readonly config: ScenarioConfig,
    ) {
        for (const p of config.processes) this.slots.set(p.name, this.slots.size);
        this.spinning = k.cpus.map(() => -1);
    }

    topLevel(s: Statement): void {
        this.statement(s);
        if (s.kind === 'expect' || s.kind === 'expect-error') return; // nothing for the kernel to do
        this.body.push(`mark ${s.id}`);
        this.marks.push({ id: s.id, loc: s.loc, kind: s.kind, ptPages: userTablePages(this.k) });
    }

    private statement(s: Statement): void {
        if (s.kind === 'repeat') {
            for (let i = 0; i < s.count; i++) for (const inner of s.body) this.statement(inner);
            return;
        }
        if (s.kind === 'expect' || s.kind === 'expect-error' || s.kind === 'syscall') {
            this.runner.runAll([s]);
            return;
        }
        this.operation(s);
    }

    private slotOf(mm: Mm | null | undefined): number {
        if (!mm) return -1;
        return this.slots.get(mm.name) ?? -1;
    }

    /** The mm, worker slot and CPU of the task an operation runs as (before it runs). */
    private where(op: Operation): { mm: Mm | undefined; slot: number; cpu: number } {
        const ref = op.kind === 'fork' ? op.parent : 'task' in op ? op.task : undefined;
        const task = ref ? this.k.findTask(ref.name, ref.thread) : undefined;
        const mm = task?.home ?? undefined;
        return { mm, slot: this.slotOf(mm), cpu: Math.max(0, task?.cpu ?? 0) };
    }

    private range(r: { start: bigint; size: bigint; region?: string }): { start: bigint; size: bigint } {
        const base = r.region ? (this.k.regions.get(r.region) ?? 0n) : 0n;
        return { start: base + r.start, size: r.size };
    }

    private operation(op: Operation): void {
        const { mm, slot, cpu } = this.where(op);
        const live = new Set([...this.k.mms.values()].filter(m => !m.dead).map(m => m.name));
        const before: Array<[number, number]> = mm ? mm.vmas.map(v => [v.start, v.end]) : [];
        const command = this.command(op, slot, cpu);
        this.runner.runAll([op]);
        if (op.kind === 'mmap' && mm) {
            const start = op.start ?? BigInt(newlyMapped(mm, before)) << BigInt(PAGE_SHIFT);
            this.body.push(
                `mmap ${slot} ${cpu} ${hex(start)} ${hex(op.size)} ${protBits(op.prot)} ${op.shared ? 1 : 0}`,
            );
        } else if (op.kind === 'fork') {
            const child = this.k.mmNamed(op.child);
            if (child) this.slots.set(child.name, this.slots.size);
            this.body.push(`fork ${slot} ${cpu} ${this.slotOf(child)}`);
        } else if (command) this.body.push(command);
        for (const m of this.k.mms.values()) {
            if (m.dead && live.has(m.name) && this.slots.has(m.name)) {
                this.body.push(`exit ${this.slots.get(m.name)} ${cpu}`);
                this.spinning.forEach((s, c) => {
                    if (s === this.slots.get(m.name)) this.spinning[c] = -1;
                });
            }
        }
        this.syncSpinners();
    }

    private command(op: Operation, slot: number, cpu: number): string | undefined {
        switch (op.kind) {
            case 'munmap': {
                const r = this.range(op.range);
                return `munmap ${slot} ${cpu} ${hex(r.start)} ${hex(r.size)}`;
            }
            case 'mprotect': {
                const r = this.range(op.range);
                return `mprotect ${slot} ${cpu} ${hex(r.start)} ${hex(r.size)} ${protBits(op.prot)}`;
            }
            case 'madvise-dontneed': {
                const r = this.range(op.range);
                return `dontneed ${slot} ${cpu} ${hex(r.start)} ${hex(r.size)}`;
            }
            case 'access': {
                const r = this.range(op.range);
                return (
                    `touch ${slot} ${cpu} ${op.access === 'write' ? 1 : 0} ${hex(r.start)} ${hex(r.size)} ` +
                    `${hex(op.stride)}`
                );
            }
            default:
                return undefined;
        }
    }

    /** Each CPU's current mm (R14's active mm of a user task) gets that worker's spinner. */
    private syncSpinners(): void {
        const want = this.k.cpus.map(c => (c.current && !c.current.dead ? this.slotOf(c.current.home) : -1));
        want.forEach((slot, cpu) => {
            const had = this.spinning[cpu];
            if (had !== slot && had >= 0) this.body.push(`park ${had} ${cpu}`);
        });
        want.forEach((slot, cpu) => {
            if (this.spinning[cpu] !== slot && slot >= 0) this.body.push(`spin ${slot} ${cpu}`);
            this.spinning[cpu] = slot;
        });
    }

    finish(): ProbePlan {
        const slots = Array.from({ length: this.slots.size }, (_, i) => `proc ${i}`);
        const starts = this.config.processes.map((_, i) => `start ${i}`);
        const head = (empty: boolean) => [
            `cpus ${this.config.machine.cpus}`,
            ...slots,
            ...(empty ? ['empty'] : []),
            ...starts,
        ];
        const body = this.body;
        return {
            run: this.config.run,
            variant: this.config.variant,
            cpus: this.config.machine.cpus,
            marks: this.marks,
            text: empty => [...head(empty), 'mark base', ...body, ''].join('\n'),
        };
    }
}
