import { describe, it, expect } from 'vitest';
import { runScenario, type RunResult } from '../../language/src/engine/index.js';
import type { NotifierConfig } from '../../language/src/engine/scenario.js';
import { Scenario, PAGE, RO, machine, splitFor, notifierConfig } from './builders.js';
import { Kernel } from '../../language/src/engine/kernel.js';
import { createMm } from '../../language/src/engine/lifecycle.js';
import { Notifier, registerNotifier, notifyZap, ATOMIC } from '../../language/src/engine/notifier.js';
import { FIG } from '../../language/src/engine/counters.js';
import { figuresOf } from './helpers.js';

const BASE = 0x10000000n;
/** TASK_UNMAPPED_BASE on x86_64 (R27): where an mmap without an address goes first. */
const BASE_FIRST_FIT = 0x2aaaaaaab000n;
type Pick =
    | 'calloutsInvalidatePage'
    | 'calloutsRangeStart'
    | 'calloutsRangeEnd'
    | 'calloutsRelease'
    | 'secondaryFlushes'
    | 'secondaryPagesInvalidated'
    | 'secondaryPagesScanned'
    | 'sleepsInAtomic';
const PICKS: Pick[] = [
    'calloutsInvalidatePage',
    'calloutsRangeStart',
    'calloutsRangeEnd',
    'calloutsRelease',
    'secondaryFlushes',
    'secondaryPagesInvalidated',
    'secondaryPagesScanned',
    'sleepsInAtomic',
];

/** `device NAME read|write` of `pages` pages from BASE + first pages: the secondary maps them (R71). */
function device(
    s: Scenario,
    notifier: string,
    first: bigint,
    pages: bigint,
    access: 'read' | 'write' = 'read',
): number {
    return s.op({ kind: 'device-access', notifier, access, range: { start: BASE + first * PAGE, size: pages * PAGE } });
}

/**
 * GRU-like secondary (range flush, GRUMAXINVAL 1024 = full purge past it): 64 pages written, the
 * device maps `mapped` of them (all by default), 16 unmapped, exit.
 */
function workload(n: Partial<NotifierConfig>, mapped: [bigint, bigint] | null = [0n, 64n]): RunResult {
    const s = new Scenario().process('a').notifier({ name: 'gru', mm: 'a', ...n });
    s.switch(0, 'a');
    s.mmap('a', BASE, 64n * PAGE);
    s.write('a', BASE, 64n * PAGE);
    if (mapped) device(s, 'gru', mapped[0], mapped[1]);
    s.munmap('a', BASE + 16n * PAGE, 16n * PAGE);
    s.exit('a');
    return runScenario(s.build());
}

function callouts(result: RunResult): Partial<Record<Pick, number>> {
    const f = result.perNotifier.gru;
    const out: Partial<Record<Pick, number>> = {};
    for (const k of PICKS) {
        if (f[k] !== 0) out[k] = f[k];
    }
    return out;
}

