/**
 * The packaged extension (out/memory-scenarios.vsix, built by `npm run test:e2e` just before) installed
 * with `code-server --install-extension` into a throwaway code-server, driven through Debian's Chromium as
 * a user would: the figures it shows must equal `mscn run --json` on the same text. One code-server and
 * one page for the file; the steps build on each other in order. A screenshot per step goes to
 * test-results/e2e/.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { groupMembers, start, type CodeServer } from '../../scripts/e2e/code-server.mjs';
import { figuresLine } from '../../server/src/figure-labels.js';
import { DEFAULT_INLAY_FIGURES } from '../../server/src/settings.js';
import { formatNs } from '../../language/src/report/format-numbers.js';
import type { FigureName } from '../../language/src/engine/figures.js';
import { mscn } from '../examples/run-example.js';
import {
    ROOT,
    codeLenses,
    editorLines,
    escape,
    frameProblems,
    goTo,
    hoverWord,
    openFile,
    openWorkbench,
    outputText,
    problems,
    runCommand,
    shot,
    SHOTS,
    statusProblems,
    webviewFrame,
    type Session,
} from './workbench.js';

const LONG = join(ROOT, 'test/e2e/fixtures/long-run.mscn');
const BUDGET = 1_000_000_000;

interface JsonStatement {
    id: number;
    line: number;
    executions: number;
    figures: Record<string, number>;
}
interface JsonVariant {
    variant: string;
    totals: Record<string, number>;
    timeByKind?: Record<string, number>;
    perNotifier: Record<string, unknown>;
    statements: JsonStatement[];
}
interface JsonReport {
    runs: { run: string; variants: JsonVariant[] }[];
}

/** `mscn run FILE --json` on `text` (written to a scratch folder with machines.mscn beside it). */
function cliRun(text: string, name = 'scenario.mscn'): JsonReport {
    const dir = mkdtempSync(join(tmpdir(), 'mscn-e2e-cli-'));
    try {
        copyFileSync(join(ROOT, 'examples/machines.mscn'), join(dir, 'machines.mscn'));
        writeFileSync(join(dir, name), text);
        const r = mscn(['run', join(dir, name), '--json', '--budget', String(BUDGET)]);
        if (r.status !== 0) throw new Error(`mscn run failed (${r.status}): ${r.stderr}`);
        return JSON.parse(r.stdout) as JsonReport;
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/** `mscn check` on `text`: its file:line:col: severity: message lines. */
function cliCheck(text: string, name: string): { line: number; column: number; severity: string; message: string }[] {
    const dir = mkdtempSync(join(tmpdir(), 'mscn-e2e-cli-'));
    try {
        writeFileSync(join(dir, name), text);
        const r = mscn(['check', '--no-run', join(dir, name)]);
        return r.stdout.split('\n').flatMap(l => {
            const m = /^.*?:(\d+):(\d+): (\w+): (.*)$/.exec(l);
            return m ? [{ line: Number(m[1]), column: Number(m[2]), severity: m[3], message: m[4] }] : [];
        });
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

const example = (name: string) => readFileSync(join(ROOT, 'examples', name), 'utf8');

let server: CodeServer;
let session: Session;
let page: Page;
const started = Date.now();

beforeAll(async () => {
    rmSync(SHOTS, { recursive: true, force: true });
    server = await start({ extraFiles: [LONG], settings: { 'mscn.run.budget': BUDGET } });
    session = await openWorkbench(server.url);
    page = session.page;
});

afterAll(async () => {
    await session?.close();
    if (server) {
        const pgid = server.pid;
        await server.stop();
        // everything code-server started (extension host, language server, run worker) is gone
        expect(groupMembers(pgid)).toEqual([]);
    }
    console.log(`e2e: ${((Date.now() - started) / 1000).toFixed(0)} s from code-server start to stop`);
});

afterEach(async ({ task }) => {
    if (task.result?.state === 'fail' && page)
        await shot(page, `failed-${task.name.slice(0, 2).replace(/\W/g, '')}`).catch(() => undefined);
});

/** Waits for `predicate` over the rendered lines, returning them; fails with the last lines seen. */
async function waitForLines(
    predicate: (lines: Awaited<ReturnType<typeof editorLines>>) => boolean,
    what: string,
    timeoutMs = 60_000,
) {
    const deadline = Date.now() + timeoutMs;
    let lines = await editorLines(page);
    while (!predicate(lines)) {
        if (Date.now() > deadline)
            throw new Error(
                `timed out waiting for ${what}; lines:\n${lines.map(l => `${l.line}: ${l.text}`).join('\n')}`,
            );
        await page.waitForTimeout(250);
        lines = await editorLines(page);
    }
    return lines;
}

/** The typed text is on screen (the editor paints on the next frame): within a generous 5 s. */
async function shows(line: number, text: string): Promise<void> {
    await waitForLines(
        ls => ls.find(l => l.line === line)?.text.includes(text) ?? false,
        `'${text}' on line ${line}`,
        5_000,
    );
}

async function waitFor<T>(
    probe: () => Promise<T>,
    ok: (v: T) => boolean,
    what: string,
    timeoutMs = 60_000,
): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let value = await probe();
    while (!ok(value)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
        await page.waitForTimeout(250);
        value = await probe();
    }
    return value;
}

/** The hint an operation's line must end with: what the server would show for the CLI's figures. */
function expectedHint(statement: JsonStatement, variant: JsonVariant): string {
    const label = figuresLine(statement.figures, DEFAULT_INLAY_FIGURES, Object.keys(variant.perNotifier));
    return label === ''
        ? ''
        : `${label}${statement.executions > 1 ? ` (×${statement.executions.toLocaleString('en-US')})` : ''}`;
}

function expectedLens(variant: JsonVariant): string {
    const figures = [...DEFAULT_INLAY_FIGURES, 'estimatedTime' as FigureName];
    return `${variant.variant}: ${figuresLine(variant.totals, figures, Object.keys(variant.perNotifier))}`;
}

describe('GIVEN the packaged extension in code-server with a copy of examples/ open', () => {
    test('1. WHEN quickstart.mscn is opened THEN it is coloured and has no problems; a broken line shows its error in Problems', async () => {
        await openFile(page, 'quickstart.mscn');
        // the TextMate grammar tokenizes after the first paint: wait for the token classes to differ
        const lines = await waitForLines(
            ls => ls.some(l => l.line === 5) && new Set(ls.flatMap(l => l.classes)).size >= 4,
            'coloured lines',
            30_000,
        );
        // TextMate colouring: a comment is one token class, `machine laptop {` has other classes than it
        const comment = lines.find(l => l.line === 1)!;
        const machine = lines.find(l => l.line === 5)!;
        expect(comment.text).toMatch(/^\/\/ Quickstart/);
        expect(new Set(comment.classes).size).toBe(1);
        expect(machine.classes.filter(c => !comment.classes.includes(c)).length).toBeGreaterThanOrEqual(2);
        expect(new Set(lines.flatMap(l => l.classes)).size).toBeGreaterThanOrEqual(4);
        const colours = await page
            .locator(`.editor-group-container.active .view-line span span`)
            .evaluateAll((spans: any[]) => [...new Set(spans.map(s => (globalThis as any).getComputedStyle(s).color))]);
        expect(colours.length).toBeGreaterThanOrEqual(4);

        // the run has landed (the lens totals) and nothing in the workspace has a problem but, once ukva.mscn
        // has been checked, its one deliberate warning (a per-task window on two-level i386, docs/model.md R47)
        await waitFor(
            () => codeLenses(page),
            l => l.some(t => t.startsWith('base: ')),
            'the totals lens',
        );
        const counts = await statusProblems(page);
        expect(counts.errors).toBe(0);
        expect(counts.warnings).toBeLessThanOrEqual(1);
        const shownRows = (await problems(page)).rows;
        const deliberate =
            /^(1 problems in file ukva\.mscn|Warning: variant 'ukva_per_task_i386', run 'many': a per-task UKVA window on non-PAE i386)/;
        expect(shownRows.filter(r => !deliberate.test(r))).toEqual([]);
        await shot(page, '1a-quickstart-open');

        // `munmap shell heap` → `munmap shell heep`
        await goTo(page, 16, 20);
        await page.keyboard.press('Shift+ArrowRight');
        await page.keyboard.type('e');
        await shows(16, 'munmap shell heep');
        const broken = example('quickstart.mscn').replace('munmap shell heap', 'munmap shell heep');
        const expected = cliCheck(broken, 'quickstart.mscn');
        expect(expected).toEqual([
            { line: 16, column: 18, severity: 'error', message: "unknown mapping 'heep': did you mean 'heap'?" },
        ]);
        await waitFor(
            () => statusProblems(page),
            p => p.errors === 1,
            'one error in the status bar',
        );
        const shown = await problems(page);
        const errorRows = shown.rows.filter(r => r.includes(expected[0].message));
        expect(errorRows).toHaveLength(1);
        expect(errorRows[0]).toMatch(/^Error/);
        // VS Code's words for the position: `at line 16 and character 18`
        expect(errorRows[0]).toContain(`at line ${expected[0].line} and character ${expected[0].column}`);
        await shot(page, '1b-problems-panel');

        await goTo(page, 16, 1);
        await page.keyboard.press('Control+z');
        await waitFor(
            () => statusProblems(page),
            p => p.errors === 0,
            'no error after the undo',
        );
        await shows(16, 'munmap shell heap');
    });

    test('2. WHEN an operation is hovered THEN its page-table path shows; every operation line ends with its flush counts', async () => {
        const json = cliRun(example('quickstart.mscn'), 'quickstart.mscn');
        const base = json.runs[0].variants.find(v => v.variant === 'base')!;
        await escape(page);
        await goTo(page, 1, 1);
        await waitFor(
            () => codeLenses(page),
            l => l.includes(expectedLens(base)),
            'the totals lens of the undone text',
        );
        // the inlay hint after each operation: the CLI's per-statement figures in the server's words
        const hinted = base.statements.filter(st => expectedHint(st, base) !== '');
        expect(hinted.map(st => st.line)).toEqual([12, 13, 15, 16, 18]);
        const lines = await waitForLines(
            ls => hinted.every(st => ls.find(l => l.line === st.line)?.text.includes(expectedHint(st, base))),
            'the inlay hints',
        );
        for (const st of hinted) expect(lines.find(l => l.line === st.line)!.text).toContain(expectedHint(st, base));
        expect(lines.find(l => l.line === 16)!.text).toContain('2 flush · 1 IPI');
        expect(lines.find(l => l.line === 14)!.text.trimEnd()).toBe('    mmap shell size 1 MiB rw as heap');

        // hover `write shell heap`: the walk of its first page, pgd → pud → pmd → pte, on a present frame
        const text = await hoverWord(page, 15, 'write');
        const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first();
        const headers = await hover.locator('table').first().locator('th').allInnerTexts();
        expect(headers.map(h => h.trim())).toEqual(['level', 'index', 'present', 'points at', 'perms']);
        const rows = await hover
            .locator('table')
            .first()
            .locator('tbody tr')
            .evaluateAll((trs: any[]) =>
                trs.map(tr => [...tr.querySelectorAll('td')].map((td: any) => td.innerText.trim())),
            );
        expect(rows.map(r => r[0])).toEqual(['pgd', 'pud', 'pmd', 'pte']);
        expect(rows.every(r => r[2] === 'yes')).toBe(true);
        expect(rows[3][3]).toMatch(/^frame \d+$/);
        expect(rows[3][4]).toMatch(/^rw/);
        expect(text).toContain('256 faults');
        await shot(page, '2-hover-and-inlay-hints');
        await escape(page);
    });

    test('3. WHEN Run Scenario is run from the palette THEN the output shows the figures of `mscn run --json`', async () => {
        const json = cliRun(example('quickstart.mscn'), 'quickstart.mscn');
        const base = json.runs[0].variants.find(v => v.variant === 'base')!;
        await goTo(page, 1, 1);
        await runCommand(page, 'Memory Scenarios: Run Scenario');
        // the whole report in view: the panel maximized
        await runCommand(page, 'View: Toggle Maximized Panel');
        const output = await waitFor(
            () => outputText(page).catch(() => ''),
            t => t.includes('estimatedTime') && t.includes('ms in the engine'),
            'the report in the output',
        );
        await shot(page, '3-run-scenario-output');
        await runCommand(page, 'View: Toggle Maximized Panel');
        await runCommand(page, 'View: Toggle Panel Visibility');
        const text = output.slice(output.lastIndexOf('quickstart.mscn: run hello'));
        const rows = new Map<string, string>();
        for (const line of text.split('\n')) {
            const m = /^(\w+)\s{2,}(\S.*?)\s*$/.exec(line);
            if (m && m[1] !== 'figure') rows.set(m[1], m[2]);
        }
        const nonZero = Object.entries(base.totals)
            .filter(([, v]) => v !== 0)
            .map(([f]) => f);
        expect([...rows.keys()].sort()).toEqual(nonZero.sort());
        for (const [figure, value] of rows) {
            if (figure === 'estimatedTime') expect(value).toBe(formatNs(base.totals[figure]));
            else expect(Number(value.replace(/,/g, ''))).toBe(base.totals[figure]);
        }
        expect(text).toContain('quickstart.mscn: run hello on laptop');
    });

    test('4. WHEN Compare Variants, Show Page Tables and Show Timeline are run THEN their panels show the rows, with no console or CSP error', async () => {
        const json = cliRun(example('quickstart.mscn'), 'quickstart.mscn');
        const variants = json.runs[0].variants;
        await goTo(page, 1, 1);
        await runCommand(page, 'Memory Scenarios: Compare Variants');
        const comparison = await webviewFrame(page, 'table.comparison');
        const section = comparison.locator('section[data-run="hello"]');
        const table = section.locator('table.comparison tbody tr');
        await table.first().waitFor();
        const rows: [string, number[]][] = await table.evaluateAll((trs: any[]) =>
            trs.map(r => [
                r.dataset.figure,
                [...r.querySelectorAll('td[data-value]')].map((td: any) => Number(td.dataset.value)),
            ]),
        );
        // one row per figure some variant counted, in the report's order, with the report's values; the
        // estimated time's parts (`estimatedTime.fullFlushes`...) hold the report's timeByKind
        const nonZero = Object.keys(variants[0].totals).filter(f => variants.some(v => v.totals[f] !== 0));
        expect(rows.map(r => r[0]).filter(f => !f.includes('.'))).toEqual(nonZero);
        for (const [figure, values] of rows) {
            const kind = figure.startsWith('estimatedTime.') ? figure.slice('estimatedTime.'.length) : undefined;
            expect(values).toEqual(variants.map(v => (kind ? v.timeByKind?.[kind] : v.totals[figure]) ?? 0));
        }
        expect(rows.find(r => r[0] === 'fullFlushes')![1]).toEqual([6, 4]);
        await shot(page, '4a-compare-variants');

        await goTo(page, 1, 1);
        await runCommand(page, 'Memory Scenarios: Show Page Tables');
        // it opens on the run's last statement (`exit shell`: no page tables left) and follows the cursor:
        // on `write shell heap`, the 256 pages it wrote under one PTE table
        const tables = await webviewFrame(page, '.page-tables');
        await tables.getByText('exited: no page tables').waitFor();
        await goTo(page, 15, 5);
        await tables.locator('.pt-tree').waitFor();
        const leafCount = async () =>
            (await tables.locator('.leaf').allInnerTexts())
                .map(t => /×(\d+)/.exec(t)?.[1] ?? '1')
                .map(Number)
                .reduce((a, b) => a + b, 0);
        await waitFor(leafCount, n => n === 256, '256 leaves after the write');
        const headings = await tables.locator('.pt-column h3').allInnerTexts();
        expect(headings.map(h => h.split(' · ')[0].trim())).toEqual(['pgd', 'pud', 'pmd', 'pte']);
        await shot(page, '4b-show-page-tables');
        // hover, hints and panel together, without the side bar (the picture of docs/images/studio.png)
        await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
        await goTo(page, 15, 5);
        await hoverWord(page, 15, 'write');
        await shot(page, '4c-hover-hints-and-panel');
        await escape(page);
        await runCommand(page, 'View: Toggle Primary Side Bar Visibility');

        // the timeline of the same run: the counted lane, then one lane per CPU with its recorded marks
        // (the 3 and 5 marks hand-worked in test/webview/timeline.test.ts)
        await runCommand(page, 'Memory Scenarios: Show Timeline');
        const timeline = await webviewFrame(page, '.tl-lane[data-lane]');
        const lanes = await timeline
            .locator('.tl-lane[data-lane]')
            .evaluateAll((ls: any[]) => ls.map(l => [l.textContent, Number(l.dataset.marks)]));
        expect(lanes).toEqual([
            ['counted, all CPUs', 0],
            ['cpu 0', 3],
            ['cpu 1', 5],
        ]);
        await shot(page, '4d-show-timeline');

        for (const frame of [comparison, tables, timeline]) expect(await frameProblems(frame)).toEqual([]);
        const webviewErrors = session.consoleErrors.filter(
            e => /webview|vscode-resource|vscode-cdn/i.test(e.url) || /Content Security Policy/i.test(e.text),
        );
        expect(webviewErrors).toEqual([]);

        // after a reload of the window, VS Code hands the open panels back to the extension's serializers:
        // the timeline (the active one) shows the same lanes again, from the source its webview saved
        const reloaded = page.waitForEvent('load', { timeout: 60_000 });
        await runCommand(page, 'Developer: Reload Window');
        await reloaded;
        const restored = await webviewFrame(page, '.tl-lane[data-lane]', 60_000);
        const restoredLanes = await waitFor(
            () =>
                restored
                    .locator('.tl-lane[data-lane]')
                    .evaluateAll((ls: any[]) => ls.map(l => [l.textContent, Number(l.dataset.marks)])),
            ls => ls.length === 3,
            "the restored timeline's lanes",
        );
        expect(restoredLanes).toEqual(lanes);
        await shot(page, '4e-restored-after-reload');
        // close the panels: the next step edits in a single editor
        await runCommand(page, 'View: Close All Editor Groups');
    });

    test('5. WHEN the text is edited during a long run THEN typing, diagnostics and hovers answer, and the result follows the edit', async () => {
        const original = readFileSync(LONG, 'utf8');
        const edited = original.replace('repeat 150', 'repeat 15');
        const before = cliRun(original, 'long-run.mscn').runs[0].variants[0];
        const after = cliRun(edited, 'long-run.mscn').runs[0].variants[0];
        expect(expectedLens(before)).not.toBe(expectedLens(after));

        await openFile(page, 'long-run.mscn');
        // every lens title shown from now on, sampled in the page, to prove the first run never landed
        await page.evaluate(
            `window.__lenses = new Set(); window.__lensTimer = setInterval(() => {
            for ` +
                `(const e of document.querySelectorAll('.codelens-decoration a, .codelens-decoration span')) ` +
                `window.__lenses.add(e.textContent.replace(/\u00a0/g, ' ').trim());
        }, 50);`,
        );
        await waitFor(
            () => codeLenses(page),
            l => l.includes('▶ Run'),
            'the lenses of long-run.mscn',
        );
        // the run of 157 million accesses is in the worker now (it takes seconds): no totals yet
        await page.waitForTimeout(1_000);
        expect((await codeLenses(page)).some(t => t.startsWith('base: '))).toBe(false);

        // a hover on the address literal answers at once (it never waits for a run)
        const address = await hoverWord(page, 14, '0x1000_0000');
        expect(address).toMatch(/pgd/);
        expect((await codeLenses(page)).some(t => t.startsWith('base: '))).toBe(false);
        await escape(page);

        // typing shows, and a typo is diagnosed, while the run is in flight
        await goTo(page, 16, 19);
        await page.keyboard.type('x');
        await shows(16, 'munmap db heapx size 64 KiB');
        await waitFor(
            () => statusProblems(page),
            p => p.errors === 1,
            'the typo diagnosed',
        );
        await shot(page, '5a-typo-during-run');
        await page.keyboard.press('Backspace');
        await waitFor(
            () => statusProblems(page),
            p => p.errors === 0,
            'the typo fixed',
        );

        // `repeat 150` → `repeat 15`: the result that lands is the edited text's
        await goTo(page, 15, 14);
        await page.keyboard.press('Delete');
        await shows(15, 'repeat 15 { write db heap }');
        const lenses = await waitFor(
            () => codeLenses(page),
            l => l.some(t => t.startsWith('base: ')),
            'the totals of the edited text',
            90_000,
        );
        expect(lenses).toContain(expectedLens(after));
        const hint = expectedHint(
            after.statements.find(st => st.line === 15)!,
            after,
        );
        expect(hint).toMatch(/\(×15\)$/);
        await waitForLines(
            ls => ls.find(l => l.line === 15)?.text.includes(hint) ?? false,
            'the hint of the edited repeat',
        );
        const seen = (await page.evaluate('clearInterval(window.__lensTimer), [...window.__lenses]')) as string[];
        expect(seen).not.toContain(expectedLens(before));
        await shot(page, '5b-result-follows-edit');
    });
});
