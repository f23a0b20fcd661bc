/**
 * The comparison panel: per run block, every variant's figures side by side with the ratios to the
 * base (the same rows as `mscn run`, from language/src/report/comparison.ts), and a bar chart in
 * plain SVG where each figure's bars are scaled to that figure's largest value.
 */
import { compareVariants, type Comparison } from '../../language/src/report/comparison.js';
import { formatCount, formatNs, formatRatio } from '../../language/src/report/format-numbers.js';
import { TIME_FIGURES } from '../../language/src/engine/figures.js';
import type { ComparisonRun, ExportFormat, ImageFormat, PanelSource } from '../src/panels/messages.js';
import { statementDifference } from './statement-difference.js';
import { el, svg } from './dom.js';

/** `source`: kept in the webview state so that the panel can be restored after a reload. */
export interface ComparisonView { source?: PanelSource; title: string; runs: ComparisonRun[] }

function figureTable(doc: Document, run: ComparisonRun, c: Comparison): HTMLElement {
    const base = c.variants[0];
    const head = el(doc, 'tr', {}, el(doc, 'th', { scope: 'col' }, 'figure'),
        ...c.variants.map(v => el(doc, 'th', { scope: 'col', class: 'num' }, v)),
        ...c.variants.slice(1).map(v => el(doc, 'th', { scope: 'col', class: 'num ratio' }, `${v}/${base}`)));
    const body = el(doc, 'tbody');
    for (const row of c.rows) {
        const value = TIME_FIGURES.has(row.figure) ? formatNs : formatCount;
        body.append(el(doc, 'tr', { 'data-figure': row.label }, el(doc, 'th', { scope: 'row' }, row.label),
            ...row.values.map(v => el(doc, 'td', { class: 'num', 'data-value': v }, value(v))),
            ...row.ratios.map(r => el(doc, 'td', { class: `num ratio${r !== undefined && r > 1 ? ' worse' : r !== undefined && r < 1 ? ' better' : ''}` }, formatRatio(r)))));
    }
    return el(doc, 'table', { class: 'comparison' },
        el(doc, 'caption', {}, `run ${run.run} on ${run.machine} with ${run.split}: figures per variant`), el(doc, 'thead', {}, head), body);
}

const BAR = 13, GAP = 8, LABEL = 260, WIDTH = 520;

function barChart(doc: Document, run: ComparisonRun, c: Comparison): SVGElement {
    const rowHeight = c.variants.length * BAR + GAP;
    const height = c.rows.length * rowHeight + 28;
    const chart = svg(doc, 'svg', { class: 'bars', role: 'img', width: LABEL + WIDTH + 90, height, 'aria-label': `bar chart of run ${run.run}: each figure scaled to its largest variant` });
    let x = LABEL;
    c.variants.forEach((v, i) => {
        // legend entries spaced by their names' length (about 7 px a character at 11 px)
        chart.append(svg(doc, 'rect', { class: `variant-${i % 6}`, x, y: 2, width: 10, height: 10 }), svg(doc, 'text', { x: x + 14, y: 11, class: 'legend' }, v));
        x += 14 + v.length * 7 + 16;
    });
    c.rows.forEach((row, r) => {
        const y = 26 + r * rowHeight;
        const max = Math.max(...row.values);
        const value = TIME_FIGURES.has(row.figure) ? formatNs : formatCount;
        chart.append(svg(doc, 'text', { x: LABEL - 6, y: y + (c.variants.length * BAR) / 2 + 4, class: 'label', 'text-anchor': 'end' }, row.label));
        row.values.forEach((v, i) => {
            const w = max > 0 ? Math.max(v > 0 ? 1 : 0, (v / max) * WIDTH) : 0;
            chart.append(svg(doc, 'rect', { class: `variant-${i % 6}`, x: LABEL, y: y + i * BAR, width: w.toFixed(1), height: BAR - 1 },
                svg(doc, 'title', {}, `${row.label}, ${c.variants[i]}: ${value(v)}`)));
            chart.append(svg(doc, 'text', { x: LABEL + w + 4, y: y + i * BAR + BAR - 3, class: 'value' }, value(v)));
        });
    });
    return chart;
}

export interface ComparisonHandlers {
    export(format: ExportFormat): void;
    saveChart(chart: SVGSVGElement, format: ImageFormat): void;
}

function chartButtons(doc: Document, run: ComparisonRun, chart: SVGElement, on: ComparisonHandlers): HTMLElement {
    const box = el(doc, 'div', { class: 'controls' });
    for (const format of ['svg', 'png'] as const) {
        const button = el(doc, 'button', { type: 'button', 'aria-label': `Save the chart of run ${run.run} as ${format.toUpperCase()}` }, `Save chart as ${format.toUpperCase()}`);
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
    const root = el(doc, 'div', { class: 'comparison-panel' }, el(doc, 'h1', {}, view.title), el(doc, 'div', { class: 'controls' }, csv, md));
    if (view.runs.length === 0) root.append(el(doc, 'p', { class: 'empty' }, 'No run block in this file.'));
    for (const run of view.runs) {
        const c = compareVariants(run.variants);
        const heading = `run ${run.run} on ${run.machine} with ${run.split}${c.variants.length > 1 ? `: ${c.variants.length} variants` : ''}`;
        const section = el(doc, 'section', { class: 'run', 'aria-label': heading, 'data-run': run.run }, el(doc, 'h2', {}, heading));
        for (const line of run.stopped) section.append(el(doc, 'p', { class: 'warning', role: 'note' }, line));
        const chart = barChart(doc, run, c);
        section.append(figureTable(doc, run, c), chart, chartButtons(doc, run, chart, on));
        if (c.variants.length > 1) section.append(statementDifference(doc, run));
        root.append(section);
    }
    return root;
}
