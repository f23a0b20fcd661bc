/** Kernel era, ASID policy and noflush (docs/model.md R40, R58, R62, R75): checker diagnostics with ranges. */
import { describe, test, expect } from 'vitest';
import { expectDiagnostics, parse } from './helpers.js';
import { lowerMachine } from '../../language/src/lowering/machine.js';
import type { Machine, MunmapOp, Run } from '../../language/src/generated/ast.js';
import { statementIds, StatementLowering } from '../../language/src/lowering/statements.js';

describe('kernel era and asid policy', () => {
    test('GIVEN kernel 6.x on an i386 machine THEN an error on the era', async () => {
        await expectDiagnostics('machine old { arch i386 kernel 6.x }', [
            [
                '6.x',
                'error: kernel 6.x is modelled on x86_64 only (its arch/x86/mm/tlb.c); i386 is a 2.4 or ' +
                    '2.6 machine here',
            ],
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
            [
                '6.x',
                'error: kernel 6.x is modelled on x86_64 only (its arch/x86/mm/tlb.c); i386 is a 2.4 or ' +
                    '2.6 machine here',
            ],
        ]);
    });

    test('GIVEN asid lru without pcid THEN a warning; with pcid on THEN none', async () => {
        await expectDiagnostics('machine a { asid lru }\nmachine b { pcid on asid lru }', [
            [
                'lru',
                'warning: asid lru has no effect without pcid on: every switch to another mm flushes the whole TLB',
            ],
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
            [
                'noflush',
                'warning: noflush has no effect here: mprotect to rw takes no permission away from a ' +
                    'cached entry, so no stale one can stay',
            ],
        ]);
        const doc = await parse(text);
        const run = doc.parseResult.value.elements.find(e => e.$type === 'Run') as Run;
        const lowered = new StatementLowering(statementIds(doc.parseResult.value)).lowerAll(run.statements);
        expect(lowered.map(s => ('noflush' in s ? s.noflush : undefined))).toEqual([true, true, true, true]);
        expect((run.statements[2] as MunmapOp).noflush).toBe(true);
    });
});

describe('a huge-page mapping cut off its page boundary (docs/model.md R37, R76)', () => {
    const MSG = (op: string, line: number, at: string) =>
        `error: ${op} cuts the 2 MiB huge-page mapping [0x40000000, 0x40400000) of line ${line} at ` +
        `${at}: not 2 MiB aligned (hugetlb split returns EINVAL)`;

    test('GIVEN a literal munmap starting inside a 2 MiB page and an mprotect ending inside THEN errors on the bound', async () => {
        const text = `process p
run {
    mmap p at 0x4000_0000 size 4 MiB huge 2 MiB
    mprotect p 0x4000_0000 size 3 MiB r
    madvise p 0x4020_0000 size 2 MiB dontneed
    munmap p 0x4010_0000 size 1 MiB
    munmap p 0x4010_0000 size 1 MiB
}`;
        // The first munmap forgets the mapping it overlaps (R76): the second is left to the run.
        await expectDiagnostics(text, [
            ['3 MiB', MSG('mprotect', 3, '0x40300000')],
            ['0x4010_0000', MSG('munmap', 3, '0x40100000')],
        ]);
    });

    test('GIVEN a MAP_FIXED mmap starting inside THEN an error on its address', async () => {
        const text = `process p
run {
    mmap p at 0x4000_0000 size 4 MiB huge 2 MiB
    mmap p at 0x4030_0000 size 1 MiB
}`;
        await expectDiagnostics(text, [
            [
                '0x4030_0000',
                'warning: mmap [0x40300000, 0x40400000) overlaps the fixed mapping [0x40000000, ' +
                    '0x40400000) of line 3: MAP_FIXED unmaps it first',
            ],
            ['0x4030_0000', MSG('mmap', 3, '0x40300000')],
        ]);
    });

    test('GIVEN a repeat, a fork or an aligned munmap in between THEN the checker stops tracking: no error', async () => {
        const text = `process p
process q
run {
    mmap p at 0x4000_0000 size 4 MiB huge 2 MiB
    repeat 2 { read p 0x4000_0000 }
    munmap p 0x4010_0000 size 1 MiB
    mmap q at 0x4000_0000 size 4 MiB huge 2 MiB
    munmap q 0x4000_0000 size 4 MiB
    munmap q 0x4010_0000 size 1 MiB
}`;
        await expectDiagnostics(text, []);
    });
});
