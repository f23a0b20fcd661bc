import { describe, it, expect } from 'vitest';
import { runScenario, type RunResult } from '../../language/src/engine/index.js';
import type { NotifierConfig } from '../../language/src/engine/scenario.js';
import { Scenario, PAGE } from './builders.js';
import { figuresOf } from './helpers.js';

const BASE = 0x10000000n;
type Pick = 'calloutsInvalidatePage' | 'calloutsRangeStart' | 'calloutsRangeEnd' | 'calloutsRelease' | 'secondaryFlushes' | 'secondaryPagesInvalidated';

/** GRU-like secondary (range flush, GRUMAXINVAL 1024 = full purge past it): 64 pages written, 16 unmapped, exit. */
function workload(n: Partial<NotifierConfig>): RunResult {
    const s = new Scenario().process('a').notifier({ name: 'gru', mm: 'a', ...n });
    s.switch(0, 'a');
    s.mmap('a', BASE, 64n * PAGE);
    s.write('a', BASE, 64n * PAGE);
    s.munmap('a', BASE + 16n * PAGE, 16n * PAGE);
    s.exit('a');
    return runScenario(s.build());
}

function callouts(result: RunResult): Partial<Record<Pick, number>> {
    const f = result.perNotifier.gru;
    const out: Partial<Record<Pick, number>> = {};
    for (const k of ['calloutsInvalidatePage', 'calloutsRangeStart', 'calloutsRangeEnd', 'calloutsRelease', 'secondaryFlushes', 'secondaryPagesInvalidated'] as Pick[]) {
        if (f[k] !== 0) out[k] = f[k];
    }
    return out;
}

describe('MMU notifiers on mmap, write 64, munmap 16, exit (section 7, R23-R26)', () => {
    it('GIVEN page + after-unmap (#v6) THEN one invalidate_page per cleared PTE, teardown included', () => {
        // munmap: 16 present PTEs; exit zaps the two remaining VMAs: 16 + 32; release last: 1 flush.
        expect(callouts(workload({ api: 'page', release: 'after-unmap' }))).toEqual({
            calloutsInvalidatePage: 64, calloutsRelease: 1, secondaryFlushes: 65, secondaryPagesInvalidated: 64,
        });
    });

    it('GIVEN range + before-unmap THEN one pair for the munmap and the release disarms before teardown', () => {
        // munmap: 1 pair over 16 pages = 1 GRU purge; exit: release first (1 flush), then nothing.
        expect(callouts(workload({ api: 'range', release: 'before-unmap' }))).toEqual({
            calloutsRangeStart: 1, calloutsRangeEnd: 1, calloutsRelease: 1, secondaryFlushes: 2, secondaryPagesInvalidated: 16,
        });
    });

    it('GIVEN the two other combinations THEN each difference can be told apart', () => {
        // page + before-unmap: 16 invalidate_pages + release = 17 (the release placement saves 48).
        expect(callouts(workload({ api: 'page', release: 'before-unmap' }))).toEqual({
            calloutsInvalidatePage: 16, calloutsRelease: 1, secondaryFlushes: 17, secondaryPagesInvalidated: 16,
        });
        // range + after-unmap: munmap pair + one pair per remaining VMA at exit (16 and 32 pages) + release = 4.
        expect(callouts(workload({ api: 'range', release: 'after-unmap' }))).toEqual({
            calloutsRangeStart: 3, calloutsRangeEnd: 3, calloutsRelease: 1, secondaryFlushes: 4, secondaryPagesInvalidated: 64,
        });
        expect(callouts(workload({ api: 'merged', release: 'after-unmap' }))).toEqual(callouts(workload({ api: 'range', release: 'after-unmap' })));
    });

    it('GIVEN an interval notifier on pages [8, 24) THEN only overlapping ranges are called out, with no end', () => {
        const result = workload({ api: 'interval', release: 'after-unmap', interval: { start: BASE + 8n * PAGE, size: 16n * PAGE } });
        // munmap [16,32) overlaps 8 pages; exit: VMA [0,16) overlaps 8, VMA [32,64) none; release.
        expect(callouts(result)).toEqual({ calloutsRangeStart: 2, calloutsRelease: 1, secondaryFlushes: 3, secondaryPagesInvalidated: 16 });
    });

    it('GIVEN a per-page secondary (KVM sptes) WHEN a range callout covers 16 pages THEN 16 instructions', () => {
        const result = workload({ api: 'range', release: 'before-unmap', secondary: { flush: 'per-page', maxPages: 1, fullPurgeBeyondMax: false, costNs: 100 } });
        expect(callouts(result)).toMatchObject({ secondaryFlushes: 17, secondaryPagesInvalidated: 16 });
        // Priced at the notifier's own cost: 17 x 100 ns.
        expect(result.perNotifier.gru.estimatedTime).toBe(1700);
    });

    it('GIVEN a range secondary without full purge, max 4 WHEN 16 pages are called out THEN ceil(16/4) = 4 instructions', () => {
        const result = workload({ api: 'range', release: 'before-unmap', secondary: { flush: 'range', maxPages: 4, fullPurgeBeyondMax: false, costNs: 2000 } });
        expect(callouts(result)).toMatchObject({ secondaryFlushes: 5 });
    });

    it('GIVEN COW under each api THEN a single-page callout (R24); a reuse fault has none', () => {
        for (const [api, expected] of [
            ['page', { calloutsInvalidatePage: 1, secondaryFlushes: 1, secondaryPagesInvalidated: 1 }],
            ['range', { calloutsRangeStart: 1, calloutsRangeEnd: 1, secondaryFlushes: 1, secondaryPagesInvalidated: 1 }],
        ] as const) {
            const s = new Scenario().process('a').notifier({ name: 'gru', mm: 'a', api });
            s.switch(0, 'a');
            s.mmap('a', BASE, PAGE);
            s.read('a', BASE);
            s.write('a', BASE); // zero page: COW
            expect(callouts(runScenario(s.build()))).toEqual(expected);
        }
    });

    it('GIVEN fork of a VMA with pages THEN range issues one pair and page one chunk per PTE table (R25)', () => {
        for (const [api, expected] of [
            ['range', { calloutsRangeStart: 1, calloutsRangeEnd: 1, secondaryFlushes: 1, secondaryPagesInvalidated: 1024 }],
            // 1024 pages starting at a PTE-table boundary span 2 tables: 2 chunks of 512.
            ['page', { calloutsRangeStart: 2, secondaryFlushes: 2, secondaryPagesInvalidated: 1024 }],
        ] as const) {
            const s = new Scenario().process('a').notifier({ name: 'gru', mm: 'a', api });
            s.switch(0, 'a');
            s.mmap('a', BASE, 1024n * PAGE);
            s.write('a', BASE);
            s.write('a', BASE + 512n * PAGE); // both PTE tables exist: R36 chunks only where one does
            s.fork('a', 'c');
            expect(callouts(runScenario(s.build()))).toEqual(expected);
        }
    });

    it('GIVEN a notifier WHEN unregistered twice THEN one release, then nothing (R26)', () => {
        const s = new Scenario().process('a').notifier({ name: 'gru', mm: 'a' });
        s.op({ kind: 'unregister', notifier: 'gru' });
        s.op({ kind: 'unregister', notifier: 'gru' });
        expect(callouts(runScenario(s.build()))).toEqual({ calloutsRelease: 1, secondaryFlushes: 1 });
    });
});

