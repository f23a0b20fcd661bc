/**
 * Random `.mscn` scenarios for property tests (fast-check): a machine of any arch, a split (32-bit:
 * 3G/1G ... 4G/4G, HIGHPTE, a UKVA window per mm or per task), processes and threads, kswapd, a VAS
 * and a segment, notifiers of each api, and a run of statements of every kind, some in `repeat`.
 * Statements are generated as indexes (process 2, mapping 5) and rendered against what exists at
 * that point of the text, so that most scenarios check clean and shrinking keeps them readable.
 * Sizes are bounded: at most 64 pages per mapping (huge ones: 2 pages), 4 iterations per repeat.
 */
import fc from 'fast-check';

export type GenArch = 'i386' | 'i386-pae' | 'x86_64' | 'x86_64-la57';

export interface GenMachine {
    arch: GenArch;
    cpus: number;
    ram: string;
    tlbEntries: number;
    tlbWays: number;
    pcid: boolean;
    globalPages: boolean;
    flush: number | 'always-full';
}

export interface GenSplit {
    kind: string;
    pagetables: 'lowmem' | 'highmem' | 'ukva-mm' | 'ukva-task';
}

export interface GenNotifier {
    api: 'page' | 'range' | 'merged' | 'interval';
    release: 'before-unmap' | 'after-unmap';
    perPage: boolean;
}

/** One statement, as indexes into what exists when it is rendered. */
export type GenOp =
    | { op: 'switch'; cpu: number; task: number }
    | { op: 'migrate'; task: number; cpu: number }
    | {
          op: 'mmap';
          proc: number;
          fixed: number;
          pages: number;
          file: number;
          shared: boolean;
          prot: number;
          huge: boolean;
      }
    | { op: 'access'; kind: number; proc: number; map: number; part: number; stride: number }
    | { op: 'munmap' | 'madvise' | 'copy_to_user' | 'swapout'; proc: number; map: number; part: number }
    | { op: 'mprotect'; proc: number; map: number; part: number; prot: number }
    | { op: 'fork' | 'exec' | 'syscall'; proc: number }
    | { op: 'exit'; proc: number; thread: number }
    | { op: 'kmap'; kind: number; proc: number; map: number; part: number }
    | { op: 'notifier'; n: number; kind: number; map: number; part: number }
    | { op: 'vas'; kind: number; proc: number }
    | { op: 'expect' }
    | { op: 'repeat'; count: number; body: GenOp[] };

export interface GenScenario {
    machine: GenMachine;
    split: GenSplit | null;
    threads: number[];
    notifiers: GenNotifier[];
    vas: boolean;
    statements: GenOp[];
    /** Switch a statement's task onto a CPU first when it is not current (else: R22's error event). */
    autoSwitch: boolean;
}

const PROTS = ['rw', 'r', 'rx', 'rwx', 'none', 'rw', 'rw'];
const SPLITS = ['3G/1G', '2G/2G', '1G/3G', '4G/4G', '3G/1G-opt'];
/** Fixed mmap addresses, page-aligned and in every user space (1G/3G's ends at 0x40000000). */
const FIXED = [0x1000_0000, 0x1002_0000, 0x1004_0000, 0x1800_0000];
/** 4 MiB aligned, for huge mappings. */
const HUGE_AT = 0x0800_0000;
const SEGMENT_AT = 0x3000_0000;

const machineArb: fc.Arbitrary<GenMachine> = fc.record({
    arch: fc.constantFrom<GenArch>('i386', 'i386-pae', 'x86_64', 'x86_64-la57'),
    cpus: fc.integer({ min: 1, max: 4 }),
    ram: fc.constantFrom('512 MiB', '2 GiB', '4 GiB'),
    tlbEntries: fc.constantFrom(0, 4, 8, 16),
    tlbWays: fc.constantFrom(1, 2, 4),
    pcid: fc.boolean(),
    globalPages: fc.boolean(),
    flush: fc.oneof(fc.constant<'always-full'>('always-full'), fc.integer({ min: 1, max: 40 })),
});

