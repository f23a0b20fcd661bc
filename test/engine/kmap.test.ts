import { describe, it, expect } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import { Kernel } from '../../language/src/engine/kernel.js';
import { KmapPool, globalWrapFlush } from '../../language/src/engine/kmap.js';
import { FIG } from '../../language/src/engine/counters.js';
import type { MachineConfig, SplitConfig } from '../../language/src/engine/scenario.js';
import { Scenario, PAGE, MIB, machine, splitFor, task } from './builders.js';
import { figuresOf } from './helpers.js';

const BASE = 0x10000000n;

describe('persistent kmap pool (R31)', () => {
    function pool() {
        const k = new Kernel(machine({ arch: 'i386', cpus: 2, ramBytes: 2048n * MIB }), splitFor('i386'), {
            budget: 1e9,
            maxEvents: 100,
        });
        return { k, pool: new KmapPool(4, globalWrapFlush), cpu: k.cpus[0] };
    }

    it('GIVEN a 4-slot pool WHEN it wraps with a count-1 slot THEN one global flush on every CPU and the slot is reused', () => {
        const { k, pool: p, cpu } = pool();
        // Pre-increment from 0: slots 1, 2, 3 first.
        expect([10, 11, 12].map(f => p.map(k, cpu, f))).toEqual([1, 2, 3]);
        expect(p.map(k, cpu, 10)).toBe(1); // already mapped: count 3
        p.unmap(10);
        p.unmap(10); // count 1: mapped, unused
        // Next index wraps to 0: flush_all_zero_pkmaps frees slot 1 and flushes: 2 CPUs, 1 IPI.
        expect(p.map(k, cpu, 13)).toBe(0);
        const t = k.counters.total;
        expect([t[FIG.kmapWrapFlushes], t[FIG.globalFlushes], t[FIG.ipis], t[FIG.shootdowns]]).toEqual([1, 2, 1, 1]);
        expect(p.map(k, cpu, 14)).toBe(1);
    });

    it('GIVEN a full pool with no count-1 slot WHEN mapped again THEN no flush and the task would sleep', () => {
        const { k, pool: p, cpu } = pool();
        for (const f of [10, 11, 12, 13]) p.map(k, cpu, f); // slots 1, 2, 3, then 0 after a wrap that freed nothing
        expect(p.map(k, cpu, 14)).toBe(-1);
        expect(k.counters.total[FIG.kmapWrapFlushes]).toBe(0);
    });

    it('GIVEN i386 with highmem WHEN a user page is kmapped, and on x86_64 THEN highmem takes a slot, lowmem is free', () => {
        // R41: kmap_high takes the global kmap_lock (1 acquisition, no bounce: the first); R90: x86_64 takes none.
        for (const [arch, ram, expected] of [
            ['i386', 2048n * MIB, { kmapLockAcquisitions: 1 }],
            ['x86_64', 4096n * MIB, { kmapLowmem: 1 }],
        ] as const) {
            const s = new Scenario({ arch, ramBytes: ram }).process('a');
            s.switch(0, 'a');
            s.mmap('a', BASE, PAGE);
            s.write('a', BASE);
            const id = s.op({ kind: 'kmap', task: { name: 'a', thread: 0 }, address: BASE });
            const atomic = s.op({ kind: 'kmap-atomic', task: { name: 'a', thread: 0 }, address: BASE });
            const result = runScenario(s.build());
            expect(figuresOf(result, id)).toEqual(expected);
            if (arch === 'i386') expect(figuresOf(result, atomic)).toEqual({ kmapAtomic: 1, invlpg: 1 });
        }
    });
});

describe('copy_to_user', () => {
    it('GIVEN 3G/1G WHEN copying to 2 untouched pages THEN two write accesses through the user mapping', () => {
        const s = new Scenario({ arch: 'i386', ramBytes: 2048n * MIB }).process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, 2n * PAGE);
        const id = s.op({
            kind: 'copy-to-user',
            task: { name: 'a', thread: 0 },
            range: { start: BASE, size: 2n * PAGE },
        });
        const result = runScenario(s.build());
        // i386: first walk 1 ref (empty pgd entry), PTE table allocated, retry 2; second page 2 + 2.
        expect(figuresOf(result, id)).toEqual({
            accesses: 2,
            tlbMisses: 2,
            walks: 4,
            walkRefs: 7,
            pageFaults: 2,
            framesAllocated: 2,
            ptPagesAllocated: 1,
            lowmemPages: 1,
        });
    });

    it('GIVEN 4G/4G WHEN copying to an untouched page THEN the syscall and its fault (2 + 2 CR3 writes) and a copy under kmap_atomic', () => {
        const s = new Scenario(
            { arch: 'i386', ramBytes: 2048n * MIB },
            { name: '4G/4G', pageOffset: 0n, taskSize: 0xff000000n, fourGFourG: true },
        ).process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, PAGE);
        const id = s.op({ kind: 'copy-to-user', task: { name: 'a', thread: 0 }, range: { start: BASE, size: PAGE } });
        const result = runScenario(s.build());
        expect(figuresOf(result, id)).toEqual({
            // R34/R82: copy_to_user is a system call (+2/+2), and its fault enters the kernel again (+2/+2).
            pageFaults: 1,
            cr3Writes: 4,
            fullFlushes: 4,
            framesAllocated: 1,
            ptPagesAllocated: 1,
            lowmemPages: 1,
            walks: 1,
            walkRefs: 2,
            kmapAtomic: 1,
            invlpg: 1,
        });
    });
});

