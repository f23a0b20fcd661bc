import { describe, it, expect } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import { Kernel } from '../../language/src/engine/kernel.js';
import { Task } from '../../language/src/engine/cpu.js';
import { switchTo } from '../../language/src/engine/sched.js';
import { createMm } from '../../language/src/engine/lifecycle.js';
import { FIG } from '../../language/src/engine/counters.js';
import { Scenario, PAGE, machine, splitFor } from './builders.js';
import { figuresOf } from './helpers.js';

const BASE = 0x10000000n;

describe('context switches (R14) and PCID (R16)', () => {
    it('GIVEN a CPU starting idle WHEN it switches to a process THEN one CR3 write and one full flush', () => {
        const s = new Scenario().process('a').kthread('kswapd');
        const first = s.switch(0, 'a');
        const toKthread = s.switch(0, 'kswapd');
        const back = s.switch(0, 'a');
        const same = s.switch(0, 'a');
        const result = runScenario(s.build());
        expect(figuresOf(result, first)).toEqual({ contextSwitches: 1, cr3Writes: 1, fullFlushes: 1 });
        expect(figuresOf(result, toKthread)).toEqual({ contextSwitches: 1 }); // lazy: keeps a's root
        expect(figuresOf(result, back)).toEqual({ contextSwitches: 1 }); // root already loaded
        expect(figuresOf(result, same)).toEqual({}); // a switch to the current task is a no-op
    });

    it('GIVEN PCID and 7 mms on one CPU WHEN they run in turn THEN slots go 1..5, 0, 1 and a returning mm is re-flushed only if evicted', () => {
        const s = new Scenario({ pcid: true });
        for (let i = 1; i <= 7; i++) s.process(`p${i}`);
        const firsts = [1, 2, 3, 4, 5, 6, 7].map(i => s.switch(0, `p${i}`));
        const p1Again = s.switch(0, 'p1'); // p1's slot 1 went to p7: a new slot (2, p2's), flushed
        const p7Again = s.switch(0, 'p7'); // p7 still holds slot 1 in sync: no flush
        const p3Again = s.switch(0, 'p3'); // p3 still in slot 3
        const result = runScenario(s.build());
        for (const id of firsts)
            expect(figuresOf(result, id)).toEqual({ contextSwitches: 1, cr3Writes: 1, fullFlushes: 1 });
        expect(figuresOf(result, p1Again)).toEqual({ contextSwitches: 1, cr3Writes: 1, fullFlushes: 1 });
        expect(figuresOf(result, p7Again)).toEqual({ contextSwitches: 1, cr3Writes: 1 });
        expect(figuresOf(result, p3Again)).toEqual({ contextSwitches: 1, cr3Writes: 1 });
    });

    it('GIVEN PCID WHEN a flush of an mm runs while a CPU holds its ASID off the cpumask THEN that CPU flushes at switch-in', () => {
        const s = new Scenario({ cpus: 2, pcid: true }).process('a', 2).process('b');
        s.switch(0, 'a.0');
        s.mmap('a', BASE, PAGE);
        s.write('a', BASE);
        s.switch(1, 'a.1');
        s.switch(0, 'b'); // CPU 0 leaves a's cpumask but keeps a's ASID (slot 1) and its entry
        const unmap = s.op({ kind: 'munmap', task: { name: 'a', thread: 1 }, range: { start: BASE, size: PAGE } });
        const back = s.switch(0, 'a.0');
        const result = runScenario(s.build());
        // The request reaches CPU 1 only (local invlpg, no IPI); a's generation moves on.
        expect(figuresOf(result, unmap)).toMatchObject({ invlpg: 1 });
        expect(figuresOf(result, unmap).ipis).toBeUndefined();
        // Switch-in finds slot 1 behind: full flush of that ASID drops the stale entry.
        expect(figuresOf(result, back)).toEqual({
            contextSwitches: 1,
            cr3Writes: 1,
            fullFlushes: 1,
            tlbEntriesDropped: 1,
        });
    });

    it('GIVEN a global entry WHEN a CR3 write flushes the CPU THEN the global entry survives (PGE)', () => {
        const m = machine();
        const k = new Kernel(m, splitFor('x86_64'), { budget: 1e9, maxEvents: 100 });
        const mm = createMm(k, 'a', true, -1);
        const task = new Task('a', 0, mm);
        k.addTask(task);
        const cpu = k.cpus[0];
        // A kernel mapping (global) and a user one, both cached before the switch.
        cpu.tlb4k.fill(0xffff8000, 1, 0, true, true, 7, null, 0, 0);
        cpu.tlb4k.fill(0x10000, 1, 0, false, true, 8, null, 0, 0);
        switchTo(k, cpu, task);
        expect(k.counters.total[FIG.fullFlushes]).toBe(1);
        expect(k.counters.total[FIG.tlbEntriesDropped]).toBe(1);
        expect(cpu.tlb4k.find(0xffff8000, 1, 0)).toBeGreaterThanOrEqual(0);
        expect(cpu.tlb4k.find(0x10000, 1, 0)).toBe(-1);
    });

    it('GIVEN a task current on CPU 0 WHEN CPU 1 switches to it THEN CPU 0 goes idle first (migration)', () => {
        const s = new Scenario({ cpus: 2 }).process('a');
        s.switch(0, 'a');
        const id = s.op({ kind: 'migrate', task: { name: 'a', thread: 0 }, cpu: 1 });
        const result = runScenario(s.build());
        // CPU 0 to idle (lazy, 1 switch), CPU 1 from idle to a (1 switch, CR3 write, full flush).
        expect(figuresOf(result, id)).toEqual({ contextSwitches: 2, cr3Writes: 1, fullFlushes: 1 });
        expect(result.perCpu[0].contextSwitches).toBe(2);
    });

    it('GIVEN a task current nowhere WHEN it writes THEN an error event and nothing happens (R22)', () => {
        const s = new Scenario().process('a');
        s.mmap('a', BASE, PAGE);
        const result = runScenario(s.build());
        expect(result.errors).toEqual([
            {
                message: 'mmap: task a is not current on any CPU (switch to it first)',
                statementId: 1,
                loc: { line: 1, column: 1, endLine: 1, endColumn: 10 },
            },
        ]);
        expect(figuresOf(result, 1)).toEqual({});
    });
});

