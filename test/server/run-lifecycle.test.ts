/**
 * What a run may hold, over a real connection (issue #15, item 4): closing a document stops its run and
 * publishes nothing of it; edits of a scenario that replays a FIFO leave no thread behind; `$/cancelRequest`
 * is answered with RequestCancelled even while `mscn/runResult` awaits a long run; a cost-overrides
 * setting naming a FIFO or /dev/zero is refused by the run worker while the main thread keeps answering;
 * the overrides setting is ignored in an untrusted workspace; completion far past the end stays in the text.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { LspClient, fileUri } from './lsp-client.js';

let client: LspClient | undefined;
afterEach(async () => {
    await client?.stop();
    client = undefined;
});

const URI = 'file:///virtual/lifecycle.mscn';
const QUICK =
    'process p\nrun r {\n    switch cpu 0 to p\n    mmap p at 0x1000_0000 size 8 KiB as b\n    write p b\n}\n';
/** ~512 million operations (2,000,000 × 256 pages): minutes of engine time unless stopped. */
const ENDLESS = `process p
run long {
    switch cpu 0 to p
    mmap p at 0x4000_0000 size 1 MiB as heap
    repeat 2_000_000 { touch p heap }
}
`;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const REQUEST_CANCELLED = -32800;

/** A temporary folder with a FIFO called `name` in it (nobody ever writes to it). */
function fifo(name: string): string {
    const path = join(mkdtempSync(join(tmpdir(), 'mscn-fifo-')), name);
    execFileSync('mkfifo', [path]);
    return path;
}

describe('GIVEN a run of half a billion operations in flight', () => {
    test('WHEN its document is closed THEN the worker stops, nothing of the run is published and a waiting runResult gets null', async () => {
        client = await LspClient.start({ run: { budget: 1_000_000_000, debounce: 0 } });
        client.open(URI, ENDLESS);
        await client.until(() => client!.started.find(s => s.version === 1), 'the long run to start');
        const waiting = client.request<unknown>('mscn/runResult', { uri: URI });
        const published = client.published(URI);
        client.close(URI);
        expect(await waiting).toBeNull();
        // the worker polls its cancellation flag every ~64k operations and is terminated 1 s after a cancel
        // at the latest; from then on the server idles: well under a tenth of a core over 1.5 s (a run
        // still going burns the whole core: ~1,500 ms)
        await sleep(1500);
        const before = client.cpuMillis();
        await sleep(1500);
        expect(client.cpuMillis() - before).toBeLessThan(300);
        expect(client.finished).toEqual([]);
        expect(client.published(URI)).toBe(published);
    });

    test('WHEN mscn/runResult awaiting it is cancelled THEN the reply is the RequestCancelled error at once', async () => {
        client = await LspClient.start({ run: { budget: 1_000_000_000, debounce: 600_000 } });
        client.open(URI, ENDLESS);
        await client.diagnosticsWhere(URI, d => d.length === 0);
        // the long debounce: the run starts because runResult asks for it
        const { reply, cancel } = client.cancellableRequest<unknown>('mscn/runResult', { uri: URI });
        await client.until(() => client!.started.find(s => s.version === 1), 'the run runResult asked for');
        const cancelledAt = Date.now();
        cancel();
        await expect(reply).rejects.toMatchObject({ code: REQUEST_CANCELLED });
        expect(Date.now() - cancelledAt).toBeLessThan(2000);
        // the server still answers
        const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', {
            textDocument: { uri: URI },
            position: { line: 3, character: 18 },
        });
        expect(hover.contents.value).toMatch(/^\*\*0x40000000\*\* on x86_64/);
    });
});

describe('GIVEN a scenario that replays a FIFO', () => {
    test('WHEN it is edited ten times THEN each run ends with a finding and no thread is left behind', async () => {
        const trace = fifo('trace.fifo');
        const uri = fileUri(join(trace, '..', 'replays-fifo.mscn'));
        const text = (n: number) =>
            `process p\nrun r {\n    switch cpu 0 to p\n    replay "trace.fifo" as p\n    syscall p\n}\n// edit ${n}\n`;
        client = await LspClient.start({ run: { debounce: 0 } });
        client.open(uri, text(0));
        expect((await client.ranVersion(uri, 1)).outcome).toBe('done');
        const diagnostics = await client.diagnosticsWhere(uri, d => d.length > 0);
        expect(diagnostics.map(d => d.message)).toEqual([
            `r: replay: cannot read trace.fifo: a FIFO (named pipe), not a regular file`,
        ]);
        await sleep(500); // the snapshot worker starts after the first run
        const threads = client.threads();
        for (let i = 1; i <= 10; i++) {
            const version = client.change(uri, text(i));
            await client.ranVersion(uri, version);
        }
        // before, each run blocked a worker thread in read(2) on the FIFO for good: 8 -> 17 threads over 10 edits
        expect(client.threads()).toBeLessThanOrEqual(threads + 1);
    });
});

