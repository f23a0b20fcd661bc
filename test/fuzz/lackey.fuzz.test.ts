/**
 * The lackey parser's fast paths (engine/lackey.ts): records of 8 and 10 address digits with a one-digit
 * size are read a word at a time, every other line byte by byte. On random traces built around the edges of
 * those shapes (digit counts 1-17, both cases, sizes of 0-2 digits, offsets at a page's end, CRLF, a bad
 * byte anywhere in a record, lines of junk), cut into random chunks, the parser must give exactly the page
 * runs and counts of a line-by-line reference: a regular expression and section 12's page rule
 * (test/fixtures/lackey-runs.ts).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { entriesOf, parseRuns, referenceEntries, referenceRecords } from '../fixtures/lackey-runs.js';
import { fuzz, SCALE } from './run-fuzz.js';

const hexDigit = fc.constantFrom(...'0123456789abcdefABCDEF');
const kind = fc.constantFrom('I  ', ' L ', ' S ', ' M ');

/** An address of `digits` hex digits, its last three often near a page's end (0xff0-0xfff). */
const address = (digits: number) =>
    fc
        .tuple(
            fc.array(hexDigit, { minLength: digits, maxLength: digits }),
            fc.boolean(),
            fc.integer({ min: 0, max: 15 }),
        )
        .map(([ds, nearEnd, low]) => {
            const text = ds.join('');
            if (!nearEnd || digits < 3) return text;
            return text.slice(0, -3) + 'ff' + low.toString(16);
        });

/** A record in one of the shapes, with one byte perhaps replaced by a byte no record has there. */
const recordLine = fc
    .tuple(
        kind,
        fc.oneof(
            { weight: 4, arbitrary: fc.constant(8) },
            { weight: 2, arbitrary: fc.constant(10) },
            { weight: 1, arbitrary: fc.integer({ min: 1, max: 13 }) },
        ),
        fc.oneof(
            { weight: 4, arbitrary: fc.integer({ min: 0, max: 9 }) },
            { weight: 1, arbitrary: fc.integer({ min: 10, max: 99 }) },
        ),
        fc.boolean(),
        fc.option(fc.tuple(fc.nat(), fc.constantFrom('g', ' ', ',', 'x', '\r', '-', '\u00ff')), { freq: 6 }),
    )
    .chain(([k, digits, size, crlf, bad]) =>
        address(digits).map(addr => {
            let line = `${k}${addr},${size}${crlf ? '\r' : ''}`;
            if (bad) {
                const at = bad[0] % line.length;
                line = line.slice(0, at) + bad[1] + line.slice(at + 1);
            }
            return line;
        }),
    );

const junkLine = fc.oneof(
    fc.constantFrom('', '==1== Lackey', 'I', 'I  ', ' L 1000', ' L ,8', 'I  0401ab70,', ' X 1000,8', '  L 1000,8'),
    fc.string({ maxLength: 20 }).map(s => s.replace(/\n/g, '')),
);

const trace = fc
    .tuple(
        fc.array(fc.oneof({ weight: 6, arbitrary: recordLine }, { weight: 1, arbitrary: junkLine }), { maxLength: 60 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 4 }),
    )
    .map(([lines, lastNewline, cuts]) => {
        const text = lines.join('\n') + (lastNewline && lines.length > 0 ? '\n' : '');
        const bytes = new TextEncoder().encode(text);
        const at = [...new Set(cuts.map(c => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...at].map((from, i) => bytes.subarray(from, i < at.length ? at[i] : bytes.length));
        return { text: new TextDecoder().decode(bytes), chunks };
    });

describe('lackey parser against a line-by-line reference', () => {
    test(
        'GIVEN random traces around the fast paths, in random chunks WHEN parsed THEN the runs and counts match',
        async () => {
            await fuzz(
                trace,
                async ({ text, chunks }) => {
                    const got = parseRuns(chunks);
                    const want = referenceRecords(text);
                    const label = JSON.stringify(text);
                    expect(entriesOf(got.runs), label).toEqual(referenceEntries(want.records));
                    expect([got.records, got.skipped], label).toEqual([want.records.length, want.skipped]);
                },
                4_000,
                300,
            );
        },
        30_000 * SCALE,
    );

    test('GIVEN the two fast shapes at a page end WHEN a record crosses THEN it is a range of two pages', () => {
        const got = parseRuns([' L 0401affc,8\n S 1ffefffffe,4\nI  0401a000,9\n']);
        expect(entriesOf(got.runs)).toEqual([
            [0x401a, 2, 'r+'],
            [0x1ffefff, 2, 'w+'],
            [0x401a, 1, 'r'],
        ]);
    });
});
