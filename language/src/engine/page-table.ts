/**
 * Radix page tables (docs/model.md section 3): one table per 4 KiB frame, slots in typed arrays.
 * Upper-level slots point at child tables; leaf data (frame, flags, version) lives in typed arrays,
 * allocated for the PTE level at once and for an upper level only when it gets a large leaf.
 */
import type { Geometry } from './machine.js';
import { BYTES, type MemoryMeter } from './memory.js';

/** PTE flags. */
export const PTE_PRESENT = 1;
export const PTE_WRITE = 2;
/** The shared zero page, read-only (section 12). */
export const PTE_ZERO = 4;
/** Not present: the page is in swap; `frame` holds the swap slot (R28). */
export const PTE_SWAP = 8;
/** Not present because of PROT_NONE: `frame` is kept (mprotect can make it present again). */
export const PTE_PROTNONE = 16;
/** A large leaf at an upper level. */
export const PTE_LARGE = 32;

export type TableLocation = 'lowmem' | 'highmem' | 'ukva';

/** Told of every leaf written writable (invariants.ts, docs/model.md R79): null unless checking. */
export interface WritableLeafJournal {
    leafWritable(table: PageTable, slot: number): void;
}

/**
 * Leaf arrays are views into 4 MiB slabs: a scenario with a hundred processes holds ~100,000 PTE
 * tables, and one ArrayBuffer each cost more in allocation and GC than the whole simulation. Each
 * Kernel owns its LeafSlab, so two runs in one process never share a buffer. The slab keeps only the
 * buffer it is filling; a full buffer lives on while any table's views into it do (a freed table's
 * too, while a stale TLB entry may still read its versions) and is garbage-collected after the last.
 * Frames and swap slots are counters: 32 bits. Every array handed out is charged to the memory budget.
 */
const SLAB_BYTES = 4 << 20;

export interface LeafArrays {
    frame: Uint32Array;
    version: Uint32Array;
    flags: Uint8Array;
}

export class LeafSlab {
    private slab: ArrayBuffer | null = null;
    private used = 0;

    constructor(private readonly meter?: MemoryMeter) {}

    arrays(entries: number): LeafArrays {
        const bytes = entries * BYTES.leafSlot;
        if (!this.slab || this.used + bytes > SLAB_BYTES) {
            this.slab = new ArrayBuffer(Math.max(SLAB_BYTES, bytes));
            this.used = 0;
        }
        const at = this.used;
        this.used += bytes;
        this.meter?.add('tables', 0, bytes);
        return {
            frame: new Uint32Array(this.slab, at, entries),
            version: new Uint32Array(this.slab, at + entries * 4, entries),
            flags: new Uint8Array(this.slab, at + entries * 8, entries),
        };
    }
}

export class PageTable {
    readonly level: number;
    /** First 4 KiB page number the table covers. */
    readonly baseVpn: number;
    readonly entries: number;
    /** 4 KiB pages per slot. */
    readonly spanPages: number;
    readonly location: TableLocation;
    readonly children: (PageTable | undefined)[] | null;
    frame: Uint32Array | null = null;
    flags: Uint8Array | null = null;
    /** Bumped on every change of a slot's translation (R5's O(1) test). */
    version: Uint32Array | null = null;
    /** Populated slots (children or leaves, present or swap). */
    used = 0;
    /** Set when the table is freed: a walk cache must not use it any more. */
    freed = false;
    /**
     * On a root: leaf-level tables recently reached, direct-mapped by table number (a software
     * paging-structure cache for speed; it changes no figure). Null on other tables.
     */
    leafCache: (PageTable | null)[] | null = null;
    /** Set by the kernel when invariants are checked: R79's check starts from the leaves made writable. */
    journal: WritableLeafJournal | null = null;

    constructor(
        level: number,
        baseVpn: number,
        geometry: Geometry,
        location: TableLocation,
        private readonly slab: LeafSlab,
    ) {
        const g = geometry.levels[level];
        this.level = level;
        this.baseVpn = baseVpn;
        this.entries = g.entries;
        this.spanPages = g.spanPages;
        this.location = location;
        const isLeafLevel = level === geometry.leafLevel;
        this.children = isLeafLevel ? null : new Array<PageTable | undefined>(g.entries);
        if (isLeafLevel) this.ensureLeafArrays();
    }

    ensureLeafArrays(): void {
        if (this.flags) return;
        const a = this.slab.arrays(this.entries);
        this.frame = a.frame;
        this.flags = a.flags;
        this.version = a.version;
    }

    /** Slot index covering vpn. */
    indexOf(vpn: number): number {
        return Math.floor((vpn - this.baseVpn) / this.spanPages);
    }

    /** The memory budget's estimate of the table (memory.ts): the object, its slots and leaf arrays. */
    get heldBytes(): number {
        return (
            BYTES.tableObject +
            (this.children ? this.entries * BYTES.upperSlot : 0) +
            (this.flags ? this.entries * BYTES.leafSlot : 0)
        );
    }

    /** Pages covered by the whole table. */
    get coverPages(): number {
        return this.spanPages * this.entries;
    }

    /** Installs a leaf; the slot must hold no child. */
    setLeaf(slot: number, frame: number, flags: number): void {
        this.ensureLeafArrays();
        const f = this.flags!;
        if (f[slot] === 0) this.used++;
        f[slot] = flags;
        this.frame![slot] = frame;
        this.version![slot]++;
        if (this.journal !== null && (flags & PTE_WRITE) !== 0) this.journal.leafWritable(this, slot);
    }

    /** Changes the flags of a populated leaf (permissions). */
    setFlags(slot: number, flags: number): void {
        this.flags![slot] = flags;
        this.version![slot]++;
        if (this.journal !== null && (flags & PTE_WRITE) !== 0) this.journal.leafWritable(this, slot);
    }

    clearLeaf(slot: number): void {
        const f = this.flags!;
        if (f[slot] !== 0) this.used--;
        f[slot] = 0;
        this.frame![slot] = 0;
        this.version![slot]++;
    }

    setChild(slot: number, child: PageTable): void {
        if (!this.children![slot]) this.used++;
        this.children![slot] = child;
    }

    removeChild(slot: number): void {
        if (this.children![slot]) this.used--;
        this.children![slot] = undefined;
    }
}

/** Visits every table of a tree, children before parents (the order tables are freed in). */
export function forEachTableDeepestFirst(table: PageTable, visit: (t: PageTable) => void): void {
    const children = table.children;
    if (children) {
        for (let i = 0; i < children.length; i++) {
            const child = children[i];
            if (child) forEachTableDeepestFirst(child, visit);
        }
    }
    visit(table);
}

/**
 * Calls fn(table, first, last) for every table holding leaf slots in [start, end): the PTE tables
 * and any upper table with large leaves, top-down.
 */
export function forEachLeafRange(
    t: PageTable,
    start: number,
    end: number,
    fn: (t: PageTable, first: number, last: number) => void,
): void {
    // An existing PTE table is reached even when empty (change_pmd_range, docs/model.md R36).
    if (end <= start || (t.used === 0 && t.children !== null)) return;
    const first = Math.max(0, Math.floor((start - t.baseVpn) / t.spanPages));
    const last = Math.min(t.entries - 1, Math.floor((end - 1 - t.baseVpn) / t.spanPages));
    if (first > last) return;
    if (t.flags) fn(t, first, last);
    const children = t.children;
    if (!children) return;
    for (let i = first; i <= last; i++) {
        const child = children[i];
        if (child) forEachLeafRange(child, start, end, fn);
    }
}
