// The panels' front ends in Debian's Chromium (playwright-core, the flags of test/webview/harness.ts), fed
// engine output: (a) the page-table panel for an mm with 100,000 present pages (every other 4 KiB page of
// 781.25 MiB: 100,000 single-page leaf runs in 391 PTE tables); (b) the timeline for 1,000,000 engine events
// (4 switch statements repeated 250,000 times: one CR3 write each, no event cap); (c) one keyboard step of the
// timeline's selection; (d) scrolling the page table's PTE column from its top to its end (the panel builds
// only the rows in view, on the animation frame after the scroll). Times are taken in the page (performance.now) from
// the host's message to the end of the synchronous render, and to the next animation frame (layout and paint
// included); median of 5.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { bundleExports } from './bundle-exports.mjs';
import { bundleDefaults, scenarioConfig } from './scenario-config.mjs';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../chromium.mjs';

export const title = 'webview panels in Chromium: page tables of 100,000 pages, timeline of 1,000,000 events';

const require = createRequire(import.meta.url);
const ORIGIN = 'https://webview.test';
const RUNS = 5;
const loc = { line: 1, column: 1, endLine: 1, endColumn: 1 };

function config(defaults, run, processes, statements) {
    let id = 0;
    const number = s =>
        s.kind === 'repeat'
            ? { ...s, id: id++, loc, body: s.body.map(number) }
            : { id: id++, loc: { ...loc, line: id }, checks: [], ...s };
    const machine = { name: 'bench', ramBytes: 8n << 30n, cpus: 4 };
    return scenarioConfig(defaults, { run, machine, processes, statements: statements.map(number) });
}

const START = 0x200000000000n;
const task = (name, thread = 0) => ({ name, thread });

function sparsePages(defaults) {
    return config(
        defaults,
        'sparse',
        [{ name: 'p', threads: 1 }],
        [
            { kind: 'switch', cpu: 0, to: task('p') },
            {
                kind: 'mmap',
                task: task('p'),
                start: START,
                size: 100_000n * 8192n,
                backing: { kind: 'anon' },
                shared: false,
                prot: { read: true, write: true, exec: false },
                pageSize: 4096n,
            },
            {
                kind: 'access',
                access: 'write',
                task: task('p'),
                range: { start: START, size: 100_000n * 8192n },
                stride: 8192n,
            },
        ],
    );
}

function millionSwitches(defaults) {
    return config(
        defaults,
        'switches',
        [
            { name: 'a', threads: 2 },
            { name: 'b', threads: 2 },
        ],
        [
            { kind: 'switch', cpu: 0, to: task('a') },
            { kind: 'switch', cpu: 1, to: task('a', 1) },
            {
                kind: 'repeat',
                count: 250_000,
                body: [
                    { kind: 'switch', cpu: 0, to: task('b') },
                    { kind: 'switch', cpu: 1, to: task('b', 1) },
                    { kind: 'switch', cpu: 0, to: task('a') },
                    { kind: 'switch', cpu: 1, to: task('a', 1) },
                ],
            },
        ],
    );
}

/** panelHtml and timelineData from the client's TypeScript, bundled for this process. */
async function clientHelpers(root, cacheDir) {
    const source =
        "export { panelHtml } from './client/src/panels/html.ts'; export { timelineData } from " +
        "'./client/src/panels/timeline-data.ts';";
    return require(await bundleExports(root, path.join(cacheDir, 'webview-helpers.cjs'), source));
}

