import { describe, it, expect } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import { Scenario, PAGE } from './builders.js';
import { figuresOf, expectInvariants } from './helpers.js';

const BASE = 0x10000000n;

/** Process a with 3 threads: a.0 on CPU 0, a.1 on CPU 1, a.2 never scheduled; a.0 wrote 4 pages. */
function threeThreads() {
    const s = new Scenario({ cpus: 2 }).process('a', 3);
    s.switch(0, 'a.0');
    s.switch(1, 'a.1');
    s.mmap('a', BASE, 4n * PAGE);
    s.write('a', BASE, 4n * PAGE);
    return s;
}

describe('exit and exit_group (R13)', () => {
    it('GIVEN three threads WHEN one thread exits THEN its CPU only switches to idle', () => {
        const s = threeThreads();
        const id = s.exit('a.1');
        const result = runScenario(s.build());
        // Not the last user: a context switch to idle (lazy: CPU 1 keeps the mm), nothing torn down.
        expect(figuresOf(result, id)).toEqual({ contextSwitches: 1 });
    });

    it('GIVEN three threads WHEN the process exits (exit_group) THEN every thread dies and the mm is torn down', () => {
        const s = threeThreads();
        const id = s.exit('a');
        const result = runScenario(s.build());
        // a.1 switches CPU 1 to idle, a.2 (asleep) just dies, a.0 switches CPU 0 to idle: 2 context switches.
        // exit_mmap zaps 4 present pages: one full flush request over cpumask {0, 1}, both lazy, so each
        // runs leave_mm: 2 CR3 writes + 2 full flushes, 1 IPI to CPU 1, 1 shootdown. CPU 0's 4 entries go.
        // Every table is freed: x86_64 pgd + pud + pmd + pte = 4.
        const f = figuresOf(result, id);
        expect(f).toMatchObject({
            contextSwitches: 2,
            cr3Writes: 2,
            fullFlushes: 2,
            ipis: 1,
            shootdowns: 1,
            tlbEntriesDropped: 4,
            ptPagesFreed: 4,
        });
        expect(result.errors).toEqual([]);
        expectInvariants(result);
    });
});
