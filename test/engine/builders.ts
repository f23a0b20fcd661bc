/**
 * Named defaults for engine tests: a machine, a split and a scenario builder, so each test states only
 * what its kernel story needs.
 */
import type {
    Arch,
    Check,
    Comparator,
    MachineConfig,
    NotifierConfig,
    Operation,
    Protection,
    Qualifier,
    ScenarioConfig,
    SourceLoc,
    SplitConfig,
    Statement,
    TaskRef,
    Backing,
} from '../../language/src/engine/scenario.js';
import type { FigureName } from '../../language/src/engine/figures.js';

export const KIB = 1024n;
export const MIB = 1024n * KIB;
export const GIB = 1024n * MIB;
export const PAGE = 4096n;

export const RW: Protection = { read: true, write: true, exec: false };
export const RO: Protection = { read: true, write: false, exec: false };

export function loc(line = 1): SourceLoc {
    return { line, column: 1, endLine: line, endColumn: 10 };
}

/** x86_64, 1 CPU, 64-entry 4-way 4 KiB TLB, 32-entry 4-way large TLB, no PCID, PGE, ceiling 33. */
export function machine(overrides: Partial<MachineConfig> = {}): MachineConfig {
    return {
        name: 'test',
        arch: 'x86_64',
        ramBytes: 4n * GIB,
        cpus: 1,
        clockHz: 2.4e9,
        tlb4k: { entries: 64, ways: 4 },
        tlbLarge: { entries: 32, ways: 4 },
        pcid: false,
        globalPages: true,
        flushPolicy: { kind: 'ceiling', pages: 33 },
        virtuallyIndexedCaches: false,
        costs: {},
        era: '2.6',
        asidPolicy: 'round-robin',
        ...overrides,
    };
}

/** A replay's machine with a tiny TLB (4 entries, 2 ways, no large-page TLB): three pages of a set evict. */
export function oneTlb(): MachineConfig {
    return machine({ tlb4k: { entries: 4, ways: 2 }, tlbLarge: { entries: 0, ways: 0 } });
}

export function splitFor(arch: Arch, overrides: Partial<SplitConfig> = {}): SplitConfig {
    const base: SplitConfig =
        arch === 'x86_64' || arch === 'x86_64-la57'
            ? {
                  name: 'x86_64',
                  pageOffset: 0xffff888000000000n,
                  taskSize: 0x7ffffffff000n,
                  fourGFourG: false,
                  pagetables: 'lowmem',
              }
            : {
                  name: '3G/1G',
                  pageOffset: 0xc0000000n,
                  taskSize: 0xc0000000n,
                  fourGFourG: false,
                  pagetables: 'lowmem',
              };
    return { ...base, ...overrides };
}

/** `a` is thread 0 of process a; `a.1` its thread 1. */
export function task(ref: string): TaskRef {
    const [name, thread] = ref.split('.');
    return { name, thread: thread ? Number(thread) : 0 };
}

export function notifierConfig(overrides: Partial<NotifierConfig> & { name: string; mm: string }): NotifierConfig {
    return {
        api: 'range',
        release: 'after-unmap',
        sleeps: false,
        locking: 'rcu',
        registerAtSetup: true,
        secondary: { flush: 'range', maxPages: 1024, fullPurgeBeyondMax: true, costNs: 2000 },
        ...overrides,
    };
}

type OpBody = Operation extends infer O ? (O extends Operation ? Omit<O, 'id' | 'loc' | 'checks'> : never) : never;

export class Scenario {
    machine = machine();
    split: SplitConfig = splitFor('x86_64');
    processes: { name: string; threads: number }[] = [];
    kernelThreads: string[] = [];
    notifiers: NotifierConfig[] = [];
    finalChecks: Check[] = [];
    private statements: Statement[] = [];
    private stack: Statement[][] = [];
    private nextId = 1;

    constructor(overrides: Partial<MachineConfig> = {}, split?: Partial<SplitConfig>) {
        this.machine = machine(overrides);
        this.split = splitFor(this.machine.arch, split);
    }

