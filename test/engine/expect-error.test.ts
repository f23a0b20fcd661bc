import { describe, it, expect } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import { Scenario, PAGE } from './builders.js';

const BASE = 0x10000000n;

describe('expect error: a design meant to fail', () => {
    it('GIVEN a write outside every VMA and an expect error for it THEN the error is kept, marked expected', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        const writeId = s.write('a', BASE);
        s.expectError('outside every VMA');
        const result = runScenario(s.build());
        expect(result.segfaults).toEqual([
            {
                message: 'segfault: write at 0x10000000 outside every VMA',
                statementId: writeId,
                loc: expect.anything(),
                expected: true,
            },
        ]);
    });

    it('GIVEN an expect error before the error happens THEN it fails on its own line, and the later error is not excused', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        const expectId = s.expectError('outside every VMA');
        const writeId = s.write('a', BASE, PAGE);
        const result = runScenario(s.build());
        expect(result.errors.map(e => [e.message, e.statementId, e.expected ?? false])).toEqual([
            ['expected an error containing "outside every VMA", but the run reported none', expectId, false],
        ]);
        expect(result.segfaults.map(e => [e.message, e.statementId, e.expected ?? false])).toEqual([
            ['segfault: write at 0x10000000 outside every VMA', writeId, false],
        ]);
    });

    it('GIVEN a variant expect error THEN it is evaluated on the whole run at its end', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.write('a', BASE);
        const config = {
            ...s.build(),
            finalErrors: [{ text: 'segfault', loc: { line: 9, column: 5, endLine: 9, endColumn: 30 } }],
        };
        expect(runScenario(config).segfaults.every(e => e.expected)).toBe(true);
    });
});