const splitArb: fc.Arbitrary<GenSplit> = fc.record({
    kind: fc.constantFrom(...SPLITS),
    pagetables: fc.constantFrom<GenSplit['pagetables']>('lowmem', 'highmem', 'ukva-mm', 'ukva-task'),
});

const notifierArb: fc.Arbitrary<GenNotifier> = fc.record({
    api: fc.constantFrom<GenNotifier['api']>('page', 'range', 'merged', 'interval'),
    release: fc.constantFrom<GenNotifier['release']>('before-unmap', 'after-unmap'),
    perPage: fc.boolean(),
});

const i = (max: number) => fc.integer({ min: 0, max });

const simpleOp: fc.Arbitrary<GenOp> = fc.oneof(
    { weight: 2, arbitrary: fc.record({ op: fc.constant('switch' as const), cpu: i(3), task: i(9) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('migrate' as const), task: i(9), cpu: i(3) }) },
    {
        weight: 5,
        arbitrary: fc.record({
            op: fc.constant('mmap' as const),
            proc: i(5),
            fixed: i(6),
            pages: fc.integer({ min: 1, max: 64 }),
            file: i(3),
            shared: fc.boolean(),
            prot: i(6),
            huge: fc.integer({ min: 0, max: 3 }).map(n => n === 0),
        }),
    },
    {
        weight: 10,
        arbitrary: fc.record({
            op: fc.constant('access' as const),
            kind: i(2),
            proc: i(5),
            map: i(9),
            part: i(3),
            stride: i(2),
        }),
    },
    {
        weight: 3,
        arbitrary: fc.record({
            op: fc.constantFrom('munmap' as const, 'madvise' as const, 'copy_to_user' as const, 'swapout' as const),
            proc: i(5),
            map: i(9),
            part: i(3),
        }),
    },
    {
        weight: 2,
        arbitrary: fc.record({ op: fc.constant('mprotect' as const), proc: i(5), map: i(9), part: i(3), prot: i(4) }),
    },
    {
        weight: 3,
        arbitrary: fc.record({ op: fc.constantFrom('fork' as const, 'exec' as const, 'syscall' as const), proc: i(5) }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('exit' as const), proc: i(5), thread: i(3) }) },
    {
        weight: 2,
        arbitrary: fc.record({ op: fc.constant('kmap' as const), kind: i(2), proc: i(5), map: i(9), part: i(3) }),
    },
    {
        weight: 2,
        arbitrary: fc.record({ op: fc.constant('notifier' as const), n: i(2), kind: i(3), map: i(9), part: i(3) }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('vas' as const), kind: i(4), proc: i(5) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('expect' as const) }) },
);

const opArb: fc.Arbitrary<GenOp> = fc.oneof(
    { weight: 12, arbitrary: simpleOp },
    {
        weight: 1,
        arbitrary: fc.record({
            op: fc.constant('repeat' as const),
            count: fc.integer({ min: 1, max: 4 }),
            body: fc.array(simpleOp, { minLength: 1, maxLength: 4 }),
        }),
    },
);

export const scenarioArb: fc.Arbitrary<GenScenario> = fc.record({
    machine: machineArb,
    split: fc.option(splitArb, { nil: null }),
    threads: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
    notifiers: fc.array(notifierArb, { maxLength: 2 }),
    vas: fc.boolean(),
    statements: fc.array(opArb, { minLength: 4, maxLength: 24, size: 'medium' }),
    autoSwitch: fc.integer({ min: 0, max: 4 }).map(n => n > 0),
});

/** The text of a generated scenario. */
export function renderScenario(g: GenScenario): string {
    return new Renderer(g).text();
}

interface Mapping {
    name: string;
    owner: string;
    pages: number;
    huge: boolean;
}

