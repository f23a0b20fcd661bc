/**
 * Plain counters keyed by figure, incremented in place; per-statement figures are deltas by
 * subtraction (ChampSim's stats style). One Float64Array per scope: the run's totals, each CPU,
 * each mm and each notifier. estimatedTime is never counted: it is priced from the counts (costs.ts).
 */
import { FIGURE_NAMES, LEVEL_NAMES, type FigureName } from './figures.js';

export type Figures = Record<FigureName, number>;

/** Index of each figure in a counter array. */
export const FIG: Readonly<Record<FigureName, number>> = Object.freeze(
    Object.fromEntries(FIGURE_NAMES.map((name, index) => [name, index])) as Record<FigureName, number>,
);

/** A hidden slot: nanoseconds of secondary-TLB flushes, each notifier priced at its own cost (section 7). */
export const SECONDARY_NS = FIGURE_NAMES.length;
/**
 * A hidden slot: user accesses at or above TASK_SIZE (R64), counted in segfaults alone with no lookup,
 * so that R6's invariant can leave them out (docs/model.md Invariants).
 */
export const SEGFAULTS_ABOVE_TASK = FIGURE_NAMES.length + 1;
export const COUNTER_SLOTS = FIGURE_NAMES.length + 2;

export function newCounterArray(): Float64Array {
    return new Float64Array(COUNTER_SLOTS);
}

/** The CPU of a count that belongs to no CPU: lowmem and page-table bytes, a VAS created from no task. */
export const NO_CPU = -1;

export class Counters {
    /** Per CPU; events with no CPU (setup, unregister) go to `noCpu`. Totals are their sum. */
    readonly perCpu: Float64Array[];
    readonly noCpu = newCounterArray();
    private readonly sum = newCounterArray();
    /** Page-table pages by level, indexed as LEVEL_NAMES. */
    readonly ptAllocated = new Float64Array(LEVEL_NAMES.length);
    readonly ptFreed = new Float64Array(LEVEL_NAMES.length);

    constructor(cpus: number) {
        this.perCpu = Array.from({ length: cpus }, () => newCounterArray());
    }

    /** Adds n to a figure of a CPU (`NO_CPU`: none) and, when given, of an mm (the mm's own array). */
    add(fig: number, n: number, cpu: number, mm?: Float64Array): void {
        (cpu >= 0 ? this.perCpu[cpu] : this.noCpu)[fig] += n;
        if (mm) mm[fig] += n;
    }

    /** The run's totals so far (a view recomputed on each call: copy it to keep it). */
    get total(): Float64Array {
        const sum = this.sum;
        sum.set(this.noCpu);
        for (const c of this.perCpu) for (let i = 0; i < sum.length; i++) sum[i] += c[i];
        return sum;
    }
}

/** A Figures record from a counter array, every name present; estimatedTime from `priceNs`. */
export function toFigures(counts: Float64Array, priceNs: (counts: Float64Array) => number): Figures {
    const out = {} as Figures;
    for (let i = 0; i < FIGURE_NAMES.length; i++) out[FIGURE_NAMES[i]] = counts[i];
    out.estimatedTime = priceNs(counts);
    return out;
}

/** after - before, into a fresh array. */
export function delta(after: Float64Array, before: Float64Array): Float64Array {
    const out = newCounterArray();
    for (let i = 0; i < out.length; i++) out[i] = after[i] - before[i];
    return out;
}
