/**
 * Seed 003 replayed: the GRU's 2x2 (api x release placement) on two workloads, KVM's per-page secondary
 * (lookups and one flush per callout, R52), and XPMEM's sleeping notifier, accepted only with a mutex and
 * range callouts, and stopped by swap-out's atomic invalidate_page (R53). Figures worked out by hand in
 * examples/mmu-notifiers.mscn; the arithmetic is repeated here.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { editedExample, mscn, runJson } from './run-example.js';

type Totals = Record<string, number>;
let v: Record<string, Totals> = {};

beforeAll(() => {
    const r = runJson('examples/mmu-notifiers.mscn');
    expect(r.status).toBe(0);
    v = r.totals.thread_2008;
});

describe('mmu-notifiers.mscn: the GRU regression suite (long-lived, many partial munmaps)', () => {
    // The GRU keeps 256 heap pages mapped all run long, so every callout costs it (R71).
    // page: 64 test cases x (8 + 8) invalidate_pages + 256 at exit (after-unmap only) + release 1.
    // range: 64 x 2 pairs (8 pages each: 1 instruction) + 1 pair over the 1,024-page heap at exit
    // (after-unmap only) + release 1.
    const A = 64 * 16 + 256 + 1; // 1,281
    const B = A - 256; // 1,025
    const C = 64 * 2 + 1 + 1; // 130
    const D = C - 1; // 129

    test('GIVEN the four APIs THEN GRU flush instructions are A 1,281, B 1,025, C 130, D 129', () => {
        expect([A, B, C, D]).toEqual([1281, 1025, 130, 129]);
        expect(v.base['secondaryFlushes(gru)']).toBe(A);
        expect(v.page_before_unmap['secondaryFlushes(gru)']).toBe(B);
        expect(v.range_after_unmap['secondaryFlushes(gru)']).toBe(C);
        expect(v.range_before_unmap['secondaryFlushes(gru)']).toBe(D);
    });

    test('GIVEN #v6 THEN 1,280 invalidate_page; Christoph: 128 pairs and no invalidate_page', () => {
        expect(v.base['calloutsInvalidatePage(gru)']).toBe(64 * 16 + 256);
        expect(v.range_before_unmap['calloutsInvalidatePage(gru)']).toBe(0);
        expect(v.range_before_unmap['calloutsRangeStart(gru)']).toBe(D - 1);
        expect(v.range_before_unmap['calloutsRangeEnd(gru)']).toBe(D - 1);
    });

    test('GIVEN the 2x2 THEN range callouts 1,151 / 896, release 256 / 1, interaction 255; averaged over both orders 1,023.5 vs 128.5', () => {
        const g = (name: string) => v[name]['secondaryFlushes(gru)'];
        const range = [g('base') - g('range_after_unmap'), g('page_before_unmap') - g('range_before_unmap')];
        const release = [g('base') - g('page_before_unmap'), g('range_after_unmap') - g('range_before_unmap')];
        expect([range, release, release[0] - release[1]]).toEqual([[1151, 896], [256, 1], 255]);
        // The Shapley split: each difference's saving averaged over the order they are applied in.
        expect([(range[0] + range[1]) / 2, (release[0] + release[1]) / 2]).toEqual([1023.5, 128.5]);
        expect((range[0] + range[1]) / 2 + (release[0] + release[1]) / 2).toBe(g('base') - g('range_before_unmap'));
    });
});

describe('mmu-notifiers.mscn: short-lived GRU users (50 processes: mmap 1 MiB, touch, exit)', () => {
    // Per process: #v6 256 invalidate_pages at teardown + release; range 1 pair + release;
    // before-unmap: the release alone, the teardown's callouts never reach the disarmed notifier.
    test('GIVEN the four APIs THEN 12,850 / 50 / 100 / 50 instructions', () => {
        expect(
            ['base', 'page_before_unmap', 'range_after_unmap', 'range_before_unmap'].map(
                n => v[n]['secondaryFlushes(gru_jobs)'],
            ),
        ).toEqual([50 * 257, 50 * 1, 50 * 2, 50 * 1]);
        expect(v.base['calloutsRelease(gru_jobs)']).toBe(50);
    });

    test('GIVEN the 2x2 THEN range 12,750 / 0, release 12,800 / 50: half and half averaged over both orders', () => {
        const g = (name: string) => v[name]['secondaryFlushes(gru_jobs)'];
        const range = [g('base') - g('range_after_unmap'), g('page_before_unmap') - g('range_before_unmap')];
        const release = [g('base') - g('page_before_unmap'), g('range_after_unmap') - g('range_before_unmap')];
        expect([range, release]).toEqual([
            [12750, 0],
            [12800, 50],
        ]);
        expect([(range[0] + range[1]) / 2, (release[0] + release[1]) / 2]).toEqual([6375, 6425]);
    });
});

describe('mmu-notifiers.mscn: KVM and XPMEM', () => {
    test('GIVEN a per-page secondary THEN range callouts cost lookups, not flushes: 3 flushes and 81,920 lookups against 4,097 flushes (R52)', () => {
        // page: madvise 2,048 present pages, each a lookup and a flush; exit (after-unmap) the other
        // 2,048 the same way; release 1. range: one pair over 16,384 pages (1 flush), at exit (after-unmap)
        // one pair over the 65,536-page VMA (1 flush), release 1.
        const k = (name: string) => [
            v[name]['secondaryFlushes(kvm)'],
            v[name]['secondaryPagesScanned(kvm)'],
            v[name]['secondaryPagesInvalidated(kvm)'],
        ];
        expect(k('base')).toEqual([2048 + 2048 + 1, 4096, 4096]);
        expect(k('page_before_unmap')).toEqual([2048 + 1, 2048, 2048]);
        expect(k('range_after_unmap')).toEqual([1 + 1 + 1, 16384 + 65536, 4096]);
        expect(k('range_before_unmap')).toEqual([1 + 1, 16384, 2048]);
    });

    test("GIVEN KVM's time at 2 us a flush and 10 ns a lookup (R72) THEN range callouts are 10x cheaper for it too", () => {
        const ns = (name: string) =>
            v[name]['secondaryFlushes(kvm)'] * 2000 + v[name]['secondaryPagesScanned(kvm)'] * 10;
        expect(['base', 'page_before_unmap', 'range_after_unmap', 'range_before_unmap'].map(ns)).toEqual([
            8_234_960, 4_118_480, 825_200, 167_840,
        ]);
        expect(v.range_after_unmap['estimatedTime(kvm)']).toBe(825_200);
    });

    test('GIVEN XPMEM (sleeps, mutex, range) WHEN kswapd swaps out an exported page THEN sleepsInAtomic 1 and the run ends there', () => {
        for (const name of ['base', 'page_before_unmap', 'range_after_unmap', 'range_before_unmap']) {
            // mprotect and munmap of 8 MiB: one pair each, 2,048 lookups and 1 flush each; swap-out's
            // first invalidate_page is counted, then the error: no flush, no release (the run ended).
            expect([
                v[name]['secondaryFlushes(xpmem)'],
                v[name]['secondaryPagesScanned(xpmem)'],
                v[name]['calloutsInvalidatePage(xpmem)'],
                v[name]['sleepsInAtomic(xpmem)'],
                v[name]['calloutsRelease(xpmem)'],
            ]).toEqual([2, 4096, 1, 1, 0]);
        }
    });

    test('GIVEN mscn run THEN the XPMEM error is reported as expected, and nothing else', () => {
        const r = mscn(['run', 'examples/mmu-notifiers.mscn']);
        expect(r.status).toBe(0);
        expect(r.stdout.split('\n').filter(l => /: (error|warning|info):/.test(l))).toEqual([
            'examples/mmu-notifiers.mscn:153:5: info: as expected: xpmem would sleep in atomic context: ' +
                'swap-out holds the PT lock',
        ]);
    });

    test('GIVEN XPMEM with locking rcu THEN mscn check rejects it on the locking line', () => {
        const { dir, file } = editedExample('mmu-notifiers.mscn', t =>
            t.replace('    locking mutex', '    locking rcu'),
        );
        expect(mscn(['check', file], dir)).toEqual({
            status: 1,
            stderr: '',
            stdout:
                'mmu-notifiers.mscn:107:5: error: a sleeping notifier cannot use rcu locking: its callouts ' +
                'would schedule inside rcu_read_lock (use locking mutex)\n',
        });
    });

    test('GIVEN XPMEM with api page THEN mscn check rejects it on the api line', () => {
        const { dir, file } = editedExample('mmu-notifiers.mscn', t => {
            const at = t.indexOf('notifier xpmem on xpmem_job {');
            return t.slice(0, at) + t.slice(at).replace('    api range\n', '    api page\n');
        });
        expect(mscn(['check', file], dir)).toEqual({
            status: 1,
            stderr: '',
            stdout:
                'mmu-notifiers.mscn:104:5: error: a sleeping notifier cannot use api page: invalidate_page ' +
                'is called under the PT lock, in atomic context (use api range or interval)\n',
        });
    });
});
