/** Linking, duplicate names and properties, imports across files. */
import { describe, expect, test } from 'vitest';
import { expectError, expectNoIssues } from 'langium/test';
import { at, diagnostics, expectDiagnostics, span, validate } from './helpers.js';

describe('linking', () => {
    test('GIVEN unknown machine, task, mm, notifier, VAS, segment, mapping THEN each is named with its kind', async () => {
        const text = `
process db
vas scratch
segment shm at 0x1000_0000 size 4 MiB
notifier gru on dbx
run on box {
    mmap db size 4 KiB as heap
    touch dbb heap
    touch db heep
    device gruu read heap
    vas create scrach
    segment attach shmm to scratch
}`;
        await expectDiagnostics(text, [
            ['dbx', "error: unknown mm 'dbx': did you mean 'db'?"],
            ['box', "error: unknown machine 'box'"],
            ['dbb', "error: unknown task 'dbb': did you mean 'db'?"],
            ['heep', "error: unknown mapping 'heep': did you mean 'heap'?"],
            ['gruu', "error: unknown notifier 'gruu': did you mean 'gru'?"],
            ['scrach', "error: unknown VAS 'scrach': did you mean 'scratch'?"],
            ['shmm', "error: unknown segment 'shmm': did you mean 'shm'?"],
        ]);
    });

    test('GIVEN a variant overriding an unknown declaration THEN the target is unknown', async () => {
        const text = `machine box { }
variant v { machine bx { cpus 2 } split nope { 3G/1G } use split other }`;
        await expectDiagnostics(text, [
            ['bx', "error: unknown machine 'bx': did you mean 'box'?"],
            ['nope', "error: unknown split 'nope'"],
            ['other', "error: unknown split 'other'"],
        ]);
    });

    test('GIVEN a mapping declared in another run THEN it is not visible', async () => {
        const text = `process p
run a { mmap p size 4 KiB as heap }
run b { touch p heap }`;
        await expectDiagnostics(text, [['heap', "error: unknown mapping 'heap'", 1]]);
    });
});

describe('duplicates', () => {
    test('GIVEN two declarations with one name THEN the second is reported with the line of the first', async () => {
        const text = `process db
vas db
machine box { }
machine box { }`;
        await expectDiagnostics(text, [
            ['db', "error: duplicate name 'db': already declared at line 1", 1],
            ['box', "error: duplicate name 'box': already declared at line 3", 1],
        ]);
    });

    test('GIVEN a fork child named like a process THEN it is a duplicate', async () => {
        const text = `process db
run { fork db as db }`;
        await expectDiagnostics(text, [['db', "error: duplicate name 'db': already declared at line 1", 2]]);
    });

    test('GIVEN properties given twice THEN each repeat is reported on its own range', async () => {
        const text = `machine m {
    ram 4 GiB
    ram 8 GiB
    tlb 4 KiB entries 64 ways 4
    tlb 4 KiB entries 32 ways 4
    tlb large entries 32 ways 4
    tlb 2 MiB entries 32 ways 4
}
split s { 3G/1G page_offset 0x8000_0000 }
notifier n on p { api range api page }
process p { threads 2 threads 3 }
run on m { mmap p size 4 KiB rw rx shared private }`;
        await expectDiagnostics(text, [
            ['ram 8 GiB', "error: property 'ram' is given twice"],
            ['tlb 4 KiB entries 32 ways 4', "error: property 'tlb 4 KiB' is given twice"],
            ['tlb 2 MiB entries 32 ways 4', "error: property 'tlb large' is given twice"],
            ['page_offset 0x8000_0000', "error: property 'page_offset' is given twice"],
            ['api page', "error: property 'api' is given twice"],
            ['threads 3', "error: property 'threads' is given twice"],
            ['rx', "error: property 'protection' is given twice"],
            ['private', "error: property 'private/shared' is given twice"],
        ]);
    });

    test('GIVEN two unnamed runs THEN the second must be named', async () => {
        const text = `run { }
run { }`;
        await expectDiagnostics(text, [
            ['run', 'error: only one run may be unnamed: name this one (run NAME on MACHINE { ... })', 1],
        ]);
    });

    test('GIVEN a variant called base THEN it is reserved', async () => {
        const text = 'variant base { }';
        const result = await validate(text);
        expectError(result, "'base' names the scenario without variants: choose another name", at(text, 'base'));
    });
});

describe('imports', () => {
    test('GIVEN a file importing another THEN it sees its machines, transitively', async () => {
        await validate('machine base_box { cpus 2 }', { documentUri: 'file:///lib/base.mscn' });
        await validate('import "base.mscn"\nmachine big { cpus 8 }', { documentUri: 'file:///lib/machines.mscn' });
        const result = await validate('import "../lib/machines.mscn"\nrun a on big { }\nrun b on base_box { }', {
            documentUri: 'file:///work/main.mscn',
        });
        expectNoIssues(result);
    });

    test('GIVEN a file that does not import another THEN its machines are unknown', async () => {
        await validate('machine hidden { }', { documentUri: 'file:///other/hidden.mscn' });
        const text = 'run on hidden { }';
        expect(await diagnostics(text, 'file:///other/main.mscn')).toEqual([
            `${span(text, 'hidden')} error: unknown machine 'hidden'`,
        ]);
    });

    test('GIVEN an import of a missing file THEN the error is on the import string', async () => {
        const text = 'import "nowhere.mscn"\nrun { }';
        expect(await diagnostics(text, 'file:///x/main.mscn')).toEqual([
            `${span(text, '"nowhere.mscn"')} error: cannot find imported file 'nowhere.mscn'`,
        ]);
    });

    test('GIVEN files that import each other THEN linking terminates and both see each other', async () => {
        await validate('import "b.mscn"\nmachine ma { }', { documentUri: 'file:///cyc/a.mscn' });
        const result = await validate('import "a.mscn"\nmachine mb { }\nrun on ma { }', {
            documentUri: 'file:///cyc/b.mscn',
        });
        expectNoIssues(result);
    });
});
