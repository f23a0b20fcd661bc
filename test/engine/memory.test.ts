import { describe, it, expect } from 'vitest';
import { runScenario, DEFAULT_MEMORY_BYTES } from '../../language/src/engine/index.js';
import { Kernel } from '../../language/src/engine/kernel.js';
import { formatBytes } from '../../language/src/engine/memory.js';
import { runFindings } from '../../language/src/report/run-findings.js';
import { Scenario, PAGE, RW, machine, splitFor } from './builders.js';
import { figuresOf, expectInvariants } from './helpers.js';

const BASE = 0x10000000n;

describe('the memory budget (engine/memory.ts): what a run holds, stopped like the budget of operations', () => {
    it('GIVEN a budget of 23,600 bytes WHEN the 4th frame passes it THEN the run stops on the write with figures up to it', () => {
        // Held, by memory.ts's estimates, on the builders' machine (x86_64, 1 CPU, TLBs of 64 + 32 entries):
        //   TLB entries  96 x 48                                   =  4,608
        //   setup: mm a  1,024 + 1 cpumask byte                    =  1,025
        //          its pgd: 128 + 512 slots x 8                    =  4,224
        //          task a                                          =    256   (10,113 after setup)
        //   switch cpu 0 to a: its cr3 event is stored             =    256   (10,369)
        //   write, page 1: pud and pmd 4,224 each, a PTE table 128 + 512 x 9 = 4,736, a frame 12
        //                                                          = 13,196   (23,565)
        //   pages 2, 3, 4: a frame each, 12                                   (23,577, 23,589, 23,601)
        // 23,600 bytes are passed by frame 4: its access completes (the fault was under way) and the next
        // access's tick stops the run: 4 accesses, 4 faults, 4 frames; the exit never runs.
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, 16n * PAGE, { prot: RW });
        const w = s.write('a', BASE, 16n * PAGE);
        s.exit('a');
        const result = runScenario(s.build(), { memory: 23_600 });
        const message =
            'stopped: the memory budget of 23.05 KiB is reached: 4 frames (48 bytes), 4 page tables (17 KiB), ' +
            '1 mm (1 KiB), 1 task (256 bytes), 96 TLB entries (4.5 KiB), 1 event (256 bytes) (raise the memory budget)';
        expect(result.stopped).toEqual({ reason: 'memory', message, statementId: w });
        expect(figuresOf(result, w)).toMatchObject({
            accesses: 4,
            pageFaults: 4,
            framesAllocated: 4,
            ptPagesAllocated: 3,
        });
        expect(result.totals.framesAllocated).toBe(4);
        expect(result.statements.map(x => x.id)).toEqual([1, 2, 3]);
        // The finding is located on the write, as a budget stop is (a warning: the run did not finish).
        expect(runFindings([result]).map(f => [f.severity, f.statementId, f.message])).toEqual([
            ['warning', w, message],
        ]);
        expectInvariants(result);
    });

    it('GIVEN 23,601 bytes, exactly what 4 frames hold THEN the 5th frame passes it', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, 16n * PAGE, { prot: RW });
        s.write('a', BASE, 16n * PAGE);
        const result = runScenario(s.build(), { memory: 23_601 });
        expect(result.stopped?.reason).toBe('memory');
        expect(result.totals.framesAllocated).toBe(5);
    });

    it('GIVEN a freed table THEN its bytes are given back: a loop of mmap, write, munmap holds one PTE table at a time', () => {
        // Each iteration faults one page: a pud, a pmd and a PTE table (4,224 + 4,224 + 4,736) and a frame
        // (12); munmap frees all three tables (free_pgtables: nothing else is mapped under the pgd slot).
        // Held at most: setup 10,113, the three tables 13,184, 1,000 frames 12,000, at most 10 stored events
        // per list x 4 lists x 256 = 10,240: 45,537 < 48 KiB. Were frees not given back, 3,000 tables
        // would hold 13 MB.
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.repeat(1000, () => {
            s.mmap('a', BASE, PAGE, { prot: RW });
            s.write('a', BASE, PAGE);
            s.munmap('a', BASE, PAGE);
        });
        const result = runScenario(s.build(), { memory: 48 * 1024, maxEvents: 10 });
        expect(result.stopped).toBeUndefined();
        expect(result.totals.framesAllocated).toBe(1000);
        expect(result.totals.ptPagesFreed).toBe(3000);
    });

    it('GIVEN TLBs past the limit (8,192 CPUs of 1,048,576 + 32 entries) THEN the default budget stops the run at setup, allocating none', () => {
        // 8,192 x 1,048,608 entries x 48 bytes = 412,329,361,408 bytes (384.01 GiB) > 2 GiB: the CPUs get no
        // TLBs, no statement runs, and nothing of the 384 GiB is allocated.
        const s = new Scenario().process('a');
        s.machine = machine({ cpus: 8192, tlb4k: { entries: 1 << 20, ways: 4 } });
        s.switch(0, 'a');
        const result = runScenario(s.build());
        expect(DEFAULT_MEMORY_BYTES).toBe(2 * 1024 ** 3);
        expect(result.stopped?.reason).toBe('memory');
        expect(result.stopped?.message).toMatch(
            /^stopped: the memory budget of 2 GiB is reached: .*8,590,196,736 TLB entries \(384.01 GiB\) \(raise the memory budget\)$/,
        );
        expect(result.statements).toEqual([]);
    });

    it('GIVEN two kernels in one process THEN their PTE tables never share a slab (docs/model.md departure 14)', () => {
        // Before: one module-level slab; the second kernel's first PTE table was carved from the first's buffer.
        const one = new Kernel(machine(), splitFor('x86_64'), { budget: 1e9, maxEvents: 100 });
        const two = new Kernel(machine(), splitFor('x86_64'), { budget: 1e9, maxEvents: 100 });
        const a = one.allocTable(3, 0, null, 0);
        const b = two.allocTable(3, 0, null, 0);
        a.setLeaf(0, 7, 1);
        expect(a.frame!.buffer).not.toBe(b.frame!.buffer);
        expect(b.frame![0]).toBe(0);
        expect(one.slab).not.toBe(two.slab);
    });

    it('formats budgets in binary units', () => {
        expect([formatBytes(2 * 1024 ** 3), formatBytes(512 * 1024 ** 2), formatBytes(1536), formatBytes(100)]).toEqual(
            ['2 GiB', '512 MiB', '1.5 KiB', '100 bytes'],
        );
    });
});
