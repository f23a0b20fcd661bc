/**
 * The bundled language server over a real LSP connection (stdio): diagnostics from validation and
 * from runs, debounced runs after rapid edits, cancellation of a long run by an edit, a hover
 * answered while a 10-million-operation run is in flight, budget stops, and a clean shutdown.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { LspClient } from './lsp-client.js';

const URI = 'file:///virtual/quick.mscn';
let client: LspClient | undefined;

afterEach(async () => {
    await client?.stop();
    client = undefined;
});

const QUICK = `machine laptop { cpus 2 }
process shell { threads 2 }
run hello on laptop {
    switch cpu 0 to shell
    switch cpu 1 to shell[1]
    mmap shell size 1 MiB rw as heap
    write shell heap
    munmap shell heap + 768 KiB size 256 KiB
    expect pageFaults == 3
    exit shell[1]
}
`;

/** ~10 million operations: 39,062 × 256 page accesses (a 1 MiB mapping, 4 KiB pages) plus the statements. */
const TEN_MILLION = `process p
run long {
    switch cpu 0 to p
    mmap p at 0x4000_0000 size 1 MiB as heap
    repeat 39_062 { touch p heap }
}
`;

/** ~512 million operations: minutes of engine time unless cancelled. */
const ENDLESS = TEN_MILLION.replace('39_062', '2_000_000');

/** QUICK with a comment on the mmap line: keystrokes in it take the incremental build's trivia path. */
const COMMENTED = QUICK.replace('as heap\n', 'as heap // the heap\n');

describe('GIVEN keystrokes sent as incremental changes (the incremental build, docs/incremental.md)', () => {
    const at = (line: number, character: number) => ({ line, character });

    test("WHEN a statement and a comment are edited THEN each edit's diagnostics are those of the text, at the moved lines", async () => {
        client = await LspClient.start({ run: { debounce: 600_000 } });
        client.open(URI, COMMENTED);
        await client.diagnosticsWhere(URI, d => d.length === 0);
        // statement path: `expect pageFaults == 3` (line 9) loses its `s`
        let seen = client.published(URI);
        client.edit(URI, { start: at(8, 20), end: at(8, 21) }, '');
        let diagnostics = await client.until(
            () => (client!.published(URI) > seen ? client!.diagnostics.get(URI)!.at(-1)!.diagnostics : undefined),
            'diagnostics after the statement edit',
        );
        expect(diagnostics.map(d => [d.range, d.message])).toEqual([
            [{ start: at(8, 11), end: at(8, 20) }, "unknown figure 'pageFault': did you mean 'pageFaults'?"],
        ]);
        // trivia path: the comment on line 6 grows a second comment line; the finding moves to line 10
        seen = client.published(URI);
        client.edit(URI, { start: at(5, 48), end: at(5, 48) }, '\n    // and its second line');
        diagnostics = await client.until(
            () => (client!.published(URI) > seen ? client!.diagnostics.get(URI)!.at(-1)!.diagnostics : undefined),
            'diagnostics after the comment edit',
        );
        expect(diagnostics.map(d => [d.range, d.message])).toEqual([
            [{ start: at(9, 11), end: at(9, 20) }, "unknown figure 'pageFault': did you mean 'pageFaults'?"],
        ]);
        // statement path again: the `s` comes back on the moved line, and nothing is left to report
        seen = client.published(URI);
        client.edit(URI, { start: at(9, 20), end: at(9, 20) }, 's');
        diagnostics = await client.until(
            () => (client!.published(URI) > seen ? client!.diagnostics.get(URI)!.at(-1)!.diagnostics : undefined),
            'diagnostics after the fix',
        );
        expect(diagnostics).toEqual([]);
        const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
            textDocument: { uri: URI },
            position: at(10, 5),
        });
        expect(hover?.contents.value).toMatch(/^`exit shell\[1\]`/);
    });
});

