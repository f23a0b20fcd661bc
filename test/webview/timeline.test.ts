/**
 * The timeline webview in Chromium, fed the recorded runs of the examples. Hand-worked for
 * examples/quickstart.mscn (2 CPUs, statements 0-6 on lines 12-18):
 *   cpu 0: CR3 write (switch, s0), full flush (munmap, s4), CR3 write (leave_mm, s6)      = 3 marks
 *   cpu 1: CR3 write (switch, s1), full flush + IPI (munmap, s4), CR3 write + IPI (s6)     = 5 marks
 * (the exit flush at s6 reaches both CPUs while lazy: leave_mm, so its flush is the CR3 write).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ScenarioRuns } from '../../language/src/execution/run-scenario-file.js';
import { timelineData, type TimelineData } from '../../client/src/panels/timeline-data.js';
import { allProblems, launch, openPanel, screenshot, setTheme, type Browser, type Panel } from './harness.js';
import { runExample } from './fixtures.js';

let browser: Browser;
let quickstart: ScenarioRuns[];
let notifiers: ScenarioRuns[];

beforeAll(async () => {
    [browser, quickstart, notifiers] = await Promise.all([
        launch(),
        runExample('quickstart.mscn'),
        runExample('mmu-notifiers.mscn'),
    ]);
}, 60_000);
afterAll(async () => browser?.close());

const SOURCE = { uri: 'file:///work/examples/quickstart.mscn' };

async function shown(data: TimelineData): Promise<Panel> {
    const panel = await openPanel(browser, 'timeline');
    await panel.send({ type: 'timeline', source: SOURCE, data });
    await panel.page.waitForSelector('.tl-plot');
    return panel;
}

const lanes = (panel: Panel) =>
    panel.page
        .locator('.tl-lane[data-lane]')
        .evaluateAll((ls: any[]) => ls.map(l => [l.textContent, Number(l.dataset.marks)]));
const readout = (panel: Panel) => panel.page.locator('#tl-readout').textContent();

describe('GIVEN the run of examples/quickstart.mscn', () => {
    const data = () => timelineData('run hello on laptop, variant base', quickstart[0].results[0]);

    test('WHEN shown THEN a counted lane and one lane per CPU, with 3 and 5 marks, and every event drawn', async () => {
        const panel = await shown(data());
        expect(await lanes(panel)).toEqual([
            ['counted, all CPUs', 0],
            ['cpu 0', 3],
            ['cpu 1', 5],
        ]);
        expect(await panel.page.locator('.tl-note').textContent()).toMatch(/^Marks: all 8 engine events\./);
        expect(await panel.page.locator('.tl-capped').count()).toBe(0);
        // drawn on two canvases, not one node per mark
        expect(await panel.page.locator('.tl-plot > *').count()).toBe(2);
        await screenshot(panel, 'timeline-quickstart');
        expect(await allProblems(panel)).toEqual([]);
    });

    test('WHEN the keyboard moves the selection and presses Enter THEN the readout says what is there and the host is asked to jump', async () => {
        const panel = await shown(data());
        await panel.page.focus('.tl-plot');
        await panel.page.keyboard.press('Home');
        expect(await readout(panel)).toBe('statement 0, line 12, all CPUs, counted: 1 full flush, 1 CR3 write');
        for (let i = 0; i < 4; i++) await panel.page.keyboard.press('ArrowRight');
        await panel.page.keyboard.press('ArrowDown');
        await panel.page.keyboard.press('ArrowDown');
        expect(await readout(panel)).toBe('statement 4, line 16, cpu 1, recorded: 1 full flush, 1 IPI');
        await panel.page.keyboard.press('ArrowDown'); // no lane below cpu 1: stays
        await panel.page.keyboard.press('End');
        await panel.page.keyboard.press('ArrowUp');
        expect(await readout(panel)).toBe('statement 6, line 18, cpu 0, recorded: 1 CR3 write');
        await panel.page.keyboard.press('Enter');
        expect(await panel.posted()).toEqual([{ type: 'ready' }, { type: 'reveal', statementId: 6 }]);
        // kept in VS Code's state: the source restores the panel after a reload, the selection where it was
        const saved = await panel.page.evaluate(
            '(({ source, selection, data }) => ({ source, selection, marks: data.marks.step.length ' +
                '}))(acquireVsCodeApi().getState())',
        );
        expect(saved).toEqual({ source: SOURCE, selection: { statement: 6, lane: 0 }, marks: 8 });
        expect(await allProblems(panel)).toEqual([]);
    });

    test('WHEN a mark is clicked THEN the host is asked to jump to its statement', async () => {
        const panel = await shown(data());
        const plot = panel.page.locator('.tl-plot');
        const box = (await plot.boundingBox())!;
        const cpu1 = (await panel.page.locator('.tl-lane[data-lane="1"]').boundingBox())!;
        // statement 4 of 7: the fifth band; cpu 1's lane, at the height of its label
        await plot.click({ position: { x: (box.width * 4.5) / 7, y: cpu1.y - box.y + 4 } });
        expect(await readout(panel)).toBe('statement 4, line 16, cpu 1, recorded: 1 full flush, 1 IPI');
        expect(await panel.posted()).toEqual([{ type: 'ready' }, { type: 'reveal', statementId: 4 }]);
        expect(await allProblems(panel)).toEqual([]);
    });

    test('WHEN the theme changes to light and high contrast THEN the page takes its colours and the canvas is redrawn', async () => {
        const panel = await shown(data());
        const colours = () =>
            panel.page.evaluate(
                `[getComputedStyle(document.body).backgroundColor, ` +
                    `getComputedStyle(document.querySelector('.kind-invlpg')).backgroundColor, ` +
                    `document.querySelector('.tl-plot').dataset.drawnTheme]`,
            );
        await setTheme(panel, 'vscode-light');
        expect(await colours()).toEqual(['rgb(255, 255, 255)', 'rgb(26, 133, 255)', 'vscode-light']);
        await screenshot(panel, 'timeline-light');
        await setTheme(panel, 'vscode-high-contrast');
        expect(await colours()).toEqual(['rgb(0, 0, 0)', 'rgb(55, 148, 255)', 'vscode-high-contrast']);
        expect(await panel.page.evaluate(`getComputedStyle(document.querySelector('.tl-lane')).borderLeftColor`)).toBe(
            'rgb(111, 195, 223)',
        );
        await screenshot(panel, 'timeline-high-contrast');
        expect(await allProblems(panel)).toEqual([]);
    });
});

describe('GIVEN the base run of examples/mmu-notifiers.mscn (8 CPUs, notifiers gru, gru_jobs, kvm and xpmem)', () => {
    const result = () => notifiers[0].results[0];

    test('WHEN shown THEN 13 lanes, notifier lanes hold the callouts, and the marks add up to the events drawn', async () => {
        const data = timelineData('run thread_2008 on uv, variant base', result());
        const panel = await shown(data);
        const shownLanes = await lanes(panel);
        expect(shownLanes.map(l => l[0])).toEqual([
            'counted, all CPUs',
            ...[0, 1, 2, 3, 4, 5, 6, 7].map(c => `cpu ${c}`),
            'gru',
            'gru_jobs',
            'kvm',
            'xpmem',
        ]);
        expect(shownLanes.reduce((sum, l) => sum + (l[1] as number), 0)).toBe(608);
        const callouts = result().events.filter(e => e.kind === 'callout');
        // One event per zap call, range pair or release: gru 64 x 2 munmaps + the heap at exit + release = 130;
        // gru_jobs 50 x (teardown + release) = 100; kvm madvise + exit + release = 3; xpmem mprotect, munmap
        // and swap-out's invalidate_page that stopped the run = 3.
        expect(callouts.length).toBe(130 + 100 + 3 + 3);
        for (const name of ['gru', 'gru_jobs', 'kvm', 'xpmem']) {
            const own = callouts.filter(e => e.notifier === name);
            // a callout mark, plus a secondary-flush mark when it invalidated pages
            expect(shownLanes.find(l => l[0] === name)![1]).toBe(
                own.length + own.filter(e => (e.pages as number) > 0).length,
            );
        }
        await screenshot(panel, 'timeline-notifiers');
        expect(await allProblems(panel)).toEqual([]);
    });

    test('WHEN the engine kept only its first 100 events THEN the panel says so and where the marks stop', async () => {
        // what the engine's maxEvents cap does: the first events kept, the count going on
        const capped = { ...result(), events: result().events.slice(0, 100) };
        const data = timelineData('run thread_2008 on uv, variant base', capped);
        const last = data.statements[data.marks.statement.at(-1)!];
        const panel = await shown(data);
        expect(await panel.page.locator('.tl-capped').textContent()).toBe(
            `The engine recorded the first 100 of 480 events; marks stop in statement ${last.id} (line ` +
                `${last.line}). The counted lane and the lane totals are complete.`,
        );
        expect(await panel.page.locator('.tl-capped').getAttribute('role')).toBe('note');
        await screenshot(panel, 'timeline-capped');
        expect(await allProblems(panel)).toEqual([]);
    });
});
