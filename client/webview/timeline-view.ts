/**
 * The timeline panel: a counted lane (every flush, IPI, CR3 write and callout the figures count, per
 * statement) above one lane per CPU and one per notifier (the recorded events, binned by pixel column).
 * The plot is keyboard operable: arrows move the selection (statement, lane), Enter jumps to the
 * statement; a click does both. The readout says in words what the selection holds.
 */
import {
    MARK_KINDS,
    MARK_LABELS,
    type Counted,
    type MarkKind,
    type TimelineData,
} from '../src/panels/timeline-data.js';
import { el } from './dom.js';
import { binMarks, cellCounts, type Bins } from './timeline-bins.js';
import {
    AXIS_HEIGHT,
    drawAxis,
    drawBins,
    drawSelection,
    layoutRows,
    sizeCanvas,
    type Layout,
} from './timeline-canvas.js';

export interface Selection {
    statement: number;
    lane: number;
}
export interface TimelineHandlers {
    reveal(statementId: number): void;
    select(selection: Selection): void;
}

const fmt = (n: number) => n.toLocaleString('en-US');

export function describeCounts(counts: Counted): string {
    const parts = MARK_KINDS.filter(k => counts[k]).map(k => `${fmt(counts[k]!)} ${MARK_LABELS[k]}`);
    return parts.length > 0 ? parts.join(', ') : 'nothing';
}

function capNote(doc: Document, data: TimelineData): HTMLElement {
    const { eventsRecorded: recorded, eventCount: total } = data;
    if (recorded >= total)
        return el(
            doc,
            'p',
            { class: 'tl-note' },
            `Marks: all ${fmt(total)} engine events. The counted lane and the lane totals come from the ` +
                `figures (a CR3 write's own flush is counted, not marked).`,
        );
    const last =
        data.marks.statement.length > 0
            ? data.statements[data.marks.statement[data.marks.statement.length - 1]]
            : undefined;
    const where = last ? `; marks stop in statement ${last.id} (line ${last.line})` : '';
    return el(
        doc,
        'p',
        { class: 'warning tl-capped', role: 'note' },
        `The engine recorded the first ${fmt(recorded)} of ${fmt(total)} events${where}. The counted ` +
            `lane and the lane totals are complete.`,
    );
}

function legend(doc: Document): HTMLElement {
    return el(
        doc,
        'div',
        { class: 'tl-legend', 'aria-hidden': 'true' },
        ...MARK_KINDS.map(k =>
            el(
                doc,
                'span',
                { class: 'tl-key' },
                el(doc, 'span', { class: `tl-swatch kind-${k}`, 'data-kind': k }),
                MARK_LABELS[k],
            ),
        ),
    );
}

function laneLabels(doc: Document, data: TimelineData, bins: Bins, layout: Layout): HTMLElement {
    const box = el(doc, 'div', { class: 'tl-labels', 'aria-hidden': 'true' });
    const label = (lane: number, name: string, detail: string, marks: number) => {
        const node = el(
            doc,
            'div',
            {
                class: `tl-lane${lane < 0 ? ' tl-lane-counted' : ''}`,
                'data-lane': lane,
                'data-marks': marks,
                title: detail,
            },
            name,
        );
        node.style.top = `${layout.laneTop[lane + 1]}px`;
        node.style.height = `${layout.laneBottom[lane + 1] - layout.laneTop[lane + 1]}px`;
        box.append(node);
    };
    if (bins.rows.some(r => r.lane < 0))
        label(-1, 'counted, all CPUs', 'every event the figures count, per statement', 0);
    const marksPerLane = new Array(data.lanes.length).fill(0);
    for (const lane of data.marks.lane) marksPerLane[lane]++;
    data.lanes.forEach((lane, i) =>
        label(i, lane.name, `${lane.name}, counted: ${describeCounts(lane.counted)}`, marksPerLane[i]),
    );
    const axis = el(doc, 'div', { class: 'tl-lane tl-axis-label' }, 'line →');
    axis.style.top = `${layout.height - AXIS_HEIGHT + 4}px`;
    box.append(axis);
    box.style.height = `${layout.height}px`;
    return box;
}

function themeColours(root: HTMLElement): Record<MarkKind, string> {
    const out = {} as Record<MarkKind, string>;
    for (const swatch of root.querySelectorAll<HTMLElement>('.tl-swatch'))
        out[swatch.dataset.kind as MarkKind] = getComputedStyle(swatch).backgroundColor;
    return out;
}

export interface TimelineParts {
    root: HTMLElement;
    bins: Bins;
    redraw(): void;
}

/** The panel's elements: header (title, cap note, legend), lane labels beside the plot's two canvases, the readout. */
interface TimelineDom {
    root: HTMLElement;
    plot: HTMLElement;
    canvas: HTMLCanvasElement;
    overlay: HTMLCanvasElement;
    readout: HTMLElement;
}

function timelineDom(doc: Document, data: TimelineData, bins: Bins, layout: Layout): TimelineDom {
    const canvas = el(doc, 'canvas', { class: 'tl-canvas' });
    const overlay = el(doc, 'canvas', { class: 'tl-overlay' });
    const readout = el(doc, 'p', { id: 'tl-readout', class: 'tl-readout', role: 'status', 'aria-live': 'polite' });
    const plot = el(
        doc,
        'div',
        {
            class: 'tl-plot',
            tabindex: 0,
            role: 'application',
            'aria-roledescription': 'timeline',
            'aria-describedby': 'tl-readout',
            'aria-label':
                `timeline of ${data.statements.length} statements and ${data.lanes.length} lanes: arrows ` +
                `move, Enter goes to the statement`,
        },
        canvas,
        overlay,
    );
    const header = el(
        doc,
        'div',
        { class: 'timeline' },
        el(doc, 'h1', {}, data.title),
        capNote(doc, data),
        legend(doc),
    );
    const body = el(doc, 'div', { class: 'tl-body' }, laneLabels(doc, data, bins, layout), plot);
    return { root: el(doc, 'div', { class: 'timeline-panel' }, header, body, readout), plot, canvas, overlay, readout };
}

