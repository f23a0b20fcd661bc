/**
 * Per statement, the figures on which the variants differ: which line made the difference, and by how
 * much against the base. Statements where every variant counted the same are left out.
 */
import { FIGURE_NAMES, TIME_FIGURES } from '../../language/src/engine/figures.js';
import { formatCount, formatNs } from '../../language/src/report/format-numbers.js';
import type { ComparisonRun } from '../src/panels/messages.js';
import { el } from './dom.js';

/** Rows shown before the rest is summed up in a line (a long repeat can differ on thousands). */
export const MAX_DIFFERENCE_ROWS = 200;

export interface DifferenceRow {
    id: number;
    line: number;
    figure: string;
    values: number[];
}

export function differenceRows(run: ComparisonRun): DifferenceRow[] {
    const rows: DifferenceRow[] = [];
    for (const s of run.statements) {
        for (const figure of FIGURE_NAMES) {
            const values = s.figures.map(f => f[figure] ?? 0);
            if (values.some(v => v !== values[0])) rows.push({ id: s.id, line: s.line, figure, values });
        }
    }
    return rows;
}

const signed = (n: number, format: (n: number) => string) => (n > 0 ? `+${format(n)}` : n < 0 ? `−${format(-n)}` : '0');

export function statementDifference(doc: Document, run: ComparisonRun): HTMLElement {
    const names = run.variants.map(v => v.variant);
    const rows = differenceRows(run);
    const head = el(
        doc,
        'tr',
        {},
        el(doc, 'th', { scope: 'col' }, 'line'),
        el(doc, 'th', { scope: 'col' }, 'figure'),
        ...names.map(n => el(doc, 'th', { scope: 'col', class: 'num' }, n)),
        ...names.slice(1).map(n => el(doc, 'th', { scope: 'col', class: 'num' }, `${n} − ${names[0]}`)),
    );
    const body = el(doc, 'tbody');
    for (const row of rows.slice(0, MAX_DIFFERENCE_ROWS)) {
        const format = TIME_FIGURES.has(row.figure as never) ? formatNs : formatCount;
        body.append(
            el(
                doc,
                'tr',
                { 'data-statement': row.id, 'data-figure': row.figure },
                el(doc, 'th', { scope: 'row' }, String(row.line)),
                el(doc, 'td', {}, row.figure),
                ...row.values.map(v => el(doc, 'td', { class: 'num' }, format(v))),
                ...row.values
                    .slice(1)
                    .map(v =>
                        el(
                            doc,
                            'td',
                            { class: `num ratio${v > row.values[0] ? ' worse' : ' better'}` },
                            signed(v - row.values[0], format),
                        ),
                    ),
            ),
        );
    }
    const caption =
        rows.length === 0
            ? 'per statement: every variant counted the same'
            : `per statement: ${rows.length} figure(s) that ` +
              `differ${rows.length > MAX_DIFFERENCE_ROWS ? `, the first ${MAX_DIFFERENCE_ROWS} shown` : ''}`;
    return el(
        doc,
        'table',
        { class: 'statement-difference' },
        el(doc, 'caption', {}, caption),
        el(doc, 'thead', {}, head),
        body,
    );
}
