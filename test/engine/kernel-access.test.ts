/**
 * Kernel-mode accesses and global TLB entries (docs/model.md R39, R65, R80, R89, R44, R83, R90):
 * `kernel read|write`, kmap `access`, kmap_atomic's fixmap slots and copy_to_user's source page.
 * The box: i386, 2 GiB (lowmem 896 MiB from 0xC0000000 to 0xF8000000; user and page-cache frames in
 * highmem), a 64-entry 4-way 4 KiB TLB and a 32-entry 4-way large TLB.
 */
import { describe, it, expect } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import type { MachineConfig, Operation, SplitConfig } from '../../language/src/engine/scenario.js';
import { Scenario, PAGE, MIB, GIB, task } from './builders.js';
import { figuresOf, expectInvariants } from './helpers.js';

const BASE = 0x10000000n;
type OpBody = Parameters<Scenario['op']>[0];

function box(overrides: Partial<MachineConfig> = {}, split?: Partial<SplitConfig>): Scenario {
    return new Scenario({ arch: 'i386', ramBytes: 2n * GIB, ...overrides }, split);
}

function kread(s: Scenario, who: string | number, start: bigint, size = 1n, stride = PAGE): number {
    const by = typeof who === 'number' ? { cpu: who } : { task: task(who) };
    return s.op({ kind: 'kernel-access', access: 'read', ...by, range: { start, size }, stride } as OpBody);
}

function kop(
    s: Scenario,
    kind: 'kmap' | 'kunmap' | 'kmap-atomic',
    who: string,
    address: bigint,
    extra: Partial<Operation> = {},
): number {
    return s.op({ kind, task: task(who), address, ...extra } as OpBody);
}

describe('kernel read|write (R39, R65)', () => {
    it('GIVEN global-pages on WHEN a kernel read follows a process switch THEN it hits; with it off THEN it misses (R39 refcase)', () => {
        for (const globalPages of [true, false]) {
            const s = box({ globalPages }).process('a').process('b');
            s.switch(0, 'a');
            const first = kread(s, 'a', 0xc0100000n);
            const sw = s.switch(0, 'b');
            const again = kread(s, 'b', 0xc0100000n);
            const r = runScenario(s.build());
            // Direct map, non-PAE: one 4 MiB PSE leaf, 1 walk ref (the pgd entry).
            expect(figuresOf(r, first)).toEqual({ accesses: 1, tlbMisses: 1, walks: 1, walkRefs: 1 });
            if (globalPages) {
                // The CR3 write drops non-global entries only: the global 4 MiB entry survives.
                expect(figuresOf(r, sw)).toEqual({ contextSwitches: 1, cr3Writes: 1, fullFlushes: 1 });
                expect(figuresOf(r, again)).toEqual({ accesses: 1, tlbHits: 1 });
            } else {
                expect(figuresOf(r, sw)).toEqual({
                    contextSwitches: 1,
                    cr3Writes: 1,
                    fullFlushes: 1,
                    tlbEntriesDropped: 1,
                });
                expect(figuresOf(r, again)).toEqual({ accesses: 1, tlbMisses: 1, walks: 1, walkRefs: 1 });
            }
            expectInvariants(r);
        }
    });

    it('GIVEN each preset WHEN the direct map is read at stride 2 MiB THEN its leaf size and walk refs are R65s', () => {
        // 8 MiB at stride 2 MiB = 4 reads. i386: 4 MiB leaves, 1 ref: miss, hit, miss, hit.
        // PAE: 2 MiB leaves, 1 ref (the PDPT is no ref): 4 misses. x86_64: 2 MiB, 3 refs; la57: 4.
        const cases = [
            { arch: 'i386', start: 0xc0000000n, misses: 2, refs: 1 },
            { arch: 'i386-pae', start: 0xc0000000n, misses: 4, refs: 1 },
            { arch: 'x86_64', start: 0xffff888000000000n, misses: 4, refs: 3 },
            { arch: 'x86_64-la57', start: 0xff11000000000000n, misses: 4, refs: 4 },
        ] as const;
        for (const c of cases) {
            const la57 = c.arch === 'x86_64-la57' ? { pageOffset: c.start, taskSize: 0xfffffffffff000n } : undefined;
            const s = box({ arch: c.arch }, la57);
            const id = kread(s, 0, c.start, 8n * MIB, 2n * MIB);
            const f = figuresOf(runScenario(s.build()), id);
            expect(f, c.arch).toEqual({
                accesses: 4,
                tlbMisses: c.misses,
                walks: c.misses,
                walkRefs: c.misses * c.refs,
                ...(c.misses < 4 ? { tlbHits: 4 - c.misses } : {}),
            });
        }
    });

    it('GIVEN i386 with 896 MiB of lowmem WHEN the kernel reads 0xF8000000 (past the direct map) THEN a miss, a 1-ref walk and an oops', () => {
        const s = box();
        const id = kread(s, 0, 0xf8000000n);
        const r = runScenario(s.build());
        expect(figuresOf(r, id)).toEqual({ accesses: 1, tlbMisses: 1, walks: 1, walkRefs: 1 });
        expect(r.errors.map(e => e.message)).toEqual([
            'kernel read at 0xf8000000: no kernel mapping there (the kernel would oops)',
        ]);
    });

    it("GIVEN a user address WHEN read in kernel mode THEN it is the current task's user access; from a kernel thread an error", () => {
        const s = box().process('a').kthread('kd');
        s.switch(0, 'a');
        s.mmap('a', BASE, PAGE);
        const user = kread(s, 'a', BASE);
        s.switch(1, 'kd');
        const r0 = runScenario(s.build());
        // A read fault on untouched anonymous memory: walk 1 ref (empty pgd entry), a PTE table,
        // the zero page mapped (no frame), retry walk 2 refs.
        expect(figuresOf(r0, user)).toEqual({
            accesses: 1,
            tlbMisses: 1,
            walks: 2,
            walkRefs: 3,
            pageFaults: 1,
            ptPagesAllocated: 1,
            lowmemPages: 1,
        });
        const k = box({ cpus: 2 }).kthread('kd');
        k.switch(1, 'kd');
        kread(k, 'kd', BASE);
        expect(runScenario(k.build()).errors[0].message).toContain('a user address, but CPU 1 runs a kernel thread');
    });
});

