/**
 * Seeds 000-002 replayed: 101 processes sharing a 1.5 GiB SGA on a 64 GiB PAE NUMA-Q, page tables
 * in lowmem, highmem, a per-mm and a per-task UKVA window; and the lowmem wall with 126 servers.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { editedExample, mscn, runJson } from './run-example.js';

type Totals = Record<string, number>;
let v: Record<string, Totals> = {};

beforeAll(() => {
    const r = runJson('examples/ukva.mscn');
    expect(r.status).toBe(0);
    v = r.totals.many;
}, 120_000); // six variants of 101 processes: seconds of CPU, more on a shared machine

describe('ukva.mscn', () => {
    test('GIVEN tables in lowmem THEN 77,974 lowmem pages: 101 x (1 pgd + 3 PMDs + 768 PTE) + 2', () => {
        expect(v.base.lowmemPages).toBe(101 * (1 + 3 + 768) + 2);
        expect(v.base.kmapAtomic).toBe(0);
        // The global pool's one wrap: a global flush on all 16 CPUs.
        expect([v.base.kmapWrapFlushes, v.base.globalFlushes]).toEqual([1, 16]);
    });

    test('GIVEN CONFIG_HIGHPTE THEN 404 lowmem pages but 79,784 kmap_atomic, each with its invlpg', () => {
        expect(v.highmem.lowmemPages).toBe(101 * 4);
        expect(v.highmem.kmapAtomic).toBe(101 * 768 + 600 + 16 * 101);
        expect(v.highmem.invlpg - v.base.invlpg).toBe(v.highmem.kmapAtomic);
    });

    test('GIVEN a per-mm window THEN only kswapd pays kmap_atomic; the pool locks 1,200 times; no global flush', () => {
        const t = v.ukva_per_mm;
        // R45: 2048 window pages / 512 PTEs = 4 lowmem tables per mm.
        expect([t.lowmemPages, t.kmapAtomic, t.kmapLockAcquisitions, t.globalFlushes]).toEqual([
            404 + 101 * 4,
            16 * 101,
            1200,
            0,
        ]);
        // R51: kernel VA for tables = the lowmem tables + the window's 1536-page table part, once.
        expect(t.ptKernelVaBytes).toBe((808 + 1536) * 4096);
        expect(t.ptHighmemBytes).toBe((101 * 768 + 2) * 4096);
    });

    test('GIVEN a per-task window THEN a kernel PMD copy and 4 window tables per task, 3 more pgds, 200 more CR3 writes and flushes, no lock', () => {
        const t = v.ukva_per_task;
        expect(t.lowmemPages).toBe(404 + 104 * (1 + 4) + 3);
        expect(t.cr3Writes - v.ukva_per_mm.cr3Writes).toBe(200);
        // R48: the 4 pages touched after each of the 200 thread switches refill, but for the first
        // touch, which misses in every design.
        expect(t.tlbMisses - v.ukva_per_mm.tlbMisses).toBe(200 * 4 - 4);
        // 200 thread-switch flushes, less 1: the per-mm wrap (512 pages > the ceiling) is a full flush
        // on db's 2 CPUs, the per-task wrap one on the local CPU only.
        expect(t.fullFlushes - v.ukva_per_mm.fullFlushes).toBe(200 - 1);
        expect([t.kmapLockAcquisitions, t.kmapAtomic, t.kmapWrapFlushes]).toEqual([0, 1616, 1]);
    });

    test('GIVEN per-task on two-level i386 THEN each user pgd entry db writes is copied to its 3 other pgds', () => {
        const t = v.ukva_per_task_i386;
        // R69: 1536 MiB / 4 MiB = 384 SGA tables + 1 block table, x (4 threads - 1).
        expect(t.pgdSyncs).toBe((384 + 1) * 3);
        // 101 pgds + db's 3 own + 104 tasks x ceil(1280 / 1024) window tables.
        expect(t.lowmemPages).toBe(101 + 3 + 104 * 2);
    });

    test("GIVEN 2.4's 48-byte struct page THEN mem_map is 768 MiB and the mainline box runs out at the 42nd server", () => {
        const t = v.struct_page_2_4;
        // At the end: 77,974 tables + 105 x 2 stack pages + 196,608 mem_map pages - 229,376 lowmem.
        expect(t.lowmemExhausted).toBe(77974 + 210 + 196608 - 229376);
        expect(t.lowmemPages).toBe(v.base.lowmemPages);
    });

    test('GIVEN 126 servers THEN lowmem runs out on the 126th server touch, with 127 processes', () => {
        const { dir, file } = editedExample('ukva.mscn', t =>
            t.replace('repeat 100 {\n        fork', 'repeat 126 {\n        fork'),
        );
        // Lowmem 229,376 pages - mem_map 131,072 - 131 stacks x 2 = 98,042 pages for tables; the
        // 98,043rd (383.0 MiB, rounded up to 0.1) crosses it: (1 + 125) x 772 + 4 + 767.
        expect(229376 - 131072 - 131 * 2).toBe(98042);
        expect((1 + 125) * 772 + 4 + 767).toBe(98043);
        const r = mscn(['run', file], dir);
        expect(r.status).toBe(1);
        const line =
            readFileSync(join(dir, file), 'utf8')
                .split('\n')
                .findIndex(l => l.includes('touch server sga')) + 1;
        expect(r.stdout).toContain(
            `ukva.mscn:${line}:9: error: lowmem exhausted: 383 MiB of page tables for 127 processes` +
                ' + 512 MiB mem_map + 1.1 MiB of kernel stacks for 131 tasks > 896 MiB of lowmem (variant base)\n',
        );
        expect(r.stdout.match(/error: lowmem exhausted/g)).toHaveLength(1);
    }, 120_000);
});
