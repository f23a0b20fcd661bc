/**
 * Names that are properties of every JavaScript object (`__proto__`, `constructor`, `toString`, ...)
 * are ordinary names (issue 15): every example, with its declared names renamed to these words (every
 * declaration and every reference, found through the AST), checks with the same diagnostics and runs
 * to the same figures, statement by statement and per notifier. Before, a plain object keyed by user
 * text found Object.prototype's members: `cpus 2 __proto__` crashed the checker with "Cannot mix BigInt".
 * The runs stop at a small operation budget (the same point in both): the examples' full runs take
 * minutes on a loaded machine, and the budget stop is itself part of what must not change.
 */
import { describe, expect, test } from 'vitest';
import { invariantDefaults, type RunResult } from '../../language/src/engine/index.js';
import { checkAndRun, examples, nameSpans, OBJECT_WORDS, renamed, scratchDir, type Outcome } from './harness.js';

invariantDefaults.enabled = false; // the invariants have their own tests; here only names change
const BUDGET = 3_000;

/** What must not change with the names: the figures and findings of each run and variant, in order. */
function figures(outcome: Outcome, back: (name: string) => string): unknown {
    const render = (r: RunResult) => ({
        totals: r.totals,
        perNotifier: Object.fromEntries(Object.entries(r.perNotifier).map(([n, f]) => [back(n), f])),
        statements: r.statements.map(s => [s.id, s.executions, s.figures]),
        errors: r.errors.map(e => e.statementId),
        failedChecks: r.failedChecks.map(f => [f.statementId, f.actual]),
        stopped: r.stopped?.statementId ?? null,
    });
    return outcome.runs.map(run => run.results.map(render));
}

const dir = scratchDir();

describe('GIVEN every example with its names renamed to properties of Object.prototype', () => {
    test.each(examples())(
        'WHEN $name is checked and run THEN the same diagnostics and figures',
        async ({ name, text }) => {
            const { names, spans } = await nameSpans(dir, name, text);
            expect(names.length).toBeGreaterThan(0);
            const before = await checkAndRun(dir, name, text, BUDGET);
            expect(before.runs.length, 'the example runs').toBeGreaterThan(0);
            // Round r renames names r*12 .. r*12+11 to the twelve words: every name becomes one of them once.
            for (let round = 0; round * OBJECT_WORDS.length < names.length; round++) {
                const words = new Map(
                    names
                        .slice(round * OBJECT_WORDS.length)
                        .slice(0, OBJECT_WORDS.length)
                        .map((n, i) => [n, OBJECT_WORDS[i]]),
                );
                const back = new Map([...words].map(([n, w]) => [w, n]));
                const edited = renamed(text, spans, n => words.get(n));
                expect(edited).toContain(OBJECT_WORDS[0]);
                const after = await checkAndRun(dir, name, edited, BUDGET);
                const context = `${name}, round ${round}: ${[...words].map(([n, w]) => `${n} -> ${w}`).join(', ')}`;
                expect(
                    after.diagnostics.map(d => [d.range.start.line, d.severity]),
                    context,
                ).toEqual(before.diagnostics.map(d => [d.range.start.line, d.severity]));
                expect(after.runs.length, context).toBe(before.runs.length);
                expect(
                    figures(after, w => back.get(w) ?? w),
                    context,
                ).toEqual(figures(before, n => n));
            }
        },
        120_000,
    );
});
