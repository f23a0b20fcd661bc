/**
 * Seed 003 replayed: the GRU's 2x2 (api x release placement), KVM's per-page secondary, and XPMEM's
 * sleeping notifier, accepted only with a mutex and range callouts. Figures worked out by hand in
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

describe('mmu-notifiers.mscn: the GRU regression suite', () => {
    // page (#v6): mprotect 1 chunk + 32 x (8 + 8) invalidate_page + fork 5 chunks (heap spans 3 PTE
    // tables) + 56 COW + 64 (heap hole) + 448 at exit (after-unmap only) + release 1.
    // range: 1 + 32 x 2 + 3 + 56 + 1 + 4 VMAs at exit (after-unmap only) + release 1.
    const A = 1 + 512 + 5 + 56 + 64 + 448 + 1; // 1,087
    const B = A - 448; // 639
    const C = 1 + 64 + 3 + 56 + 1 + 4 + 1; // 130
    const D = C - 4; // 126

    test('GIVEN the four APIs THEN GRU flush instructions are A 1,087, B 639, C 130, D 126', () => {
        expect([A, B, C, D]).toEqual([1087, 639, 130, 126]);
        expect(v.base['secondaryFlushes(gru)']).toBe(A);
        expect(v.page_before_unmap['secondaryFlushes(gru)']).toBe(B);
        expect(v.range_after_unmap['secondaryFlushes(gru)']).toBe(C);
        expect(v.range_before_unmap['secondaryFlushes(gru)']).toBe(D);
    });

    test('GIVEN #v6 THEN 1,080 invalidate_page and 6 chunk starts; Christoph: 125 pairs and no invalidate_page', () => {
        expect(v.base['calloutsInvalidatePage(gru)']).toBe(512 + 56 + 64 + 448);
        expect(v.base['calloutsRangeStart(gru)']).toBe(1 + 5);
        expect(v.range_before_unmap['calloutsInvalidatePage(gru)']).toBe(0);
        expect(v.range_before_unmap['calloutsRangeStart(gru)']).toBe(D - 1);
        expect(v.range_before_unmap['calloutsRangeEnd(gru)']).toBe(D - 1);
    });

    test('GIVEN the 2x2 THEN range callouts explain 957 (after) / 513 (before), release 448 / 4, interaction 444', () => {
        const g = (name: string) => v[name]['secondaryFlushes(gru)'];
        expect(g('base') - g('range_after_unmap')).toBe(957);
        expect(g('page_before_unmap') - g('range_before_unmap')).toBe(513);
        expect(g('base') - g('page_before_unmap')).toBe(448);
        expect(g('range_after_unmap') - g('range_before_unmap')).toBe(4);
        expect(g('base') - g('page_before_unmap') - g('range_after_unmap') + g('range_before_unmap')).toBe(444);
    });
});

describe('mmu-notifiers.mscn: KVM and XPMEM', () => {
    test('GIVEN a per-page secondary THEN range callouts cost the whole range: 16,385 against 1,025', () => {
        // page: madvise 1,024 present + (after-unmap) 7,936 - 1,024 at exit + release.
        expect(v.base['secondaryFlushes(kvm)']).toBe(1024 + 6912 + 1);
        expect(v.page_before_unmap['secondaryFlushes(kvm)']).toBe(1024 + 1);
        // range: madvise 16,384 pages + (after-unmap) the whole 65,536-page VMA + release.
        expect(v.range_after_unmap['secondaryFlushes(kvm)']).toBe(16384 + 65536 + 1);
        expect(v.range_before_unmap['secondaryFlushes(kvm)']).toBe(16384 + 1);
    });

    test('GIVEN a sleeping notifier with a mutex and range THEN 4,097 instructions in every variant', () => {
        for (const name of ['base', 'page_before_unmap', 'range_after_unmap', 'range_before_unmap']) {
            expect(v[name]['secondaryFlushes(xpmem)']).toBe(2048 + 2048 + 1);
        }
    });

    test('GIVEN XPMEM with locking rcu THEN mscn check rejects it on the locking line', () => {
        const { dir, file } = editedExample('mmu-notifiers.mscn', t => t.replace('    locking mutex', '    locking rcu'));
        expect(mscn(['check', file], dir)).toEqual({
            status: 1, stderr: '',
            stdout: 'mmu-notifiers.mscn:83:5: error: a sleeping notifier cannot use rcu locking: its callouts would schedule inside rcu_read_lock (use locking mutex)\n',
        });
    });

    test('GIVEN XPMEM with api page THEN mscn check rejects it on the api line', () => {
        const { dir, file } = editedExample('mmu-notifiers.mscn', t => {
            const at = t.indexOf('notifier xpmem on xpmem_job {');
            return t.slice(0, at) + t.slice(at).replace('    api range\n', '    api page\n');
        });
        expect(mscn(['check', file], dir)).toEqual({
            status: 1, stderr: '',
            stdout: 'mmu-notifiers.mscn:80:5: error: a sleeping notifier cannot use api page: invalidate_page is called under the PT lock, in atomic context (use api range or interval)\n',
        });
    });
});
