import { describe, it, expect } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import { runFindings } from '../../language/src/report/run-findings.js';
import { Scenario, PAGE, RW } from './builders.js';
import { figuresOf, expectInvariants } from './helpers.js';

const BASE = 0x10000000n;

describe('error events end the run; segfaults do not (docs/model.md R61, R63, R64)', () => {
    it('GIVEN an operation of a task current nowhere WHEN it errs THEN later statements and the rest of the repeat do not run', () => {
        const s = new Scenario().process('a').process('b');
        s.switch(0, 'a');
        s.mmap('a', BASE, 4n * PAGE, { prot: RW });
        const first = s.write('a', BASE);
        let bad = 0;
        let after = 0;
        const loop = s.repeat(3, () => {
            bad = s.write('b', BASE); // R22: b is current nowhere: an error event
            after = s.write('a', BASE + PAGE);
        });
        const later = s.write('a', BASE + 2n * PAGE);
        const expectLine = s.expectError('not current');
        const result = runScenario(s.build());
        // The first write: 1 miss, fault, retry (x86_64: 4 refs each walk, the failed one reads 1: an empty pgd slot).
        expect(figuresOf(result, first)).toMatchObject({ accesses: 1, pageFaults: 1, framesAllocated: 1 });
        // The erring statement ran once and counted nothing; the statement after it in the repeat never ran,
        // nor did the later write: figures up to the error are kept.
        expect(result.statements.find(x => x.id === bad)?.executions).toBe(1);
        expect(result.statements.find(x => x.id === after)).toBeUndefined();
        expect(result.statements.find(x => x.id === later)).toBeUndefined();
        expect(result.statements.find(x => x.id === loop)?.executions).toBe(1);
        expect(result.totals.accesses).toBe(1);
        expect(result.endedByError).toEqual({
            message: 'write: task b is not current on any CPU (switch to it first)',
            statementId: bad,
        });
        // `expect error` after the stop still reads the errors so far.
        expect(result.errors).toEqual([
            {
                message: 'write: task b is not current on any CPU (switch to it first)',
                statementId: bad,
                loc: expect.anything(),
                expected: true,
            },
        ]);
        expect(result.statements.find(x => x.id === expectLine)).toBeUndefined();
    });

    it('GIVEN segfaults WHEN the run goes on THEN they are segfault events and warnings, not errors', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        const outside = s.write('a', BASE, 2n * PAGE);
        s.mmap('a', BASE, PAGE, { prot: RW });
        const inside = s.write('a', BASE);
        const result = runScenario(s.build());
        expect(result.errors).toEqual([]);
        expect(result.endedByError).toBeUndefined();
        expect(result.events.filter(e => e.kind === 'segfault').length).toBe(2);
        expect(figuresOf(result, outside)).toMatchObject({ segfaults: 2, pageFaults: 2 });
        expect(figuresOf(result, inside)).toMatchObject({ pageFaults: 1, framesAllocated: 1 });
        expect(runFindings([result]).map(f => [f.severity, f.message])).toEqual([
            ['warning', 'segfault: write at 0x10000000 outside every VMA (and 1 more like it)'],
        ]);
        expectInvariants(result);
    });

    it('GIVEN a user access at TASK_SIZE (R64) THEN segfaults +1, a segfault event, and no access, lookup or walk', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        // x86_64 TASK_SIZE = 0x7ffffffff000: the page at it is above user space (x86's U/S bit).
        const id = s.read('a', 0x7ffffffff000n);
        const result = runScenario(s.build());
        expect(figuresOf(result, id)).toEqual({ segfaults: 1 });
        expect(result.events.map(e => e.kind)).toContain('segfault');
        expect(result.errors).toEqual([]);
    });
});
