/**
 * The lackey parser (engine/lackey.ts): which lines are records, and the page runs of those records
 * (page-runs.ts), checked against the runs the same records make by section 12 worked out on their own
 * (test/fixtures/lackey-runs.ts `referenceEntries`).
 */
import { describe, expect, test } from 'vitest';
import { LackeyParser } from '../../language/src/engine/lackey.js';
import { PageRuns } from '../../language/src/engine/page-runs.js';
import {
    entriesOf,
    parseRuns,
    referenceEntries,
    type RunEntry,
    type TraceRecord as Record,
} from '../fixtures/lackey-runs.js';

interface Parsed {
    entries: RunEntry[];
    count: number;
    skipped: number;
    bytes: number;
}

function parse(chunks: (string | Uint8Array)[]): Parsed {
    const { runs, records, skipped, bytes } = parseRuns(chunks);
    return { entries: entriesOf(runs), count: records, skipped, bytes };
}

/** What `records` must parse into. */
const runsOf = referenceEntries;

// A real lackey excerpt (valgrind 3.19, /bin/true), with its banner lines.
const SAMPLE = [
    '==4233== Lackey, an example Valgrind tool',
    '==4233== Command: /bin/true',
    '==4233== ',
    'I  0401ab70,3',
    'I  0401ab73,5',
    ' S 1fff000778,8',
    ' L 1fff000750,8',
    ' M 0402a0c8,4',
    'I  0401b771,7',
    '==4233== ',
    '==4233== Counted 1 call to main()',
    '',
].join('\n');

const SAMPLE_RECORDS: Record[] = [
    [0x0401ab70, 3, false],
    [0x0401ab73, 5, false],
    [0x1fff000778, 8, true],
    [0x1fff000750, 8, false],
    [0x0402a0c8, 4, true],
    [0x0401b771, 7, false],
];

