/**
 * The page-table webview in Chromium, fed the snapshots of examples/quickstart.mscn (shell writes its
 * 1 MiB heap: 1 MiB / 4 KiB = 256 pages, one PTE table). One browser for the file.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Snapshot, TableSnapshot } from '../../language/src/engine/index.js';
import type { ScenarioRuns } from '../../language/src/execution/run-scenario-file.js';
import type { StatementInfo, ToWebview } from '../../client/src/panels/messages.js';
import { allProblems, launch, openPanel, screenshot, type Browser, type Panel } from './harness.js';
import { runExample } from './fixtures.js';

const WRITE = 3; // statement ids in pre-order: 0 switch, 1 switch, 2 mmap, 3 write, 4 munmap, 5 exit, 6 exit

let browser: Browser;
let runs: ScenarioRuns[];

beforeAll(async () => {
    [browser, runs] = await Promise.all([launch(), runExample('quickstart.mscn', [0, 1, 2, 3, 4, 5, 6])]);
}, 30_000);
afterAll(async () => browser?.close());

function levelsOf(t: TableSnapshot): string[] {
    return [t.level, ...(t.children[0] ? levelsOf(t.children[0].table) : [])];
}

function message(snapshot: Snapshot): ToWebview {
    const result = runs[0].results[0];
    const statements: StatementInfo[] = result.statements.filter(s => result.snapshots[s.id]).map(s => ({ id: s.id, line: s.loc.line, executions: s.executions }));
    return { type: 'pageTables', source: { uri: 'file:///work/examples/quickstart.mscn' }, title: 'run hello on laptop, variant base', statements, statementId: snapshot.statementId, snapshot, previous: null };
}

async function shown(snapshot: Snapshot): Promise<Panel> {
    const panel = await openPanel(browser, 'page-tables');
    await panel.send(message(snapshot));
    await panel.page.waitForSelector('.pt-tree');
    return panel;
}

describe('GIVEN the snapshot after `write shell heap`', () => {
    test('WHEN shown THEN one column per level, the 256 written pages as leaf runs, and no CSP or console error', async () => {
        const snapshot = runs[0].results[0].snapshots[WRITE];
        const root = snapshot.mms.find(m => m.name === 'shell')!.root!;
        const panel = await shown(snapshot);
        const headings = await panel.page.locator('.pt-column h3').allTextContents();
        expect(headings.map(h => h.split(' · ')[0])).toEqual(levelsOf(root));
        const leafRows = await panel.page.locator('.leaf').allTextContents();
        const counts = leafRows.map(t => /×(\d+)/.exec(t)?.[1] ?? '1').map(Number);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(256);
        expect(await panel.page.locator('.pt-table.loc-lowmem').count()).toBe(levelsOf(root).length);
        expect(await panel.posted()).toEqual([{ type: 'ready' }]);
        await screenshot(panel, 'page-tables');
        expect(await allProblems(panel)).toEqual([]);
    });

    test('WHEN a TLB entry is hovered THEN the walk to its address is lit at every level and the entry is a hit', async () => {
        const snapshot = runs[0].results[0].snapshots[WRITE];
        const levels = levelsOf(snapshot.mms[0].root!).length;
        const panel = await shown(snapshot);
        const cell = panel.page.locator('.tlb-entry').first();
        await cell.hover();
        expect(await panel.page.locator('.pt-table.on-path').count()).toBe(levels);
        expect(await panel.page.locator('.entry.on-path').count()).toBe(levels);
        expect(await panel.page.locator('.leaf.on-path').count()).toBe(1);
        expect(await cell.getAttribute('class')).toContain('hit');
        await panel.page.fill('#address', '0x1000'); // below every VMA: the walk stops in the pgd
        expect(await panel.page.locator('.pt-table.on-path.unmapped').count()).toBe(1);
        expect(await allProblems(panel)).toEqual([]);
    });

    test('WHEN an entry is stale and a name holds markup THEN the entry is red and says so, and the name is text', async () => {
        const recorded = runs[0].results[0].snapshots[WRITE];
        // the engine's examples keep their TLBs coherent: mark one recorded entry stale as a flush bug would
        const snapshot: Snapshot = structuredClone(recorded);
        snapshot.cpus[0].tlb[0].stale = true;
        snapshot.cpus[0].current = '<img src=x onerror=alert(1)>';
        const panel = await shown(snapshot);
        const stale = panel.page.locator('.tlb-entry.stale');
        expect(await stale.count()).toBe(1);
        expect(await stale.getAttribute('aria-label')).toMatch(/, stale$/);
        // red: the theme's error colour (its fallback outside VS Code, #f48771)
        expect(await panel.page.evaluate("getComputedStyle(document.querySelector('.tlb-entry.stale')).color")).toBe('rgb(244, 135, 113)');
        expect(await panel.page.locator('img').count()).toBe(0);
        expect(await panel.page.locator('.cpu h3').first().textContent()).toContain('<img src=x onerror=alert(1)>');
        await screenshot(panel, 'page-tables-stale');
        expect(await allProblems(panel)).toEqual([]);
    });

    test('WHEN the slider steps back and Go to line is pressed THEN the host is asked for the statements by id', async () => {
        const panel = await shown(runs[0].results[0].snapshots[WRITE]);
        await panel.page.focus('#step');
        await panel.page.keyboard.press('ArrowLeft');
        await panel.send({ type: 'snapshot', statementId: 2, snapshot: runs[0].results[0].snapshots[2], previous: runs[0].results[0].snapshots[1] });
        await panel.page.waitForSelector('text=statement 2');
        await panel.page.keyboard.press('Tab'); // from the slider to the button, as a keyboard user would
        await panel.page.locator('button.reveal').press('Enter');
        expect(await panel.posted()).toEqual([{ type: 'ready' }, { type: 'selectStatement', statementId: 2 }, { type: 'reveal', statementId: 2 }]);
        expect(await allProblems(panel)).toEqual([]);
    });
});
