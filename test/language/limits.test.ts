/**
 * Limits on bad input (language/src/mscn-parser.ts): a file over 1 MiB is not parsed, at most 100
 * lexer and 100 parser errors are reported and one more counts the rest, and garbage stops the
 * lexer at its 101st error. Also: the statement shapes of a long generated run parse without a
 * single exception thrown inside the parser (error-free parsing must not recover by exception).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { MAX_SCENARIO_BYTES } from '../../language/src/mscn-parser.js';
import { findLexingCutoff } from '../../language/src/unexpected-characters.js';
import { diagnostics, expectDiagnostics, render, services, validate } from './helpers.js';
import { editorScenario } from '../../scripts/bench/editor-scenario.mjs';

const MiB = 1024 * 1024;
const TOO_LARGE = 'scenarios over 1 MiB are not parsed: split it with imports';

describe('size limit', () => {
    test('GIVEN a file of exactly 1 MiB THEN it is parsed and checked', async () => {
        const head = 'process p\nrun { mmap p size 0 B }\n/*';
        const text = head + 'x'.repeat(MiB - head.length - 2) + '*/';
        expect(text.length).toBe(MAX_SCENARIO_BYTES);
        expect(await diagnostics(text)).toEqual(['2:19-2:22 error: a size must be positive, found 0 B']);
    });

    test('GIVEN 1 MiB and one byte THEN one error at 1:1 and nothing parsed', async () => {
        const text = 'process p\nrun { mmap p size 0 B }\n/*' + 'x'.repeat(MiB) + '*/';
        // 1 MiB + 38 bytes, rounded up to a hundredth (engine/memory.ts formatBytes): 1.01 MiB.
        expect(await diagnostics(text)).toEqual([`1:1-1:1 error: file is 1.01 MiB; ${TOO_LARGE}`]);
    });

    test('GIVEN 600,000 two-byte characters THEN the limit counts UTF-8 bytes, not characters', async () => {
        // 12 + 2 * 600,000 + 2 = 1,200,014 bytes = 1.1444 MiB, rounded up 1.15; only 600,014 characters.
        const text = 'process p\n/*' + 'é'.repeat(600_000) + '*/';
        expect(await diagnostics(text)).toEqual([`1:1-1:1 error: file is 1.15 MiB; ${TOO_LARGE}`]);
    });
});

describe('error caps', () => {
    test('GIVEN 150 lines of an unexpected character THEN 100 errors and one that stops reading at the 101st', async () => {
        const text = 'process p\n' + '§\n'.repeat(150) + 'run { touch p 0x1000 }';
        const all = await diagnostics(text);
        expect(all).toHaveLength(101);
        expect(all[0]).toBe('2:1-2:2 error: unexpected character: ->§<- at offset: 10, skipped 1 characters.');
        expect(all[99]).toBe('101:1-101:2 error: unexpected character: ->§<- at offset: 208, skipped 1 characters.');
        expect(all[100]).toBe(
            '102:1-102:2 error: more than 100 lexer errors: the rest of the file is not read, 50 more ' +
                'stretches of unexpected characters from here on; is this a scenario file?',
        );
    });

    test('GIVEN 150 lone `!` THEN 100 lexer errors and one saying the other 50 are not read', async () => {
        // A `!` starts a token only before `=` (`!=`): a lone one is a stretch of unexpected characters, and the
        // pre-scan stops the lexer at the 101st (column 201 of line 2).
        const text = 'process p\n' + '! '.repeat(150);
        const all = await diagnostics(text);
        expect(all).toHaveLength(101);
        expect(all[100]).toBe(
            '2:201-2:202 error: more than 100 lexer errors: the rest of the file is not read, 50 more stretches of ' +
                'unexpected characters from here on; is this a scenario file?',
        );
    });

    test('GIVEN 150 statements missing `size` THEN 100 syntax errors and one counting the other 50', async () => {
        const text = 'process p\nrun {\n' + '    mmap p 4 KiB\n'.repeat(150) + '}\n';
        const result = await validate(text);
        expect(result.document.parseResult.parserErrors).toHaveLength(101);
        const all = result.diagnostics.map(render);
        expect(all[0]).toBe("3:12-3:13 error: expected 'size' but found '4'");
        expect(all).toContain('152:12-152:13 error: 50 more syntax errors not shown (the last one is here)');
    });

    test('GIVEN comments and strings holding any character THEN the pre-scan does not count them', () => {
        const junk = '§'.repeat(3);
        const text = Array.from({ length: 200 }, () => `// ${junk}\n/* ${junk}\n */ "${junk}"`).join('\n');
        expect(findLexingCutoff(text)).toBeUndefined();
        expect(findLexingCutoff(`${text}\n${'§ '.repeat(101)}`)).toEqual({
            offset: text.length + 201,
            line: 601,
            column: 201,
            remaining: 1,
        });
    });
});