/** i386, 2 GiB: user frames are highmem, so kmap takes a pool slot. */
function highmemBox(cpus: number, overrides: Partial<MachineConfig> = {}, split?: Partial<SplitConfig>): Scenario {
    return new Scenario({ arch: 'i386', ramBytes: 2048n * MIB, cpus, ...overrides }, split);
}

function kop(s: Scenario, kind: 'kmap' | 'kunmap', who: string, address: bigint, access = false): number {
    return s.op({ kind, task: task(who), address, access });
}

describe('kmap locks (R41, R67)', () => {
    it('GIVEN the global pool and two CPUs WHEN they take turns THEN every kmap and kunmap takes kmap_lock; a change of CPU bounces it', () => {
        const s = highmemBox(2).process('a').process('b');
        s.switch(0, 'a');
        s.switch(1, 'b');
        s.mmap('a', BASE, PAGE);
        s.mmap('b', BASE, PAGE);
        s.write('a', BASE);
        s.write('b', BASE);
        // CPU 0 first (no previous acquirer: no bounce), then CPU 1 (bounce), CPU 1 again, CPU 0 (bounce).
        const ids = [
            kop(s, 'kmap', 'a', BASE),
            kop(s, 'kmap', 'b', BASE),
            kop(s, 'kunmap', 'b', BASE),
            kop(s, 'kunmap', 'a', BASE),
        ];
        const r = runScenario(s.build());
        expect(ids.map(id => figuresOf(r, id))).toEqual([
            { kmapLockAcquisitions: 1 },
            { kmapLockAcquisitions: 1, kmapLockBounces: 1 },
            { kmapLockAcquisitions: 1 },
            { kmapLockAcquisitions: 1, kmapLockBounces: 1 },
        ]);
    });

    it("GIVEN a per-task pool THEN no lock at all; a per-mm pool THEN its own lock, bouncing between the threads' CPUs", () => {
        for (const scope of ['per-task', 'per-mm'] as const) {
            const ukva = { start: 0xbf000000n, size: 4n * MIB, scope, holdsPageTables: false, kmapSlots: 8 };
            const s = highmemBox(2, {}, { ukva }).process('a', 2);
            s.switch(0, 'a.0');
            s.switch(1, 'a.1');
            s.mmap('a', BASE, PAGE);
            s.write('a', BASE);
            kop(s, 'kmap', 'a.0', BASE);
            kop(s, 'kmap', 'a.1', BASE);
            const t = runScenario(s.build()).totals;
            // per-mm: 2 acquisitions of the mm's lock, CPU 0 then CPU 1: 1 bounce.
            expect([t.kmapLockAcquisitions, t.kmapLockBounces]).toEqual(scope === 'per-task' ? [0, 0] : [2, 1]);
        }
    });
});

