// `mscn replay FILE --json` end to end (node start-up, streaming, parsing, the engine, output) on synthetic
// lackey traces of 20 M and 40 M records that touch the same pages: records/s, and peak RSS, which must be
// flat in trace length (docs/model.md section 12: the trace is streamed, never loaded whole).
import { ensureSyntheticTrace } from './synthetic-trace.mjs';
import { measureNode } from './measure.mjs';

export const title = 'mscn replay end to end, 20 M and 40 M records';

const LENGTHS = [20_000_000, 40_000_000];

const RUNS = 3;

function replayRows(label, runs) {
    const failed = runs.find(r => r.status !== 0);
    if (failed) {
        return [
            {
                measurement: `${label} error`,
                value: `exit ${failed.status}`,
                unit: '',
                note: failed.stderr.trim().split('\n').pop(),
            },
        ];
    }
    const figures = JSON.parse(runs[0].stdout);
    const seconds = runs.map(r => r.seconds).sort((a, b) => a - b);
    const hitRate = figures.accesses > 0 ? (100 * figures.tlbHits) / figures.accesses : 0;
    return [
        {
            measurement: `${label} records/s, best`,
            value: figures.records / seconds[0] / 1e6,
            unit: 'M records/s',
            note:
                `${figures.records.toLocaleString('en-US')} records in ${seconds[0].toFixed(2)} s wall, best ` +
                `of ${RUNS}`,
        },
        {
            measurement: `${label} records/s, median`,
            value: figures.records / seconds[RUNS >> 1] / 1e6,
            unit: 'M records/s',
            note: `${seconds[RUNS >> 1].toFixed(2)} s wall`,
        },
        {
            measurement: `${label} peak RSS`,
            value: Math.max(...runs.map(r => r.peakRssKiB)) / 1024,
            unit: 'MiB',
            note: `max of ${RUNS}, ${runs[0].rssSource}`,
        },
        {
            measurement: `${label} figures`,
            value: figures.accesses,
            unit: 'accesses',
            note:
                `hit rate ${hitRate.toFixed(2)} %, ${figures.framesAllocated} frames, ` +
                `${figures.ptPagesAllocated} PT pages`,
        },
    ];
}

export async function run(ctx) {
    const rows = [];
    const rss = [];
    for (const records of LENGTHS) {
        ctx.log(`generating (or reusing) a ${records.toLocaleString('en-US')}-record trace in ${ctx.cacheDir}`);
        const trace = ensureSyntheticTrace(ctx.cacheDir, records);
        ctx.log(`replaying ${trace.file} ${RUNS} times`);
        const runs = Array.from({ length: RUNS }, () => measureNode(ctx.cli, ['replay', trace.file, '--json']));
        rows.push(...replayRows(`${records / 1e6} M`, runs));
        rss.push(Math.max(...runs.map(r => r.peakRssKiB)));
    }
    rows.push({
        measurement: 'peak RSS 40 M / 20 M',
        value: rss[1] / rss[0],
        unit: 'ratio',
        note: 'flat in trace length: about 1',
    });
    return rows;
}
