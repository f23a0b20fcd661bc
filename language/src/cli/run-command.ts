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
import { parseArgs } from 'node:util';
import { relative } from 'node:path';
import { loadRunnableFile } from './load-runnable.js';
import type { ScenarioRuns } from '../execution/run-scenario-file.js';
import { documentRunJob } from '../execution/run-job.js';
import { EngineThread, EXIT_INTERRUPTED, interruptedLine } from './engine-thread.js';
import { parseSize } from './size-arg.js';
import { formatRunsText, formatRunsMarkdown, formatRunsCsv } from '../report/format-runs.js';
import { buildJsonReport } from '../report/json-report.js';
import { findingsText, runFindings, type Finding } from '../report/run-findings.js';

const USAGE =
    'usage: mscn run FILE [--variant NAME] [--json | --markdown | --csv] [--budget N] [--memory SIZE] ' +
    '[--timeout SECONDS] [--check-invariants]\n';

export interface RunArgs {
    file: string;
    variant?: string;
    format: 'text' | 'json' | 'markdown' | 'csv';
    budget?: number;
    memory?: number;
    timeout?: number;
    checkInvariants?: boolean;
}

function parseRunArgs(args: string[]): RunArgs | string {
    let parsed;
    try {
        parsed = parseArgs({
            args,
            allowPositionals: true,
            strict: true,
            options: {
                variant: { type: 'string' },
                json: { type: 'boolean' },
                markdown: { type: 'boolean' },
                csv: { type: 'boolean' },
                budget: { type: 'string' },
                memory: { type: 'string' },
                timeout: { type: 'string' },
                'check-invariants': { type: 'boolean' },
            },
        });
    } catch (error) {
        return error instanceof Error ? error.message : String(error);
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) return positionals.length === 0 ? 'no file given' : 'one file at a time';
    const formats = (['json', 'markdown', 'csv'] as const).filter(f => values[f]);
    if (formats.length > 1) return `--${formats[0]} and --${formats[1]} exclude each other`;
    const budget = values.budget === undefined ? undefined : parseBudget(values.budget);
    if (typeof budget === 'string') return budget;
    const memory = values.memory === undefined ? undefined : parseSize(values.memory);
    if (typeof memory === 'string') return memory;
    const timeout = values.timeout === undefined ? undefined : parseTimeout(values.timeout);
    if (typeof timeout === 'string') return timeout;
    return {
        file: positionals[0],
        variant: values.variant,
        format: formats[0] ?? 'text',
        budget,
        memory,
        timeout,
        checkInvariants: values['check-invariants'] ?? undefined,
    };
}

/** `--budget N` of `run` and `check`: a positive whole number of operations (`_` separators allowed). */
export function parseBudget(text: string): number | string {
    const budget = Number(text.replace(/_/g, ''));
    if (!/^[\d_]+$/.test(text) || !Number.isSafeInteger(budget) || budget <= 0)
        return `--budget takes a positive whole number, not '${text}'`;
    return budget;
}

/** The largest `--timeout`: a day. */
const MAX_TIMEOUT_SECONDS = 86_400;

/** `--timeout SECONDS` of `run` and `check`: a positive number of seconds (`0.5`, `60`), at most a day. */
export function parseTimeout(text: string): number | string {
    const seconds = Number(text);
    if (!/^\d+(\.\d+)?$/.test(text) || !(seconds > 0) || seconds > MAX_TIMEOUT_SECONDS)
        return `--timeout takes a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}, not '${text}'`;
    return seconds;
}

export async function runCommand(args: string[]): Promise<number> {
    const parsed = parseRunArgs(args);
    if (typeof parsed === 'string') {
        process.stderr.write(`mscn run: ${parsed}\n${USAGE}`);
        return 2;
    }
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
