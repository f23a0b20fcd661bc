/**
 * Syntax errors in words (language/src/mscn-parser-errors.ts). Before: "Expecting: one of these
 * possible Token sequences: 1. [ID] 2. [arch] ... 45. [HEX] but found: 'at'" and "Expecting token of
 * type 'size' but found `4`.".
 */
import { describe, expect, test } from 'vitest';
import { diagnostics } from './helpers.js';

describe('GIVEN a statement that does not parse', () => {
    test('WHEN a range start is missing THEN the choices are folded: the 38 keywords usable as names read as "a name"', async () => {
        expect(await diagnostics('process p\nrun r {\n  touch p at 0x1000\n}')).toEqual([
            "3:11-3:13 error: expected a name, '-' or a number but found 'at'",
        ]);
    });

    test('WHEN a keyword is missing THEN it is named as a keyword', async () => {
        expect(await diagnostics('process p\nrun r {\n  mmap p 4 KiB\n}')).toEqual([
            "3:10-3:11 error: expected 'size' but found '4'",
        ]);
    });

    test('WHEN the file ends early or has a stray word at the top THEN it says so', async () => {
        expect(await diagnostics('process p\nrun r {\n  mmap p size 4 KiB as')).toEqual([
            '3:23-3:23 error: expected a name but found the end of the file',
        ]);
        expect((await diagnostics('process p\nfoo\n'))[0]).toBe(
            '2:1-2:4 error: expected a declaration (machine, split, process, kthread, vas, segment, ' +
                "notifier, run, variant) but found 'foo'",
        );
    });
});
