/**
 * The lines of `mscn sweep` (docs/sweeps.md): one JSON object per point, written whole, so that a
 * shard's file is usable however far it got and `mscn merge` can join any number of them. Bump
 * SWEEP_SCHEMA when a field changes meaning or disappears.
 */
import type { RunResult } from '../engine/index.js';
import { variantReport, type VariantReport } from '../report/json-report.js';
import { pointParams } from '../report/sweep-params.js';

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

/** A line read back, or why it is not one. */
export function parseSweepLine(text: string): SweepLine | string {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        return 'not JSON';
    }
    const line = value as Partial<SweepLine>;
    if (typeof value !== 'object' || value === null || line.schema !== SWEEP_SCHEMA)
        return `not an ${SWEEP_SCHEMA} line`;
    const ok =
        typeof line.file === 'string' &&
        Number.isSafeInteger(line.point) &&
        Number.isSafeInteger(line.points) &&
        typeof line.run === 'string' &&
        typeof line.variant === 'string' &&
        typeof line.result === 'object' &&
        line.result !== null &&
        (line.point as number) >= 0 &&
        (line.point as number) < (line.points as number);
    return ok ? (line as SweepLine) : 'a line with missing fields';
}
