/**
 * The editor's share of a file's sweeps (docs/sweeps.md, "In the editor"): at most N points in all,
 * taken as a grid that spans every parameter. Each parameter keeps its first and last value and
 * evenly spaced ones between, so that the comparison panel's chart of a figure against any swept
 * parameter has its whole range, with a line per kept value of another. The first N points in order
 * would instead hold the outer parameters at their first value. Sweeps share N in file order.
 */
import type * as ast from '../generated/ast.js';
import { paramLabel, paramValueCount, sweepLimit, sweepPointCount, valueCount } from './sweep.js';

export interface SweepSample {
    sweep: ast.Sweep;
    /** How many points the sweep has (0 past its limit or without parameters: it expands to none). */
    points: number;
    /** How many of them the sample keeps: the product of the kept values' counts. */
    kept: number;
    /** Per parameter, in the sweep's order: its label, how many values it has, the indices of those kept. */
    params: Array<{ label: string; values: number; kept: number[] }>;
}

/** The sample of each sweep (in the order given), `budget` points in all. */
export function sampleSweeps(sweeps: readonly ast.Sweep[], budget: number): SweepSample[] {
    let left = Math.max(0, Math.floor(budget));
    return sweeps.map(sweep => {
        const counts = valueCounts(sweep);
        const sizes = gridSizes(counts, left);
        const kept = sizes.reduce((n, k) => n * k, counts.length === 0 ? 0 : 1);
        left -= kept;
        return {
            sweep,
            points: counts.reduce((n, c) => n * c, counts.length === 0 ? 0 : 1),
            kept,
            params: (sweep.params ?? []).map((p, i) => ({
                label: paramLabel(p),
                values: counts[i],
                kept: spread(counts[i], sizes[i]),
            })),
        };
    });
}

/**
 * The value count of each parameter as expansion lists them; none when the sweep expands to no point
 * (past its limit, or a parameter without a valid value): then no parameter's values are listed.
 */
function valueCounts(sweep: ast.Sweep): number[] {
    const params = sweep.params ?? [];
    const valid = (v: ast.SweepValue) => {
        const c = valueCount(v);
        return c.ok && c.value > 0n;
    };
    const empty = params.some(p => !(p.values ?? []).some(valid));
    if (params.length === 0 || empty || sweepPointCount(sweep) > sweepLimit(sweep)) return [];
    return params.map(p => Number(paramValueCount(p)));
}

/**
 * How many values each parameter keeps: all when the product fits, else one each, then one more at a
 * time to the parameter with the fewest (the earlier on a tie) while the product stays within `budget`.
 */
export function gridSizes(counts: readonly number[], budget: number): number[] {
    const product = (ks: readonly number[]) => ks.reduce((n, k) => n * k, 1);
    if (counts.length === 0 || budget < 1 || counts.some(c => c === 0)) return counts.map(() => 0);
    if (product(counts) <= budget) return [...counts];
    const sizes = counts.map(() => 1);
    for (;;) {
        const total = product(sizes);
        let best = -1;
        for (let i = 0; i < sizes.length; i++) {
            const fits = sizes[i] < counts[i] && (total / sizes[i]) * (sizes[i] + 1) <= budget;
            if (fits && (best < 0 || sizes[i] < sizes[best])) best = i;
        }
        if (best < 0) return sizes;
        sizes[best]++;
    }
}

/** `k` of `count` indices, evenly spaced, the first and the last included (the first alone when k is 1). */
export function spread(count: number, k: number): number[] {
    if (k >= count) return Array.from({ length: count }, (_, i) => i);
    if (k <= 1) return k === 1 ? [0] : [];
    return Array.from({ length: k }, (_, j) => Math.round((j * (count - 1)) / (k - 1)));
}
