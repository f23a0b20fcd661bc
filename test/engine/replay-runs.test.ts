/**
 * Page runs (engine/page-runs.ts), what `mscn replay`'s parse thread hands to the engine: the encoding of
 * records, and `runs` giving exactly the figures of the same records through `access` (docs/model.md
 * section 12), including a run cut by the budget, a run of segfaults and a run that needs a walk again.
 */
import { describe, expect, it } from 'vitest';
import { createMultiTraceReplay, createTraceReplay } from '../../language/src/engine/replay.js';
import { RUN_RANGE, RUN_WRITE, type PageRuns } from '../../language/src/engine/page-runs.js';
import type { MachineConfig } from '../../language/src/engine/scenario.js';
import { lackeyLines, parseRuns, type TraceRecord } from '../fixtures/lackey-runs.js';
import { machine, oneTlb } from './builders.js';

/** The records as the lackey parser encodes them: written as lackey lines, then parsed. */
function encode(records: readonly TraceRecord[]): PageRuns {
    return parseRuns([lackeyLines(records)]).runs;
}

/** The figures of `records` fed record by record, and fed as runs: they must be equal. */
function bothWays(config: MachineConfig, records: readonly TraceRecord[], budget?: number) {
    const direct = createTraceReplay(config, { budget });
    for (const [a, n, w] of records) direct.access(a, n, w);
    const runs = createTraceReplay(config, { budget });
    const w = encode(records);
    runs.runs(w.vpn, w.run, w.length);
    return { direct: direct.result(), runs: runs.result() };
}

describe('page runs (section 12)', () => {
    it('GIVEN records WHEN encoded THEN repeats of one page and kind merge; a record over two pages is a range', () => {
        const w = encode([
            [0x401000, 4, false], // page 0x401, read
            [0x401004, 4, false], // the same: count 2
            [0x401100, 8, false], // count 3
            [0x401200, 8, true], // a write: a new entry
            [0x401ffc, 8, true], // pages 0x401 and 0x402: a range of 2
            [0x402000, 0, false], // size 0 is one page; a range is never extended
        ]);
        expect(w.length).toBe(4);
        expect([...w.vpn.subarray(0, 4)]).toEqual([0x401, 0x401, 0x401, 0x402]);
        expect([...w.run.subarray(0, 4)]).toEqual([
            3 << 2,
            (1 << 2) | RUN_WRITE,
            (2 << 2) | RUN_RANGE | RUN_WRITE,
            1 << 2,
        ]);
    });

    it('GIVEN a page read 3 times then written twice WHEN replayed as runs THEN zero page, 2 hits, COW, 1 hit', () => {
        const records: TraceRecord[] = [
            [0x401000, 4, false],
            [0x401008, 4, false],
            [0x401010, 4, false],
            [0x401018, 8, true],
            [0x401020, 8, true],
        ];
        const { direct, runs } = bothWays(oneTlb(), records);
        // Read 1: miss, walk 1 ref (empty pgd), fault (pud + pmd + pte tables, zero page), retry 4: fill RO.
        // Reads 2-3: hits on that entry (the run's O(1) path). Write 1: the entry is read-only: miss, walk 4,
        // COW (a frame, a local invlpg), retry 4, fill RW. Write 2: a hit. Walks 4, refs 1 + 4 + 4 + 4.
        expect(runs.totals).toMatchObject({
            accesses: 5,
            tlbHits: 3,
            tlbMisses: 2,
            walks: 4,
            walkRefs: 13,
            pageFaults: 2,
            cowFaults: 1,
            framesAllocated: 1,
            invlpg: 1,
            ptPagesAllocated: 3,
        });
        expect(runs).toEqual(direct);
    });

    it('GIVEN a budget of 3 WHEN a run of 5 reads replays THEN it stops after the third, as record by record', () => {
        const records: TraceRecord[] = Array.from({ length: 5 }, (_, i): TraceRecord => [0x401000 + 8 * i, 8, false]);
        const { direct, runs } = bothWays(oneTlb(), records, 3);
        // 1 miss (with its fault) and 2 hits, then the budget: the last 2 accesses never happen.
        expect(runs.totals).toMatchObject({ accesses: 3, tlbHits: 2, tlbMisses: 1 });
        expect(runs.stopped?.reason).toBe('budget');
        expect(runs).toEqual(direct);
    });

    it('GIVEN a run above user space, no TLB, and a range THEN each access counts as record by record', () => {
        const records: TraceRecord[] = [
            [0xffffffff81000000, 8, false], // segfault x3: no entry to hit
            [0xffffffff81000000, 4, false],
            [0xffffffff81000000, 2, false],
            [0x401ff8, 16, true], // pages 0x401-0x402
            [0x402000, 4, false],
            [0x402004, 4, false],
        ];
        const { direct, runs } = bothWays(oneTlb(), records);
        expect(runs.totals).toMatchObject({ segfaults: 3, accesses: 4, tlbHits: 2, tlbMisses: 2 });
        expect(runs).toEqual(direct);
        // Without a TLB every access of a run walks: 0/1 is the same code path as the loop, not the hit path.
        const none = bothWays(machine({ tlb4k: { entries: 0, ways: 1 }, tlbLarge: { entries: 0, ways: 0 } }), records);
        expect(none.runs.totals).toMatchObject({ accesses: 4, tlbHits: 0, tlbMisses: 4 });
        expect(none.runs).toEqual(none.direct);
    });

    it('GIVEN two TLBs in one pass WHEN fed runs THEN each equals its own replay record by record', () => {
        const tiny = machine({ tlb4k: { entries: 1, ways: 1 }, tlbLarge: { entries: 0, ways: 0 } });
        const records: TraceRecord[] = [
            [0x401000, 4, false],
            [0x401004, 4, false],
            [0x602000, 8, true],
            [0x602008, 8, true],
            [0x401008, 4, false],
        ];
        const pass = createMultiTraceReplay([oneTlb(), tiny]);
        const w = encode(records);
        pass.runs(w.vpn, w.run, w.length);
        const results = pass.results();
        expect(results[0]).toEqual(bothWays(oneTlb(), records).direct);
        expect(results[1]).toEqual(bothWays(tiny, records).direct);
    });
});
