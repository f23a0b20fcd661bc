/** A run block as the comparison webview takes it: variants' figures and the stops that make them partial. */
import type { ReportRuns } from '../protocol.js';
import type { ComparisonRun } from './messages.js';

export function comparisonRun(runs: ReportRuns): ComparisonRun {
    return {
        run: runs.run, machine: runs.machine, split: runs.split,
        variants: runs.results.map(r => ({ variant: r.variant, totals: r.totals, perNotifier: r.perNotifier })),
        stopped: runs.results.filter(r => r.stopped).map(r => `${r.variant}: ${r.stopped!.message}; figures so far`),
    };
}
