/**
 * Machines, splits, UKVA windows and operation addresses. Addresses worked out by hand:
 * 3G/1G: TASK_SIZE = PAGE_OFFSET = 0xC0000000, the stack is [0xBF800000, 0xC0000000) (8 MiB);
 * i386 kernel areas: vmalloc [0xF7800000, 0xFF800000), pkmap [0xFF800000, 0xFFC00000),
 * fixmap [0xFFC00000, 0x100000000).
 */
import { describe, test } from 'vitest';
import { expectNoIssues, expectWarning } from 'langium/test';
import { at, expectDiagnostics, validate } from './helpers.js';

const I386 = 'machine m { arch i386 ram 4 GiB cpus 2 }\nprocess p\n';

describe('machine', () => {
    test('GIVEN TLB ways that do not divide entries THEN sets would not be whole', async () => {
        const text = 'machine m { tlb 4 KiB entries 64 ways 3  tlb large entries 0 ways 4 }';
        await expectDiagnostics(text, [
            ['ways «3»', 'error: ways 3 do not divide entries 64: sets = entries / ways must be whole'],
        ]);
    });

    test('GIVEN a TLB for a page size the arch lacks THEN it is named', async () => {
        const text = 'machine m { arch i386 tlb 2 MiB entries 8 ways 4 }';
        await expectDiagnostics(text, [['2 MiB', 'error: i386 has no 2 MiB pages (4 KiB, 4 MiB)']]);
    });

    test('GIVEN more RAM than the arch can address THEN the physical address bits are named', async () => {
        const text = `machine a { arch i386-pae ram 128 GiB }
machine b { ram 64 GiB arch i386 }
machine c { arch i386-pae ram 64 GiB }`;
        await expectDiagnostics(text, [
            ['128 GiB', 'error: ram 128 GiB exceeds what i386-pae can address (64 GiB, 36 physical address bits)'],
            ['64 GiB', 'error: ram 64 GiB exceeds what i386 can address (4 GiB, 32 physical address bits)'],
        ]);
    });
});

