/**
 * Inlay hints after each operation: the figures it changed (non-zero ones, in the chosen order), per
 * selected variant, nothing without a run of the current text, none when the setting turns them off.
 */
import { describe, expect, test } from 'vitest';
import type { LangiumDocument } from 'langium';
import type { InlayHint } from 'vscode-languageserver';
import { editorServices, parseValid, storeRun } from './helpers.js';
import type { Scenario } from '../../language/src/generated/ast.js';

const QUICK = `machine laptop { cpus 2 }
process shell { threads 2 }
run hello on laptop {
    switch cpu 0 to shell
    switch cpu 1 to shell[1]
    mmap shell size 1 MiB rw as heap
    write shell heap
    munmap shell heap + 768 KiB size 256 KiB
    exit shell[1]
}
variant high_ceiling { machine laptop { flush ceiling 128 pages } }
`;

async function hints(s: ReturnType<typeof editorServices>, document: LangiumDocument<Scenario>): Promise<string[]> {
    const result = await s.lsp.InlayHintProvider!.getInlayHints(document, {
        textDocument: { uri: document.uri.toString() },
        range: { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } },
    });
    return (result ?? []).map(
        (h: InlayHint) => `${h.position.line + 1}:${h.position.character + 1} ${String(h.label)}`,
    );
}

function configure(s: ReturnType<typeof editorServices>, mscn: unknown): void {
    s.shared.workspace.ConfigurationProvider.updateConfiguration({ settings: { mscn } });
}

describe('GIVEN the quickstart scenario run on two CPUs', () => {
    test('WHEN hints are asked for THEN each operation shows what it changed', async () => {
        const s = editorServices();
        const document = await parseValid(QUICK);
        storeRun(document, s);
        // switch: a CR3 write without PCID is a full flush (R14, R19), one per CPU.
        // write: 1 MiB / 4 KiB = 256 first-touch faults.
        // munmap: 256 KiB = 64 pages > the 33-page ceiling → a full flush on cpu 0 and, by IPI, on cpu 1 where
        // shell[1] runs. exit shell[1]: the mm lives on in shell, nothing is flushed.
        expect(await hints(s, document)).toEqual([
            '4:26 1 flush',
            '5:29 1 flush',
            '7:21 256 faults',
            '8:45 2 flush · 1 IPI',
        ]);
    });

    test('WHEN the variant high_ceiling is selected THEN the munmap shows 64 invlpg per CPU instead of full flushes', async () => {
        const s = editorServices();
        const document = await parseValid(QUICK);
        storeRun(document, s);
        s.editor.RunStore.selectVariant(document.uri.toString(), 'high_ceiling');
        // ceiling 128 ≥ 64 pages: invlpg each page, locally and on cpu 1 after the IPI: 2 × 64 = 128
        expect(await hints(s, document)).toEqual([
            '4:26 high_ceiling: 1 flush',
            '5:29 high_ceiling: 1 flush',
            '7:21 high_ceiling: 256 faults',
            '8:45 high_ceiling: 128 invlpg · 1 IPI',
        ]);
    });

    test('WHEN the setting chooses figures THEN only those appear, in the chosen order', async () => {
        const s = editorServices();
        configure(s, { inlayHints: { figures: ['framesAllocated', 'ipis'] } });
        const document = await parseValid(QUICK);
        storeRun(document, s);
        expect(await hints(s, document)).toEqual(['7:21 256 frames', '8:45 1 IPI']);
    });

    test('WHEN the setting turns hints off, or the text changed since the run, THEN there are none', async () => {
        const s = editorServices();
        const document = await parseValid(QUICK);
        const stored = storeRun(document, s);
        s.editor.RunStore.set({ ...stored, version: stored.version + 1 });
        expect(await hints(s, document)).toEqual([]);
        storeRun(document, s);
        configure(s, { inlayHints: { enabled: false } });
        expect(await hints(s, document)).toEqual([]);
    });

    test('WHEN a statement sits in a repeat THEN its hint carries the executions', async () => {
        const s = editorServices();
        const document = await parseValid(
            'process p\nrun r {\n    switch cpu 0 to p\n    mmap p size 8 KiB as b\n    repeat 3 { ' +
                'madvise p b dontneed  write p b }\n}\n',
        );
        storeRun(document, s);
        // round 1: dontneed finds nothing mapped (no flush), 2 write faults; rounds 2 and 3: dontneed zaps
        // 2 pages (≤ the 33-page ceiling: 2 invlpg), 2 faults again → 2 × 2 = 4 invlpg, 3 × 2 = 6 faults.
        // The repeat itself (line 5, after its `}`) sums its body.
        expect(await hints(s, document)).toEqual([
            '3:22 1 flush',
            '5:49 4 invlpg · 6 faults',
            '5:36 4 invlpg (×3)',
            '5:47 6 faults (×3)',
        ]);
    });
});
