/**
 * An mm: its VMAs (sorted, non-overlapping, in 4 KiB page numbers), its page-table root, the CPUs
 * that may cache its entries (cpumask) and its flush generation (tlb_gen, R16). VMA placement:
 * first fit from TASK_UNMAPPED_BASE and vma_merge (R27).
 */
import type { PageTable } from './page-table.js';
import type { Notifier } from './notifier.js';
import type { KmapPool } from './kmap.js';
import { newCounterArray } from './counters.js';

export interface Vma {
    start: number;
    end: number;
    read: boolean;
    write: boolean;
    exec: boolean;
    shared: boolean;
    /** File backing, null for anonymous memory. */
    file: string | null;
    /** File page of `start`. */
    filePage: number;
    /** Page size of the mapping in 4 KiB pages (1, or a huge page size). */
    pages: number;
    /** anon_vma id, 0 until the first anonymous frame (R8). */
    anonVma: number;
    /** The id of the rfc VAS this VMA belongs to, in its mm and every attachment (R73 (4)). */
    vasId?: number;
}

/** An rfc attachment (R73): the VAS, the task (its key) and its own mm's VMAs as of the last sync. */
export interface Attachment {
    vas: Mm;
    task: string;
    synced: Vma[];
}

export class Mm {
    readonly vmas: Vma[] = [];
    readonly cpumask: Uint8Array;
    /** tlb_gen: advanced by every flush request (R16). */
    generation = 0;
    /** Tasks using the mm (threads); the mm is torn down when the last one exits or execs. */
    users = 0;
    readonly figs = newCounterArray();
    readonly notifiers: Notifier[] = [];
    dead = false;
    /** A first-class VAS (section 9): owned by no process, never torn down by an exit. */
    isVas = false;
    /** Processes that attached this VAS. */
    readonly attachedBy = new Set<string>();
    /** A per-mm UKVA window's kmap pool (section 8). */
    kmapPool: KmapPool | null = null;
    /**
     * R79: mms of one family may map one anonymous frame writable at once. An mm is its own family;
     * an rfc attachment (R55) is of its task's mm's family. Compare with `sameFamily`.
     */
    family: number;
    /** `model rfc` (R55, R73): on an attachment, the VAS and task it belongs to; null elsewhere. */
    attachment: Attachment | null = null;
    /** On an rfc VAS: its attachments' mms, in creation order. */
    readonly attachments: Mm[] = [];
    /** A per-mm UKVA window's own tables (R45, R46): freed at the mm's teardown. */
    readonly windowTables: PageTable[] = [];
    /** Counted among the kernel's windowed mms (attachWindow) until its teardown. */
    windowed = false;

    constructor(
        readonly id: number,
        readonly name: string,
        public root: PageTable,
        cpus: number,
    ) {
        this.cpumask = new Uint8Array(cpus);
        this.family = id;
    }

    /** Index of the VMA containing vpn, or -1. */
    findIndex(vpn: number): number {
        let lo = 0;
        let hi = this.vmas.length - 1;
        while (lo <= hi) {
            const mid = (lo + hi) >> 1;
            const v = this.vmas[mid];
            if (vpn < v.start) hi = mid - 1;
            else if (vpn >= v.end) lo = mid + 1;
            else return mid;
        }
        return -1;
    }

    find(vpn: number): Vma | undefined {
        const i = this.findIndex(vpn);
        return i >= 0 ? this.vmas[i] : undefined;
    }

    /** Index of the first VMA ending after vpn. */
    private firstEndingAfter(vpn: number): number {
        let lo = 0;
        let hi = this.vmas.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (this.vmas[mid].end <= vpn) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    overlaps(start: number, end: number): boolean {
        const i = this.firstEndingAfter(start);
        return i < this.vmas.length && this.vmas[i].start < end;
    }

    /** VMAs overlapping [start, end). */
    overlapping(start: number, end: number): Vma[] {
        const out: Vma[] = [];
        for (let i = this.firstEndingAfter(start); i < this.vmas.length && this.vmas[i].start < end; i++)
            out.push(this.vmas[i]);
        return out;
    }

    /** First fit bottom-up from `base` (R27): the lowest gap of `pages` below `top`, aligned to `align`. */
    firstFit(pages: number, base: number, top: number, align: number): number {
        let candidate = Math.ceil(base / align) * align;
        for (let i = this.firstEndingAfter(candidate); i <= this.vmas.length; i++) {
            const next = i < this.vmas.length ? this.vmas[i].start : top;
            if (candidate + pages <= next) return candidate + pages <= top ? candidate : -1;
            if (i < this.vmas.length) candidate = Math.ceil(Math.max(candidate, this.vmas[i].end) / align) * align;
        }
        return -1;
    }

    /** Splits the VMA containing vpn so that a VMA starts at vpn. */
    splitAt(vpn: number): void {
        const i = this.findIndex(vpn);
        if (i < 0 || this.vmas[i].start === vpn) return;
        const v = this.vmas[i];
        const tail: Vma = { ...v, start: vpn, filePage: v.filePage + (vpn - v.start) };
        v.end = vpn;
        this.vmas.splice(i + 1, 0, tail);
    }

    /** Removes [start, end) from the VMA list (split at both ends first); returns the removed parts. */
    remove(start: number, end: number): Vma[] {
        this.splitAt(start);
        this.splitAt(end);
        const i = this.firstEndingAfter(start);
        let j = i;
        while (j < this.vmas.length && this.vmas[j].start < end) j++;
        return this.vmas.splice(i, j - i);
    }

    /** Inserts a VMA into a free range, merging with compatible neighbours (vma_merge). */
    insert(vma: Vma): Vma {
        const i = this.firstEndingAfter(vma.start);
        this.vmas.splice(i, 0, vma);
        return this.vmas[this.mergeAround(i)];
    }

    /** Merges the VMA at index i with its neighbours where vma_merge would; returns its new index. */
    mergeAround(i: number): number {
        if (i + 1 < this.vmas.length && canMerge(this.vmas[i], this.vmas[i + 1])) {
            const v = this.vmas[i];
            v.anonVma = v.anonVma || this.vmas[i + 1].anonVma;
            v.end = this.vmas[i + 1].end;
            this.vmas.splice(i + 1, 1);
        }
        if (i > 0 && canMerge(this.vmas[i - 1], this.vmas[i])) {
            const prev = this.vmas[i - 1];
            prev.anonVma = prev.anonVma || this.vmas[i].anonVma;
            prev.end = this.vmas[i].end;
            this.vmas.splice(i, 1);
            return i - 1;
        }
        return i;
    }
}

/** R79: whether two mms are of one family (an rfc attachment and its task's mm; an mm and itself). */
export function sameFamily(a: Mm, b: Mm): boolean {
    return a.family === b.family;
}

/** vma_merge's test: adjacent, same protection, sharing, backing, page size, compatible anon_vma. */
export function canMerge(a: Vma, b: Vma): boolean {
    if (a.end !== b.start) return false;
    if (a.read !== b.read || a.write !== b.write || a.exec !== b.exec || a.shared !== b.shared) return false;
    if (a.file !== b.file || a.pages !== b.pages) return false;
    if (a.file !== null && a.filePage + (a.end - a.start) !== b.filePage) return false;
    return a.anonVma === 0 || b.anonVma === 0 || a.anonVma === b.anonVma;
}
