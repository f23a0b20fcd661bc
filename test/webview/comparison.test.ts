/**
 * The comparison webview in Chromium, fed examples/mmu-notifiers.mscn's runs; every figure in the table
 * must equal `mscn run --json` for the same file. One browser for the file.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { comparisonRun } from '../../client/src/panels/comparison-data.js';
import { formatRatio } from '../../language/src/report/format-numbers.js';
import { parseFromWebview } from '../../client/src/panels/messages.js';
import { runJson } from '../examples/run-example.js';
import { allProblems, launch, openPanel, screenshot, type Browser } from './harness.js';
import { runExample } from './fixtures.js';
import { timeKinds } from '../../client/src/panels/time-by-kind.js';
import type { FigureName } from '../../language/src/engine/figures.js';

let browser: Browser;
beforeAll(async () => {
    browser = await launch();
}, 30_000);
afterAll(async () => browser?.close());

describe('GIVEN the runs of examples/mmu-notifiers.mscn', () => {
    test('WHEN compared THEN each row holds the JSON report figures per variant, their ratios and bars', async () => {
        const runs = await runExample('mmu-notifiers.mscn');
        const json = runJson('examples/mmu-notifiers.mscn').totals;
        const panel = await openPanel(browser, 'comparison');
        await panel.send({
            type: 'comparison',
            source: { uri: 'file:///work/examples/mmu-notifiers.mscn' },
            title: 'mmu-notifiers.mscn',
            runs: runs.map(comparisonRun),
        });
        await panel.page.waitForSelector('table.comparison');
        for (const run of runs) {
            const variants = run.results.map(r => r.variant);
            const section = panel.page.locator(`section[data-run="${run.run}"]`);
            // runs in the page (`any`: the tests compile without the DOM library)
            const rows: [string, number[], string[]][] = await section
                .locator('table.comparison tbody tr')
                .evaluateAll((trs: any[]) =>
                    trs.map(r => [
                        r.dataset.figure,
                        [...r.querySelectorAll('td[data-value]')].map((td: any) => Number(td.dataset.value)),
                        [...r.querySelectorAll('td.ratio')].map((td: any) => td.textContent),
                    ]),
                );
            const nonZero = Object.keys(json[run.run][variants[0]]).filter(
                f => !f.includes('(') && variants.some(v => json[run.run][v][f] !== 0),
            );
            // after estimatedTime, its parts: the kinds any variant spent time on, in figure order
            const kinds = timeKinds(run.results.map(r => r.timeByKind));
            const at = nonZero.indexOf('estimatedTime') + 1;
            const labels = [...nonZero.slice(0, at), ...kinds.map(k => `estimatedTime.${k}`), ...nonZero.slice(at)];
            expect(rows.map(r => r[0]).filter(l => !l.includes('('))).toEqual(labels);
            for (const [label, values, ratios] of rows) {
                const kind = label.startsWith('estimatedTime.')
                    ? (label.slice('estimatedTime.'.length) as FigureName)
                    : undefined;
                expect(values).toEqual(
                    kind
                        ? run.results.map(r => r.timeByKind[kind] ?? 0)
                        : variants.map(v => json[run.run][v][label] ?? 0),
                );
                expect(ratios).toEqual(
                    values.slice(1).map(v => formatRatio(values[0] === 0 ? undefined : v / values[0])),
                );
            }
            // the stack: one segment per variant and kind with time, one legend swatch per kind; then one bar
            // per figure other than the time and its parts, per variant, plus one legend swatch per variant
            const segments = run.results.reduce((n, r) => n + Object.keys(r.timeByKind).length, 0);
            const figureRows = rows.filter(r => !r[0].startsWith('estimatedTime')).length;
            expect(await section.locator('svg.bars g[role=img] rect').count()).toBe(segments);
            expect(await section.locator('svg.bars rect').count()).toBe(
                segments + kinds.length + figureRows * variants.length + variants.length,
            );
        }
        await screenshot(panel, 'comparison');
        await panel.page.getByRole('button', { name: 'Export CSV' }).click();
        await panel.page.getByRole('button', { name: 'Export Markdown' }).click();
        expect(await panel.posted()).toEqual([
            { type: 'ready' },
            { type: 'export', format: 'csv' },
            { type: 'export', format: 'markdown' },
        ]);
        expect(await allProblems(panel)).toEqual([]);
    });
});

describe('GIVEN the variants of examples/quickstart.mscn (flush ceiling 33 vs 128 pages)', () => {
    test('WHEN compared THEN the per-statement difference is the munmap: 2 full flushes become 64 invlpg each side', async () => {
        const runs = await runExample('quickstart.mscn');
        const panel = await openPanel(browser, 'comparison');
        await panel.send({
            type: 'comparison',
            source: { uri: 'file:///work/examples/quickstart.mscn' },
            title: 'quickstart.mscn',
            runs: runs.map(comparisonRun),
        });
        await panel.page.waitForSelector('table.statement-difference');
        const rows = await panel.page
            .locator('table.statement-difference tbody tr')
            .evaluateAll((trs: any[]) => trs.map(r => [...r.children].map((c: any) => c.textContent)));
        // line 16 is the munmap of 64 pages: over the 33-page ceiling a full flush on each CPU, under 128 an invlpg of
        // each page
        expect(rows.filter(r => r[0] === '16').map(r => r.slice(1, 5))).toEqual(
            expect.arrayContaining([
                ['fullFlushes', '2', '0', '−2'],
                ['invlpg', '0', '128', '+128'],
            ]),
        );
        expect(rows.every(r => r[0] === '16')).toBe(true);
        // estimated time stacked by kind, count × cost at 2.4 GHz: walkRefs 2,045 × 2.5 ns, 4 context switches
        // × 1,944 ns, full flushes × 96 cycles (6 base, 4 high_ceiling), 2 IPIs × 1,016 cycles; 128 invlpg × 260 cycles
        const bars = panel.page.locator('svg.bars g[role=img]');
        expect(await bars.evaluateAll((gs: any[]) => gs.map(g => g.getAttribute('aria-label')))).toEqual([
            'base: estimated time 14 µs: walkRefs 5.11 µs, contextSwitches 7.78 µs, fullFlushes 240 ns, ipis 847 ns',
            'high_ceiling: estimated time 27.8 µs: walkRefs 5.11 µs, contextSwitches 7.78 µs, invlpg ' +
                '13.9 µs, fullFlushes 160 ns, ipis 847 ns',
        ]);
        const segments: [string, number][][] = await bars.evaluateAll((gs: any[]) =>
            gs.map(g => [...g.querySelectorAll('rect')].map((r: any) => [r.dataset.kind, Number(r.dataset.ns)])),
        );
        expect(segments).toEqual([
            [
                ['walkRefs', 2045 * 2.5],
                ['contextSwitches', 4 * 1944],
                ['fullFlushes', (6 * 96) / 2.4],
                ['ipis', (2 * 1016 * 1e9) / 2.4e9],
            ],
            [
                ['walkRefs', 2045 * 2.5],
                ['contextSwitches', 4 * 1944],
                ['invlpg', (128 * 260 * 1e9) / 2.4e9],
                ['fullFlushes', (4 * 96) / 2.4],
                ['ipis', (2 * 1016 * 1e9) / 2.4e9],
            ],
        ]);
        runs[0].results.forEach((r, i) =>
            expect(segments[i].reduce((sum, [, ns]) => sum + ns, 0)).toBe(r.totals.estimatedTime),
        );
        // segments in theme colours, one per kind: invlpg is the run's third kind (charts-green)
        expect(
            await panel.page.evaluate("getComputedStyle(document.querySelector('rect[data-kind=invlpg]')).fill"),
        ).toBe('rgb(137, 209, 133)');
        await screenshot(panel, 'comparison-quickstart');
        await panel.page.getByRole('button', { name: 'Save the chart of run hello as SVG' }).click();
        await panel.page.getByRole('button', { name: 'Save the chart of run hello as PNG' }).click();
        const posted = (await panel.posted()) as { type: string; format?: string; data?: string }[];
        expect(posted.map(m => [m.type, m.format])).toEqual([
            ['ready', undefined],
            ['saveImage', 'svg'],
            ['saveImage', 'png'],
        ]);
        // what the host accepts: an SVG document with the bars' colours written in, and a PNG data URL
        expect(parseFromWebview(posted[1])).toEqual(posted[1]);
        expect(parseFromWebview(posted[2])).toEqual(posted[2]);
        expect(posted[1].data).toMatch(/^<svg[^>]* xmlns="http:\/\/www.w3.org\/2000\/svg"/);
        expect(posted[1].data).toContain('fill="rgb(55, 148, 255)"');
        expect(posted[1].data).not.toContain('class=');
        // the legend of the stack is text: the parts are in the file (and painted in the PNG)
        expect(posted[1].data).toContain('>estimated time by event kind</text>');
        expect(posted[1].data).toMatch(/>invlpg<\/text>.*>0 ns<\/text>.*>13.9 µs<\/text>/);
        expect(posted[2].data!.startsWith('data:image/png;base64,iVBORw0KGgo')).toBe(true);
        expect(await allProblems(panel)).toEqual([]);
    });
});