async function openPanel(context, root, helpers, script) {
    const page = await context.newPage();
    const html = helpers.panelHtml({
        title: script,
        cspSource: ORIGIN,
        nonce: 'YmVuY2gtbm9uY2U=',
        scriptUri: `${ORIGIN}/${script}.js`,
        styleUri: `${ORIGIN}/panels.css`,
    });
    await page.route(`${ORIGIN}/**`, route => {
        const name = new URL(route.request().url()).pathname.slice(1);
        if (name === 'index.html') return route.fulfill({ contentType: 'text/html', body: html });
        return route.fulfill({
            contentType: name.endsWith('.css') ? 'text/css' : 'text/javascript',
            body: fs.readFileSync(path.join(root, 'out/webview', name.replace(/[^a-z.-]/g, ''))),
        });
    });
    await page.addInitScript({
        content: 'window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} });',
    });
    const errors = [];
    page.on('pageerror', e => errors.push(e.message));
    page.on('console', m => {
        if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${ORIGIN}/index.html`);
    return { page, errors };
}

/** `timed` evaluated in the page RUNS times, one after the other: what each returned. */
async function evaluateRuns(page, timed) {
    const results = [];
    for (let i = 0; i < RUNS; i++) results.push(await page.evaluate(timed));
    return results;
}

const median = values => [...values].sort((a, b) => a - b)[Math.floor(RUNS / 2)];

/** Posts `message` in the page RUNS times; medians of [synchronous render ms, ms to the next frame]. */
async function timeRender(page, message) {
    await page.evaluate(m => {
        window.__message = m;
    }, message);
    const times = await evaluateRuns(
        page,
        () =>
            new Promise(resolve => {
                const t0 = performance.now();
                window.dispatchEvent(new MessageEvent('message', { data: window.__message }));
                const t1 = performance.now();
                requestAnimationFrame(() => resolve([t1 - t0, performance.now() - t0]));
            }),
    );
    return [median(times.map(t => t[0])), median(times.map(t => t[1]))];
}

/**
 * The PTE column scrolled from its top to its end: ms from setting scrollTop to the frame after the rows
 * in view were built (the scroll handler builds them on the next frame); median of RUNS. Also the rows
 * then in the DOM and the index of the last one.
 */
async function timeScrollToEnd(page) {
    const times = await evaluateRuns(
        page,
        () =>
            new Promise(resolve => {
                const column = document.querySelector('.pt-column[data-level="pte"] .pt-scroll');
                column.scrollTop = 0;
                requestAnimationFrame(() =>
                    requestAnimationFrame(() => {
                        const t0 = performance.now();
                        column.scrollTop = column.scrollHeight;
                        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
                    }),
                );
            }),
    );
    const [rows, last] = await page.evaluate(() => {
        const entries = document.querySelectorAll('.pt-column[data-level="pte"] .entry');
        return [document.querySelectorAll('.entry').length, Number(entries[entries.length - 1]?.dataset.row)];
    });
    return { ms: median(times), rows, last };
}

async function timeKeyStep(page) {
    await page.focus('.tl-plot');
    return page.evaluate(() => {
        const plot = document.querySelector('.tl-plot');
        const t0 = performance.now();
        for (let i = 0; i < 20; i++)
            plot.dispatchEvent(
                new KeyboardEvent('keydown', { key: i % 2 ? 'ArrowLeft' : 'ArrowRight', bubbles: true }),
            );
        return (performance.now() - t0) / 20;
    });
}

export async function run(ctx) {
    const { root, cacheDir, log } = ctx;
    const engine = require(path.join(root, 'out/engine/index.cjs'));
    const helpers = await clientHelpers(root, cacheDir);
    const defaults = await bundleDefaults(root, cacheDir);
    const { chromium } = require('playwright-core');
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mscn-bench-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM_EXECUTABLE,
        headless: true,
        viewport: { width: 1280, height: 800 },
        args: CHROMIUM_ARGS,
    });
    try {
        log('webview: running the 100,000-page scenario');
        const sparse = engine.runScenario(sparsePages(defaults), { snapshotAfter: new Set([2]) });
        const snapshot = sparse.snapshots[2];
        const pages = sparse.totals.framesAllocated;
        const tables = {
            pageTables: {
                type: 'pageTables',
                source: { uri: 'file:///bench.mscn' },
                title: 'bench',
                statements: [{ id: 2, line: 3, executions: 1 }],
                statementId: 2,
                snapshot,
                previous: sparse.snapshots[2],
            },
        };
        const pt = await openPanel(context, root, helpers, 'page-tables');
        const [ptRender, ptFrame] = await timeRender(pt.page, tables.pageTables);
        const ptNodes = await pt.page.evaluate(() => document.querySelectorAll('#root *').length);
        const scroll = await timeScrollToEnd(pt.page);
        if (scroll.last !== pages - 1)
            throw new Error(`scrolled to the end, the last row is ${scroll.last}, not ${pages - 1}`);
        log('webview: running the 1,000,000-event scenario');
        const switches = engine.runScenario(millionSwitches(defaults), { maxEvents: 2_000_000 });
        const data = helpers.timelineData('bench', switches);
        const tl = await openPanel(context, root, helpers, 'timeline');
        const [tlRender, tlFrame] = await timeRender(tl.page, {
            type: 'timeline',
            source: { uri: 'file:///bench.mscn' },
            data,
        });
        const tlNodes = await tl.page.evaluate(() => document.querySelectorAll('#root *').length);
        const step = await timeKeyStep(tl.page);
        const errors = [...pt.errors, ...tl.errors];
        if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
        return [
            {
                measurement: `page tables, ${pages.toLocaleString('en-US')} present pages: render`,
                value: ptRender,
                unit: 'ms',
                note: `${ptNodes} DOM nodes, changes against itself diffed; median of ${RUNS}`,
            },
            {
                measurement: 'page tables: render to next frame',
                value: ptFrame,
                unit: 'ms',
                note: 'layout and paint included',
            },
            {
                measurement: 'page tables: scroll the PTE column to its end',
                value: scroll.ms,
                unit: 'ms',
                note:
                    `to the frame after the rows in view are built; then ${scroll.rows} entry rows in the ` +
                    `DOM, the last #${scroll.last.toLocaleString('en-US')}; median of ${RUNS}`,
            },
            {
                measurement: `timeline, ${switches.eventCount.toLocaleString('en-US')} events: render`,
                value: tlRender,
                unit: 'ms',
                note: `${data.marks.step.length.toLocaleString('en-US')} marks binned; ${tlNodes} DOM nodes`,
            },
            {
                measurement: 'timeline: render to next frame',
                value: tlFrame,
                unit: 'ms',
                note: 'layout and paint included',
            },
            {
                measurement: 'timeline: one arrow-key step',
                value: step,
                unit: 'ms',
                note: 'selection redraw and readout; mean of 20',
            },
        ];
    } finally {
        await context.close();
        fs.rmSync(profile, { recursive: true, force: true });
    }
}