    process(name: string, threads = 1): this {
        this.processes.push({ name, threads });
        return this;
    }

    kthread(name: string): this {
        this.kernelThreads.push(name);
        return this;
    }

    notifier(config: Partial<NotifierConfig> & { name: string; mm: string }): this {
        this.notifiers.push(notifierConfig(config));
        return this;
    }

    private target(): Statement[] {
        return this.stack.length ? this.stack[this.stack.length - 1] : this.statements;
    }

    /** Adds an operation; returns its statement id. */
    op(body: OpBody, checks: Check[] = []): number {
        const id = this.nextId++;
        this.target().push({ ...body, id, loc: loc(id), checks } as Operation);
        return id;
    }

    /** `expect error "text"` at this point of the run. */
    expectError(text: string): number {
        const id = this.nextId++;
        this.target().push({ kind: 'expect-error', id, loc: loc(id), text });
        return id;
    }

    switch(cpu: number, to: string | 'idle'): number {
        return this.op({ kind: 'switch', cpu, to: to === 'idle' ? 'idle' : task(to) });
    }

    mmap(
        t: string,
        start: bigint | undefined,
        size: bigint,
        opts: { prot?: Protection; shared?: boolean; backing?: Backing; pageSize?: bigint } = {},
    ): number {
        return this.op({
            kind: 'mmap',
            task: task(t),
            start,
            size,
            backing: opts.backing ?? { kind: 'anon' },
            shared: opts.shared ?? false,
            prot: opts.prot ?? RW,
            pageSize: opts.pageSize ?? PAGE,
        });
    }

    access(t: string, access: 'read' | 'write' | 'touch', start: bigint, size: bigint, stride = PAGE): number {
        return this.op({ kind: 'access', access, task: task(t), range: { start, size }, stride });
    }

    write(t: string, start: bigint, size = PAGE): number {
        return this.access(t, 'write', start, size);
    }

    read(t: string, start: bigint, size = PAGE): number {
        return this.access(t, 'read', start, size);
    }

    munmap(t: string, start: bigint, size: bigint): number {
        return this.op({ kind: 'munmap', task: task(t), range: { start, size } });
    }

    madvise(t: string, start: bigint, size: bigint): number {
        return this.op({ kind: 'madvise-dontneed', task: task(t), range: { start, size } });
    }

    mprotect(t: string, start: bigint, size: bigint, prot: Protection): number {
        return this.op({ kind: 'mprotect', task: task(t), range: { start, size }, prot });
    }

    fork(parent: string, child: string): number {
        return this.op({ kind: 'fork', parent: task(parent), child });
    }

    /** `exit('db.1')`: one thread; `exit('db')` (no thread): exit_group, every thread of the process. */
    exit(t: string): number {
        return this.op({ kind: 'exit', task: task(t), group: !t.includes('.') });
    }

    repeat(count: number, body: () => void): number {
        const id = this.nextId++;
        const statements: Statement[] = [];
        this.target().push({ kind: 'repeat', id, loc: loc(id), count, body: statements });
        this.stack.push(statements);
        body();
        this.stack.pop();
        return id;
    }

    expect(figure: FigureName, comparator: Comparator, value: number, qualifier?: Qualifier): number {
        const id = this.nextId++;
        this.target().push({ kind: 'expect', id, loc: loc(id), check: check(figure, comparator, value, qualifier) });
        return id;
    }

    build(): ScenarioConfig {
        return {
            run: 'test',
            variant: 'base',
            machine: this.machine,
            split: this.split,
            processes: this.processes,
            kernelThreads: this.kernelThreads,
            vases: [],
            segments: [],
            notifiers: this.notifiers,
            statements: this.statements,
            finalChecks: this.finalChecks,
            finalErrors: [],
        };
    }
}

export function check(figure: FigureName, comparator: Comparator, value: number, qualifier?: Qualifier): Check {
    return { figure, comparator, value, qualifier, loc: loc(), text: `${figure} ${comparator} ${value}` };
}
