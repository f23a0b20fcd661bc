/** AST → ScenarioConfig: an exact small file, defaults, variant overrides, statement ids. */
import { describe, expect, test } from 'vitest';
import { lowerScenario } from '../../language/src/lowering/scenario.js';
import { statementById, statementsInOrder } from '../../language/src/lowering/statements.js';
import type { ScenarioConfig } from '../../language/src/engine/scenario.js';
import { parse } from './helpers.js';

async function lower(text: string): Promise<ScenarioConfig[]> {
    const document = await parse(text);
    return lowerScenario(document.parseResult.value);
}

const SMALL = `machine m { arch i386 ram 1 GiB cpus 2 }
process p
run r on m {
    mmap p size 8 KiB as buf
    touch p buf => tlbMisses == 2
    repeat 3 { write p buf + 4 KiB }
    expect pageFaults == 2
}`;

describe('lowering', () => {
    test('GIVEN a small file THEN the exact config, defaults filled in', async () => {
        const [config] = await lower(SMALL);
        expect(config).toEqual({
            run: 'r',
            variant: 'base',
            machine: {
                name: 'm',
                arch: 'i386',
                ramBytes: 1n << 30n,
                cpus: 2,
                clockHz: 2.4e9,
                tlb4k: { entries: 64, ways: 4 },
                tlbLarge: { entries: 32, ways: 4 },
                pcid: false,
                globalPages: true,
                flushPolicy: { kind: 'ceiling', pages: 33 },
                virtuallyIndexedCaches: false,
                costs: {},
                era: '2.6',
                asidPolicy: 'round-robin',
            },
            split: {
                name: '3G/1G',
                pageOffset: 0xc0000000n,
                taskSize: 0xc0000000n,
                fourGFourG: false,
                pagetables: 'lowmem',
            },
            processes: [{ name: 'p', threads: 1 }],
            kernelThreads: [],
            vases: [],
            segments: [],
            notifiers: [],
            statements: [
                {
                    id: 0,
                    loc: { line: 4, column: 5, endLine: 4, endColumn: 29 },
                    checks: [],
                    kind: 'mmap',
                    task: { name: 'p', thread: 0 },
                    start: undefined,
                    size: 8192n,
                    backing: { kind: 'anon' },
                    shared: false,
                    prot: { read: true, write: true, exec: false },
                    pageSize: 4096n,
                    region: 'buf',
                },
                {
                    id: 1,
                    loc: { line: 5, column: 5, endLine: 5, endColumn: 34 },
                    checks: [
                        {
                            figure: 'tlbMisses',
                            qualifier: undefined,
                            comparator: '==',
                            value: 2,
                            loc: { line: 5, column: 20, endLine: 5, endColumn: 34 },
                            text: 'tlbMisses == 2',
                        },
                    ],
                    kind: 'access',
                    access: 'touch',
                    task: { name: 'p', thread: 0 },
                    range: { start: 0n, size: 8192n, region: 'buf' },
                    stride: 4096n,
                },
                {
                    kind: 'repeat',
                    id: 2,
                    loc: { line: 6, column: 5, endLine: 6, endColumn: 37 },
                    count: 3,
                    body: [
                        {
                            id: 3,
                            loc: { line: 6, column: 16, endLine: 6, endColumn: 35 },
                            checks: [],
                            kind: 'access',
                            access: 'write',
                            task: { name: 'p', thread: 0 },
                            range: { start: 4096n, size: 4096n, region: 'buf' },
                            stride: 4096n,
                        },
                    ],
                },
                {
                    kind: 'expect',
                    id: 4,
                    loc: { line: 7, column: 5, endLine: 7, endColumn: 27 },
                    check: {
                        figure: 'pageFaults',
                        qualifier: undefined,
                        comparator: '==',
                        value: 2,
                        loc: { line: 7, column: 12, endLine: 7, endColumn: 27 },
                        text: 'pageFaults == 2',
                    },
                },
            ],
            finalChecks: [],
            finalErrors: [],
        });
    });

    test('GIVEN no machine and no split THEN the defaults of docs/language.md', async () => {
        const [config] = await lower('run { }');
        expect(config.run).toBe('run');
        expect(config.machine).toMatchObject({
            name: 'default',
            arch: 'x86_64',
            ramBytes: 4n << 30n,
            cpus: 1,
            clockHz: 2.4e9,
        });
        expect(config.split).toEqual({
            name: 'x86_64',
            pageOffset: 0xffff888000000000n,
            taskSize: 0x7ffffffff000n,
            fourGFourG: false,
            pagetables: 'lowmem',
        });
        const [la57] = await lower('machine big { arch x86_64-la57 }\nrun on big { }');
        expect(la57.split.taskSize).toBe(0xfffffffffff000n);
    });

    test('GIVEN splits THEN PAGE_OFFSET and TASK_SIZE of each kind', async () => {
        const configs = await lower(`machine m { arch i386 }
split a { 2G/2G }
split b { 4G/4G }
split c { page_offset 0xA000_0000 pagetables highmem }
run ra on m with a { }
run rb on m with b { }
run rc on m with c { }`);
        expect(
            configs.map(c => [c.split.pageOffset, c.split.taskSize, c.split.fourGFourG, c.split.pagetables]),
        ).toEqual([
            [0x80000000n, 0x80000000n, false, 'lowmem'],
            [0n, 0xff000000n, true, 'lowmem'],
            [0xa0000000n, 0xa0000000n, false, 'highmem'],
        ]);
    });

    test('GIVEN variants THEN one config per run and variant, overrides applied to their targets only', async () => {
        const configs = await lower(`machine m { arch i386-pae cpus 4 }
machine big { arch i386-pae cpus 16 }
split s { 3G/1G }
split u { task_size 0xBF80_0000 ukva at 0xBF80_0000 size 8 MiB per-mm { pagetables kmap 64 slots } }
process p { threads 2 }
notifier n on p { api page release after-unmap secondary range max 1024 pages else purge cost 3 us }
run one on m with s { register n }
run two on m with s { }
variant wide { use machine big  process p { threads 8 } }
variant ukva { use split u  split u { ukva at 0xBF80_0000 size 8 MiB per-task { pagetables } } }
variant range { notifier n { api range } machine m { pcid on } expect ipis == 0 }`);
        expect(configs.map(c => `${c.run}/${c.variant}`)).toEqual([
            'one/base',
            'one/wide',
            'one/ukva',
            'one/range',
            'two/base',
            'two/wide',
            'two/ukva',
            'two/range',
        ]);
        const [base, wide, ukva, range] = configs;
        expect([base.machine.name, base.machine.cpus, base.processes[0].threads]).toEqual(['m', 4, 2]);
        expect([wide.machine.name, wide.machine.cpus, wide.processes[0].threads]).toEqual(['big', 16, 8]);
        expect(ukva.split).toEqual({
            name: 'u',
            pageOffset: 0xc0000000n,
            taskSize: 0xbf800000n,
            fourGFourG: false,
            pagetables: 'ukva',
            // An address below PAGE_OFFSET is a window in user space (R46's user-top placement).
            ukva: {
                start: 0xbf800000n,
                size: 8n << 20n,
                scope: 'per-task',
                holdsPageTables: true,
                kmapSlots: 0,
                placement: 'user-top',
            },
        });
        expect(base.notifiers[0]).toEqual({
            name: 'n',
            mm: 'p',
            api: 'page',
            interval: undefined,
            release: 'after-unmap',
            sleeps: false,
            locking: 'rcu',
            secondary: { flush: 'range', maxPages: 1024, fullPurgeBeyondMax: true, costNs: 3000 },
            registerAtSetup: false,
        });
        expect([range.notifiers[0].api, range.machine.pcid, range.finalChecks.map(c => c.text)]).toEqual([
            'range',
            true,
            ['ipis == 0'],
        ]);
        expect([base.machine.pcid, base.finalChecks]).toEqual([false, []]);
        expect(configs[4].notifiers[0].registerAtSetup).toBe(true);
    });

    test('GIVEN statements in several runs THEN ids are a stable pre-order over the file', async () => {
        const document = await parse(`process p
run a { exit p  repeat 2 { syscall p  repeat 3 { syscall p } } }
run b { syscall p }`);
        const root = document.parseResult.value;
        const order = statementsInOrder(root).map(s => s.$type);
        expect(order).toEqual(['ExitOp', 'Repeat', 'SyscallOp', 'Repeat', 'SyscallOp', 'SyscallOp']);
        expect(statementById(root, 5)?.$cstNode?.text).toBe('syscall p');
        const configs = lowerScenario(root);
        expect(configs[1].statements[0].id).toBe(5);
    });

    test('GIVEN every operation THEN each lowers to its engine kind', async () => {
        const [config] = await lower(`machine m { cpus 2 }
process p { threads 2 }
kthread k
vas v
segment s at 0x7000_0000_0000 size 2 MiB
notifier n on p
run on m {
    mmap p at 0x1000_0000 size 2 MiB file "lib.so" offset 8 KiB shared rx huge 2 MiB as lib
    munmap p lib
    mprotect p 0x2000 size 8 KiB none
    madvise p 0x2000 dontneed
    read p[1] 0x5000 size 16 KiB stride 8 KiB
    fork p as c
    exec c
    exit c
    switch cpu 1 to idle
    migrate p[1] to cpu 0
    swapout p 0x2000 by k
    kmap_atomic p 0x3000
    kunmap p 0x3000
    copy_to_user p 0x3000 size 100 B
    syscall p
    unregister n
    device n write 0x2000
    vas create v
    vas attach v to p
    vas switch p[1] to v
    segment attach s to v
    replay "traces/ls.lackey" as p
}`);
        const s = config.statements as unknown as Array<Record<string, unknown>>;
        expect(s.map(x => x.kind)).toEqual([
            'mmap',
            'munmap',
            'mprotect',
            'madvise-dontneed',
            'access',
            'fork',
            'exec',
            'exit',
            'switch',
            'migrate',
            'swapout',
            'kmap-atomic',
            'kunmap',
            'copy-to-user',
            'syscall',
            'unregister',
            'device-access',
            'vas-create',
            'vas-attach',
            'vas-switch',
            'segment-attach',
            'replay',
        ]);
        expect(s[0]).toMatchObject({
            start: 0x10000000n,
            size: 2n << 20n,
            backing: { kind: 'file', file: 'lib.so', offset: 8192n },
            shared: true,
            prot: { read: true, write: false, exec: true },
            pageSize: 2n << 20n,
        });
        expect(s[1]).toMatchObject({ range: { start: 0n, size: 2n << 20n, region: 'lib' } });
        expect(s[2]).toMatchObject({
            range: { start: 0x2000n, size: 8192n },
            prot: { read: false, write: false, exec: false },
        });
        expect(s[4]).toMatchObject({
            task: { name: 'p', thread: 1 },
            range: { start: 0x5000n, size: 16384n },
            stride: 8192n,
        });
        expect(s[8]).toMatchObject({ cpu: 1, to: 'idle' });
        expect(s[10]).toMatchObject({ mm: 'p', by: { name: 'k', thread: 0 }, range: { start: 0x2000n, size: 4096n } });
        expect(s[11]).toMatchObject({ address: 0x3000n });
        expect(s[21]).toMatchObject({ path: 'traces/ls.lackey', task: { name: 'p', thread: 0 } });
        expect(config.segments).toEqual([{ name: 's', start: 0x700000000000n, size: 2n << 20n }]);
        expect([config.vases, config.kernelThreads]).toEqual([['v'], ['k']]);
    });
});
