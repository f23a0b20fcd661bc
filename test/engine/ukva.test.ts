import { describe, it, expect } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import type { UkvaWindowConfig } from '../../language/src/engine/scenario.js';
import { Scenario, PAGE, MIB } from './builders.js';
import { figuresOf } from './helpers.js';

const BASE = 0x10000000n;
const window = (w: Partial<UkvaWindowConfig>): UkvaWindowConfig => ({
    start: 0xbf000000n, size: 4n * MIB, scope: 'per-mm', holdsPageTables: false, kmapSlots: 0, ...w,
});

function i386(w: Partial<UkvaWindowConfig>, pagetables: 'lowmem' | 'ukva' = 'lowmem', cpus = 1) {
    return new Scenario({ arch: 'i386', ramBytes: 2048n * MIB, cpus }, { ukva: window(w), pagetables });
}

describe('UKVA windows (section 8)', () => {
    it('GIVEN a per-task window WHEN a process has 2 threads THEN each has its own pgd and a switch between them writes CR3', () => {
        const s = i386({ scope: 'per-task' }).process('a', 2);
        s.switch(0, 'a.0');
        const between = s.switch(0, 'a.1');
        const result = runScenario(s.build());
        // Setup: the mm's pgd + one pgd per task = 3.
        expect(result.ptPages.allocated.pgd).toBe(3);
        expect(figuresOf(result, between)).toEqual({ contextSwitches: 1, cr3Writes: 1, fullFlushes: 1 });
    });

    it('GIVEN a per-mm window THEN threads share the root: a switch between them is a context switch only', () => {
        const s = i386({ scope: 'per-mm' }).process('a', 2);
        s.switch(0, 'a.0');
        const between = s.switch(0, 'a.1');
        const result = runScenario(s.build());
        expect(result.ptPages.allocated.pgd).toBe(1);
        expect(figuresOf(result, between)).toEqual({ contextSwitches: 1 });
    });

    it('GIVEN a per-mm kmap pool of 4 slots on 2 CPUs WHEN it wraps THEN a lock per kmap and a shootdown of the window', () => {
        const s = i386({ scope: 'per-mm', kmapSlots: 4 }, 'lowmem', 2).process('a', 2);
        s.switch(0, 'a.0');
        s.switch(1, 'a.1');
        s.mmap('a', BASE, 5n * PAGE);
        s.write('a', BASE, 5n * PAGE);
        const kmaps = [0n, 1n, 2n].map((i) => s.op({ kind: 'kmap', task: { name: 'a', thread: 0 }, address: BASE + i * PAGE }));
        s.op({ kind: 'kunmap', task: { name: 'a', thread: 0 }, address: BASE });
        const wrap = s.op({ kind: 'kmap', task: { name: 'a', thread: 0 }, address: BASE + 3n * PAGE });
        const result = runScenario(s.build());
        for (const id of kmaps) expect(figuresOf(result, id)).toEqual({ kmapLockAcquisitions: 1 });
        // Slot 1 has count 1 after the kunmap: the wrap frees it and issues one full flush request
        // on the mm (docs/model.md R43): cpumask {0, 1}, 2 full flushes (CPU 0 drops the 5 user
        // entries of the write), 1 IPI, 1 shootdown; no global flush.
        expect(figuresOf(result, wrap)).toEqual({
            kmapLockAcquisitions: 1, kmapWrapFlushes: 1, fullFlushes: 2, tlbEntriesDropped: 5, ipis: 1, shootdowns: 1,
        });
    });

    it('GIVEN pagetables in a UKVA window WHEN the mm faults and forks THEN only the child side pays kmap_atomic', () => {
        const s = i386({ scope: 'per-mm', holdsPageTables: true }, 'ukva').process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, PAGE);
        const w = s.write('a', BASE);
        const f = s.fork('a', 'c');
        const result = runScenario(s.build());
        expect(figuresOf(result, w).kmapAtomic).toBeUndefined();
        expect(figuresOf(result, f)).toMatchObject({ kmapAtomic: 1 });
        // The PTE tables live in the window, not in lowmem: 2 pgds only.
        expect(result.totals.lowmemPages).toBe(2);
    });

    it('GIVEN a window WHEN a fixed mmap overlaps it THEN an error and no mapping', () => {
        const s = i386({}).process('a');
        s.switch(0, 'a');
        s.mmap('a', 0xbf000000n, PAGE);
        expect(runScenario(s.build()).errors.map((e) => e.message)).toEqual(['mmap: 0xbf000000 overlaps the UKVA window']);
    });
});
