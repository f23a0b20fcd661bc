/**
 * The lines of `mscn sweep` (docs/sweeps.md): one JSON object per point, written whole, so that a
 * shard's file is usable however far it got and `mscn merge` can join any number of them. Bump
 * SWEEP_SCHEMA when a field changes meaning or disappears.
 */
import type { RunResult } from '../engine/index.js';
import { variantReport, type VariantReport } from '../report/json-report.js';
import { pointParams } from '../report/sweep-params.js';
import { FIGURE_NAMES } from '../engine/figures.js';
import { SWEEP_MAX_LIMIT } from '../lowering/sweep.js';

export const SWEEP_SCHEMA = 'mscn-sweep/1';

/** Where a point stands in the sweep: what `mscn sweep` knows of it before it runs. */
export interface PointHeader {
    /** The scenario file as given to `mscn sweep`. */
    file: string;
    /** This point's index among all points of the file (0-based), and their number. */
    point: number;
    points: number;
    run: string;
    /** The machine and split of the run block's first point (what `mscn run` heads the block with). */
    machine: string;
    split: string;
}

export interface SweepLine extends PointHeader {
    schema: typeof SWEEP_SCHEMA;
    variant: string;
    /** The swept parameters and their values; `{}` for the base and hand-written variants. */
    params: Record<string, string>;
    /** The variant's part of `mscn run --json` (docs/json-report.md): figures, findings, stop. */
    result: VariantReport;
}

export function sweepLine(header: PointHeader, result: RunResult): string {
    const line: SweepLine = {
        schema: SWEEP_SCHEMA,
        ...header,
        variant: result.variant,
        params: Object.fromEntries(pointParams(result.variant) ?? []),
        result: variantReport(result),
    };
    return JSON.stringify(line);
}

/**
 * The most points a line may say its file has: a sweep's own maximum (`sweep NAME max N`). `mscn merge`
 * counts and lists the missing points up to this, so a hand-edited `points` cannot make it count to 2^53.
 */
export const MAX_SWEEP_FILE_POINTS = SWEEP_MAX_LIMIT;

/** A line read back, or why it is not one (the first field that is wrong, by its path in the line). */
export function parseSweepLine(text: string): SweepLine | string {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        return 'not JSON';
    }
    if (!isObject(value) || value.schema !== SWEEP_SCHEMA) return `not an ${SWEEP_SCHEMA} line`;
    const problem = headerProblem(value) ?? resultProblem(value.result as Json);
    return problem ?? (value as unknown as SweepLine);
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function headerProblem(line: Json): string | undefined {
    const text = ['file', 'run', 'machine', 'split', 'variant'].find(k => typeof line[k] !== 'string');
    if (text) return `${text} is not a string`;
    if (!isCount(line.points) || line.points < 1) return 'points is not a whole number above 0';
    if (line.points > MAX_SWEEP_FILE_POINTS)
        return (
            `points is ${line.points.toLocaleString('en-US')}, over the ` +
            `${MAX_SWEEP_FILE_POINTS.toLocaleString('en-US')} a sweep may have`
        );
    if (!isCount(line.point) || line.point >= line.points)
        return `point is not a whole number from 0 to ${line.points - 1}`;
    if (!isObject(line.params) || Object.values(line.params).some(v => typeof v !== 'string'))
        return 'params is not an object of strings';
    return isObject(line.result) ? undefined : 'result is not an object';
}

/** The fields of the result that `mscn merge` prints from: the figures, the findings and the stop notes. */
function resultProblem(result: Json): string | undefined {
    if (typeof result.variant !== 'string') return 'result.variant is not a string';
    const totals = figuresProblem(result.totals, 'result.totals');
    if (totals) return totals;
    if (!isObject(result.perNotifier)) return 'result.perNotifier is not an object';
    for (const [name, figures] of Object.entries(result.perNotifier)) {
        const problem = figuresProblem(figures, `result.perNotifier.${name}`);
        if (problem) return problem;
    }
    for (const key of ['stopped', 'endedByError'] as const) {
        const stop = result[key];
        if (stop !== null && stop !== undefined && !(isObject(stop) && typeof stop.message === 'string'))
            return `result.${key} is neither null nor an object with a message`;
    }
    if (!Array.isArray(result.findings)) return 'result.findings is not a list';
    const bad = result.findings.findIndex(f => !isFinding(f));
    return bad === -1
        ? undefined
        : `result.findings[${bad}] is not a finding (severity error, warning or info; line, column, ` +
              'statementId and message)';
}

/** Every figure of the engine, each a finite number: a missing one would print as 0 in the table. */
function figuresProblem(figures: unknown, where: string): string | undefined {
    if (!isObject(figures)) return `${where} is not an object`;
    const bad = FIGURE_NAMES.find(name => typeof figures[name] !== 'number' || !Number.isFinite(figures[name]));
    if (bad === undefined) return undefined;
    return bad in figures ? `${where}.${bad} is not a number` : `${where} has no figure ${bad}`;
}

const SEVERITIES: readonly unknown[] = ['error', 'warning', 'info'];

function isFinding(f: unknown): boolean {
    return (
        isObject(f) &&
        SEVERITIES.includes(f.severity) &&
        isCount(f.line) &&
        isCount(f.column) &&
        Number.isSafeInteger(f.statementId) &&
        typeof f.message === 'string'
    );
}
