import { describe, it, expect } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import { Scenario, PAGE, MIB } from './builders.js';
import { figuresOf, expectInvariants } from './helpers.js';

const BASE = 0x10000000n;

describe('swap-out from kswapd (R28)', () => {
    it('GIVEN a page shared by fork on 2 mms WHEN kswapd swaps it out THEN per mm a callout-free 1-page request issued on its CPU', () => {
        const s = new Scenario({ cpus: 2 }).process('a').kthread('kswapd');
        s.switch(0, 'a');
        s.switch(1, 'kswapd');
        s.mmap('a', BASE, 2n * PAGE);
        s.write('a', BASE);
        s.read('a', BASE + PAGE); // zero page: skipped
        s.fork('a', 'c');
        const out = s.op({
            kind: 'swapout',
            mm: 'a',
            range: { start: BASE, size: 2n * PAGE },
            by: { name: 'kswapd', thread: 0 },
        });
        const back = s.read('a', BASE);
        const write = s.write('a', BASE);
        const result = runScenario(s.build());
        // Mapped by a (cpumask {0}) and c (cpumask {}): a's request from CPU 1 is an IPI to CPU 0
        // (invlpg 1, nothing cached after fork's full flush); c's request reaches nobody.
        expect(figuresOf(result, out)).toEqual({ invlpg: 1, ipis: 1, shootdowns: 1 });
        // Swap-in read: fault, a frame (not in the swap cache), mapped read-only.
        expect(figuresOf(result, back)).toMatchObject({ pageFaults: 1, framesAllocated: 1 });
        // The frame stays in the swap cache for c's swap PTE: the write copies it (R7), flushing 1 page.
        expect(figuresOf(result, write)).toMatchObject({ pageFaults: 1, cowFaults: 1, framesAllocated: 1, invlpg: 1 });
        expectInvariants(result);
    });
});

describe('an existing PTE table is visited even when empty (docs/model.md R36)', () => {
    /** i386 HIGHPTE: a wrote 1 page of 4, then madvise zapped it: the PTE table exists but is empty. */
    function emptyTable() {
        const s = new Scenario({ arch: 'i386', ramBytes: 2048n * MIB }, { pagetables: 'highmem' }).process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, 4n * PAGE);
        s.write('a', BASE);
        const advise = s.madvise('a', BASE, 4n * PAGE);
        return { s, advise };
    }

    it('GIVEN an empty PTE table WHEN munmap and mprotect cover it THEN each maps it with kmap_atomic (+ its invlpg), no flush', () => {
        const { s, advise } = emptyTable();
        const protect = s.mprotect('a', BASE, 4n * PAGE, { read: true, write: false, exec: false });
        const unmap = s.munmap('a', BASE, 4n * PAGE);
        const r = runScenario(s.build());
        // madvise: visit (kmap_atomic + invlpg) and the 1-page flush (invlpg): 2 invlpg.
        expect(figuresOf(r, advise)).toMatchObject({ kmapAtomic: 1, invlpg: 2 });
        // mprotect: change_pmd_range maps the empty table: 1 kmap_atomic, its invlpg; no present PTE, no request.
        expect(figuresOf(r, protect)).toEqual({ kmapAtomic: 1, invlpg: 1 });
        // munmap: zap_pmd_range maps it too; nothing cleared, no request; free_pgtables frees it (highmem: no lowmem
        // change).
        expect(figuresOf(r, unmap)).toEqual({ kmapAtomic: 1, invlpg: 1, ptPagesFreed: 1 });
    });

    it('GIVEN api page (#v6) WHEN mprotect covers 2 PTE-table spans of which one table exists THEN one invalidate_pages chunk', () => {
        const s = new Scenario({ arch: 'i386', ramBytes: 2048n * MIB })
            .process('a')
            .notifier({ name: 'kvm', mm: 'a', api: 'page' });
        s.switch(0, 'a');
        s.mmap('a', BASE, 8n * MIB); // 2 PTE tables' spans (4 MiB each)
        s.write('a', BASE); // only the first table exists
        const protect = s.mprotect('a', BASE, 8n * MIB, { read: true, write: false, exec: false });
        const r = runScenario(s.build());
        // Before R36 two chunks were issued, one for the span with no table. The request: n = 2048 > 33: full.
        expect(r.perNotifier.kvm.calloutsRangeStart).toBe(1);
        expect(figuresOf(r, protect)).toMatchObject({ calloutsRangeStart: 1, fullFlushes: 1 });
    });
});

