/**
 * Lowmem exhaustion (docs/model.md "Lowmem"): page tables in lowmem + mem_map (32 bytes per 4 KiB
 * frame) + 8 KiB kernel stacks against min(RAM, 4 GiB - PAGE_OFFSET - 128 MiB); and repeated forks
 * of one child name.
 */
import { describe, it, expect } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import { Scenario, MIB, GIB } from './builders.js';

const BASE = 0x10000000n;

/**
 * i386-pae, PAGE_OFFSET 0xF0000000: lowmem = 256 MiB - 128 MiB = 32,768 pages. RAM 16 GiB - 64 MiB =
 * 4,177,920 frames: mem_map = 4,177,920 x 32 B = 32,640 pages (127.5 MiB). One process: stack 2
 * pages, pgd 1 + 4 preallocated PMDs (PAGE_OFFSET / 1 GiB rounded up). Left: 32,768 - 32,640 - 2 - 5
 * = 121 pages: the 122nd PTE table crosses.
 */
function tightBox(pagetables: 'lowmem' | 'highmem' = 'lowmem'): Scenario {
    return new Scenario({ arch: 'i386-pae', ramBytes: 16n * GIB - 64n * MIB }, { pageOffset: 0xf0000000n, taskSize: 0xf0000000n, pagetables });
}

describe('lowmem exhaustion', () => {
    it('GIVEN 122 PTE tables on a box with 121 pages of lowmem left THEN one error, on the writing statement', () => {
        const s = tightBox().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, 256n * MIB);
        const fits = s.access('a', 'write', BASE, 242n * MIB, 2n * MIB); // 121 PTE tables
        const crosses = s.access('a', 'write', BASE + 242n * MIB, 14n * MIB, 2n * MIB); // 7 more
        const result = runScenario(s.build());
        expect(result.errors.filter(e => e.statementId === fits)).toEqual([]);
        // Tables 5 + 122 = 127 pages = 0.496 MiB, shown rounded up to 0.5; stacks 2 pages: 0.1 MiB.
        expect(result.errors).toEqual([{
            statementId: crosses, loc: expect.anything(),
            message: 'lowmem exhausted: 0.5 MiB of page tables for 1 process + 127.5 MiB mem_map + 0.1 MiB of kernel stacks for 1 task > 128 MiB of lowmem',
        }]);
        expect(result.totals.lowmemPages).toBe(5 + 128);
    });

    it('GIVEN the same work with PTE tables in highmem THEN no diagnosis (5 lowmem pages)', () => {
        const s = tightBox('highmem').process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, 256n * MIB);
        s.access('a', 'write', BASE, 256n * MIB, 2n * MIB);
        const result = runScenario(s.build());
        expect(result.errors).toEqual([]);
        expect(result.totals.lowmemPages).toBe(5);
    });

    it('GIVEN a forked child THEN its kernel stack counts: 120 tables fit with 2 tasks, not 121', () => {
        // 2 tasks: 4 stack pages; 2 mms: 10 pages of pgd and PMDs. Left for PTE tables: 32,768 -
        // 32,640 - 4 - 10 = 114. The parent writes 1 page (1 table); fork copies that table (R8).
        const s = tightBox().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, 2n * MIB);
        s.write('a', BASE);
        s.fork('a', 'c');
        s.switch(0, 'c');
        s.mmap('c', BASE + 2n * MIB, 254n * MIB);
        const fits = s.access('c', 'write', BASE + 2n * MIB, 224n * MIB, 2n * MIB); // 112 tables: 114 in all
        const crosses = s.write('c', BASE + 226n * MIB); // the 115th
        const result = runScenario(s.build());
        expect(result.errors.map(e => e.statementId)).toEqual([crosses]);
        expect(result.errors[0].message).toContain('for 2 processes');
        expect(result.errors[0].message).toContain('kernel stacks for 2 tasks');
        expect(fits).toBeLessThan(crosses);
    });

    it('GIVEN x86_64 THEN never diagnosed: all RAM is lowmem and user frames share it', () => {
        const s = new Scenario({ ramBytes: 64n * MIB }).process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, 1n * GIB);
        s.access('a', 'write', BASE, 1n * GIB, 2n * MIB);
        expect(runScenario(s.build()).errors).toEqual([]);
    });
});

describe('repeated fork of one child name', () => {
    it('GIVEN fork as c twice, both alive THEN two children c and c#2, and c names the newest', () => {
        const s = new Scenario({ cpus: 2 }).process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, 4n * 4096n);
        s.write('a', BASE);
        s.repeat(2, () => {
            s.fork('a', 'c');
        });
        s.switch(1, 'c');
        const w = s.write('c', BASE + 4096n);
        s.expect('framesAllocated', '==', 1, { kind: 'mm', name: 'c' });
        const result = runScenario(s.build());
        expect(result.errors).toEqual([]);
        expect(result.totals.forks).toBe(2);
        // x86_64: the parent's pgd, pud, pmd, pte; each child a pgd and a copy of the other three.
        expect(result.totals.ptPagesAllocated).toBe(4 + 4 + 4);
        expect(result.failedChecks).toEqual([]);
        expect(result.statements.find(x => x.id === w)?.figures.framesAllocated).toBe(1);
    });

    it('GIVEN fork as the name of a declared process THEN an error and no child', () => {
        const s = new Scenario().process('a').process('b');
        s.switch(0, 'a');
        const f = s.fork('a', 'b');
        const result = runScenario(s.build());
        expect(result.errors.map(e => [e.statementId, e.message])).toEqual([[f, 'fork: b already names a declared process or VAS']]);
        expect(result.totals.forks).toBe(0);
    });
});
