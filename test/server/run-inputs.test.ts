/**
 * The files a run reads besides its text (server/src/run/run-inputs.ts): the cost-overrides file and the
 * traces of `replay` statements. Over a real LSP connection, writing one runs the documents that read it
 * again (input-watcher.ts), once per save, as an edit of their text would: the figures follow the file.
 */
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { LspClient, fileUri, removeTempFolders, tempFolder } from './lsp-client.js';

let client: LspClient | undefined;
afterEach(async () => {
    await client?.stop();
    client = undefined;
    removeTempFolders();
});

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Writes 2 pages of a fresh mapping: 2 page faults (mscn run --json: pageFaults 2). */
const WRITES =
    'process p\nrun r {\n    switch cpu 0 to p\n    mmap p at 0x1000_0000 size 8 KiB as b\n    write p b\n}\n';

interface Reply {
    runs: { results: { totals: Record<string, number>; timeByKind: Record<string, number> }[] }[];
}
const first = (reply: Reply) => reply.runs[0].results[0];

function folder(files: Record<string, string>): string {
    const dir = tempFolder('mscn-inputs-');
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
}

/** Resolves once `n` runs of `uri` finished. */
function runs(c: LspClient, uri: string, n: number): Promise<true> {
    return c.until(() => (c.finished.filter(f => f.uri === uri).length >= n ? true : undefined), `${n} runs`);
}

describe('GIVEN mscn.costs.overridesFile relative to the scenario', () => {
    test('WHEN the file is created, then saved again THEN the scenario runs again each time, with its costs', async () => {
        const dir = folder({ 'a.mscn': WRITES });
        const uri = fileUri(join(dir, 'a.mscn'));
        client = await LspClient.start({ run: { debounce: 0 }, costs: { overridesFile: 'costs.json' } }, dir);
        client.open(uri, WRITES);
        const missing = await client.diagnosticsWhere(uri, d => d.length > 0);
        expect(missing.map(d => d.message)).toEqual([
            `the scenario could not be run: cost overrides file '${join(dir, 'costs.json')}': no such file`,
        ]);
        // created: 2 page faults at 2 us each
        writeFileSync(join(dir, 'costs.json'), '{ "pageFaults": "2 us" }');
        await runs(client, uri, 2);
        expect(client.diagnostics.get(uri)!.at(-1)!.diagnostics).toEqual([]);
        expect(first(await client.request<Reply>('mscn/runResult', { uri })).timeByKind.pageFaults).toBe(4000);
        // saved as editors do, a new file renamed over the old one: 2 × 3 us
        writeFileSync(join(dir, 'costs.json.tmp'), '{ "pageFaults": "3 us" }');
        renameSync(join(dir, 'costs.json.tmp'), join(dir, 'costs.json'));
        await runs(client, uri, 3);
        expect(first(await client.request<Reply>('mscn/runResult', { uri })).timeByKind.pageFaults).toBe(6000);
        // the runs read the file but do not write it: no run follows on its own
        await sleep(1000);
        expect(client.finished.filter(f => f.uri === uri)).toHaveLength(3);
    });
});

describe('GIVEN a scenario that replays a lackey trace', () => {
    /** A scenario replaying a one-record trace (a load of page 0x401), open and run once: its trace and uri. */
    async function replaying(c: LspClient): Promise<{ trace: string; uri: string }> {
        const text = 'process p\nrun r {\n    switch cpu 0 to p\n    replay "t.lackey" as p\n}\n';
        const dir = folder({ 'a.mscn': text, 't.lackey': ' L 00401000,8\n' });
        const uri = fileUri(join(dir, 'a.mscn'));
        c.open(uri, text);
        await runs(c, uri, 1);
        return { trace: join(dir, 't.lackey'), uri };
    }

    test('WHEN the trace grows by a record on another page THEN the scenario runs again and counts it', async () => {
        // one load of page 0x401 (a fault: the zero page, R62), then a load of page 0x402 once appended
        client = await LspClient.start({ run: { debounce: 0 } });
        const { trace, uri } = await replaying(client);
        expect(first(await client.request<Reply>('mscn/runResult', { uri })).totals.accesses).toBe(1);
        appendFileSync(trace, ' L 00402000,8\n');
        await runs(client, uri, 2);
        expect(first(await client.request<Reply>('mscn/runResult', { uri })).totals.accesses).toBe(2);
    });

    test('WHEN the document is closed THEN a write of its trace runs nothing', async () => {
        client = await LspClient.start({ run: { debounce: 0 } });
        const { trace, uri } = await replaying(client);
        client.close(uri);
        await sleep(200);
        appendFileSync(trace, ' L 00402000,8\n');
        await sleep(1000);
        expect(client.started.filter(s => s.uri === uri)).toHaveLength(1);
    });
});
