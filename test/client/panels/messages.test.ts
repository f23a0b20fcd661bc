/** What the host accepts from a webview: exactly the FromWebview union, nothing looser. */
import { describe, expect, test } from 'vitest';
import { MAX_IMAGE_CHARS, parseFromWebview, parsePanelSource } from '../../../client/src/panels/messages.js';
import { counted, MARK_KINDS, timelineData } from '../../../client/src/panels/timeline-data.js';
import type { EngineEvent, Figures } from '../../../language/src/engine/index.js';
import { contentSecurityPolicy, panelHtml } from '../../../client/src/panels/html.js';
import { statementAtLine } from '../../../client/src/panels/statement-at-line.js';

describe('GIVEN messages posted by a webview', () => {
    test('WHEN they are of the union THEN they come back as they were', () => {
        expect(parseFromWebview({ type: 'ready' })).toEqual({ type: 'ready' });
        expect(parseFromWebview({ type: 'reveal', statementId: 4 })).toEqual({ type: 'reveal', statementId: 4 });
        expect(parseFromWebview({ type: 'selectStatement', statementId: 0 })).toEqual({
            type: 'selectStatement',
            statementId: 0,
        });
        expect(parseFromWebview({ type: 'export', format: 'markdown' })).toEqual({
            type: 'export',
            format: 'markdown',
        });
    });

    test('WHEN a field is missing, mistyped, out of range or extra, or the type unknown THEN they are refused', () => {
        for (const bad of [
            null,
            'ready',
            [],
            {},
            { type: 'reveal' },
            { type: 'reveal', statementId: '4' },
            { type: 'reveal', statementId: -1 },
            { type: 'reveal', statementId: 1.5 },
            { type: 'reveal', statementId: 1, uri: 'file:///etc/passwd' },
            { type: 'export', format: 'html' },
            { type: 'ready', extra: true },
            { type: 'runCommand', command: 'x' },
            { type: 'saveImage', format: 'png', data: 'data:image/png;base64,<script>' },
            { type: 'saveImage', format: 'svg', data: '<html>' },
            { type: 'saveImage', format: 'gif', data: 'data:image/gif;base64,R0lG' },
            { type: 'saveImage', format: 'svg' },
            { type: 'saveImage', format: 'svg', data: `<svg>${'x'.repeat(MAX_IMAGE_CHARS)}</svg>` },
            { type: 'saveImage', format: 'svg', data: '<svg/>', path: '/etc/passwd' },
        ])
            expect(parseFromWebview(bad)).toBeUndefined();
    });

    test('WHEN a chart is sent to save THEN an SVG document or a base64 PNG data URL is accepted', () => {
        expect(
            parseFromWebview({ type: 'saveImage', format: 'svg', data: '<svg xmlns="http://www.w3.org/2000/svg"/>' }),
        ).toEqual({ type: 'saveImage', format: 'svg', data: '<svg xmlns="http://www.w3.org/2000/svg"/>' });
        expect(
            parseFromWebview({ type: 'saveImage', format: 'png', data: 'data:image/png;base64,iVBORw0KGgo=' }),
        ).toEqual({ type: 'saveImage', format: 'png', data: 'data:image/png;base64,iVBORw0KGgo=' });
    });
});

describe('GIVEN the state a webview saved, handed back after a reload', () => {
    test('WHEN it holds a file or untitled source THEN that is the source; anything else is refused', () => {
        expect(parsePanelSource({ source: { uri: 'file:///a.mscn' }, selection: {} })).toEqual({
            uri: 'file:///a.mscn',
        });
        expect(parsePanelSource({ source: { uri: 'untitled:Untitled-1', run: 'hello' } })).toEqual({
            uri: 'untitled:Untitled-1',
            run: 'hello',
        });
        for (const bad of [
            undefined,
            null,
            'x',
            {},
            { source: 'file:///a' },
            { source: { uri: 3 } },
            { source: { uri: 'command:workbench.action.quit' } },
            { source: { uri: 'file:///a', run: 7 } },
        ])
            expect(parsePanelSource(bad)).toBeUndefined();
    });
});