describe('lazy TLB and leave_mm (R15)', () => {
    it('GIVEN a kernel thread borrowing the mm on CPU 1 WHEN the mm is shot down THEN CPU 1 gets an IPI and leaves the mm', () => {
        const s = new Scenario({ cpus: 2 }).process('a', 2).kthread('kworker');
        s.switch(0, 'a.0');
        s.switch(1, 'a.1');
        s.switch(1, 'kworker'); // lazy: CPU 1 stays in a's cpumask
        s.mmap('a', BASE, 2n * PAGE);
        s.write('a', BASE, 2n * PAGE);
        const first = s.munmap('a', BASE, PAGE);
        const second = s.munmap('a', BASE + PAGE, PAGE);
        const result = runScenario(s.build());
        // First: CPU 0 invlpg 1 (drops 1 entry); CPU 1 IPI + leave_mm: CR3 write and full flush.
        expect(figuresOf(result, first)).toEqual({
            invlpg: 1,
            ipis: 1,
            shootdowns: 1,
            cr3Writes: 1,
            fullFlushes: 1,
            tlbEntriesDropped: 1,
        });
        // Second: CPU 1 left the cpumask: local only. The VMA is gone: pte, pmd, pud freed.
        expect(figuresOf(result, second)).toEqual({
            invlpg: 1,
            tlbEntriesDropped: 1,
            ptPagesFreed: 3,
            lowmemPages: -3,
        });
        expect(result.events.filter(e => e.kind === 'leave_mm')).toMatchObject([{ cpu: 1, mm: 'a' }]);
    });
});
