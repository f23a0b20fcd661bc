/**
 * The lexer on junk (issue 15 review): Chevrotain tries every token pattern at every offset of an unexpected
 * character, so 1 MB of 0xff bytes (one stretch of U+FFFD, one error) took 9 s to check. The capped lexer
 * (mscn-parser.ts) hands such stretches to Chevrotain as spaces and makes their errors itself: checked here
 * to give exactly the plain lexer's tokens and errors on random text, and to take linear time on junk.
 */
import fc from 'fast-check';
import { EmptyFileSystem } from 'langium';
import { describe, expect, test } from 'vitest';
import { createMscnServices } from '../../language/src/mscn-module.js';
import { cappedLexer } from '../../language/src/mscn-parser.js';
import { findLexingCutoff } from '../../language/src/unexpected-characters.js';
import { isUnclosedComment, unclosedCommentError } from '../../language/src/unclosed-comment.js';
import { fuzz, SCALE, seed } from './run-fuzz.js';

const services = createMscnServices(EmptyFileSystem).Mscn;
/** The parser's lexer before mscn-parser.ts wraps it. */
const plain = services.parser.Lexer;
const capped = cappedLexer(plain);

type Lexed = ReturnType<typeof plain.tokenize>;

function tokens(result: Lexed) {
    const shape = (t: Lexed['tokens'][number]) => [
        t.tokenType.name,
        t.image,
        t.startOffset,
        t.startLine,
        t.startColumn,
    ];
    return { tokens: result.tokens.map(shape), hidden: (result.hidden ?? []).map(shape), errors: result.errors };
}

/** Pieces that sit on the edges of the grammar's terminals: numbers with dots, eras, escapes, comments, `!=`. */
const PIECES = [
    ...'a1_.x!=/"*\\ \n\r\t#@;:$~?^&|\'`',
    '\u00ff',
    '\ufffd',
    '\u00a0',
    '\u2028',
    '\u00e9',
    '\ud83d\ude00',
    '1G/3G',
    '2.6.x',
    '1.5',
    '0x1f',
    '//',
    '/*',
    '*/',
    '\\"',
    '!=',
    'run',
    '{',
    '}',
];

describe(`GIVEN random text around the terminals' edges (seed ${seed})`, () => {
    test(
        "WHEN lexed by the capped lexer THEN the plain lexer's tokens, hidden tokens and errors, and any unclosed /*",
        async () => {
            const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 120 }).map(p => p.join(''));
            await fuzz(
                text,
                async t => {
                    if (findLexingCutoff(t) !== undefined) return; // past 100 stretches the capped lexer stops
                    // the capped lexer also says so when a `/*` is never closed (unclosed-comment.ts)
                    const lexed = plain.tokenize(t);
                    const unclosed = lexed.hidden.filter(isUnclosedComment).map(unclosedCommentError);
                    const expected = { ...lexed, errors: [...lexed.errors, ...unclosed] };
                    expect(tokens(capped.tokenize(t)), JSON.stringify(t)).toEqual(tokens(expected));
                },
                6_000,
                200,
            );
        },
        30_000 * SCALE,
    );

    test('WHEN a string holds an escaped quote and junk, or a number a dot THEN they stay whole', () => {
        // The pre-scan ended a string at `\"` before: the junk after it would have been blanked inside the string.
        // A `\` after an unclosed `"` stays: as a space it would have closed `"0x1fx \"` (the fuzz found it).
        const text = 'x "a\\"\u00ff" 1.5 !x 1.\u00ff "0x1fx\\"\u00ff1G/3G';
        expect(tokens(capped.tokenize(text))).toEqual(tokens(plain.tokenize(text)));
        // Backslashes after an unclosed quote, with a quote after them on the line or only on the next.
        for (const t of ['a "\\\\ b\n"c"', 'a "\\ \\" b "', 'a "x\\\\\r\n\\"y"', '"\\\\\\', 'a "\\\\"\\" b'])
            expect(tokens(capped.tokenize(t)), JSON.stringify(t)).toEqual(tokens(plain.tokenize(t)));
        expect(capped.tokenize(text).tokens.map(t => t.image)).toEqual([
            'x',
            '"a\\"\u00ff"',
            '1.5',
            'x',
            '1',
            '0x1f',
            'x',
            '1G/3G',
        ]);
    });
});

describe('GIVEN a megabyte of junk', () => {
    test.each([
        [
            '0xff bytes (U+FFFD once decoded)',
            '\ufffd'.repeat(1_000_000),
            '->\ufffd<- at offset: 0, skipped 1000000 characters.',
        ],
        ['NUL bytes', '\u0000'.repeat(1_000_000), '->\u0000<- at offset: 0, skipped 1000000 characters.'],
        ['exclamation marks', '!'.repeat(1_000_000), '->!<- at offset: 0, skipped 1000000 characters.'],
        // A `\` after an unclosed `"` stays for the lexer only when a `"` follows it on its line (stop 13 kept
        // them all: 1.2 s for 200 KB in `mscn check`).
        ['backslashes after a quote', '"' + '\\'.repeat(999_999), '->"<- at offset: 0, skipped 1000000 characters.'],
    ])('WHEN %s are parsed THEN one error for the one stretch, in linear time', (_, text, where) => {
        const started = performance.now();
        const result = services.parser.LangiumParser.parse(text);
        const millis = performance.now() - started;
        expect(result.lexerErrors.map(e => [e.line, e.column, e.message])).toEqual([
            [1, 1, `unexpected character: ${where}`],
        ]);
        // the plain lexer: 9 s on 0xff bytes (one stretch, tried at every offset); the capped one ~30 ms
        expect(millis).toBeLessThan(2_000);
    });

    test('WHEN random bytes are parsed THEN at most 100 errors, one that says the rest is not read, in linear time', () => {
        const random = fc.sample(fc.uint8Array({ minLength: 1_000_000, maxLength: 1_000_000 }), {
            seed: 15,
            numRuns: 1,
        })[0];
        const text = new TextDecoder().decode(random);
        const started = performance.now();
        const result = services.parser.LangiumParser.parse(text);
        expect(performance.now() - started).toBeLessThan(2_000);
        // 100 stretches, some of them one error (a `!` next to junk is skipped with it), then the cutoff's
        expect(result.lexerErrors.length).toBeLessThanOrEqual(101);
        expect(result.lexerErrors[result.lexerErrors.length - 1].message).toMatch(
            /^more than 100 lexer errors: the rest of the file is not read, \d+ more stretches of unexpected characters from here on/,
        );
    });
});