describe('kmap_atomic fixmap slots (R89, R80)', () => {
    // CPU 1, KM_USER0 = 3: the slot at 0xFFC00000 + 4 KiB x (1 x 13 + 3) = 0xFFC10000.
    const SLOT = 0xffc10000n;

    it('GIVEN a read through the slot WHEN kmap_atomic maps again THEN its invlpg drops the global entry; another CPU that cached it hits stale', () => {
        const s = box({ cpus: 2 }).process('a');
        s.switch(1, 'a');
        s.mmap('a', BASE, 2n * PAGE);
        s.write('a', BASE, 2n * PAGE);
        const first = kop(s, 'kmap-atomic', 'a', BASE, { access: true });
        const hit = kread(s, 1, SLOT);
        const other = kread(s, 0, SLOT); // CPU 0 reads CPU 1's slot: the kernel tables are shared
        const again = kop(s, 'kmap-atomic', 'a', BASE + PAGE, { access: true });
        const stale = kread(s, 0, SLOT);
        const r = runScenario(s.build());
        // set_pte + __flush_tlb_one: 1 kmapAtomic, 1 local invlpg (nothing cached yet); the read walks
        // pgd + pte (2 refs) and fills a global 4 KiB entry.
        expect(figuresOf(r, first)).toEqual({
            kmapAtomic: 1,
            invlpg: 1,
            accesses: 1,
            tlbMisses: 1,
            walks: 1,
            walkRefs: 2,
        });
        expect(figuresOf(r, hit)).toEqual({ accesses: 1, tlbHits: 1 });
        expect(figuresOf(r, other)).toEqual({ accesses: 1, tlbMisses: 1, walks: 1, walkRefs: 2 });
        // R80: INVLPG drops the global entry of that address on CPU 1; the read misses and refills.
        expect(figuresOf(r, again)).toEqual({
            kmapAtomic: 1,
            invlpg: 1,
            tlbEntriesDropped: 1,
            accesses: 1,
            tlbMisses: 1,
            walks: 1,
            walkRefs: 2,
        });
        // kunmap_atomic/kmap_atomic flush only locally: CPU 0 still maps the old frame (R5: stale).
        expect(figuresOf(r, stale)).toEqual({ accesses: 1, tlbHits: 1, staleHits: 1 });
        expect(r.staleTranslations).toHaveLength(1);
        expect(r.staleTranslations[0]).toMatchObject({ cpu: 0, address: '0xffc10000', mm: 'kernel' });
    });
});

