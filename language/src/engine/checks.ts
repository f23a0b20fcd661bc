/**
 * `expect` and `=>` checks: a figure, optionally qualified by CPU, page-table level, notifier or mm,
 * read from the counters (cumulative) or as a statement's delta.
 */
import type { Check, Comparator } from './scenario.js';
import { FIG } from './counters.js';
import { LEVEL_NAMES, type LevelName } from './figures.js';
import type { Kernel } from './kernel.js';

/** The cumulative value of a check's figure since the start of the run. */
export function readFigure(k: Kernel, check: Check): number {
    const fig = FIG[check.figure];
    const q = check.qualifier;
    let counts: Float64Array | undefined = k.counters.total;
    if (q?.kind === 'cpu') counts = k.counters.perCpu[q.cpu];
    else if (q?.kind === 'notifier') counts = k.notifiers.get(q.name)?.figs;
    else if (q?.kind === 'mm') counts = k.mmNamed(q.name)?.figs;
    else if (q?.kind === 'level') {
        const level = LEVEL_NAMES.indexOf(q.level as LevelName);
        if (check.figure === 'ptPagesAllocated') return level >= 0 ? k.counters.ptAllocated[level] : 0;
        if (check.figure === 'ptPagesFreed') return level >= 0 ? k.counters.ptFreed[level] : 0;
    }
    if (!counts) return 0;
    return check.figure === 'estimatedTime' ? k.costs.priceNs(counts) : counts[fig];
}

export function compare(actual: number, comparator: Comparator, value: number): boolean {
    switch (comparator) {
        case '==':
            return Math.abs(actual - value) <= 1e-9 * Math.max(1, Math.abs(value));
        case '!=':
            return !compare(actual, '==', value);
        case '<':
            return actual < value;
        case '<=':
            return actual <= value;
        case '>':
            return actual > value;
        case '>=':
            return actual >= value;
    }
}