class Renderer {
    private readonly lines: string[] = [];
    private readonly mappings: Mapping[] = [];
    private readonly children: string[] = [];
    private forks = 0;
    private mapCount = 0;
    private vasCreated = false;
    private readonly is32: boolean;
    private readonly hugeSize: string;
    /** The process of the mapping the last range named. */
    private owner: string | null = null;
    /** The task current on each CPU as far as the text says ('' for idle): for autoSwitch. */
    private readonly current: string[];
    private indent = '    ';

    constructor(private readonly g: GenScenario) {
        this.is32 = g.machine.arch.startsWith('i386');
        this.hugeSize = g.machine.arch === 'i386' ? '4 MiB' : '2 MiB';
        this.current = Array.from({ length: g.machine.cpus }, () => '');
    }

    /** With autoSwitch, a `switch` line that makes `task` current first, unless it is. */
    private ensureCurrent(task: string): string {
        if (!this.g.autoSwitch || this.current.includes(task)) return task;
        const cpu = (task.length + this.lines.length) % this.current.length;
        this.lines.push(`${this.indent}switch cpu ${cpu} to ${task}`);
        this.switched(cpu, task);
        return task;
    }

    private switched(cpu: number, task: string): void {
        for (let c = 0; c < this.current.length; c++) if (this.current[c] === task) this.current[c] = '';
        this.current[cpu] = task;
    }

    text(): string {
        this.declarations();
        const split = this.is32 && this.g.split ? ' with s' : '';
        this.lines.push(`run gen on m${split} {`);
        // Most operations need their task current on a CPU (R22): the processes start on the first CPUs.
        this.g.threads.slice(0, this.g.machine.cpus).forEach((_, p) => {
            this.lines.push(`    switch cpu ${p} to p${p}`);
            this.switched(p, `p${p}`);
        });
        // One top-level exit, last: a task used after its exit is a checker error, and most generated
        // scenarios should check clean and run.
        const exit = this.g.statements.find(op => op.op === 'exit');
        for (const op of this.g.statements) if (op.op !== 'exit') this.statement(op, '    ');
        if (exit) this.statement(exit, '    ');
        this.lines.push('}');
        return `${this.lines.join('\n')}\n`;
    }

    private declarations(): void {
        const m = this.g.machine;
        const pcid = m.pcid && !this.is32 ? 'on' : 'off';
        const flush = m.flush === 'always-full' ? 'always-full' : `ceiling ${m.flush} pages`;
        this.lines.push(
            `machine m { arch ${m.arch} ram ${m.ram} cpus ${m.cpus} tlb 4 KiB entries ${m.tlbEntries} ` +
                `ways ${m.tlbEntries === 0 ? 1 : Math.min(m.tlbWays, m.tlbEntries)}` +
                (` tlb large entries 4 ways 2 pcid ${pcid} global-pages ${m.globalPages ? 'on' : 'off'} ` +
                    `flush ${flush} }`),
        );
        if (this.is32 && this.g.split) this.lines.push(this.splitText(this.g.split));
        this.g.threads.forEach((t, p) => this.lines.push(`process p${p} { threads ${t} }`));
        this.lines.push('kthread kswapd');
        if (this.g.vas) this.lines.push('vas v0', `segment g0 at 0x${SEGMENT_AT.toString(16)} size 64 KiB`);
        this.g.notifiers.forEach((n, k) => this.lines.push(this.notifierText(n, k)));
    }

    private splitText(s: GenSplit): string {
        if (s.pagetables === 'lowmem' || s.pagetables === 'highmem')
            return `split s { ${s.kind} pagetables ${s.pagetables} }`;
        const scope = s.pagetables === 'ukva-mm' ? 'per-mm' : 'per-task';
        return (
            `split s { 3G/1G task_size 0xBF80_0000 ukva at 0xBF80_0000 size 8 MiB ${scope} { pagetables kmap ` +
            `16 slots } }`
        );
    }

