/**
 * What a run found that the user must see on a line of the scenario: failed expectations, stale
 * translations (coherence violations, docs/model.md R40), engine errors (a task not current, a kmap
 * that would sleep: each ends the run, R63), segfaults of the modelled program (warnings: the run
 * goes on) and budget stops. `mscn run` prints them as file:line:col; `mscn check` and the
 * language server turn them into diagnostics on their statements.
 */
import type { RunResult } from '../engine/index.js';
import { BASE_VARIANT, type SourceLoc } from '../engine/scenario.js';
import { TIME_FIGURES } from '../engine/figures.js';
import { formatCount, formatNs } from './format-numbers.js';

export interface Finding {
    /** `info`: an engine error an `expect error` line asked for (the design was meant to fail there). */
    severity: 'error' | 'warning' | 'info';
    loc: SourceLoc;
    /** The message without its variant: mergeVariants() says which variants share it. */
    message: string;
    variant: string;
    statementId: number;
}

/** A finding and the variants it occurs in: `[]` when it occurs in every variant that ran. */
export interface MergedFinding extends Omit<Finding, 'variant'> {
    variants: string[];
}

/**
 * One line per distinct finding: the same failed expectation in all four variants of a comparison is
 * one problem of the scenario, said once; one that only some variants have names them.
 */
export function mergeVariants(findings: readonly Finding[], variants: readonly string[]): MergedFinding[] {
    const merged = new Map<string, MergedFinding>();
    for (const f of findings) {
        const key = `${f.loc.line}:${f.loc.column}:${f.severity}:${f.message}`;
        const entry = merged.get(key);
        if (entry) entry.variants.push(f.variant);
        else
            merged.set(key, {
                severity: f.severity,
                loc: f.loc,
                message: f.message,
                statementId: f.statementId,
                variants: [f.variant],
            });
    }
    const all = new Set(variants);
    return [...merged.values()].map(m =>
        m.variants.length === all.size && m.variants.every(v => all.has(v)) && all.size > 1
            ? { ...m, variants: [] }
            : m,
    );
}

/** `message (variant christoph)`, `message (variants a, b)`; no suffix when every variant has it. */
export function describeMerged(f: MergedFinding, variantCount: number): string {
    if (f.variants.length === 0 || (variantCount === 1 && f.variants[0] === BASE_VARIANT)) return f.message;
    return `${f.message} (variant${f.variants.length > 1 ? 's' : ''} ${f.variants.join(', ')})`;
}

/** Stale hits are reported once per statement and variant, with their count: one line per hit would drown the rest. */
export function runFindings(results: readonly RunResult[]): Finding[] {
    return results.flatMap(result => [
        ...checkFindings(result),
        ...staleFindings(result),
        ...errorFindings(result.errors, 'error', result),
        ...errorFindings(result.segfaults ?? [], 'warning', result),
        ...errorFindings(result.warnings ?? [], 'warning', result),
        ...stopFindings(result),
    ]);
}

function checkFindings(result: RunResult): Finding[] {
    return result.failedChecks.map(f => {
        const actual = TIME_FIGURES.has(f.check.figure) ? formatNs(f.actual) : formatCount(f.actual);
        return {
            severity: 'error' as const,
            loc: f.loc,
            variant: result.variant,
            statementId: f.statementId,
            message: `expectation failed: ${f.check.text}, but it is ${actual}`,
        };
    });
}

/** An `expect error "stale"` line makes a statement's stale hits expected: `info`, not an error (R40). */
function staleFindings(result: RunResult): Finding[] {
    const byStatement = new Map<string, { statementId: number; count: number; first: Record<string, unknown> }>();
    for (const event of result.staleTranslations) {
        const key = `${event.statementId}:${event.expected === true ? 'x' : ''}`;
        const entry = byStatement.get(key);
        if (entry) entry.count++;
        else byStatement.set(key, { statementId: event.statementId, count: 1, first: event });
    }
    return [...byStatement.values()].map(({ statementId, count, first }) => ({
        severity: first.expected === true ? ('info' as const) : ('error' as const),
        loc: locOf(result, statementId),
        variant: result.variant,
        statementId,
        message:
            `${first.expected === true ? 'as expected: ' : ''}stale TLB ` +
            `hit${count > 1 ? ` (${formatCount(count)} in all)` : ''}: ${describeStale(first)}`,
    }));
}