describe('MMU notifiers on mmap, write 64, device maps 64, munmap 16, exit (section 7, R23-R26)', () => {
    it('GIVEN page + after-unmap (#v6) THEN one invalidate_page per cleared PTE, teardown included', () => {
        // munmap: 16 present PTEs; exit zaps the two remaining VMAs: 16 + 32; release last: 1 flush.
        expect(callouts(workload({ api: 'page', release: 'after-unmap' }))).toEqual({
            calloutsInvalidatePage: 64,
            calloutsRelease: 1,
            secondaryFlushes: 65,
            secondaryPagesInvalidated: 64,
        });
    });

    it('GIVEN range + before-unmap THEN one pair for the munmap and the release disarms before teardown', () => {
        // munmap: 1 pair over 16 pages = 1 GRU purge; exit: release first (1 flush), then nothing.
        expect(callouts(workload({ api: 'range', release: 'before-unmap' }))).toEqual({
            calloutsRangeStart: 1,
            calloutsRangeEnd: 1,
            calloutsRelease: 1,
            secondaryFlushes: 2,
            secondaryPagesInvalidated: 16,
        });
    });

    it('GIVEN the two other combinations THEN each difference can be told apart', () => {
        // page + before-unmap: 16 invalidate_pages + release = 17 (the release placement saves 48).
        expect(callouts(workload({ api: 'page', release: 'before-unmap' }))).toEqual({
            calloutsInvalidatePage: 16,
            calloutsRelease: 1,
            secondaryFlushes: 17,
            secondaryPagesInvalidated: 16,
        });
        // range + after-unmap: munmap pair + one pair per remaining VMA at exit (16 and 32 pages) + release = 4.
        expect(callouts(workload({ api: 'range', release: 'after-unmap' }))).toEqual({
            calloutsRangeStart: 3,
            calloutsRangeEnd: 3,
            calloutsRelease: 1,
            secondaryFlushes: 4,
            secondaryPagesInvalidated: 64,
        });
        expect(callouts(workload({ api: 'merged', release: 'after-unmap' }))).toEqual(
            callouts(workload({ api: 'range', release: 'after-unmap' })),
        );
    });

    it('GIVEN an interval notifier on pages [8, 24) THEN only overlapping ranges are called out, with no end', () => {
        const result = workload({
            api: 'interval',
            release: 'after-unmap',
            interval: { start: BASE + 8n * PAGE, size: 16n * PAGE },
        });
        // munmap [16,32) overlaps 8 pages; exit: VMA [0,16) overlaps 8, VMA [32,64) none; release.
        expect(callouts(result)).toEqual({
            calloutsRangeStart: 2,
            calloutsRelease: 1,
            secondaryFlushes: 3,
            secondaryPagesInvalidated: 16,
        });
    });

    it('GIVEN a per-page secondary (KVM sptes) WHEN a range callout covers 16 mapped pages THEN 16 lookups and one flush (R52)', () => {
        const result = workload({
            api: 'range',
            release: 'before-unmap',
            secondary: { flush: 'per-page', maxPages: 1, fullPurgeBeyondMax: false, costNs: 100 },
        });
        // munmap pair over [16, 32): 16 rmap lookups, 16 sptes dropped, one kvm_flush_remote_tlbs; release 1.
        expect(callouts(result)).toEqual({
            calloutsRangeStart: 1,
            calloutsRangeEnd: 1,
            calloutsRelease: 1,
            secondaryFlushes: 2,
            secondaryPagesInvalidated: 16,
            secondaryPagesScanned: 16,
        });
        // R72: priced at the notifier's own flush cost plus 10 ns per lookup: 2 x 100 + 16 x 10 ns.
        expect(result.perNotifier.gru.estimatedTime).toBe(360);
    });

    it('GIVEN a range secondary without full purge, max 4 WHEN 16 pages are called out THEN ceil(16/4) = 4 instructions', () => {
        const result = workload({
            api: 'range',
            release: 'before-unmap',
            secondary: { flush: 'range', maxPages: 4, fullPurgeBeyondMax: false, costNs: 2000 },
        });
        expect(callouts(result)).toMatchObject({ secondaryFlushes: 5 });
    });

    it('GIVEN COW under each api THEN a single-page callout (R24); a reuse fault has none', () => {
        for (const [api, expected] of [
            ['page', { calloutsInvalidatePage: 1, secondaryFlushes: 1, secondaryPagesInvalidated: 1 }],
            [
                'range',
                { calloutsRangeStart: 1, calloutsRangeEnd: 1, secondaryFlushes: 1, secondaryPagesInvalidated: 1 },
            ],
        ] as const) {
            const s = new Scenario().process('a').notifier({ name: 'gru', mm: 'a', api });
            s.switch(0, 'a');
            s.mmap('a', BASE, PAGE);
            s.read('a', BASE);
            device(s, 'gru', 0n, 1n); // the GRU maps the zero page read-only
            s.write('a', BASE); // zero page: COW
            expect(callouts(runScenario(s.build()))).toEqual(expected);
        }
    });

    it('GIVEN fork of a VMA with pages THEN range issues one pair and page one chunk per PTE table (R25)', () => {
        for (const [api, expected] of [
            // One pair over the 1024-page VMA: the GRU maps page 0, ceil(1024 / 1024) = 1 instruction drops it.
            [
                'range',
                { calloutsRangeStart: 1, calloutsRangeEnd: 1, secondaryFlushes: 1, secondaryPagesInvalidated: 1 },
            ],
            // 1024 pages starting at a PTE-table boundary span 2 tables: 2 chunks of 512. The first drops
            // page 0 (1 instruction); then the GRU maps nothing and the second costs none (R71).
            ['page', { calloutsRangeStart: 2, secondaryFlushes: 1, secondaryPagesInvalidated: 1 }],
        ] as const) {
            const s = new Scenario().process('a').notifier({ name: 'gru', mm: 'a', api });
            s.switch(0, 'a');
            s.mmap('a', BASE, 1024n * PAGE);
            s.write('a', BASE);
            s.write('a', BASE + 512n * PAGE); // both PTE tables exist: R36 chunks only where one does
            device(s, 'gru', 0n, 1n, 'write');
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
        const s = new Scenario()
            .process('a')
            .notifier({ name: 'xpmem', mm: 'a', api: 'page', sleeps: true, locking: 'rcu' })
            .notifier({ name: 'iv', mm: 'a', api: 'interval' });
        expect(runScenario(s.build()).errors.map(e => e.message)).toEqual([
            'notifier xpmem: a sleeping notifier cannot use rcu locking (its callouts run inside rcu_read_lock)',
            'notifier xpmem: a sleeping notifier cannot use api page (invalidate_page runs under the page-table lock)',
            'notifier iv: api interval needs an interval',
        ]);
    });
});

describe('device access and regions', () => {
    it('GIVEN a region-relative device read WHEN the pages are not present THEN an error event, no fault: get_user_pages is not modelled (R71)', () => {
        const s = new Scenario().process('a').notifier({ name: 'kvm', mm: 'a' });
        s.switch(0, 'a');
        s.op({
            kind: 'mmap',
            task: { name: 'a', thread: 0 },
            size: 4n * PAGE,
            backing: { kind: 'anon' },
            shared: false,
            prot: { read: true, write: true, exec: false },
            pageSize: PAGE,
            region: 'ram',
        });
        s.op({
            kind: 'access',
            access: 'write',
            task: { name: 'a', thread: 0 },
            range: { start: PAGE, size: PAGE, region: 'ram' },
            stride: PAGE,
        });
        const id = s.op({
            kind: 'device-access',
            notifier: 'kvm',
            access: 'read',
            range: { start: PAGE, size: 2n * PAGE, region: 'ram' },
        });
        const result = runScenario(s.build());
        // ram + 4 KiB is present (the write), ram + 8 KiB is not: the device maps the first and stops at the second.
        expect(figuresOf(result, id)).toEqual({});
        expect(result.errors.map(e => [e.message, e.statementId])).toEqual([
            [
                `device kvm: page 0x${(BASE_FIRST_FIT + 2n * PAGE).toString(16)} of a is not mapped ` +
                    `readable by the CPU's page table (the secondary MMU maps only present pages: touch them ` +
                    `first)`,
                id,
            ],
        ]);
    });

    it('GIVEN a region never mapped WHEN used THEN an error event', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.op({ kind: 'munmap', task: { name: 'a', thread: 0 }, range: { start: 0n, size: PAGE, region: 'heap' } });
        expect(runScenario(s.build()).errors.map(e => e.message)).toEqual([
            'region heap is not mapped (its mmap has not run, or failed)',
        ]);
    });
});

