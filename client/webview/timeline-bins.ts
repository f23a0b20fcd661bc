/**
 * The timeline's marks binned by pixel column: however many events there are, drawing costs one
 * rectangle per lane row and column at most. Pure (no DOM), so that binning is tested and timed alone.
 */
import {
    CPU_MARKS,
    MARK_KINDS,
    NOTIFIER_MARKS,
    type MarkKind,
    type TimelineData,
} from '../src/panels/timeline-data.js';

/** One drawn row: a lane (or -1, the counted lane) and one kind of mark. */
export interface BinRow {
    lane: number;
    kind: MarkKind;
}

export interface Bins {
    width: number;
    rows: BinRow[];
    /** counts[row * width + column]. */
    counts: Uint32Array;
    /** Largest count of any cell, per kind (the scale of its shading). */
    max: Record<MarkKind, number>;
    /** First pixel column of each statement's band, and one past the last (length statements + 1). */
    bands: number[];
}

/** The counted lane's rows: only kinds some statement counted. */
export function countedKinds(data: TimelineData): MarkKind[] {
    return MARK_KINDS.filter(k => data.statements.some(s => (s.counted[k] ?? 0) > 0));
}

export function binRows(data: TimelineData): BinRow[] {
    const rows: BinRow[] = countedKinds(data).map(kind => ({ lane: -1, kind }));
    data.lanes.forEach((lane, i) => {
        for (const kind of lane.kind === 'cpu' ? CPU_MARKS : NOTIFIER_MARKS) rows.push({ lane: i, kind });
    });
    return rows;
}

export function bandsOf(statements: number, width: number): number[] {
    return Array.from({ length: statements + 1 }, (_, i) => Math.round((i * width) / Math.max(1, statements)));
}

/** Each statement's first and last step among its marks: a mark's place inside its band. */
function stepRanges(data: TimelineData): { low: Float64Array; high: Float64Array } {
    const n = data.statements.length;
    const low = new Float64Array(n).fill(Infinity),
        high = new Float64Array(n).fill(-Infinity);
    const { statement, step } = data.marks;
    for (let i = 0; i < statement.length; i++) {
        const s = statement[i];
        if (step[i] < low[s]) low[s] = step[i];
        if (step[i] > high[s]) high[s] = step[i];
    }
    return { low, high };
}

export function binMarks(data: TimelineData, width: number): Bins {
    const rows = binRows(data);
    const rowOf = new Map(rows.map((r, i) => [`${r.lane}:${r.kind}`, i]));
    const counts = new Uint32Array(rows.length * width);
    const bands = bandsOf(data.statements.length, width);
    const max = Object.fromEntries(MARK_KINDS.map(k => [k, 0])) as Record<MarkKind, number>;
    // the counted lane: each statement's count over its whole band
    data.statements.forEach((s, si) => {
        for (const [kind, n] of Object.entries(s.counted) as [MarkKind, number][]) {
            const row = rowOf.get(`-1:${kind}`)!;
            counts.fill(n, row * width + bands[si], row * width + bands[si + 1]);
        }
    });
    const { low, high } = stepRanges(data);
    const rowByLaneKind = new Int32Array(data.lanes.length * MARK_KINDS.length).fill(-1);
    for (let i = 0; i < rows.length; i++)
        if (rows[i].lane >= 0) rowByLaneKind[rows[i].lane * MARK_KINDS.length + MARK_KINDS.indexOf(rows[i].kind)] = i;
    const { statement, lane, kind, step } = data.marks;
    for (let i = 0; i < statement.length; i++) {
        const row = rowByLaneKind[lane[i] * MARK_KINDS.length + kind[i]];
        if (row < 0) continue;
        const s = statement[i];
        // centred in its share of the band: a statement's only step lands mid-band, not on its edge
        const fraction = (step[i] - low[s] + 0.5) / (high[s] - low[s] + 1);
        const column = Math.min(bands[s + 1] - 1, bands[s] + Math.floor(fraction * (bands[s + 1] - bands[s])));
        counts[row * width + Math.max(bands[s], column)]++;
    }
    for (let r = 0; r < rows.length; r++) {
        const k = rows[r].kind;
        for (let c = r * width; c < (r + 1) * width; c++) if (counts[c] > max[k]) max[k] = counts[c];
    }
    return { width, rows, counts, max, bands };
}

/** Marks per kind of one lane in columns [from, to). */
export function cellCounts(bins: Bins, lane: number, from: number, to: number): Partial<Record<MarkKind, number>> {
    const out: Partial<Record<MarkKind, number>> = {};
    bins.rows.forEach((r, i) => {
        if (r.lane !== lane) return;
        let n = 0;
        for (let c = from; c < to; c++) n += bins.counts[i * bins.width + c];
        if (n > 0) out[r.kind] = n;
    });
    return out;
}
