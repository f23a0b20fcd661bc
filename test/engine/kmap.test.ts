import { describe, it, expect } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import { Kernel } from '../../language/src/engine/kernel.js';
import { KmapPool, globalWrapFlush } from '../../language/src/engine/kmap.js';
import { FIG } from '../../language/src/engine/counters.js';
import { Scenario, PAGE, MIB, machine, splitFor } from './builders.js';
import { figuresOf } from './helpers.js';

const BASE = 0x10000000n;

describe('persistent kmap pool (R31)', () => {
    function pool() {
        const k = new Kernel(machine({ arch: 'i386', cpus: 2, ramBytes: 2048n * MIB }), splitFor('i386'), { budget: 1e9, maxEvents: 100 });
        return { k, pool: new KmapPool(4, globalWrapFlush), cpu: k.cpus[0] };
    }

    it('GIVEN a 4-slot pool WHEN it wraps with a count-1 slot THEN one global flush on every CPU and the slot is reused', () => {
        const { k, pool: p, cpu } = pool();
        // Pre-increment from 0: slots 1, 2, 3 first.
        expect([10, 11, 12].map((f) => p.map(k, cpu, f))).toEqual([1, 2, 3]);
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
        for (const [arch, ram, expected] of [['i386', 2048n * MIB, {}], ['x86_64', 4096n * MIB, { kmapLowmem: 1 }]] as const) {
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
        const id = s.op({ kind: 'copy-to-user', task: { name: 'a', thread: 0 }, range: { start: BASE, size: 2n * PAGE } });
        const result = runScenario(s.build());
        // i386: first walk 1 ref (empty pgd entry), PTE table allocated, retry 2; second page 2 + 2.
        expect(figuresOf(result, id)).toEqual({
            accesses: 2, tlbMisses: 2, walks: 4, walkRefs: 7, pageFaults: 2, framesAllocated: 2, ptPagesAllocated: 1, lowmemPages: 1,
        });
    });

    it('GIVEN 4G/4G WHEN copying to an untouched page THEN the syscall and its fault (2 + 2 CR3 writes) and a copy under kmap_atomic', () => {
        const s = new Scenario({ arch: 'i386', ramBytes: 2048n * MIB }, { name: '4G/4G', pageOffset: 0n, taskSize: 0xff000000n, fourGFourG: true }).process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, PAGE);
        const id = s.op({ kind: 'copy-to-user', task: { name: 'a', thread: 0 }, range: { start: BASE, size: PAGE } });
        const result = runScenario(s.build());
        expect(figuresOf(result, id)).toEqual({
            // R34/R82: copy_to_user is a system call (+2/+2), and its fault enters the kernel again (+2/+2).
            pageFaults: 1, cr3Writes: 4, fullFlushes: 4, framesAllocated: 1, ptPagesAllocated: 1, lowmemPages: 1,
            walks: 1, walkRefs: 2, kmapAtomic: 1, invlpg: 1,
        });
    });
});
