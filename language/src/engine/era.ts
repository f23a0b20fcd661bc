/**
 * Kernel eras (docs/model.md R62, R75): the defaults that differ between 2.4, 2.6 and 6.x, in one
 * table. The default era is 2.6 on every preset, so every figure of the other rules is unchanged.
 */
import type { Era } from './scenario.js';

export interface EraDefaults {
    /** sizeof(struct page): mem_map bytes per 4 KiB of RAM. */
    structPageBytes: number;
    /** THREAD_SIZE: lowmem kernel stack per task. */
    threadSizeBytes: number;
    /** The fixed cost of fork (R56): the one measurement, 4.10 in 2017, in every era. */
    forkNs: number;
    /**
     * `leave-mm`: a lazy CPU handles every flush of its borrowed mm with leave_mm (R15, 2.4 and 2.6).
     * `is-lazy`: 6.x flush_tlb_func skips lazy CPUs unless the request frees page tables (R75).
     */
    lazyTlb: 'leave-mm' | 'is-lazy';
}

const KIB = 1024;

/**
 * struct page: 2.4.2x i386 with HIGHMEM 48 B (list, mapping, index, next_hash, count, flags, lru,
 * pprev_hash, buffers, virtual); 2.6 i386 32 B; x86_64 56 B (2.4 and 2.6) and 64 B (6.x). THREAD_SIZE:
 * 8 KiB (2.4, 2.6), 16 KiB on 6.x x86_64 (since 3.15).
 */
export function eraDefaults(era: Era, is64: boolean): EraDefaults {
    const forkNs = 150491;
    switch (era) {
        case '2.4':
            return { structPageBytes: is64 ? 56 : 48, threadSizeBytes: 8 * KIB, forkNs, lazyTlb: 'leave-mm' };
        case '2.6':
            return { structPageBytes: is64 ? 56 : 32, threadSizeBytes: 8 * KIB, forkNs, lazyTlb: 'leave-mm' };
        case '6.x':
            return { structPageBytes: 64, threadSizeBytes: 16 * KIB, forkNs, lazyTlb: 'is-lazy' };
    }
}

/** The eras a machine may declare; `6.x` only on 64-bit presets (checked by the validator). */
export const ERAS: readonly Era[] = ['2.4', '2.6', '6.x'];
