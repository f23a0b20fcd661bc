/**
 * Figures in the few words an inlay hint or a code lens has room for: `2 flush · 1 IPI · 16 GRU inv
 * · 3 faults`. Only non-zero figures, in the order the user chose (settings.ts), the most telling first.
 */
import type { FigureName } from '../../language/src/engine/figures.js';
import type { Figures } from '../../language/src/engine/index.js';
import { TIME_FIGURES } from '../../language/src/engine/figures.js';
import { formatCount, formatNs } from '../../language/src/report/format-numbers.js';

type Words = readonly [singular: string, plural: string];

/** Every figure's words: a Record over FigureName, so that a new figure cannot reach the screen as its raw name. */
const WORDS: Record<Exclude<FigureName, 'estimatedTime'>, Words> = {
    accesses: ['access', 'accesses'],
    tlbHits: ['hit', 'hits'],
    tlbMisses: ['miss', 'misses'],
    staleHits: ['stale hit', 'stale hits'],
    walks: ['walk', 'walks'],
    walkRefs: ['walk ref', 'walk refs'],
    tlbEvictions: ['eviction', 'evictions'],
    tlbEntriesDropped: ['entry dropped', 'entries dropped'],
    pageFaults: ['fault', 'faults'],
    segfaults: ['segfault', 'segfaults'],
    cowFaults: ['COW', 'COW'],
    framesAllocated: ['frame', 'frames'],
    ptPagesAllocated: ['PT page', 'PT pages'],
    ptPagesFreed: ['PT page freed', 'PT pages freed'],
    contextSwitches: ['switch', 'switches'],
    cr3Writes: ['CR3', 'CR3'],
    invlpg: ['invlpg', 'invlpg'],
    fullFlushes: ['flush', 'flush'],
    globalFlushes: ['global flush', 'global flush'],
    ipis: ['IPI', 'IPIs'],
    shootdowns: ['shootdown', 'shootdowns'],
    kmapAtomic: ['kmap_atomic', 'kmap_atomic'],
    kmapLowmem: ['lowmem kmap', 'lowmem kmaps'],
    kmapSleeps: ['kmap sleep', 'kmap sleeps'],
    kmapWrapFlushes: ['kmap wrap', 'kmap wraps'],
    kmapLockAcquisitions: ['kmap lock', 'kmap locks'],
    kmapLockBounces: ['lock bounce', 'lock bounces'],
    pgdSyncs: ['pgd sync', 'pgd syncs'],
    lowmemExhausted: ['page past lowmem', 'pages past lowmem'],
    ptLowmemBytes: ['B of lowmem PT', 'B of lowmem PT'],
    ptHighmemBytes: ['B of highmem PT', 'B of highmem PT'],
    ptLowmemPeakBytes: ['B lowmem PT peak', 'B lowmem PT peak'],
    ptKernelVaBytes: ['B of kernel VA for PT', 'B of kernel VA for PT'],
    lowmemPages: ['lowmem PT page', 'lowmem PT pages'],
    secondaryFlushes: ['flush', 'flush'],
    secondaryPagesInvalidated: ['inv', 'inv'],
    calloutsInvalidatePage: ['inv_page', 'inv_page'],
    calloutsRangeStart: ['range_start', 'range_start'],
    calloutsRangeEnd: ['range_end', 'range_end'],
    calloutsRelease: ['release', 'release'],
    forks: ['fork', 'forks'],
    syscalls: ['syscall', 'syscalls'],
    vasSwitches: ['VAS switch', 'VAS switches'],
    vasCreates: ['VAS', 'VASes'],
    vasSyncs: ['VAS sync', 'VAS syncs'],
    secondaryPagesScanned: ['lookup', 'lookups'],
    sleepsInAtomic: ['sleep in atomic', 'sleeps in atomic'],
};

const SECONDARY = new Set<FigureName>(['secondaryFlushes', 'secondaryPagesInvalidated', 'secondaryPagesScanned']);

/**
 * `2 flush`, `1 IPI`, `16 GRU inv` (the secondary figures carry the notifier's name when the run has
 * exactly one), `1.5 µs` for a time.
 */
export function figureLabel(figure: FigureName, value: number, notifiers: readonly string[] = []): string {
    if (TIME_FIGURES.has(figure)) return formatNs(value);
    const words = WORDS[figure as keyof typeof WORDS];
    const word = value === 1 ? words[0] : words[1];
    // secondary figures name their one notifier (`16 GRU inv`), else say `secondary` once (`256 secondary flush`)
    const owner = SECONDARY.has(figure) ? `${notifiers.length === 1 ? notifiers[0].toUpperCase() : 'secondary'} ` : '';
    return `${formatCount(value)} ${owner}${word}`;
}

/** The chosen figures that are non-zero, joined by ` · `; empty when nothing changed. */
export function figuresLine(
    figures: Partial<Figures>,
    chosen: readonly FigureName[],
    notifiers: readonly string[] = [],
): string {
    return chosen
        .filter(f => (figures[f] ?? 0) !== 0)
        .map(f => figureLabel(f, figures[f]!, notifiers))
        .join(' · ');
}
