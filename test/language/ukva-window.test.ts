/**
 * UKVA window declarations and the lowmem machine settings (docs/model.md R45, R46, R48, R68, R84, R91):
 * size, placement, lowering and their diagnostics. Sizes by hand: i386 needs 768 table slots (3 GiB /
 * 4 MiB), PAE 1536 (3 GiB / 2 MiB); a slot is one 4 KiB page.
 */
import { describe, expect, test } from 'vitest';
import { expectNoIssues } from 'langium/test';
import type { Split, Machine } from '../../language/src/generated/ast.js';
import { lowerMachine, lowerSplit } from '../../language/src/lowering/machine.js';
import { expectDiagnostics, parse, validate } from './helpers.js';

const PAE = 'machine pae { arch i386-pae ram 64 GiB }\n';
const I386 = 'machine m { arch i386 }\n';

async function splitOf(text: string, arch: 'i386' | 'i386-pae') {
    const doc = await parse(text);
    const split = doc.parseResult.value.elements.find((e): e is Split => e.$type === 'Split')!;
    return lowerSplit(split, arch);
}

describe('R45, R68: the window size', () => {
    test('GIVEN 512 kmap slots and the page tables in a 4 MiB window on PAE THEN both sizes are named, in pages and KiB', async () => {
        const text =
            `${PAE}split s { ukva at user-top size 4 MiB per-mm { pagetables kmap 512 slots } }\nrun on pae ` +
            `with s { }`;
        await expectDiagnostics(text, [
            [
                '4 MiB',
                'error: UKVA window of 1024 pages (4096 KiB) is smaller than what it holds on i386-pae: ' +
                    '2048 pages (8192 KiB) = 512 kmap slots + 1536 PTE-table slots',
            ],
        ]);
    });

    test("GIVEN the issue's 1 MiB window for the 774 tables of i386 THEN it is refused", async () => {
        // 6 kmap slots + 768 table slots = 774 pages = 3096 KiB > 1 MiB (256 pages).
        const text =
            `${I386}split s { ukva at user-top size 1 MiB per-mm { pagetables kmap 6 slots } }\nrun on m ` +
            `with s { }`;
        await expectDiagnostics(text, [
            [
                '1 MiB',
                'error: UKVA window of 256 pages (1024 KiB) is smaller than what it holds on i386: 774 ' +
                    'pages (3096 KiB) = 6 kmap slots + 768 PTE-table slots',
            ],
        ]);
    });

    test('GIVEN no size THEN the window is exactly what it holds; a larger one keeps its declared size', async () => {
        const exact = await splitOf('split s { ukva per-mm { pagetables kmap 512 slots } }', 'i386-pae');
        expect(exact.ukva).toMatchObject({
            size: 2048n * 4096n,
            placement: 'user-top',
            start: 0xc0000000n - 8n * 1024n * 1024n,
        });
        const large = await splitOf('split s { ukva size 16 MiB per-mm { pagetables kmap 512 slots } }', 'i386-pae');
        expect(large.ukva?.size).toBe(16n << 20n);
    });
});

