/** exec (docs/model.md departure 6) followed by exit: the process's mm is the one exec made. */
import { describe, expect, test } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import { Scenario } from './builders.js';

describe('exec then exit', () => {
    test('GIVEN exec then exit of the process THEN exit tears down the new mm, once, and the old one is not freed again', () => {
        // x86_64: the setup's pgd (1), exec's new pgd (2); exec tears the old mm down (pgd freed: 1);
        // exit tears down the new mm (pgd freed: 2). Every table is freed once: lowmemPages of the
        // process's (new) mm ends at 1 - 1 = 0. Found by the invariant property test: exit used the
        // task's first mm, freed its pgd a second time and left the new mm alive.
        const s = new Scenario().process('p');
        s.switch(0, 'p');
        s.op({ kind: 'exec', task: { name: 'p', thread: 0 } });
        s.exit('p');
        s.expect('lowmemPages', '==', 0, { kind: 'mm', name: 'p' });
        const result = runScenario(s.build(), { checkInvariants: { deep: true } });
        expect(result.ptPages.allocated.pgd).toBe(2);
        expect(result.ptPages.freed.pgd).toBe(2);
        expect(result.failedChecks).toEqual([]);
        expect(result.errors).toEqual([]);
    });
});
