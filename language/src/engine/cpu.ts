/**
 * CPUs and tasks (docs/model.md section 5). A CPU has a loaded root and an active mm (borrowed by a
 * kernel thread: lazy TLB), its two TLBs and, with PCID, 6 dynamic ASID slots (R16).
 */
import { Tlb } from './tlb.js';
import type { Mm } from './mm.js';
import type { PageTable } from './page-table.js';
import type { MachineConfig } from './scenario.js';
import type { KmapPool } from './kmap.js';

/** TLB_NR_DYN_ASIDS. */
export const DYNAMIC_ASIDS = 6;

export class Task {
    /** CPU where the task is current, or -1. */
    cpu = -1;
    dead = false;
    /** The process's own mm (a new one after exec); `mm` differs from it while the task runs in a first-class VAS. */
    home: Mm | null;
    /** Its own root under a per-task UKVA window (thread 1 and up), else null: the mm's root. */
    ownRoot: PageTable | null = null;
    /** Tables that belong to the task alone (its root, PAE's kernel PMD copy): freed at its exit. */
    readonly ownTables: PageTable[] = [];
    /** A per-task UKVA window's kmap pool (section 8). */
    kmapPool: KmapPool | null = null;

    constructor(
        readonly name: string,
        readonly thread: number,
        public mm: Mm | null,
    ) {
        this.home = mm;
    }

    get isKernelThread(): boolean {
        return this.mm === null;
    }

    get label(): string {
        return this.thread === 0 ? this.name : `${this.name}.${this.thread}`;
    }
}

export class Cpu {
    readonly tlb4k: Tlb;
    readonly tlbLarge: Tlb;
    /** Current task; null is the CPU's idle thread (a kernel thread). */
    current: Task | null = null;
    /** The mm whose entries the CPU may hold: the current task's, or the one a kernel thread borrows. */
    activeMm: Mm | null = null;
    /** null: the kernel root (init_mm). */
    loadedRoot: PageTable | null = null;
    /** Hardware tag of the loaded root: ASID slot + 1 with PCID, else 0. */
    asid = 0;
    readonly asidMm: (Mm | null)[] = new Array<Mm | null>(DYNAMIC_ASIDS).fill(null);
    readonly asidGen = new Float64Array(DYNAMIC_ASIDS);
    /** When each ASID slot was last loaded, for `asid lru` (R58); 0: never. */
    readonly asidUsed = new Float64Array(DYNAMIC_ASIDS);
    asidClock = 0;
    nextAsid = 1;
    /**
     * Without PCID: the generation of the active mm this CPU last flushed to (6.x's
     * cpu_tlbstate.ctxs[0].tlb_gen), compared when a lazy CPU returns to the root it kept (R75).
     */
    syncedGen = 0;

    constructor(
        readonly index: number,
        machine: MachineConfig,
    ) {
        this.tlb4k = new Tlb(machine.tlb4k.entries, machine.tlb4k.ways);
        this.tlbLarge = new Tlb(machine.tlbLarge.entries, machine.tlbLarge.ways);
    }

    /** The current task is a kernel thread (idle included): any mm it has is borrowed. */
    get lazy(): boolean {
        return this.current === null || this.current.mm === null;
    }

    /** The ASID slot holding mm on this CPU, or -1. */
    asidSlotOf(mm: Mm): number {
        return this.asidMm.indexOf(mm);
    }
}