describe('kmap access and copy_to_user (R44, R83, R88, R90)', () => {
    it('GIVEN a page-cache source WHEN copied to user twice THEN kmap, a kernel read through the pkmap slot, the user write, kunmap', () => {
        const s = box().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, PAGE);
        const copy = {
            kind: 'copy-to-user',
            task: task('a'),
            range: { start: BASE, size: PAGE },
            source: { kind: 'file', file: 'data', offset: 0n },
        } as OpBody;
        const first = s.op(copy);
        const second = s.op(copy);
        const r = runScenario(s.build());
        // Page cache frame allocated (1, highmem). kmap: kmap_lock (1), slot 1 at 0xFF801000; the read
        // misses, walks pgd + pte (2). The user write: miss, 1-ref walk, fault (PTE table, frame),
        // 2-ref retry. kunmap: kmap_lock again (2). walkRefs 2 + 1 + 2 = 5.
        expect(figuresOf(r, first)).toEqual({
            framesAllocated: 2,
            kmapLockAcquisitions: 2,
            accesses: 2,
            tlbMisses: 2,
            walks: 3,
            walkRefs: 5,
            pageFaults: 1,
            ptPagesAllocated: 1,
            lowmemPages: 1,
        });
        // The slot kept count 1: kmap reuses it (R31), the global entry and the user entry both hit.
        expect(figuresOf(r, second)).toEqual({ kmapLockAcquisitions: 2, accesses: 2, tlbHits: 2 });
        expectInvariants(r);
    });

    it('GIVEN via atomic WHEN copying THEN kmap_atomic KM_USER0 (an invlpg) instead of the pool and its lock', () => {
        const s = box().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, PAGE);
        s.write('a', BASE);
        const id = s.op({
            kind: 'copy-to-user',
            task: task('a'),
            range: { start: BASE, size: PAGE },
            source: { kind: 'file', file: 'data', offset: 0n },
            atomic: true,
        } as OpBody);
        // Frame 2 (page cache); fixmap slot of CPU 0 type 3: a 2-ref walk; the user write hits.
        expect(figuresOf(runScenario(s.build()), id)).toEqual({
            framesAllocated: 1,
            kmapAtomic: 1,
            invlpg: 1,
            accesses: 2,
            tlbHits: 1,
            tlbMisses: 1,
            walks: 1,
            walkRefs: 2,
        });
    });

    it('GIVEN x86_64 WHEN a page is kmapped with access THEN kmapLowmem, no lock, one read through the direct map (R90)', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, PAGE);
        s.write('a', BASE);
        const id = kop(s, 'kmap', 'a', BASE, { access: true });
        const un = kop(s, 'kunmap', 'a', BASE);
        const r = runScenario(s.build());
        // Frame 1 at 0xffff888000001000: a 2 MiB direct-map leaf, pgd + pud + pmd = 3 refs.
        expect(figuresOf(r, id)).toEqual({ kmapLowmem: 1, accesses: 1, tlbMisses: 1, walks: 1, walkRefs: 3 });
        expect(figuresOf(r, un)).toEqual({});
        expect(r.errors).toEqual([]);
    });

    it("GIVEN kunmap of a frame never kmapped, or with count 1 THEN kunmap_high's BUG: an error event (R88)", () => {
        for (const twice of [false, true]) {
            const s = box().process('a');
            s.switch(0, 'a');
            s.mmap('a', BASE, PAGE);
            s.write('a', BASE);
            if (twice) kop(s, 'kmap', 'a', BASE);
            kop(s, 'kunmap', 'a', BASE);
            if (twice) kop(s, 'kunmap', 'a', BASE);
            const r = runScenario(s.build());
            expect(r.errors.map(e => e.message)).toEqual([
                twice ? 'kunmap: frame 1 has no kmap user left (count 1)' : 'kunmap: frame 1 is not kmapped',
            ]);
        }
    });

    it('GIVEN a kernel thread WHEN it kmaps a page-cache page THEN it uses the global pool (R49, R88)', () => {
        const s = box({ cpus: 2 }).kthread('kd');
        s.switch(1, 'kd');
        const id = kop(s, 'kmap', 'kd', 0n, { file: { file: 'log', offset: 8192n }, access: true });
        const r = runScenario(s.build());
        expect(figuresOf(r, id)).toEqual({
            framesAllocated: 1,
            kmapLockAcquisitions: 1,
            accesses: 1,
            tlbMisses: 1,
            walks: 1,
            walkRefs: 2,
        });
        expect(r.errors).toEqual([]);
    });
});
