/**
 * The scenario as the engine sees it: plain data, no Langium, no VS Code.
 * The language lowers a parsed `.mscn` file (one `run` block under one variant) into a
 * `ScenarioConfig`; the engine executes it as docs/model.md defines.
 *
 * Addresses and sizes are exact 64-bit values (bigint): kernel addresses on x86_64 do not fit in
 * a double. The engine converts them to page numbers (at most 2^45 for la57, exact in a double).
 */
import type { FigureName } from './figures.js';

/** The variant named by no `variant` block: the declarations as written. */
export const BASE_VARIANT = 'base';

export type Arch = 'i386' | 'i386-pae' | 'x86_64' | 'x86_64-la57';
export type Placement = 'lowmem' | 'highmem' | 'ukva';

export interface TlbGeometry {
    /** Total entries; 0 means this TLB caches nothing (rule R2). */
    entries: number;
    /** Associativity; sets = entries / ways. */
    ways: number;
}

export type FlushPolicy = { kind: 'ceiling'; pages: number } | { kind: 'always-full' };

/** Kernel era (docs/model.md R62): its defaults are in era.ts. */
export type Era = '2.4' | '2.6' | '6.x';

/** PCID ASID assignment for a new mm on a CPU (R16, R58). */
export type AsidPolicy = 'round-robin' | 'lru';

/** Cost of one event, by figure name: `cycles` at the machine clock or `ns`. */
export interface Cost {
    amount: number;
    unit: 'cycles' | 'ns';
}

export interface MachineConfig {
    name: string;
    arch: Arch;
    ramBytes: bigint;
    cpus: number;
    clockHz: number;
    tlb4k: TlbGeometry;
    tlbLarge: TlbGeometry;
    pcid: boolean;
    globalPages: boolean;
    flushPolicy: FlushPolicy;
    virtuallyIndexedCaches: boolean;
    /** Overrides of the default cost table (docs/model.md section 11, rule R33). */
    costs: Partial<Record<FigureName, Cost>>;
    /** `pkmapSlots N`: overrides LAST_PKMAP, the global pool's slots (R42); absent: the arch's. */
    pkmapSlots?: number;
    /** `kernel 2.4|2.6|6.x` (default 2.6): era defaults and the lazy-TLB rule (R62, R75). */
    era: Era;
    /** `asid round-robin|lru` (default round-robin, R58). */
    asidPolicy: AsidPolicy;
    /** sizeof(struct page) for mem_map (R51); absent: the era default (lowmem.ts lowmemDefaults). */
    structPageBytes?: number;
    /** Lowmem set aside for everything the model does not count (R51), bytes; absent: 0. */
    lowmemReservedBytes?: bigint;
    /** THREAD_SIZE, the kernel stack of every task (R70); absent: the era default. */
    threadSizeBytes?: number;
}

export interface UkvaWindowConfig {
    start: bigint;
    size: bigint;
    scope: 'per-mm' | 'per-task';
    /** The window maps the mm's own page tables (`pagetables ukva`). */
    holdsPageTables: boolean;
    /** Slots of a kmap pool in the window; 0 when the window holds no pool. */
    kmapSlots: number;
    /** Where it was declared (R46): at the top of user space, at the bottom of vmalloc, or an address. */
    placement?: 'user-top' | 'kernel' | 'address';
}

export interface SplitConfig {
    name: string;
    /**
     * PAGE_OFFSET: where the kernel's direct map starts (32-bit: lowmem = min(RAM, (4 GiB - pageOffset)
     * - 128 MiB)). 4G/4G: 0, the kernel has its own 4 GiB. x86_64: 0xffff888000000000 (no highmem).
     */
    pageOffset: bigint;
    /** TASK_SIZE: user space is [0, taskSize). 3G/1G: 0xC0000000; 4G/4G: 0xFF000000; x86_64: 0x7ffffffff000. */
    taskSize: bigint;
    /** 4G/4G: a separate kernel address space, CR3 written on every kernel entry and exit (R30). */
    fourGFourG: boolean;
    pagetables: Placement;
    ukva?: UkvaWindowConfig;
}

