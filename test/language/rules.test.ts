/** Notifier rules (docs/model.md section 7), tasks and CPUs, figures and cost events. */
import { describe, test } from 'vitest';
import { expectError, expectNoIssues } from 'langium/test';
import { at, expectDiagnostics, validate } from './helpers.js';

describe('notifiers', () => {
    test('GIVEN a sleeping notifier with rcu locking THEN it is an error on the locking', async () => {
        const text = 'process p\nnotifier x on p { api range sleeps yes locking rcu }';
        const result = await validate(text);
        expectError(
            result,
            'a sleeping notifier cannot use rcu locking: its callouts would schedule inside ' +
                'rcu_read_lock (use locking mutex)',
            at(text, 'locking rcu'),
        );
    });

    test('GIVEN a sleeping notifier with the default api and locking THEN both rules point at sleeps', async () => {
        const text = 'process p\nnotifier x on p { sleeps yes }';
        await expectDiagnostics(text, [
            [
                'sleeps yes',
                'error: a sleeping notifier cannot use rcu locking: its callouts would schedule inside ' +
                    'rcu_read_lock (use locking mutex)',
            ],
            [
                'sleeps yes',
                'error: a sleeping notifier cannot use api merged: invalidate_page is called under the ' +
                    'PT lock, in atomic context (use api range or interval)',
            ],
        ]);
    });

    test('GIVEN a sleeping notifier with api page THEN invalidate_page is atomic', async () => {
        const text = 'process p\nnotifier x on p { api page sleeps yes locking mutex }';
        await expectDiagnostics(text, [
            [
                'api page',
                'error: a sleeping notifier cannot use api page: invalidate_page is called under the PT ' +
                    'lock, in atomic context (use api range or interval)',
            ],
        ]);
    });

    test('GIVEN api interval without an interval, and an interval on api range THEN error and warning', async () => {
        const text = `process p
notifier a on p { api interval }
notifier b on p { api range at 0x1000 size 4 KiB }
notifier c on p { api interval at 0x1000 size 4 KiB }`;
        await expectDiagnostics(text, [
            ['interval', 'error: api interval needs an interval: api interval at ADDRESS size SIZE'],
            ['4 KiB', 'warning: an interval is used only by api interval: api range ignores it'],
        ]);
    });

    test('GIVEN a variant that makes a notifier sleep THEN the override is reported', async () => {
        const text = 'process p\nnotifier x on p { api range }\nvariant v { notifier x { sleeps yes } }';
        await expectDiagnostics(text, [
            [
                'sleeps yes',
                'error: a sleeping notifier cannot use rcu locking: its callouts would schedule inside ' +
                    'rcu_read_lock (use locking mutex)',
            ],
        ]);
    });

    test('GIVEN the XPMEM design THEN no issue', async () => {
        expectNoIssues(
            await validate(
                'process p\nnotifier x on p { api range sleeps yes locking mutex secondary per-page cost 5 us }',
            ),
        );
    });
});

describe('tasks and CPUs', () => {
    test('GIVEN a CPU beyond the machine THEN switch, migrate and expect qualifiers are reported', async () => {
        const text = `machine m { cpus 2 }
process p
run on m {
    switch cpu 2 to p
    migrate p to cpu 7
    expect ipis(cpu 2) == 0
}
run other { switch cpu 1 to idle }`;
        await expectDiagnostics(text, [
            ['cpu «2» to', "error: cpu 2 does not exist: machine 'm' has 2 CPUs"],
            ['7', "error: cpu 7 does not exist: machine 'm' has 2 CPUs"],
            ['ipis(cpu «2»', "error: cpu 2 does not exist: machine 'm' has 2 CPUs"],
            ['cpu «1» to', "error: cpu 1 does not exist: machine 'default' has 1 CPU"],
        ]);
    });

    test('GIVEN a thread beyond the process THEN the thread count is named', async () => {
        const text = `process p { threads 2 }
kthread k
run { switch cpu 0 to p[2]
      fork p[1] as child
      switch cpu 0 to child[1]
      switch cpu 0 to k[1] }`;
        await expectDiagnostics(text, [
            ['p[«2»]', "error: thread 2 does not exist: 'p' has 2 threads"],
            ['child[«1»]', "error: thread 1 does not exist: 'child' has 1 thread"],
            ['k[«1»]', "error: thread 1 does not exist: 'k' has 1 thread"],
        ]);
    });

    test('GIVEN a task used after its exit in straight-line code THEN every later use is an error', async () => {
        const text = `process p { threads 2 }
run {
    exit p[1]
    switch cpu 0 to p
    touch p[1] 0x1000
    repeat 2 { exit p  switch cpu 0 to p }
    repeat 2 { write p[1] 0x1000 }
}`;
        await expectDiagnostics(text, [
            ['«p[1]» 0x1000', "error: task 'p[1]' is used after its exit at line 3"],
            ['write «p[1]»', "error: task 'p[1]' is used after its exit at line 3"],
        ]);
    });

    test('GIVEN a forked child that exits and is forked again THEN it lives again', async () => {
        expectNoIssues(await validate('process p\nrun { fork p as c\nexit c\nfork p as c2\nswitch cpu 0 to c2 }'));
    });

    test('GIVEN an mm operation on a kernel thread THEN it has no mm', async () => {
        const text = 'process p\nkthread k\nrun { mmap k size 4 KiB\nswapout p 0x1000 by k }';
        await expectDiagnostics(text, [
            ['mmap «k»', "error: kernel thread 'k' has no mm of its own: mmap needs a process"],
        ]);
    });
});

describe('figures and cost events', () => {
    test('GIVEN an unknown figure THEN did you mean', async () => {
        const text = 'run { expect tlbMiss == 3\nexpect frobs == 1 }';
        await expectDiagnostics(text, [
            ['tlbMiss', "error: unknown figure 'tlbMiss': did you mean 'tlbMisses'?"],
            ['frobs', "error: unknown figure 'frobs'"],
        ]);
    });

    test('GIVEN a figure in a statement check THEN it is checked as well', async () => {
        const text = 'process p\nrun { munmap p 0x1000 => ipi == 0, invlpg == 1 }';
        await expectDiagnostics(text, [['ipi', "error: unknown figure 'ipi': did you mean 'ipis'?"]]);
    });

    test('GIVEN qualifiers that do not fit the figure THEN each is reported', async () => {
        const text = `machine m { arch i386 }
process p
notifier n on p
run on m {
    expect ipis(n) == 0
    expect walks(level pte) == 0
    expect ptPagesAllocated(level pmdd) == 0
    expect ptPagesAllocated(level pud) == 0
    expect secondaryFlushes(n) == 0
    expect ptPagesFreed(level pte) == 0
}`;
        await expectDiagnostics(text, [
            [
                'ipis(«n»',
                "error: figure 'ipis' cannot be qualified by notifier 'n': only the callout and " +
                    'secondary figures belong to a notifier',
            ],
            ['pte', 'error: only ptPagesAllocated and ptPagesFreed can be qualified by a page-table level'],
            ['pmdd', "error: unknown page-table level 'pmdd': did you mean 'pmd'?"],
            ['pud', "error: level 'pud' does not exist on i386 (pgd, pte)"],
        ]);
    });

    test('GIVEN an unknown cost event THEN did you mean', async () => {
        const text = 'machine m { cost invlpgs 300 cycles  cost contextSwitches 2 us  cost walks 1 ns }';
        await expectDiagnostics(text, [
            ['invlpgs', "error: unknown cost event 'invlpgs': did you mean 'invlpg'?"],
            ['walks', "error: unknown cost event 'walks'"],
        ]);
    });
});