/** R40: the CPU, the address, the stale entry and what a fresh walk gives instead. */
function describeStale(event: Record<string, unknown>): string {
    const parts: string[] = [];
    if (event.cpu !== undefined) parts.push(`cpu ${String(event.cpu)}`);
    if (typeof event.address === 'string' || typeof event.address === 'number')
        parts.push(`address ${formatAddress(event.address)}`);
    const detail = typeof event.reason === 'string' ? event.reason : 'the TLB entry no longer matches the page table';
    const entry = describeEntry(event.entry);
    const walk = describeWalk(event.pageTable);
    const found = [entry && `entry ${entry}`, walk && `fresh walk ${walk}`].filter(Boolean).join('; ');
    return `${parts.length > 0 ? `${parts.join(', ')}: ` : ''}${detail}${found ? ` (${found})` : ''}`;
}

function describeEntry(entry: unknown): string {
    if (typeof entry !== 'object' || entry === null) return '';
    const e = entry as Record<string, unknown>;
    const where = typeof e.tlb === 'string' ? `${e.tlb} TLB set ${String(e.set)} way ${String(e.way)}` : '';
    return [where, e.frame !== undefined ? `frame ${String(e.frame)}` : ''].filter(Boolean).join(', ');
}

function describeWalk(pageTable: unknown): string {
    if (typeof pageTable === 'string') return pageTable;
    if (typeof pageTable !== 'object' || pageTable === null) return '';
    const p = pageTable as Record<string, unknown>;
    return `frame ${String(p.frame)}${p.writable === false ? ', read-only' : ''}`;
}

function formatAddress(a: string | number): string {
    return typeof a === 'number' ? `0x${a.toString(16)}` : a;
}

/**
 * Errors of one statement that differ only in their addresses are one finding with a count: a write
 * over an unmapped MiB is one mistake, not 256.
 */
function errorFindings(errors: RunResult['errors'], severity: 'error' | 'warning', result: RunResult): Finding[] {
    const groups = new Map<string, { error: RunResult['errors'][number]; count: number }>();
    for (const error of errors) {
        const key = `${error.statementId}:${error.expected ? 'x' : ''}:${error.message.replace(/0x[0-9a-f_]+/gi, '#')}`;
        const group = groups.get(key);
        if (group) group.count++;
        else groups.set(key, { error, count: 1 });
    }
    return [...groups.values()].map(({ error, count }) => ({
        severity: error.expected ? ('info' as const) : severity,
        loc: error.loc,
        variant: result.variant,
        statementId: error.statementId,
        message:
            (error.expected ? 'as expected: ' : '') +
            error.message +
            (count > 1 ? ` (and ${formatCount(count - 1)} more like it)` : ''),
    }));
}

function stopFindings(result: RunResult): Finding[] {
    if (!result.stopped) return [];
    const { statementId, message } = result.stopped;
    return [
        {
            severity: 'warning',
            loc: locOf(result, statementId),
            variant: result.variant,
            statementId,
            message: `${message}`,
        },
    ];
}

function locOf(result: RunResult, statementId: number): SourceLoc {
    return result.statements.find(s => s.id === statementId)?.loc ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
}

/**
 * Whether a run stopped before its end (budget, memory budget, time limit or cancellation): its figures are
 * partial and its expectations unevaluated, so `mscn run` and `mscn check` exit 1 (docs/limits.md).
 */
export function stoppedEarly(runs: readonly RunsBlock[]): boolean {
    return runs.some(r => r.results.some(v => v.stopped !== undefined));
}

/** A run block's results; `ScenarioRuns` of execution/ without importing it. */
interface RunsBlock {
    results: RunResult[];
}

/**
 * What `mscn run` prints after the figures (text and Markdown): each run block's findings as
 * `file:line:col: severity: message`, after one empty line; `failed` when one is an error or a run did
 * not finish (a budget stop leaves expectations unevaluated). The editor's run command prints it too.
 */
export function findingsText<R extends RunsBlock>(
    shown: string,
    runs: readonly R[],
    findingsOf: (runs: R) => Finding[] = r => runFindings(r.results),
): { text: string; failed: boolean } {
    let text = '';
    let failed = false;
    for (const r of runs) {
        const variants = r.results.map(v => v.variant);
        const findings = mergeVariants(findingsOf(r), variants);
        failed ||= findings.some(f => f.severity === 'error') || stoppedEarly([r]);
        if (findings.length > 0) text += '\n';
        for (const f of findings)
            text += `${shown}:${f.loc.line}:${f.loc.column}: ${f.severity}: ${describeMerged(f, variants.length)}\n`;
    }
    return { text, failed };
}
