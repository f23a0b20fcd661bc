/**
 * The page-table webview in Chromium, fed the snapshots of examples/quickstart.mscn (shell writes its
 * 1 MiB heap: 1 MiB / 4 KiB = 256 pages, one PTE table). One browser for the file.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Snapshot, TableSnapshot } from '../../language/src/engine/index.js';
import type { ScenarioRuns } from '../../language/src/execution/run-scenario-file.js';
import type { StatementInfo, ToWebview } from '../../client/src/panels/messages.js';
import { allProblems, launch, openPanel, screenshot, setTheme, type Browser, type Panel } from './harness.js';
import { runExample, runScenarioText, SPARSE_100K } from './fixtures.js';

const WRITE = 3; // statement ids in pre-order: 0 switch, 1 switch, 2 mmap, 3 write, 4 munmap, 5 exit, 6 exit

let browser: Browser;
let runs: ScenarioRuns[];

beforeAll(async () => {
    [browser, runs] = await Promise.all([launch(), runExample('quickstart.mscn', [0, 1, 2, 3, 4, 5, 6])]);
}, 30_000);
afterAll(async () => browser?.close());

/** The fixed height of an entry row (client/webview/virtual-column.ts ROW_HEIGHT, panels.css). */
const ROW = 18;

/** Tables by depth, in address order, as the panel lays them out. */
function columnsOf(root: TableSnapshot): TableSnapshot[][] {
    const columns: TableSnapshot[][] = [];
    const visit = (t: TableSnapshot, depth: number) => {
        (columns[depth] ??= []).push(t);
        for (const c of t.children) visit(c.table, depth + 1);
    };
    visit(root, 0);
    return columns;
}

function levelsOf(t: TableSnapshot): string[] {
    return [t.level, ...(t.children[0] ? levelsOf(t.children[0].table) : [])];
}

function message(snapshot: Snapshot, previous: Snapshot | null = null, result = runs[0].results[0]): ToWebview {
    const statements: StatementInfo[] = result.statements
        .filter(s => result.snapshots[s.id])
        .map(s => ({ id: s.id, line: s.loc.line, executions: s.executions }));
    return {
        type: 'pageTables',
        source: { uri: 'file:///work/examples/quickstart.mscn' },
        title: 'run hello on laptop, variant base',
        statements,
        statementId: snapshot.statementId,
        snapshot,
        previous,
    };
}

async function shown(
    snapshot: Snapshot,
    previous: Snapshot | null = null,
    result = runs[0].results[0],
): Promise<Panel> {
    const panel = await openPanel(browser, 'page-tables');
    await panel.send(message(snapshot, previous, result));
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
        expect(await panel.page.evaluate("getComputedStyle(document.querySelector('.tlb-entry.stale')).color")).toBe(
            'rgb(244, 135, 113)',
        );
        expect(await panel.page.locator('img').count()).toBe(0);
        expect(await panel.page.locator('.cpu h3').first().textContent()).toContain('<img src=x onerror=alert(1)>');
        await screenshot(panel, 'page-tables-stale');
        expect(await allProblems(panel)).toEqual([]);
    });

    test('WHEN the slider steps back and Go to line is pressed THEN the host is asked for the statements by id', async () => {
        const panel = await shown(runs[0].results[0].snapshots[WRITE]);
        await panel.page.focus('#step');
        await panel.page.keyboard.press('ArrowLeft');
        await panel.send({
            type: 'snapshot',
            statementId: 2,
            snapshot: runs[0].results[0].snapshots[2],
            previous: runs[0].results[0].snapshots[1],
        });
        await panel.page.waitForSelector('text=statement 2');
        await panel.page.keyboard.press('Tab'); // from the slider to the button, as a keyboard user would
        await panel.page.locator('button.reveal').press('Enter');
        expect(await panel.posted()).toEqual([
            { type: 'ready' },
            { type: 'selectStatement', statementId: 2 },
            { type: 'reveal', statementId: 2 },
        ]);
        expect(await allProblems(panel)).toEqual([]);
    });
});

