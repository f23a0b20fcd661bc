import { describe, it, expect } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import { Scenario, PAGE, MIB } from './builders.js';
import { figuresOf } from './helpers.js';

const BASE = 0x10000000n;

describe('walks by arch (R4)', () => {
    for (const [arch, levels] of [
        ['x86_64', 4],
        ['x86_64-la57', 5],
    ] as const) {
        it(`GIVEN ${arch} WHEN a page is written then its neighbour THEN walks read ${levels} entries`, () => {
            const s = new Scenario({ arch }).process('a');
            s.switch(0, 'a');
            s.mmap('a', BASE, 2n * PAGE);
            const first = s.write('a', BASE);
            const second = s.write('a', BASE + PAGE);
            const result = runScenario(s.build());
            // First: 1 ref (empty pgd entry), levels-1 tables allocated, retry `levels` refs.
            expect(figuresOf(result, first)).toMatchObject({ walkRefs: 1 + levels, ptPagesAllocated: levels - 1 });
            // Second: the PTE entry is the non-present one: levels refs, then the retry: levels.
            expect(figuresOf(result, second)).toMatchObject({ walkRefs: 2 * levels });
            expect(figuresOf(result, second).ptPagesAllocated).toBeUndefined();
        });
    }

    it('GIVEN a 2 MiB mapping on x86_64 WHEN written THEN the walk to the large leaf reads 3 entries', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.mmap('a', 0x40000000n, 2n * MIB, { pageSize: 2n * MIB });
        const first = s.write('a', 0x40000000n);
        const other = s.write('a', 0x40000000n + 5n * PAGE);
        const result = runScenario(s.build());
        // 1 ref, pud + pmd allocated (no PTE table), retry 3 refs; the second page hits the large entry.
        expect(figuresOf(result, first)).toEqual({
            accesses: 1,
            tlbMisses: 1,
            walks: 2,
            walkRefs: 4,
            pageFaults: 1,
            framesAllocated: 1,
            ptPagesAllocated: 2,
            lowmemPages: 2,
        });
        expect(figuresOf(result, other)).toEqual({ accesses: 1, tlbHits: 1 });
    });
});

describe('PAE (section 2, R4, R20, R21)', () => {
    it('GIVEN i386-pae 3G/1G WHEN a process is set up THEN pgd + 3 preallocated PMDs; walks skip the PDPT; munmap keeps the PMDs', () => {
        const s = new Scenario({ arch: 'i386-pae', ramBytes: 4n * 1024n * MIB }).process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, PAGE);
        const write = s.write('a', BASE);
        const unmap = s.munmap('a', BASE, PAGE);
        const exit = s.exit('a');
        const result = runScenario(s.build());
        expect(result.ptPages.allocated).toMatchObject({ pgd: 1, pmd: 3, pte: 1 });
        // Walk: the PMD entry (1 ref, the PDPT is not a ref), PTE table allocated, retry 2 refs.
        expect(figuresOf(result, write)).toMatchObject({ walkRefs: 3, ptPagesAllocated: 1 });
        expect(figuresOf(result, unmap)).toMatchObject({ ptPagesFreed: 1 });
        // Exit frees everything left: pgd + 3 PMDs. No present leaf was cleared: no flush.
        expect(figuresOf(result, exit)).toEqual({ contextSwitches: 1, ptPagesFreed: 4, lowmemPages: -4 });
        expect(result.ptPages.freed).toMatchObject({ pgd: 1, pmd: 3, pte: 1 });
        expect(result.totals.lowmemPages).toBe(0);
    });
});

describe('free_pgtables (R21)', () => {
    it('GIVEN a written page WHEN madvised THEN tables stay; WHEN unmapped THEN pte, pmd and pud are freed deepest first', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, PAGE);
        s.write('a', BASE);
        const madvise = s.madvise('a', BASE, PAGE);
        const unmap = s.munmap('a', BASE, PAGE);
        const result = runScenario(s.build());
        expect(figuresOf(result, madvise)).toEqual({ invlpg: 1, tlbEntriesDropped: 1 });
        // Nothing present any more: no flush; three tables freed, the pgd stays.
        expect(figuresOf(result, unmap)).toEqual({ ptPagesFreed: 3, lowmemPages: -3 });
        expect(result.ptPages.freed).toMatchObject({ pgd: 0, pud: 1, pmd: 1, pte: 1 });
    });

    it('GIVEN two VMAs sharing a PTE table WHEN one is unmapped THEN the table stays', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, PAGE);
        s.mmap('a', BASE + 2n * PAGE, PAGE, { prot: { read: true, write: false, exec: true } });
        s.write('a', BASE);
        const unmap = s.munmap('a', BASE, PAGE);
        const result = runScenario(s.build());
        expect(figuresOf(result, unmap)).toEqual({ invlpg: 1, tlbEntriesDropped: 1 });
    });
});

describe('exit (R13)', () => {
    it('GIVEN the mm also lazy on CPU 1 WHEN the last thread exits THEN one full flush handled by leave_mm on both CPUs', () => {
        const s = new Scenario({ cpus: 2 }).process('a', 2);
        s.switch(0, 'a.0');
        s.switch(1, 'a.1');
        s.mmap('a', BASE, PAGE);
        s.write('a', BASE);
        const exit1 = s.exit('a.1');
        const exit0 = s.exit('a');
        const result = runScenario(s.build());
        expect(figuresOf(result, exit1)).toEqual({ contextSwitches: 1 }); // not the last user
        // CPU 0 to idle; zap 1 PTE; full flush request: CPU 0 (local) and CPU 1 (IPI) are lazy:
        // leave_mm on each (CR3 write + full flush); CPU 0 drops its entry. 4 tables freed.
        expect(figuresOf(result, exit0)).toEqual({
            contextSwitches: 1,
            ipis: 1,
            shootdowns: 1,
            cr3Writes: 2,
            fullFlushes: 2,
            tlbEntriesDropped: 1,
            ptPagesFreed: 4,
            lowmemPages: -4,
        });
    });
});