describe('the secondary keeps what it maps (R52, R71)', () => {
    it('GIVEN a GRU that maps nothing WHEN #v6 zaps 64 pages THEN 64 invalidate_page callouts and only the release instruction', () => {
        // R71: a range secondary issues instructions only while it maps something in the mm. R26: release 1, 0 pages.
        expect(callouts(workload({ api: 'page', release: 'after-unmap' }, null))).toEqual({
            calloutsInvalidatePage: 64,
            calloutsRelease: 1,
            secondaryFlushes: 1,
        });
    });

    it('GIVEN a GRU that maps pages [40, 48) WHEN #v6 zaps THEN an invalidate_page costs 1 while anything is mapped, in address order', () => {
        // munmap [16, 32): 16 invalidate_pages, [40, 48) still mapped: 16 instructions, 0 pages dropped.
        // exit, VMA [0, 16): 16 more. VMA [32, 64) in address order: 32..39 cost 8, 40..47 cost 8 and drop 8;
        // after page 47 the GRU maps nothing: 48..63 cost none. Release 1. 16 + 16 + 16 + 1 = 49.
        expect(callouts(workload({ api: 'page', release: 'after-unmap' }, [40n, 8n]))).toEqual({
            calloutsInvalidatePage: 64,
            calloutsRelease: 1,
            secondaryFlushes: 49,
            secondaryPagesInvalidated: 8,
        });
    });

    it('GIVEN a GRU mapping 1 page of 2,048 WHEN one pair covers 2,048 > 1,024 pages THEN one purge drops everything it maps', () => {
        const s = new Scenario().process('a').notifier({ name: 'gru', mm: 'a', api: 'range', release: 'before-unmap' });
        s.switch(0, 'a');
        s.mmap('a', BASE, 2048n * PAGE);
        s.write('a', BASE, 2048n * PAGE);
        device(s, 'gru', 5n, 1n);
        const first = s.munmap('a', BASE, 1024n * PAGE);
        const second = s.munmap('a', BASE + 1024n * PAGE, 1024n * PAGE);
        const result = runScenario(s.build());
        // First munmap: p = 1,024 is not past max: ceil(1024 / 1024) = 1 instruction, page 5 dropped.
        expect(figuresOf(result, first)).toMatchObject({ secondaryFlushes: 1, secondaryPagesInvalidated: 1 });
        // Second: the GRU maps nothing now: no instruction.
        expect(figuresOf(result, second).secondaryFlushes).toBeUndefined();
        expect(result.perNotifier.gru.calloutsRangeStart).toBe(2);
    });

    it('GIVEN a KVM guest mapping 8 of 64 pages WHEN two madvise pairs cover all 64 THEN 64 lookups each, one flush for the first only (R52)', () => {
        const s = new Scenario().process('a').notifier({
            name: 'kvm',
            mm: 'a',
            api: 'range',
            release: 'before-unmap',
            secondary: { flush: 'per-page', maxPages: 1, fullPurgeBeyondMax: false, costNs: 2000 },
        });
        s.switch(0, 'a');
        s.mmap('a', BASE, 64n * PAGE);
        s.write('a', BASE, 64n * PAGE);
        device(s, 'kvm', 0n, 8n);
        const first = s.madvise('a', BASE, 64n * PAGE);
        const second = s.madvise('a', BASE, 64n * PAGE);
        const result = runScenario(s.build());
        // kvm_unmap_hva_range looks up all 64 pages, holes included; drops 8 sptes; one kvm_flush_remote_tlbs.
        expect(figuresOf(result, first)).toMatchObject({
            secondaryPagesScanned: 64,
            secondaryPagesInvalidated: 8,
            secondaryFlushes: 1,
        });
        // Nothing mapped any more: the lookups still happen, no flush.
        expect(figuresOf(result, second)).toMatchObject({ secondaryPagesScanned: 64 });
        expect(figuresOf(result, second).secondaryFlushes).toBeUndefined();
    });

    it('GIVEN KVM under #v6 mapping 4 of 16 unmapped pages THEN 16 one-page lookups and one flush per spte dropped', () => {
        const s = new Scenario().process('a').notifier({
            name: 'kvm',
            mm: 'a',
            api: 'page',
            release: 'before-unmap',
            secondary: { flush: 'per-page', maxPages: 1, fullPurgeBeyondMax: false, costNs: 2000 },
        });
        s.switch(0, 'a');
        s.mmap('a', BASE, 16n * PAGE);
        s.write('a', BASE, 16n * PAGE);
        device(s, 'kvm', 4n, 4n);
        const id = s.munmap('a', BASE, 16n * PAGE);
        const result = runScenario(s.build());
        // R52: an invalidate_page is a range of one page: 16 lookups; 4 of them drop an spte, each with its flush.
        expect(figuresOf(result, id)).toMatchObject({
            calloutsInvalidatePage: 16,
            secondaryPagesScanned: 16,
            secondaryPagesInvalidated: 4,
            secondaryFlushes: 4,
        });
    });

    it('GIVEN device accesses that the primary does not grant THEN error events; through a released notifier too (R71)', () => {
        // Each error ends its run (R63), so each case is a run of its own.
        const errorsOf = (last: (s: Scenario) => void) => {
            const s = new Scenario()
                .process('a')
                .notifier({ name: 'gru', mm: 'a', api: 'range', release: 'before-unmap' });
            s.switch(0, 'a');
            s.mmap('a', BASE, 2n * PAGE, { prot: RO });
            s.read('a', BASE); // the zero page, read-only
            last(s);
            return runScenario(s.build());
        };
        const message = (r: ReturnType<typeof runScenario>) => r.errors.map(e => e.message);
        expect(message(errorsOf(s => device(s, 'gru', 0n, 1n, 'write')))).toEqual([
            "device gru: page 0x10000000 of a is not mapped writable by the CPU's page table (the " +
                'secondary MMU maps only present pages: touch them first)',
        ]);
        expect(message(errorsOf(s => device(s, 'gru', 1n, 1n)))).toEqual([
            "device gru: page 0x10001000 of a is not mapped readable by the CPU's page table (the " +
                'secondary MMU maps only present pages: touch them first)',
        ]);
        expect(message(errorsOf(s => device(s, 'gru', 0n, 1n)))).toEqual([]);
        const released = errorsOf(s => {
            device(s, 'gru', 0n, 1n);
            s.op({ kind: 'unregister', notifier: 'gru' });
            device(s, 'gru', 0n, 1n);
        });
        expect(message(released)).toEqual([
            'device gru: the notifier was released: its secondary MMU maps nothing in a any more',
        ]);
        // Release (unregister of an armed notifier) stays R26's one instruction, 0 pages, whatever is mapped.
        expect(callouts(released)).toEqual({ calloutsRelease: 1, secondaryFlushes: 1 });
    });
});

