// A scenario touching 16 GiB in 4 KiB pages (4 Mi page writes, 8209 page-table pages) from 4 threads on
// 4 CPUs, then unmapping it: engine time and peak RSS. Built as a ScenarioConfig by hand
// (scenario-16g-child.mjs); the lead adds the same scenario written in the language.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureNode } from './measure.mjs';
import { bundleDefaults } from './scenario-config.mjs';

export const title = '16 GiB in 4 KiB pages on 4 CPUs, then munmap (engine only)';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scenario-16g-child.mjs');

export async function run(ctx) {
    const run = measureNode(child, [ctx.root, await bundleDefaults(ctx.root, ctx.cacheDir)]);
    if (run.status !== 0) {
        return [
            {
                measurement: 'error',
                value: `exit ${run.status}`,
                unit: '',
                note: run.stderr.trim().split('\n').slice(-1)[0],
            },
        ];
    }
    const { seconds, totals } = JSON.parse(run.stdout);
    const pages = Number(totals.accesses);
    return [
        {
            measurement: 'engine time',
            value: seconds,
            unit: 's',
            note: `runScenario only; ${run.seconds.toFixed(2)} s with node start-up`,
        },
        {
            measurement: 'page accesses/s',
            value: pages / seconds / 1e6,
            unit: 'M/s',
            note: `${pages.toLocaleString('en-US')} accesses`,
        },
        { measurement: 'peak RSS', value: run.peakRssKiB / 1024, unit: 'MiB', note: run.rssSource },
        {
            measurement: 'figures',
            value: Number(totals.framesAllocated),
            unit: 'frames',
            note:
                `${totals.ptPagesAllocated} PT pages allocated, ${totals.ptPagesFreed} freed, ` +
                `${totals.fullFlushes} full flushes, ${totals.ipis} IPIs`,
        },
    ];
}
