import { describe, it, expect } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import { Scenario, PAGE, RO, MIB } from './builders.js';
import { figuresOf } from './helpers.js';

describe('mmap placement and vma_merge (R27)', () => {
    function vmasAfter(build: (s: Scenario) => number, arch: 'x86_64' | 'i386' = 'x86_64') {
        const s = new Scenario({ arch, ramBytes: 1024n * MIB }).process('a');
        s.switch(0, 'a');
        const last = build(s);
        const result = runScenario(s.build(), { snapshotAfter: new Set([last]) });
        return { vmas: result.snapshots[last].mms[0].vmas.map((v) => [v.start, v.end, v.prot]), result, last };
    }

    it('GIVEN x86_64 WHEN two anonymous mmaps without address THEN first fit from 0x2aaaaaaab000, merged into one VMA', () => {
        const { vmas } = vmasAfter((s) => {
            s.mmap('a', undefined, 2n * PAGE);
            return s.mmap('a', undefined, 3n * PAGE);
        });
        expect(vmas).toEqual([['0x2aaaaaaab000', '0x2aaaaaab0000', 'rw-']]);
    });

    it('GIVEN 3G/1G WHEN a read-only mmap follows a writable one THEN first fit from 0x40000000 and no merge', () => {
        const { vmas } = vmasAfter((s) => {
            s.mmap('a', undefined, PAGE);
            return s.mmap('a', undefined, PAGE, { prot: RO });
        }, 'i386');
        expect(vmas).toEqual([['0x40000000', '0x40001000', 'rw-'], ['0x40001000', '0x40002000', 'r--']]);
    });

    it('GIVEN a hole below an existing VMA WHEN a mapping fits in it THEN it goes there (bottom-up)', () => {
        const { vmas } = vmasAfter((s) => {
            s.mmap('a', 0x40002000n, PAGE, { prot: RO });
            return s.mmap('a', undefined, 2n * PAGE);
        }, 'i386');
        expect(vmas).toEqual([['0x40000000', '0x40002000', 'rw-'], ['0x40002000', '0x40003000', 'r--']]);
    });

    it('GIVEN MAP_FIXED over a written page WHEN mapped again THEN the old page is unmapped in the same statement', () => {
        const { vmas, result, last } = vmasAfter((s) => {
            s.mmap('a', 0x10000000n, 2n * PAGE);
            s.write('a', 0x10000000n);
            return s.mmap('a', 0x10000000n, PAGE, { prot: RO });
        });
        // munmap of the old page: n = 1, invlpg 1 dropping its entry; the second page keeps the tables.
        expect(figuresOf(result, last)).toEqual({ invlpg: 1, tlbEntriesDropped: 1 });
        expect(vmas).toEqual([['0x10000000', '0x10001000', 'r--'], ['0x10001000', '0x10002000', 'rw-']]);
    });

    it('GIVEN i386 with a 4 MiB page WHEN written THEN the leaf sits in the pgd: 1 ref per walk, no table', () => {
        const s = new Scenario({ arch: 'i386', ramBytes: 1024n * MIB }).process('a');
        s.switch(0, 'a');
        s.mmap('a', 0x10000000n, 4n * MIB, { pageSize: 4n * MIB });
        const w = s.write('a', 0x10000000n);
        const result = runScenario(s.build());
        expect(figuresOf(result, w)).toEqual({ accesses: 1, tlbMisses: 1, walks: 2, walkRefs: 2, pageFaults: 1, framesAllocated: 1 });
    });
});
