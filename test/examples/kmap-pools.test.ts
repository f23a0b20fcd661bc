/**
 * Seeds 001-002 replayed for kmap pools: the global kmap_lock of mainline against per-mm and per-task
 * pools on the 16-way NUMA-Q (examples/kmap-pools.mscn; docs/model.md R41, R42, R43, R67).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { runJson } from './run-example.js';

type Totals = Record<string, number>;
let v: Record<string, Totals> = {};

beforeAll(() => {
    const r = runJson('examples/kmap-pools.mscn');
    expect(r.status).toBe(0);
    v = r.totals.kmap_pools;
}, 60_000);

// Pages copied under kmap: 16 cold reads of 512 pages, 8 rounds of 16 x 4 hot pages, 8 rounds of web's 4 x 4.
const PAGES = 16 * 512 + 8 * 16 * 4 + 8 * 4 * 4;

describe('kmap-pools.mscn', () => {
    test('GIVEN mainline THEN kmap_lock is taken twice per page and bounces with every change of CPU', () => {
        expect(PAGES).toBe(8832);
        // 15 moves between the cold reads, 8 x 16 in the round robin (the first from CPU 15 to 0),
        // 8 x 4 among web's threads (the first again from CPU 15).
        expect([v.base.kmapLockAcquisitions, v.base.kmapLockBounces]).toEqual([2 * PAGES, 15 + 128 + 32]);
    });

    test('GIVEN mainline THEN 16 wraps of the 512-slot pool, each a global flush on 16 CPUs with 15 IPIs', () => {
        expect([v.base.kmapWrapFlushes, v.base.globalFlushes, v.base.ipis, v.base.shootdowns]).toEqual([
            16,
            16 * 16,
            16 * 15,
            16,
        ]);
    });

    test("GIVEN a per-mm pool THEN as many acquisitions, but only web's threads bounce its lock; wraps flush one CPU", () => {
        const t = v.per_mm;
        // web's first acquisition has no previous holder: 8 x 4 - 1.
        expect([t.kmapLockAcquisitions, t.kmapLockBounces]).toEqual([2 * PAGES, 31]);
        // One wrap per server (512 fresh pages), a full flush request on a 1-CPU cpumask.
        expect([t.kmapWrapFlushes, t.globalFlushes, t.ipis, t.fullFlushes - v.base.fullFlushes]).toEqual([
            16, 0, 0, 16,
        ]);
    });

    test('GIVEN a per-task pool THEN no lock at all, the same local wraps, a pgd and a kernel PMD per task more', () => {
        const t = v.per_task;
        expect([t.kmapLockAcquisitions, t.kmapLockBounces, t.kmapWrapFlushes, t.ipis]).toEqual([0, 0, 16, 0]);
        // 16 servers + web's 4 threads = 20 tasks: a kernel PMD copy each (PAE), a pgd for web's threads
        // 1-3 (thread 0 keeps the mm's, R47) and a window table each instead of one per mm (20 - 17, R45).
        expect([v.per_mm.ptPagesAllocated, t.ptPagesAllocated - v.per_mm.ptPagesAllocated]).toEqual([118, 20 + 3 + 3]);
        expect(t.estimatedTime).toBeLessThan(v.base.estimatedTime / 3);
    });
});
