// One replay against the native reference (issue 16): `mscn replay TRACE --tlb 64/4 --json` and refsim.c
// (`cc -O2`, the same section-12 rules with a hand-rolled parser) on the same real lackey trace, interleaved
// round by round in this one run. Checks that both give the same figures, then prints wall time, CPU time
// and peak RSS of each and their ratios (target: mscn at most 1.5x refsim's wall time); mscn also forced to
// one thread and to two (its parse thread, language/src/cli/replay-pipeline.ts), whatever the load.
//
// NODE_EXTRA_CA_CERTS, when set (as on the project's CI machine, for its proxy), makes every node process
// read and parse that certificate bundle before it runs a line: 0.04 s here, a sixth of refsim's whole
// replay, and nothing mscn does. mscn runs without it; when it is set, one more run with it shows its cost.
import { loadavg } from 'node:os';
import { ensureLackeyTrace, ensureRefsim, ensureRepeatedTrace } from './lackey-trace.mjs';
import { failureRows, measureNode, measureCommand } from './measure.mjs';

export const title = 'mscn replay against native refsim.c, real lackey trace';

const ROUNDS = 5;
/** The long trace: the trace this many times over, for the per-record cost apart from start-up and warm-up. */
const TIMES = 3;
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
    const runs = {
        mscn: [],
        refsim: [],
        oneThread: [],
        twoThreads: [],
        withCaCerts: [],
        nodeStart: [],
        refsimLong: [],
        mscnLong: [],
    };
    const long = ensureRepeatedTrace(ctx, trace, TIMES);
    const load = loadavg()[0];
    const caCerts = process.env.NODE_EXTRA_CA_CERTS;
    const replay = (threads, withCaCerts = false, file = trace.file) => {
        // MSCN_REPLAY_THREADS forces one or two threads; unset, mscn replay picks by the CPU count.
        if (threads) process.env.MSCN_REPLAY_THREADS = threads;
        else delete process.env.MSCN_REPLAY_THREADS;
        if (withCaCerts) process.env.NODE_EXTRA_CA_CERTS = caCerts;
        else delete process.env.NODE_EXTRA_CA_CERTS;
        return measureNode(ctx.cli, ['replay', file, '--tlb', '64/4', '--json']);
    };
    try {
        for (let r = 0; r < ROUNDS; r++) {
            ctx.log(`round ${r + 1} of ${ROUNDS}: refsim, then mscn replay (as chosen, one thread, two threads)`);
            runs.refsim.push(measureCommand(refsim.binary, [trace.file, '64', '4']));
            runs.mscn.push(replay(undefined));
            runs.oneThread.push(replay('1'));
            runs.twoThreads.push(replay('2'));
            if (caCerts) runs.withCaCerts.push(replay(undefined, true));
            delete process.env.NODE_EXTRA_CA_CERTS;
            runs.nodeStart.push(measureCommand(process.execPath, ['-e', '0']));
            if (r < 3) {
                runs.refsimLong.push(measureCommand(refsim.binary, [long, '64', '4']));
                runs.mscnLong.push(replay(undefined, false, long));
            }
        }
    } finally {
        delete process.env.MSCN_REPLAY_THREADS;
        if (caCerts) process.env.NODE_EXTRA_CA_CERTS = caCerts;
    }
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
                `${(median(wall('mscn')) / median(wall('refsim'))).toFixed(2)}; without NODE_EXTRA_CA_CERTS`,
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
            measurement: 'per-record cost ratio',
            value: (best(wall('mscnLong')) - best(wall('mscn'))) / (best(wall('refsimLong')) - best(wall('refsim'))),
            unit: 'ratio',
            note:
                `the trace ${TIMES} times over: refsim ${best(wall('refsimLong')).toFixed(2)} s, mscn ` +
                `${best(wall('mscnLong')).toFixed(2)} s (best of 3); extra time over extra time`,
        },
        {
            measurement: 'mscn fixed cost',
            value: best(wall('mscn')) - (best(wall('mscnLong')) - best(wall('mscn'))) / (TIMES - 1),
            unit: 's',
            note: 'one run less its per-record time: node start-up, loading, the JIT warming up',
        },
        {
            measurement: 'node start-up',
            value: best(wall('nodeStart')),
            unit: 's',
            note: "`node -e 0`, best of 5: in every mscn wall time above, not in refsim's",
        },
        ...(caCerts
            ? [
                  {
                      measurement: 'wall ratio, NODE_EXTRA_CA_CERTS set',
                      value: best(wall('withCaCerts')) / best(wall('refsim')),
                      unit: 'ratio',
                      note:
                          `as this machine sets it (${caCerts}): ${best(wall('withCaCerts')).toFixed(2)} s; ` +
                          'node reads the bundle at start-up',
                  },
              ]
            : []),
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
