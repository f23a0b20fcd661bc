/**
 * A sweep in the comparison panel (docs/sweeps.md): the swept parameters and their values, and a
 * line chart of one figure against one parameter, one line per value of another, the rest held at a
 * chosen value. Points are the variants whose names are parameters (`tlb=64/4,api=range`). Plain SVG:
 * <text>, <rect>, <polyline> and <circle> that chart-export.ts writes out as SVG or paints as PNG.
 */
import type { Comparison, ComparisonRow } from '../../language/src/report/comparison.js';
import { pointParams } from '../../language/src/report/sweep-params.js';
import { formatCount, formatNs } from '../../language/src/report/format-numbers.js';
import { TIME_FIGURES } from '../../language/src/engine/figures.js';
import type { ComparisonRun } from '../src/panels/messages.js';
import { el, svg } from './dom.js';

/** The points of a sweep: the column of each, its parameters; the parameters' values in first-seen order. */
export interface SweepPoints {
    params: string[];
    values: Record<string, string[]>;
    points: Array<{ column: number; params: Record<string, string> }>;
}

/** What the chart shows: a figure against `x`, a line per value of `series`, the others fixed. */
export interface SweepChoice {
    figure: string;
    x: string;
    series?: string;
    fixed: Record<string, string>;
}

/** The points of the first sweep among `variants` (those with its parameters), or undefined if under two. */
export function sweepPoints(variants: readonly string[]): SweepPoints | undefined {
    let params: string[] | undefined;
    const points: SweepPoints['points'] = [];
    variants.forEach((variant, column) => {
        const parsed = pointParams(variant);
        if (!parsed) return;
        const names = parsed.map(([k]) => k);
        params ??= names;
        if (names.join(',') === params.join(',')) points.push({ column, params: Object.fromEntries(parsed) });
    });
    if (!params || points.length < 2) return undefined;
    const values = Object.fromEntries(params.map(p => [p, [...new Set(points.map(pt => pt.params[p]))]]));
    return { params, values, points };
}

/** The default: the first figure that differs between points, against the first parameter with two values or more. */
export function defaultChoice(sweep: SweepPoints, comparison: Comparison): SweepChoice {
    const varying = sweep.params.filter(p => sweep.values[p].length > 1);
    const x = varying[0] ?? sweep.params[0];
    const series = varying.find(p => p !== x);
    const differs = (r: ComparisonRow) => new Set(sweep.points.map(pt => r.values[pt.column])).size > 1;
    const figure = (comparison.rows.find(differs) ?? comparison.rows[0])?.label ?? '';
    return { figure, x, series, fixed: Object.fromEntries(sweep.params.map(p => [p, sweep.values[p][0]])) };
}

const W = 520,
    H = 260,
    LEFT = 80,
    TOP = 28,
    LEGEND = 190,
    BOTTOM = 44;

/** x positions: numeric values on a log scale when they span 16× or more, else linear; words evenly. */
function xScale(labels: string[]): (label: string) => number {
    const nums = labels.map(l => Number.parseFloat(l));
    const numeric = nums.every(n => Number.isFinite(n)) && labels.length > 1;
    if (!numeric) return l => LEFT + (labels.length === 1 ? W / 2 : (labels.indexOf(l) / (labels.length - 1)) * W);
    const min = Math.min(...nums),
        max = Math.max(...nums);
    const log = min > 0 && max / min >= 16;
    const f = (n: number) => (log ? Math.log2(n) : n);
    return l => LEFT + (max === min ? W / 2 : ((f(Number.parseFloat(l)) - f(min)) / (f(max) - f(min))) * W);
}

