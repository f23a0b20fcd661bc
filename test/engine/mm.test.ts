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
        return { vmas: result.snapshots[last].mms[0].vmas.map(v => [v.start, v.end, v.prot]), result, last };
    }

    it('GIVEN x86_64 WHEN two anonymous mmaps without address THEN first fit from 0x2aaaaaaab000, merged into one VMA', () => {
        const { vmas } = vmasAfter(s => {
            s.mmap('a', undefined, 2n * PAGE);
            return s.mmap('a', undefined, 3n * PAGE);
        });
        expect(vmas).toEqual([['0x2aaaaaaab000', '0x2aaaaaab0000', 'rw-']]);
    });

    it('GIVEN 3G/1G WHEN a read-only mmap follows a writable one THEN first fit from 0x40000000 and no merge', () => {
        const { vmas } = vmasAfter(s => {
            s.mmap('a', undefined, PAGE);
            return s.mmap('a', undefined, PAGE, { prot: RO });
        }, 'i386');
        expect(vmas).toEqual([
            ['0x40000000', '0x40001000', 'rw-'],
            ['0x40001000', '0x40002000', 'r--'],
        ]);
    });

    it('GIVEN a hole below an existing VMA WHEN a mapping fits in it THEN it goes there (bottom-up)', () => {
        const { vmas } = vmasAfter(s => {
            s.mmap('a', 0x40002000n, PAGE, { prot: RO });
            return s.mmap('a', undefined, 2n * PAGE);
        }, 'i386');
        expect(vmas).toEqual([
            ['0x40000000', '0x40002000', 'rw-'],
            ['0x40002000', '0x40003000', 'r--'],
        ]);
    });

    it('GIVEN MAP_FIXED over a written page WHEN mapped again THEN the old page is unmapped in the same statement', () => {
        const { vmas, result, last } = vmasAfter(s => {
            s.mmap('a', 0x10000000n, 2n * PAGE);
            s.write('a', 0x10000000n);
            return s.mmap('a', 0x10000000n, PAGE, { prot: RO });
        });
        // munmap of the old page: n = 1, invlpg 1 dropping its entry; the second page keeps the tables.
        expect(figuresOf(result, last)).toEqual({ invlpg: 1, tlbEntriesDropped: 1 });
        expect(vmas).toEqual([
            ['0x10000000', '0x10001000', 'r--'],
            ['0x10001000', '0x10002000', 'rw-'],
        ]);
    });

    it('GIVEN i386 with a 4 MiB page WHEN written THEN the leaf sits in the pgd: 1 ref per walk, no table', () => {
        const s = new Scenario({ arch: 'i386', ramBytes: 1024n * MIB }).process('a');
        s.switch(0, 'a');
        s.mmap('a', 0x10000000n, 4n * MIB, { pageSize: 4n * MIB });
        const w = s.write('a', 0x10000000n);
        const result = runScenario(s.build());
        expect(figuresOf(result, w)).toEqual({
            accesses: 1,
            tlbMisses: 1,
            walks: 2,
            walkRefs: 2,
            pageFaults: 1,
            framesAllocated: 1,
        });
    });
});

describe('a huge-page VMA cut off its page boundary (docs/model.md R37)', () => {
    const HUGE = 0x40000000n;
    const MIB2 = 2n * 1024n * 1024n;

    /** a maps 4 MiB of 2 MiB pages at 0x40000000 and writes both: 2 large leaves. */
    function huge() {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.mmap('a', HUGE, 2n * MIB2, { pageSize: MIB2 });
        s.access('a', 'write', HUGE, 2n * MIB2, MIB2);
        return s;
    }

    it('GIVEN an munmap at 0x40100000 (inside the first 2 MiB page) THEN EINVAL: an error event, nothing zapped, the run ends', () => {
        const s = huge();
        const id = s.munmap('a', HUGE + MIB2 / 2n, MIB2);
        const after = s.read('a', HUGE);
        const r = runScenario(s.build());
        // Before the fix the whole large leaf was zapped: a 1-page (large) flush and the frame freed.
        expect(figuresOf(r, id)).toEqual({});
        expect(r.errors.map(e => [e.message, e.statementId])).toEqual([
            [
                'munmap: EINVAL: 0x40100000 cuts the 2 MiB huge-page mapping [0x40000000, 0x40400000) ' +
                    'off its page boundary (hugetlb split)',
                id,
            ],
        ]);
        expect(r.statements.find(x => x.id === after)).toBeUndefined(); // R63: the error ended the run
    });

    it('GIVEN mprotect and madvise ending off a boundary, and MAP_FIXED starting inside THEN each EINVAL', () => {
        for (const op of ['mprotect', 'madvise', 'mmap'] as const) {
            const s = huge();
            const id =
                op === 'mprotect'
                    ? s.mprotect('a', HUGE, MIB2 + PAGE, RO)
                    : op === 'madvise'
                      ? s.madvise('a', HUGE, MIB2 + PAGE)
                      : s.mmap('a', HUGE + MIB2 + PAGE, PAGE);
            const r = runScenario(s.build());
            // mprotect and madvise end at 0x40201000; the fixed mmap starts there: inside the second 2 MiB page.
            expect(r.errors.map(e => e.message)).toEqual([
                `${op}: EINVAL: 0x40201000 cuts the 2 MiB huge-page mapping [0x40000000, 0x40400000) off ` +
                    `its page boundary (hugetlb split)`,
            ]);
            expect(figuresOf(r, id)).toEqual({});
        }
    });

    it('GIVEN an munmap of the second 2 MiB page, aligned THEN one large page zapped: 1 invlpg', () => {
        const s = huge();
        const id = s.munmap('a', HUGE + MIB2, MIB2);
        const r = runScenario(s.build());
        // R11: every cleared leaf is 2 MiB: n counts large pages, 1 <= 33: 1 invlpg; the PMD table stays (first page).
        expect(figuresOf(r, id)).toMatchObject({ invlpg: 1, tlbEntriesDropped: 1 });
        expect(r.errors).toEqual([]);
    });
});
