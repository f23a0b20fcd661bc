/**
 * Providers keep no per-request state: concurrent hover and inlay-hint requests for two documents, over
 * a real connection, each get their own document's figures. Before, the inlay-hint provider kept the
 * request's run in a field across the awaits of its AST walk: the other request overwrote it, then
 * cleared it, and the first answer lost its hints.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { LspClient } from './lsp-client.js';

let client: LspClient | undefined;
afterEach(async () => {
    await client?.stop();
    client = undefined;
});

/** `lines` statements, each touching `pages` fresh pages of a private anonymous mapping. */
function scenario(lines: number, pages: number): string {
    const body = Array.from(
        { length: lines },
        (_, i) => `    touch p 0x${(0x1000_0000 + i * pages * 4096).toString(16)} size ${pages * 4} KiB`,
    );
    return (
        `process p\nrun r {\n    switch cpu 0 to p\n    mmap p at 0x1000_0000 size ${lines * pages * 4} KiB ` +
        `rw\n${body.join('\n')}\n}\n`
    );
}

interface Hint {
    position: { line: number };
    label: string;
}

describe('GIVEN two documents with runs', () => {
    test("WHEN hovers and inlay hints for both are asked at once THEN each answer is its own document's", async () => {
        client = await LspClient.start({ run: { debounce: 0 }, inlayHints: { figures: ['pageFaults'] } });
        const LINES = 1500;
        const a = 'file:///virtual/a.mscn';
        const b = 'file:///virtual/b.mscn';
        // a touches 1 page per line (1 read fault each: the zero page), b touches 2
        client.open(a, scenario(LINES, 1));
        client.open(b, scenario(LINES, 2));
        await client.ranVersion(a, 1, 60_000);
        await client.ranVersion(b, 1, 60_000);
        const all = { start: { line: 0, character: 0 }, end: { line: LINES + 10, character: 0 } };
        const hover = (uri: string) =>
            client!.request<{ contents: { value: string } }>('textDocument/hover', {
                textDocument: { uri },
                position: { line: 4, character: 6 },
            });
        const [hintsA, hintsB, hoverA, hoverB, hintsA2] = await Promise.all([
            client.request<Hint[]>('textDocument/inlayHint', { textDocument: { uri: a }, range: all }),
            client.request<Hint[]>('textDocument/inlayHint', { textDocument: { uri: b }, range: all }),
            hover(a),
            hover(b),
            client.request<Hint[]>('textDocument/inlayHint', { textDocument: { uri: a }, range: all }),
        ]);
        const touches = (hints: Hint[]) => hints.filter(h => h.position.line >= 4);
        expect(touches(hintsA)).toHaveLength(LINES);
        expect(touches(hintsA2)).toHaveLength(LINES);
        expect(touches(hintsB)).toHaveLength(LINES);
        expect(new Set(touches(hintsA).map(h => h.label))).toEqual(new Set(['1 fault']));
        expect(new Set(touches(hintsB).map(h => h.label))).toEqual(new Set(['2 faults']));
        expect(hoverA.contents.value).toContain('1 fault');
        expect(hoverB.contents.value).toContain('2 faults');
    });
});
