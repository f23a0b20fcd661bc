/**
 * `mscn run FILE [--variant NAME] [--json | --markdown | --csv] [--budget N] [--check-invariants]`: runs every run
 * block of the file under every variant (or one), prints the figures side by side, then what went wrong: failed
 * expectations and stale translations with file:line. Exit 1 when an expectation fails, a stale
 * translation or an engine error is found, a run stops at its budget, or the file has errors;
 * 2 on bad arguments. `--check-invariants` checks the engine's invariants after every statement (a
 * broken one is an engine error on its statement).
 */
import { parseArgs } from 'node:util';
import { relative } from 'node:path';
import { loadRunnableFile } from './load-runnable.js';
import { runScenarioFile, type ScenarioRuns } from '../execution/run-scenario-file.js';
import { formatRunsText, formatRunsMarkdown, formatRunsCsv } from '../report/format-runs.js';
import { buildJsonReport } from '../report/json-report.js';
import { describeMerged, mergeVariants, runFindings, type Finding } from '../report/run-findings.js';

const USAGE = 'usage: mscn run FILE [--variant NAME] [--json | --markdown | --csv] [--budget N] [--check-invariants]\n';

export interface RunArgs {
    file: string; variant?: string; format: 'text' | 'json' | 'markdown' | 'csv'; budget?: number; checkInvariants?: boolean;
}

function parseRunArgs(args: string[]): RunArgs | string {
    let parsed;
    try {
        parsed = parseArgs({
            args, allowPositionals: true, strict: true,
            options: {
                variant: { type: 'string' }, json: { type: 'boolean' }, markdown: { type: 'boolean' },
                csv: { type: 'boolean' }, budget: { type: 'string' }, 'check-invariants': { type: 'boolean' },
            },
        });
    } catch (error) {
        return error instanceof Error ? error.message : String(error);
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) return positionals.length === 0 ? 'no file given' : 'one file at a time';
    const formats = (['json', 'markdown', 'csv'] as const).filter(f => values[f]);
    if (formats.length > 1) return `--${formats[0]} and --${formats[1]} exclude each other`;
    let budget: number | undefined;
    if (values.budget !== undefined) {
        budget = Number(values.budget.replace(/_/g, ''));
        if (!Number.isSafeInteger(budget) || budget <= 0) return `--budget takes a positive whole number, not '${values.budget}'`;
    }
    return {
        file: positionals[0], variant: values.variant, format: formats[0] ?? 'text', budget,
        checkInvariants: values['check-invariants'] ?? undefined,
    };
}

export async function runCommand(args: string[]): Promise<number> {
    const parsed = parseRunArgs(args);
    if (typeof parsed === 'string') {
        process.stderr.write(`mscn run: ${parsed}\n${USAGE}`);
        return 2;
    }
    const file = await loadRunnableFile('run', parsed.file);
    if (typeof file === 'number') return file;
    const runs = runScenarioFile(file.document.parseResult.value, file.imports, file.document.uri.fsPath, {
        variant: parsed.variant, budget: parsed.budget, checkInvariants: parsed.checkInvariants,
    });
    if (typeof runs === 'string') {
        process.stderr.write(`mscn run: ${runs}\n`);
        return 2;
    }
    const shown = relative(process.cwd(), file.document.uri.fsPath) || parsed.file;
    return writeRunsReport(parsed.format, shown, runs, render(parsed, runs));
}

/**
 * Prints the rendered report, then (text and Markdown) each run block's findings as file:line:col;
 * returns 1 when one is an error or a run stopped at its budget. `mscn merge` prints through it too,
 * with the findings its lines carry.
 */
export function writeRunsReport(
    format: RunArgs['format'], shown: string, runs: readonly ScenarioRuns[], rendered: string,
    findingsOf: (runs: ScenarioRuns) => Finding[] = r => runFindings(r.results),
): number {
    process.stdout.write(rendered);
    let failed = false;
    for (const r of runs) {
        const variants = r.results.map(v => v.variant);
        const findings = mergeVariants(findingsOf(r), variants);
        // A budget stop leaves expectations unevaluated: a run that did not finish has not passed.
        failed ||= findings.some(f => f.severity === 'error') || r.results.some(v => v.stopped !== undefined);
        if (format !== 'text' && format !== 'markdown') continue;
        if (findings.length > 0) process.stdout.write('\n');
        for (const f of findings) {
            process.stdout.write(`${shown}:${f.loc.line}:${f.loc.column}: ${f.severity}: ${describeMerged(f, variants.length)}\n`);
        }
    }
    return failed ? 1 : 0;
}

function render(args: RunArgs, runs: ScenarioRuns[]): string {
    switch (args.format) {
        case 'json': return `${JSON.stringify(buildJsonReport(args.file, runs), undefined, 2)}\n`;
        case 'markdown': return formatRunsMarkdown(runs);
        case 'csv': return formatRunsCsv(runs);
        default: return formatRunsText(args.file, runs);
    }
}
