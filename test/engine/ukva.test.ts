/**
 * UKVA windows (docs/model.md section 8, R45-R48, R68, R69, R81, R87), worked by hand.
 * Geometry: i386 has 1024 PTEs per table (4 MiB per table), PAE 512 (2 MiB). A window holding the
 * page tables needs one slot per possible user PTE table below PAGE_OFFSET 0xC0000000: 3 GiB / 4 MiB
 * = 768 (i386), 3 GiB / 2 MiB = 1536 (PAE); a window of W pages is mapped by ceil(W / PTEs) tables.
 */
import { describe, it, expect } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import type { UkvaWindowConfig } from '../../language/src/engine/scenario.js';
import { Scenario, PAGE, MIB, GIB, task } from './builders.js';
import { figuresOf } from './helpers.js';

const BASE = 0x10000000n;
const window = (w: Partial<UkvaWindowConfig>): UkvaWindowConfig => ({
    start: 0xbf000000n,
    size: 4n * MIB,
    scope: 'per-mm',
    holdsPageTables: false,
    kmapSlots: 0,
    ...w,
});

function i386(w: Partial<UkvaWindowConfig>, pagetables: 'lowmem' | 'ukva' = 'lowmem', cpus = 1) {
    return new Scenario({ arch: 'i386', ramBytes: 2048n * MIB, cpus }, { ukva: window(w), pagetables });
}

/** Seed 000's design on a PAE box: 512 kmap slots + 1536 table slots = 2048 pages = 8 MiB, at the bottom of vmalloc. */
function pae(w: Partial<UkvaWindowConfig>, cpus = 1) {
    const ukva = window({
        start: 0xf8800000n,
        size: 8n * MIB,
        holdsPageTables: true,
        kmapSlots: 512,
        placement: 'kernel',
        ...w,
    });
    return new Scenario({ arch: 'i386-pae', ramBytes: 2n * GIB, cpus }, { ukva, pagetables: 'ukva' });
}

