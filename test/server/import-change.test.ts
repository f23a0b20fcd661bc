/**
 * An edit of an imported file changes what an importing file means without changing its text or its
 * version: the stored run of the importer is then of a text that is gone, like after an edit of its own.
 * Over a real LSP connection: `mscn/runResult` and hovers of the importer answer for the new machine, and
 * a run of the importer in flight when the import changes is stopped and publishes nothing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { LspClient, fileUri, removeTempFolders, tempFolder } from './lsp-client.js';
import { i386Split, x86_64Split } from './address-hovers.js';

let client: LspClient | undefined;
afterEach(async () => {
    await client?.stop();
    client = undefined;
    removeTempFolders();
});

const machines = (arch: string) => `machine m { arch ${arch} }\n`;
const IMPORTER = `import "machines.mscn"
process p
run r on m {
    switch cpu 0 to p
    mmap p at 0xBF80_0000 size 1 MiB rw as buf
    repeat REPEATS { touch p buf }
}
`;
/** `0xBF80_0000` on line 4 (0-based). */
const AT = { line: 4, character: IMPORTER.split('\n')[4].indexOf('0xBF80') + 2 };
const I386 = i386Split('machine m');
const X86_64 = x86_64Split('machine m');

/** Both files on disk in a fresh folder: the importer with `repeats` touches of its buffer. */
function folder(repeats: string): { dir: string; importer: string; imported: string } {
    const dir = tempFolder('mscn-import-');
    writeFileSync(join(dir, 'machines.mscn'), machines('i386'));
    writeFileSync(join(dir, 'a.mscn'), IMPORTER.replace('REPEATS', repeats));
    return { dir, importer: fileUri(join(dir, 'a.mscn')), imported: fileUri(join(dir, 'machines.mscn')) };
}

interface Reply {
    version: number;
    runs: { results: { arch: string }[] }[];
}
const archs = (reply: Reply | null) => reply?.runs.flatMap(r => r.results.map(x => x.arch));

async function hoverText(c: LspClient, uri: string): Promise<string | undefined> {
    const hover = await c.request<{ contents: { value: string } } | null>('textDocument/hover', {
        textDocument: { uri },
        position: AT,
    });
    return hover?.contents.value;
}

describe('GIVEN a file whose run uses a machine of the file it imports', () => {
    test('WHEN the imported machine changes THEN runResult and the hover answer for the new one, not the stored run', async () => {
        // runs held back: only mscn/runResult runs a text, so nothing lands on its own
        const { dir, importer, imported } = folder('2');
        client = await LspClient.start({ run: { debounce: 600_000 } }, dir);
        client.open(imported, machines('i386'));
        client.open(importer, IMPORTER.replace('REPEATS', '2'));
        await client.diagnosticsWhere(importer, d => d.length === 0);
        expect(archs(await client.request<Reply>('mscn/runResult', { uri: importer }))).toEqual(['i386']);
        expect(await hoverText(client, importer)).toBe(I386);
        const published = client.published(importer);
        client.change(imported, machines('x86_64'));
        // the importer is linked and validated again (its diagnostics are published again), same text
        await client.until(() => (client!.published(importer) > published ? true : undefined), 'a new validation');
        expect(await hoverText(client, importer)).toBe(X86_64);
        const reply = await client.request<Reply>('mscn/runResult', { uri: importer });
        expect(archs(reply)).toEqual(['x86_64']);
        expect(reply.version).toBe(1);
        // two runs of version 1: one per meaning of its text
        expect(client.finished.filter(f => f.uri === importer).map(f => f.outcome)).toEqual(['done', 'done']);
    });

    test('WHEN the imported file changes on disk while the importer runs THEN that run stops and publishes nothing', async () => {
        // 39,062 × 256 touches ≈ 10 million operations: seconds of engine time (hover-run-job.test.ts). The
        // imported file is not open: nothing else runs, so no other document takes the worker from the importer.
        const { dir, importer, imported } = folder('39_062');
        client = await LspClient.start({ run: { debounce: 0 } }, dir);
        client.open(importer, IMPORTER.replace('REPEATS', '39_062'));
        await client.until(() => client!.started.find(s => s.uri === importer), 'the importer to run');
        writeFileSync(join(dir, 'machines.mscn'), machines('x86_64'));
        void client.connection.sendNotification('workspace/didChangeWatchedFiles', {
            changes: [{ uri: imported, type: 2 }],
        });
        expect(archs(await client.request<Reply>('mscn/runResult', { uri: importer }))).toEqual(['x86_64']);
        // the run started on i386 was stopped: one run landed, the one of the new machine
        expect(client.started.filter(s => s.uri === importer)).toHaveLength(2);
        expect(client.finished.filter(f => f.uri === importer)).toEqual([
            expect.objectContaining({ version: 1, outcome: 'done' }),
        ]);
    }, 60_000);
});
