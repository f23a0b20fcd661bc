import { describe, it, expect } from 'vitest';
import { createTraceReplay, runScenario } from '../../language/src/engine/index.js';
import { createMultiTraceReplay } from '../../language/src/engine/replay.js';
import { Scenario, machine, oneTlb } from './builders.js';
import { expectInvariants } from './helpers.js';

describe('trace replay (section 12)', () => {
    it('GIVEN a fresh replay WHEN a page is read then written THEN zero page, then COW with a local invlpg', () => {
        const r = createTraceReplay(oneTlb());
        r.access(0x401000, 4, false);
        r.access(0x401008, 8, true);
        const t = r.result().totals;
        // Read: miss, walk 1 (empty pgd), fault (pud+pmd+pte, zero page), retry 4 = 2 walks, 5 refs.
        // Write: read-only entry: miss, walk 4, COW fault (frame, invlpg), retry 4.
        expect(t).toMatchObject({
            accesses: 2,
            tlbHits: 0,
            tlbMisses: 2,
            walks: 4,
            walkRefs: 13,
            pageFaults: 2,
            cowFaults: 1,
            framesAllocated: 1,
            invlpg: 1,
            ptPagesAllocated: 3,
            cr3Writes: 0,
            contextSwitches: 0,
            segfaults: 0,
        });
    });

    it('GIVEN a record crossing a page boundary THEN one access per page in address order; size 0 counts as 1', () => {
        const r = createTraceReplay(oneTlb());
        r.access(0x401ffc, 8, true); // pages 0x401 and 0x402
        r.access(0x402000, 0, false); // hit
        expect(r.result().totals).toMatchObject({ accesses: 3, tlbHits: 1, framesAllocated: 2, pageFaults: 2 });
    });

    it('GIVEN an address above user space THEN segfaults +1 and nothing else', () => {
        const r = createTraceReplay(oneTlb());
        r.access(0xffffffff81000000, 8, false);
        expect(r.result().totals).toMatchObject({ accesses: 0, segfaults: 1, tlbMisses: 0, walks: 0, pageFaults: 0 });
    });

    it('GIVEN a budget WHEN exceeded THEN result() says so and keeps the figures', () => {
        const r = createTraceReplay(oneTlb(), { budget: 3 });
        for (let i = 0; i < 10; i++) r.access(0x400000 + i * 4096, 1, true);
        const res = r.result();
        expect(res.stopped?.reason).toBe('budget');
        expect(res.totals.accesses).toBe(3);
    });

    it('GIVEN a scenario replay op WHEN the trace is streamed in chunks THEN the same figures as direct replay', () => {
        const text = '==1== banner\nI  00401000,3\n L 00401008,8\n S 7ff000010,8\n M 7ff000010,4\n';
        const bytes = new TextEncoder().encode(text);
        const s = new Scenario({ tlb4k: { entries: 4, ways: 2 }, tlbLarge: { entries: 0, ways: 0 } }).process('a');
        s.switch(0, 'a');
        const id = s.op({ kind: 'replay', task: { name: 'a', thread: 0 }, path: 'trace.lackey' });
        const result = runScenario(s.build(), { openTrace: () => [bytes.subarray(0, 20), bytes.subarray(20)] });
        const direct = createTraceReplay(oneTlb());
        direct.access(0x401000, 3, false);
        direct.access(0x401008, 8, false);
        direct.access(0x7ff000010, 8, true);
        direct.access(0x7ff000010, 4, true);
        const { estimatedTime: _t, ...want } = direct.result().totals;
        const got = result.statements.find(x => x.id === id)!.figures; // every figure, the byte gauges included
        for (const [name, value] of Object.entries(want))
            expect([name, got[name as keyof typeof got] ?? 0]).toEqual([name, value]);
        expectInvariants(result);
    });

    it('GIVEN two TLBs fed in one pass THEN each gets the figures of its own replay', () => {
        const tiny = machine({ tlb4k: { entries: 1, ways: 1 }, tlbLarge: { entries: 0, ways: 0 } });
        const records: [number, number, boolean][] = [
            [0x401000, 4, false],
            [0x602000, 8, true],
            [0x401004, 4, false],
            [0x602008, 8, true],
        ];
        const pass = createMultiTraceReplay([oneTlb(), tiny]);
        for (const [a, n, w] of records) pass.access(a, n, w);
        const [two, one] = pass.results().map(r => r.totals);
        // 4/2 (2 sets): 0x401 (set 1) and 0x602 (set 0) both stay: 2 misses with faults, then 2 hits.
        // Walks: 0x401 1 + 4 (empty pgd, then the retry); 0x602 3 (pmd entry empty: another 2 MiB) + 4.
        expect(two).toMatchObject({
            accesses: 4,
            tlbHits: 2,
            tlbMisses: 2,
            walks: 4,
            walkRefs: 12,
            pageFaults: 2,
            tlbEvictions: 0,
        });
        // 1/1: each page evicts the other: 4 misses; the last two walk 4 refs each and fault no more.
        expect(one).toMatchObject({
            accesses: 4,
            tlbHits: 0,
            tlbMisses: 4,
            walks: 6,
            walkRefs: 20,
            pageFaults: 2,
            tlbEvictions: 3,
        });
        for (const [config, totals] of [
            [oneTlb(), two],
            [tiny, one],
        ] as const) {
            const alone = createTraceReplay(config);
            for (const [a, n, w] of records) alone.access(a, n, w);
            expect(totals).toEqual(alone.result().totals);
        }
    });

    it('GIVEN a replay op without a trace opener THEN an error event', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.op({ kind: 'replay', task: { name: 'a', thread: 0 }, path: 't.lackey' });
        expect(runScenario(s.build()).errors.map(e => e.message)).toEqual([
            'replay: cannot open t.lackey: no trace opener was given to the engine',
        ]);
    });
});