    private notifierText(n: GenNotifier, k: number): string {
        const api = n.api === 'interval' ? 'interval at 0x1000_0000 size 128 KiB' : n.api;
        const secondary = n.perPage ? 'secondary per-page' : 'secondary range max 8 pages else purge';
        return `notifier n${k} on p0 { api ${api} release ${n.release} ${secondary} }`;
    }

    /** Every task name that exists so far: threads of the processes, forked children, kswapd. */
    private task(index: number): string {
        const tasks = this.g.threads.flatMap((t, p) =>
            Array.from({ length: t }, (_, th) => (th === 0 ? `p${p}` : `p${p}[${th}]`)),
        );
        tasks.push(...this.children, 'kswapd');
        return tasks[index % tasks.length];
    }

    private proc(index: number): string {
        const procs = [...this.g.threads.map((_, p) => `p${p}`), ...this.children];
        return procs[index % procs.length];
    }

    /**
     * A range: a whole mapping, its first or second half, or one page at a literal address. A mapping
     * is named by its own process's statements (the checker links it only there), so `proc` is set to
     * its owner, unless the owner has no live name any more.
     */
    private range(map: number, part: number, withSize = true): string | null {
        if (this.mappings.length === 0) return part === 3 ? `0x${FIXED[0].toString(16)}` : null;
        const m = this.mappings[map % this.mappings.length];
        this.owner = m.owner;
        const half = Math.floor(m.pages / 2);
        if (part === 0 || half === 0 || m.huge) return m.name;
        if (part === 1) return withSize ? `${m.name} size ${half * 4} KiB` : m.name;
        if (part === 2)
            return withSize
                ? `${m.name} + ${half * 4} KiB size ${(m.pages - half) * 4} KiB`
                : `${m.name} + ${half * 4} KiB`;
        return `${m.name} + 4 KiB`;
    }

    private statement(op: GenOp, indent: string): void {
        this.indent = indent;
        const line = this.render(op, indent);
        if (line !== null) this.lines.push(indent + line);
    }

    /** The process of a range statement: the mapping's owner (`range` sets it) or the generated one. */
    private rangeProc(index: number, r: string | null): string {
        const owner = this.owner;
        this.owner = null;
        return this.ensureCurrent(r !== null && owner !== null && index % 4 !== 3 ? owner : this.proc(index));
    }

