/**
 * `mscn run` output for people: per run block a heading, then the variants side by side
 * (comparison.ts), as an aligned table, Markdown or CSV.
 */
import type { ScenarioRuns } from '../execution/run-scenario-file.js';
import type { RunResult } from '../engine/index.js';
import { compareVariants, type Comparison } from './comparison.js';
import { formatCsv, formatMarkdownTable, formatTextTable } from './format-table.js';

/** What the formatters read of a run block: its results without snapshots (as mscn/runResult sends them). */
export type ReportRuns = Omit<ScenarioRuns, 'results'> & { results: readonly Omit<RunResult, 'snapshots'>[] };

/** How a run block's variants become a table: by default compareVariants; the panel adds rows. */
export type CompareRuns = (runs: ReportRuns) => Comparison;

const plainComparison: CompareRuns = runs => compareVariants(runs.results);

function heading(runs: ReportRuns): string {
    const variants = runs.results.length;
    return `run ${runs.run} on ${runs.machine} with ${runs.split}${variants > 1 ? `: ${variants} variants` : ''}`;
}

/** Runs cut short: by the budget, or by an error event after its statement (docs/model.md R63). */
function stopped(runs: ReportRuns): string[] {
    return runs.results.flatMap(r => [
        ...(r.stopped ? [`(${r.variant}: ${r.stopped.message}; figures so far)`] : []),
        ...(r.endedByError ? [`(${r.variant}: ended by an error: ${r.endedByError.message}; figures up to it)`] : []),
    ]);
}

export function formatRunsText(file: string, all: readonly ReportRuns[]): string {
    return all
        .map(runs =>
            [`${file}: ${heading(runs)}`, '', formatTextTable(plainComparison(runs)), ...stopped(runs)].join('\n'),
        )
        .join('\n');
}

export function formatRunsMarkdown(all: readonly ReportRuns[], compare = plainComparison): string {
    return all
        .map(runs => [`### ${heading(runs)}`, '', formatMarkdownTable(compare(runs)), ...stopped(runs)].join('\n'))
        .join('\n');
}

/** One CSV for all runs: a `run` column first, so that several run blocks stay one table. */
export function formatRunsCsv(all: readonly ReportRuns[], compare = plainComparison): string {
    const blocks = all.map((runs, i) => {
        const lines = formatCsv(compare(runs)).trimEnd().split('\n');
        const body = lines.slice(1).map(line => `${runs.run},${line}`);
        return i === 0 ? [`run,${lines[0]}`, ...body] : body;
    });
    return blocks.flat().join('\n') + '\n';
}