describe('UKVA windows (section 8)', () => {
    it('R45/R47 GIVEN a per-task window on PAE WHEN a process has 2 threads THEN 2 pgds, 3 user PMDs + 2 kernel PMD copies, 2 window table sets', () => {
        const s = pae({ scope: 'per-task' }).process('a', 2);
        const result = runScenario(s.build());
        // The mm: pgd + 3 user PMDs (pgd_alloc's preallocation stays per mm). Thread 0 runs on that pgd;
        // thread 1 has its own. Each thread: a kernel PMD copy and 2048 / 512 = 4 window PTE tables.
        expect(result.ptPages.allocated).toMatchObject({ pgd: 2, pmd: 3 + 2, pte: 2 * 4 });
        // All 15 in lowmem (R86): 61,440 bytes; kernel VA for tables adds the window's table part once:
        // 1536 slots x 4 KiB = 6 MiB.
        expect(result.totals.lowmemPages).toBe(15);
        expect(result.totals.ptLowmemBytes).toBe(15 * 4096);
        expect(result.totals.ptKernelVaBytes).toBe(15 * 4096 + 1536 * 4096);
    });

    it('R68 GIVEN a window declared 16 MiB, twice what it holds THEN the declared size is used: 8 tables per owner', () => {
        const s = pae({ scope: 'per-mm', size: 16n * MIB, start: 0xbf000000n, placement: 'user-top' }).process('a');
        const result = runScenario(s.build());
        // 4096 pages / 512 PTEs = 8 window tables; user-top: no kernel PMD copy.
        expect(result.ptPages.allocated).toMatchObject({ pgd: 1, pmd: 3, pte: 8 });
    });

    it('R46 GIVEN a per-mm window at kernel on PAE WHEN a process forks THEN each mm has its own kernel PMD copy and window tables', () => {
        const s = pae({ scope: 'per-mm' }).process('a');
        s.switch(0, 'a');
        const f = s.fork('a', 'c');
        const result = runScenario(s.build());
        // Per mm: pgd 1 + PMDs 3 user + 1 kernel copy + 4 window tables = 9 pages; the fork's child pays
        // the same (the parent has no VMA, so nothing is copied).
        expect(result.ptPages.allocated).toMatchObject({ pgd: 2, pmd: 8, pte: 8 });
        expect(figuresOf(result, f)).toMatchObject({ ptPagesAllocated: 9, lowmemPages: 9 });
        // The window's table part is counted once however many windowed mms live.
        expect(result.totals.ptKernelVaBytes).toBe(18 * 4096 + 1536 * 4096);
    });

    it('R48 GIVEN per-task roots WHEN T1 -> T2 -> kernel thread -> T2 THEN only the thread switch writes CR3 and flushes; touches after it refill', () => {
        const s = pae({ scope: 'per-task' }).process('a', 2).kthread('kd');
        s.switch(0, 'a.0');
        s.mmap('a', BASE, PAGE);
        s.write('a', BASE);
        const toT2 = s.switch(0, 'a.1');
        const refill = s.read('a.1', BASE);
        const toKthread = s.switch(0, 'kd');
        const back = s.switch(0, 'a.1');
        const hit = s.read('a.1', BASE);
        const result = runScenario(s.build());
        // T1 -> T2 of the same mm: another pgd, so CR3 is written and, without PCID, everything flushed
        // (the one entry T1 filled is dropped).
        expect(figuresOf(result, toT2)).toEqual({
            contextSwitches: 1,
            cr3Writes: 1,
            fullFlushes: 1,
            tlbEntriesDropped: 1,
        });
        // The refill: a miss and a 2-ref walk (PDPT entry not a ref: pmd + pte).
        expect(figuresOf(result, refill)).toEqual({ accesses: 1, tlbMisses: 1, walks: 1, walkRefs: 2 });
        // A kernel thread keeps T2's root lazily; returning to T2 finds it loaded.
        expect(figuresOf(result, toKthread)).toEqual({ contextSwitches: 1 });
        expect(figuresOf(result, back)).toEqual({ contextSwitches: 1 });
        expect(figuresOf(result, hit)).toEqual({ accesses: 1, tlbHits: 1 });
    });

    it('R48 GIVEN a per-mm window THEN threads share the root: a switch between them is a context switch only', () => {
        const s = i386({ scope: 'per-mm' }).process('a', 2);
        s.switch(0, 'a.0');
        const between = s.switch(0, 'a.1');
        const result = runScenario(s.build());
        expect(result.ptPages.allocated.pgd).toBe(1);
        expect(figuresOf(result, between)).toEqual({ contextSwitches: 1 });
    });

    it('R47/R69 GIVEN per-task on non-PAE i386 with 3 threads THEN each user pgd entry written or cleared costs T - 1 pgdSyncs', () => {
        const s = i386(
            { scope: 'per-task', holdsPageTables: true, start: 0xf8c00000n, size: 768n * PAGE, placement: 'kernel' },
            'ukva',
            2,
        ).process('a', 3);
        s.switch(0, 'a.0');
        s.switch(1, 'a.2');
        s.mmap('a', BASE, 8n * MIB);
        const twoTables = s.access('a', 'write', BASE, 8n * MIB, 4n * MIB); // 2 pages 4 MiB apart: 2 PTE tables
        const freed = s.munmap('a', BASE, 8n * MIB); // free_pgtables clears both pgd entries
        const exit = s.op({ kind: 'exit', task: task('a.2'), group: false });
        s.mmap('a', BASE, 4n * MIB);
        const oneTable = s.write('a', BASE);
        const result = runScenario(s.build());
        // Setup: pgd of the mm (thread 0's) + 2 own pgds; 768 slots / 1024 PTEs = 1 window table per task.
        expect(result.ptPages.allocated).toMatchObject({ pgd: 3 });
        // T = 3: each of the 2 tables' pgd entries is copied to the 2 other pgds.
        expect(figuresOf(result, twoTables).pgdSyncs).toBe(2 * 2);
        expect(figuresOf(result, freed).pgdSyncs).toBe(2 * 2);
        // The exited thread's pgd and window table are freed; T = 2 now: 1 sync for 1 table.
        expect(figuresOf(result, exit)).toMatchObject({ ptPagesFreed: 2 });
        expect(figuresOf(result, oneTable).pgdSyncs).toBe(1);
        expect(result.totals.pgdSyncs).toBe(9);
    });

    it('R69 GIVEN per-task on i386 with 2 threads WHEN a 4 MiB leaf is installed, write-protected and zapped THEN 1 pgdSync each', () => {
        const s = i386(
            { scope: 'per-task', holdsPageTables: true, start: 0xf8c00000n, size: 768n * PAGE, placement: 'kernel' },
            'ukva',
        ).process('a', 2);
        s.switch(0, 'a.0');
        s.mmap('a', BASE, 4n * MIB, { pageSize: 4n * MIB });
        const install = s.write('a', BASE); // a PSE leaf in the pgd itself: T - 1 = 1 copy
        const protect = s.mprotect('a', BASE, 4n * MIB, { read: true, write: false, exec: false });
        const unmap = s.munmap('a', BASE, 4n * MIB); // the leaf is cleared; no PTE table to free
        const result = runScenario(s.build());
        expect([install, protect, unmap].map(id => figuresOf(result, id).pgdSyncs)).toEqual([1, 1, 1]);
    });

    it('R69 GIVEN per-task on PAE THEN the user entries live in the shared PMDs: no pgdSyncs', () => {
        const s = pae({ scope: 'per-task' }).process('a', 3);
        s.switch(0, 'a.0');
        s.mmap('a', BASE, 8n * MIB);
        s.access('a', 'write', BASE, 8n * MIB, 2n * MIB);
        expect(runScenario(s.build()).totals.pgdSyncs).toBe(0);
    });

    it('R87 GIVEN pagetables ukva WHEN munmap frees 2 PTE tables THEN their 2 window slots join the one request', () => {
        const build = (pagetables: 'lowmem' | 'ukva', dontneed: boolean) => {
            const s = pae({ scope: 'per-mm', start: 0xbf800000n, placement: 'user-top' }).process('a');
            s.split.pagetables = pagetables;
            if (pagetables === 'lowmem')
                s.split.ukva = window({ start: 0xbf800000n, kmapSlots: 16, size: 64n * 1024n });
            s.switch(0, 'a');
            s.mmap('a', BASE, 4n * MIB);
            s.access('a', 'write', BASE + 2n * MIB - PAGE, 2n * PAGE); // the last page of table 1, the first of table 2
            if (dontneed) s.madvise('a', BASE, 4n * MIB);
            const unmap = s.munmap('a', BASE, 4n * MIB);
            return figuresOf(runScenario(s.build()), unmap);
        };
        // R11's span: 2 pages; + 2 freed tables' slots = n 4 <= 33: 4 invlpg.
        expect(build('ukva', false)).toMatchObject({ invlpg: 4, ptPagesFreed: 2 });
        expect(build('lowmem', false)).toMatchObject({ invlpg: 2, ptPagesFreed: 2 });
        // With no present leaf left (madvise zapped them), n = the freed tables alone.
        expect(build('ukva', true)).toMatchObject({ invlpg: 2, ptPagesFreed: 2 });
        expect(build('lowmem', true).invlpg).toBeUndefined();
    });

    it('R81 GIVEN kswapd borrowing the mm on its CPU THEN its visit is own (free); from an idle CPU it pays kmap_atomic', () => {
        const build = (kswapdCpu: number) => {
            const s = pae({ scope: 'per-mm', start: 0xbf800000n, placement: 'user-top' }, 2)
                .process('a')
                .kthread('kswapd');
            s.switch(0, 'a');
            s.mmap('a', BASE, PAGE);
            s.write('a', BASE);
            s.switch(kswapdCpu, 'kswapd'); // on CPU 0 it lazily keeps a's mm active
            const out = s.op({ kind: 'swapout', mm: 'a', range: { start: BASE, size: PAGE }, by: task('kswapd') });
            return figuresOf(runScenario(s.build()), out);
        };
        expect(build(0).kmapAtomic).toBeUndefined();
        // CPU 1 never ran a: its active mm is none, so the visit maps the table with kmap_atomic (+ invlpg).
        expect(build(1)).toMatchObject({ kmapAtomic: 1 });
    });

    it('GIVEN a per-mm kmap pool of 4 slots on 2 CPUs WHEN it wraps THEN a lock per kmap and a shootdown of the window', () => {
        const s = i386({ scope: 'per-mm', kmapSlots: 4 }, 'lowmem', 2).process('a', 2);
        s.switch(0, 'a.0');
        s.switch(1, 'a.1');
        s.mmap('a', BASE, 5n * PAGE);
        s.write('a', BASE, 5n * PAGE);
        const kmaps = [0n, 1n, 2n].map(i =>
            s.op({ kind: 'kmap', task: { name: 'a', thread: 0 }, address: BASE + i * PAGE }),
        );
        s.op({ kind: 'kunmap', task: { name: 'a', thread: 0 }, address: BASE });
        const wrap = s.op({ kind: 'kmap', task: { name: 'a', thread: 0 }, address: BASE + 3n * PAGE });
        const result = runScenario(s.build());
        for (const id of kmaps) expect(figuresOf(result, id)).toEqual({ kmapLockAcquisitions: 1 });
        // Slot 1 has count 1 after the kunmap: the wrap frees it and issues one full flush request
        // on the mm (docs/model.md R43): cpumask {0, 1}, 2 full flushes (CPU 0 drops the 5 user
        // entries of the write), 1 IPI, 1 shootdown; no global flush.
        expect(figuresOf(result, wrap)).toEqual({
            kmapLockAcquisitions: 1,
            kmapWrapFlushes: 1,
            fullFlushes: 2,
            tlbEntriesDropped: 5,
            ipis: 1,
            shootdowns: 1,
        });
    });

    it('GIVEN pagetables in a UKVA window WHEN the mm faults and forks THEN only the child side pays kmap_atomic', () => {
        const s = i386({ scope: 'per-mm', holdsPageTables: true, size: 3n * MIB }, 'ukva').process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, PAGE);
        const w = s.write('a', BASE);
        const f = s.fork('a', 'c');
        const result = runScenario(s.build());
        expect(figuresOf(result, w).kmapAtomic).toBeUndefined();
        expect(figuresOf(result, f)).toMatchObject({ kmapAtomic: 1 });
        // RAM 2 GiB > 896 MiB: the PTE tables are highmem (R86); lowmem holds 2 pgds and each mm's
        // 768-slot window table (768 / 1024 -> 1).
        expect(result.totals.lowmemPages).toBe(2 + 2);
        expect(result.totals.ptHighmemBytes).toBe(2 * 4096);
    });

    it('GIVEN a window WHEN a fixed mmap overlaps it THEN an error and no mapping', () => {
        const s = i386({}).process('a');
        s.switch(0, 'a');
        s.mmap('a', 0xbf000000n, PAGE);
        expect(runScenario(s.build()).errors.map(e => e.message)).toEqual([
            'mmap: 0xbf000000 overlaps the UKVA window',
        ]);
    });
});
