/**
 * Model vs kernel, per top-level statement and in total. The kernel's figures are deltas of the
 * helper's counter readings, minus the same deltas of the empty run (the helper's own fixed
 * overhead: its spinner threads' first steps, the copy of its own stack and libc tables at a fork).
 * Faults and VmPTE are exact and taken from the first run; IPIs depend on what else the machine
 * runs and are min/median/max over the repeats (docs/probe.md).
 */
import type { RunResult } from '../engine/index.js';
import type { SourceLoc } from '../engine/scenario.js';
import type { PlanMark, ProbePlan } from './plan.js';
import type { MarkReading } from './native.js';

/** The figures both sides report: faults, VmPTE / 4 KiB, and flush IPIs (model: sent, kernel: received). */
export interface ModelFigures {
    pageFaults: number;
    ptPages: number;
    ipis: number;
}
export interface Spread {
    min: number;
    median: number;
    max: number;
}
export interface KernelFigures {
    pageFaults: number;
    ptPages: number;
    ipis: Spread;
}

export interface StatementComparison {
    id: number;
    loc: SourceLoc;
    kind: string;
    model: ModelFigures;
    kernel: KernelFigures;
}

export interface ProbeComparison {
    run: string;
    variant: string;
    repeat: number;
    statements: StatementComparison[];
    /** pageFaults and ipis summed; ptPages: the peak over the statements (VmPTE is a level, not a count). */
    totals: { model: ModelFigures; kernel: KernelFigures };
    /** The empty run's counts, already subtracted. */
    overhead: { pageFaults: number; ptPages: number; ipis: number };
}

interface Deltas {
    faults: number[];
    ptPages: number[];
    ipis: number[];
}

/** Per mark (the base excluded): fault and IPI deltas, and VmPTE pages since the base. */
function deltas(readings: MarkReading[]): Deltas {
    const base = readings[0];
    const out: Deltas = { faults: [], ptPages: [], ipis: [] };
    const sum = (r: MarkReading) => r.tlbIpis.reduce((a, b) => a + b, 0);
    for (let i = 1; i < readings.length; i++) {
        out.faults.push(readings[i].faults - readings[i - 1].faults);
        out.ptPages.push((readings[i].vmPteKb - base.vmPteKb) / 4);
        out.ipis.push(sum(readings[i]) - sum(readings[i - 1]));
    }
    return out;
}

export function spread(values: number[]): Spread {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    return { min: sorted[0], median, max: sorted[sorted.length - 1] };
}

function modelOf(mark: PlanMark, result: RunResult): ModelFigures {
    const figures = result.statements.find(s => s.id === mark.id)?.figures ?? {};
    return { pageFaults: figures.pageFaults ?? 0, ptPages: mark.ptPages, ipis: figures.ipis ?? 0 };
}

/**
 * Noise only adds (a fault of the helper's own, a late first step of a spinner): per statement, the least
 * count over the measured runs minus the least over the empty runs. IPIs are spread over the runs.
 */
export function compare(
    plan: ProbePlan,
    result: RunResult,
    runs: MarkReading[][],
    empties: MarkReading[][],
): ProbeComparison {
    const measured = runs.map(deltas);
    const nones = empties.map(deltas);
    const least = (all: Array<ReturnType<typeof deltas>>, pick: (d: ReturnType<typeof deltas>) => number) =>
        Math.min(...all.map(pick));
    const none = {
        faults: plan.marks.map((_, i) => least(nones, d => d.faults[i])),
        ptPages: plan.marks.map((_, i) => least(nones, d => d.ptPages[i])),
        ipis: plan.marks.map((_, i) => least(nones, d => d.ipis[i])),
    };
    const statements = plan.marks.map((mark, i): StatementComparison => ({
        id: mark.id,
        loc: mark.loc,
        kind: mark.kind,
        model: modelOf(mark, result),
        kernel: {
            pageFaults: least(measured, d => d.faults[i]) - none.faults[i],
            ptPages: least(measured, d => d.ptPages[i]) - none.ptPages[i],
            ipis: spread(measured.map(m => m.ipis[i] - none.ipis[i])),
        },
    }));
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const peak = (values: number[]) => Math.max(0, ...values);
    return {
        run: plan.run,
        variant: plan.variant,
        repeat: runs.length,
        statements,
        totals: {
            model: {
                pageFaults: result.totals.pageFaults,
                ptPages: peak(statements.map(s => s.model.ptPages)),
                ipis: result.totals.ipis,
            },
            kernel: {
                pageFaults: sum(statements.map(s => s.kernel.pageFaults)),
                ptPages: peak(statements.map(s => s.kernel.ptPages)),
                ipis: spread(measured.map(m => sum(m.ipis) - sum(none.ipis))),
            },
        },
        overhead: { pageFaults: sum(none.faults), ptPages: peak(none.ptPages), ipis: sum(none.ipis) },
    };
}
