/**
 * What `mscn replay` prints: an aligned table for a terminal, JSON with stable keys, or CSV. One
 * configuration prints its figures as a column; several (one pass, `--tlb 16/4,64/4`) print a row each.
 */
import { FIGURE_NAMES, type FigureName } from '../engine/figures.js';
import type { MachineConfig } from '../engine/scenario.js';
import type { StopReason } from '../engine/index.js';
import { formatCount } from '../report/format-numbers.js';

/** The figures of one configuration of the pass. */
export interface ReplayRow {
    /** `64/4` for `--tlb 64/4`, the machine's name for `--machine`. */
    configuration: string;
    machine: MachineConfig;
    totals: Record<FigureName, number>;
}

export interface ReplayOutcome {
    trace: string;
    /** One per configuration, in the order given; every one saw the same records. */
    rows: ReplayRow[];
    records: number;
    skippedLines: number;
    bytes: number;
    seconds: number;
    stopped?: { reason: StopReason; message: string };
}

/** The figures a replay can move, in the order a reader follows a miss (section 4). */
const TABLE_FIGURES: readonly FigureName[] = [
    'accesses',
    'tlbHits',
    'tlbMisses',
    'walks',
    'walkRefs',
    'pageFaults',
    'cowFaults',
    'segfaults',
    'framesAllocated',
    'ptPagesAllocated',
    'tlbEvictions',
];

function hitRate(totals: Record<FigureName, number>): string {
    if (totals.accesses === 0) return '–';
    return `${((100 * totals.tlbHits) / totals.accesses).toFixed(2)} %`;
}

function tlbText(m: MachineConfig): string {
    const tlb = (g: MachineConfig['tlb4k']) => (g.entries === 0 ? 'none' : `${g.entries} entries / ${g.ways} ways`);
    return `${m.arch}, 4 KiB TLB ${tlb(m.tlb4k)}, large TLB ${tlb(m.tlbLarge)}`;
}

function recordsPerSecond(o: ReplayOutcome): string {
    return o.seconds > 0 ? formatCount(Math.round(o.records / o.seconds)) : '–';
}

/** One configuration: two columns, names left-aligned, values right-aligned, after a short header. */
export function formatReplayTable(o: ReplayOutcome): string {
    if (o.rows.length !== 1) return formatReplayRows(o);
    const { totals, machine } = o.rows[0];
    const rows: [string, string][] = [
        ...TABLE_FIGURES.map((name): [string, string] => [name, formatCount(totals[name] ?? 0)]),
        ['hit rate', hitRate(totals)],
        ['records', formatCount(o.records)],
        ['skippedLines', formatCount(o.skippedLines)],
        ['records/s', recordsPerSecond(o)],
    ];
    const nameWidth = Math.max(...rows.map(r => r[0].length));
    const valueWidth = Math.max(...rows.map(r => r[1].length));
    const header = [
        `trace    ${o.trace} (${formatCount(o.bytes)} bytes in ${o.seconds.toFixed(2)} s)`,
        `machine  ${machine.name}: ${tlbText(machine)}`,
        ...(o.stopped ? [`stopped  ${o.stopped.message}`] : []),
        '',
    ];
    const body = rows.map(([name, value]) => `${name.padEnd(nameWidth)}  ${value.padStart(valueWidth)}`);
    return [...header, ...body].join('\n') + '\n';
}

/** Several configurations: a row each (the configuration, its figures, its hit rate), one header for all. */
function formatReplayRows(o: ReplayOutcome): string {
    const head = ['configuration', ...TABLE_FIGURES, 'hit rate'];
    const cells = o.rows.map(r => [
        r.configuration,
        ...TABLE_FIGURES.map(name => formatCount(r.totals[name] ?? 0)),
        hitRate(r.totals),
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...cells.map(c => c[i].length)));
    const line = (c: string[]) =>
        c.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
    const header = [
        `trace    ${o.trace} (${formatCount(o.bytes)} bytes in ${o.seconds.toFixed(2)} s, ` +
            `${recordsPerSecond(o)} records/s)`,
        `records  ${formatCount(o.records)} (${formatCount(o.skippedLines)} lines skipped), ` +
            `${o.rows.length} configurations in one pass`,
        ...(o.stopped ? [`stopped  ${o.stopped.message}`] : []),
        '',
    ];
    return [...header, line(head), ...cells.map(line)].join('\n') + '\n';
}

/** A row's figures: every figure name of figures.ts in its order, then `records` and `skippedLines`. */
function jsonRow(o: ReplayOutcome, r: ReplayRow): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const name of FIGURE_NAMES) out[name] = r.totals[name] ?? 0;
    out.records = o.records;
    out.skippedLines = o.skippedLines;
    if (o.stopped) out.stopped = o.stopped;
    return out;
}

/**
 * One configuration: an object of its figures (jsonRow), `stopped` only when the replay stopped early.
 * Several: an array of such objects, each first naming its configuration and its TLB. Timing is left out
 * so that the same trace always gives the same JSON.
 */
export function formatReplayJson(o: ReplayOutcome): string {
    if (o.rows.length === 1) return JSON.stringify(jsonRow(o, o.rows[0]), null, 2) + '\n';
    const rows = o.rows.map(r => ({
        configuration: r.configuration,
        tlbEntries: r.machine.tlb4k.entries,
        tlbWays: r.machine.tlb4k.ways,
        ...jsonRow(o, r),
    }));
    return JSON.stringify(rows, null, 2) + '\n';
}

/** A header line, then a row per configuration: raw numbers, as `mscn run --csv` gives them. */
export function formatReplayCsv(o: ReplayOutcome): string {
    const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const head = ['configuration', 'tlbEntries', 'tlbWays', ...FIGURE_NAMES, 'records', 'skippedLines', 'stopped'];
    const rows = o.rows.map(r => [
        r.configuration,
        String(r.machine.tlb4k.entries),
        String(r.machine.tlb4k.ways),
        ...FIGURE_NAMES.map(name => String(r.totals[name] ?? 0)),
        String(o.records),
        String(o.skippedLines),
        o.stopped?.message ?? '',
    ]);
    return [head, ...rows].map(r => r.map(quote).join(',')).join('\n') + '\n';
}