export interface ProcessConfig {
    name: string;
    threads: number;
}

export type NotifierApi = 'page' | 'range' | 'merged' | 'interval';

export interface SecondaryTlbConfig {
    /** `per-page`: one instruction per page (KVM sptes); `range`: up to maxPages per instruction. */
    flush: 'per-page' | 'range';
    maxPages: number;
    /** A range beyond maxPages is one full purge (the GRU's GRUMAXINVAL) instead of ceil(p / max). */
    fullPurgeBeyondMax: boolean;
    costNs: number;
}

export interface NotifierConfig {
    name: string;
    /** The mm watched: a process, a forked child or a VAS, by name. */
    mm: string;
    api: NotifierApi;
    interval?: { start: bigint; size: bigint };
    release: 'before-unmap' | 'after-unmap';
    sleeps: boolean;
    locking: 'rcu' | 'mutex';
    secondary: SecondaryTlbConfig;
    /** Registered in the setup step; false when the run holds an explicit `register` statement. */
    registerAtSetup: boolean;
}

/** R55: `shared` (Lutomirski: one mm per VAS) or `rfc` (Smejkal's mm/vas.c: one mm per attached task). */
export type VasModel = 'shared' | 'rfc';

export interface SegmentConfig {
    name: string;
    start: bigint;
    size: bigint;
}

/** A task: a process's thread (`thread` 0 is the main thread), a forked child, or a kernel thread. */
export interface TaskRef {
    name: string;
    thread: number;
}

/** Where in the source a statement stands, for diagnostics and editor features (1-based lines). */
export interface SourceLoc {
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
}

export type Comparator = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type Qualifier =
    | { kind: 'cpu'; cpu: number }
    | { kind: 'level'; level: string }
    | { kind: 'notifier'; name: string }
    | { kind: 'mm'; name: string };

/** `expect figure(qualifier) comparator value`; time figures compare in nanoseconds. */
export interface Check {
    figure: FigureName;
    qualifier?: Qualifier;
    comparator: Comparator;
    value: number;
    loc: SourceLoc;
    /** The check as written, for messages. */
    text: string;
}

export interface Protection {
    read: boolean;
    write: boolean;
    exec: boolean;
}

/** A page-cache page (file, byte offset), allocated at first use (R32, R88). */
export interface FilePage {
    file: string;
    offset: bigint;
}

/** copy_to_user's source (R83): a page-cache page, or the frame behind a user page (`src`, an extension). */
export type CopySource = ({ kind: 'file' } & FilePage) | { kind: 'src'; address: bigint; region?: string };

export type Backing = { kind: 'anon' } | { kind: 'file'; file: string; offset: bigint };

interface OpBase {
    /** Stable id of the statement in the file: statement results are keyed by it. */
    id: number;
    loc: SourceLoc;
    /** Checks on the figures of this statement alone (`=> fullFlushes == 3`). */
    checks: Check[];
}

export interface Range {
    /** The first byte; an offset from the mapping's start when `region` is set. */
    start: bigint;
    size: bigint;
    /**
     * The mapping named by `mmap ... as NAME` that the range was written against (`munmap db heap`):
     * its address is known only when the mmap statement runs (first fit), so `start` is relative.
     */
    region?: string;
}

/**
 * `noflush` on munmap, mprotect and madvise (docs/model.md R40, R66): the change without its CPU
 * flush request; notifier callouts still happen.
 */