describe('swap-in maps writable only if exclusive (docs/model.md R38, R79)', () => {
    /** P wrote a page and forked C; kswapd swapped it out of both; P read it back (frame in the swap cache). */
    function swappedShared() {
        const s = new Scenario({ cpus: 2 }).process('p').kthread('kswapd');
        s.switch(0, 'p');
        s.switch(1, 'kswapd');
        s.mmap('p', BASE, PAGE);
        s.write('p', BASE);
        s.fork('p', 'c');
        s.op({ kind: 'swapout', mm: 'p', range: { start: BASE, size: PAGE }, by: { name: 'kswapd', thread: 0 } });
        const read = s.read('p', BASE);
        s.switch(1, 'c');
        return { s, read };
    }

    it('GIVEN the frame mapped by P and in the swap cache WHEN C writes it THEN swap-in read-only and a COW break in one fault', () => {
        const { s, read } = swappedShared();
        const write = s.write('c', BASE);
        const r = runScenario(s.build());
        // P's read: the swap slot has 2 refs (P, C): a new frame F2, left in the swap cache for C.
        expect(figuresOf(r, read)).toMatchObject({ pageFaults: 1, framesAllocated: 1 });
        // C's write: the slot's last ref, F2 from the swap cache (no frame), but F2 is mapped by P:
        // mapcount 1 + swap count 1 = 2, not exclusive: mapped read-only, then do_wp_page copies (R7):
        // cowFaults 1, a frame, a 1-page flush on C's CPU 1 (local invlpg 1). Walks: the failed one and
        // the retry, 4 refs each on x86_64 (the swap PTE is read at the last level).
        expect(figuresOf(r, write)).toEqual({
            accesses: 1,
            tlbMisses: 1,
            walks: 2,
            walkRefs: 8,
            pageFaults: 1,
            cowFaults: 1,
            framesAllocated: 1,
            invlpg: 1,
        });
        expect(r.errors).toEqual([]);
        expectInvariants(r);
    });

    it('GIVEN the frame only in the swap cache WHEN C writes it after P unmapped it THEN exclusive: writable, no copy', () => {
        const { s } = swappedShared();
        s.switch(0, 'p');
        s.munmap('p', BASE, PAGE);
        const write = s.write('c', BASE);
        const r = runScenario(s.build());
        // P's munmap dropped F2's mapping: mapcount 0 + swap count 1 = 1: exclusive, mapped writable at once.
        expect(figuresOf(r, write)).toEqual({ accesses: 1, tlbMisses: 1, walks: 2, walkRefs: 8, pageFaults: 1 });
    });
});

describe('split and placement costs (R29, R30)', () => {
    it('GIVEN 4G/4G WHEN a syscall and a page fault happen THEN each writes CR3 twice and flushes twice', () => {
        const s = new Scenario(
            { arch: 'i386', ramBytes: 2048n * MIB },
            { name: '4G/4G', pageOffset: 0n, taskSize: 0xff000000n, fourGFourG: true },
        ).process('a');
        s.switch(0, 'a');
        const sys = s.op({ kind: 'syscall', task: { name: 'a', thread: 0 } });
        s.mmap('a', BASE, PAGE);
        const w = s.write('a', BASE);
        const result = runScenario(s.build());
        // syscall priced 1 us + 3 us (4G/4G) + 2 full flushes of 96 cycles at 2.4 GHz (40 ns each).
        expect(result.statements.find(x => x.id === sys)!.figures).toEqual({
            syscalls: 1,
            cr3Writes: 2,
            fullFlushes: 2,
            estimatedTime: 4080,
        });
        expect(figuresOf(result, w)).toMatchObject({ pageFaults: 1, cr3Writes: 2, fullFlushes: 2 });
    });

    it('GIVEN pagetables highmem on i386 WHEN a fault, a fork and a munmap visit a PTE table THEN kmap_atomic each time', () => {
        const s = new Scenario({ arch: 'i386', ramBytes: 2048n * MIB }, { pagetables: 'highmem' }).process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, PAGE);
        const w = s.write('a', BASE);
        const f = s.fork('a', 'c');
        const u = s.munmap('a', BASE, PAGE);
        const result = runScenario(s.build());
        expect(figuresOf(result, w)).toMatchObject({ kmapAtomic: 1, invlpg: 1 }); // the fault's install
        expect(figuresOf(result, f)).toMatchObject({ kmapAtomic: 2 }); // parent and child PTE tables
        // munmap: zap visit 1 (kmap_atomic + its invlpg) + the flush of the 1 page (invlpg 1).
        expect(figuresOf(result, u)).toMatchObject({ kmapAtomic: 1, invlpg: 2 });
        // The PTE table lives in highmem: only the pgd counts in lowmem (setup 1 + child pgd 1).
        expect(result.totals.lowmemPages).toBe(2);
    });
});
