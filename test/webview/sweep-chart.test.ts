/**
 * The sweep in the comparison panel, in Chromium: examples/sweep-tlb.mscn's 32 points (8 TLB sizes × 2
 * notifier APIs × 2 release placements). The swept parameters are listed, and the chart plots a
 * figure against the TLB size, one line per API, with the figures of `mscn run` for those points.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { comparisonRun } from '../../client/src/panels/comparison-data.js';
import { parseFromWebview } from '../../client/src/panels/messages.js';
import { allProblems, launch, openPanel, type Browser } from './harness.js';
import { runExample } from './fixtures.js';

let browser: Browser;
beforeAll(async () => {
    browser = await launch();
}, 30_000);
afterAll(async () => browser?.close());

const TLB = ['16/4', '32/4', '64/4', '128/4', '256/4', '512/4', '1024/4', '1536/4'];

describe('GIVEN the runs of examples/sweep-tlb.mscn', () => {
    test('WHEN compared THEN the swept parameters, and a chart of a figure against the TLB, a line per API', async () => {
        const runs = await runExample('sweep-tlb.mscn');
        const panel = await openPanel(browser, 'comparison');
        await panel.send({
            type: 'comparison',
            source: { uri: 'file:///work/examples/sweep-tlb.mscn' },
            title: 'sweep-tlb.mscn',
            runs: runs.map(comparisonRun),
        });
        const sweep = panel.page.locator('section[data-run="loop"] div.sweep');
        await sweep.waitFor();
        const params = await sweep
            .locator('table.sweep-params tr')
            .evaluateAll((trs: any[]) => trs.map(r => [r.dataset.param, r.querySelector('td').textContent]));
        expect(params).toEqual([
            ['tlb', TLB.join(', ')],
            ['api', 'page, range'],
            ['release', 'before-unmap, after-unmap'],
        ]);
        expect(await sweep.locator('caption').textContent()).toBe('swept parameters: 32 points');

        const markers = async () =>
            sweep
                .locator('svg.sweep-chart circle')
                .evaluateAll((cs: any[]) => cs.map(c => [c.dataset.series, c.dataset.x, Number(c.dataset.value)]));
        await sweep.getByLabel('figure', { exact: true }).selectOption('tlbMisses');
        // a 512-page loop read 4 times: 2,048 misses while the TLB holds fewer than 512 entries, then only the first
        // pass's 512
        const misses = TLB.map((x, i) => [x, i < 5 ? 2048 : 512]);
        expect(await markers()).toEqual([
            ...misses.map(([x, v]) => ['page', x, v]),
            ...misses.map(([x, v]) => ['range', x, v]),
        ]);
        expect(await sweep.locator('svg.sweep-chart').getAttribute('aria-label')).toBe(
            'run loop: tlbMisses against tlb, a line per api (release=before-unmap)',
        );
        expect(await sweep.locator('svg.sweep-chart polyline').count()).toBe(2);
        // the GRU: 256 invalidate_pages with api page, one range pair with api range, at any TLB size
        await sweep.getByLabel('figure', { exact: true }).selectOption('secondaryFlushes');
        expect(await markers()).toEqual([...TLB.map(x => ['page', x, 256]), ...TLB.map(x => ['range', x, 1])]);
        // a line per release placement instead, api held at page: the two lines coincide (the mm does not exit)
        await sweep.getByLabel('a line per', { exact: true }).selectOption('release');
        expect(await markers()).toEqual([
            ...TLB.map(x => ['before-unmap', x, 256]),
            ...TLB.map(x => ['after-unmap', x, 256]),
        ]);
        await sweep.getByLabel('a line per', { exact: true }).selectOption('api');
        await sweep.getByLabel('figure', { exact: true }).selectOption('tlbMisses');
        await sweep.screenshot({ path: join(resolve(__dirname, '../..'), 'test-results', 'comparison-sweep.png') });

        await sweep.getByRole('button', { name: 'Save the sweep chart of run loop as SVG' }).click();
        await sweep.getByRole('button', { name: 'Save the sweep chart of run loop as PNG' }).click();
        const posted = (await panel.posted()) as { type: string; format?: string; data?: string }[];
        expect(posted.map(m => [m.type, m.format])).toEqual([
            ['ready', undefined],
            ['saveImage', 'svg'],
            ['saveImage', 'png'],
        ]);
        expect(parseFromWebview(posted[1])).toEqual(posted[1]);
        expect(parseFromWebview(posted[2])).toEqual(posted[2]);
        // the lines carry their theme colour out of the panel: charts-blue for the first series, charts-orange the
        // second
        expect(posted[1].data).toMatch(/^<svg[^>]* xmlns="http:\/\/www.w3.org\/2000\/svg"/);
        expect(posted[1].data).toContain('stroke="rgb(55, 148, 255)"');
        expect(posted[1].data).toContain('stroke="rgb(209, 134, 22)"');
        expect(posted[1].data).not.toContain('class=');
        expect(posted[1].data).toContain('>tlbMisses against tlb, a line per api (release=before-unmap)</text>');
        expect(posted[2].data!.startsWith('data:image/png;base64,iVBORw0KGgo')).toBe(true);
        expect(await allProblems(panel)).toEqual([]);
    });
});
