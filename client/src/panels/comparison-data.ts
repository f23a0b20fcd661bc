/**
 * A run block as the comparison webview takes it: variants' figures, per-statement figures, and the stops that make
 * them partial.
 */
import type { ReportRuns } from '../../../language/src/report/format-runs.js';
import type { ComparisonRun, StatementFigures } from './messages.js';

/** Every statement any variant ran, in order, with each variant's figures ({} where it did not run). */
function statementFigures(results: ReportRuns['results']): StatementFigures[] {
    const lines = new Map<number, number>();
    for (const r of results) for (const s of r.statements) lines.set(s.id, s.loc.line);
    return [...lines]
        .sort((a, b) => a[0] - b[0])
        .map(([id, line]) => ({
            id,
            line,
            figures: results.map(r => r.statements.find(s => s.id === id)?.figures ?? {}),
        }));
}

export function comparisonRun(runs: ReportRuns): ComparisonRun {
    const results = runs.results;
    return {
        run: runs.run,
        machine: runs.machine,
        split: runs.split,
        variants: results.map(r => ({ variant: r.variant, totals: r.totals, perNotifier: r.perNotifier })),
        timeByKind: results.map(r => r.timeByKind),
        stopped: results.filter(r => r.stopped).map(r => `${r.variant}: ${r.stopped!.message}; figures so far`),
        statements: statementFigures(results),
    };
}
