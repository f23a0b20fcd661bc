/**
 * How the fuzz properties run: for a fixed time each (as many cases as fit on the 2-core CI machine),
 * from one seed per test run, printed with any failure: MSCN_FUZZ_SEED=<seed> replays the same cases.
 * MSCN_FUZZ_SCALE=10 fuzzes ten times as long (by hand, looking for defects; `npm test` uses 1).
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { fuzzSeed } from './mutations.js';

export const seed = fuzzSeed();
export const SCALE = Number(process.env.MSCN_FUZZ_SCALE ?? 1);

/**
 * Checks `check` on values of `arbitrary` for `millis` × SCALE (at least `minRuns` cases); fails with fast-check's
 * report.
 */
export async function fuzz<T>(
    arbitrary: fc.Arbitrary<T>,
    check: (value: T) => Promise<void>,
    millis: number,
    minRuns: number,
): Promise<void> {
    const details = await fc.check(fc.asyncProperty(arbitrary, check), {
        seed,
        numRuns: 1_000_000,
        interruptAfterTimeLimit: millis * SCALE,
        markInterruptAsFailure: false,
        endOnFailure: true,
    });
    if (process.env.MSCN_FUZZ_VERBOSE) console.log(`${details.numRuns} cases in ${millis * SCALE} ms, seed ${seed}`);
    if (details.failed)
        throw new Error(`fuzz failure (replay with MSCN_FUZZ_SEED=${seed}):\n${fc.defaultReportMessage(details)}`);
    expect(details.numRuns, `cases run in ${millis * SCALE} ms (seed ${seed})`).toBeGreaterThanOrEqual(minRuns);
}
