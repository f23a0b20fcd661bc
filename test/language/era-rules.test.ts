/** Kernel era, ASID policy and noflush (docs/model.md R40, R58, R62, R75): checker diagnostics with ranges. */
import { describe, test, expect } from 'vitest';
import { expectDiagnostics, parse } from './helpers.js';
import { lowerMachine } from '../../language/src/lowering/machine.js';
import type { Machine, MunmapOp, Run } from '../../language/src/generated/ast.js';
import { statementIds, StatementLowering } from '../../language/src/lowering/statements.js';

describe('kernel era and asid policy', () => {
    test('GIVEN kernel 6.x on an i386 machine THEN an error on the era', async () => {
        await expectDiagnostics('machine old { arch i386 kernel 6.x }', [
            ['6.x', 'error: kernel 6.x is modelled on x86_64 only (its arch/x86/mm/tlb.c); i386 is a 2.4 or 2.6 machine here'],
        ]);
    });

    test('GIVEN kernel 6.x on x86_64 and kernel 2.4 on i386 THEN no issue; the eras lower', async () => {
        const text = 'machine new { arch x86_64 kernel 6.x }\nmachine old { arch i386 kernel 2.4 clock 2.4 GHz }';
        await expectDiagnostics(text, []);
        const doc = await parse(text);
        const machines = doc.parseResult.value.elements as Machine[];
        expect(machines.map(m => lowerMachine(m).era)).toEqual(['6.x', '2.4']);
        expect(lowerMachine(machines[1]).clockHz).toBe(2.4e9); // `2.4 GHz` still a number, not an era
    });

    test('GIVEN an unknown era and a variant moving an i386 machine to 6.x THEN errors on each', async () => {
        const text = 'machine m { arch i386 kernel 3.1 }\nvariant v { machine m { kernel 6.x } }';
        await expectDiagnostics(text, [
            ['3.1', 'error: unknown kernel era 3.1: the model knows 2.4, 2.6 (the default) and 6.x'],
            ['6.x', 'error: kernel 6.x is modelled on x86_64 only (its arch/x86/mm/tlb.c); i386 is a 2.4 or 2.6 machine here'],
        ]);
    });

    test('GIVEN asid lru without pcid THEN a warning; with pcid on THEN none', async () => {
        await expectDiagnostics('machine a { asid lru }\nmachine b { pcid on asid lru }', [
            ['lru', 'warning: asid lru has no effect without pcid on: every switch to another mm flushes the whole TLB'],
        ]);
    });
});

describe('noflush', () => {
    test('GIVEN mprotect to rw noflush THEN a warning on noflush; munmap and madvise noflush lower', async () => {
        const text = `process p
run {
    mprotect p 0x1000_0000 size 4 KiB rw noflush
    mprotect p 0x1000_0000 size 4 KiB r noflush
    munmap p 0x1000_0000 noflush
    madvise p 0x1000_0000 dontneed noflush
}`;
        await expectDiagnostics(text, [
            ['noflush', 'warning: noflush has no effect here: mprotect to rw takes no permission away from a cached entry, so no stale one can stay'],
        ]);
        const doc = await parse(text);
        const run = doc.parseResult.value.elements.find(e => e.$type === 'Run') as Run;
        const lowered = new StatementLowering(statementIds(doc.parseResult.value)).lowerAll(run.statements);
        expect(lowered.map(s => ('noflush' in s ? s.noflush : undefined))).toEqual([true, true, true, true]);
        expect((run.statements[2] as MunmapOp).noflush).toBe(true);
    });
});
