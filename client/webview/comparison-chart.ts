/**
 * The comparison chart in plain SVG: first the estimated time of each variant as one bar stacked by
 * event kind, with a legend that is also the table of the parts (kind × variant, in ns), then every
 * other figure's bars, each scaled to that figure's largest variant. Everything a reader needs is in
 * <text> and <rect> elements, so the SVG and PNG exports carry it too.
 */
import type { Comparison } from '../../language/src/report/comparison.js';
import { formatCount, formatNs } from '../../language/src/report/format-numbers.js';
import { TIME_FIGURES, type FigureName } from '../../language/src/engine/figures.js';
import type { ComparisonRun } from '../src/panels/messages.js';
import { timeKinds } from '../src/panels/time-by-kind.js';
import { svg } from './dom.js';

const BAR = 13,
    GAP = 8,
    LABEL = 260,
    WIDTH = 520,
    LINE = 16;
/** Theme chart colours for kinds: 12 distinct ones (6 chart colours, 6 terminal colours), then they repeat. */
const KIND_COLOURS = 12;

/** The drawing so far: the element and the next free y. */
interface Canvas {
    chart: SVGElement;
    doc: Document;
    y: number;
}

function text(c: Canvas, x: number, y: number, value: string, attrs: Record<string, string> = {}): void {
    c.chart.append(svg(c.doc, 'text', { x, y, ...attrs }, value));
}

function variantLegend(c: Canvas, variants: string[]): void {
    let x = LABEL;
    variants.forEach((v, i) => {
        // entries spaced by their names' length (about 7 px a character at 11 px)
        c.chart.append(svg(c.doc, 'rect', { class: `variant-${i % 6}`, x, y: 2, width: 10, height: 10 }));
        text(c, x + 14, 11, v, { class: 'legend' });
        x += 14 + v.length * 7 + 16;
    });
    c.y = 26;
}

function stackedBar(
    c: Canvas,
    variant: string,
    parts: Partial<Record<FigureName, number>>,
    kinds: FigureName[],
    max: number,
): void {
    const total = kinds.reduce((sum, k) => sum + (parts[k] ?? 0), 0);
    const said = kinds
        .filter(k => parts[k])
        .map(k => `${k} ${formatNs(parts[k]!)}`)
        .join(', ');
    const bar = svg(c.doc, 'g', {
        role: 'img',
        'aria-label': `${variant}: estimated time ${formatNs(total)}${said ? `: ${said}` : ''}`,
    });
    let at = 0;
    kinds.forEach((kind, k) => {
        const ns = parts[kind] ?? 0;
        if (ns === 0) return;
        const x = LABEL + (at / max) * WIDTH,
            w = Math.max(1, (ns / max) * WIDTH);
        at += ns;
        bar.append(
            svg(
                c.doc,
                'rect',
                {
                    class: `kind-${k % KIND_COLOURS}`,
                    x: x.toFixed(1),
                    y: c.y,
                    width: w.toFixed(1),
                    height: BAR - 1,
                    'data-kind': kind,
                    'data-ns': ns,
                },
                svg(c.doc, 'title', {}, `${variant}, ${kind}: ${formatNs(ns)}`),
            ),
        );
    });
    c.chart.append(bar);
    text(c, LABEL - 6, c.y + BAR - 3, variant, { class: 'label', 'text-anchor': 'end' });
    text(c, LABEL + (at / max) * WIDTH + 4, c.y + BAR - 3, formatNs(total), { class: 'value' });
    c.y += BAR + 2;
}

/** One line per kind: its swatch and name, then its time in each variant (right-aligned columns). */
function kindLegend(c: Canvas, run: ComparisonRun, kinds: FigureName[]): void {
    const names = run.variants.map(v => v.variant);
    const columns = names.map(
        (_, i) => LABEL + 160 + names.slice(0, i + 1).reduce((x, n) => x + Math.max(84, n.length * 7 + 12), 0),
    );
    c.y += 6;
    names.forEach((name, i) => text(c, columns[i], c.y + 10, name, { class: 'legend', 'text-anchor': 'end' }));
    c.y += LINE;
    kinds.forEach((kind, k) => {
        c.chart.append(
            svg(c.doc, 'rect', { class: `kind-${k % KIND_COLOURS}`, x: LABEL, y: c.y + 1, width: 10, height: 10 }),
        );
        text(c, LABEL + 14, c.y + 10, kind, { class: 'legend' });
        run.timeByKind.forEach((parts, i) =>
            text(c, columns[i], c.y + 10, formatNs(parts[kind] ?? 0), { class: 'value', 'text-anchor': 'end' }),
        );
        c.y += LINE;
    });
    c.y += GAP + 4;
}

function timeStack(c: Canvas, run: ComparisonRun): void {
    const kinds = timeKinds(run.timeByKind);
    if (kinds.length === 0) return;
    const totals = run.timeByKind.map(p => kinds.reduce((sum, k) => sum + (p[k] ?? 0), 0));
    const max = Math.max(...totals);
    text(c, LABEL - 6, c.y + 10, 'estimated time by event kind', { class: 'label heading', 'text-anchor': 'end' });
    c.y += LINE;
    run.variants.forEach((v, i) => stackedBar(c, v.variant, run.timeByKind[i], kinds, max));
    kindLegend(c, run, kinds);
}

function figureBars(c: Canvas, comparison: Comparison, skipTime: boolean): void {
    const n = comparison.variants.length;
    for (const row of comparison.rows) {
        if (skipTime && row.figure === 'estimatedTime' && row.notifier === undefined) continue;
        const max = Math.max(...row.values);
        const value = TIME_FIGURES.has(row.figure) ? formatNs : formatCount;
        text(c, LABEL - 6, c.y + (n * BAR) / 2 + 4, row.label, { class: 'label', 'text-anchor': 'end' });
        row.values.forEach((v, i) => {
            const w = max > 0 ? Math.max(v > 0 ? 1 : 0, (v / max) * WIDTH) : 0;
            c.chart.append(
                svg(
                    c.doc,
                    'rect',
                    { class: `variant-${i % 6}`, x: LABEL, y: c.y + i * BAR, width: w.toFixed(1), height: BAR - 1 },
                    svg(c.doc, 'title', {}, `${row.label}, ${comparison.variants[i]}: ${value(v)}`),
                ),
            );
            text(c, LABEL + w + 4, c.y + i * BAR + BAR - 3, value(v), { class: 'value' });
        });
        c.y += n * BAR + GAP;
    }
}

/** `comparison`: the figures without the per-kind rows (the stack shows those). */
export function barChart(doc: Document, run: ComparisonRun, comparison: Comparison): SVGElement {
    const chart = svg(doc, 'svg', {
        class: 'bars',
        role: 'group',
        'aria-label':
            `chart of run ${run.run}: estimated time stacked by event kind, then each figure scaled to its ` +
            `largest variant`,
    });
    const c: Canvas = { chart, doc, y: 0 };
    variantLegend(c, comparison.variants);
    timeStack(c, run);
    figureBars(c, comparison, timeKinds(run.timeByKind).length > 0);
    chart.setAttribute('width', String(LABEL + WIDTH + 90));
    chart.setAttribute('height', String(c.y + 2));
    return chart;
}
