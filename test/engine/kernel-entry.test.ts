import { describe, it, expect } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import { Scenario, PAGE, MIB, RO } from './builders.js';
import { figuresOf } from './helpers.js';

const BASE = 0x10000000n;

function fourG(): Scenario {
    return new Scenario(
        { arch: 'i386', ramBytes: 2048n * MIB },
        { name: '4G/4G', pageOffset: 0n, taskSize: 0xff000000n, fourGFourG: true },
    );
}

describe('4G/4G: every system call enters the kernel (docs/model.md R30, R34, R82)', () => {
    it('GIVEN 4G/4G WHEN mmap, mprotect, madvise, fork, munmap and exit run THEN each costs 2 CR3 writes and 2 full flushes more', () => {
        const s = fourG().process('a');
        s.switch(0, 'a');
        const map = s.mmap('a', BASE, 4n * PAGE);
        const write = s.write('a', BASE);
        const protect = s.mprotect('a', BASE, PAGE, RO);
        const advise = s.madvise('a', BASE, 4n * PAGE);
        const fork = s.fork('a', 'c');
        const unmap = s.munmap('a', BASE, 4n * PAGE);
        const exit = s.exit('a');
        const r = runScenario(s.build());
        // mmap: the entry and exit alone (the TLB is empty: nothing dropped).
        expect(figuresOf(r, map)).toMatchObject({ cr3Writes: 2, fullFlushes: 2 });
        expect(figuresOf(r, map).invlpg).toBeUndefined();
        // The write's fault enters the kernel: +2/+2 (R30).
        expect(figuresOf(r, write)).toMatchObject({ cr3Writes: 2, fullFlushes: 2, pageFaults: 1 });
        // mprotect: +2/+2; the entry's flush already dropped the one cached entry, then its own
        // 1-page request is 1 invlpg that finds nothing.
        expect(figuresOf(r, protect)).toMatchObject({ cr3Writes: 2, fullFlushes: 2, invlpg: 1, tlbEntriesDropped: 1 });
        // madvise: +2/+2 and the zap of the one present page: 1 invlpg.
        expect(figuresOf(r, advise)).toMatchObject({ cr3Writes: 2, fullFlushes: 2, invlpg: 1 });
        // fork: +2/+2, then flush_tlb_mm of the parent (R9): one more full flush, no CR3 write.
        expect(figuresOf(r, fork)).toMatchObject({ cr3Writes: 2, fullFlushes: 3, forks: 1 });
        // munmap: +2/+2; nothing present is left (madvise zapped it): no flush request.
        expect(figuresOf(r, unmap)).toMatchObject({ cr3Writes: 2, fullFlushes: 2 });
        expect(figuresOf(r, unmap).invlpg).toBeUndefined();
        // exit: +2/+2, the switch to idle (lazy: no CR3 write), no leaf left to flush.
        expect(figuresOf(r, exit)).toMatchObject({ cr3Writes: 2, fullFlushes: 2, contextSwitches: 1 });
    });

    it('GIVEN the 3G/1G split WHEN the same calls run THEN none writes CR3', () => {
        const s = new Scenario({ arch: 'i386', ramBytes: 2048n * MIB }).process('a');
        s.switch(0, 'a');
        const map = s.mmap('a', BASE, 4n * PAGE);
        const unmap = s.munmap('a', BASE, 4n * PAGE);
        const r = runScenario(s.build());
        expect(figuresOf(r, map)).toEqual({});
        expect(figuresOf(r, unmap)).toEqual({});
    });
});
