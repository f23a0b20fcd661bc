import { describe, it, expect } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import { Kernel, MAX_TASKS } from '../../language/src/engine/kernel.js';
import { Task } from '../../language/src/engine/cpu.js';
import { Scenario, splitFor, machine } from './builders.js';

/** 4 processes of 4,194,304 threads (PID_MAX_LIMIT): 16,777,216 tasks declared, 4 GiB by memory.ts's 256 bytes each. */
function manyThreads(): Scenario {
    const s = new Scenario();
    for (const name of ['p', 'q', 'r', 's']) s.process(name, 4_194_304);
    s.switch(0, 'p');
    return s;
}

describe('tasks made at setup are charged to the memory budget as they are made (engine/runner.ts setup)', () => {
    it('GIVEN 4 processes of 4,194,304 threads and 16 MiB WHEN setup makes the 65,498th task THEN it stops there, within seconds', () => {
        // Held before the tasks: 96 TLB entries x 48 = 4,608, mm p 1,024 + 1 cpumask byte, its pgd 4,224:
        // 9,857 bytes. 9,857 + 65,498 x 256 = 16,777,345 > 16 MiB (16,777,216). Before the fix setup went
        // on making all 16,777,216 tasks (51 s, 3.6 GiB of RSS) after the budget was reached.
        const result = runScenario(manyThreads().build(), { memory: 16 * 1024 * 1024 });
        expect(result.stopped).toEqual({
            reason: 'memory',
            message:
                'stopped: the memory budget of 16 MiB is reached: 1 page table (4.13 KiB), 1 mm (1 KiB), ' +
                '65,498 tasks (15.99 MiB), 96 TLB entries (4.5 KiB) (raise the memory budget)',
            statementId: -1,
        });
        // no statement ran: the switch never happened
        expect(result.statements).toEqual([]);
        expect(result.totals.cr3Writes).toBe(0);
    }, 30_000); // before, 51 s: past the timeout

    it('GIVEN a cancellation WHEN setup is making millions of tasks THEN it is polled every 65,536 tasks', () => {
        let polls = 0;
        const result = runScenario(manyThreads().build(), {
            memory: 8 * 1024 ** 3,
            isCancelled: () => ++polls > 0,
        });
        expect(result.stopped).toEqual({
            reason: 'cancelled',
            message: 'cancelled after 0 operations',
            statementId: -1,
        });
        expect(polls).toBe(1);
    });

    it('GIVEN a run already holding MAX_TASKS tasks (a budget raised past 4 GiB) THEN the next task stops it, never a raw Map error', () => {
        expect(MAX_TASKS).toBe(16_000_000);
        const k = new Kernel(machine(), splitFor('x86_64'), { budget: 1000, maxEvents: 10, memory: 2 ** 50 });
        // 16,000,000 real tasks would take a minute to make: the Map says it holds them
        Object.defineProperty(k.tasks, 'size', { get: () => MAX_TASKS });
        k.addTask(new Task('p', 0, null));
        expect(k.stopped).toEqual({
            reason: 'memory',
            message: 'stopped: the engine holds at most 16,000,000 tasks, whatever the memory budget',
        });
        expect(k.findTask('p', 0)).toBeUndefined();
        expect(k.memory.counts.tasks).toBe(0);
    });
});