describe('costs of a per-page secondary (R72)', () => {
    it('GIVEN 64 lookups and 1 flush WHEN priced THEN 64 x 10 ns + 2 us, and a machine cost line overrides the lookup', () => {
        const run = (costs = {}) => {
            const s = new Scenario({ costs }).process('a').notifier({
                name: 'kvm',
                mm: 'a',
                api: 'range',
                release: 'before-unmap',
                secondary: { flush: 'per-page', maxPages: 1, fullPurgeBeyondMax: false, costNs: 2000 },
            });
            s.switch(0, 'a');
            s.mmap('a', BASE, 64n * PAGE);
            s.write('a', BASE, PAGE);
            device(s, 'kvm', 0n, 1n);
            const id = s.madvise('a', BASE, 64n * PAGE);
            return { result: runScenario(s.build()), id };
        };
        const { result, id } = run();
        expect(result.timeByKind.secondaryPagesScanned).toBe(640);
        // The madvise alone: the notifier's 1 flush at 2 us and 64 lookups at 10 ns (its CPU flush: 1 invlpg).
        expect(result.statements.find(x => x.id === id)!.figures.estimatedTime).toBe(2000 + 640 + 260 / 2.4);
        expect(run({ secondaryPagesScanned: { amount: 25, unit: 'ns' } }).result.timeByKind.secondaryPagesScanned).toBe(
            64 * 25,
        );
    });
});

