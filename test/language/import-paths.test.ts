/**
 * Import paths quoted in diagnostics are escaped and shortened (language/src/files/quote-text.ts), and a
 * NUL in one is an import error of its own (files/regular-file.ts). Before: `import "x<NUL>y.mscn"` said
 * `cannot read imported file 'x<NUL>y.mscn': The argument 'path' must be a string, Uint8Array, or URL
 * without null bytes. Received ...`, the NUL raw on the terminal, and a 1 MB import path was echoed whole.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { runMscn } from '../cli/mscn-process.js';
import { quoteText } from '../../language/src/files/quote-text.js';
import { readTextFile } from '../../language/src/files/regular-file.js';

let dir: string;
const mscn = (...args: string[]) => runMscn(dir, ...args);

beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mscn-import-paths-'));
    writeFileSync(join(dir, 'nul.mscn'), 'import "x\0y.mscn"\nprocess p\n');
    writeFileSync(join(dir, 'long.mscn'), `import "${'a'.repeat(1_000_000)}.mscn"\nprocess p\n`);
    writeFileSync(join(dir, 'long-txt.mscn'), `import "${'b'.repeat(100_000)}.txt"\nprocess p\n`);
    writeFileSync(join(dir, 'missing.mscn'), `import "${'c'.repeat(61)}.mscn"\nprocess p\n`);
});

describe('quoteText', () => {
    test('GIVEN control characters THEN they are escaped', () => {
        expect(quoteText('x\0y\n\t\u001b.mscn')).toBe('x\\0y\\n\\t\\u001b.mscn');
    });

    test('GIVEN a text past 60 characters THEN its first 60 and its length', () => {
        expect(quoteText('a'.repeat(60))).toBe('a'.repeat(60));
        expect(quoteText('a'.repeat(1_000_005))).toBe(`${'a'.repeat(60)}…(1,000,005 characters)`);
        // never half a surrogate pair: 59 letters and an emoji (2 UTF-16 units) keep the 59 letters
        expect(quoteText(`${'a'.repeat(59)}😀${'b'.repeat(10)}`)).toBe(`${'a'.repeat(59)}…(71 characters)`);
    });
});

describe('GIVEN a path with a NUL character', () => {
    test('WHEN it is read THEN the reason names the NUL, not Node', () => {
        expect(readTextFile('x\0y.mscn', 1024)).toEqual({ ok: false, reason: 'a path cannot contain a NUL character' });
    });

    test('WHEN it is imported THEN the import is a located error, the NUL escaped', () => {
        expect(mscn('check', 'nul.mscn')).toEqual({
            status: 1,
            stderr: '',
            stdout:
                "nul.mscn:1:8: error: cannot read imported file 'x\\0y.mscn': " +
                'an import path cannot contain a NUL character\n',
        });
    });
});

describe('GIVEN an import path of a million characters', () => {
    test('WHEN it is too long to open THEN the message quotes its first 60 characters and its length', () => {
        expect(mscn('check', 'long.mscn')).toEqual({
            status: 1,
            stderr: '',
            stdout:
                `long.mscn:1:8: error: cannot read imported file '${'a'.repeat(60)}…(1,000,005 characters)': ` +
                'the path is too long\n',
        });
    });

    test('WHEN it cannot be read THEN the reason follows the shortened path', () => {
        expect(mscn('check', 'long-txt.mscn')).toEqual({
            status: 1,
            stderr: '',
            stdout:
                `long-txt.mscn:1:8: error: cannot read imported file '${'b'.repeat(60)}…(100,004 characters)': ` +
                'not a scenario file (scenario files end in .mscn)\n',
        });
    });

    test('WHEN a path past 60 characters names no file THEN the message quotes it short', () => {
        expect(mscn('check', 'missing.mscn')).toEqual({
            status: 1,
            stderr: '',
            stdout: `missing.mscn:1:8: error: cannot find imported file '${'c'.repeat(60)}…(66 characters)'\n`,
        });
    });
});
