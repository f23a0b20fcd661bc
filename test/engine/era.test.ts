import { describe, it, expect } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import { eraDefaults } from '../../language/src/engine/era.js';
import type { Era } from '../../language/src/engine/scenario.js';
import { Scenario, PAGE, RO } from './builders.js';
import { figuresOf } from './helpers.js';

const BASE = 0x10000000n;

describe('era defaults in one table (docs/model.md R62, R75)', () => {
    it('GIVEN each era THEN struct page, THREAD_SIZE and the fork cost of its kernel', () => {
        // 2.4.2x i386 HIGHMEM struct page: 10 words = 48 B with padding of the era's layout; 2.6 i386 32 B;
        // x86_64 56 B (2.6), 64 B (6.x). THREAD_SIZE 8 KiB, 16 KiB on 6.x x86_64 (3.15). fork 150491 ns always.
        expect(eraDefaults('2.4', false)).toEqual({
            structPageBytes: 48,
            threadSizeBytes: 8192,
            forkNs: 150491,
            lazyTlb: 'leave-mm',
        });
        expect(eraDefaults('2.6', false)).toEqual({
            structPageBytes: 32,
            threadSizeBytes: 8192,
            forkNs: 150491,
            lazyTlb: 'leave-mm',
        });
        expect(eraDefaults('2.6', true)).toEqual({
            structPageBytes: 56,
            threadSizeBytes: 8192,
            forkNs: 150491,
            lazyTlb: 'leave-mm',
        });
        expect(eraDefaults('6.x', true)).toEqual({
            structPageBytes: 64,
            threadSizeBytes: 16384,
            forkNs: 150491,
            lazyTlb: 'is-lazy',
        });
    });
});

/** a on CPU 0 wrote 2 pages; CPU 1 ran a.1 (cached page 0) and now runs kernel thread kt, lazily keeping a. */
function lazyCpu1(era: Era, pcid = false) {
    const s = new Scenario({ cpus: 2, era, pcid }).process('a', 2).kthread('kt');
    s.switch(0, 'a');
    s.switch(1, 'a.1');
    s.mmap('a', BASE, 2n * PAGE);
    s.write('a', BASE, 2n * PAGE);
    s.read('a.1', BASE);
    s.switch(1, 'kt');
    return s;
}

describe('6.x lazy TLB: is_lazy and freed_tables (docs/model.md R75)', () => {
    it('GIVEN 2.6 WHEN a protects a page THEN lazy CPU 1 gets an IPI and leaves the mm (R15)', () => {
        const s = lazyCpu1('2.6');
        const id = s.mprotect('a', BASE, PAGE, RO);
        const r = runScenario(s.build());
        // CPU 0: 1 invlpg (its entry dropped); CPU 1: IPI, leave_mm = CR3 write + full flush (1 entry dropped).
        expect(figuresOf(r, id)).toEqual({
            invlpg: 1,
            ipis: 1,
            shootdowns: 1,
            cr3Writes: 1,
            fullFlushes: 1,
            tlbEntriesDropped: 2,
        });
    });

    it('GIVEN 6.x WHEN a protects a page THEN lazy CPU 1 is skipped; back in a, it reloads CR3 with a flush', () => {
        const s = lazyCpu1('6.x');
        const id = s.mprotect('a', BASE, PAGE, RO);
        const back = s.switch(1, 'a.1');
        const r = runScenario(s.build());
        // mprotect frees no table: only CPU 0 flushes (1 invlpg), no IPI.
        expect(figuresOf(r, id)).toEqual({ invlpg: 1, tlbEntriesDropped: 1 });
        // CPU 1 kept a's root; its generation (1 flush behind) is older than a's: CR3 reload + full flush.
        expect(figuresOf(r, back)).toEqual({ contextSwitches: 1, cr3Writes: 1, fullFlushes: 1, tlbEntriesDropped: 1 });
    });

    it('GIVEN 6.x and no flush missed WHEN CPU 1 returns to a THEN no CR3 write', () => {
        const s = lazyCpu1('6.x');
        const back = s.switch(1, 'a.1');
        const r = runScenario(s.build());
        expect(figuresOf(r, back)).toEqual({ contextSwitches: 1 });
    });

    it('GIVEN 6.x WHEN an munmap frees the page tables THEN lazy CPU 1 is sent the IPI and switches to init_mm', () => {
        const s = lazyCpu1('6.x');
        const id = s.munmap('a', BASE, 2n * PAGE);
        const r = runScenario(s.build());
        // 2 pages cleared: CPU 0 2 invlpg; freed_tables (PTE, PMD, PUD freed): CPU 1 gets the IPI, leave_mm.
        expect(figuresOf(r, id)).toMatchObject({
            invlpg: 2,
            ipis: 1,
            shootdowns: 1,
            cr3Writes: 1,
            fullFlushes: 1,
            ptPagesFreed: 3,
        });
    });

    it('GIVEN 6.x with PCID WHEN a request frees tables THEN the lazy CPU switches to init_mm without a flush', () => {
        const s = lazyCpu1('6.x', true);
        const id = s.munmap('a', BASE, 2n * PAGE);
        const r = runScenario(s.build());
        expect(figuresOf(r, id)).toMatchObject({ invlpg: 2, ipis: 1, cr3Writes: 1 });
        expect(figuresOf(r, id).fullFlushes).toBeUndefined();
    });
});

describe('asid round-robin | lru (docs/model.md R16, R58)', () => {
    /** CPU 0 runs m1..m6 (slots 1-5, 0), m1 again (in sync), m7 (a new slot), then m1. */
    function sevenMms(asidPolicy: 'round-robin' | 'lru') {
        const s = new Scenario({ pcid: true, asidPolicy });
        for (let i = 1; i <= 7; i++) s.process(`m${i}`);
        for (let i = 1; i <= 6; i++) s.switch(0, `m${i}`);
        s.switch(0, 'm1');
        const m7 = s.switch(0, 'm7');
        const last = s.switch(0, 'm1');
        return { r: runScenario(s.build()), m7, last };
    }

    it('GIVEN round-robin THEN m7 takes slot 1 from m1, so m1 needs a new slot and a flush', () => {
        const { r, m7, last } = sevenMms('round-robin');
        expect(figuresOf(r, m7)).toEqual({ contextSwitches: 1, cr3Writes: 1, fullFlushes: 1 });
        expect(figuresOf(r, last)).toEqual({ contextSwitches: 1, cr3Writes: 1, fullFlushes: 1 });
    });

    it('GIVEN lru THEN m7 takes m2 slot (least recently loaded) and m1 comes back without a flush', () => {
        const { r, m7, last } = sevenMms('lru');
        expect(figuresOf(r, m7)).toEqual({ contextSwitches: 1, cr3Writes: 1, fullFlushes: 1 });
        expect(figuresOf(r, last)).toEqual({ contextSwitches: 1, cr3Writes: 1 });
    });
});
