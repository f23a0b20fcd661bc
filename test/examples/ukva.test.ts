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
});

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
        expect([t.lowmemPages, t.kmapAtomic, t.kmapLockAcquisitions, t.globalFlushes]).toEqual([404, 16 * 101, 1200, 0]);
    });

    test('GIVEN a per-task window THEN 2 pages per task, 200 more CR3 writes and flushes, no lock', () => {
        const t = v.ukva_per_task;
        expect(t.lowmemPages).toBe(404 + 104 * 2);
        expect(t.cr3Writes - v.ukva_per_mm.cr3Writes).toBe(200);
        // 200 thread-switch flushes, less 1: the per-mm wrap (512 pages > the ceiling) is a full flush
        // on db's 2 CPUs, the per-task wrap one on the local CPU only.
        expect(t.fullFlushes - v.ukva_per_mm.fullFlushes).toBe(200 - 1);
        expect([t.kmapLockAcquisitions, t.kmapAtomic, t.kmapWrapFlushes]).toEqual([0, 1616, 1]);
    });

    test('GIVEN 126 servers THEN lowmem runs out on the 126th server touch, with 127 processes', () => {
        const { dir, file } = editedExample('ukva.mscn', t => t.replace('repeat 100 {\n        fork', 'repeat 126 {\n        fork'));
        // Lowmem 229,376 pages - mem_map 131,072 - 131 stacks x 2 = 98,042 pages for tables; the
        // 98,043rd (383.0 MiB, rounded up to 0.1) crosses it: (1 + 125) x 772 + 4 + 767.
        expect(229376 - 131072 - 131 * 2).toBe(98042);
        expect((1 + 125) * 772 + 4 + 767).toBe(98043);
        const r = mscn(['run', file], dir);
        expect(r.status).toBe(1);
        const line = readFileSync(join(dir, file), 'utf8').split('\n').findIndex(l => l.includes('touch server sga')) + 1;
        expect(r.stdout).toContain(`ukva.mscn:${line}:9: error: lowmem exhausted: 383 MiB of page tables for 127 processes`
            + ' + 512 MiB mem_map + 1.1 MiB of kernel stacks for 131 tasks > 896 MiB of lowmem (variant base)\n');
        expect(r.stdout.match(/lowmem exhausted/g)).toHaveLength(1);
    });
});