describe('GIVEN a panel page', () => {
    test('WHEN built THEN its CSP admits only its origin and the nonced script, and the title is escaped', () => {
        expect(contentSecurityPolicy('https://x.test', 'abc')).toBe(
            "default-src 'none'; style-src https://x.test; img-src https://x.test; font-src " +
                "https://x.test; script-src 'nonce-abc'",
        );
        const html = panelHtml({
            title: 'a<b>"c',
            cspSource: 'https://x.test',
            nonce: 'abc',
            scriptUri: 'https://x.test/p.js',
            styleUri: 'https://x.test/p.css',
        });
        expect(html).toContain('<title>a&lt;b&gt;&quot;c</title>');
        expect(html).toContain('<script nonce="abc" src="https://x.test/p.js"></script>');
    });
});

describe('GIVEN statements on lines 3, 5-9 (a repeat) and 6', () => {
    const loc = (line: number, endLine: number) => ({ line, column: 5, endLine, endColumn: 9 });
    const statements = [
        { id: 0, loc: loc(3, 3) },
        { id: 1, loc: loc(5, 9) },
        { id: 2, loc: loc(6, 6) },
    ];
    test('WHEN the cursor is on a line THEN the innermost statement holding it, else the last before it', () => {
        expect(statementAtLine(statements, 6)).toBe(2);
        expect(statementAtLine(statements, 8)).toBe(1);
        expect(statementAtLine(statements, 4)).toBe(0);
        expect(statementAtLine(statements, 12)).toBe(1);
        expect(statementAtLine(statements, 1)).toBeUndefined();
    });
});

const figures = (f: Partial<Figures>) => f as Figures;

describe('GIVEN a run on 2 CPUs with notifier gru, and its events', () => {
    // a munmap on cpu 0 reaching cpu 1 (lazy: it leaves the mm), and a range callout of 8 pages
    const events: EngineEvent[] = [
        { step: 10, statementId: 3, kind: 'cr3', cpu: 1, reason: 'leave_mm' },
        { step: 10, statementId: 3, kind: 'leave_mm', cpu: 1 },
        { step: 10, statementId: 3, kind: 'flush', cpu: 0, full: false, targets: [0, 1], ipis: 1, pages: 2 },
        { step: 10, statementId: 3, kind: 'callout', cpu: 0, notifier: 'gru', call: 'range', pages: 8 },
        { step: 11, statementId: 3, kind: 'callout', cpu: 0, notifier: 'gru', call: 'release', pages: 0 },
        { step: 12, statementId: 9, kind: 'cr3', cpu: 0 }, // a statement that is not in the list: dropped
    ];
    const source = {
        perCpu: [figures({ invlpg: 2, cr3Writes: 1 }), figures({ ipis: 1, cr3Writes: 1, fullFlushes: 1 })],
        perNotifier: {
            gru: figures({ calloutsRangeStart: 1, calloutsRangeEnd: 1, calloutsRelease: 1, secondaryFlushes: 1 }),
        },
        statements: [
            {
                id: 3,
                loc: { line: 7 },
                figures: {
                    invlpg: 2,
                    ipis: 1,
                    cr3Writes: 1,
                    calloutsRangeStart: 1,
                    calloutsRangeEnd: 1,
                    calloutsRelease: 1,
                },
            },
        ],
        events,
        eventCount: 7,
    };

    test('WHEN made a timeline THEN invlpg on cpu 0, the IPI and CR3 write on lazy cpu 1, two callouts and one secondary flush on gru', () => {
        const data = timelineData('t', source);
        expect(data.lanes.map(l => [l.name, l.kind])).toEqual([
            ['cpu 0', 'cpu'],
            ['cpu 1', 'cpu'],
            ['gru', 'notifier'],
        ]);
        const marks = data.marks.lane.map((lane, i) => [lane, MARK_KINDS[data.marks.kind[i]], data.marks.statement[i]]);
        expect(marks).toEqual([
            [1, 'cr3', 0],
            [0, 'invlpg', 0],
            [1, 'ipi', 0],
            [2, 'callout', 0],
            [2, 'secondary', 0],
            [2, 'callout', 0],
        ]);
        expect(data.statements).toEqual([{ id: 3, line: 7, counted: { invlpg: 2, ipi: 1, cr3: 1, callout: 2 } }]);
        expect(data.lanes[2].counted).toEqual({ callout: 2, secondary: 1 });
        expect([data.eventsRecorded, data.eventCount]).toEqual([6, 7]);
    });

    test('WHEN figures are counted THEN a callout is a start, an invalidate_page or a release (the end pairs with its start)', () => {
        expect(
            counted({ calloutsInvalidatePage: 5, calloutsRangeStart: 2, calloutsRangeEnd: 2, calloutsRelease: 1 }),
        ).toEqual({ callout: 8 });
        expect(counted({})).toEqual({});
    });
});
