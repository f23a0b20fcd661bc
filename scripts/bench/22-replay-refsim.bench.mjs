// One replay against the native reference (issue 16): `mscn replay TRACE --tlb 64/4 --json` and refsim.c
// (`cc -O2`, the same section-12 rules with a hand-rolled parser) on the same real lackey trace, interleaved
// round by round in this one run. Checks that both give the same figures, then prints wall time, CPU time
// and peak RSS of each and their ratios (target: mscn at most 1.5x refsim's wall time); mscn also forced to
// one thread and to two (its parse thread, language/src/cli/replay-pipeline.ts), whatever the load.
import { loadavg } from 'node:os';
import { ensureLackeyTrace, ensureRefsim } from './lackey-trace.mjs';
import { failureRows, measureNode, measureCommand } from './measure.mjs';

export const title = 'mscn replay against native refsim.c, real lackey trace';

const ROUNDS = 5;
/** refsim's keys that are not figures of mscn's JSON as they are: its timer, and page-table pages by level. */
const NOT_SHARED = new Set(['seconds', 'ptPagesAllocated']);

const best = xs => Math.min(...xs);
const median = xs => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Every shared figure equal, and the page-table pages by level summing to mscn's total: else a message. */
export function sameFigures(mscn, native) {
    const shared = Object.keys(native).filter(k => !NOT_SHARED.has(k));
    const differ = shared.filter(k => mscn[k] !== native[k]);
    const pt = native.ptPagesAllocated;
    if (pt.pud + pt.pmd + pt.pte !== mscn.ptPagesAllocated) differ.push('ptPagesAllocated');
    const pairs = differ.map(k => `${k} ${JSON.stringify(mscn[k])} vs ${JSON.stringify(native[k])}`).join(', ');
    return differ.length === 0 ? undefined : `figures differ: ${pairs}`;
}

export async function run(ctx) {
    const trace = ensureLackeyTrace(ctx);
    const refsim = ensureRefsim(ctx);
    if (!refsim) return [{ measurement: 'skipped', value: 'refsim.c not found', unit: '', note: 'set MSCN_REFSIM_C' }];
    const runs = { mscn: [], refsim: [], oneThread: [], twoThreads: [] };
    const load = loadavg()[0];
    const replay = threads => {
        // MSCN_REPLAY_THREADS forces one or two threads; unset, mscn replay picks by the load average.
        if (threads) process.env.MSCN_REPLAY_THREADS = threads;
        else delete process.env.MSCN_REPLAY_THREADS;
        return measureNode(ctx.cli, ['replay', trace.file, '--tlb', '64/4', '--json']);
    };
    for (let r = 0; r < ROUNDS; r++) {
        ctx.log(`round ${r + 1} of ${ROUNDS}: refsim, then mscn replay (as chosen, one thread, two threads)`);
        runs.refsim.push(measureCommand(refsim.binary, [trace.file, '64', '4']));
        runs.mscn.push(replay(undefined));
        runs.oneThread.push(replay('1'));
        runs.twoThreads.push(replay('2'));
    }
    delete process.env.MSCN_REPLAY_THREADS;
    const failed = failureRows(Object.values(runs).flat());
    if (failed) return failed;
    const mscnFigures = JSON.parse(runs.mscn[0].stdout);
    const nativeFigures = JSON.parse(runs.refsim[0].stdout);
    const mismatch =
        sameFigures(mscnFigures, nativeFigures) ??
        sameFigures(JSON.parse(runs.oneThread[0].stdout), nativeFigures) ??
        sameFigures(JSON.parse(runs.twoThreads[0].stdout), nativeFigures);
    const wall = k => runs[k].map(x => x.seconds);
    const cpu = k => runs[k].map(x => x.cpuSeconds);
    const rss = k => Math.max(...runs[k].map(x => x.peakRssKiB)) / 1024;
    const note = k =>
        `best of ${ROUNDS}, median ${median(wall(k)).toFixed(2)} s; CPU ${best(cpu(k)).toFixed(2)} s best`;
    return [
        { measurement: 'trace', value: mscnFigures.records, unit: 'records', note: trace.what },
        {
            measurement: 'same figures',
            value: mismatch ? 'NO' : 'yes',
            unit: '',
            note: mismatch ?? `${Object.keys(nativeFigures).length - 1} figures compared`,
        },
        { measurement: 'refsim wall', value: best(wall('refsim')), unit: 's', note: note('refsim') },
        { measurement: 'mscn replay wall', value: best(wall('mscn')), unit: 's', note: note('mscn') },
        {
            measurement: 'wall ratio mscn / refsim',
            value: best(wall('mscn')) / best(wall('refsim')),
            unit: 'ratio',
            note:
                'best over best (target at most 1.5); median over median ' +
                `${(median(wall('mscn')) / median(wall('refsim'))).toFixed(2)}`,
        },
        {
            measurement: 'wall ratio, one thread',
            value: best(wall('oneThread')) / best(wall('refsim')),
            unit: 'ratio',
            note:
                `MSCN_REPLAY_THREADS=1: ${best(wall('oneThread')).toFixed(2)} s, CPU ` +
                `${best(cpu('oneThread')).toFixed(2)} s`,
        },
        {
            measurement: 'wall ratio, two threads',
            value: best(wall('twoThreads')) / best(wall('refsim')),
            unit: 'ratio',
            note:
                `MSCN_REPLAY_THREADS=2: ${best(wall('twoThreads')).toFixed(2)} s, CPU ` +
                `${best(cpu('twoThreads')).toFixed(2)} s; load average ${load.toFixed(1)} at the start`,
        },
        {
            measurement: 'CPU ratio mscn / refsim',
            value: best(cpu('mscn')) / best(cpu('refsim')),
            unit: 'ratio',
            note: 'user + system, best over best',
        },
        {
            measurement: 'peak RSS refsim / mscn',
            value: `${rss('refsim').toFixed(1)} / ${rss('mscn').toFixed(1)}`,
            unit: 'MiB',
            note: runs.mscn[0].rssSource,
        },
    ];
}
