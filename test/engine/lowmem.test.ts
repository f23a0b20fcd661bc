/**
 * Lowmem exhaustion (docs/model.md "Lowmem"): page tables in lowmem + mem_map (32 bytes per 4 KiB
 * frame) + 8 KiB kernel stacks against min(RAM, 4 GiB - PAGE_OFFSET - 128 MiB); and repeated forks
 * of one child name.
 */
import { describe, it, expect } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import { zonesOf } from '../../language/src/engine/machine.js';
import { lowmemDefaults } from '../../language/src/engine/lowmem.js';
import { Scenario, MIB, GIB, PAGE, machine, splitFor } from './builders.js';
import { figuresOf } from './helpers.js';

const BASE = 0x10000000n;

/**
 * i386-pae, PAGE_OFFSET 0xF0000000: lowmem = 256 MiB - 128 MiB = 32,768 pages. RAM 16 GiB - 64 MiB =
 * 4,177,920 frames: mem_map = 4,177,920 x 32 B = 32,640 pages (127.5 MiB). One process: stack 2
 * pages, pgd 1 + 4 preallocated PMDs (PAGE_OFFSET / 1 GiB rounded up). Left: 32,768 - 32,640 - 2 - 5
 * = 121 pages: the 122nd PTE table crosses.
 */
function tightBox(pagetables: 'lowmem' | 'highmem' = 'lowmem'): Scenario {
    return new Scenario(
        { arch: 'i386-pae', ramBytes: 16n * GIB - 64n * MIB },
        { pageOffset: 0xf0000000n, taskSize: 0xf0000000n, pagetables },
    );
}

describe('lowmem exhaustion', () => {
    it('GIVEN 122 PTE tables on a box with 121 pages of lowmem left THEN one error, on the writing statement', () => {
        const s = tightBox().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, 256n * MIB);
        const fits = s.access('a', 'write', BASE, 242n * MIB, 2n * MIB); // 121 PTE tables
        const crosses = s.access('a', 'write', BASE + 242n * MIB, 14n * MIB, 2n * MIB); // 7 more
        const result = runScenario(s.build());
        expect(result.errors.filter(e => e.statementId === fits)).toEqual([]);
        // Tables 5 + 122 = 127 pages = 508 KiB; stacks 2 pages: 8 KiB (each part in its largest unit, memory.ts).
        expect(result.errors).toEqual([
            {
                statementId: crosses,
                loc: expect.anything(),
                message:
                    'lowmem exhausted: 508 KiB of page tables for 1 process + 127.5 MiB mem_map + 8 KiB ' +
                    'of kernel stacks for 1 task > 128 MiB of lowmem',
            },
        ]);
        expect(result.totals.lowmemPages).toBe(5 + 128);
    });

    it('GIVEN the same work with PTE tables in highmem THEN no diagnosis (5 lowmem pages)', () => {
        const s = tightBox('highmem').process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, 256n * MIB);
        s.access('a', 'write', BASE, 256n * MIB, 2n * MIB);
        const result = runScenario(s.build());
        expect(result.errors).toEqual([]);
        expect(result.totals.lowmemPages).toBe(5);
    });

    it('GIVEN a forked child THEN its kernel stack counts: 120 tables fit with 2 tasks, not 121', () => {
        // 2 tasks: 4 stack pages; 2 mms: 10 pages of pgd and PMDs. Left for PTE tables: 32,768 -
        // 32,640 - 4 - 10 = 114. The parent writes 1 page (1 table); fork copies that table (R8).
        const s = tightBox().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, 2n * MIB);
        s.write('a', BASE);
        s.fork('a', 'c');
        s.switch(0, 'c');
        s.mmap('c', BASE + 2n * MIB, 254n * MIB);
        const fits = s.access('c', 'write', BASE + 2n * MIB, 224n * MIB, 2n * MIB); // 112 tables: 114 in all
        const crosses = s.write('c', BASE + 226n * MIB); // the 115th
        const result = runScenario(s.build());
        expect(result.errors.map(e => e.statementId)).toEqual([crosses]);
        expect(result.errors[0].message).toContain('for 2 processes');
        expect(result.errors[0].message).toContain('kernel stacks for 2 tasks');
        expect(fits).toBeLessThan(crosses);
    });

    it('GIVEN x86_64 THEN never diagnosed: all RAM is lowmem and user frames share it', () => {
        const s = new Scenario({ ramBytes: 64n * MIB }).process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, 1n * GIB);
        s.access('a', 'write', BASE, 1n * GIB, 2n * MIB);
        expect(runScenario(s.build()).errors).toEqual([]);
    });
});

