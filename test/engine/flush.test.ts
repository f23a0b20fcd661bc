import { describe, it, expect } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import { Scenario, PAGE } from './builders.js';
import { figuresOf, expectInvariants } from './helpers.js';

const BASE = 0x10000000n;

/** Process a with 3 threads current on CPUs 0-2; a.0 wrote 34 pages of a 64-page VMA. */
function threeCpus(overrides: ConstructorParameters<typeof Scenario>[0] = {}) {
    const s = new Scenario({ cpus: 3, ...overrides }).process('a', 3);
    s.switch(0, 'a.0');
    s.switch(1, 'a.1');
    s.switch(2, 'a.2');
    s.mmap('a', BASE, 64n * PAGE);
    s.write('a', BASE, 34n * PAGE);
    return s;
}

describe('flush requests and shootdowns (section 6, R11, R12, R17, R18)', () => {
    it('GIVEN the mm on 3 CPUs WHEN 33 pages are unmapped THEN each CPU does 33 invlpg and 2 IPIs are sent', () => {
        const s = threeCpus();
        const id = s.munmap('a', BASE, 33n * PAGE);
        const result = runScenario(s.build());
        // n = 33 <= ceiling 33: 3 CPUs x 33 invlpg = 99; IPIs to CPUs 1 and 2; one shootdown.
        // Only CPU 0 cached the 33 pages (64-entry 4-way TLB holds all 34): 33 entries dropped.
        // The PTE table still covers the rest of the VMA: nothing freed.
        expect(figuresOf(result, id)).toEqual({ invlpg: 99, ipis: 2, shootdowns: 1, tlbEntriesDropped: 33 });
        expect(result.perCpu.map(c => [c.invlpg, c.ipis])).toEqual([
            [33, 0],
            [33, 1],
            [33, 1],
        ]);
        expectInvariants(result);
    });

    it('GIVEN the mm on 3 CPUs WHEN 34 pages are unmapped THEN each CPU does a full flush', () => {
        const s = threeCpus();
        const id = s.munmap('a', BASE, 34n * PAGE);
        const result = runScenario(s.build());
        // n = 34 > 33: 3 full flushes; CPU 0 drops all 34 of its non-global entries.
        expect(figuresOf(result, id)).toEqual({ fullFlushes: 3, ipis: 2, shootdowns: 1, tlbEntriesDropped: 34 });
    });

    it('GIVEN a munmap over holes WHEN only two far-apart pages are present THEN n spans from the lowest to the highest (R11)', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, 64n * PAGE);
        s.write('a', BASE);
        s.write('a', BASE + 9n * PAGE);
        const id = s.munmap('a', BASE, 64n * PAGE);
        const result = runScenario(s.build());
        // n = 9 + 1 - 0 = 10 pages: 10 invlpg on the only CPU; 2 entries dropped; no IPI.
        // The VMA is gone: pte, pmd and pud tables are freed (R21), the pgd stays.
        expect(figuresOf(result, id)).toEqual({ invlpg: 10, tlbEntriesDropped: 2, ptPagesFreed: 3, lowmemPages: -3 });
    });

    it('GIVEN the always-full policy WHEN one page is unmapped THEN every CPU of the mm flushes fully', () => {
        const s = threeCpus({ flushPolicy: { kind: 'always-full' } });
        const id = s.munmap('a', BASE, PAGE);
        const result = runScenario(s.build());
        // 2.6-era i386: flush_tlb_range is flush_tlb_mm. CPU 0 drops its 34 entries.
        expect(figuresOf(result, id)).toEqual({ fullFlushes: 3, ipis: 2, shootdowns: 1, tlbEntriesDropped: 34 });
    });

    it('GIVEN the always-full policy WHEN a COW breaks THEN flush_tlb_page is still one invlpg per CPU', () => {
        const s = new Scenario({ cpus: 2, flushPolicy: { kind: 'always-full' } }).process('a', 2);
        s.switch(0, 'a.0');
        s.switch(1, 'a.1');
        s.mmap('a', BASE, PAGE);
        s.read('a', BASE); // zero page
        const id = s.write('a', BASE);
        const result = runScenario(s.build());
        // R10: n = 1 on the cpumask {0, 1}: 2 invlpg, 1 IPI, 1 shootdown; CPU 0 drops its read-only entry.
        expect(figuresOf(result, id)).toMatchObject({
            invlpg: 2,
            ipis: 1,
            shootdowns: 1,
            cowFaults: 1,
            tlbEntriesDropped: 1,
        });
        expect(figuresOf(result, id).fullFlushes).toBeUndefined();
    });

    it('GIVEN the always-full policy WHEN kswapd swaps a page out THEN a single-page flush, and madvise is full (R60, R74)', () => {
        const s = new Scenario({ cpus: 2, flushPolicy: { kind: 'always-full' } }).process('a').kthread('kswapd');
        s.switch(0, 'a');
        s.switch(1, 'kswapd');
        s.mmap('a', BASE, 2n * PAGE);
        s.write('a', BASE, 2n * PAGE);
        const out = s.op({
            kind: 'swapout',
            mm: 'a',
            range: { start: BASE, size: PAGE },
            by: { name: 'kswapd', thread: 0 },
        });
        const advise = s.madvise('a', BASE + PAGE, PAGE);
        const result = runScenario(s.build());
        // Swap-out's n = 1 request from CPU 1 to a's cpumask {0}: an IPI and 1 invlpg (flush_tlb_page), not full.
        expect(figuresOf(result, out)).toEqual({ invlpg: 1, ipis: 1, shootdowns: 1, tlbEntriesDropped: 1 });
        // madvise is flush_tlb_range: full under always-full (CPU 0 drops its remaining entry).
        expect(figuresOf(result, advise)).toEqual({ fullFlushes: 1, tlbEntriesDropped: 1 });
    });

    it('GIVEN madvise over two VMAs WHEN both hold pages THEN there is one request per VMA part (R12)', () => {
        const s = new Scenario({ cpus: 2 }).process('a', 2);
        s.switch(0, 'a.0');
        s.switch(1, 'a.1');
        s.mmap('a', BASE, 4n * PAGE);
        s.mmap('a', BASE + 4n * PAGE, 4n * PAGE, { prot: { read: true, write: false, exec: false } });
        s.write('a', BASE, 4n * PAGE);
        s.read('a', BASE + 4n * PAGE, 4n * PAGE);
        const id = s.madvise('a', BASE, 8n * PAGE);
        const result = runScenario(s.build());
        // Part 1: n = 4 on CPUs 0 and 1: 8 invlpg, 1 IPI. Part 2 (zero-page PTEs count): the same.
        // CPU 0 cached 8 entries; tables stay (madvise never frees).
        expect(figuresOf(result, id)).toEqual({ invlpg: 16, ipis: 2, shootdowns: 2, tlbEntriesDropped: 8 });
    });
});