describe('sleeping notifiers in atomic context (R53, R77)', () => {
    /** XPMEM: sleeps, a mutex, range callouts; its device maps the 2 pages kswapd then swaps out. */
    function xpmemSwap(api: 'range' | 'interval'): { result: RunResult; out: number; after: number } {
        const s = new Scenario({ cpus: 2 })
            .process('a')
            .kthread('kswapd')
            .notifier({
                name: 'xpmem',
                mm: 'a',
                api,
                sleeps: true,
                locking: 'mutex',
                release: 'before-unmap',
                ...(api === 'interval' ? { interval: { start: BASE, size: 2n * PAGE } } : {}),
            });
        s.switch(0, 'a');
        s.switch(1, 'kswapd');
        s.mmap('a', BASE, 2n * PAGE);
        s.write('a', BASE, 2n * PAGE);
        device(s, 'xpmem', 0n, 2n);
        const out = s.op({
            kind: 'swapout',
            mm: 'a',
            range: { start: BASE, size: 2n * PAGE },
            by: { name: 'kswapd', thread: 0 },
        });
        const after = s.write('a', BASE);
        s.expectError('would sleep in atomic context');
        return { result: runScenario(s.build()), out, after };
    }

    it('GIVEN XPMEM (api range) WHEN kswapd swaps out its pages THEN the first invalidate_page is counted, then sleepsInAtomic and the error; nothing after', () => {
        const { result, out, after } = xpmemSwap('range');
        // R77: page 1: the PTE-table visit, the callout (invalidate_page under range, R24) counted, then
        // sleepsInAtomic +1 and the error. No secondary flush, no PTE change, no 1-page request (invlpg,
        // IPI), no second page. try_to_unmap_one holds the PT lock: XPMEM's callout would schedule.
        expect(figuresOf(result, out)).toEqual({ calloutsInvalidatePage: 1, sleepsInAtomic: 1 });
        expect(result.errors.map(e => [e.statementId, e.message, e.expected])).toEqual([
            [out, 'xpmem would sleep in atomic context: swap-out holds the PT lock', true],
        ]);
        // R63: the run ends after that statement; the later write does not run, the expect error still does.
        expect(result.statements.some(x => x.id === after)).toBe(false);
        expect(result.totals.sleepsInAtomic).toBe(1);
        expect(result.perNotifier.xpmem.sleepsInAtomic).toBe(1);
    });

    it('GIVEN XPMEM as an interval notifier THEN swap-out calls it blockably: no error, 2 one-page invalidates', () => {
        // R53: api interval callouts are blockable; each is a 1-page invalidate (R24) to the builder's
        // range secondary, which maps the page: ceil(1 / 1024) = 1 instruction, 1 page dropped, each.
        // Each page's 1-page request from kswapd's CPU 1 reaches CPU 0 by IPI (R18, R28).
        const { result, out } = xpmemSwap('interval');
        expect(figuresOf(result, out)).toMatchObject({
            calloutsRangeStart: 2,
            secondaryFlushes: 2,
            secondaryPagesInvalidated: 2,
            invlpg: 2,
            ipis: 2,
        });
        expect(result.totals.sleepsInAtomic).toBe(0);
        // The expect error line now has nothing to match: it is the one error.
        expect(result.errors.map(e => e.message)).toEqual([
            'expected an error containing "would sleep in atomic context", but the run reported none',
        ]);
    });
});