/** The readout's words for a selection: the counted figures of the statement, or one lane's recorded marks in it. */
function describer(data: TimelineData, bins: Bins): (s: Selection) => string {
    return s => {
        const st = data.statements[s.statement];
        if (!st) return 'No statement ran.';
        const where = `statement ${st.id}, line ${st.line}`;
        if (s.lane < 0) return `${where}, all CPUs, counted: ${describeCounts(st.counted)}`;
        return (
            `${where}, ${data.lanes[s.lane].name}, recorded: ` +
            `${describeCounts(cellCounts(bins, s.lane, bins.bands[s.statement], bins.bands[s.statement + 1]))}`
        );
    };
}

/** Moves the selection (clamped to the statements and lanes; the counted lane is -1), draws it and says it. */
function selectionMover(
    data: TimelineData,
    bins: Bins,
    layout: Layout,
    dom: TimelineDom,
    selection: Selection,
    on: TimelineHandlers,
): (next: Selection) => void {
    const describe = describer(data, bins);
    const hasCounted = bins.rows.some(r => r.lane < 0);
    return next => {
        selection.statement = Math.max(0, Math.min(data.statements.length - 1, next.statement));
        selection.lane = Math.max(hasCounted ? -1 : 0, Math.min(data.lanes.length - 1, next.lane));
        const colour = getComputedStyle(dom.plot).outlineColor || '#007fd4';
        drawSelection(dom.overlay.getContext('2d')!, bins, layout, selection.statement, selection.lane, colour);
        dom.readout.textContent = describe(selection);
        dom.plot.setAttribute('aria-valuetext', dom.readout.textContent);
        on.select({ ...selection });
    };
}

/** Paints the marks and the axis in the current theme's colours, then the selection again. */
function redrawer(
    doc: Document,
    data: TimelineData,
    bins: Bins,
    layout: Layout,
    dom: TimelineDom,
    width: number,
    reselect: () => void,
): () => void {
    return () => {
        const g = sizeCanvas(dom.canvas, width, layout.height);
        sizeCanvas(dom.overlay, width, layout.height);
        drawBins(g, bins, layout, themeColours(dom.root));
        const style = getComputedStyle(dom.root);
        drawAxis(
            g,
            bins,
            layout,
            data.statements.map(s => s.line),
            style.color,
            style.borderColor || style.color,
        );
        dom.plot.dataset.drawnTheme = doc.body.className;
        if (data.statements.length > 0) reselect();
    };
}

export function renderTimeline(
    doc: Document,
    data: TimelineData,
    width: number,
    start: Selection,
    on: TimelineHandlers,
): TimelineParts {
    const plotWidth = Math.max(width, data.statements.length);
    const bins = binMarks(data, plotWidth);
    const layout = layoutRows(bins, data.lanes.length);
    const dom = timelineDom(doc, data, bins, layout);
    const selection: Selection = { ...start };
    const move = selectionMover(data, bins, layout, dom, selection, on);
    const describe = describer(data, bins);
    const reveal = (s: Selection) => on.reveal(data.statements[s.statement].id);
    wireKeys(dom.plot, selection, move, () => reveal(selection), data.statements.length);
    wirePointer(
        dom.plot,
        bins,
        layout,
        at => {
            move(at);
            reveal(at);
        },
        at => (dom.readout.textContent = describe(at)),
    );
    return { root: dom.root, bins, redraw: redrawer(doc, data, bins, layout, dom, plotWidth, () => move(selection)) };
}

function wireKeys(
    plot: HTMLElement,
    at: Selection,
    move: (s: Selection) => void,
    reveal: () => void,
    statements: number,
): void {
    plot.addEventListener('keydown', e => {
        const step = e.shiftKey ? 10 : 1;
        const next: Record<string, Selection> = {
            ArrowLeft: { ...at, statement: at.statement - step },
            ArrowRight: { ...at, statement: at.statement + step },
            ArrowUp: { ...at, lane: at.lane - 1 },
            ArrowDown: { ...at, lane: at.lane + 1 },
            Home: { ...at, statement: 0 },
            End: { ...at, statement: statements - 1 },
        };
        if (next[e.key]) move(next[e.key]);
        else if (e.key === 'Enter' || e.key === ' ') reveal();
        else return;
        e.preventDefault();
    });
}

function pointAt(bins: Bins, layout: Layout, x: number, y: number): Selection | undefined {
    const statement = bins.bands.findIndex((b, i) => i < bins.bands.length - 1 && x >= b && x < bins.bands[i + 1]);
    const lane = layout.laneTop.findIndex(
        (top, i) => y >= top && y < layout.laneBottom[i] && layout.laneBottom[i] > top,
    );
    return statement < 0 || lane < 0 ? undefined : { statement, lane: lane - 1 };
}

function wirePointer(
    plot: HTMLElement,
    bins: Bins,
    layout: Layout,
    click: (s: Selection) => void,
    hover: (s: Selection) => void,
): void {
    const at = (e: MouseEvent) => {
        const box = plot.getBoundingClientRect();
        return pointAt(bins, layout, e.clientX - box.left, e.clientY - box.top);
    };
    plot.addEventListener('click', e => {
        const s = at(e);
        if (s) click(s);
    });
    plot.addEventListener('mousemove', e => {
        const s = at(e);
        if (s) hover(s);
    });
}