export type Operation = OpBase &
    (
        | {
              kind: 'mmap';
              task: TaskRef;
              start?: bigint;
              size: bigint;
              backing: Backing;
              shared: boolean;
              prot: Protection;
              pageSize: bigint;
              region?: string;
          }
        | { kind: 'munmap'; task: TaskRef; range: Range; noflush?: boolean }
        | { kind: 'mprotect'; task: TaskRef; range: Range; prot: Protection; noflush?: boolean }
        | { kind: 'madvise-dontneed'; task: TaskRef; range: Range; noflush?: boolean }
        | { kind: 'access'; access: 'read' | 'write' | 'touch'; task: TaskRef; range: Range; stride: bigint }
        | { kind: 'fork'; parent: TaskRef; child: string }
        | { kind: 'exec'; task: TaskRef }
        | {
              kind: 'exit';
              task: TaskRef;
              /** `exit db`: exit_group, every thread; `exit db[2]`: that thread. */ group: boolean;
          }
        | { kind: 'switch'; cpu: number; to: TaskRef | 'idle' }
        | { kind: 'migrate'; task: TaskRef; cpu: number }
        | { kind: 'swapout'; mm: string; range: Range; by: TaskRef }
        | {
              kind: 'kmap' | 'kunmap' | 'kmap-atomic';
              task: TaskRef;
              address: bigint;
              region?: string;
              file?: FilePage;
              access?: boolean;
          }
        | { kind: 'copy-to-user'; task: TaskRef; range: Range; source?: CopySource; atomic?: boolean }
        | {
              kind: 'kernel-access';
              access: 'read' | 'write';
              task?: TaskRef;
              cpu?: number;
              range: Range;
              stride: bigint;
          }
        | { kind: 'syscall'; task: TaskRef }
        | { kind: 'register' | 'unregister'; notifier: string }
        | { kind: 'device-access'; notifier: string; access: 'read' | 'write' | 'touch'; range: Range }
        | { kind: 'vas-create'; vas: string }
        | {
              kind: 'vas-attach';
              vas: string;
              process: string;
              /** `to app[1]`: that thread (rfc attaches per task). */ thread?: number;
          }
        | { kind: 'vas-switch'; task: TaskRef; to: string }
        | { kind: 'segment-attach'; segment: string; vas: string }
        | { kind: 'segment-detach'; segment: string; vas: string; by?: TaskRef }
        | {
              kind: 'segment-zap';
              segment: string;
              /** Absolute; default the segment's start. */ start?: bigint;
              /** Default: to the segment's end. */ size?: bigint;
              by: TaskRef;
          }
        | { kind: 'replay'; task: TaskRef; path: string; trace?: TraceSource }
    );

/** Lines of a lackey trace, delivered in chunks so that a trace is never held whole (section 12). */
export interface TraceSource {
    chunks(): Iterable<Uint8Array>;
}

export interface Repeat {
    kind: 'repeat';
    id: number;
    loc: SourceLoc;
    count: number;
    body: Statement[];
}

/** A cumulative check: figures since the start of the run, at this point. */
export interface ExpectStatement {
    kind: 'expect';
    id: number;
    loc: SourceLoc;
    check: Check;
}

/**
 * `expect error "text"`: an engine error whose message contains `text` has been reported by this point
 * (a design meant to fail, e.g. lowmem exhausted). Matching errors are reported as expected, not as
 * problems; none is a failure.
 */
export interface ErrorExpectation {
    text: string;
    loc: SourceLoc;
}

export interface ExpectErrorStatement extends ErrorExpectation {
    kind: 'expect-error';
    id: number;
}

export type Statement = Operation | Repeat | ExpectStatement | ExpectErrorStatement;

export interface ScenarioConfig {
    /** The run block's name (or `run`) and the variant it is lowered under (`base` for none). */
    run: string;
    variant: string;
    machine: MachineConfig;
    split: SplitConfig;
    processes: ProcessConfig[];
    kernelThreads: string[];
    vases: string[];
    /** `vas NAME { model rfc }` (R55); a VAS not listed is `shared`. */
    vasModels?: Record<string, VasModel>;
    segments: SegmentConfig[];
    notifiers: NotifierConfig[];
    statements: Statement[];
    /** Checks of the variant block, evaluated on the totals at the end of the run. */
    finalChecks: Check[];
    /** `expect error` lines of the variant block, evaluated at the end of the run. */
    finalErrors: ErrorExpectation[];
}
