/**
 * What a user does in VS Code, done through its DOM in Debian's Chromium: open a file with Quick Open, run
 * a command from the palette, read the editor's lines (text, inlay hints and code lenses as rendered),
 * hover a word, read the Problems panel, find a webview's frame. code-server serves the workbench; the
 * webviews are nested iframes (an outer host frame, the panel's document inside it).
 *
 * Page functions are passed as strings or `any`-typed callbacks: the tests compile without the DOM library.
 */
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../../scripts/chromium.mjs';

export const ROOT = resolve(__dirname, '../..');
export const SHOTS = join(ROOT, 'test-results/e2e');

/** Runs in every frame before its scripts: CSP violations and uncaught errors, kept for the test to read. */
const WATCH =
    `
window.__problems = [];
document.addEventListener('securitypolicyviolation', (e) => ` +
    `window.__problems.push('CSP ' + e.violatedDirective + ': ' + ` +
    `e.blockedURI));
window.addEventListener('error', (e) => window.__problems.push('error: ' + ` +
    `e.message));
window.addEventListener('unhandledrejection', (e) => window.__problems.push('unhandled ` +
    `rejection: ' + String(e.reason)));
`;

export interface Session {
    context: BrowserContext;
    page: Page;
    /** Console errors of every frame, with the frame's URL. */
    consoleErrors: { url: string; text: string }[];
    close(): Promise<void>;
}

export async function openWorkbench(url: string): Promise<Session> {
    const profile = mkdtempSync(join(tmpdir(), 'mscn-e2e-chromium-'));
    let context: BrowserContext | undefined;
    const close = async () => {
        await context?.close();
        rmSync(profile, { recursive: true, force: true });
    };
    try {
        context = await chromium.launchPersistentContext(profile, {
            executablePath: CHROMIUM_EXECUTABLE,
            headless: true,
            viewport: { width: 1600, height: 1000 },
            args: CHROMIUM_ARGS,
        });
        await context.addInitScript({ content: WATCH });
        const page = context.pages()[0] ?? (await context.newPage());
        const consoleErrors: Session['consoleErrors'] = [];
        page.on('console', m => {
            if (m.type() === 'error') consoleErrors.push({ url: m.location().url, text: m.text() });
        });
        await page.goto(url);
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        // the explorer shows the workspace once the remote connection is up
        await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
        mkdirSync(SHOTS, { recursive: true });
        return { context, page, consoleErrors, close };
    } catch (e) {
        await close();
        throw e;
    }
}

export async function shot(page: Page, name: string): Promise<string> {
    const path = join(SHOTS, `${name}.png`);
    await page.screenshot({ path });
    return path;
}

/** Closes whatever quick input, hover or suggest widget is open. */
export async function escape(page: Page): Promise<void> {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
}

/** Quick Open (Ctrl+P) the file, wait for its tab to be the active one and its text to show. */
export async function openFile(page: Page, name: string): Promise<void> {
    await page
        .locator('.monaco-workbench')
        .click({ position: { x: 700, y: 5 } })
        .catch(() => undefined);
    await page.keyboard.press('Control+p');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor();
    await editor(page).locator('.view-line').first().waitFor();
}

