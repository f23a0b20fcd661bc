/**
 * `mscn merge FILE.jsonl... [--json | --markdown | --csv]`: joins the lines of `mscn sweep` (one
 * file per shard, in any order, any number of shards) into the table, Markdown, CSV or JSON that
 * `mscn run` prints for the same scenario, with the same findings and exit code. Every point must
 * be there exactly once; a missing one is named, so that its shard can be run again.
 */
import { relative, resolve } from 'node:path';
import type { RunResult } from '../engine/index.js';
import type { ScenarioRuns } from '../execution/run-scenario-file.js';
import { formatRunsCsv, formatRunsMarkdown, formatRunsText } from '../report/format-runs.js';
import { jsonReportOf } from '../report/json-report.js';
import type { Finding } from '../report/run-findings.js';
import { parseCommandArgs, usageError } from './command-args.js';
import { writeRunsReport, type RunArgs } from './run-command.js';
import { parseSweepLine, type SweepLine } from './sweep-lines.js';
import { forEachLine } from '../files/line-reader.js';

const USAGE = 'usage: mscn merge FILE.jsonl... [--json | --markdown | --csv]\n';

export async function mergeCommand(args: string[]): Promise<number> {
    const parsed = parseCommandArgs(args, {
        json: { type: 'boolean' },
        markdown: { type: 'boolean' },
        csv: { type: 'boolean' },
    });
    if (typeof parsed === 'string') return usageError('merge', parsed, USAGE);
    const formats = (['json', 'markdown', 'csv'] as const).filter(f => parsed.values[f]);
    if (parsed.positionals.length === 0 || formats.length > 1) {
        const problem = formats.length > 1 ? `--${formats[0]} and --${formats[1]} exclude each other` : 'no file given';
        return usageError('merge', problem, USAGE);
    }
    const lines = readLines(parsed.positionals);
    if (!Array.isArray(lines)) {
        process.stderr.write(`mscn merge: ${lines.message}\n`);
        return lines.exit;
    }
    const format: RunArgs['format'] = formats[0] ?? 'text';
    const file = lines[0].file;
    const runs = scenarioRuns(lines);
    const rendered =
        format === 'json'
            ? `${JSON.stringify(
                  jsonReportOf(
                      file,
                      runs.map(r => ({ ...r, variants: r.lines.map(l => l.result) })),
                  ),
                  undefined,
                  2,
              )}\n`
            : format === 'markdown'
              ? formatRunsMarkdown(runs)
              : format === 'csv'
                ? formatRunsCsv(runs)
                : formatRunsText(file, runs);
    const shown = relative(process.cwd(), resolve(file)) || file;
    return writeRunsReport(format, shown, runs, rendered, r => findingsOf((r as MergedRuns).lines));
}

/**
 * The longest line read: a point's report grows with the statements of its scenario (at most 1 MiB of
 * source), far below this; a longer line is not one `mscn sweep` wrote.
 */
const MAX_LINE_BYTES = 64 * 2 ** 20;

/** What is wrong with the files: an unreadable file is a usage error (exit 2), a bad line or missing point 1. */
interface MergeProblem {
    message: string;
    exit: 1 | 2;
}

/** Every point once, in order, read a line at a time; or what is wrong (an unreadable file, a bad line...). */
function readLines(paths: readonly string[]): SweepLine[] | MergeProblem {
    const byPoint = new Map<number, SweepLine>();
    let first: SweepLine | undefined;
    const take = (text: string): string | undefined => {
        if (text.trim() === '') return undefined;
        const line = parseSweepLine(text);
        if (typeof line === 'string') return line;
        first ??= line;
        if (line.file !== first.file || line.points !== first.points)
            return (
                `a point of ${line.file} (${line.points} points), ` +
                `but the first line is of ${first.file} (${first.points} points): one sweep at a time`
            );
        const seen = byPoint.get(line.point);
        if (seen && JSON.stringify(seen) !== JSON.stringify(line))
            return `point ${line.point} twice, with different figures`;
        byPoint.set(line.point, line);
        return undefined;
    };
    for (const path of paths) {
        const problem = forEachLine(path, MAX_LINE_BYTES, take);
        if (problem && 'open' in problem) return { message: `cannot read '${path}': ${problem.open}`, exit: 2 };
        if (problem) return { message: `${path}:${problem.line}: ${problem.message}`, exit: 1 };
    }
    if (!first) return { message: 'no points in the files given', exit: 1 };
    const missing = missingPoints(first.points, byPoint);
    if (missing) return { message: missing, exit: 1 };
    return [...byPoint.values()].sort((a, b) => a.point - b.point);
}

/**
 * The missing points counted, the first ten named; undefined when none is. Every point read is below
 * `points` and read once, so the count is a subtraction: nothing is allocated per missing point.
 */
function missingPoints(points: number, byPoint: ReadonlyMap<number, unknown>): string | undefined {
    const count = points - byPoint.size;
    if (count === 0) return undefined;
    const named: number[] = [];
    for (let p = 0; p < points && named.length < 10; p++) if (!byPoint.has(p)) named.push(p);
    const list = named.join(', ') + (count > named.length ? ', ...' : '');
    return `${count} of ${points} points missing (${list}): run their shards again`;
}

interface MergedRuns extends ScenarioRuns {
    lines: SweepLine[];
}

/** The run blocks in the order of their first point, each with its points in order, as `mscn run` groups them. */
function scenarioRuns(lines: readonly SweepLine[]): MergedRuns[] {
    const runs = new Map<string, MergedRuns>();
    for (const line of lines) {
        let r = runs.get(line.run);
        if (!r)
            runs.set(
                line.run,
                (r = { run: line.run, machine: line.machine, split: line.split, results: [], lines: [] }),
            );
        r.lines.push(line);
        // the fields the table and the stop notes read (report/format-runs.ts); the rest stays in the line
        r.results.push({
            variant: line.variant,
            totals: line.result.totals,
            perNotifier: line.result.perNotifier,
            stopped: line.result.stopped ?? undefined,
            endedByError: line.result.endedByError ?? undefined,
        } as unknown as RunResult);
    }
    return [...runs.values()];
}

function findingsOf(lines: readonly SweepLine[]): Finding[] {
    return lines.flatMap(l =>
        l.result.findings.map(f => ({
            severity: f.severity,
            message: f.message,
            variant: l.variant,
            statementId: f.statementId,
            loc: { line: f.line, column: f.column, endLine: f.line, endColumn: f.column },
        })),
    );
}