/** The chart for `choice`: axes with ticks, one polyline and its markers per series value, a legend. */
export function sweepChart(
    doc: Document,
    run: ComparisonRun,
    comparison: Comparison,
    sweep: SweepPoints,
    choice: SweepChoice,
): SVGSVGElement {
    const row = comparison.rows.find(r => r.label === choice.figure);
    const format = row && TIME_FIGURES.has(row.figure) ? formatNs : formatCount;
    const seriesValues = choice.series ? sweep.values[choice.series] : [''];
    const xs = sweep.values[choice.x];
    const at = xScale(xs);
    const held = sweep.params.filter(p => p !== choice.x && p !== choice.series);
    const lines = seriesValues.map(s =>
        xs.flatMap(x => {
            const point = sweep.points.find(
                pt =>
                    pt.params[choice.x] === x &&
                    (!choice.series || pt.params[choice.series] === s) &&
                    held.every(p => pt.params[p] === choice.fixed[p]),
            );
            return point ? [{ x, value: row?.values[point.column] ?? 0 }] : [];
        }),
    );
    const max = Math.max(1, ...lines.flat().map(p => p.value));
    const y = (v: number) => TOP + H - (v / max) * H;
    const fixedText = held.map(p => `${p}=${choice.fixed[p]}`).join(', ');
    const seriesText = choice.series ? `, a line per ${choice.series}` : '';
    const title = `${choice.figure} against ${choice.x}${seriesText}${fixedText ? ` (${fixedText})` : ''}`;
    const chart = svg(doc, 'svg', {
        class: 'bars sweep-chart',
        role: 'img',
        width: LEFT + W + LEGEND,
        height: TOP + H + BOTTOM,
        'aria-label': `run ${run.run}: ${title}`,
    }) as SVGSVGElement;
    const text = (x: number, yy: number, value: string, attrs: Record<string, string> = {}) =>
        chart.append(svg(doc, 'text', { x: x.toFixed(1), y: yy.toFixed(1), ...attrs }, value));
    text(LEFT, 14, title, { class: 'label heading' });
    chart.append(
        svg(doc, 'rect', { class: 'axis', x: LEFT, y: TOP, width: 1, height: H }),
        svg(doc, 'rect', { class: 'axis', x: LEFT, y: TOP + H, width: W, height: 1 }),
    );
    for (let i = 0; i <= 4; i++) {
        const v = (max * i) / 4;
        chart.append(svg(doc, 'rect', { class: 'grid', x: LEFT, y: y(v).toFixed(1), width: W, height: 1 }));
        text(LEFT - 6, y(v) + 4, format(Math.round(v * 100) / 100), { class: 'value', 'text-anchor': 'end' });
    }
    for (const x of xs) text(at(x), TOP + H + 16, x, { class: 'value', 'text-anchor': 'middle' });
    text(LEFT + W / 2, TOP + H + 36, choice.x, { class: 'label', 'text-anchor': 'middle' });
    lines.forEach((points, i) => {
        const name = choice.series ? `${choice.series}=${seriesValues[i]}` : choice.figure;
        chart.append(
            svg(doc, 'polyline', {
                class: `line-${i % 6}`,
                points: points.map(p => `${at(p.x).toFixed(1)},${y(p.value).toFixed(1)}`).join(' '),
            }),
        );
        for (const p of points) {
            chart.append(
                svg(
                    doc,
                    'circle',
                    {
                        class: `variant-${i % 6}`,
                        cx: at(p.x).toFixed(1),
                        cy: y(p.value).toFixed(1),
                        r: 3,
                        'data-series': seriesValues[i],
                        'data-x': p.x,
                        'data-value': p.value,
                    },
                    svg(doc, 'title', {}, `${name}, ${choice.x}=${p.x}: ${format(p.value)}`),
                ),
            );
        }
        chart.append(
            svg(doc, 'rect', { class: `variant-${i % 6}`, x: LEFT + W + 16, y: TOP + i * 16, width: 10, height: 10 }),
        );
        text(LEFT + W + 30, TOP + i * 16 + 9, name, { class: 'legend' });
    });
    return chart;
}

/** A select of `options` labelled `label`, calling `change` with the chosen value. */
function select(
    doc: Document,
    label: string,
    options: string[],
    chosen: string,
    change: (v: string) => void,
): HTMLElement {
    const box = el(doc, 'select', { 'aria-label': label });
    for (const o of options)
        box.append(el(doc, 'option', { value: o, selected: o === chosen }, o === '' ? '(none)' : o));
    box.addEventListener('change', () => change(box.value));
    return el(doc, 'label', {}, `${label} `, box);
}

/**
 * The sweep part of a run's section: its parameters, the chart and its controls, and the save
 * buttons (`save` gets the chart as it is drawn now); undefined when the run has no sweep.
 */
export function sweepSection(
    doc: Document,
    run: ComparisonRun,
    comparison: Comparison,
    save: (chart: SVGSVGElement, format: 'svg' | 'png') => void,
): HTMLElement | undefined {
    const sweep = sweepPoints(comparison.variants);
    if (!sweep) return undefined;
    const choice = defaultChoice(sweep, comparison);
    const params = el(
        doc,
        'table',
        { class: 'sweep-params' },
        el(doc, 'caption', {}, `swept parameters: ${sweep.points.length} points`),
        ...sweep.params.map(p =>
            el(
                doc,
                'tr',
                { 'data-param': p },
                el(doc, 'th', { scope: 'row' }, p),
                el(doc, 'td', {}, sweep.values[p].join(', ')),
            ),
        ),
    );
    let chart = sweepChart(doc, run, comparison, sweep, choice);
    const controls = el(doc, 'div', { class: 'controls' });
    const held: Array<[string, HTMLElement]> = [];
    const redraw = () => {
        const next = sweepChart(doc, run, comparison, sweep, choice);
        chart.replaceWith(next);
        chart = next;
        // a value to hold only for the parameters that are neither the axis nor the lines
        for (const [p, label] of held) label.hidden = p === choice.x || p === choice.series;
    };
    const on = (key: 'figure' | 'x' | 'series') => (v: string) => {
        if (key === 'series') choice.series = v || undefined;
        else choice[key] = v;
        if (choice.series === choice.x) choice.series = undefined;
        redraw();
    };
    controls.append(
        select(
            doc,
            'figure',
            comparison.rows.map(r => r.label),
            choice.figure,
            on('figure'),
        ),
        select(doc, 'against', sweep.params, choice.x, on('x')),
        select(doc, 'a line per', ['', ...sweep.params], choice.series ?? '', on('series')),
    );
    for (const p of sweep.params.filter(q => sweep.values[q].length > 1)) {
        const label = select(doc, `at ${p}`, sweep.values[p], choice.fixed[p], v => {
            choice.fixed[p] = v;
            redraw();
        });
        label.hidden = p === choice.x || p === choice.series;
        held.push([p, label]);
        controls.append(label);
    }
    const buttons = el(doc, 'div', { class: 'controls' });
    for (const format of ['svg', 'png'] as const) {
        const button = el(
            doc,
            'button',
            { type: 'button', 'aria-label': `Save the sweep chart of run ${run.run} as ${format.toUpperCase()}` },
            `Save sweep chart as ${format.toUpperCase()}`,
        );
        button.addEventListener('click', () => save(chart, format));
        buttons.append(button);
    }
    return el(
        doc,
        'div',
        { class: 'sweep', 'aria-label': `sweep of run ${run.run}` },
        params,
        controls,
        chart,
        buttons,
    );
}
