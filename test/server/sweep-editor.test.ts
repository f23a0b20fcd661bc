/** A sweep in the editor: completion offers its parameters and their words; hover counts its points. */
import { describe, expect, test } from 'vitest';
import { expectCompletion, expectHover } from 'langium/test';
import { SWEEP_PARAMS } from '../../language/src/lowering/sweep.js';
import { services } from './helpers.js';

const complete = expectCompletion(services);
const hover = expectHover(services);

const HEAD = 'notifier gru on p\nprocess p\nsplit classic { 3G/1G }\nsplit wide { 2G/2G }\nrun { syscall p }\n';

describe('GIVEN a sweep', () => {
    test('WHEN completing a parameter THEN every sweepable parameter is offered with what it sets', async () => {
        await complete({
            text: `${HEAD}sweep s { <|> }`,
            index: 0,
            assert: list => {
                const params = list.items.filter(i => i.detail !== undefined && i.label in SWEEP_PARAMS);
                expect(params.map(i => i.label).sort()).toEqual(Object.keys(SWEEP_PARAMS).sort());
                expect(params.find(i => i.label === 'flush')?.detail).toBe(SWEEP_PARAMS.flush.doc);
            },
        });
    });

    test('WHEN completing a value of api or split THEN its words, or the declared splits', async () => {
        await complete({
            text: `${HEAD}sweep s { api = <|> }`,
            index: 0,
            assert: list =>
                expect(list.items.map(i => i.label)).toEqual(
                    expect.arrayContaining(['page', 'range', 'merged', 'interval']),
                ),
        });
        await complete({
            text: `${HEAD}sweep s { split = <|> }`,
            index: 0,
            assert: list => expect(list.items.map(i => i.label)).toEqual(expect.arrayContaining(['classic', 'wide'])),
        });
    });

    test('WHEN hovering its header or a parameter THEN the point count and the values', async () => {
        // tlb: 16, 32, ..., 1024 by *2 = 7 values; api: 2 values → 14 points
        const text = `${HEAD}sweep s { tlb = 16 to 1024 by *2  api(gru) = page, range }`;
        await hover({
            text: text.replace('sweep s', 'sw<|>eep s'),
            index: 0,
            hover:
                '**sweep s**: 14 points = tlb (7) × api.gru (2) (limit 10,000); ' +
                'each a variant named by its values, run under every run block',
        });
        await hover({
            text: text.replace('tlb =', 't<|>lb ='),
            index: 0,
            hover: `**tlb**: ${SWEEP_PARAMS.tlb.doc}\n\n7 values: 16, 32, 64, 128, 256, 512, 1024`,
        });
    });

    test('WHEN hovering a range of a billion values THEN they are counted and the first 12 listed', async () => {
        // Listing every value first (stop 13) ran the server out of memory on this hover.
        const text = `${HEAD}sweep s { cpus = 1 to 1000000000  api(gru) = page }`;
        await hover({
            text: text.replace('cpus =', 'c<|>pus ='),
            index: 0,
            hover:
                `**cpus**: ${SWEEP_PARAMS.cpus.doc}\n\n` +
                '1,000,000,000 values: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, …',
        });
        await hover({
            text: text.replace('sweep s', 'sw<|>eep s'),
            index: 0,
            hover:
                '**sweep s**: 1,000,000,000 points = cpus (1,000,000,000) × api.gru (1) (limit 10,000); ' +
                'each a variant named by its values, run under every run block',
        });
    });
});