describe('GIVEN the bundled server over stdio', () => {
    test('WHEN a scenario with a failing expect is opened THEN the run finding is a diagnostic on the expect line', async () => {
        client = await LspClient.start();
        client.open(URI, QUICK);
        const run = await client.ranVersion(URI, 1);
        expect(run.outcome).toBe('done');
        const diagnostics = await client.diagnosticsWhere(URI, d => d.length > 0);
        // write shell heap: 1 MiB / 4 KiB = 256 pages, each faulted once on first write (R7) → 256.
        expect(diagnostics).toEqual([
            {
                range: { start: { line: 8, character: 4 }, end: { line: 8, character: 26 } },
                severity: 1,
                source: 'mscn run',
                data: { statementId: 5 },
                message: 'hello: expectation failed: pageFaults == 3, but it is 256',
            },
        ]);
    });

    test('WHEN the text has a linking error THEN it is reported at once and nothing runs until it is fixed', async () => {
        client = await LspClient.start();
        client.open(URI, QUICK.replace('write shell heap', 'write shel heap'));
        const diagnostics = await client.diagnosticsWhere(URI, d => d.length > 0);
        expect(diagnostics.map(d => [d.range.start.line, d.message])).toEqual([
            [6, "unknown task 'shel': did you mean 'shell'?"],
        ]);
        const fixed = client.change(URI, QUICK);
        await client.ranVersion(URI, fixed);
        expect(client.finished.map(f => f.version)).toEqual([fixed]);
    });

    test('WHEN ten edits arrive in rapid succession THEN only the last text runs', async () => {
        client = await LspClient.start();
        client.open(URI, QUICK);
        let last = 1;
        for (let i = 0; i < 10; i++)
            last = client.change(URI, QUICK.replace('pageFaults == 3', `pageFaults == ${256 + i}`));
        await client.ranVersion(URI, last);
        expect(client.finished.map(f => f.version)).toEqual([last]);
        // the last text expects 256 + 9 = 265 faults; there are 256
        const diagnostics = await client.diagnosticsWhere(URI, d => d.length > 0);
        expect(diagnostics.map(d => d.message)).toEqual([
            'hello: expectation failed: pageFaults == 265, but it is 256',
        ]);
    });

    test('WHEN an edit arrives during a run of half a billion operations THEN that run stops and the new text runs', async () => {
        client = await LspClient.start({ run: { budget: 1_000_000_000, debounce: 0 } });
        client.open(URI, ENDLESS);
        await client.until(() => client!.started.find(s => s.version === 1), 'the long run to start');
        const fixed = client.change(URI, QUICK);
        const run = await client.ranVersion(URI, fixed);
        expect(run.outcome).toBe('done');
        expect(client.finished.map(f => f.version)).toEqual([fixed]);
    });

    test('WHEN a 10-million-operation run is in flight THEN a hover is answered before it finishes', async () => {
        client = await LspClient.start({ run: { debounce: 0 } });
        client.open(URI, TEN_MILLION);
        await client.until(() => client!.started.find(s => s.version === 1), 'the run to start');
        // hover on `0x4000_0000` (line 3): 0x40000000 >> 12 = vpn 0x40000; pgd = vpn >> 27 = 0,
        // pud = (vpn >> 18) & 511 = 1, pmd = (vpn >> 9) & 511 = 0, pte = vpn & 511 = 0.
        const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', {
            textDocument: { uri: URI },
            position: { line: 3, character: 18 },
        });
        const finishedBeforeHover = client.finished.length;
        expect(hover.contents.value).toBe(
            [
                '**0x40000000** on x86_64',
                '',
                '| pgd | pud | pmd | pte | offset |',
                '|---:|---:|---:|---:|---:|',
                '| 0 (0x0) | 1 (0x1) | 0 (0x0) | 0 (0x0) | 0x000 |',
            ].join('\n'),
        );
        expect(finishedBeforeHover).toBe(0);
        await client.ranVersion(URI, 1, 60_000);
    });

    test('WHEN a run exceeds its budget THEN a warning says so on the statement where it stopped', async () => {
        client = await LspClient.start({ run: { budget: 1000, debounce: 0 } });
        client.open(
            URI,
            'process p\nrun small {\n    switch cpu 0 to p\n    mmap p size 1 MiB as heap\n    repeat 10 ' +
                '{ write p heap }\n}\n',
        );
        await client.ranVersion(URI, 1);
        const diagnostics = await client.diagnosticsWhere(URI, d => d.length > 0);
        // 3 statements + 1 repeat + 256 pages per write: the 1000th operation falls in the fourth write
        expect(diagnostics).toEqual([
            {
                range: { start: { line: 4, character: 16 }, end: { line: 4, character: 28 } },
                severity: 2,
                source: 'mscn run',
                data: { statementId: 3 },
                message: 'small: stopped: the budget of 1000 operations is spent',
            },
        ]);
    });
});
