/**
 * The comparison panel's CSV and Markdown: `mscn run --csv` / `--markdown` (same headings, same tables
 * through format-table.ts) with the estimated time's parts by event kind as rows after estimatedTime.
 */
import { compareVariants } from '../../../language/src/report/comparison.js';
import { formatCsv, formatMarkdownTable } from '../../../language/src/report/format-table.js';
import type { ReportRuns } from '../protocol.js';
import { withTimeByKind } from './time-by-kind.js';

function comparisonOf(runs: ReportRuns) {
    return withTimeByKind(compareVariants(runs.results), runs.results.map(r => r.timeByKind ?? {}));
}

function heading(runs: ReportRuns): string {
    const variants = runs.results.length;
    return `run ${runs.run} on ${runs.machine} with ${runs.split}${variants > 1 ? `: ${variants} variants` : ''}`;
}

function stopped(runs: ReportRuns): string[] {
    return runs.results.filter(r => r.stopped).map(r => `(${r.variant}: ${r.stopped!.message}; figures so far)`);
}

export function comparisonMarkdown(all: readonly ReportRuns[]): string {
    return all.map(runs => [`### ${heading(runs)}`, '', formatMarkdownTable(comparisonOf(runs)), ...stopped(runs)].join('\n')).join('\n');
}

/** One CSV for all runs: a `run` column first, so that several run blocks stay one table. */
export function comparisonCsv(all: readonly ReportRuns[]): string {
    const blocks = all.map((runs, i) => {
        const lines = formatCsv(comparisonOf(runs)).trimEnd().split('\n');
        const body = lines.slice(1).map(line => `${runs.run},${line}`);
        return i === 0 ? [`run,${lines[0]}`, ...body] : body;
    });
    return blocks.flat().join('\n') + '\n';
}