describe('pool wraps (R31, R42, R43) and sleeps (R88)', () => {
    /**
     * pkmapSlots 2: slot 1 first; kunmap leaves it at count 1; the next kmap's index wraps to 0:
     * flush_all_zero_pkmaps frees slot 1 and flushes every CPU, then the scan takes slot 0.
     */
    function wrap(globalPages: boolean) {
        const s = highmemBox(3, { pkmapSlots: 2, globalPages }).process('a').process('b').kthread('kd');
        s.switch(2, 'b');
        s.mmap('b', BASE, PAGE);
        s.write('b', BASE); // 1 user entry on CPU 2
        s.switch(2, 'kd'); // CPU 2 lazy in b's mm
        s.switch(0, 'a');
        s.mmap('a', BASE, 2n * PAGE);
        s.write('a', BASE, 2n * PAGE); // 2 user entries on CPU 0
        kop(s, 'kmap', 'a', BASE);
        kop(s, 'kunmap', 'a', BASE);
        const id = kop(s, 'kmap', 'a', BASE + PAGE);
        return figuresOf(runScenario(s.build()), id);
    }

    it('GIVEN PGE WHEN the global pool wraps THEN a global flush on each of 3 CPUs, 2 IPIs, and the lazy CPU leaves the mm', () => {
        // flush_tlb_all: 3 globalFlushes dropping 2 + 1 entries; CPU 1 idle since boot has no mm;
        // CPU 2 (lazy in b) calls leave_mm: a CR3 write with its full flush (R15, R19).
        expect(wrap(true)).toEqual({
            kmapLockAcquisitions: 1,
            kmapWrapFlushes: 1,
            globalFlushes: 3,
            tlbEntriesDropped: 3,
            ipis: 2,
            shootdowns: 1,
            cr3Writes: 1,
            fullFlushes: 1,
        });
    });

    it('GIVEN no PGE WHEN the global pool wraps THEN each CPU reloads CR3 instead: full flushes, no global flush', () => {
        expect(wrap(false)).toEqual({
            kmapLockAcquisitions: 1,
            kmapWrapFlushes: 1,
            fullFlushes: 3 + 1,
            tlbEntriesDropped: 3,
            ipis: 2,
            shootdowns: 1,
            cr3Writes: 1,
        });
    });

    it('GIVEN a per-task pool WHEN it wraps THEN one full flush of that root on its CPU, no IPI, no lock (R43)', () => {
        const ukva = {
            start: 0xbf000000n,
            size: 4n * MIB,
            scope: 'per-task' as const,
            holdsPageTables: false,
            kmapSlots: 2,
        };
        const s = highmemBox(2, {}, { ukva }).process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, 2n * PAGE);
        s.write('a', BASE, 2n * PAGE);
        kop(s, 'kmap', 'a', BASE);
        kop(s, 'kunmap', 'a', BASE);
        const id = kop(s, 'kmap', 'a', BASE + PAGE);
        // The 2 user entries of a's write go with the local full flush.
        expect(figuresOf(runScenario(s.build()), id)).toEqual({
            kmapWrapFlushes: 1,
            fullFlushes: 1,
            tlbEntriesDropped: 2,
        });
    });

    it('GIVEN 2 slots both in use WHEN a third frame is kmapped THEN it would sleep: one lock, kmapSleeps, an error, no flush', () => {
        const s = highmemBox(1, { pkmapSlots: 2 }).process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, 3n * PAGE);
        s.write('a', BASE, 3n * PAGE);
        kop(s, 'kmap', 'a', BASE); // slot 1
        kop(s, 'kmap', 'a', BASE + PAGE); // wrap to 0: nothing at count 1, no flush; slot 0
        const id = kop(s, 'kmap', 'a', BASE + 2n * PAGE); // 1 busy, wrap, 0 busy, 1 busy: sleep
        const r = runScenario(s.build());
        expect(figuresOf(r, id)).toEqual({ kmapLockAcquisitions: 1, kmapSleeps: 1 });
        expect(r.totals.kmapWrapFlushes).toBe(0);
        expect(r.errors.map(e => e.message)).toEqual(['kmap: no free pkmap slot of 2: the task would sleep']);
    });

    it('GIVEN a pool that slept WHEN slots free up THEN the scan resumes after the last slot tested (R88)', () => {
        const k = new Kernel(machine({ arch: 'i386', ramBytes: 2048n * MIB }), splitFor('i386'), {
            budget: 1e9,
            maxEvents: 100,
        });
        const p = new KmapPool(3, globalWrapFlush);
        const cpu = k.cpus[0];
        expect([10, 11, 12].map(f => p.map(k, cpu, f))).toEqual([1, 2, 0]);
        // Tested 1, 2, (wrap) 0, 1, 2: the index is left on 2.
        expect(p.map(k, cpu, 13)).toBe(-1);
        p.unmap(11); // slot 2 to count 1
        p.unmap(10); // slot 1 to count 1
        // From 2 the next index is 0 (wrap: slots 1 and 2 freed, one flush); slot 0 is busy, so slot 1.
        expect(p.map(k, cpu, 13)).toBe(1);
        expect(k.counters.total[FIG.kmapWrapFlushes]).toBe(1);
    });
});

describe('UKVA window kmap slots are never global (R43, R65)', () => {
    it('GIVEN a per-mm window slot read WHEN the CPU switches away and back THEN the window entry is gone: a 2-ref miss', () => {
        const ukva = {
            start: 0xbf000000n,
            size: 4n * MIB,
            scope: 'per-mm' as const,
            holdsPageTables: false,
            kmapSlots: 8,
        };
        const s = highmemBox(1, {}, { ukva, taskSize: 0xbf000000n }).process('a').process('b'); // at user-top (R46)
        s.switch(0, 'a');
        s.mmap('a', BASE, PAGE);
        s.write('a', BASE);
        kop(s, 'kmap', 'a', BASE, true); // slot 1 at 0xBF001000: a 2-ref walk, a non-global fill
        const hit = s.op({
            kind: 'kernel-access',
            access: 'read',
            task: task('a'),
            range: { start: 0xbf001000n, size: 1n },
            stride: PAGE,
        });
        s.switch(0, 'b');
        s.switch(0, 'a');
        const miss = s.op({
            kind: 'kernel-access',
            access: 'read',
            task: task('a'),
            range: { start: 0xbf001000n, size: 1n },
            stride: PAGE,
        });
        const r = runScenario(s.build());
        expect(figuresOf(r, hit)).toEqual({ accesses: 1, tlbHits: 1 });
        expect(figuresOf(r, miss)).toEqual({ accesses: 1, tlbMisses: 1, walks: 1, walkRefs: 2 });
    });
});
