/**
 * Checker diagnostics of the secondary MMU and device constructs (docs/model.md R52, R71): each bad
 * input gets an error with its range, never a crash or a silent run-time error only.
 */
import { describe, test } from 'vitest';
import { expectNoIssues } from 'langium/test';
import { expectDiagnostics, validate } from './helpers.js';

const HEAD = `machine m { arch x86_64 cpus 2 }
process db
`;

describe('the secondary clause', () => {
    test("GIVEN secondary per-page else purge THEN an error on `else purge`: purging past a maximum is a range secondary's", async () => {
        const text = `${HEAD}notifier kvm on db { api range secondary per-page else purge cost 2 us }`;
        await expectDiagnostics(text, [
            [
                'else purge',
                'error: `else purge` is for a range secondary (secondary range max N pages else purge): ' +
                    'a per-page secondary looks up every page of a callout and flushes once (R52)',
            ],
        ]);
    });

    test('GIVEN secondary range max 0 pages THEN an error on the count', async () => {
        const text = `${HEAD}notifier gru on db { secondary range max 0 pages else purge }`;
        await expectDiagnostics(text, [['0 pages', 'error: max pages must be between 1 and 4294967296, found 0']]);
    });

    test('GIVEN a variant that makes a per-page secondary purge THEN the override is reported', async () => {
        const text =
            `${HEAD}notifier kvm on db { secondary per-page }\nvariant v { notifier kvm { secondary per-page ` +
            `else purge } }`;
        await expectDiagnostics(text, [
            [
                'else purge',
                'error: `else purge` is for a range secondary (secondary range max N pages else purge): ' +
                    'a per-page secondary looks up every page of a callout and flushes once (R52)',
            ],
        ]);
    });

    test('GIVEN both kinds written as the docs show THEN no issue', async () => {
        expectNoIssues(
            await validate(`${HEAD}notifier gru on db { secondary range max 1024 pages else purge cost 2 us }
notifier kvm on db { secondary per-page cost 2 us }`),
        );
    });
});

describe('device accesses (R71)', () => {
    const run = (body: string) => `${HEAD}process vm
notifier gru on db { api range secondary range max 1024 pages else purge }
notifier kvm on db { api range secondary per-page }
notifier late on vm { api range }
run r on m {
    switch cpu 0 to db
    mmap db size 1 MiB as heap
    write db heap
${body}
}`;

    test('GIVEN a device access through an unknown notifier THEN a linking error on its name', async () => {
        const text = run('    device gpu read heap');
        await expectDiagnostics(text, [['gpu', "error: unknown notifier 'gpu': did you mean 'gru'?"]]);
    });

    test('GIVEN a device access after unregister, and after the exit of the mm THEN errors naming the line of the release', async () => {
        const text = run(`    device gru read heap
    unregister gru
    device gru read heap
    device kvm read heap
    exit db
    device kvm write heap`);
        await expectDiagnostics(text, [
            [
                'device «gru» read heap\n    device kvm',
                'error: notifier gru was released at line 12 (unregister): its secondary MMU maps ' +
                    'nothing any more, a device access through it is an error (R71)',
            ],
            [
                'device «kvm» write',
                'error: notifier kvm was released at line 15 (the exit of its mm): its secondary MMU ' +
                    'maps nothing any more, a device access through it is an error (R71)',
            ],
        ]);
    });

    test('GIVEN a device access before the run registers the notifier THEN an error; inside a repeat that registers it, none', async () => {
        const text = run(`    device late read heap
    register late
    device late read heap
    repeat 2 { unregister late register late }
    device late read heap`);
        await expectDiagnostics(text, [
            [
                'device «late» read heap\n    register',
                'error: notifier late is not registered yet: this run registers it later, and a device ' +
                    'access needs an armed notifier (R71)',
            ],
        ]);
    });
});
