/**
 * Per-statement figures sum to the totals (docs/model.md Invariants): the setup step plus every
 * top-level statement's figures (summed over its executions) is the run's totals, and each repeat's
 * figures are the sum of its body's.
 */
import type { Statement } from './scenario.js';
import { newCounterArray } from './counters.js';
import { FIGURE_NAMES } from './figures.js';

/** The runner's tallies: each statement's figures summed over its executions. */
export type Tallies = ReadonlyMap<number, { counts: Float64Array }>;

function differs(a: number, b: number): boolean {
    return Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function sumOf(statements: readonly Statement[], tallies: Tallies, start?: Float64Array): Float64Array {
    const sum = newCounterArray();
    if (start) sum.set(start);
    for (const s of statements) {
        const t = tallies.get(s.id);
        if (t) for (let i = 0; i < sum.length; i++) sum[i] += t.counts[i];
    }
    return sum;
}

/** The first figure where `sum` and `expected` differ, as a message, or null. */
function firstDifference(sum: Float64Array, expected: Float64Array, what: string): string | null {
    const i = FIGURE_NAMES.findIndex((_, f) => differs(sum[f], expected[f]));
    return i < 0 ? null : `${FIGURE_NAMES[i]}: ${what} ${sum[i]}, but ${expected[i]}`;
}

/** Every mismatch: the top level against the totals, then each repeat (lines given) against its body. */
export function statementSumMismatches(
    statements: readonly Statement[],
    tallies: Tallies,
    baseline: Float64Array,
    totals: Float64Array,
): string[] {
    const out: string[] = [];
    const top = firstDifference(sumOf(statements, tallies, baseline), totals, 'the setup and the statements sum to');
    if (top) out.push(`${top} in the totals`);
    const visit = (list: readonly Statement[]) => {
        for (const s of list) {
            if (s.kind !== 'repeat') continue;
            const own = tallies.get(s.id);
            const body = firstDifference(sumOf(s.body, tallies), own?.counts ?? newCounterArray(), 'the body sums to');
            if (body) out.push(`${body} in the repeat of line ${s.loc.line}`);
            visit(s.body);
        }
    };
    visit(statements);
    return out;
}
