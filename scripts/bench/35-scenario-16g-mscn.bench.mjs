// The same 16 GiB scenario as section 30, written in the language and run end to end by `mscn run --json`
// (parse, check, lowering, engine, report): what a user waits for.
import * as path from 'node:path';
import { measureNode } from './measure.mjs';

export const title = '16 GiB in 4 KiB pages on 4 CPUs, then munmap (mscn run, end to end)';

export async function run(ctx) {
    const file = path.join(ctx.root, 'scripts', 'bench', 'scenarios', 'touch-16g.mscn');
    const run = measureNode(ctx.cli, ['run', file, '--json']);
    if (run.status !== 0) {
        return [
            {
                measurement: 'error',
                value: `exit ${run.status}`,
                unit: '',
                note: (run.stdout + run.stderr).trim().split('\n').slice(-1)[0],
            },
        ];
    }
    const totals = JSON.parse(run.stdout).runs[0].variants[0].totals;
    return [
        { measurement: 'wall time', value: run.seconds, unit: 's', note: 'node start-up, parse, check, run, report' },
        { measurement: 'peak RSS', value: run.peakRssKiB / 1024, unit: 'MiB', note: run.rssSource },
        {
            measurement: 'figures',
            value: totals.accesses,
            unit: 'accesses',
            note: `${totals.ptPagesAllocated} PT pages, ${totals.fullFlushes} full flushes, ${totals.ipis} IPIs`,
        },
    ];
}
