/**
 * Checker diagnostics of the kernel-side statements (docs/model.md R42, R65, R88, R90): each with its
 * range and message, and the valid forms accepted without any diagnostic.
 */
import { describe, test, expect } from 'vitest';
import { lowerScenario } from '../../language/src/lowering/scenario.js';
import { diagnostics, expectDiagnostics, parse } from './helpers.js';

const BOX = `machine box { arch i386 ram 2 GiB cpus 2 }
process a
kthread kd
`;

describe('kernel read|write, kmap and copy_to_user checks', () => {
    test('GIVEN the valid forms THEN no diagnostic', async () => {
        const text = `${BOX}run r on box {
    switch cpu 0 to a
    mmap a at 0x1000_0000 size 8 KiB as heap
    kernel read a 0xC000_0000 size 8 MiB stride 4 MiB
    kernel write cpu 1 0xFF80_1000
    kernel read a heap
    kmap a heap access
    kmap kd file "log" offset 8 KiB access
    copy_to_user a heap size 8 KiB file "data" offset 0 via atomic
    copy_to_user a heap src heap + 4 KiB via kmap_atomic
    kunmap a heap
}`;
        expect(await diagnostics(text)).toEqual([]);
    });

    test('GIVEN a literal kernel address no kernel mapping covers THEN an error naming the mappings', async () => {
        // 2 GiB on 3G/1G: direct map [0xC0000000, 0xF8000000); vmalloc's 0xF8000000 is none of R65's.
        const text = `${BOX}run r on box {
    kernel read cpu 0 0xF800_0000
    kernel read cpu 0 0xF7FF_F000 size 8 KiB
    kernel read cpu 0 0xFF80_0000 size 4 MiB
}`;
        // The last line reads the whole pkmap area (1024 slots, R42): inside a kernel mapping.
        const mappings =
            'kernel mappings: direct map [0xc0000000, 0xf8000000), pkmap [0xff800000, 0xffc00000), ' +
            'fixmap [0xffc00000, 0xffc1a000)';
        await expectDiagnostics(text, [
            [
                '0xF800_0000',
                `error: kernel read at 0xf8000000: no kernel mapping covers it (the kernel would oops); ${mappings}`,
            ],
            [
                '0xF7FF_F000',
                `error: kernel read at 0xf8000fff: no kernel mapping covers it (the kernel would oops); ${mappings}`,
            ],
        ]);
    });

    test('GIVEN a user address from a kernel thread, a src above user space, kmap of a user page by a kthread THEN errors', async () => {
        const text = `${BOX}run r on box {
    kernel read kd 0x1000_0000
    copy_to_user a 0x1000_0000 src 0xC000_0000
    kmap kd 0x1000_0000
}`;
        await expectDiagnostics(text, [
            [
                '0x1000_0000',
                "error: kernel read at 0x10000000: a user address, but 'kd' is a kernel thread with no user mm (R65)",
            ],
            ['0xC000_0000', 'error: copy_to_user src 0xc0000000 is outside user space [0, 0xc0000000)'],
            ['kmap «kd»', "error: kernel thread 'kd' has no mm of its own: kmap needs a process"],
        ]);
    });

    test('GIVEN pkmapSlots 0, 2048, or on x86_64, and a CPU the machine lacks THEN errors on the number or property', async () => {
        const text = `machine small { arch i386 pkmapSlots 0 }
machine big { arch i386-pae pkmapSlots 2048 }
machine wide { arch x86_64 pkmapSlots 16 }
run r on small {
    kernel read cpu 3 0xC000_0000
}`;
        await expectDiagnostics(text, [
            ['pkmapSlots «0»', 'error: pkmapSlots must be between 1 and 1024 (LAST_PKMAP), found 0'],
            ['pkmapSlots «2048»', 'error: pkmapSlots must be between 1 and 1024 (LAST_PKMAP), found 2048'],
            ['pkmapSlots 16', 'error: x86_64 has no pkmap pool: every frame is lowmem and kmap takes no slot (R90)'],
            ['kernel read cpu «3» 0xC000_0000', "error: cpu 3 does not exist: machine 'small' has 1 CPU"],
        ]);
    });
});

describe('lowering of the kernel-side statements', () => {
    test('GIVEN each new form THEN the engine operation it lowers to', async () => {
        const document = await parse(`${BOX.replace('cpus 2', 'cpus 2 pkmapSlots 16')}run r on box {
    kernel write cpu 1 0xFF80_1000 size 8 KiB stride 4 KiB
    kernel read kd 0xC000_0000
    kmap kd file "log" offset 8 KiB access
    kmap_atomic a 0x1000
    copy_to_user a 0x1000_0000 size 8 KiB file "data" offset 4 KiB via atomic
    copy_to_user a 0x1000_0000 src 0x2000_0000 via kmap_atomic
    copy_to_user a 0x1000_0000
    kmap_atomic a 0x1000
}`);
        const [config] = lowerScenario(document.parseResult.value);
        expect(config.machine.pkmapSlots).toBe(16);
        const ops = config.statements.map(s => {
            const { id: _id, loc: _loc, checks: _checks, ...rest } = s as unknown as Record<string, unknown>;
            return rest;
        });
        const user = { start: 0x10000000n, size: 4096n };
        expect(ops).toEqual([
            {
                kind: 'kernel-access',
                access: 'write',
                cpu: 1,
                range: { start: 0xff801000n, size: 8192n },
                stride: 4096n,
            },
            {
                kind: 'kernel-access',
                access: 'read',
                task: { name: 'kd', thread: 0 },
                range: { start: 0xc0000000n, size: 4096n },
                stride: 4096n,
            },
            {
                kind: 'kmap',
                task: { name: 'kd', thread: 0 },
                address: 0n,
                file: { file: 'log', offset: 8192n },
                access: true,
            },
            { kind: 'kmap-atomic', task: { name: 'a', thread: 0 }, address: 0x1000n },
            {
                kind: 'copy-to-user',
                task: { name: 'a', thread: 0 },
                range: { ...user, size: 8192n },
                atomic: true,
                source: { kind: 'file', file: 'data', offset: 4096n },
            },
            {
                kind: 'copy-to-user',
                task: { name: 'a', thread: 0 },
                range: user,
                atomic: true,
                source: { kind: 'src', address: 0x20000000n },
            },
            { kind: 'copy-to-user', task: { name: 'a', thread: 0 }, range: user },
            // A copy_to_user without options does not swallow the next statement's kmap_atomic.
            { kind: 'kmap-atomic', task: { name: 'a', thread: 0 }, address: 0x1000n },
        ]);
    });
});