describe('LackeyParser', () => {
    test('GIVEN a lackey excerpt WHEN parsed in one chunk THEN I and L are reads, S and M writes, banners skipped', () => {
        const out = parse([SAMPLE]);
        // Pages 0x401a (two fetches: one entry of 2), 0x1fff000 (a store, then a load: two entries), 0x402a
        // (a modify is a write), 0x401b.
        expect(out.entries).toEqual([
            [0x401a, 2, 'r'],
            [0x1fff000, 1, 'w'],
            [0x1fff000, 1, 'r'],
            [0x402a, 1, 'w'],
            [0x401b, 1, 'r'],
        ]);
        expect(out.entries).toEqual(runsOf(SAMPLE_RECORDS));
        expect(out.count).toBe(6);
        // 5 `==4233==` lines; the text ends with a newline, so there is no empty last line.
        expect(out.skipped).toBe(5);
        expect(out.bytes).toBe(new TextEncoder().encode(SAMPLE).length);
    });

    test('GIVEN the excerpt WHEN cut at every byte position (and into single bytes) THEN the records are identical', () => {
        const bytes = new TextEncoder().encode(SAMPLE);
        for (let cut = 0; cut <= bytes.length; cut++) {
            const out = parse([bytes.subarray(0, cut), bytes.subarray(cut)]);
            expect(out.entries, `cut at ${cut}`).toEqual(runsOf(SAMPLE_RECORDS));
            expect(out.skipped, `cut at ${cut}`).toBe(5);
        }
        for (let a = 0; a <= bytes.length; a += 3) {
            for (let b = a; b <= bytes.length; b += 5) {
                const out = parse([bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)]);
                expect(out.entries, `cuts at ${a}, ${b}`).toEqual(runsOf(SAMPLE_RECORDS));
            }
        }
        const singles = Array.from(bytes, byte => Uint8Array.of(byte));
        expect(parse(singles).entries).toEqual(runsOf(SAMPLE_RECORDS));
    });

    test('GIVEN a last line without newline WHEN end() is called THEN it is delivered', () => {
        expect(parse(['I  1000,4\n S 2000,8']).entries).toEqual([
            [1, 1, 'r'],
            [2, 1, 'w'],
        ]);
        expect(parse(['I  1000,4\n S 20', '00,8']).entries).toEqual([
            [1, 1, 'r'],
            [2, 1, 'w'],
        ]);
        // a cut-off last record is malformed: skipped, not guessed
        const cut = parse(['I  1000,4\n S 2000,']);
        expect(cut.entries).toEqual([[1, 1, 'r']]);
        expect(cut.skipped).toBe(1);
    });

    test('GIVEN no end() WHEN the last line has no newline THEN it is held back', () => {
        const runs = new PageRuns(16);
        const parser = new LackeyParser();
        parser.push(new TextEncoder().encode('I  10,1\nI  2000,2'), runs);
        expect(entriesOf(runs)).toEqual([[0, 1, 'r']]);
        parser.end(runs);
        expect(entriesOf(runs)).toEqual([
            [0, 1, 'r'],
            [2, 1, 'r'],
        ]);
        expect(parser.records).toBe(2);
    });

    test('GIVEN addresses of 16 hex digits WHEN parsed THEN those below 2^53 are exact, above it the nearest double', () => {
        const out = parse([
            ' L 001fffffffffffff,8\n', // 2^53 - 1: 16 digits, exact
            ' S 7ffffffff000,1\n', // TASK_SIZE
            ' L ffffffffffffffff,8\n', // 2^64 - 1 rounds to 2^64
            ' L ffff888000000000,8\n', // x86_64 PAGE_OFFSET: exactly representable (low 36 bits zero)
            ' L ABCdef,2\n', // upper and lower case
            ' S 12345,1\n', // odd digit counts: 5, 1 and 15
            ' S 7,1\n',
            ' S 0fffffffffffff8,4\n', // 15 digits: 2^56 - 8, exact (low 3 bits zero)
        ]);
        const records: Record[] = [
            [Number.MAX_SAFE_INTEGER, 8, false],
            [0x7ffffffff000, 1, true],
            [2 ** 64, 8, false],
            [Number(0xffff888000000000n), 8, false],
            [0xabcdef, 2, false],
            [0x12345, 1, true],
            [7, 1, true],
            [2 ** 56 - 8, 4, true],
        ];
        expect(out.entries).toEqual(runsOf(records));
        // 2^53 - 1 + 8 bytes end on the next page: [2^41 - 1, 2 pages]; 2^64 is page 2^52.
        expect(out.entries.slice(0, 3)).toEqual([
            [2 ** 41 - 1, 2, 'r+'],
            [0x7ffffffff, 1, 'w'],
            [2 ** 52, 1, 'r'],
        ]);
        expect(out.skipped).toBe(0);
    });

    test('GIVEN malformed lines WHEN parsed THEN each is skipped and counted, the good ones around them kept', () => {
        const bad = [
            '', // empty line
            'I 0401ab70,3', // one space after I
            'I  0401ab70', // no size
            'I  ,3', // no address
            'I  0401ab70,', // empty size
            ' X 1000,8', // unknown kind
            ' L 1000,8 ', // trailing space
            ' L 1000,8x', // garbage after the size
            ' L 10000000000000000,8', // 17 hex digits
            ' L 1000,1234567890', // size of 10 digits
            ' L 10g0,8', // not hex
            '  L 1000,8', // leading extra space
            'L 1000,8', // no leading space
            'I', // short
        ];
        const text = ['I  100,1', ...bad, ' S 200,2', ''].join('\n');
        const out = parse([text]);
        expect(out.entries).toEqual([
            [0, 1, 'r'],
            [0, 1, 'w'],
        ]);
        expect(out.count).toBe(2);
        expect(out.skipped).toBe(bad.length);
    });

    test('GIVEN CRLF line ends WHEN parsed THEN records are kept', () => {
        // 8 digits with CRLF: the general path, not the 8-digit shape (which wants the newline after the size).
        expect(parse(['I  00100000,1\r\n S 200,2\r\n']).entries).toEqual([
            [0x100, 1, 'r'],
            [0, 1, 'w'],
        ]);
        expect(parse(['I  100,1\r', '\n S 200,2\r\n']).entries).toEqual([
            [0, 1, 'r'],
            [0, 1, 'w'],
        ]);
    });

    test('GIVEN binary garbage and an overlong line split across chunks WHEN parsed THEN nothing is delivered from them', () => {
        const garbage = new Uint8Array(300);
        for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 37 + 11) % 256 === 10 ? 0 : (i * 37 + 11) % 256;
        const out = parse(['I  100,1\n', garbage.subarray(0, 100), garbage.subarray(100), '\n S 200,2\n']);
        expect(out.entries).toEqual([
            [0, 1, 'r'],
            [0, 1, 'w'],
        ]);
        expect(out.skipped).toBe(1);
        // a line far longer than any record, cut in the middle, is one skipped line
        const long = 'I  ' + '0'.repeat(500) + '1,4';
        const split = parse([long.slice(0, 40), long.slice(40, 200), long.slice(200) + '\nI  5,1\n']);
        expect(split.entries).toEqual([[0, 1, 'r']]);
        expect(split.count).toBe(1);
        expect(split.skipped).toBe(1);
    });

    test('GIVEN a Node Buffer chunk WHEN parsed THEN it reads the same bytes as a Uint8Array view', () => {
        const backing = Buffer.from('xxxxI  100,1\n S 200,2\nyyyy');
        const out = parse([backing.subarray(4, backing.length - 4)]);
        expect(out.entries).toEqual([
            [0, 1, 'r'],
            [0, 1, 'w'],
        ]);
    });

    test('GIVEN size 0 WHEN parsed THEN it is one page, as size 1', () => {
        expect(parse(['I  fff,0\n']).entries).toEqual([[0, 1, 'r']]);
        expect(parse(['I  00000fff,0\n']).entries).toEqual([[0, 1, 'r']]);
        expect(parse(['I  00000fff,2\n']).entries).toEqual([[0, 2, 'r+']]);
    });
});
