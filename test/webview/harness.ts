/**
 * A webview without VS Code: Debian's Chromium (through playwright-core) loads the page the host would
 * (client/src/panels/html.ts, same CSP and nonce) from a fake origin that serves out/webview/, with an
 * acquireVsCodeApi stub that records posted messages. CSP violations, page errors and console errors
 * are collected so that every test can require none.
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { panelHtml } from '../../client/src/panels/html.js';
import type { ToWebview } from '../../client/src/panels/messages.js';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../../scripts/chromium.mjs';

const ROOT = resolve(__dirname, '../..');
const ORIGIN = 'https://webview.test';
const TYPES: Record<string, string> = { js: 'text/javascript', css: 'text/css', html: 'text/html' };

export interface Browser {
    context: BrowserContext;
    close(): Promise<void>;
}

export async function launch(): Promise<Browser> {
    const profile = mkdtempSync(join(tmpdir(), 'mscn-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM_EXECUTABLE,
        headless: true,
        viewport: { width: 1280, height: 800 },
        args: CHROMIUM_ARGS,
    });
    return {
        context,
        close: async () => {
            await context.close();
            rmSync(profile, { recursive: true, force: true });
        },
    };
}

export interface Panel {
    page: Page;
    /** CSP violations, uncaught errors and console errors, in order. */
    problems: string[];
    posted(): Promise<unknown[]>;
    send(message: ToWebview): Promise<void>;
}

/** Runs in the page before its script (as text: the test compiles without the DOM library). */
const STUB =
    `
window.__posted = [];
window.__violations = [];
let state;
window.acquireVsCodeApi = () => ({
    ` +
    `postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => state,
    ` +
    `setState: (s) => { state = s; },
});
document.addEventListener('securitypolicyviolation', (e) => ` +
    `window.__violations.push(e.violatedDirective + ': ' + e.blockedURI));
`;

export async function openPanel(
    browser: Browser,
    script: 'page-tables' | 'comparison' | 'timeline',
    nonce = 'dGVzdC1ub25jZS0x',
): Promise<Panel> {
    const page = await browser.context.newPage();
    const html = panelHtml({
        title: script,
        cspSource: ORIGIN,
        nonce,
        scriptUri: `${ORIGIN}/${script}.js`,
        styleUri: `${ORIGIN}/panels.css`,
    });
    await page.route(`${ORIGIN}/**`, async route => {
        const name = new URL(route.request().url()).pathname.slice(1);
        if (name === 'index.html') return route.fulfill({ contentType: TYPES.html, body: html });
        const body = readFileSync(join(ROOT, 'out/webview', name.replace(/[^a-z.-]/g, '')));
        return route.fulfill({ contentType: TYPES[name.split('.').pop()!] ?? 'application/octet-stream', body });
    });
    await page.addInitScript({ content: STUB });
    const problems: string[] = [];
    page.on('console', m => {
        if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', e => problems.push(`page error: ${e.message}`));
    await page.goto(`${ORIGIN}/index.html`);
    return {
        page,
        problems,
        posted: () => page.evaluate('window.__posted') as Promise<unknown[]>,
        send: async message => {
            await page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
        },
    };
}

/** Everything that went wrong in the page: violations seen by the page, then errors seen by the driver. */
export async function allProblems(panel: Panel): Promise<string[]> {
    const violations = (await panel.page.evaluate('window.__violations')) as string[];
    return [...violations.map(v => `CSP: ${v}`), ...panel.problems];
}

export async function screenshot(panel: Panel, name: string): Promise<void> {
    await panel.page.screenshot({ path: join(ROOT, 'test-results', `${name}.png`), fullPage: true });
}

export type Theme = 'vscode-light' | 'vscode-dark' | 'vscode-high-contrast';

/** A few of the variables VS Code defines on <html> for each kind of theme (Light+, Dark+, High Contrast). */
export const THEME_VARIABLES: Record<Theme, Record<string, string>> = {
    'vscode-light': {
        '--vscode-foreground': '#616161',
        '--vscode-editor-background': '#ffffff',
        '--vscode-charts-blue': '#1a85ff',
        '--vscode-panel-border': '#80808059',
    },
    'vscode-dark': {
        '--vscode-foreground': '#cccccc',
        '--vscode-editor-background': '#1e1e1e',
        '--vscode-charts-blue': '#3794ff',
        '--vscode-panel-border': '#80808059',
    },
    'vscode-high-contrast': {
        '--vscode-foreground': '#ffffff',
        '--vscode-editor-background': '#000000',
        '--vscode-charts-blue': '#3794ff',
        '--vscode-contrastBorder': '#6fc3df',
    },
};

/**
 * Switches the page's theme as VS Code does: the body's class and the variables on <html> (CSSOM: the CSP allows it).
 */
export async function setTheme(panel: Panel, theme: Theme): Promise<void> {
    await panel.page.evaluate(
        `(() => {
        const vars = ${JSON.stringify(THEME_VARIABLES[theme])};
        for (const ` +
            `name of ['--vscode-foreground', '--vscode-editor-background', '--vscode-charts-blue', ` +
            `'--vscode-panel-border', '--vscode-contrastBorder']) ` +
            `document.documentElement.style.removeProperty(name);
        for (const [name, value] of ` +
            `Object.entries(vars)) document.documentElement.style.setProperty(name, value);
        ` +
            `document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast');
        ` +
            `document.body.classList.add(${JSON.stringify(theme)});
        ` +
            `document.body.dataset.vscodeThemeKind = ${JSON.stringify(theme)};
    })()`,
    );
}