describe('inputs that overflowed the stack or took minutes (issue 15 hostile input)', () => {
    test('GIVEN 2,000 declarations each followed by a stray word THEN 100 errors and one where the parser stopped', async () => {
        // Each stray word is an error Chevrotain recovers from inside the repetition of declarations, by calling
        // the repetition again: 2,000 of them overflowed the stack. Past 300 errors the parse stops. Repeat i
        // (from 0) is lines 2i + 1 (`machine`) and 2i + 2 (`foo`, the error): the 301st is at line 602.
        const text = Array.from({ length: 2000 }, (_, i) => `machine m${i} { cpus 1 }\nfoo\n`).join('');
        const result = await validate(text);
        const all = result.diagnostics.map(render);
        expect(all.filter(d => d.includes("found 'foo'"))).toHaveLength(100);
        expect(all).toContain(
            '602:1-602:4 error: 201 more syntax errors not shown; the parser stopped at the last one, here: ' +
                'the rest of the file is not read',
        );
    });

    test('GIVEN 100,000 comment lines THEN the file is valid: Langium added them in one spread call and overflowed', async () => {
        expect(await diagnostics('process p\nrun { switch cpu 0 to p }\n' + '//\n'.repeat(100_000))).toEqual([]);
        expect(await diagnostics('process p\nrun { switch cpu 0 to p }\n' + '/**/'.repeat(100_000))).toEqual([]);
    });

    test('GIVEN a `/*` without `*/` THEN one error on it and the rest of the file is a comment', async () => {
        const text = 'process p\nrun {\n    switch cpu 0 to p /* the rest\n}\n';
        // the run's `}` is in the comment: the parse error sits after the last token, `p`
        expect(await diagnostics(text)).toEqual([
            "3:22-3:22 error: expected '}' but found the end of the file",
            '3:23-3:25 error: unclosed comment: this `/*` has no `*/`, so the rest of the file is a comment',
        ]);
    });

    test('GIVEN 1 MB of `/* ` THEN one error at 1:1: each unclosed `/*` scanned the rest of the file (8 minutes)', async () => {
        expect(await diagnostics('/* '.repeat(340_000))).toEqual([
            '1:1-1:3 error: unclosed comment: this `/*` has no `*/`, so the rest of the file is a comment',
        ]);
    }, 20_000);

    test('GIVEN a line of 300,000 escaped quotes THEN the pre-scan reads it once (each `"` scanned the line: 12 s)', () => {
        // `"` opens a string that `\"` never closes; the backslashes outside it are unexpected: the 101st is cut
        const text = '"' + '\\"'.repeat(300_000);
        expect(findLexingCutoff(text)).toEqual({ offset: 201, line: 1, column: 202, remaining: 299_900 });
    }, 20_000);
});

/** Error.captureStackTrace runs for every Chevrotain recognition exception: count the calls. */
const original = Error.captureStackTrace;
afterEach(() => {
    Error.captureStackTrace = original;
});
function countExceptions(run: () => void): number {
    let count = 0;
    Error.captureStackTrace = (target: object, constructor?: Parameters<typeof original>[1]) => {
        count++;
        original(target, constructor);
    };
    try {
        run();
    } finally {
        Error.captureStackTrace = original;
    }
    return count;
}

describe('no exceptions in error-free parsing', () => {
    test('GIVEN the 2,000-line run THEN no error, every statement, and no exception thrown while parsing', async () => {
        const text = editorScenario(2000); // the editor benchmark's run of 2,000 lines
        expect(countExceptions(() => services.parser.LangiumParser.parse(text))).toBe(0);
        const result = await validate(text);
        expect(result.diagnostics.map(render)).toEqual([]);
        const run = result.document.parseResult.value.elements[2];
        expect(run.$type === 'Run' && run.statements.length).toBe(1996);
    });

    test.each(['machines.mscn', 'quickstart.mscn', 'ukva.mscn', 'mmu-notifiers.mscn', 'first-class-vas.mscn'])(
        'GIVEN %s THEN no exception thrown while parsing',
        file => {
            const text = readFileSync(resolve(__dirname, '../../examples', file), 'utf8');
            let errors = -1;
            expect(
                countExceptions(() => {
                    errors = services.parser.LangiumParser.parse(text).parserErrors.length;
                }),
            ).toBe(0);
            expect(errors).toBe(0);
        },
    );

    test('GIVEN property words as names and units as identifiers THEN they still parse as before', async () => {
        const text = 'process ram\nvas range\nvariant highmem { }\nrun { mmap ram size 4 KB as r\n touch ram r }';
        await expectDiagnostics(text, [['4 KB', "error: unknown unit 'KB': did you mean 'KiB'?"]]);
    });
});

describe('nesting limit', () => {
    const nested = (depth: number) =>
        `process p\nrun {\n    switch cpu 0 to p\n    ` +
        `${'repeat 2 { '.repeat(depth)}touch p 0x1000${' }'.repeat(depth)}\n}\n`;

    test('GIVEN repeats nested 127 deep (128 levels with the run) THEN it parses', async () => {
        expect((await diagnostics(nested(127))).filter(d => d.includes('nest'))).toEqual([]);
    });

    test('GIVEN repeats nested 5,000 deep THEN one error on the first brace past 128 levels, not a stack overflow', async () => {
        // Level 1 is the run's brace; the 128th repeat's brace (level 129) is at column 5 + 127 * 11 + 9.
        const column = 5 + 127 * 11 + 9;
        expect(await diagnostics(nested(5000))).toEqual([
            `4:${column}-4:${column + 1} error: blocks nest more than 128 deep here: flatten the nested ` +
                `repeat blocks (the file is not parsed)`,
        ]);
    });

    test('GIVEN braces inside comments and strings THEN they do not count', async () => {
        const braces = (n: number) => '{'.repeat(n);
        const text = `// ${braces(500)}\n/* ${braces(500)} */\nprocess p\nrun { replay "${braces(300)}" as p }\n`;
        expect((await diagnostics(text)).filter(d => d.includes('nest'))).toEqual([]);
    });
});
