/**
 * The editor's providers on names that are properties of every JavaScript object (issue 15): a process
 * `constructor`, a mapping `__proto__`, a notifier `toString`, a machine `valueOf`, a variant
 * `hasOwnProperty`. Hovers, document symbols, completion and rename treat them like any other name.
 */
import { describe, expect, test } from 'vitest';
import type { Hover } from 'vscode-languageserver-types';
import { parseValid, services, storeRun } from './helpers.js';

const TEXT = [
    'machine valueOf { cpus 2 }',
    'process constructor',
    'notifier toString on constructor { api range secondary per-page }',
    'run isPrototypeOf on valueOf {',
    '    switch cpu 0 to constructor',
    '    mmap constructor size 8 KiB rw as __proto__',
    '    write constructor __proto__',
    '    device toString read __proto__',
    '    munmap constructor __proto__',
    '}',
    'variant hasOwnProperty { notifier toString { api page } }',
    '',
].join('\n');

async function hoverAt(line: number, word: string): Promise<string> {
    const document = await parseValid(TEXT, `file:///object-names-${line}.mscn`);
    storeRun(document);
    const character = TEXT.split('\n')[line].indexOf(word) + 1;
    const hover = await services.lsp.HoverProvider!.getHoverContent(document, {
        textDocument: { uri: document.uri.toString() },
        position: { line, character },
    });
    return (hover as Hover | undefined)?.contents && typeof (hover as Hover).contents === 'object'
        ? ((hover as Hover).contents as { value: string }).value
        : '';
}

describe('GIVEN a scenario whose names are properties of Object.prototype', () => {
    test('WHEN it is checked and run THEN no diagnostic, and the notifier has its own figures', async () => {
        const document = await parseValid(TEXT, 'file:///object-names.mscn');
        expect(document.diagnostics).toEqual([]);
        const run = storeRun(document);
        const base = run.runs[0].results[0];
        // 2 pages written by the CPU, read by the device (2 secondary pages), then munmap: range api, per-page
        // secondary flush: the notifier invalidates both pages.
        expect(Object.keys(base.perNotifier)).toEqual(['toString']);
        expect(Object.entries(base.perNotifier)[0][1].secondaryPagesInvalidated).toBe(2);
    });

    test('WHEN the notifier `toString` is hovered THEN its own figures, not Object.prototype.toString', async () => {
        const value = await hoverAt(2, 'toString');
        // One munmap of the 2-page mapping: one range callout pair, one flush of the secondary MMU, 2 pages.
        expect(value).toBe(
            '**toString** (notifier) on `constructor`\n\ncallouts so far (run isPrototypeOf): ' +
                '1 range_start · 1 range_end · 1 TOSTRING flush · 2 TOSTRING inv · 2 TOSTRING lookups',
        );
    });

    test('WHEN the mapping `__proto__` and the process `constructor` are hovered THEN hovers about them', async () => {
        expect(await hoverAt(5, '__proto__')).toContain('__proto__');
        expect(await hoverAt(1, 'constructor')).toContain('constructor');
    });
});
