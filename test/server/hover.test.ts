/**
 * Hovers: address literals split into page-table indices per arch, operations with the state after
 * them (page-table walk, TLB) and declarations with their mappings, from a stored run.
 */
import { describe, expect, test } from 'vitest';
import { expectHover, parseHelper } from 'langium/test';
import type { Scenario } from '../../language/src/generated/ast.js';
import { editorServices, parseValid, services, storeRun } from './helpers.js';

const hover = expectHover(services);

describe('GIVEN an address literal', () => {
    test('WHEN the run is on i386 THEN 0xBF80_0000 is pgd 766, pte 0', async () => {
        // vpn = 0xBF800000 >> 12 = 0xBF800; pgd = vpn >> 10 = 0x2FE = 766; pte = vpn & 1023 = 0
        await hover({
            text: 'machine m { arch i386 }\nprocess p\nrun r on m { mmap p at <|>0xBF80_0000 size 4 KiB }',
            index: 0,
            hover:
                '**0xbf800000** on i386 (machine m)\n\n| pgd | pte | offset |\n|---:|---:|---:|\n| 766 ' +
                '(0x2fe) | 0 (0x0) | 0x000 |',
        });
    });

    test('WHEN the run is on i386-pae THEN the 2-bit pgd, pmd and pte indices appear', async () => {
        // 0xC0201234: vpn = 0xC0201; pgd = vpn >> 18 = 3; pmd = (vpn >> 9) & 511 = 0x001; pte = vpn & 511 = 0x001;
        // offset 0x234
        await hover({
            text: 'machine m { arch i386-pae }\nprocess p\nrun r on m { kmap p <|>0xC020_1234 }',
            index: 0,
            hover:
                '**0xc0201234** on i386-pae (machine m)\n\n| pgd | pmd | pte | offset ' +
                '|\n|---:|---:|---:|---:|\n| 3 (0x3) | 1 (0x1) | 1 (0x1) | 0x234 |',
        });
    });

    test('WHEN the file has no machine THEN x86_64 is assumed, la57 splits into five levels', async () => {
        // 0x7f00_0000_1000 on x86_64: vpn = 0x7f0000001; pgd = vpn >> 27 = 254; pud = (vpn >> 18) & 511 = 0; pmd = 0;
        // pte = 1
        await hover({
            text: 'segment s at <|>0x7f00_0000_1000 size 4 KiB',
            index: 0,
            hover:
                '**0x7f0000001000** on x86_64\n\n| pgd | pud | pmd | pte | offset ' +
                '|\n|---:|---:|---:|---:|---:|\n| 254 (0xfe) | 0 (0x0) | 0 (0x0) | 1 (0x1) | 0x000 |',
        });
        // la57: pgd = vpn >> 36 = 0 for the same address; p4d = (vpn >> 27) & 511 = 254
        await hover({
            text: 'machine big { arch x86_64-la57 }\nsegment s at <|>0x7f00_0000_1000 size 4 KiB',
            index: 0,
            hover: /\| pgd \| p4d \| pud \| pmd \| pte \| offset \|\n.*\n\| 0 \(0x0\) \| 254 \(0xfe\) \| 0 \(0x0\) \| 0 \(0x0\) \| 1 \(0x1\) \| 0x000 \|/,
        });
    });
});