describe('PROT_NONE PTEs are present for zaps, mprotect and flushes (docs/model.md R35)', () => {
    const NONE = { read: false, write: false, exec: false };
    const RW_ = { read: true, write: true, exec: false };

    /** a on CPU 0 wrote pages 0 and 3 of a 4-page VMA, then made it PROT_NONE. */
    function protNone() {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, 4n * PAGE);
        s.write('a', BASE);
        s.write('a', BASE + 3n * PAGE);
        s.mprotect('a', BASE, 4n * PAGE, NONE);
        return s;
    }

    it('GIVEN only PROT_NONE PTEs WHEN the range is unmapped THEN the span of pages 0..3 is flushed: 4 invlpg', () => {
        const s = protNone();
        const id = s.munmap('a', BASE, 4n * PAGE);
        const r = runScenario(s.build());
        // R11 + R35: the cleared PROT_NONE PTEs at pages 0 and 3 define the span: n = 3 + 1 - 0 = 4 <= 33.
        // The entries were already dropped by mprotect's own flush: nothing more to drop.
        expect(figuresOf(r, id)).toMatchObject({ invlpg: 4, ptPagesFreed: 3 });
    });

    it('GIVEN only PROT_NONE PTEs WHEN made rw again THEN the part holds present PTEs: one request of n = 4', () => {
        const s = protNone();
        const id = s.mprotect('a', BASE, 4n * PAGE, RW_);
        const r = runScenario(s.build());
        // R12: one request per changed VMA part holding a present PTE (PROT_NONE counts, R35), n = its length 4.
        expect(figuresOf(r, id)).toEqual({ invlpg: 4 });
    });

    it('GIVEN a PROT_NONE page WHEN read THEN a segfault, the access dropped', () => {
        const s = protNone();
        const id = s.read('a', BASE);
        const r = runScenario(s.build());
        // The walk ends at the PROT_NONE PTE (not accessible): miss, 4 refs, fault, the VMA forbids it.
        expect(figuresOf(r, id)).toEqual({
            accesses: 1,
            tlbMisses: 1,
            walks: 1,
            walkRefs: 4,
            pageFaults: 1,
            segfaults: 1,
        });
        expect(r.errors).toEqual([]);
        expectInvariants(r);
    });
});
