/**
 * Seed 004 replayed: VAS switch against process switch with the TLB refill after each, with and
 * without PCID; VAS create against fork; a segment: a dontneed in one VAS against a hole punch that
 * shoots down both; `model shared` (base) against `model rfc` (variant rfc): the duplication's "Ick".
 * Prices (R33, 2.4 GHz): full flush 96 cycles = 40 ns, walk ref 2.5 ns, VAS switch 468 ns,
 * context switch 1944 ns, VAS create 20,003 ns.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { runJson } from './run-example.js';

type Totals = Record<string, number>;
let runs: Record<string, Record<string, Totals>> = {};

beforeAll(() => {
    const r = runJson('examples/first-class-vas.mscn');
    expect(r.status).toBe(0);
    runs = r.totals;
});

describe('first-class-vas.mscn', () => {
    test('GIVEN 100 VAS round trips without PCID THEN 190,188 ns, every switch a flush and every touch a miss', () => {
        const t = runs.vas_switch.base;
        expect([t.vasSwitches, t.contextSwitches, t.cr3Writes, t.fullFlushes, t.tlbMisses, t.walkRefs]).toEqual([
            202, 1, 203, 203, 6496, 26234,
        ]);
        // 202 x 468 + 1 x 1944 + 203 x 40 + 26,234 x 2.5 + 20,003 (vas create)
        expect(t.estimatedTime).toBe(94536 + 1944 + 8120 + 65585 + 20003);
    });

    test('GIVEN PCID THEN the VAS round trips keep their entries: 2 flushes, 64 misses, 117,828 ns', () => {
        const t = runs.vas_switch.pcid;
        expect([t.fullFlushes, t.tlbMisses, t.walkRefs]).toEqual([2, 64, 506]);
        expect(t.estimatedTime).toBe(94536 + 1944 + 80 + 1265 + 20003);
    });

    test('GIVEN 100 process round trips THEN 466,033 ns without PCID and 394,033 ns with it', () => {
        const base = runs.process_switch.base;
        expect([base.contextSwitches, base.cr3Writes, base.fullFlushes, base.walkRefs]).toEqual([202, 202, 202, 26106]);
        expect(base.estimatedTime).toBe(202 * 1944 + 202 * 40 + 26106 * 2.5);
        expect(runs.process_switch.pcid.estimatedTime).toBe(202 * 1944 + 2 * 40 + 506 * 2.5);
    });

    test('GIVEN one round trip in steady state THEN VAS 1,656 ns against process 4,608 ns', () => {
        // Each loop iteration: 2 switches, 2 flushes, 64 walks of 4 refs (the refill).
        const vasTrip = 2 * 468 + 2 * 40 + 64 * 4 * 2.5;
        const procTrip = 2 * 1944 + 2 * 40 + 64 * 4 * 2.5;
        expect([vasTrip, procTrip]).toEqual([1656, 4608]);
        // Outside the loop: the VAS run's create, first switch, 2 VAS switches, 3 flushes and 634 refs
        // of first-touch walks; the process run's 2 switches, 2 flushes and 506 refs.
        expect(runs.vas_switch.base.estimatedTime).toBe(100 * vasTrip + 20003 + 1944 + 2 * 468 + 3 * 40 + 634 * 2.5);
        expect(runs.process_switch.base.estimatedTime).toBe(100 * procTrip + 2 * 1944 + 2 * 40 + 506 * 2.5);
    });

    test('GIVEN vas create and fork THEN one VAS create, one fork', () => {
        const t = runs.creation.base;
        expect([t.vasCreates, t.forks]).toEqual([1, 1]);
    });

    test('GIVEN a segment in two VASes WHEN one dontneeds it THEN that VAS only; WHEN it is hole-punched THEN both', () => {
        const t = runs.shared_segment.base;
        // dontneed in scratch: 16 local invlpg on CPU 0, no IPI; graph's thread then hits 16 times.
        // seg-zap: scratch holds no leaf any more (no request); graph: 16 invlpg on CPU 1, 1 IPI, 1 shootdown.
        // The 16 frames left the segment: graph's thread faults 16 new ones (16 + 16 frames in all), no stale hit.
        expect([t.invlpg, t.ipis, t.shootdowns, t.staleHits, t.tlbHits, t.framesAllocated]).toEqual([
            32, 1, 1, 0, 16, 32,
        ]);
        // model rfc: the same flushes (each thread's attachment maps what its VAS maps) plus one pgd per attachment.
        const rfc = runs.shared_segment.rfc;
        expect([rfc.invlpg, rfc.ipis, rfc.shootdowns, rfc.ptPagesAllocated - t.ptPagesAllocated]).toEqual([
            32, 1, 1, 2,
        ]);
    });

    test('GIVEN model shared THEN the duplication run costs the heap, the VAS and its data once', () => {
        const t = runs.duplication.base;
        // Setup: app's and other's pgds (2). The 8 MiB heap at TASK_UNMAPPED_BASE 0x2aaaaaaab000 (not 2 MiB
        // aligned): pud, pmd and 5 PTE tables, 2048 faults. scratch: pgd; its 1 MiB of data at 0x7f00_0000_0000:
        // pud, pmd, 1 PTE table, 256 faults. app[1] reads the same PTEs: no fault. 2 + 7 + 1 + 3 = 13.
        expect([t.ptPagesAllocated, t.pageFaults, t.framesAllocated, t.vasSyncs]).toEqual([13, 2304, 2304, 0]);
    });

    test('GIVEN model rfc THEN seed 004\'s "Ick" in figures: 3x the page tables, 256 more faults, 1 sync', () => {
        const base = runs.duplication.base;
        const t = runs.duplication.rfc;
        // Each attach: a pgd plus the heap's pud, pmd and 5 PTE tables (dup_page_range): 8, twice.
        // app[1]'s attachment faults the VAS's 256 pages itself: 256 faults, no frame, pud + pmd + PTE = 3.
        // The 64 KiB at home merges with the heap: the heap VMA changed, so the next switch syncs:
        // the old heap leaves the attachment (7 tables freed) and the grown one is copied (7 allocated).
        expect(t.ptPagesAllocated).toBe(base.ptPagesAllocated + 8 + 8 + 3 + 7);
        expect([t.ptPagesFreed, t.pageFaults - base.pageFaults, t.framesAllocated, t.vasSyncs]).toEqual([
            7, 256, 2304, 1,
        ]);
        // The faults' retry walks are the only priced part: 256 walks, 1,021 refs x 2.5 ns.
        expect([t.walks - base.walks, t.walkRefs - base.walkRefs]).toEqual([256, 1021]);
        expect(t.estimatedTime - base.estimatedTime).toBe(1021 * 2.5);
    });
});