describe("R84: lowmem = min(RAM', MAXMEM), MAXMEM = 4 GiB - kernel PAGE_OFFSET - 128 MiB", () => {
    const zonesMiB = (arch: 'i386' | 'i386-pae', ram: bigint, split: Partial<ReturnType<typeof splitFor>>) => {
        const z = zonesOf(machine({ arch, ramBytes: ram }), splitFor(arch, split));
        return [z.lowmemPages / 256, z.highmemPages / 256];
    };

    it('GIVEN 8 GiB of RAM on PAE THEN lowmem per split: 896, 1920, 2944, and 3936 MiB under 4G/4G (__PAGE_OFFSET 0x02000000)', () => {
        const ram = 8n * GIB;
        expect(zonesMiB('i386-pae', ram, {})).toEqual([896, 8192 - 896]);
        expect(zonesMiB('i386-pae', ram, { pageOffset: 0x80000000n })).toEqual([1920, 8192 - 1920]);
        expect(zonesMiB('i386-pae', ram, { pageOffset: 0x40000000n })).toEqual([2944, 8192 - 2944]);
        expect(zonesMiB('i386-pae', ram, { pageOffset: 0n, taskSize: 0xff000000n, fourGFourG: true })).toEqual([
            4096 - 32 - 128,
            8192 - 3936,
        ]);
    });

    it('GIVEN 3G/1G-opt (0xB0000000) on i386 THEN 1152 MiB; RAM above 4 GiB is ignored without PAE, above 64 GiB with PAE', () => {
        expect(zonesMiB('i386', 8n * GIB, { pageOffset: 0xb0000000n })).toEqual([1152, 4096 - 1152]);
        expect(zonesMiB('i386', 8n * GIB, {})).toEqual([896, 4096 - 896]);
        expect(zonesMiB('i386-pae', 128n * GIB, {})).toEqual([896, 65536 - 896]);
        // Less RAM than MAXMEM: all lowmem, no highmem.
        expect(zonesMiB('i386', 512n * MIB, {})).toEqual([512, 0]);
    });
});

/**
 * R51, R70 on i386 3G/1G with 4 GiB: lowmem 896 MiB = 229,376 pages; mem_map 1,048,576 frames x 32 B
 * = 8,192 pages (x 48 B, 2.4's struct page: 12,288). lowmemReserved takes all but a few pages.
 */
function wall(leftPages: number, structPageBytes?: number): Scenario {
    const reserved = BigInt(229376 - 8192 - leftPages) * PAGE;
    return new Scenario(
        { arch: 'i386', ramBytes: 4n * GIB, lowmemReservedBytes: reserved, structPageBytes },
        { pagetables: 'lowmem' },
    );
}

describe('R51, R70: page tables + kernel stacks + mem_map + lowmemReserved', () => {
    it('GIVEN the 2.6 defaults THEN struct page 32 B on i386, 56 B on x86_64, THREAD_SIZE 8 KiB, nothing reserved', () => {
        expect(lowmemDefaults('i386')).toEqual({ structPageBytes: 32, threadSizeBytes: 8192, lowmemReservedBytes: 0n });
        expect(lowmemDefaults('x86_64').structPageBytes).toBe(56);
    });

    it("GIVEN 4 pages left and a process (pgd 1 + stack 2) WHEN it forks THEN the child's stack crosses first: level stack", () => {
        const s = wall(4).process('a');
        s.switch(0, 'a');
        const f = s.fork('a', 'c');
        const result = runScenario(s.build());
        // Setup: 1 + 2 = 3 of 4. Fork: dup_task_struct's 2 stack pages -> 5 (1 past), then copy_mm's pgd -> 6 (2 past).
        expect(figuresOf(result, f)).toMatchObject({ lowmemExhausted: 2, ptPagesAllocated: 1 });
        expect(result.errors.map(e => [e.statementId, e.message])).toEqual([
            [
                f,
                'lowmem exhausted: 4 KiB of page tables for 1 process + 32 MiB mem_map + 16 KiB of ' +
                    'kernel stacks for 2 tasks + 864 MiB reserved > 896 MiB of lowmem',
            ],
        ]); // the pgd: 4 KiB; 2 stacks of 2 pages: 16 KiB; 221,180 pages = 863.98 MiB, shown rounded up
        const event = result.events.find(e => e.kind === 'lowmem');
        expect(event).toMatchObject({
            level: 'stack',
            stackBytes: 4 * 4096,
            memMapBytes: 8192 * 4096,
            tableBytes: 4096,
        });
    });

    it("GIVEN 5 pages left THEN the stack fits and the child's pgd crosses: level pgd, 1 page past", () => {
        const s = wall(5).process('a');
        s.switch(0, 'a');
        const f = s.fork('a', 'c');
        const result = runScenario(s.build());
        expect(figuresOf(result, f)).toMatchObject({ lowmemExhausted: 1 });
        expect(result.events.find(e => e.kind === 'lowmem')).toMatchObject({ level: 'pgd', stackBytes: 4 * 4096 });
    });

    it('GIVEN an exit THEN its stack (and tables) return: a later fork fits', () => {
        const s = wall(6).process('a').process('b');
        s.switch(0, 'b');
        s.exit('b'); // pgd 1 + stack 2 back: used 3 of 6
        s.switch(0, 'a');
        s.fork('a', 'c'); // 3 more: 6 of 6
        const result = runScenario(s.build());
        expect(result.errors).toEqual([]);
        expect(result.totals.lowmemExhausted).toBe(0);
    });

    it('GIVEN structPageBytes 48 (2.4) THEN mem_map is 12,288 pages: the box that fit with 32 B is 4,096 pages short', () => {
        const s = wall(3, 48).process('a');
        const result = runScenario(s.build());
        // Setup: a's pgd (1 of -4093 left) is the first allocation past: 1 page; its stack 2 more.
        expect(result.totals.lowmemExhausted).toBe(3);
        expect(result.errors[0].message).toContain('48 MiB mem_map');
    });
});

