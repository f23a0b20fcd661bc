import { describe, it, expect } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import { Tlb } from '../../language/src/engine/tlb.js';
import { Scenario, PAGE } from './builders.js';
import { figuresOf, expectInvariants } from './helpers.js';

/** vpn 0x10000 is even: page pN has set N mod 2 in a 2-set TLB. */
const BASE = 0x10000000n;
const p = (n: number) => BASE + BigInt(n) * PAGE;

describe('a 4-entry 2-way TLB (2 sets, LRU within a set)', () => {
    function scenario() {
        const s = new Scenario({ tlb4k: { entries: 4, ways: 2 } }).process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, 16n * PAGE);
        const fill = s.write('a', p(0), 8n * PAGE);
        const reads = [4, 6, 0, 4, 5, 1, 7, 1, 3, 0, 2, 0].map(n => s.read('a', p(n)));
        return { result: runScenario(s.build()), fill, reads };
    }

    it('GIVEN 8 pages written in order WHEN each write faults THEN sets keep the last two of each parity', () => {
        const { result, fill } = scenario();
        // 8 misses; each: walk, fault, retry walk, fill. The first walk reads only the empty pgd entry
        // (1 ref) and the fault allocates pud+pmd+pte; the 15 other walks read 4 entries: 1 + 15*4 = 61.
        // Set 0 gets p0 p2 p4 p6 (p4 evicts p0, p6 evicts p2), set 1 likewise: 4 evictions.
        expect(figuresOf(result, fill)).toEqual({
            accesses: 8,
            tlbMisses: 8,
            walks: 16,
            walkRefs: 61,
            pageFaults: 8,
            framesAllocated: 8,
            tlbEvictions: 4,
            ptPagesAllocated: 3,
            lowmemPages: 3,
        });
    });

    it('GIVEN sets {p4,p6} {p5,p7} WHEN a dozen reads run THEN hits, misses and LRU evictions are exact', () => {
        const { result, reads } = scenario();
        // set0 {p4,p6}: p4 hit, p6 hit (p4 now LRU), p0 miss evicts p4, p4 miss evicts p6 -> {p0,p4}
        // set1 {p5,p7}: p5 hit (p7 LRU), p1 miss evicts p7, p7 miss evicts p5, p1 hit, p3 miss evicts p7 -> {p1,p3}
        // set0: p0 hit (p4 LRU), p2 miss evicts p4, p0 hit.
        const hit = { accesses: 1, tlbHits: 1 };
        const miss = { accesses: 1, tlbMisses: 1, walks: 1, walkRefs: 4, tlbEvictions: 1 };
        const expected = [hit, hit, miss, miss, hit, miss, miss, hit, miss, hit, miss, hit];
        expect(reads.map(id => figuresOf(result, id))).toEqual(expected);
        // Totals: 20 accesses, 6 hits, 14 misses, 22 walks, 61 + 6*4 = 85 refs, 4 + 6 = 10 evictions.
        expect(result.totals).toMatchObject({
            accesses: 20,
            tlbHits: 6,
            tlbMisses: 14,
            walks: 22,
            walkRefs: 85,
            tlbEvictions: 10,
        });
        expectInvariants(result);
    });

    it('GIVEN a read-only entry WHEN the page is written THEN the lookup is a miss and the refill replaces it in place (R2, R3)', () => {
        const s = new Scenario({ tlb4k: { entries: 4, ways: 2 } }).process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, 16n * PAGE);
        s.read('a', p(0)); // zero page, read-only entry
        const w = s.write('a', p(0));
        const result = runScenario(s.build());
        // Miss (entry is read-only), walk 4, fault: zero page -> COW: frame, cowFault, flush 1 page local
        // (invlpg 1, drops the read-only entry), retry walk 4, fill into the freed way: no eviction.
        expect(figuresOf(result, w)).toEqual({
            accesses: 1,
            tlbMisses: 1,
            walks: 2,
            walkRefs: 8,
            pageFaults: 1,
            cowFaults: 1,
            framesAllocated: 1,
            invlpg: 1,
            tlbEntriesDropped: 1,
        });
    });
});

describe('TLB structure', () => {
    it('GIVEN a TLB of 0 entries WHEN filled THEN it caches nothing (R2)', () => {
        const tlb = new Tlb(0, 4);
        expect(tlb.fill(5, 1, 0, false, true, 9, null, 0, 0)).toBe(0);
        expect(tlb.find(5, 1, 0)).toBe(-1);
    });

    it('GIVEN a large entry WHEN a 2 MiB page is looked up THEN its set is (va >> 21) mod sets (R1)', () => {
        const tlb = new Tlb(8, 2); // 4 sets
        tlb.fill(3 * 512, 512, 0, false, true, 1, null, 0, 0);
        expect(tlb.setOf(3 * 512 + 17, 512)).toBe(3);
        expect(tlb.find(3 * 512 + 17, 512, 0)).toBe(3 * 2);
        expect(tlb.find(3 * 512 + 17, 512, 1)).toBe(-1); // another ASID
    });
});