describe('notifier configuration errors (section 7)', () => {
    it('GIVEN a sleeping page notifier under rcu and an interval notifier without interval THEN error events at setup', () => {
        const s = new Scenario().process('a')
            .notifier({ name: 'xpmem', mm: 'a', api: 'page', sleeps: true, locking: 'rcu' })
            .notifier({ name: 'iv', mm: 'a', api: 'interval' });
        expect(runScenario(s.build()).errors.map((e) => e.message)).toEqual([
            'notifier xpmem: a sleeping notifier cannot use rcu locking (its callouts run inside rcu_read_lock)',
            'notifier xpmem: a sleeping notifier cannot use api page (invalidate_page runs under the page-table lock)',
            'notifier iv: api interval needs an interval',
        ]);
    });
});

describe('device access and regions', () => {
    it('GIVEN a region-relative device read of 2 untouched pages THEN 2 faults with retry walks, zero pages, no CPU access', () => {
        const s = new Scenario().process('a').notifier({ name: 'kvm', mm: 'a' });
        s.switch(0, 'a');
        s.op({ kind: 'mmap', task: { name: 'a', thread: 0 }, size: 4n * PAGE, backing: { kind: 'anon' }, shared: false, prot: { read: true, write: true, exec: false }, pageSize: PAGE, region: 'ram' });
        const id = s.op({ kind: 'device-access', notifier: 'kvm', access: 'read', range: { start: PAGE, size: 2n * PAGE, region: 'ram' } });
        const result = runScenario(s.build());
        // First page: fault allocates pud, pmd, pte; retry walk 4 refs. Second: fault, retry 4.
        expect(figuresOf(result, id)).toEqual({ pageFaults: 2, walks: 2, walkRefs: 8, ptPagesAllocated: 3, lowmemPages: 3 });
    });

    it('GIVEN a region never mapped WHEN used THEN an error event', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.op({ kind: 'munmap', task: { name: 'a', thread: 0 }, range: { start: 0n, size: PAGE, region: 'heap' } });
        expect(runScenario(s.build()).errors.map((e) => e.message)).toEqual(['region heap is not mapped (its mmap has not run, or failed)']);
    });
});