describe('split', () => {
    test("GIVEN 3G/1G-opt on a PAE machine THEN it is an error on the run's split", async () => {
        const text = `machine pae { arch i386-pae }
split opt { 3G/1G-opt }
run on pae with opt { }
run ok on pae { }`;
        await expectDiagnostics(text, [
            [
                'with «opt»',
                'error: 3G/1G-opt needs i386 without PAE: with PAE each pgd entry maps 1 GiB, so ' +
                    'PAGE_OFFSET must be a multiple of 1 GiB',
            ],
        ]);
    });

    test('GIVEN a variant that moves a run to PAE with 3G/1G-opt THEN the variant is reported', async () => {
        const text = `machine plain { arch i386 }
machine pae { arch i386-pae }
split opt { 3G/1G-opt }
run boot on plain with opt { }
variant bigmem { use machine pae }`;
        await expectDiagnostics(text, [
            [
                'bigmem',
                "error: variant 'bigmem', run 'boot': 3G/1G-opt needs i386 without PAE: with PAE each " +
                    'pgd entry maps 1 GiB, so PAGE_OFFSET must be a multiple of 1 GiB',
            ],
        ]);
    });

    test('GIVEN a 32-bit split on x86_64 THEN it is ignored, with a warning', async () => {
        const text = 'machine m { }\nsplit s { 2G/2G }\nrun on m with s { }';
        const result = await validate(text);
        expectWarning(
            result,
            "split 's' sets PAGE_OFFSET, which x86_64 ignores: user space is [0, 0x7ffffffff000)",
            at(text, 'with «s»'),
        );
    });

    test('GIVEN a UKVA window over the stack and the kernel areas THEN each overlap is an error', async () => {
        const text = `split a { 3G/1G ukva at 0xBFC0_0000 size 4 MiB per-mm { pagetables } }
split b { 3G/1G ukva at 0xFF00_0000 size 12 MiB per-mm { kmap 16 slots } }`;
        await expectDiagnostics(text, [
            [
                '0xBFC0_0000',
                'error: UKVA window [0xbfc00000, 0xc0000000) overlaps the stack [0xbf800000, ' +
                    '0xc0000000), the 8 MiB below TASK_SIZE: lower task_size',
            ],
            // vmalloc is no error (R46: `at kernel` windows live at its bottom); pkmap is.
            [
                '0xFF00_0000',
                "error: UKVA window [0xff000000, 0xffc00000) overlaps the kernel's pkmap area [0xff800000, 0xffc00000)",
            ],
        ]);
    });

    test('GIVEN a window above a lowered TASK_SIZE THEN it is clear of the stack', async () => {
        const text =
            'split s { 3G/1G task_size 0xBF80_0000 ukva at 0xBF80_0000 size 8 MiB per-task { pagetables ' +
            'kmap 512 slots } }';
        expectNoIssues(await validate(text));
    });

    test('GIVEN a window at the fixmap, unaligned THEN alignment and fixmap are reported', async () => {
        const text = 'split s { ukva at 0xFFFF_E800 size 2 KiB per-mm }';
        await expectDiagnostics(text, [
            ['0xFFFF_E800', 'error: address 0xffffe800 is not aligned to 4 KiB'],
            [
                '0xFFFF_E800',
                "error: UKVA window [0xffffe800, 0xfffff000) overlaps the kernel's fixmap area " +
                    '[0xffc00000, 0x100000000)',
            ],
            ['2 KiB', 'error: size 2 KiB is not a multiple of 4 KiB'],
        ]);
    });

    test('GIVEN pagetables ukva without a window that holds them, or a window and lowmem THEN they conflict', async () => {
        const text = `split a { pagetables ukva }
split b { pagetables lowmem task_size 0xBF80_0000 ukva at 0xBF80_0000 size 8 MiB per-mm { pagetables } }`;
        await expectDiagnostics(text, [
            [
                'ukva',
                'error: pagetables ukva needs a UKVA window that holds them: ukva at ADDRESS size SIZE ' +
                    'per-mm { pagetables }',
            ],
            ['lowmem', 'error: the UKVA window holds the page tables, but pagetables is lowmem'],
        ]);
    });

    test('GIVEN a per-task window on a machine with virtually indexed caches THEN it is a warning', async () => {
        const text = `machine vi { arch i386 caches virtually-indexed }
split s { task_size 0xBF80_0000 ukva at 0xBF80_0000 size 8 MiB per-task { kmap 16 slots } }
run on vi with s { }`;
        await expectDiagnostics(text, [
            [
                'with «s»',
                "warning: a per-task UKVA window on machine 'vi' with virtually indexed caches aliases: " +
                    'one kernel address maps a different frame in each task',
            ],
            [
                'with «s»',
                'warning: a per-task UKVA window on non-PAE i386: the seed assumes three levels; here ' +
                    "the user entries live in each task's pgd, so every one written or cleared is copied to " +
                    "the mm's other pgds (pgdSyncs)",
            ],
        ]);
    });
});