describe('R85, R86: where tables live, and the byte gauges', () => {
    const BASE2 = 0x10000000n;

    it('GIVEN PAE with highmem WHEN 2 PTE tables come and go THEN lowmem bytes, highmem bytes and the peak move as gauges', () => {
        const run = (pagetables: 'lowmem' | 'highmem') => {
            const s = new Scenario({ arch: 'i386-pae', ramBytes: 2n * GIB }, { pagetables }).process('a');
            s.switch(0, 'a');
            s.mmap('a', BASE2, 4n * MIB);
            const w = s.access('a', 'write', BASE2, 4n * MIB, 2n * MIB);
            const u = s.munmap('a', BASE2, 4n * MIB);
            const r = runScenario(s.build());
            const f = (id: number) => r.statements.find(x => x.id === id)!.figures;
            return { r, w: f(w), u: f(u) };
        };
        // lowmem: pgd + 3 PMDs = 16,384 B at setup; 2 PTE tables: +8,192 (peak 24,576); munmap: -8,192.
        const low = run('lowmem');
        expect([low.w.ptLowmemBytes, low.w.ptLowmemPeakBytes, low.u.ptLowmemBytes, low.u.ptLowmemPeakBytes]).toEqual([
            8192,
            8192,
            -8192,
            undefined,
        ]);
        expect([low.r.totals.ptLowmemBytes, low.r.totals.ptLowmemPeakBytes, low.r.totals.ptHighmemBytes]).toEqual([
            16384, 24576, 0,
        ]);
        // CONFIG_HIGHPTE: the PTE tables are highmem; lowmem holds only pgd and PMDs.
        const high = run('highmem');
        expect([high.w.ptHighmemBytes, high.u.ptHighmemBytes, high.r.totals.ptHighmemBytes]).toEqual([8192, -8192, 0]);
        expect([high.r.totals.ptLowmemBytes, high.r.totals.ptLowmemPeakBytes, high.r.totals.ptKernelVaBytes]).toEqual([
            16384, 16384, 16384,
        ]);
    });

    it('GIVEN a box without highmem (512 MiB) and pagetables highmem THEN PTE tables are lowmem and kmap_atomic maps nothing', () => {
        const s = new Scenario({ arch: 'i386', ramBytes: 512n * MIB }, { pagetables: 'highmem' }).process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE2, PAGE);
        const w = s.write('a', BASE2);
        const f = s.fork('a', 'c');
        const result = runScenario(s.build());
        expect(figuresOf(result, w).kmapAtomic).toBeUndefined();
        expect(figuresOf(result, f).kmapAtomic).toBeUndefined();
        // pgd + PTE table per mm, all lowmem.
        expect([result.totals.lowmemPages, result.totals.ptHighmemBytes]).toEqual([4, 0]);
    });
});

describe('repeated fork of one child name', () => {
    it('GIVEN fork as c twice, both alive THEN two children c and c#2, and c names the newest', () => {
        const s = new Scenario({ cpus: 2 }).process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, 4n * 4096n);
        s.write('a', BASE);
        s.repeat(2, () => {
            s.fork('a', 'c');
        });
        s.switch(1, 'c');
        const w = s.write('c', BASE + 4096n);
        s.expect('framesAllocated', '==', 1, { kind: 'mm', name: 'c' });
        const result = runScenario(s.build());
        expect(result.errors).toEqual([]);
        expect(result.totals.forks).toBe(2);
        // x86_64: the parent's pgd, pud, pmd, pte; each child a pgd and a copy of the other three.
        expect(result.totals.ptPagesAllocated).toBe(4 + 4 + 4);
        expect(result.failedChecks).toEqual([]);
        expect(result.statements.find(x => x.id === w)?.figures.framesAllocated).toBe(1);
    });

    it('GIVEN fork as the name of a declared process THEN an error and no child', () => {
        const s = new Scenario().process('a').process('b');
        s.switch(0, 'a');
        const f = s.fork('a', 'b');
        const result = runScenario(s.build());
        expect(result.errors.map(e => [e.statementId, e.message])).toEqual([
            [f, 'fork: b already names a declared process or VAS'],
        ]);
        expect(result.totals.forks).toBe(0);
    });
});
