/**
 * The editor's run of a document with a big sweep, over a real connection: it runs the base, the
 * hand-written variants and at most `mscn.run.sweepPoints` sweep points (default 64), a grid over every
 * parameter's range (lowering/sweep-sample.ts), and says so on the sweep's header. Before, every keystroke
 * lowered and ran all 2,000 points.
 *
 * The sweep: flush 1 to 100 (100 values) × cost invlpg 10 to 200 cycles by 10 (20 values) = 2,000 points.
 * The grid for 64: one value each, then one more to the parameter with the fewest (the first on a tie):
 * (2,1) (2,2) (3,2) ... (8,8) = 64; (9,8) and (8,9) = 72 do not fit. 8 evenly spaced values, both ends
 * included: flush indices round(j × 99 / 7) = 0 14 28 42 57 71 85 99 → 1 15 29 43 58 72 86 100; cost indices
 * round(j × 19 / 7) = 0 3 5 8 11 14 16 19 → 10 40 60 90 120 150 170 200 cycles.
 *
 * Each point: write 16 pages (64 KiB), munmap them. 16 pages > a ceiling of 15 or less: one full flush
 * (flush_tlb_mm_range, docs/model.md R20), besides the one of the switch, and no invlpg; a ceiling of 16
 * or more: 16 invlpg, costing 16 × C cycles at the default 2.4 GHz (C = 40: 640 cycles = 266.67 ns).
 */
import { afterEach, describe, expect, test } from 'vitest';
import { LspClient } from './lsp-client.js';
import { pointParams } from '../../language/src/report/sweep-params.js';

let client: LspClient | undefined;
afterEach(async () => {
    await client?.stop();
    client = undefined;
});

const URI = 'file:///virtual/wide.mscn';
const RUN = `process p
run r {
    switch cpu 0 to p
    mmap p at 0x1000_0000 size 64 KiB as b
    write p b
    munmap p b
}
`;
const WIDE = `sweep wide {
    flush = 1 to 100
    cost invlpg = 10 cycles to 200 cycles by 10 cycles
}
`;
const INFORMATION = 3;

interface Reply {
    variants: string[];
    runs: Array<{
        results: Array<{ variant: string; totals: Record<string, number>; timeByKind: Record<string, number> }>;
    }>;
}

describe('GIVEN a document with a sweep of 2,000 points', () => {
    test('WHEN the editor runs it THEN the base and 64 points of a grid run, figures right, and a note says 64 of 2,000', async () => {
        client = await LspClient.start({ run: { debounce: 0 } });
        const opened = Date.now();
        client.open(URI, RUN + WIDE);
        await client.ranVersion(URI, 1, 60_000);
        // 65 configs of a 5-statement run: a second or two on a loaded machine; all 2,000 took over 12 s
        expect(Date.now() - opened).toBeLessThan(8_000);
        const reply = await client.request<Reply>('mscn/runResult', { uri: URI });
        const flushes = [1, 15, 29, 43, 58, 72, 86, 100];
        const costs = [10, 40, 60, 90, 120, 150, 170, 200];
        const names = flushes.flatMap(f => costs.map(c => `flush=${f},cost.invlpg=${c}cycles`));
        expect(reply.variants).toEqual(['base', ...names]);
        const results = reply.runs[0].results;
        expect(results).toHaveLength(65);
        for (const r of results.slice(1)) {
            const [, flush, cycles] = /^flush=(\d+),cost\.invlpg=(\d+)cycles$/.exec(r.variant)!.map(Number);
            expect([r.variant, r.totals.invlpg, r.totals.fullFlushes]).toEqual(
                flush >= 16 ? [r.variant, 16, 1] : [r.variant, 0, 2],
            );
            if (flush >= 16) expect(r.timeByKind.invlpg).toBeCloseTo((16 * cycles) / 2.4, 6);
        }
        const notes = (await client.diagnosticsWhere(URI, d => d.length > 0)).filter(d => d.severity === INFORMATION);
        expect(notes).toEqual([
            expect.objectContaining({
                range: { start: { line: 7, character: 0 }, end: { line: 7, character: 10 } },
                message:
                    "64 of 2,000 points of sweep wide run in the editor, a grid over every parameter's range: " +
                    'flush 8 of 100, cost.invlpg 8 of 20 (mscn.run.sweepPoints = 64); run `mscn sweep wide.mscn` ' +
                    'for all',
            }),
        ]);
        // the comparison panel's chart (client/webview/sweep-chart.ts) reads the points back from the names:
        // both parameters, each with its 8 values in order, every pair present
        const params = reply.variants.slice(1).map(v => pointParams(v)!);
        expect(new Set(params.map(p => p.map(([k]) => k).join(',')))).toEqual(new Set(['flush,cost.invlpg']));
        expect([...new Set(params.map(p => p[0][1]))]).toEqual(flushes.map(String));
        expect([...new Set(params.map(p => p[1][1]))]).toEqual(costs.map(c => `${c}cycles`));
    });

    test('WHEN mscn.run.sweepPoints is 10 and a 4-point sweep comes first THEN it runs whole, the big one gets the 6 left', async () => {
        // tiny: 2 × 2 = 4 points, all run, no note. wide: 6 left: (2,1) (2,2) (3,2) = 6; (4,2) and (3,3) do
        // not fit. flush round(j × 99 / 2) = 0 50 99 → 1 51 100; cost round(j × 19 / 1) = 0 19 → 10, 200 cycles.
        client = await LspClient.start({ run: { debounce: 0, sweepPoints: 10 } });
        const tiny = 'sweep tiny {\n    flush = 8, 32\n    cost invlpg = 100 cycles, 300 cycles\n}\n';
        client.open(URI, RUN + tiny + WIDE);
        await client.ranVersion(URI, 1, 60_000);
        const reply = await client.request<Reply>('mscn/runResult', { uri: URI });
        expect(reply.variants).toEqual([
            'base',
            'flush=8,cost.invlpg=100cycles',
            'flush=8,cost.invlpg=300cycles',
            'flush=32,cost.invlpg=100cycles',
            'flush=32,cost.invlpg=300cycles',
            ...[1, 51, 100].flatMap(f => [10, 200].map(c => `flush=${f},cost.invlpg=${c}cycles`)),
        ]);
        const notes = (await client.diagnosticsWhere(URI, d => d.length > 0)).filter(d => d.severity === INFORMATION);
        expect(notes.map(d => [d.range.start.line, d.message])).toEqual([
            [
                11,
                "6 of 2,000 points of sweep wide run in the editor, a grid over every parameter's range: " +
                    'flush 3 of 100, cost.invlpg 2 of 20 (mscn.run.sweepPoints = 10); run `mscn sweep wide.mscn` ' +
                    'for all',
            ],
        ]);
    });
});
