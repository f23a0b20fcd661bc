/**
 * `mscn check FILE... [--no-run] [--check-invariants] [--budget N] [--memory SIZE] [--timeout SECONDS]`: every
 * diagnostic of the files and their imports, one per line as `file:line:col: severity: message`, sorted by file,
 * line and column. Exit 1 on any error or unreadable file, or when a run stops at its budget, memory budget or
 * time limit (as `mscn run` does: its figures are partial, its expectations unchecked), 0 otherwise. A file
 * without errors is then run (unless `--no-run`): failed expectations, stale translations and engine errors are
 * reported on their statements as well; `--check-invariants` checks the engine's invariants after every
 * statement of that run; `--budget`, `--memory` and `--timeout` bound it as they bound `mscn run`. Ctrl-C prints
 * the findings so far, marked as interrupted, and exits 130 (engine-thread.ts).
 */
import { relative } from 'node:path';
import type { LangiumDocument } from 'langium';
import { loadScenarioFiles, type LoadedFile } from './load-document.js';
import type { ScenarioRuns } from '../execution/run-scenario-file.js';
import { documentRunJob } from '../execution/run-job.js';
import { EngineThread, EXIT_INTERRUPTED, interruptedLine } from './engine-thread.js';
import { parseCommandArgs, usageError } from './command-args.js';
import { RUN_BOUND_OPTIONS, runBounds, type RunBounds } from './run-bounds-args.js';
import { describeMerged, mergeVariants, runFindings, stoppedEarly } from '../report/run-findings.js';

const SEVERITIES = ['', 'error', 'warning', 'info', 'hint'];
const USAGE =
    'usage: mscn check FILE... [--no-run] [--check-invariants] [--budget N] [--memory SIZE] [--timeout SECONDS]\n';

interface CheckArgs extends RunBounds {
    files: string[];
    run: boolean;
    checkInvariants: boolean;
}

const OPTIONS = ['--no-run', '--check-invariants', '--budget', '--memory', '--timeout'];

function parseCheckArgs(args: string[]): CheckArgs | string {
    const unknown = args.find(a => a.startsWith('-') && !OPTIONS.includes(a.split('=')[0]));
    if (unknown !== undefined) return `unknown option '${unknown}'`;
    const parsed = parseCommandArgs(args, {
        'no-run': { type: 'boolean' },
        'check-invariants': { type: 'boolean' },
        ...RUN_BOUND_OPTIONS,
    });
    if (typeof parsed === 'string') return parsed;
    const { values, positionals } = parsed;
    if (positionals.length === 0) return 'no file given';
    const bounds = runBounds(values);
    if (typeof bounds === 'string') return bounds;
    return {
        files: positionals,
        run: values['no-run'] !== true,
        checkInvariants: values['check-invariants'] === true,
        ...bounds,
    };
}

export interface Line {
    file: string;
    line: number;
    column: number;
    severity: string;
    message: string;
}

export async function checkCommand(args: string[]): Promise<number> {
    const parsed = parseCheckArgs(args);
    if (typeof parsed === 'string') return usageError('check', parsed, USAGE);
    // Listening for Ctrl-C from before the files are read: one pressed while they load stops the first run at
    // its start.
    const thread = new EngineThread();
    try {
        return await checkFiles(thread, parsed);
    } finally {
        await thread.close();
    }
}

async function checkFiles(thread: EngineThread, parsed: CheckArgs): Promise<number> {
    const loaded = await loadScenarioFiles(parsed.files);
    for (const failure of loaded.failures) process.stderr.write(`mscn check: ${failure.message}\n`);
    const lines = loaded.documents.flatMap(diagnosticLines);
    let interrupted: string | undefined;
    let engineFailed = false;
    let stopped = false;
    const clean = parsed.run
        ? loaded.files.filter(f => !lines.some(l => l.severity === 'error' && l.file === displayPath(f.document)))
        : [];
    for (const f of clean) {
        const found = await runLines(thread, f, parsed);
        if (typeof found === 'string') process.stderr.write(`mscn check: ${found}\n`);
        else lines.push(...found.lines);
        stopped ||= typeof found !== 'string' && stoppedEarly(found.runs);
        engineFailed ||= typeof found === 'string';
        if (thread.interrupted) {
            interrupted = typeof found === 'string' ? 'interrupted by SIGINT' : interruptedLine(found.runs);
            break;
        }
    }
    lines.sort(compareLines);
    for (const l of lines) process.stdout.write(`${formatLine(l)}\n`);
    if (interrupted !== undefined) {
        process.stderr.write(`mscn check: ${interrupted}\n`);
        return EXIT_INTERRUPTED;
    }
    const errors = lines.some(l => l.severity === 'error') || loaded.failures.length > 0 || engineFailed || stopped;
    return errors ? 1 : 0;
}

function displayPath(document: LangiumDocument): string {
    return relative(process.cwd(), document.uri.fsPath) || document.uri.fsPath;
}

/**
 * What running the file finds, as diagnostic lines on its statements (merged across variants), with the
 * runs; a string when the engine failed.
 */
async function runLines(
    thread: EngineThread,
    file: LoadedFile,
    args: CheckArgs,
): Promise<{ lines: Line[]; runs: ScenarioRuns[] } | string> {
    const job = documentRunJob(file.document.parseResult.value, file.imports, file.document.uri.fsPath, {
        budget: args.budget,
        memory: args.memory,
        timeout: args.timeout,
    });
    if (typeof job === 'string') return { lines: [], runs: [] };
    let runs: ScenarioRuns[];
    try {
        runs = await thread.run({ job, checkInvariants: args.checkInvariants });
    } catch (error) {
        return `${displayPath(file.document)}: ${error instanceof Error ? error.message : String(error)}`;
    }
    const lines = runs.flatMap(r => {
        const variants = r.results.map(v => v.variant);
        return mergeVariants(runFindings(r.results), variants).map(f => ({
            file: displayPath(file.document),
            line: f.loc.line,
            column: f.loc.column,
            severity: f.severity,
            message: describeMerged(f, variants.length),
        }));
    });
    return { lines, runs };
}

export function diagnosticLines(document: LangiumDocument): Line[] {
    const file = displayPath(document);
    return (document.diagnostics ?? []).map(d => ({
        file,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        severity: SEVERITIES[d.severity ?? 1] ?? 'error',
        message: d.message.replace(/\s*\n\s*/g, ' '),
    }));
}

export function formatLine(l: Line): string {
    return `${l.file}:${l.line}:${l.column}: ${l.severity}: ${l.message}`;
}

function compareLines(a: Line, b: Line): number {
    return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.message.localeCompare(b.message);
}
