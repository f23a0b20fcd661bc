/**
 * The comparison panel's CSV and Markdown: `mscn run --csv` / `--markdown` (format-runs.ts: same
 * headings, same tables) with the estimated time's parts by event kind as rows after estimatedTime.
 */
import { compareVariants } from '../../../language/src/report/comparison.js';
import { formatRunsCsv, formatRunsMarkdown } from '../../../language/src/report/format-runs.js';
import type { ReportRuns } from '../../../language/src/report/format-runs.js';
import { withTimeByKind } from './time-by-kind.js';

function comparisonOf(runs: ReportRuns) {
    return withTimeByKind(
        compareVariants(runs.results),
        runs.results.map(r => r.timeByKind),
    );
}

export function comparisonMarkdown(all: readonly ReportRuns[]): string {
    return formatRunsMarkdown(all, comparisonOf);
}

export function comparisonCsv(all: readonly ReportRuns[]): string {
    return formatRunsCsv(all, comparisonOf);
}
