/**
 * The comparison panel: per run block, every variant's figures side by side with the ratios to the
 * base (the same rows as `mscn run`, from language/src/report/comparison.ts, with estimatedTime's
 * parts by event kind after it), and the chart (comparison-chart.ts).
 */
import { compareVariants, type Comparison } from '../../language/src/report/comparison.js';
import { formatCount, formatNs, formatRatio } from '../../language/src/report/format-numbers.js';
import { withTimeByKind } from '../src/panels/time-by-kind.js';
import { barChart } from './comparison-chart.js';
import { TIME_FIGURES } from '../../language/src/engine/figures.js';
import type { ComparisonRun, ExportFormat, ImageFormat, PanelSource } from '../src/panels/messages.js';
import { statementDifference } from './statement-difference.js';
import { el } from './dom.js';
import { sweepSection } from './sweep-chart.js';

/** `source`: kept in the webview state so that the panel can be restored after a reload. */
export interface ComparisonView {
    source?: PanelSource;
    title: string;
    runs: ComparisonRun[];
}

/** A ratio's class: worse above 1, better below. */
function ratioClass(r: number | undefined): string {
    if (r === undefined) return '';
    return r > 1 ? ' worse' : r < 1 ? ' better' : '';
}

function figureTable(doc: Document, run: ComparisonRun, c: Comparison): HTMLElement {
    const base = c.variants[0];
    const head = el(
        doc,
        'tr',
        {},
        el(doc, 'th', { scope: 'col' }, 'figure'),
        ...c.variants.map(v => el(doc, 'th', { scope: 'col', class: 'num' }, v)),
        ...c.variants.slice(1).map(v => el(doc, 'th', { scope: 'col', class: 'num ratio' }, `${v}/${base}`)),
    );
    const body = el(doc, 'tbody');
    for (const row of c.rows) {
        const value = TIME_FIGURES.has(row.figure) ? formatNs : formatCount;
        body.append(
            el(
                doc,
                'tr',
                { 'data-figure': row.label },
                el(
                    doc,
                    'th',
                    { scope: 'row', class: row.label.startsWith('estimatedTime.') ? 'part' : undefined },
                    row.label,
                ),
                ...row.values.map(v => el(doc, 'td', { class: 'num', 'data-value': v }, value(v))),
                ...row.ratios.map(r => el(doc, 'td', { class: `num ratio${ratioClass(r)}` }, formatRatio(r))),
            ),
        );
    }
    return el(
        doc,
        'table',
        { class: 'comparison' },
        el(doc, 'caption', {}, `run ${run.run} on ${run.machine} with ${run.split}: figures per variant`),
        el(doc, 'thead', {}, head),
        body,
    );
}

export interface ComparisonHandlers {
    export(format: ExportFormat): void;
    saveChart(chart: SVGSVGElement, format: ImageFormat): void;
}

function chartButtons(doc: Document, run: ComparisonRun, chart: SVGElement, on: ComparisonHandlers): HTMLElement {
    const box = el(doc, 'div', { class: 'controls' });
    for (const format of ['svg', 'png'] as const) {
        const button = el(
            doc,
            'button',
            { type: 'button', 'aria-label': `Save the chart of run ${run.run} as ${format.toUpperCase()}` },
            `Save chart as ${format.toUpperCase()}`,
        );
        button.addEventListener('click', () => on.saveChart(chart as SVGSVGElement, format));
        box.append(button);
    }
    return box;
}

export function renderComparison(doc: Document, view: ComparisonView, on: ComparisonHandlers): HTMLElement {
    const onExport = (format: ExportFormat) => on.export(format);
    const csv = el(doc, 'button', { type: 'button' }, 'Export CSV');
    const md = el(doc, 'button', { type: 'button' }, 'Export Markdown');
    csv.addEventListener('click', () => onExport('csv'));
    md.addEventListener('click', () => onExport('markdown'));
    const root = el(
        doc,
        'div',
        { class: 'comparison-panel' },
        el(doc, 'h1', {}, view.title),
        el(doc, 'div', { class: 'controls' }, csv, md),
    );
    if (view.runs.length === 0) root.append(el(doc, 'p', { class: 'empty' }, 'No run block in this file.'));
    for (const sent of view.runs) {
        // a view saved before the parts existed has none: the chart then shows no stack
        const run = { ...sent, timeByKind: sent.timeByKind ?? sent.variants.map(() => ({})) };
        const c = compareVariants(run.variants);
        const heading =
            `run ${run.run} on ${run.machine} with ` +
            `${run.split}${c.variants.length > 1 ? `: ${c.variants.length} variants` : ''}`;
        const section = el(
            doc,
            'section',
            { class: 'run', 'aria-label': heading, 'data-run': run.run },
            el(doc, 'h2', {}, heading),
        );
        for (const line of run.stopped) section.append(el(doc, 'p', { class: 'warning', role: 'note' }, line));
        const chart = barChart(doc, run, c);
        section.append(
            figureTable(doc, run, withTimeByKind(c, run.timeByKind)),
            chart,
            chartButtons(doc, run, chart, on),
        );
        const sweep = sweepSection(doc, run, c, (svgChart, format) => on.saveChart(svgChart, format));
        if (sweep) section.append(sweep);
        if (c.variants.length > 1) section.append(statementDifference(doc, run));
        root.append(section);
    }
    return root;
}
