/**
 * Estimated time by event kind (R33): each kind's time is its count × its cost, and the kinds add up to
 * estimatedTime exactly, so a chart that stacks them ends where the total says.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, type RunResult } from '../../language/src/engine/index.js';
import { buildJsonReport } from '../../language/src/report/json-report.js';
import { Scenario, PAGE } from './builders.js';

const BASE = 0x10000000n;

/** Process a with 3 threads on CPUs 0-2 and a GRU-like notifier; 34 pages written, then 33 unmapped. */
function shootdown(overrides: ConstructorParameters<typeof Scenario>[0] = {}): RunResult {
    const s = new Scenario({ cpus: 3, ...overrides }).process('a', 3);
    s.notifier({ name: 'gru', mm: 'a' });
    s.switch(0, 'a.0');
    s.switch(1, 'a.1');
    s.switch(2, 'a.2');
    s.mmap('a', BASE, 64n * PAGE);
    s.write('a', BASE, 34n * PAGE);
    // The GRU maps page 0 (R71: a secondary that maps nothing issues no instruction); no figure of its own.
    s.op({ kind: 'device-access', notifier: 'gru', access: 'read', range: { start: BASE, size: PAGE } });
    s.munmap('a', BASE, 33n * PAGE);
    return runScenario(s.build());
}

/** Sums in key order, as a stacked bar adds its segments. */
const stacked = (parts: Record<string, number | undefined>) =>
    Object.values(parts).reduce<number>((a, b) => a + (b ?? 0), 0);

describe('estimated time by event kind (R33)', () => {
    it('GIVEN a 3-CPU shootdown at 2.4 GHz WHEN it runs THEN each kind is count × default cost and they sum to estimatedTime', () => {
        const result = shootdown();
        const t = result.totals;
        // 3 switches, each a context switch whose CR3 write without PCID is a full flush.
        // Walks: the first page's miss stops at the empty pgd entry (1 ref), its retry reads 4;
        // the other 33 pages miss at the empty pte (4) and retry (4): 1 + 4 + 33 × 8 = 269 refs.
        // munmap of 33 pages ≤ ceiling 33: 33 invlpg on each of 3 CPUs, IPIs to CPUs 1 and 2;
        // the notifier's range callout is one GRU flush at its 2 µs.
        expect([t.contextSwitches, t.fullFlushes, t.walkRefs, t.invlpg, t.ipis, t.secondaryFlushes]).toEqual([
            3, 3, 269, 99, 2, 1,
        ]);
        expect(result.timeByKind).toEqual({
            walkRefs: 269 * 2.5, // 672.5 ns
            contextSwitches: 3 * 1944, // 5,832 ns
            invlpg: (99 * 260) / 2.4, // 10,725 ns
            fullFlushes: (3 * 96) / 2.4, // 120 ns
            ipis: (2 * 1016 * 1e9) / 2.4e9, // 846.67 ns
            secondaryFlushes: 1 * 2000,
        });
        expect(Object.keys(result.timeByKind)).toEqual([
            'walkRefs',
            'contextSwitches',
            'invlpg',
            'fullFlushes',
            'ipis',
            'secondaryFlushes',
        ]);
        expect(stacked(result.timeByKind)).toBe(t.estimatedTime);
        expect(t.estimatedTime).toBeCloseTo(20196.1667, 3);
    });

    it('GIVEN cost lines for invlpg and secondaryFlushes at 3 GHz WHEN it runs THEN those kinds take the overrides and the sum still matches', () => {
        const result = shootdown({
            clockHz: 3e9,
            costs: { invlpg: { amount: 100, unit: 'ns' }, secondaryFlushes: { amount: 600, unit: 'cycles' } },
        });
        expect(result.timeByKind).toEqual({
            walkRefs: 672.5,
            contextSwitches: 5832,
            invlpg: 99 * 100, // the override, in ns
            fullFlushes: (3 * 96) / 3, // 96 cycles at 3 GHz = 32 ns each
            ipis: (2 * 1016 * 1e9) / 3e9,
            secondaryFlushes: (600 * 1e9) / 3e9, // the machine's cost replaces the notifier's 2 µs
        });
        expect(stacked(result.timeByKind)).toBe(result.totals.estimatedTime);
    });

    it('GIVEN a run with no priced event WHEN it runs THEN there is no kind and the total is 0', () => {
        const s = new Scenario().process('a');
        s.mmap('a', BASE, PAGE);
        const result = runScenario(s.build());
        expect(result.timeByKind).toEqual({});
        expect(result.totals.estimatedTime).toBe(0);
    });
});

describe('the JSON report (mscn run --json, mscn-run/1)', () => {
    it('GIVEN the shootdown WHEN reported THEN each variant carries timeByKind beside its unchanged totals', () => {
        const result = shootdown();
        const report = buildJsonReport('f.mscn', [
            { run: 'test', machine: 'test', split: 'x86_64', results: [result] },
        ]);
        const variant = report.runs[0].variants[0];
        expect(variant.timeByKind).toEqual(result.timeByKind);
        expect(variant.totals).toBe(result.totals);
        expect(Object.keys(variant)).toEqual([
            'variant',
            'totals',
            'timeByKind',
            'perNotifier',
            'perCpu',
            'ptPages',
            'statements',
            'findings',
            'staleTranslations',
            'eventCount',
            'stopped',
            'endedByError',
        ]);
    });
});
