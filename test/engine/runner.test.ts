import { describe, it, expect } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import { Scenario, PAGE, check } from './builders.js';
import { figuresOf } from './helpers.js';

const BASE = 0x10000000n;

describe('runner: repeat, checks, budget, cancellation', () => {
    it('GIVEN a repeat of 3 WHEN its body writes and unmaps THEN the body statement sums over 3 executions', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        let write = 0;
        const loop = s.repeat(3, () => {
            s.mmap('a', BASE, PAGE);
            write = s.write('a', BASE);
            s.munmap('a', BASE, PAGE);
        });
        const result = runScenario(s.build());
        const stmt = result.statements.find(x => x.id === write)!;
        expect(stmt.executions).toBe(3);
        // Each time the tables were freed by the munmap: 3 allocated again per write, 3 x 3 = 9.
        expect(figuresOf(result, write)).toMatchObject({ pageFaults: 3, framesAllocated: 3, ptPagesAllocated: 9 });
        expect(figuresOf(result, loop)).toMatchObject({ pageFaults: 3, ptPagesFreed: 9, invlpg: 3 });
    });

    it('GIVEN => checks and expect statements WHEN some fail THEN each failure is reported with its actual value', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, PAGE);
        const w = s.op(
            {
                kind: 'access',
                access: 'write',
                task: { name: 'a', thread: 0 },
                range: { start: BASE, size: PAGE },
                stride: PAGE,
            },
            [check('pageFaults', '==', 1), check('walks', '==', 3)],
        );
        s.expect('ptPagesAllocated', '==', 4); // pgd at setup + 3
        const bad = s.expect('ptPagesAllocated', '==', 3, { kind: 'level', level: 'pte' });
        s.finalChecks.push(check('contextSwitches', '>', 1));
        const result = runScenario(s.build());
        expect(result.failedChecks.map(f => [f.check.text, f.actual, f.statementId])).toEqual([
            ['walks == 3', 2, w],
            ['ptPagesAllocated == 3', 1, bad],
            ['contextSwitches > 1', 1, -1],
        ]);
    });

    it('GIVEN a budget of 10 WHEN a write of 20 pages runs THEN the run stops with the figures so far', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a'); // op 1
        s.mmap('a', BASE, 20n * PAGE); // op 2
        const w = s.write('a', BASE, 20n * PAGE); // op 3, then accesses are ops 4..10
        s.exit('a');
        const result = runScenario(s.build(), { budget: 10 });
        expect(result.stopped).toEqual({
            reason: 'budget',
            message: 'stopped: the budget of 10 operations is spent',
            statementId: w,
        });
        expect(result.totals.accesses).toBe(7);
        expect(result.totals.framesAllocated).toBe(7);
        expect(result.statements.map(x => x.id)).toEqual([1, 2, 3]);
    });

    it('GIVEN a cancellation WHEN polled at 65536 operations THEN the run stops there', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, 100_000n * PAGE);
        s.write('a', BASE, 100_000n * PAGE);
        let polls = 0;
        const result = runScenario(s.build(), { isCancelled: () => ++polls > 3 });
        // Polls 1-3: before each of the 3 statements (a fork can take long without operations). Poll 4:
        // operation 65536 (3 statements + access 65533), told to stop, not performed.
        expect(polls).toBe(4);
        expect(result.stopped?.reason).toBe('cancelled');
        expect(result.totals.accesses).toBe(65532);
    });

    it('GIVEN a cancellation WHEN a statement starts THEN the run stops before it, on its parent statement', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        const loop = s.repeat(1000, () => {
            s.mmap('a', BASE, PAGE);
            s.munmap('a', BASE, PAGE);
        });
        let polls = 0;
        // Polls: 1 before switch, 2 before repeat, 3 before the first mmap, 4 before its munmap, 5 before the
        // second mmap: told to stop there. Operations: switch, repeat, mmap, munmap, and the second mmap's
        // tick (5), which is not performed; the stop is on the statement around it, the repeat.
        const result = runScenario(s.build(), { isCancelled: () => ++polls >= 5 });
        expect(polls).toBe(5);
        expect(result.stopped).toEqual({
            reason: 'cancelled',
            message: 'cancelled after 5 operations',
            statementId: loop,
        });
        expect(result.statements.find(x => x.id === loop + 1)?.executions).toBe(1);
        expect(result.statements.find(x => x.id === loop + 2)?.executions).toBe(1);
    });

    it('GIVEN snapshotAfter WHEN the statement runs THEN the page-table tree and TLB are captured', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, 4n * PAGE);
        const w = s.write('a', BASE, 3n * PAGE);
        const result = runScenario(s.build(), { snapshotAfter: new Set([w]) });
        const snap = result.snapshots[w];
        const pgd = snap.mms[0].root!;
        const pte = pgd.children[0].table.children[0].table.children[0].table;
        expect(pte.level).toBe('pte');
        expect(pte.leaves).toEqual([
            { index: 0, count: 3, start: '0x10000000', size: 4096, kind: 'page', frame: 1, perms: 'rw' },
        ]);
        expect(snap.cpus[0].tlb.map(e => [e.vpn, e.writable, e.stale])).toEqual([
            ['0x10000000', true, false],
            ['0x10001000', true, false],
            ['0x10002000', true, false],
        ]);
    });
});