describe('GIVEN mscn.costs.overridesFile naming a file that is not a regular file', () => {
    test.each([
        ['a FIFO', () => fifo('costs.json'), 'a FIFO (named pipe), not a regular file'],
        ['/dev/zero', () => '/dev/zero', 'a character device, not a regular file'],
    ])(
        'WHEN it is %s THEN the run worker refuses it with the reason and a hover is answered within a second',
        async (_, path, reason) => {
            const file = path();
            client = await LspClient.start({ run: { debounce: 0 }, costs: { overridesFile: file } });
            client.open(URI, QUICK);
            const diagnostics = await client.diagnosticsWhere(URI, d => d.length > 0);
            expect(diagnostics.map(d => [d.range.start.line, d.severity, d.message])).toEqual([
                [0, 2, `the scenario could not be run: cost overrides file '${file}': ${reason}`],
            ]);
            const asked = Date.now();
            const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', {
                textDocument: { uri: URI },
                position: { line: 3, character: 16 },
            });
            expect(Date.now() - asked).toBeLessThan(1000);
            expect(hover.contents.value).toMatch(/^\*\*0x10000000\*\* on x86_64/);
        },
    );
});

describe('GIVEN a cost-overrides file that does not exist', () => {
    const missing = '/nonexistent/costs.json';

    test('WHEN the workspace is trusted THEN the run says the file is missing', async () => {
        client = await LspClient.start({ run: { debounce: 0 }, costs: { overridesFile: missing } });
        client.open(URI, QUICK);
        const diagnostics = await client.diagnosticsWhere(URI, d => d.length > 0);
        expect(diagnostics.map(d => d.message)).toEqual([
            `the scenario could not be run: cost overrides file '${missing}': no such file`,
        ]);
    });

    test('WHEN the diagnostics are pulled THEN they are the pushed warning that the scenario could not be run', async () => {
        client = await LspClient.start({ run: { debounce: 0 }, costs: { overridesFile: missing } });
        client.open(URI, QUICK);
        const pushed = await client.diagnosticsWhere(URI, d => d.length > 0);
        const pulled = await client.request<{ items: unknown[] }>('textDocument/diagnostic', {
            textDocument: { uri: URI },
        });
        expect(pulled.items).toEqual(pushed);
    });

    test('WHEN the client says the workspace is untrusted THEN the setting is ignored and the scenario runs', async () => {
        client = await LspClient.start({ run: { debounce: 0 }, costs: { overridesFile: missing } }, undefined, {
            initializationOptions: { workspaceTrusted: false },
        });
        client.open(URI, QUICK);
        expect((await client.ranVersion(URI, 1)).outcome).toBe('done');
        expect(client.diagnostics.get(URI)!.at(-1)!.diagnostics).toEqual([]);
    });
});

describe('GIVEN a completion request far past the end of the document', () => {
    test('WHEN it is at line 1e9, character 1e9 THEN every range it returns lies inside the text', async () => {
        client = await LspClient.start({ run: { debounce: 0 } });
        client.open(URI, QUICK);
        await client.diagnosticsWhere(URI, () => true);
        const reply = await client.request<{
            items: {
                label: string;
                textEdit?: {
                    range: { start: { line: number; character: number }; end: { line: number; character: number } };
                };
            }[];
        }>('textDocument/completion', { textDocument: { uri: URI }, position: { line: 1e9, character: 1e9 } });
        const ranges = reply.items.flatMap(i => (i.textEdit ? [i.textEdit.range] : []));
        expect(ranges.length).toBeGreaterThan(0);
        // QUICK ends with a newline: its last position is line 6, character 0
        for (const range of ranges) {
            expect(range.start).toEqual({ line: 6, character: 0 });
            expect(range.end).toEqual({ line: 6, character: 0 });
        }
    });
});
