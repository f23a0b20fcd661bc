/**
 * Every figure the engine counts, with the names of docs/model.md sections 4-9 and 11. These names
 * are the keys of the JSON report, the words of `expect` lines and the labels on screen.
 */

export const FIGURES = {
    // section 4: TLB and walks
    accesses: 'page accesses (read, write, touch, replay), one per page',
    tlbHits: 'TLB lookups that hit',
    tlbMisses: 'TLB lookups that missed (a write through a read-only entry included)',
    staleHits: 'hits on an entry that no longer matches the page table: coherence violations',
    walks: 'page-table walks (misses plus the retry after each handled fault)',
    walkRefs: 'paging-structure entries read by walks (R4)',
    tlbEvictions: 'entries evicted from a full set by a fill',
    tlbEntriesDropped: 'valid entries removed by flushes (never evictions)',
    pageFaults: 'page faults, handled or not',
    segfaults: 'faults outside every VMA or against its protection',
    cowFaults: 'write faults that copied a page (R7)',
    framesAllocated: 'page frames allocated for user pages',
    ptPagesAllocated: 'page-table pages allocated (all levels; qualify with `level pte`)',
    ptPagesFreed: 'page-table pages freed (all levels; qualify with `level pte`)',
    // section 5-6: switches, flushes, shootdowns
    contextSwitches: 'context switches (R14)',
    cr3Writes: 'page-table root changes (R19)',
    invlpg: 'single-page flush instructions',
    fullFlushes: 'full flushes of a CPU or an ASID, including a CR3 write without PCID',
    globalFlushes: 'flushes that drop global entries too (PGE toggle)',
    ipis: 'flush IPIs sent to other CPUs',
    shootdowns: 'flush requests that sent at least one IPI',
    // section 3, 8, 9: kmap and UKVA
    kmapAtomic: 'kmap_atomic mappings (each with a local invlpg)',
    kmapLowmem: 'kmap of a lowmem frame (free)',
    kmapWrapFlushes: 'persistent-kmap pool wraps that flushed (R31)',
    kmapSleeps: 'kmap calls that found no free slot and would sleep',
    kmapLockAcquisitions: "acquisitions of a kmap pool lock: the global kmap_lock or a per-mm pool's (R41)",
    kmapLockBounces: "kmap lock acquisitions by another CPU than the lock's previous acquirer (R67)",
    lowmemPages: 'lowmem frames in use by page tables at the end',
    pgdSyncs: 'user pgd entries copied to the other pgds of a per-task UKVA mm on non-PAE i386 (R47, R69)',
    lowmemExhausted: 'pages allocated past the lowmem limit: tables and kernel stacks (R70)',
    ptLowmemBytes: 'bytes of page tables in lowmem (a gauge: the totals are the final value, R86)',
    ptHighmemBytes: 'bytes of page tables in highmem (a gauge, R86)',
    ptLowmemPeakBytes: 'the most bytes of page tables in lowmem at any moment (R86)',
    ptKernelVaBytes: "kernel virtual space used for page tables: lowmem tables + the UKVA window's table part (R51)",
    // section 9: first-class VAS
    vasSwitches: 'VAS switches without the scheduler',
    vasCreates: 'first-class VASes created',
    vasSyncs: "model rfc: VAS switches that re-synced the task's changed VMAs into its attachment (R73)",
    forks: 'forks',
    syscalls: 'system calls',
    // section 7: MMU notifiers (qualify with a notifier's name)
    calloutsInvalidatePage: 'invalidate_page callouts',
    calloutsRangeStart: 'invalidate_range_start callouts (and #v6 invalidate_pages chunks)',
    calloutsRangeEnd: 'invalidate_range_end callouts',
    calloutsRelease: 'release callouts',
    secondaryFlushes: 'flush instructions issued to secondary TLBs',
    secondaryPagesInvalidated: 'pages invalidated in secondary TLBs',
    secondaryPagesScanned: 'pages a per-page secondary looked up in its callouts, holes included (R52)',
    sleepsInAtomic: 'callouts from atomic context to a notifier that sleeps: error events (R53)',
    // section 11
    estimatedTime: 'estimated time in ns: the sum of count x cost over all events',
} as const;

export type FigureName = keyof typeof FIGURES;

export const FIGURE_NAMES = Object.keys(FIGURES) as FigureName[];

export function isFigureName(name: string): name is FigureName {
    return Object.prototype.hasOwnProperty.call(FIGURES, name);
}

/** Figures that are measured in time and compared with time units (`expect estimatedTime < 2 ms`). */
export const TIME_FIGURES: ReadonlySet<FigureName> = new Set<FigureName>(['estimatedTime']);

/** Figures that belong to one notifier and may be qualified with its name. */
export const NOTIFIER_FIGURES: ReadonlySet<FigureName> = new Set<FigureName>([
    'calloutsInvalidatePage',
    'calloutsRangeStart',
    'calloutsRangeEnd',
    'calloutsRelease',
    'secondaryFlushes',
    'secondaryPagesInvalidated',
    'secondaryPagesScanned',
    'sleepsInAtomic',
]);

/** Page-table levels that `level NAME` may qualify, top to leaf (la57 has them all). */
export const LEVEL_NAMES = ['pgd', 'p4d', 'pud', 'pmd', 'pte'] as const;
export type LevelName = (typeof LEVEL_NAMES)[number];

/**
 * Gauges: figures that go down as well as up (a table freed, bytes released). None may ever be
 * negative (invariants.ts). Listed by name; a name that is not (yet) a figure is left out.
 */
export const GAUGE_FIGURES: readonly FigureName[] = (
    ['lowmemPages', 'ptLowmemBytes', 'ptHighmemBytes', 'ptLowmemPeakBytes', 'ptKernelVaBytes'] as string[]
).filter(isFigureName);
