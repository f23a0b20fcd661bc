import { describe, it, expect } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import { Scenario, PAGE, RO } from './builders.js';
import { figuresOf, expectInvariants } from './helpers.js';

const BASE = 0x10000000n;

describe('faults: zero page, COW and reuse (R6, R7, R10)', () => {
    it('GIVEN anonymous memory WHEN a page is read then written THEN the zero page is mapped, then copied', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, PAGE);
        const read = s.read('a', BASE);
        const write = s.write('a', BASE);
        const result = runScenario(s.build());
        // Read: miss, walk (1 ref: empty pgd entry), fault maps the zero page (3 tables, no frame), retry 4 refs.
        expect(figuresOf(result, read)).toEqual({
            accesses: 1,
            tlbMisses: 1,
            walks: 2,
            walkRefs: 5,
            pageFaults: 1,
            ptPagesAllocated: 3,
            lowmemPages: 3,
        });
        // Write: the read-only entry does not hit; walk 4; fault on the zero page: COW (frame, 1-page
        // flush: local invlpg dropping the read-only entry); retry walk 4 and fill.
        expect(figuresOf(result, write)).toEqual({
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
        expectInvariants(result);
    });

    it('GIVEN a write fault on an untouched page THEN a frame at once and never a cowFault (R7)', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, PAGE);
        const id = s.write('a', BASE);
        const result = runScenario(s.build());
        expect(figuresOf(result, id)).toMatchObject({ pageFaults: 1, framesAllocated: 1 });
        expect(figuresOf(result, id).cowFaults).toBeUndefined();
    });

    it('GIVEN fork after a write WHEN parent then child write THEN the parent copies and the child reuses (R7-R9)', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, PAGE);
        s.write('a', BASE);
        const fork = s.fork('a', 'c');
        const parentWrite = s.write('a', BASE);
        s.switch(0, 'c');
        const childWrite = s.write('c', BASE);
        const result = runScenario(s.build());
        // Fork: child pgd + pud, pmd, pte copied (R8) = 4 tables; R9: one full flush of the parent's mm
        // on CPU 0 (its only CPU: no IPI) dropping the one entry.
        expect(figuresOf(result, fork)).toEqual({
            forks: 1,
            ptPagesAllocated: 4,
            lowmemPages: 4,
            fullFlushes: 1,
            tlbEntriesDropped: 1,
        });
        // Parent: miss, walk 4, read-only leaf of a frame mapped twice: COW (frame, invlpg 1), retry walk 4.
        expect(figuresOf(result, parentWrite)).toEqual({
            accesses: 1,
            tlbMisses: 1,
            walks: 2,
            walkRefs: 8,
            pageFaults: 1,
            cowFaults: 1,
            framesAllocated: 1,
            invlpg: 1,
        });
        // Child: the old frame is now mapped once: reuse in place, no flush, no frame.
        expect(figuresOf(result, childWrite)).toEqual({
            accesses: 1,
            tlbMisses: 1,
            walks: 2,
            walkRefs: 8,
            pageFaults: 1,
        });
        expectInvariants(result);
    });

    it('GIVEN a VMA never written WHEN forked THEN its tables are not copied (no anon_vma, R8)', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, PAGE);
        s.read('a', BASE); // zero page only: no anon_vma
        const fork = s.fork('a', 'c');
        const result = runScenario(s.build());
        expect(figuresOf(result, fork)).toEqual({
            forks: 1,
            ptPagesAllocated: 1,
            lowmemPages: 1,
            fullFlushes: 1,
            tlbEntriesDropped: 1,
        });
    });

    it('GIVEN a read-only VMA WHEN written THEN a segfault without retry walk (R6)', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, PAGE, { prot: RO });
        const id = s.write('a', BASE);
        const outside = s.read('a', 0x1000n);
        const result = runScenario(s.build());
        expect(figuresOf(result, id)).toEqual({
            accesses: 1,
            tlbMisses: 1,
            walks: 1,
            walkRefs: 1,
            pageFaults: 1,
            segfaults: 1,
        });
        expect(figuresOf(result, outside)).toEqual({
            accesses: 1,
            tlbMisses: 1,
            walks: 1,
            walkRefs: 1,
            pageFaults: 1,
            segfaults: 1,
        });
        // R63: segfaults are events of their own, not errors: the run went on to the read.
        expect(result.errors).toEqual([]);
        expect(result.segfaults.map(e => e.message)).toEqual([
            'segfault: write at 0x10000000 not allowed by its VMA',
            'segfault: read at 0x1000 outside every VMA',
        ]);
        expectInvariants(result);
    });

    it('GIVEN a private writable page upgraded by mprotect WHEN written THEN a reuse fault (before 6.0, R12)', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, PAGE);
        s.write('a', BASE);
        const down = s.mprotect('a', BASE, PAGE, RO);
        s.mprotect('a', BASE, PAGE, { read: true, write: true, exec: false });
        const write = s.write('a', BASE);
        const result = runScenario(s.build());
        // Down: the part holds a present PTE: n = 1, invlpg 1, its entry dropped.
        expect(figuresOf(result, down)).toEqual({ invlpg: 1, tlbEntriesDropped: 1 });
        // Up again, the PTE stays read-only: the write faults and reuses the page (no cowFault, no flush).
        expect(figuresOf(result, write)).toMatchObject({ pageFaults: 1, walks: 2 });
        expect(figuresOf(result, write).cowFaults).toBeUndefined();
    });
});

describe('fork in a loop', () => {
    it('GIVEN fork, child run and child exit repeated THEN each round makes a new child (c, c#2, c#3) and c names the newest', () => {
        const s = new Scenario({ cpus: 2 }).process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, PAGE);
        s.write('a', BASE);
        const loop = s.repeat(3, () => {
            s.fork('a', 'c');
            s.switch(1, 'c');
            s.write('c', BASE);
            s.exit('c');
        });
        const result = runScenario(s.build());
        expect(result.errors).toEqual([]);
        // Each round: fork (4 tables), the child's write copies (the frame is mapped twice), exit frees 4.
        expect(figuresOf(result, loop)).toMatchObject({
            forks: 3,
            cowFaults: 3,
            ptPagesAllocated: 12,
            ptPagesFreed: 12,
        });
    });
});
