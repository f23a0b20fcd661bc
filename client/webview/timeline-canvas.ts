/**
 * Drawing the binned timeline on a canvas: one rectangle per non-empty cell, shaded by its count on a
 * log scale of its kind's largest cell, in the theme's colours (read from the legend's swatches, so that
 * the CSS alone decides them). The selection is drawn on a second canvas above, so moving it is cheap.
 */
import type { MarkKind } from '../src/panels/timeline-data.js';
import type { Bins } from './timeline-bins.js';

export const ROW_HEIGHT = 9;
export const LANE_GAP = 6;
export const AXIS_HEIGHT = 22;
const MIN_MARK = 3;

export interface Layout {
    /** Top of each row, in CSS pixels. */
    rowTop: number[];
    /** Top and bottom of each lane (index 0: the counted lane, then lanes 0..n-1 at 1..n). */
    laneTop: number[];
    laneBottom: number[];
    height: number;
}

export function layoutRows(bins: Bins, lanes: number): Layout {
    const rowTop: number[] = [];
    const laneTop: number[] = new Array(lanes + 1).fill(0),
        laneBottom: number[] = new Array(lanes + 1).fill(0);
    let y = 0,
        previous = -2;
    bins.rows.forEach((row, i) => {
        if (row.lane !== previous) {
            if (previous !== -2) y += LANE_GAP;
            laneTop[row.lane + 1] = y;
            previous = row.lane;
        }
        rowTop[i] = y;
        y += ROW_HEIGHT;
        laneBottom[row.lane + 1] = y;
    });
    return { rowTop, laneTop, laneBottom, height: y + AXIS_HEIGHT };
}

export function sizeCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    // CSSOM, not a style attribute: allowed by the CSP
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    const g = canvas.getContext('2d')!;
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    return g;
}

function shade(count: number, max: number): number {
    return max <= 1 ? 1 : 0.55 + 0.45 * (Math.log(count) / Math.log(max));
}

export function drawBins(
    g: CanvasRenderingContext2D,
    bins: Bins,
    layout: Layout,
    colours: Record<MarkKind, string>,
): void {
    const { width, counts } = bins;
    bins.rows.forEach((row, r) => {
        g.fillStyle = colours[row.kind];
        const top = layout.rowTop[r],
            base = r * width,
            max = bins.max[row.kind];
        for (let c = 0; c < width; c++) {
            const n = counts[base + c];
            if (n === 0) continue;
            // a run of equal cells (the counted lane's bands) is one rectangle
            let end = c + 1;
            while (end < width && counts[base + end] === n) end++;
            g.globalAlpha = shade(n, max);
            // a lone mark is one pixel column: drawn 3 px wide so that it can be seen
            const wide = end - c < MIN_MARK;
            g.fillRect(wide ? c - 1 : c, top + 1, wide ? MIN_MARK : end - c, ROW_HEIGHT - 2);
            c = end - 1;
        }
    });
    g.globalAlpha = 1;
}

/** Statement separators and `line N` labels under the bands that have room for one. */
export function drawAxis(
    g: CanvasRenderingContext2D,
    bins: Bins,
    layout: Layout,
    lines: number[],
    ink: string,
    rule: string,
): void {
    const bottom = layout.height - AXIS_HEIGHT;
    g.fillStyle = rule;
    for (const x of bins.bands.slice(1, -1)) g.fillRect(x, 0, 1, bottom);
    g.fillStyle = ink;
    g.font = '11px sans-serif';
    g.textAlign = 'center';
    let lastEnd = -Infinity;
    lines.forEach((line, i) => {
        const centre = (bins.bands[i] + bins.bands[i + 1]) / 2;
        const text = `${line}`;
        const half = g.measureText(text).width / 2;
        if (centre - half < lastEnd + 4) return;
        g.fillText(text, centre, bottom + 14);
        lastEnd = centre + half;
    });
}

export function drawSelection(
    g: CanvasRenderingContext2D,
    bins: Bins,
    layout: Layout,
    statement: number,
    lane: number,
    colour: string,
): void {
    g.clearRect(0, 0, bins.width, layout.height);
    if (statement < 0) return;
    const x0 = bins.bands[statement],
        x1 = Math.max(x0 + 1, bins.bands[statement + 1]);
    g.strokeStyle = colour;
    g.lineWidth = 1;
    g.strokeRect(x0 + 0.5, 0.5, x1 - x0 - 1, layout.height - AXIS_HEIGHT - 1);
    g.lineWidth = 2;
    g.strokeRect(
        x0 + 1,
        layout.laneTop[lane + 1] - 1,
        x1 - x0 - 2,
        layout.laneBottom[lane + 1] - layout.laneTop[lane + 1] + 2,
    );
}
