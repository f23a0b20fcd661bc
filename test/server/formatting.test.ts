/**
 * Format Document: one declaration, property or statement per line, four-space indents in blocks,
 * single spaces, no space inside `p[1]` or `ipis(cpu 1)`, comments kept.
 */
import { describe, test } from 'vitest';
import { expectFormatting } from 'langium/test';
import { services } from './helpers.js';

const format = expectFormatting(services);

describe('GIVEN a scenario written on few lines', () => {
    test('WHEN formatted THEN blocks are indented and each statement has its own line', async () => {
        await format({
            before:
                'machine m {arch i386   cpus 2}\nprocess p { threads 2 }\nrun r on m { switch cpu 0 to p [ 1 ' +
                ']\n mmap p size 8 KiB as b => ipis ( cpu 1 ) == 0 , fullFlushes == 0\n repeat 2 { write p b ' +
                '} }',
            after: [
                'machine m {',
                '    arch i386',
                '    cpus 2',
                '}',
                'process p {',
                '    threads 2',
                '}',
                'run r on m {',
                '    switch cpu 0 to p[1]',
                '    mmap p size 8 KiB as b => ipis(cpu 1) == 0, fullFlushes == 0',
                '    repeat 2 {',
                '        write p b',
                '    }',
                '}',
            ].join('\n'),
        });
    });

    test('WHEN blank lines and comments separate elements THEN one blank line and the comments stay', async () => {
        await format({
            before: 'process p\n\n\n\nkthread k\n// the work\nrun r {\n  switch cpu 0 to p // on the boot CPU\n}',
            after: 'process p\n\nkthread k\n// the work\nrun r {\n    switch cpu 0 to p // on the boot CPU\n}',
        });
    });
});