describe('operation addresses', () => {
    test('GIVEN unaligned mmap, munmap, mprotect and madvise THEN address and size are reported', async () => {
        const text = `${I386}run on m {
    mmap p at 0x1000_0800 size 6 KiB
    mmap p at 0x2000_0000 size 4 MiB huge 4 MiB as big
    munmap p 0x1000_1000 size 1 KiB
    mprotect p big + 8 KiB size 4 MiB r
    madvise p 0x3000_0200 dontneed
    mmap p size 8 KiB file "f" offset 100 B
}`;
        await expectDiagnostics(text, [
            ['0x1000_0800', 'error: address 0x10000800 is not aligned to 4 KiB'],
            ['6 KiB', 'error: size 6 KiB is not a multiple of 4 KiB'],
            ['1 KiB', 'error: size 1 KiB is not a multiple of 4 KiB'],
            ['8 KiB', 'error: offset 0x2000 is not aligned to 4 MiB'],
            ['0x3000_0200', 'error: address 0x30000200 is not aligned to 4 KiB'],
            ['100 B', 'error: file offset 0x64 is not aligned to 4 KiB'],
        ]);
    });

    test("GIVEN a huge page size the arch lacks THEN it is named with the arch's sizes", async () => {
        const text = `${I386}run on m { mmap p size 2 MiB huge 2 MiB }`;
        await expectDiagnostics(text, [['huge «2 MiB»', 'error: i386 has no 2 MiB pages (4 KiB, 4 MiB)']]);
    });

    test('GIVEN ranges beyond TASK_SIZE THEN they are outside user space', async () => {
        const text = `${I386}split s { 2G/2G }
kthread k
run on m with s {
    mmap p at 0x7FFF_F000 size 8 KiB
    touch p 0x8000_0000
    swapout p 0x7FFF_F000 size 8 KiB by k
    mmap p size 3 GiB
}`;
        const user = "user space [0, 0x80000000) (TASK_SIZE of split 's')";
        await expectDiagnostics(text, [
            ['0x7FFF_F000', `error: mmap [0x7ffff000, 0x80001000) is outside ${user}`],
            ['0x8000_0000', `error: touch [0x80000000, 0x80001000) is outside ${user}`],
            ['0x7FFF_F000', `error: swapout [0x7ffff000, 0x80001000) is outside ${user}`, 1],
            ['3 GiB', `error: mmap of 3 GiB does not fit in ${user}`],
        ]);
    });

    test('GIVEN sizes beyond the VA bits or the RAM THEN the limit is named', async () => {
        const text = `${I386}run on m {
    mmap p size 8 GiB
    mmap p size 1 GiB as heap
    write p heap size 5 GiB
}`;
        await expectDiagnostics(text, [
            ['8 GiB', 'error: size 8 GiB exceeds the 4 GiB address space of i386 (32 VA bits)'],
            ['5 GiB', 'error: size 5 GiB exceeds the 4 GiB address space of i386 (32 VA bits)'],
        ]);
        const small =
            `machine m { arch i386 ram 256 MiB }\nprocess p\nrun on m { mmap p size 1 GiB as heap\nwrite p ` + `heap }`;
        await expectDiagnostics(small, [
            ['heap', "error: write of 1 GiB needs more than the 256 MiB of RAM of machine 'm'", 1],
        ]);
    });

    test('GIVEN two fixed mmaps of one mm that overlap in straight-line code THEN a warning', async () => {
        const text = `${I386}process q
run on m {
    mmap p at 0x1000_0000 size 1 MiB
    mmap q at 0x1000_0000 size 1 MiB
    mmap p at 0x1008_0000 size 1 MiB
    munmap p 0x1000_0000 size 2 MiB
    mmap p at 0x1000_0000 size 1 MiB
}`;
        await expectDiagnostics(text, [
            [
                '0x1008_0000',
                'warning: mmap [0x10080000, 0x10180000) overlaps the fixed mapping [0x10000000, ' +
                    '0x10100000) of line 5: MAP_FIXED unmaps it first',
            ],
        ]);
    });

    test('GIVEN a fixed mmap over the UKVA window THEN it overlaps the window', async () => {
        const text = `${I386}split s { 3G/1G ukva at 0x8000_0000 size 8 MiB per-mm { kmap 16 slots } }
run on m with s { mmap p at 0x807F_F000 size 8 KiB }`;
        await expectDiagnostics(text, [
            [
                '0x807F_F000',
                "error: mmap [0x807ff000, 0x80801000) overlaps the UKVA window [0x80000000, 0x80800000) of split 's'",
            ],
        ]);
    });

    test('GIVEN REGION + OFFSET past the end of user space THEN an error, with or without the mapping placed', async () => {
        // 3G/1G: TASK_SIZE 0xC000_0000. Placed at 0x1000_0000: 0x1000_0000 + 0xB000_0000 = 0xC000_0000, one page to
        // 0xC000_1000, outside. Unplaced (first fit, lowest address 0): 2^64 - 1 + 4 KiB = 0x1_0000_0000_0000_0FFF
        // is outside wherever it lands (it was a warning, a segfault at a 65-bit address). Within: the run's to say.
        const text = `${I386}run on m {
    switch cpu 0 to p
    mmap p at 0x1000_0000 size 1 MiB rw as h
    mmap p size 1 MiB rw as free
    write p h + 0xB000_0000 size 4 KiB
    write p free + 18446744073709551615 B size 4 KiB
    write p free + 2 MiB size 4 KiB
}`;
        await expectDiagnostics(text, [
            [
                '0xB000_0000',
                'error: write [0xc0000000, 0xc0001000) is outside user space [0, 0xc0000000) ' +
                    "(TASK_SIZE of split '3G/1G')",
            ],
            [
                '18446744073709551615 B',
                "error: write free + 0xffffffffffffffff ends 0x10000000000000fff past the start of 'free': outside " +
                    "user space [0, 0xc0000000) (TASK_SIZE of split '3G/1G') wherever it is placed",
            ],
        ]);
    });

    test('GIVEN a segment beyond user space THEN its attach is reported', async () => {
        const text = `${I386}vas v
segment seg at 0xBFF0_0000 size 2 MiB
run on m { segment attach seg to v }`;
        await expectDiagnostics(text, [
            [
                'attach «seg»',
                "error: segment 'seg' [0xbff00000, 0xc0100000) is outside user space [0, 0xc0000000) " +
                    "(TASK_SIZE of split '3G/1G')",
            ],
        ]);
    });
});
