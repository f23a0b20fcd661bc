/**
 * Zapping leaves and freeing tables: zap_pte_range / unmap_page_range and free_pgtables of
 * mm/memory.c (R11, R21). Walks tables, never page by page, so 4 million pages unmap quickly.
 */
import type { Kernel } from './kernel.js';
import type { Cpu } from './cpu.js';
import type { Mm } from './mm.js';
import { PTE_PRESENT, PTE_SWAP, PTE_PROTNONE, forEachTableDeepestFirst, type PageTable } from './page-table.js';
import type { Gather } from './flush.js';
import { visitPteTable } from './kernel-entry.js';
import { pgdEntryChanged } from './ukva.js';

function slotRange(t: PageTable, start: number, end: number): [number, number] {
    const first = Math.max(0, Math.floor((start - t.baseVpn) / t.spanPages));
    const last = Math.min(t.entries - 1, Math.floor((end - 1 - t.baseVpn) / t.spanPages));
    return [first, last];
}

function zapLeaves(k: Kernel, t: PageTable, first: number, last: number, g: Gather): void {
    const flags = t.flags!;
    const frames = t.frame!;
    for (let i = first; i <= last; i++) {
        const f = flags[i];
        if (f === 0) continue;
        // docs/model.md R35: a PROT_NONE PTE is present to the kernel (x86 pte_present tests
        // _PAGE_PROTNONE too): it widens the flush span like any present leaf.
        if ((f & (PTE_PRESENT | PTE_PROTNONE)) !== 0) {
            g.add(t.baseVpn + i * t.spanPages, t.spanPages);
            k.frames.unmap(frames[i]);
        } else if ((f & PTE_SWAP) !== 0) k.frames.swapRef(frames[i], -1);
        t.clearLeaf(i);
    }
}

/**
 * zap_pmd_range maps every present pmd's PTE table, leaves or not (docs/model.md R36): an existing
 * PTE table is visited even when empty; an empty upper table has nothing below it.
 */
function zapTable(
    k: Kernel,
    cpu: Cpu,
    mm: Mm,
    t: PageTable,
    start: number,
    end: number,
    g: Gather,
    own: boolean,
): void {
    const isPte = t.level === k.geometry.leafLevel;
    if (t.used === 0 && !isPte) return;
    const [first, last] = slotRange(t, start, end);
    if (t.flags) {
        if (isPte) visitPteTable(k, cpu, mm, t, own);
        const before = g.cleared;
        if (t.used > 0) zapLeaves(k, t, first, last, g);
        if (t.level === 0 && g.cleared > before) pgdEntryChanged(k, mm, cpu.index, g.cleared - before); // R69
    }
    const children = t.children;
    if (!children) return;
    for (let i = first; i <= last; i++) {
        const child = children[i];
        if (child) zapTable(k, cpu, mm, child, start, end, g, own);
    }
}

/** Clears every leaf in [start, end) of mm, gathering the span of present ones into g. */
export function zapRange(k: Kernel, cpu: Cpu, mm: Mm, start: number, end: number, g: Gather, ownContext = true): void {
    if (end > start) zapTable(k, cpu, mm, mm.root, start, end, g, ownContext);
}

/** PAE's preallocated user PMDs stay for the mm's lifetime (R21). */
function isPreallocated(k: Kernel, t: PageTable): boolean {
    return k.geometry.topIsPdpt && t.level === 1;
}

function freeSubtree(k: Kernel, mm: Mm, t: PageTable, cpu: number): void {
    forEachTableDeepestFirst(t, table => k.freeTable(table, mm, cpu));
}

/** Frees the tables below t overlapping [start, end) and no VMA, counting them in `freed`. */
function freeBelow(k: Kernel, mm: Mm, t: PageTable, start: number, end: number, cpu: number, freed: FreedTables): void {
    const children = t.children;
    if (!children || t.used === 0) return;
    const [first, last] = slotRange(t, start, end);
    for (let i = first; i <= last; i++) {
        const child = children[i];
        if (!child) continue;
        freeBelow(k, mm, child, start, end, cpu, freed);
        const spanStart = t.baseVpn + i * t.spanPages;
        if (isPreallocated(k, child) || mm.overlaps(spanStart, spanStart + t.spanPages)) continue;
        freeSubtree(k, mm, child, cpu);
        t.removeChild(i);
        freed.tables++;
        if (t.level === 0) pgdEntryChanged(k, mm, cpu); // R69: free_pgtables clears a pgd entry
        if (child.level === k.geometry.leafLevel) freed.pteTables++;
    }
}

export interface FreedTables {
    /** Subtrees freed below the pgd (each counted once, with whatever lay below it). */
    tables: number;
    /** Of those, PTE tables freed directly. */
    pteTables: number;
}

/**
 * free_pgtables (R21): tables below the pgd overlapping [start, end) and no VMA, deepest first.
 * Returns the subtrees freed (6.x's flush_tlb_info.freed_tables, R75) and the PTE tables among them
 * (R87: each one's UKVA window slot joins munmap's flush).
 */
export function freePgtables(k: Kernel, mm: Mm, start: number, end: number, cpu: number): FreedTables {
    const freed = { tables: 0, pteTables: 0 };
    if (end > start) freeBelow(k, mm, mm.root, start, end, cpu, freed);
    return freed;
}

/** Exit frees every table, the pgd and PAE's PMDs included (R13). */
export function freeAllTables(k: Kernel, mm: Mm, cpu: number): void {
    freeSubtree(k, mm, mm.root, cpu);
}