describe('short-lived processes: exec ends an mm, register arms the notifier on the new one', () => {
    it('GIVEN 3 execs each registering a GRU that maps 4 pages, then exit THEN 3 teardowns, 3 releases, 12 invalidate_pages (#v6)', () => {
        // Defect fixed with this test: the second exec filed its mm under "a'" (so `register` found the
        // dead first mm) and exit tore down the setup mm instead of the exec'd one (no last release).
        const s = new Scenario()
            .process('a')
            .notifier({ name: 'gru', mm: 'a', api: 'page', release: 'after-unmap', registerAtSetup: false });
        s.switch(0, 'a');
        s.repeat(3, () => {
            s.op({ kind: 'exec', task: { name: 'a', thread: 0 } });
            s.op({ kind: 'register', notifier: 'gru' });
            s.mmap('a', BASE, 4n * PAGE);
            s.write('a', BASE, 4n * PAGE);
            device(s, 'gru', 0n, 4n);
        });
        s.exit('a');
        const result = runScenario(s.build());
        expect(result.errors).toEqual([]);
        // Per process: exit_mmap zaps 4 present pages, 4 invalidate_pages while the GRU maps them = 4
        // instructions, then the release (after-unmap) 1: 3 x 5 = 15. The second and third exec end the
        // first two processes; the exit ends the third.
        expect(callouts(result)).toEqual({
            calloutsInvalidatePage: 12,
            calloutsRelease: 3,
            secondaryFlushes: 15,
            secondaryPagesInvalidated: 12,
        });
    });
});