describe('GIVEN a variant that moves the run to another machine', () => {
    const text =
        'machine m { arch i386 }\nmachine big { arch x86_64 }\nprocess p\nrun r on m { mmap p at ' +
        '0xBF80_0000 size 4 KiB }\nvariant wide { use machine big }';
    const offset = text.indexOf('0xBF80') + 2;

    test('WHEN the variant is selected THEN the address splits for x86_64, and for i386 again on base', async () => {
        // x86_64: vpn = 0xBF800; pgd = vpn >> 27 = 0; pud = (vpn >> 18) & 511 = 2; pmd = (vpn >> 9) & 511 = 0x1FC =
        // 508; pte = 0
        const s = editorServices();
        const document = await parseHelper<Scenario>(s)(text, { validation: true });
        const hoverAt = async () =>
            (
                await s.lsp.HoverProvider!.getHoverContent(document, {
                    textDocument: { uri: document.uri.toString() },
                    position: document.textDocument.positionAt(offset),
                })
            )?.contents as { value: string } | undefined;
        s.editor.RunStore.selectVariant(document.uri.toString(), 'wide');
        expect((await hoverAt())?.value).toBe(
            '**0xbf800000** on x86_64 (machine m, variant wide)\n\n| pgd | pud | pmd | pte | offset ' +
                '|\n|---:|---:|---:|---:|---:|\n| 0 (0x0) | 2 (0x2) | 508 (0x1fc) | 0 (0x0) | 0x000 |',
        );
        s.editor.RunStore.selectVariant(document.uri.toString(), 'base');
        expect((await hoverAt())?.value).toBe(
            '**0xbf800000** on i386 (machine m)\n\n| pgd | pte | offset |\n|---:|---:|---:|\n| 766 ' +
                '(0x2fe) | 0 (0x0) | 0x000 |',
        );
    });
});

const I386 = `machine m { arch i386 cpus 2 }
process p
run r on m {
    switch cpu 0 to p
    mmap p at 0x4000_0000 size 8 KiB rw as buf
    write p buf
}
`;

describe('GIVEN a stored run', () => {
    test('WHEN hovering an operation THEN the walk of its first and last page and the TLB after it are shown', async () => {
        const document = await parseValid(I386);
        storeRun(document);
        const offset = I386.indexOf('write');
        const result = await services.lsp.HoverProvider!.getHoverContent(document, {
            textDocument: { uri: document.uri.toString() },
            position: document.textDocument.positionAt(offset),
        });
        // 0x40000000 on i386: pgd = 0x40000 >> 10 = 256, pte = 0; the second page pte 1.
        // Two first-touch write faults allocate two frames; frames are numbered by the engine's allocator.
        const text = (result!.contents as { value: string }).value;
        expect(text.split('\n\n')[0]).toBe('`write p buf`');
        expect(text).toContain('2 faults');
        expect(text).toMatch(
            /\| pgd \| 256 \| yes \| pte table \(lowmem, 2 used\) \| {2}\|\n\| pte \| 0 \| yes \| frame \d+ \| rw \|/,
        );
        expect(text).toMatch(/\| pte \| 1 \| yes \| frame \d+ \| rw \|/);
        expect(text).toMatch(
            /\*\*TLB for p\*\*\n\n\| cpu \| current \| entries \| vpn→frame \|\n\|---:\|---\|---:\|---\|\n\| 0 \| p \| 2 \| 0x40000000→\d+ w, 0x40001000→\d+ w \|/,
        );
    });

    test('WHEN hovering a process THEN its mappings, page-table pages and cpumask at the end of the run are shown', async () => {
        const document = await parseValid(I386);
        storeRun(document);
        const offset = I386.indexOf('process p') + 'process '.length;
        const result = await services.lsp.HoverProvider!.getHoverContent(document, {
            textDocument: { uri: document.uri.toString() },
            position: document.textDocument.positionAt(offset),
        });
        expect((result!.contents as { value: string }).value).toBe(
            [
                '**p** (process) · after line 6 of run r',
                '',
                'cpumask: 0 · page-table pages: pgd 1 · pte 1',
                '',
                '| start | end | prot | backing | page |',
                '|---|---|---|---|---:|',
                '| 0x40000000 | 0x40002000 | rw- | anon | 4 KiB |',
            ].join('\n'),
        );
    });

    test('WHEN there is no run for the text THEN the operation hover says so', async () => {
        const document = await parseValid(I386);
        const result = await services.lsp.HoverProvider!.getHoverContent(document, {
            textDocument: { uri: document.uri.toString() },
            position: document.textDocument.positionAt(I386.indexOf('write')),
        });
        expect((result!.contents as { value: string }).value).toBe(
            '`write p buf`\n\n_not run yet: the figures appear once the scenario ran without errors_',
        );
    });
});