describe('R46: placement', () => {
    test('GIVEN at user-top THEN the window ends at PAGE_OFFSET and TASK_SIZE shrinks to its start', async () => {
        const s = await splitOf('split s { 3G/1G ukva at user-top per-mm { pagetables } }', 'i386');
        // 768 pages = 3 MiB below 0xC0000000.
        expect([s.ukva?.start, s.taskSize]).toEqual([0xbfd00000n, 0xbfd00000n]);
    });

    test('GIVEN at kernel (the per-task default) THEN the bottom of vmalloc: 4 GiB - 128 MiB + 8 MiB (VMALLOC_OFFSET)', async () => {
        const pae = await splitOf('split s { ukva per-task { pagetables kmap 512 slots } }', 'i386-pae');
        expect([pae.ukva?.start, pae.ukva?.placement, pae.taskSize]).toEqual([0xf8800000n, 'kernel', 0xc0000000n]);
        // 0xF8800000 is 4 MiB-aligned too: the same on non-PAE.
        const i386 = await splitOf('split s { ukva at kernel per-mm { pagetables } }', 'i386');
        expect(i386.ukva?.start).toBe(0xf8800000n);
    });

    test('GIVEN windows reaching lowmem, TASK_UNMAPPED_BASE, or with 4G/4G or x86_64 THEN errors', async () => {
        const text = `${I386}machine x { arch x86_64 }
split low { ukva at 0xC000_0000 size 4 MiB per-mm { kmap 16 slots } }
split deep { ukva at user-top size 2304 MiB per-mm { kmap 16 slots } }
split four { 4G/4G ukva per-task { kmap 16 slots } }
split wide { ukva per-mm { kmap 16 slots } }
run a on m with low { }
run b on m with deep { }
run c on m with four { }
run d on x with wide { }`;
        await expectDiagnostics(text, [
            [
                '0xC000_0000',
                "error: UKVA window [0xc0000000, 0xc0400000) overlaps the kernel's lowmem (direct map) " +
                    'area [0xc0000000, 0xf8000000)',
            ],
            [
                'ukva',
                'error: UKVA window [0x30000000, 0xc0000000) reaches below TASK_UNMAPPED_BASE ' +
                    '0x40000000, where mmap places mappings',
                1,
            ],
            [
                'with «four»',
                'error: a UKVA window cannot be combined with 4G/4G (the kernel has its own address space)',
            ],
            ['with «wide»', 'error: a UKVA window cannot be combined with x86_64 (no highmem, no window needed)'],
        ]);
    });

    test('GIVEN the existing form, an address with task_size below it THEN still valid and the same window', async () => {
        const text =
            'split s { 3G/1G task_size 0xBF80_0000 ukva at 0xBF80_0000 size 8 MiB per-mm { pagetables ' +
            'kmap 512 slots } }';
        expectNoIssues(await validate(text));
        const s = await splitOf(text, 'i386-pae');
        expect([s.ukva?.start, s.ukva?.size, s.taskSize]).toEqual([0xbf800000n, 8n << 20n, 0xbf800000n]);
    });
});

describe('R48, R84, R91: machine checks', () => {
    test('GIVEN pcid on an i386 preset THEN an error: CR4.PCIDE needs long mode', async () => {
        await expectDiagnostics('machine m { arch i386-pae pcid on }', [
            ['on', 'error: pcid on i386-pae: PCID (CR4.PCIDE) needs long mode, so 32-bit kernels have none'],
        ]);
    });

    test('GIVEN 3G/1G-opt on PAE THEN an error', async () => {
        const text = `${PAE}split s { 3G/1G-opt }\nrun on pae with s { }`;
        await expectDiagnostics(text, [
            [
                'with «s»',
                'error: 3G/1G-opt needs i386 without PAE: with PAE each pgd entry maps 1 GiB, so ' +
                    'PAGE_OFFSET must be a multiple of 1 GiB',
            ],
        ]);
    });

    test('GIVEN caches vivt with a per-mm window THEN a warning naming the scope', async () => {
        const text = `machine v { arch i386-pae caches vivt }
split s { ukva per-mm { kmap 16 slots } }
run on v with s { }`;
        await expectDiagnostics(text, [
            [
                'with «s»',
                "warning: a per-mm UKVA window on machine 'v' with virtually indexed caches aliases: one " +
                    'frame is mapped at its window address and at its direct-map address',
            ],
        ]);
    });

    test('GIVEN structPageBytes and lowmemReserved THEN they lower onto the machine', async () => {
        const doc = await parse('machine old { arch i386 structPageBytes 48 lowmemReserved 64 MiB }');
        const m = lowerMachine(doc.parseResult.value.elements[0] as Machine);
        expect([m.structPageBytes, m.lowmemReservedBytes]).toEqual([48, 64n << 20n]);
    });
});
