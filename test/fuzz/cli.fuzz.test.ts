/**
 * The fuzz suite, command-line side (issue 15): mutations of every example (test/fuzz/mutations.ts) and
 * random bytes, through `mscn check` and `mscn run --budget` in-process (test/fuzz/harness.ts). For every
 * input: no internal error (no exception, no "An error occurred" diagnostic), every diagnostic's range
 * inside the document, at least one error where the parser failed, and every run stopped within its
 * operation budget and a time bound. Each property runs for a fixed time (test/fuzz/run-fuzz.ts); a
 * failure prints its seed and path: MSCN_FUZZ_SEED=<seed> replays the same cases.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { invariantDefaults } from '../../language/src/engine/index.js';
import { checkAndRun, examples, problems, scratchDir } from './harness.js';
import { applyPlan, plan } from './mutations.js';
import { fuzz, SCALE, seed } from './run-fuzz.js';

// Invariants are checked after every statement in the other tests; here they would halve the cases.
invariantDefaults.enabled = false;

const BUDGET = 1_000;
/** A run of 1,000 operations takes well under a second; 15 s is a run the budget did not stop. */
const MAX_RUN_MS = 15_000;
const dir = scratchDir();
const EXAMPLES = examples();

describe(`GIVEN mutations of every example (seed ${seed})`, () => {
    test(
        'WHEN each is checked and run with a small budget THEN located diagnostics, no internal error, bounded runs',
        async () => {
            await fuzz(
                plan,
                async p => {
                    const example = EXAMPLES[p.example % EXAMPLES.length];
                    const text = applyPlan(example.text, p.mutations);
                    const outcome = await checkAndRun(dir, example.name, text, BUDGET);
                    expect(problems(text, outcome, BUDGET, MAX_RUN_MS), `${example.name} mutated:\n${text}`).toEqual(
                        [],
                    );
                },
                18_000,
                5,
            );
        },
        120_000 * SCALE,
    );
});

describe(`GIVEN random bytes (seed ${seed})`, () => {
    test(
        'WHEN they are checked as a scenario THEN located diagnostics and no internal error',
        async () => {
            const bytes = fc.oneof(
                fc.uint8Array({ maxLength: 2048 }),
                // Mostly scenario-like characters: more of them get past the lexer into the parser and checks.
                fc
                    .string({ unit: fc.constantFrom(...'process run{}=>[]0x1 KiB\n\t"pmaw'.split('')), maxLength: 400 })
                    .map(s => new TextEncoder().encode(s)),
            );
            await fuzz(
                bytes,
                async b => {
                    const outcome = await checkAndRun(dir, 'random.mscn', b, BUDGET);
                    const text = new TextDecoder().decode(b);
                    expect(
                        problems(text, outcome, BUDGET, MAX_RUN_MS),
                        `bytes: ${Buffer.from(b).toString('base64')}`,
                    ).toEqual([]);
                },
                5_000,
                5,
            );
        },
        60_000 * SCALE,
    );
});