/** The palette (F1), the command by its full title, Enter. */
export async function runCommand(page: Page, title: string): Promise<void> {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    // the row whose label is the title (a command the context hides is not listed: it fails here)
    const row = page.locator(`.quick-input-list .monaco-list-row[aria-label^="${title}"]`).first();
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** The text editor of the active editor group. */
export function editor(page: Page) {
    return page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
}

export interface EditorLine {
    line: number;
    text: string;
    classes: string[];
}

/**
 * The rendered lines of the active editor with their line numbers, matched by their vertical position:
 * `text` includes inlay hints (rendered inline), `classes` the token classes of its spans (mtk1, mtk5...).
 */
export async function editorLines(page: Page): Promise<EditorLine[]> {
    return editor(page).evaluate((root: any) => {
        const top = (el: any) => Math.round(el.getBoundingClientRect().top);
        const numbers = new Map<number, number>();
        for (const n of root.querySelectorAll('.margin-view-overlays .line-numbers'))
            numbers.set(top(n), Number(n.textContent));
        const lines: { line: number; text: string; classes: string[] }[] = [];
        for (const l of root.querySelectorAll('.view-lines .view-line')) {
            const line = numbers.get(top(l));
            if (line === undefined) continue;
            const classes = [...l.querySelectorAll('span span')]
                .flatMap((s: any) => [...s.classList])
                .filter((c: string) => /^mtk\d+$/.test(c));
            lines.push({ line, text: (l.textContent ?? '').replace(/\u00a0/g, ' '), classes });
        }
        return lines.sort((a, b) => a.line - b.line);
    });
}

/** The code lenses above the lines, in order (`▶ Run`, `Compare variants`, ..., the totals). */
export async function codeLenses(page: Page): Promise<string[]> {
    return editor(page)
        .locator('.contentWidgets .codelens-decoration a, .contentWidgets .codelens-decoration span')
        .evaluateAll((els: any[]) =>
            els
                .map(e => (e.textContent ?? '').replace(/\u00a0/g, ' ').trim())
                .filter((t: string) => t !== '' && t !== '|'),
        );
}

/** Puts the cursor at line:column (1-based) with Go to Line (Ctrl+G). */
export async function goTo(page: Page, line: number, column = 1): Promise<void> {
    // focus the editor by a click inside its visible box (a click on .view-lines, wider than the editor,
    // would make Playwright scroll it natively, shifting the text under the line numbers)
    await editor(page).click({ position: { x: 200, y: 8 } });
    await page.keyboard.press('Control+g');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`:${line}:${column}`);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Moves the mouse onto the first occurrence of `word` on `line` and waits for the hover widget. */
export async function hoverWord(page: Page, line: number, word: string): Promise<string> {
    const box = await editor(page).evaluate(
        (root: any, [n, w]: [number, string]) => {
            const top = (el: any) => Math.round(el.getBoundingClientRect().top);
            const number = [...root.querySelectorAll('.margin-view-overlays .line-numbers')].find(
                (e: any) => Number(e.textContent) === n,
            );
            if (!number) return null;
            const row = [...root.querySelectorAll('.view-lines .view-line')].find((l: any) => top(l) === top(number));
            if (!row) return null;
            const walker = root.ownerDocument.createTreeWalker(row, 4 /* NodeFilter.SHOW_TEXT */);
            for (let t = walker.nextNode(); t; t = walker.nextNode()) {
                const at = (t.textContent ?? '').replace(/\u00a0/g, ' ').indexOf(w);
                if (at < 0) continue;
                const range = root.ownerDocument.createRange();
                range.setStart(t, at);
                range.setEnd(t, at + w.length);
                const r = range.getBoundingClientRect();
                return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
            }
            return null;
        },
        [line, word] as [number, string],
    );
    if (!box) throw new Error(`'${word}' is not on the rendered line ${line}`);
    await page.mouse.move(box.x - 40, box.y + 200);
    await page.mouse.move(box.x, box.y, { steps: 4 });
    const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first();
    await hover.waitFor({ timeout: 15_000 });
    await page.waitForTimeout(300); // its fade-in, for the screenshots
    return hover.innerText();
}

export interface Problem {
    severity: string;
    text: string;
}

/** Opens the Problems panel (Ctrl+Shift+M) and reads its rows (aria-labels name severity, message, line). */
export async function problems(page: Page): Promise<{ rows: string[]; empty: string | null }> {
    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    const panel = page.locator('.markers-panel');
    await panel.waitFor();
    const rows = await panel
        .locator('.monaco-list-row')
        .evaluateAll((els: any[]) => els.map(e => e.getAttribute('aria-label') ?? e.textContent ?? ''));
    const message = panel.locator('.message-box-container');
    const empty = (await message.isVisible()) ? (await message.innerText()).trim() : null;
    return { rows, empty };
}

/** The Error/Warning counts of the status bar's problems item (it shows errors, warnings[, infos]). */
export async function statusProblems(page: Page): Promise<{ errors: number; warnings: number }> {
    const text = await page.locator('#status\\.problems').innerText();
    const [errors, warnings] = (text.match(/\d+/g) ?? []).map(Number);
    return { errors, warnings };
}

/** The text of the Output panel's view (it must show the channel already). */
export async function outputText(page: Page): Promise<string> {
    const view = page.locator('.output-view .monaco-editor .view-lines').first();
    await view.waitFor();
    return await view.evaluate((v: any) =>
        [...v.querySelectorAll('.view-line')]
            .sort((a: any, b: any) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
            .map((l: any) => (l.textContent ?? '').replace(/\u00a0/g, ' '))
            .join('\n'),
    );
}

/** The frame of a webview panel whose document has `selector` (code-server nests it in a host iframe). */
export async function webviewFrame(page: Page, selector: string, timeoutMs = 30_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        for (const frame of page.frames()) {
            if (frame === page.mainFrame()) continue;
            try {
                if ((await frame.locator(selector).count()) > 0) return frame;
            } catch {
                /* detached while looking */
            }
        }
        await page.waitForTimeout(200);
    }
    throw new Error(
        `no webview frame has ${selector}; frames: ${page
            .frames()
            .map(f => f.url())
            .join(', ')}`,
    );
}

/** CSP violations and uncaught errors recorded inside a frame (see WATCH). */
export async function frameProblems(frame: Frame): Promise<string[]> {
    return frame.evaluate('window.__problems ?? []') as Promise<string[]>;
}
