/**
 * Over a real connection: code lenses with run totals, the `mscn/*` requests (run results, snapshots,
 * variant selection seen in the inlay hints) and imports of files outside the workspace folders.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { LspClient, fileUri } from './lsp-client.js';
import { HELLO_LAPTOP } from '../fixtures/hello-laptop.js';

let client: LspClient | undefined;
afterEach(async () => {
    await client?.stop();
    client = undefined;
});

const URI = 'file:///virtual/requests.mscn';
const TEXT = HELLO_LAPTOP;

interface Lens {
    range: { start: { line: number } };
    command: { title: string; command: string; arguments?: unknown[] };
}

describe('GIVEN the server ran a scenario with a variant', () => {
    test('WHEN code lenses are asked for THEN Run, Compare variants, Show page tables and the totals appear above the run', async () => {
        client = await LspClient.start({ run: { debounce: 0 } });
        client.open(URI, TEXT);
        await client.ranVersion(URI, 1);
        const lenses = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri: URI } });
        expect(lenses.map(l => [l.range.start.line, l.command.command, l.command.arguments])).toEqual([
            [2, 'mscn.server.run', [URI, 'hello']],
            [2, 'mscn.server.compareVariants', [URI, 'hello']],
            [2, 'mscn.server.pageTables', [URI, 'hello']],
            [2, 'mscn.server.run', [URI, 'hello']],
        ]);
        // totals: 2 switches (1 full flush each) + munmap (2 full flushes, 1 IPI) = 4 flushes; 256 faults
        expect(lenses[3].command.title).toMatch(/^base: 4 flush · 1 IPI · 256 faults · [0-9.]+ µs$/);
    });

    test('WHEN mscn/runResult and mscn/snapshot are requested THEN the results and the state after a statement come back as JSON', async () => {
        client = await LspClient.start({ run: { debounce: 0 } });
        client.open(URI, TEXT);
        const reply = await client.request<{
            version: number;
            variants: string[];
            runs: {
                run: string;
                results: {
                    variant: string;
                    totals: Record<string, number>;
                    snapshotStatements: number[];
                    snapshots?: unknown;
                }[];
            }[];
        }>('mscn/runResult', { uri: URI });
        expect(reply.version).toBe(1);
        expect(reply.variants).toEqual(['base', 'high_ceiling']);
        expect(
            reply.runs.map(r => [
                r.run,
                r.results.map(x => [x.variant, x.totals.pageFaults, x.totals.invlpg, x.snapshotStatements]),
            ]),
        ).toEqual([
            // high_ceiling: the munmap's 64 pages ≤ 128 → 64 invlpg on cpu 0 and 64 on cpu 1
            [
                'hello',
                [
                    ['base', 256, 0, [0, 1, 2, 3, 4]],
                    ['high_ceiling', 256, 128, [0, 1, 2, 3, 4]],
                ],
            ],
        ]);
        expect(reply.runs[0].results[0].snapshots).toBeUndefined();
        const snapshot = await client.request<{
            statementId: number;
            mms: { name: string; vmas: { start: string; end: string }[] }[];
        }>('mscn/snapshot', { uri: URI, statementId: 4, variant: 'base' });
        // after the munmap of the last 256 KiB: [0x40000000, 0x400c0000)
        expect(snapshot.statementId).toBe(4);
        expect(snapshot.mms.map(m => [m.name, m.vmas.map(v => `${v.start}-${v.end}`)])).toEqual([
            ['shell', ['0x40000000-0x400c0000']],
        ]);
        expect(
            await client.request('mscn/snapshot', { uri: 'file:///virtual/not-open.mscn', statementId: 0 }),
        ).toBeNull();
    });

    test('WHEN a variant is selected THEN inlay hints show its figures', async () => {
        client = await LspClient.start({ run: { debounce: 0 } });
        client.open(URI, TEXT);
        await client.ranVersion(URI, 1);
        expect(await client.request('mscn/selectVariant', { uri: URI, variant: 'high_ceiling' })).toBe(true);
        const hints = await client.request<{ position: { line: number }; label: string }[]>('textDocument/inlayHint', {
            textDocument: { uri: URI },
            range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
        });
        expect(hints.map(h => [h.position.line, h.label])).toEqual([
            [3, 'high_ceiling: 1 flush'],
            [4, 'high_ceiling: 1 flush'],
            [6, 'high_ceiling: 256 faults'],
            [7, 'high_ceiling: 128 invlpg · 1 IPI'],
        ]);
    });
});

describe('GIVEN a workspace whose scenario imports a file outside it', () => {
    test('WHEN the scenario is opened THEN the import is loaded, linked and the scenario runs', async () => {
        const base = mkdtempSync(join(tmpdir(), 'mscn-imports-'));
        mkdirSync(join(base, 'work'));
        mkdirSync(join(base, 'shared'));
        writeFileSync(join(base, 'shared', 'machines.mscn'), 'machine numaq { arch i386-pae cpus 4 }\n');
        const main = join(base, 'work', 'main.mscn');
        const text =
            'import "../shared/machines.mscn"\nprocess p\nrun r on numaq {\n    switch cpu 0 to p\n    syscall p\n}\n';
        writeFileSync(main, text);
        client = await LspClient.start({ run: { debounce: 0 } }, join(base, 'work'));
        client.open(fileUri(main), text);
        const run = await client.until(() => client!.finished.find(f => f.uri === fileUri(main)), 'a run of main.mscn');
        expect(run.outcome).toBe('done');
        const diagnostics = client.diagnostics.get(fileUri(main))!.at(-1)!.diagnostics;
        expect(diagnostics).toEqual([]);
    });
});
