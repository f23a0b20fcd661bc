/**
 * Variants side by side: the figures of several runs of one scenario as rows × columns, with ratios
 * against the first (base) variant. Shared by `mscn run`'s text, Markdown and CSV output and by the
 * comparison panel, so that every view shows the same numbers.
 */
import { FIGURE_NAMES, NOTIFIER_FIGURES, type FigureName } from '../engine/figures.js';
import { own } from '../own.js';

/** What the comparison needs of one engine run: its variant and its figures. */
export interface VariantFigures {
    variant: string;
    totals: Readonly<Record<FigureName, number>>;
    perNotifier: Readonly<Record<string, Readonly<Record<FigureName, number>>>>;
}

export interface ComparisonRow {
    /** `secondaryFlushes` or, per notifier, `secondaryFlushes(gru)`. */
    label: string;
    figure: FigureName;
    notifier?: string;
    values: number[];
    /** values[i] / values[0] for i ≥ 1; undefined where the base is 0. */
    ratios: (number | undefined)[];
}

export interface Comparison {
    variants: string[];
    rows: ComparisonRow[];
}

/** Rows for every figure that is non-zero in at least one variant, in the order of figures.ts. */
export function compareVariants(runs: readonly VariantFigures[]): Comparison {
    const rows: ComparisonRow[] = [];
    const notifiers = [...new Set(runs.flatMap(r => Object.keys(r.perNotifier)))].sort();
    for (const figure of FIGURE_NAMES) {
        addRow(
            rows,
            figure,
            figure,
            undefined,
            runs.map(r => r.totals[figure] ?? 0),
        );
        if (NOTIFIER_FIGURES.has(figure) && notifiers.length > 1) {
            for (const name of notifiers) {
                addRow(
                    rows,
                    `${figure}(${name})`,
                    figure,
                    name,
                    runs.map(r => own(r.perNotifier, name)?.[figure] ?? 0),
                );
            }
        }
    }
    return { variants: runs.map(r => r.variant), rows };
}

function addRow(
    rows: ComparisonRow[],
    label: string,
    figure: FigureName,
    notifier: string | undefined,
    values: number[],
): void {
    if (values.every(v => v === 0)) return;
    const base = values[0];
    const ratios = values.slice(1).map(v => (base === 0 ? undefined : v / base));
    rows.push({ label, figure, notifier, values, ratios });
}
