/**
 * `mscn run FILE [--variant NAME] [--json | --markdown | --csv] [--budget N] [--memory SIZE] [--timeout SECONDS]
 * [--check-invariants]`:
 * runs every run block of the file under every variant (or one), prints the figures side by side, then what
 * went wrong: failed
 * expectations and stale translations with file:line. Exit 1 when an expectation fails, a stale
 * translation or an engine error is found, a run stops at its budget, memory budget or time limit (`--timeout`,
 * default 60 s per run block and variant), or the file has errors;
 * 2 on bad arguments. `--check-invariants` checks the engine's invariants after every statement (a
 * broken one is an engine error on its statement). `--memory` sets the memory budget (engine/memory.ts).
 * Ctrl-C prints the figures so far, marked as interrupted, and exits 130 (engine-thread.ts).
 */
import { relative } from 'node:path';
import { loadRunnableFile } from './load-runnable.js';
import type { ScenarioRuns } from '../execution/run-scenario-file.js';
import { documentRunJob } from '../execution/run-job.js';
import { EngineThread, EXIT_INTERRUPTED, interruptedLine } from './engine-thread.js';
import { notExactlyOne, parseCommandArgs, usageError } from './command-args.js';
import { RUN_BOUND_OPTIONS, runBounds, type RunBounds } from './run-bounds-args.js';
import { formatRunsText, formatRunsMarkdown, formatRunsCsv } from '../report/format-runs.js';
import { buildJsonReport } from '../report/json-report.js';
import { findingsText, runFindings, type Finding } from '../report/run-findings.js';

const USAGE =
    'usage: mscn run FILE [--variant NAME] [--json | --markdown | --csv] [--budget N] [--memory SIZE] ' +
    '[--timeout SECONDS] [--check-invariants]\n';

export interface RunArgs extends RunBounds {
    file: string;
    variant?: string;
    format: 'text' | 'json' | 'markdown' | 'csv';
    checkInvariants?: boolean;
}

function parseRunArgs(args: string[]): RunArgs | string {
    const parsed = parseCommandArgs(args, {
        variant: { type: 'string' },
        json: { type: 'boolean' },
        markdown: { type: 'boolean' },
        csv: { type: 'boolean' },
        ...RUN_BOUND_OPTIONS,
        'check-invariants': { type: 'boolean' },
    });
    if (typeof parsed === 'string') return parsed;
    const { values, positionals } = parsed;
    const count = notExactlyOne(positionals);
    if (count) return count;
    const formats = (['json', 'markdown', 'csv'] as const).filter(f => values[f]);
    if (formats.length > 1) return `--${formats[0]} and --${formats[1]} exclude each other`;
    const bounds = runBounds(values);
    if (typeof bounds === 'string') return bounds;
    return {
        file: positionals[0],
        variant: values.variant,
        format: formats[0] ?? 'text',
        ...bounds,
        checkInvariants: values['check-invariants'] ?? undefined,
    };
}

export async function runCommand(args: string[]): Promise<number> {
    const parsed = parseRunArgs(args);
    if (typeof parsed === 'string') return usageError('run', parsed, USAGE);
    // Listening for Ctrl-C from before the file is read: one pressed while it loads stops the run at its start.
    const thread = new EngineThread();
    try {
        return await runFile(thread, parsed);
    } finally {
        await thread.close();
    }
}

async function runFile(thread: EngineThread, parsed: RunArgs): Promise<number> {
    const file = await loadRunnableFile('run', parsed.file);
    if (typeof file === 'number') return file;
    const job = documentRunJob(file.document.parseResult.value, file.imports, file.document.uri.fsPath, {
        variant: parsed.variant,
        budget: parsed.budget,
        memory: parsed.memory,
        timeout: parsed.timeout,
    });
    if (typeof job === 'string') {
        process.stderr.write(`mscn run: ${job}\n`);
        return 2;
    }
    let runs: ScenarioRuns[];
    try {
        runs = await thread.run({ job, checkInvariants: parsed.checkInvariants });
    } catch (error) {
        process.stderr.write(`mscn run: ${error instanceof Error ? error.message : String(error)}\n`);
        return 1;
    }
    const shown = relative(process.cwd(), file.document.uri.fsPath) || parsed.file;
    const code = writeRunsReport(parsed.format, shown, runs, render(parsed, runs));
    if (thread.interrupted) {
        process.stderr.write(`mscn run: ${interruptedLine(runs)}\n`);
        return EXIT_INTERRUPTED;
    }
    return code;
}

/**
 * Prints the rendered report, then (text and Markdown) each run block's findings as file:line:col;
 * returns 1 when one is an error or a run stopped at its budget. `mscn merge` prints through it too,
 * with the findings its lines carry.
 */
export function writeRunsReport(
    format: RunArgs['format'],
    shown: string,
    runs: readonly ScenarioRuns[],
    rendered: string,
    findingsOf: (runs: ScenarioRuns) => Finding[] = r => runFindings(r.results),
): number {
    process.stdout.write(rendered);
    const findings = findingsText(shown, runs, findingsOf);
    if (format === 'text' || format === 'markdown') process.stdout.write(findings.text);
    return findings.failed ? 1 : 0;
}

function render(args: RunArgs, runs: ScenarioRuns[]): string {
    switch (args.format) {
        case 'json':
            return `${JSON.stringify(buildJsonReport(args.file, runs), undefined, 2)}\n`;
        case 'markdown':
            return formatRunsMarkdown(runs);
        case 'csv':
            return formatRunsCsv(runs);
        default:
            return formatRunsText(args.file, runs);
    }
}