    private render(op: GenOp, indent: string): string | null {
        switch (op.op) {
            case 'switch':
            case 'migrate': {
                const cpu = op.cpu % this.g.machine.cpus;
                const task = op.op === 'switch' && op.task % 7 === 6 ? '' : this.task(op.task);
                this.switched(cpu, task);
                if (op.op === 'migrate') return `migrate ${task} to cpu ${cpu}`;
                return `switch cpu ${cpu} to ${task === '' ? 'idle' : task}`;
            }
            case 'mmap':
                return this.mmap(op);
            case 'access': {
                const r = this.range(op.map, op.part);
                const stride = ['', ' stride 8 KiB', ' stride 4 KiB'][op.stride];
                return r && `${['read', 'write', 'touch'][op.kind]} ${this.rangeProc(op.proc, r)} ${r}${stride}`;
            }
            case 'munmap':
            case 'copy_to_user': {
                const r = this.range(op.map, op.part);
                return r && `${op.op} ${this.rangeProc(op.proc, r)} ${r}`;
            }
            case 'madvise': {
                const r = this.range(op.map, op.part);
                return r && `madvise ${this.rangeProc(op.proc, r)} ${r} dontneed`;
            }
            case 'swapout': {
                const r = this.range(op.map, op.part);
                const mm = this.rangeProc(op.proc, r);
                return r && `swapout ${mm} ${r} by ${this.ensureCurrent('kswapd')}`;
            }
            case 'mprotect': {
                const r = this.range(op.map, op.part);
                return r && `mprotect ${this.rangeProc(op.proc, r)} ${r} ${PROTS[op.prot]}`;
            }
            case 'fork': {
                const child = `c${this.forks++}`;
                const line = `fork ${this.ensureCurrent(this.proc(op.proc))} as ${child}`;
                this.children.push(child);
                return line;
            }
            case 'exec':
            case 'syscall':
                return `${op.op} ${this.ensureCurrent(this.proc(op.proc))}`;
            case 'exit': {
                const task = this.ensureCurrent(
                    op.thread === 0 ? this.proc(op.proc) : this.task(op.proc * 3 + op.thread),
                );
                this.switched(this.current.indexOf(task) >= 0 ? this.current.indexOf(task) : 0, '');
                return `exit ${task}`;
            }
            case 'kmap': {
                const r = this.range(op.map, op.part, false);
                return r && `${['kmap', 'kunmap', 'kmap_atomic'][op.kind]} ${this.rangeProc(op.proc, r)} ${r}`;
            }
            case 'notifier':
                return this.notifierOp(op);
            case 'vas':
                return this.vasOp(op);
            case 'expect':
                return 'expect walks >= 0';
            case 'repeat': {
                // Names declared in a repeat's body (mappings, children) are visible only inside it.
                const mappings = this.mappings.length;
                const children = this.children.length;
                this.lines.push(`${indent}repeat ${op.count} {`);
                for (const b of op.body) this.statement(b, `${indent}    `);
                this.mappings.length = mappings;
                this.children.length = children;
                return '}';
            }
        }
    }

    private mmap(op: GenOp & { op: 'mmap' }): string {
        const name = `m${this.mapCount++}`;
        const proc = this.ensureCurrent(this.proc(op.proc));
        const huge = op.huge && op.fixed === 0 && this.g.machine.arch !== 'x86_64-la57';
        const pages = huge ? 1 + (op.pages % 2) : op.pages;
        const at = huge
            ? ` at 0x${HUGE_AT.toString(16)}`
            : op.fixed < FIXED.length
              ? ` at 0x${FIXED[op.fixed].toString(16)}`
              : '';
        const size = huge ? `${pages * (this.g.machine.arch === 'i386' ? 4 : 2)} MiB` : `${pages * 4} KiB`;
        const file = op.file === 0 ? ` file "f${op.pages % 2}"` : op.file === 1 ? ' anon' : '';
        const options =
            `${file}${op.shared ? ' shared' : ''} ` +
            `${PROTS[op.prot % PROTS.length]}${huge ? ` huge ${this.hugeSize}` : ''}`;
        this.mappings.push({ name, owner: proc, pages, huge });
        return `mmap ${proc}${at} size ${size}${options} as ${name}`;
    }

    private notifierOp(op: GenOp & { op: 'notifier' }): string | null {
        if (this.g.notifiers.length === 0) return null;
        const n = `n${op.n % this.g.notifiers.length}`;
        if (op.kind === 0) return `register ${n}`;
        if (op.kind === 1) return `unregister ${n}`;
        const r = this.range(op.map, op.part);
        return r && `device ${n} ${op.kind === 2 ? 'read' : 'write'} ${r}`;
    }

    private vasOp(op: GenOp & { op: 'vas' }): string | null {
        if (!this.g.vas) return null;
        if (op.kind !== 0 && !this.vasCreated) this.lines.push(`${this.indent}vas create v0`);
        this.vasCreated = true;
        const p = op.kind === 2 || op.kind === 3 ? this.ensureCurrent(this.proc(op.proc)) : this.proc(op.proc);
        return [
            `vas create v0`,
            `vas attach v0 to ${p}`,
            `vas switch ${p} to v0`,
            `vas switch ${p} to ${p}`,
            `segment attach g0 to v0`,
        ][op.kind];
    }
}
