/**
 * Bad input never crashes: truncated files, garbage bytes, invalid UTF-8, huge numbers and a
 * 10 MB file all give diagnostics, no validator throws (Langium would turn that into an
 * "An error occurred" diagnostic), and the lowering of whatever parsed does not throw either.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { lowerScenario } from '../../language/src/lowering/scenario.js';
import { expectNoInternalErrors, render, validate } from './helpers.js';

const UKVA = readFileSync(resolve(__dirname, '../../examples/ukva.mscn'), 'utf8');
const NOTIFIERS = readFileSync(resolve(__dirname, '../../examples/mmu-notifiers.mscn'), 'utf8');

async function survive(text: string): Promise<number> {
    const result = await validate(text);
    expectNoInternalErrors(result);
    expect(() => lowerScenario(result.document.parseResult.value)).not.toThrow();
    return result.diagnostics.length;
}

describe('malformed input', () => {
    test('GIVEN every 97-character prefix of two examples THEN diagnostics, never an exception', async () => {
        for (const source of [UKVA, NOTIFIERS]) {
            for (let end = 0; end < source.length; end += 97) await survive(source.slice(0, end));
        }
    });

    test('GIVEN a truncated statement THEN a parser error at the end', async () => {
        const result = await validate('process p\nrun { mmap p size');
        expect(result.document.parseResult.parserErrors.length).toBeGreaterThan(0);
        expectNoInternalErrors(result);
    });

    test('GIVEN garbage bytes and invalid UTF-8 THEN lexer errors', async () => {
        let seed = 7;
        const bytes = Buffer.from(
            Array.from({ length: 20_000 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff),
        );
        expect(await survive(bytes.toString('utf8'))).toBeGreaterThan(0);
        expect(await survive(bytes.toString('latin1'))).toBeGreaterThan(0);
        const invalid = Buffer.concat([
            Buffer.from('process p\nrun { touch p 0x1000 '),
            Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
            Buffer.from(' }'),
        ]);
        const result = await validate(invalid.toString('utf8'));
        expect(result.document.parseResult.lexerErrors.length).toBeGreaterThan(0);
    });

    test('GIVEN numbers of 2^70 and beyond everywhere THEN overflow diagnostics only', async () => {
        const big = '1180591620717411303424';
        const text =
            `machine m { ram ${big} B cpus ${big} clock ${big} GHz tlb 4 KiB entries ${big} ways ${big} cost ` +
            `invlpg ${big} cycles }
process p { threads ${big} }
split s { page_offset ${big} ukva at ${big} ` +
            `size ${big} MiB per-task { kmap ${big} slots } }
run on m with s {
    mmap p at ${big} size ` +
            `${big} KiB huge ${big} B as x
    touch p x + ${big} size ${big} B stride ${big} B
    switch ` +
            `cpu ${big} to p[${big}]
    repeat 1000000000000000000000000000000 { exit p }
    expect ` +
            `ipis(cpu ${big}) == ${big}
}`;
        expect(await survive(text)).toBeGreaterThanOrEqual(19);
    });

    test('GIVEN a 10 MB file THEN one error at 1:1 says it is too large to parse', async () => {
        // 2000 statements and a 10 MB comment: before the size limit, checking it took seconds (and a
        // 10 MB file of 360,000 statements a minute). 10 MiB + 41,773 bytes = 10.04 MiB, rounded up to a tenth: 10.1.
        const statements = Array.from(
            { length: 2000 },
            (_, i) => `    touch p 0x${(0x1000 + i * 0x1000).toString(16)}`,
        ).join('\n');
        const text = `process p\n/*${'x'.repeat(10 * 1024 * 1024)}*/\nrun {\n${statements}\n    mmap p size -1 B\n}`;
        expect(text.length).toBe(10 * 1024 * 1024 + 41_773);
        const result = await validate(text);
        expectNoInternalErrors(result);
        expect(result.diagnostics.map(render)).toEqual([
            '1:1-1:1 error: file is 10.04 MiB; scenarios over 1 MiB are not parsed: split it with imports',
        ]);
    });
});