describe('GIVEN the snapshots before and after a statement', () => {
    const snapshots = () => runs[0].results[0].snapshots;

    test('WHEN `write shell heap` follows the mmap THEN 4 entries and 3 tables are marked new', async () => {
        const panel = await shown(snapshots()[WRITE], snapshots()[2]);
        expect(await panel.page.locator('p.changes').textContent()).toBe(
            'Since statement 2: 4 entries added, 0 changed, 0 removed, 3 table(s) new',
        );
        // pgd → pud, pud → pmd, pmd → pte, and the run of 256 written pages
        expect(await panel.page.locator('.entry.change-added').count()).toBe(4);
        expect(await panel.page.locator('.leaf.change-added .change-tag').textContent()).toBe('new');
        expect(await panel.page.locator('.pt-table.change-added').count()).toBe(3);
        expect(await allProblems(panel)).toEqual([]);
    });

    test('WHEN the munmap gives back the top 64 pages THEN the leaf run is marked changed, and nothing else', async () => {
        const panel = await shown(snapshots()[4], snapshots()[WRITE]);
        expect(await panel.page.locator('p.changes').textContent()).toBe(
            'Since statement 3: 0 entries added, 1 changed, 0 removed',
        );
        const changed = panel.page.locator('.entry.change-changed');
        expect(await changed.count()).toBe(1);
        expect(await changed.textContent()).toMatch(/^\[171\.\.362\] ×192 0x2aaaaaaab000 page .*changed$/);
        expect(await panel.page.locator('.change-added, .change-removed').count()).toBe(0);
        await screenshot(panel, 'page-tables-changes');
        expect(await allProblems(panel)).toEqual([]);
    });

    test('WHEN the theme is light or high contrast THEN the panel takes its colours', async () => {
        const panel = await shown(snapshots()[4], snapshots()[WRITE]);
        await setTheme(panel, 'vscode-light');
        expect(await panel.page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(255, 255, 255)');
        expect(
            await panel.page.evaluate(
                "getComputedStyle(document.querySelector('.pt-table.loc-lowmem')).borderLeftColor",
            ),
        ).toBe('rgb(26, 133, 255)');
        await screenshot(panel, 'page-tables-light');
        await setTheme(panel, 'vscode-high-contrast');
        expect(await panel.page.evaluate("getComputedStyle(document.querySelector('.pt-table')).borderTopColor")).toBe(
            'rgb(111, 195, 223)',
        );
        await screenshot(panel, 'page-tables-high-contrast');
        expect(await allProblems(panel)).toEqual([]);
    });
});

describe('GIVEN an mm with 102,400 present pages, every other page of 800 MiB (401 PTE tables of single-page runs)', () => {
    let sparse: ScenarioRuns['results'][number];
    beforeAll(async () => {
        sparse = (await runScenarioText(SPARSE_100K, [2]))[0].results[0];
    }, 60_000);

    /** The PTE column's scroll container, after two frames (the scroll handler renders on the next one). */
    const PTE = '.pt-column[data-level="pte"] .pt-scroll';
    const frames = (panel: Panel) =>
        panel.page.evaluate('new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))');
    const focusedRow = (panel: Panel) =>
        panel.page.evaluate('[document.activeElement.dataset.row, document.activeElement.textContent]') as Promise<
            [string, string]
        >;
    /** How the panel writes a single-page leaf run (page-tree.ts leafText). */
    const single = (l: { index: number; start: string; kind: string; frame: number; perms: string }) =>
        `[${l.index}] ${l.start} ${l.kind} frame ${l.frame} ${l.perms}`;

    test('WHEN shown THEN the columns are as tall as all their rows but only the rows in view are nodes', async () => {
        const snapshot = sparse.snapshots[2];
        const columns = columnsOf(snapshot.mms[0].root!);
        expect(columns.map(c => c.length)).toEqual([1, 1, 2, 401]);
        const rows = columns[3].map(t => t.children.length + t.leaves.length);
        expect(rows.reduce((a, b) => a + b, 0)).toBe(102_400);
        const panel = await shown(snapshot, null, sparse);
        // every table box is border + padding + list margin (11) + head (20) + 18 a row, 6 apart
        expect(await panel.page.locator(PTE).evaluate((e: any) => e.scrollHeight)).toBe(
            rows.reduce((h, n) => h + 11 + 20 + n * ROW + 6, 0),
        );
        expect(
            await panel.page
                .locator('.pt-column[data-level="pte"] .pt-table')
                .first()
                .evaluate((e: any) => e.offsetHeight),
        ).toBe(31 + rows[0] * ROW);
        expect(
            await panel.page
                .locator('.entry')
                .first()
                .evaluate((e: any) => e.offsetHeight),
        ).toBe(ROW);
        expect(await panel.page.locator('.pt-column h3').allTextContents()).toEqual([
            'pgd · 1',
            'pud · 1',
            'pmd · 2',
            'pte · 401',
        ]);
        const entries = await panel.page.locator('.entry').count();
        expect(entries).toBeGreaterThan(20);
        expect(entries).toBeLessThan(300);
        expect(await panel.page.locator('.more').count()).toBe(0);
        await screenshot(panel, 'page-tables-100k');
        expect(await allProblems(panel)).toEqual([]);
    });

    test('WHEN the PTE column is scrolled to its end THEN the last entries are there with their indices, and still few nodes', async () => {
        const snapshot = sparse.snapshots[2];
        const tables = columnsOf(snapshot.mms[0].root!)[3];
        const last = tables[400],
            leaves = last.leaves;
        const panel = await shown(snapshot, null, sparse);
        await panel.page.locator(PTE).evaluate((e: any) => {
            e.scrollTop = e.scrollHeight;
        });
        await frames(panel);
        const shownRows = panel.page.locator(`${PTE} .entry`);
        expect(await shownRows.last().textContent()).toBe(single(leaves.at(-1)!));
        expect(await shownRows.last().getAttribute('data-row')).toBe('102399');
        expect(await shownRows.last().getAttribute('aria-posinset')).toBe(String(leaves.length));
        expect(await shownRows.last().getAttribute('aria-setsize')).toBe(String(leaves.length));
        expect(await panel.page.locator(`${PTE} .pt-table`).last().getAttribute('aria-label')).toBe(
            `pte table at ${last.start} in ${last.location}, ${last.used} used`,
        );
        expect(await panel.page.locator('.entry').count()).toBeLessThan(300);
        await screenshot(panel, 'page-tables-100k-end');
        expect(await allProblems(panel)).toEqual([]);
    });

    test('WHEN a PTE entry has focus THEN arrows, End and Home move the focus and scroll it into view', async () => {
        const snapshot = sparse.snapshots[2];
        const tables = columnsOf(snapshot.mms[0].root!)[3];
        const panel = await shown(snapshot, null, sparse);
        // one tab stop per column: the PTE column's first entry
        const first = panel.page.locator(`${PTE} .entry[tabindex="0"]`);
        expect(await first.count()).toBe(1);
        await first.focus();
        for (let i = 0; i < 40; i++) await panel.page.keyboard.press('ArrowDown');
        expect(await focusedRow(panel)).toEqual(['40', single(tables[0].leaves[40])]);
        const inView = () =>
            panel.page.evaluate(
                `(() => { const r = document.activeElement.getBoundingClientRect(), c = ` +
                    `document.querySelector('${PTE}').getBoundingClientRect(); return r.top >= c.top && ` +
                    `r.bottom <= c.bottom; })()`,
            );
        expect(await inView()).toBe(true);
        expect(await panel.page.locator(PTE).evaluate((e: any) => e.scrollTop)).toBeGreaterThan(0);
        await panel.page.keyboard.press('End');
        expect(await focusedRow(panel)).toEqual(['102399', single(tables[400].leaves.at(-1)!)]);
        expect(await inView()).toBe(true);
        await panel.page.keyboard.press('ArrowUp');
        expect(await focusedRow(panel)).toEqual(['102398', single(tables[400].leaves.at(-2)!)]);
        await panel.page.keyboard.press('Home');
        expect(await focusedRow(panel)).toEqual(['0', single(tables[0].leaves[0])]);
        expect(await panel.page.locator(PTE).evaluate((e: any) => e.scrollTop)).toBe(0);
        expect(await panel.page.locator('.entry').count()).toBeLessThan(300);
        expect(await allProblems(panel)).toEqual([]);
    });
});
