/** Format Document on a sweep: one parameter per line, `64/4`, `by *2` and `api(gru)` kept tight. */
import { describe, test } from 'vitest';
import { expectFormatting } from 'langium/test';
import { services } from './helpers.js';

const format = expectFormatting(services);

describe('GIVEN a sweep written on one line', () => {
    test('WHEN formatted THEN a parameter per line, values as written', async () => {
        await format({
            before:
                'process p\nnotifier gru on p\n' +
                'sweep s max 100 { tlb = 16 to 1024 by * 2 ways 4 , 1536 / 4  ' +
                'api ( gru ) = page, range  cost invlpg = 100 cycles }',
            after: [
                'process p',
                'notifier gru on p',
                'sweep s max 100 {',
                '    tlb = 16 to 1024 by *2 ways 4, 1536/4',
                '    api(gru) = page, range',
                '    cost invlpg = 100 cycles',
                '}',
            ].join('\n'),
        });
    });
});
