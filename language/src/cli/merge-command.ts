/**
 * `mscn merge FILE.jsonl... [--json | --markdown | --csv]`: joins the lines of `mscn sweep` (one
 * file per shard, in any order, any number of shards) into the table, Markdown, CSV or JSON that
 * `mscn run` prints for the same scenario, with the same findings and exit code. Every point must
 * be there exactly once; a missing one is named, so that its shard can be run again.
 */
import * as fs from 'node:fs';
import { relative, resolve } from 'node:path';
import type { RunResult } from '../engine/index.js';
import type { ScenarioRuns } from '../execution/run-scenario-file.js';
import { formatRunsCsv, formatRunsMarkdown, formatRunsText } from '../report/format-runs.js';
import { jsonReportOf } from '../report/json-report.js';
import type { Finding } from '../report/run-findings.js';
import { parseCommandArgs, usageError } from './command-args.js';
import { writeRunsReport, type RunArgs } from './run-command.js';
import { parseSweepLine, type SweepLine } from './sweep-lines.js';

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
    if (typeof lines === 'string') {
        process.stderr.write(`mscn merge: ${lines}\n`);
        return 1;
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

/** Every point once, in order; a string says what is wrong (an unreadable file, a bad line, a missing point). */
function readLines(paths: readonly string[]): SweepLine[] | string {
    const byPoint = new Map<number, SweepLine>();
    let first: SweepLine | undefined;
    for (const path of paths) {
        let text: string;
        try {
            text = fs.readFileSync(path, 'utf8');
        } catch (error) {
            return `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
        }
        const rows = text.split('\n');
        for (let i = 0; i < rows.length; i++) {
            if (rows[i].trim() === '') continue;
            const line = parseSweepLine(rows[i]);
            if (typeof line === 'string') return `${path}:${i + 1}: ${line}`;
            first ??= line;
            if (line.file !== first.file || line.points !== first.points) {
                return (
                    `${path}:${i + 1}: a point of ${line.file} (${line.points} points), ` +
                    `but the first line is of ${first.file} (${first.points} points): one sweep at a time`
                );
            }
            const seen = byPoint.get(line.point);
            if (seen && JSON.stringify(seen) !== JSON.stringify(line))
                return `${path}:${i + 1}: point ${line.point} twice, with different figures`;
            byPoint.set(line.point, line);
        }
    }
    if (!first) return 'no points in the files given';
    const missing = [...Array(first.points).keys()].filter(p => !byPoint.has(p));
    if (missing.length > 0) {
        const list = missing.slice(0, 10).join(', ') + (missing.length > 10 ? ', ...' : '');
        return `${missing.length} of ${first.points} points missing (${list}): run their shards again`;
    }
    return [...byPoint.values()].sort((a, b) => a.point - b.point);
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
