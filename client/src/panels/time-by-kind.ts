/**
 * Estimated time by event kind in the comparison: the kinds any variant spent time on, and rows
 * `estimatedTime.<kind>` after the estimatedTime row, so the table, CSV and Markdown carry the parts of
 * the total that the chart stacks. Pure: used by the host (exports) and the webview (table, chart).
 */
import { FIGURE_NAMES, type FigureName } from '../../../language/src/engine/figures.js';
import type { TimeByKind } from '../../../language/src/engine/index.js';
import type { Comparison, ComparisonRow } from '../../../language/src/report/comparison.js';

/** Kinds with time in at least one variant, in the order of figures.ts (which is the engine's order). */
export function timeKinds(parts: readonly TimeByKind[]): FigureName[] {
    return FIGURE_NAMES.filter(kind => parts.some(p => (p[kind] ?? 0) !== 0));
}

export function timeRowLabel(kind: FigureName): string {
    return `estimatedTime.${kind}`;
}

/** The comparison with one row per kind right after estimatedTime's (none when no variant has parts). */
export function withTimeByKind(c: Comparison, parts: readonly TimeByKind[]): Comparison {
    const at = c.rows.findIndex(r => r.figure === 'estimatedTime' && r.notifier === undefined);
    if (at < 0) return c;
    const kindRows: ComparisonRow[] = timeKinds(parts).map(kind => {
        const values = parts.map(p => p[kind] ?? 0);
        const ratios = values.slice(1).map(v => (values[0] === 0 ? undefined : v / values[0]));
        return { label: timeRowLabel(kind), figure: 'estimatedTime', values, ratios };
    });
    return { variants: c.variants, rows: [...c.rows.slice(0, at + 1), ...kindRows, ...c.rows.slice(at + 1)] };
}
