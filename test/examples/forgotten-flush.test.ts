/**
 * examples/forgotten-flush.mscn: a munmap whose shootdown is "batched" (forgotten) leaves CPU 1 with
 * 16 stale entries; the fixed design proves `expect staleHits == 0` (docs/model.md R40, R66).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { mscn, runJson } from './run-example.js';

type Totals = Record<string, number>;
let runs: Record<string, Record<string, Totals>> = {};

beforeAll(() => {
    const r = runJson('examples/forgotten-flush.mscn');
    expect(r.status).toBe(0);
    runs = r.totals;
});

describe('forgotten-flush.mscn', () => {
    test('GIVEN munmap noflush WHEN CPU 1 reads the remapped range THEN 16 stale hits, no invlpg, no IPI', () => {
        const t = runs.batched.base;
        // 64 KiB = 16 pages. CPU 1 wrote them (16 entries cached); munmap cleared the PTEs and freed the
        // PTE, PMD and PUD tables (3) without a request; CPU 0's 16 write faults gave new frames 17-32;
        // CPU 1's 16 reads hit the old entries (frames 1-16): each a stale hit (R5: the frame differs).
        expect([t.staleHits, t.tlbHits, t.invlpg ?? 0, t.ipis ?? 0, t.ptPagesFreed, t.framesAllocated]).toEqual([
            16, 16, 0, 0, 3, 32,
        ]);
    });

    test('GIVEN the flush WHEN CPU 1 reads THEN 16 invlpg per CPU, one IPI, 16 misses and no stale hit', () => {
        const t = runs.fixed.base;
        // 16 pages <= the 33-page ceiling: 16 invlpg on CPU 0 and 16 on CPU 1 (by IPI), CPU 1's 16 entries dropped.
        expect([t.staleHits ?? 0, t.invlpg, t.ipis, t.shootdowns, t.tlbEntriesDropped]).toEqual([0, 32, 1, 1, 16]);
    });

    test('GIVEN mscn check THEN the stale hits are one finding on the read, with CPU, address, entry and fresh walk', () => {
        expect(mscn(['check', 'examples/forgotten-flush.mscn']).stdout).toBe(
            'examples/forgotten-flush.mscn:23:5: info: as expected: stale TLB hit (16 in all): cpu 1, ' +
                'address 0x2aaaaaaab000:' +
                (' the TLB entry no longer matches the page table (entry 4k TLB set 11 way 0, frame 1; ' +
                    'fresh walk frame 17)\n'),
        );
    });
});