describe('the atomic hook for other zap callers (seg-zap, R53)', () => {
    it('GIVEN a sleeping range notifier WHEN a zap says it holds i_mmap_lock THEN the pair start is counted, then the error, and the run is halted', () => {
        const k = new Kernel(machine(), splitFor('x86_64'), { budget: 1000, maxEvents: 100 });
        const mm = createMm(k, 'a', true, -1);
        const n = new Notifier(
            notifierConfig({ name: 'xpmem', mm: 'a', api: 'range', sleeps: true, locking: 'mutex' }),
        );
        registerNotifier(k, n);
        // unmap_mapping_range holds i_mmap_lock (a spinlock until 2.6.26): the pair's start is counted,
        // then sleepsInAtomic and the error; no end, no secondary work (R77).
        expect(notifyZap(k, mm, 0, 16, 0, 0, { atomic: ATOMIC.segZap })).toBe(false);
        expect([n.figs[FIG.calloutsRangeStart], n.figs[FIG.calloutsRangeEnd], n.figs[FIG.sleepsInAtomic]]).toEqual([
            1, 0, 1,
        ]);
        expect(k.log.errors.map(e => e.message)).toEqual([
            'xpmem would sleep in atomic context: seg-zap holds i_mmap_lock',
        ]);
        expect([k.halted !== null, k.tick()]).toEqual([true, false]);
    });

    it('GIVEN the same zap to an interval notifier THEN no error: interval callouts are blockable', () => {
        const k = new Kernel(machine(), splitFor('x86_64'), { budget: 1000, maxEvents: 100 });
        const mm = createMm(k, 'a', true, -1);
        const n = new Notifier(
            notifierConfig({
                name: 'xpmem',
                mm: 'a',
                api: 'interval',
                sleeps: true,
                locking: 'mutex',
                interval: { start: 0n, size: 64n * PAGE },
            }),
        );
        registerNotifier(k, n);
        expect(notifyZap(k, mm, 0, 16, 0, 0, { atomic: ATOMIC.segZap })).toBe(true);
        expect([n.figs[FIG.calloutsRangeStart], n.figs[FIG.sleepsInAtomic], k.halted]).toEqual([1, 0, null]);
    });
});
