/**
 * Seed 004 replayed: VAS switch against process switch with the TLB refill after each, with and
 * without PCID; VAS create against fork; a segment whose discard shoots down both VASes.
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
        expect([t.vasSwitches, t.contextSwitches, t.cr3Writes, t.fullFlushes, t.tlbMisses, t.walkRefs])
            .toEqual([202, 1, 203, 203, 6496, 26234]);
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

    test('GIVEN a segment in two VASes WHEN discarded THEN 16 invlpg on each CPU, 1 IPI, 1 shootdown, no stale hit', () => {
        const t = runs.shared_segment.base;
        expect([t.invlpg, t.ipis, t.shootdowns, t.staleHits]).toEqual([32, 1, 1, 0]);
    });
});
