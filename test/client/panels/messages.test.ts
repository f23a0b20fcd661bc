/** What the host accepts from a webview: exactly the FromWebview union, nothing looser. */
import { describe, expect, test } from 'vitest';
import { parseFromWebview } from '../../../client/src/panels/messages.js';
import { contentSecurityPolicy, panelHtml } from '../../../client/src/panels/html.js';
import { statementAtLine } from '../../../client/src/panels/statement-at-line.js';

describe('GIVEN messages posted by a webview', () => {
    test('WHEN they are of the union THEN they come back as they were', () => {
        expect(parseFromWebview({ type: 'ready' })).toEqual({ type: 'ready' });
        expect(parseFromWebview({ type: 'reveal', statementId: 4 })).toEqual({ type: 'reveal', statementId: 4 });
        expect(parseFromWebview({ type: 'selectStatement', statementId: 0 })).toEqual({ type: 'selectStatement', statementId: 0 });
        expect(parseFromWebview({ type: 'export', format: 'markdown' })).toEqual({ type: 'export', format: 'markdown' });
    });

    test('WHEN a field is missing, mistyped, out of range or extra, or the type unknown THEN they are refused', () => {
        for (const bad of [
            null, 'ready', [], {}, { type: 'reveal' }, { type: 'reveal', statementId: '4' }, { type: 'reveal', statementId: -1 },
            { type: 'reveal', statementId: 1.5 }, { type: 'reveal', statementId: 1, uri: 'file:///etc/passwd' },
            { type: 'export', format: 'html' }, { type: 'ready', extra: true }, { type: 'runCommand', command: 'x' },
        ]) expect(parseFromWebview(bad)).toBeUndefined();
    });
});

describe('GIVEN a panel page', () => {
    test('WHEN built THEN its CSP admits only its origin and the nonced script, and the title is escaped', () => {
        expect(contentSecurityPolicy('https://x.test', 'abc')).toBe(
            "default-src 'none'; style-src https://x.test; img-src https://x.test; font-src https://x.test; script-src 'nonce-abc'");
        const html = panelHtml({ title: 'a<b>"c', cspSource: 'https://x.test', nonce: 'abc', scriptUri: 'https://x.test/p.js', styleUri: 'https://x.test/p.css' });
        expect(html).toContain('<title>a&lt;b&gt;&quot;c</title>');
        expect(html).toContain('<script nonce="abc" src="https://x.test/p.js"></script>');
    });
});

describe('GIVEN statements on lines 3, 5-9 (a repeat) and 6', () => {
    const loc = (line: number, endLine: number) => ({ line, column: 5, endLine, endColumn: 9 });
    const statements = [{ id: 0, loc: loc(3, 3) }, { id: 1, loc: loc(5, 9) }, { id: 2, loc: loc(6, 6) }];
    test('WHEN the cursor is on a line THEN the innermost statement holding it, else the last before it', () => {
        expect(statementAtLine(statements, 6)).toBe(2);
        expect(statementAtLine(statements, 8)).toBe(1);
        expect(statementAtLine(statements, 4)).toBe(0);
        expect(statementAtLine(statements, 12)).toBe(1);
        expect(statementAtLine(statements, 1)).toBeUndefined();
    });
});
