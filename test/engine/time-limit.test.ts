/**
 * The wall-clock bound (docs/limits.md "Time"): the engine reads no clock of its own; the caller passes
 * `timeLimit: { ms, now }` and the kernel polls `now()` where it polls the cancellation: before every
 * statement and every 2^16 operations. A clock that moves one unit per call makes the stop exact.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import { Scenario, PAGE, RW, RO } from './builders.js';

const BASE = 0x10000000n;

/** A clock that advances by `step` at each reading, and how many times it was read. */
function steppingClock(step: number): { now: () => number; readings: () => number } {
    let t = 0;
    let n = 0;
    return {
        now: () => {
            n++;
            return (t += step);
        },
        readings: () => n,
    };
}

describe('the time limit', () => {
    it('GIVEN 25 ms and a clock of 10 ms a reading WHEN the third top-level statement is due THEN the run stops on it', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, 4n * PAGE);
        const w = s.write('a', BASE, 4n * PAGE);
        const clock = steppingClock(10);
        const result = runScenario(s.build(), { timeLimit: { ms: 25, now: clock.now } });
        // Reading 1 (10) at the kernel's creation: deadline 35. Before the switch: 20; before the mmap: 30;
        // before the write: 40 > 35, stopped. The write did not run: no page fault, no access.
        expect(result.stopped).toEqual({
            reason: 'time',
            message: 'stopped: the time limit of 0.025 s is spent',
            statementId: w,
        });
        expect(clock.readings()).toBe(4);
        expect(result.statements.map(x => x.id)).toEqual([1, 2]);
        expect([result.totals.accesses, result.totals.pageFaults]).toEqual([0, 0]);
    });

    it('GIVEN 100 ms and a clock of 1 ms a reading WHEN a repeat of mprotects runs THEN it stops inside, said on the repeat', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, PAGE);
        let flip = 0;
        const loop = s.repeat(1_000_000, () => {
            flip = s.mprotect('a', BASE, PAGE, RO);
            s.mprotect('a', BASE, PAGE, RW);
        });
        const clock = steppingClock(1);
        const result = runScenario(s.build(), { timeLimit: { ms: 100, now: clock.now } });
        // Reading 1 at creation (1): deadline 101. Readings 2-4 before switch, mmap and repeat; readings 5-101
        // (97) before the body's statements: 49 read-only mprotects and 48 back to rw ran. Reading 102 (102 >
        // 101) stops the run before the 98th; the stop is said on the repeat, the statement that was running.
        expect(result.stopped?.reason).toBe('time');
        expect(result.stopped?.statementId).toBe(loop);
        expect(clock.readings()).toBe(102);
        expect(result.statements.find(x => x.id === flip)?.executions).toBe(49);
    });
});
