/** What `mscn replay` prints: an aligned table for a terminal, or JSON with stable keys. */
import { FIGURE_NAMES, type FigureName } from '../engine/figures.js';
import type { MachineConfig } from '../engine/scenario.js';
import type { StopReason } from '../engine/index.js';
import { formatCount } from '../report/format-numbers.js';

export interface ReplayOutcome {
    trace: string;
    machine: MachineConfig;
    totals: Record<FigureName, number>;
    records: number;
    skippedLines: number;
    bytes: number;
    seconds: number;
    stopped?: { reason: StopReason; message: string };
}

/** The figures a replay can move, in the order a reader follows a miss (section 4). */
const TABLE_FIGURES: readonly FigureName[] = [
    'accesses', 'tlbHits', 'tlbMisses', 'walks', 'walkRefs', 'pageFaults', 'cowFaults', 'segfaults',
    'framesAllocated', 'ptPagesAllocated', 'tlbEvictions',
];

function hitRate(totals: Record<FigureName, number>): string {
    if (totals.accesses === 0) return '–';
    return `${((100 * totals.tlbHits) / totals.accesses).toFixed(2)} %`;
}

function tlbText(m: MachineConfig): string {
    const tlb = (g: MachineConfig['tlb4k']) => (g.entries === 0 ? 'none' : `${g.entries} entries / ${g.ways} ways`);
    return `${m.arch}, 4 KiB TLB ${tlb(m.tlb4k)}, large TLB ${tlb(m.tlbLarge)}`;
}

/** Two columns: names left-aligned, values right-aligned, after a short header. */
export function formatReplayTable(o: ReplayOutcome): string {
    const rows: [string, string][] = [
        ...TABLE_FIGURES.map((name): [string, string] => [name, formatCount(o.totals[name] ?? 0)]),
        ['hit rate', hitRate(o.totals)],
        ['records', formatCount(o.records)],
        ['skippedLines', formatCount(o.skippedLines)],
        ['records/s', o.seconds > 0 ? formatCount(Math.round(o.records / o.seconds)) : '–'],
    ];
    const nameWidth = Math.max(...rows.map(r => r[0].length));
    const valueWidth = Math.max(...rows.map(r => r[1].length));
    const header = [
        `trace    ${o.trace} (${formatCount(o.bytes)} bytes in ${o.seconds.toFixed(2)} s)`,
        `machine  ${o.machine.name}: ${tlbText(o.machine)}`,
        ...(o.stopped ? [`stopped  ${o.stopped.message}`] : []),
        '',
    ];
    const body = rows.map(([name, value]) => `${name.padEnd(nameWidth)}  ${value.padStart(valueWidth)}`);
    return [...header, ...body].join('\n') + '\n';
}

/**
 * Every figure name of figures.ts in its order, then `records` and `skippedLines`; `stopped` only when
 * the replay stopped early. Timing is left out so that the same trace always gives the same JSON.
 */
export function formatReplayJson(o: ReplayOutcome): string {
    const out: Record<string, unknown> = {};
    for (const name of FIGURE_NAMES) out[name] = o.totals[name] ?? 0;
    out.records = o.records;
    out.skippedLines = o.skippedLines;
    if (o.stopped) out.stopped = o.stopped;
    return JSON.stringify(out, null, 2) + '\n';
}
