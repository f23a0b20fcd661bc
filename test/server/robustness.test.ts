/**
 * Hostile documents over a real connection: 10 MB of text, repeats nested thousands deep, 2^70, text
 * that is not UTF-8. The server answers with diagnostics and keeps serving: after each, a valid
 * scenario still runs and a hover is still answered.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LspClient, fileUri } from './lsp-client.js';
import { tooDeepMessage } from '../../language/src/nesting.js';

const VALID =
    'process p\nrun r {\n    switch cpu 0 to p\n    mmap p at 0x1000_0000 size 8 KiB as b\n    write p b\n}\n';
let client: LspClient;
let n = 0;

beforeAll(async () => {
    client = await LspClient.start({ run: { debounce: 0 } });
});
afterAll(async () => {
    await client.stop();
});

/** Opens `text`, waits for its diagnostics, then proves the server alive with a valid scenario. */
async function survives(text: string, uri = `file:///virtual/hostile-${++n}.mscn`) {
    client.open(uri, text);
    const diagnostics = await client.diagnosticsWhere(uri, () => true, 120_000);
    const probe = `file:///virtual/probe-${n}.mscn`;
    client.open(probe, VALID);
    expect((await client.ranVersion(probe, 1)).outcome).toBe('done');
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
        textDocument: { uri: probe },
        position: { line: 3, character: 16 },
    });
    expect(hover?.contents.value).toMatch(/^\*\*0x10000000\*\* on x86_64/);
    expect(client.process.exitCode).toBeNull();
    return diagnostics;
}

describe('GIVEN a running server', () => {
    const TOO_BIG = 'file is 10 MiB; scenarios over 1 MiB are not parsed: split it with imports';

    test('WHEN a 10 MB document of stray characters is opened THEN it is refused with one error and the server keeps serving', async () => {
        const diagnostics = await survives('@'.repeat(10 * 1024 * 1024));
        expect(diagnostics.map(d => [d.range.start.line, d.severity, d.message])).toEqual([[0, 1, TOO_BIG]]);
    });

    test('WHEN a 10 MB comment precedes a valid scenario THEN the same error, and nothing runs', async () => {
        const diagnostics = await survives(`/*${'x'.repeat(10 * 1024 * 1024 - 5 - VALID.length)}*/\n${VALID}`);
        expect(diagnostics.map(d => d.message)).toEqual([TOO_BIG]);
    });

    test('WHEN repeats are nested 5,000 deep THEN one error on the brace past the limit and the server survives', async () => {
        const body = `${'repeat 2 { '.repeat(5000)}write p b${' }'.repeat(5000)}`;
        const diagnostics = await survives(`process p\nrun r {\n    mmap p size 4 KiB as b\n    ${body}\n}\n`);
        // The run's brace is level 1; the 128th repeat opens level 129, at column 4 + 127 * 11 + 9.
        expect(diagnostics.map(d => [d.range.start.line, d.range.start.character, d.message])).toEqual([
            [3, 4 + 127 * 11 + 9, tooDeepMessage()],
        ]);
    });

    test('WHEN repeats are nested 100 deep THEN it parses, and the run of 2^100 writes stops at the budget', async () => {
        const body = `${'repeat 2 { '.repeat(100)}write p b${' }'.repeat(100)}`;
        const uri = 'file:///virtual/nested-100.mscn';
        const diagnostics = await survives(
            `process p\nrun r {\n    switch cpu 0 to p\n    mmap p size 4 KiB as b\n    ${body}\n}\n`,
            uri,
        );
        expect(diagnostics).toEqual([]);
    });

    test('WHEN a count is 2^70 THEN it is an error with its range and nothing runs', async () => {
        const diagnostics = await survives('process p\nrun r {\n    repeat 1180591620717411303424 { syscall p }\n}\n');
        expect(diagnostics.map(d => [d.range.start.line, d.range.start.character, d.message])).toEqual([
            [2, 11, 'number 1180591620717411303424 does not fit in 64 bits (at most 18446744073709551615)'],
        ]);
    });

    test('WHEN text holds lone surrogates, NULs and an import of a file that is not UTF-8 THEN the server survives', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'mscn-utf8-'));
        writeFileSync(
            join(dir, 'bad.mscn'),
            Buffer.from([0x70, 0x72, 0x6f, 0xff, 0xfe, 0xc3, 0x28, 0x0a, 0xed, 0xa0, 0x80]),
        );
        const diagnostics = await survives(
            `import "bad.mscn"\nprocess \ud800p\u0000\nrun r { syscall p }\n`,
            fileUri(join(dir, 'main.mscn')),
        );
        expect(diagnostics.length).toBeGreaterThan(0);
    });
});
