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

let browser: Browser;
beforeAll(async () => { browser = await launch(); }, 30_000);
afterAll(async () => browser?.close());

describe('GIVEN the runs of examples/mmu-notifiers.mscn', () => {
    test('WHEN compared THEN each row holds the JSON report figures per variant, their ratios and bars', async () => {
        const runs = await runExample('mmu-notifiers.mscn');
        const json = runJson('examples/mmu-notifiers.mscn').totals;
        const panel = await openPanel(browser, 'comparison');
        await panel.send({ type: 'comparison', source: { uri: 'file:///work/examples/mmu-notifiers.mscn' }, title: 'mmu-notifiers.mscn', runs: runs.map(comparisonRun) });
        await panel.page.waitForSelector('table.comparison');
        for (const run of runs) {
            const variants = run.results.map(r => r.variant);
            const section = panel.page.locator(`section[data-run="${run.run}"]`);
            // runs in the page (`any`: the tests compile without the DOM library)
            const rows: [string, number[], string[]][] = await section.locator('table.comparison tbody tr').evaluateAll((trs: any[]) => trs.map(r => [r.dataset.figure,
                [...r.querySelectorAll('td[data-value]')].map((td: any) => Number(td.dataset.value)), [...r.querySelectorAll('td.ratio')].map((td: any) => td.textContent)]));
            const nonZero = Object.keys(json[run.run][variants[0]]).filter(f => !f.includes('(') && variants.some(v => json[run.run][v][f] !== 0));
            expect(rows.map(r => r[0]).filter(l => !l.includes('('))).toEqual(nonZero);
            for (const [label, values, ratios] of rows) {
                expect(values).toEqual(variants.map(v => json[run.run][v][label] ?? 0));
                expect(ratios).toEqual(values.slice(1).map(v => formatRatio(values[0] === 0 ? undefined : v / values[0])));
            }
            // one bar per figure and variant, plus one legend swatch per variant
            expect(await section.locator('svg.bars rect').count()).toBe(rows.length * variants.length + variants.length);
        }
        await screenshot(panel, 'comparison');
        await panel.page.getByRole('button', { name: 'Export CSV' }).click();
        await panel.page.getByRole('button', { name: 'Export Markdown' }).click();
        expect(await panel.posted()).toEqual([{ type: 'ready' }, { type: 'export', format: 'csv' }, { type: 'export', format: 'markdown' }]);
        expect(await allProblems(panel)).toEqual([]);
    });
});

describe('GIVEN the variants of examples/quickstart.mscn (flush ceiling 33 vs 128 pages)', () => {
    test('WHEN compared THEN the per-statement difference is the munmap: 2 full flushes become 64 invlpg each side', async () => {
        const runs = await runExample('quickstart.mscn');
        const panel = await openPanel(browser, 'comparison');
        await panel.send({ type: 'comparison', source: { uri: 'file:///work/examples/quickstart.mscn' }, title: 'quickstart.mscn', runs: runs.map(comparisonRun) });
        await panel.page.waitForSelector('table.statement-difference');
        const rows = await panel.page.locator('table.statement-difference tbody tr').evaluateAll((trs: any[]) =>
            trs.map(r => [...r.children].map((c: any) => c.textContent)));
        // line 16 is the munmap of 64 pages: over the 33-page ceiling a full flush on each CPU, under 128 an invlpg of each page
        expect(rows.filter(r => r[0] === '16').map(r => r.slice(1, 5))).toEqual(expect.arrayContaining([
            ['fullFlushes', '2', '0', '−2'], ['invlpg', '0', '128', '+128'],
        ]));
        expect(rows.every(r => r[0] === '16')).toBe(true);
        await screenshot(panel, 'comparison-quickstart');
        await panel.page.getByRole('button', { name: 'Save the chart of run hello as SVG' }).click();
        await panel.page.getByRole('button', { name: 'Save the chart of run hello as PNG' }).click();
        const posted = await panel.posted() as { type: string; format?: string; data?: string }[];
        expect(posted.map(m => [m.type, m.format])).toEqual([['ready', undefined], ['saveImage', 'svg'], ['saveImage', 'png']]);
        // what the host accepts: an SVG document with the bars' colours written in, and a PNG data URL
        expect(parseFromWebview(posted[1])).toEqual(posted[1]);
        expect(parseFromWebview(posted[2])).toEqual(posted[2]);
        expect(posted[1].data).toMatch(/^<svg[^>]* xmlns="http:\/\/www.w3.org\/2000\/svg"/);
        expect(posted[1].data).toContain('fill="rgb(55, 148, 255)"');
        expect(posted[1].data).not.toContain('class=');
        expect(posted[2].data!.startsWith('data:image/png;base64,iVBORw0KGgo')).toBe(true);
        expect(await allProblems(panel)).toEqual([]);
    });
});
