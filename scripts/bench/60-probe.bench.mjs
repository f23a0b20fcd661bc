// `mscn probe` on the probe examples: the model's IPIs against the kernel's (the TLB row of
// /proc/interrupts, min/median/max over 5 runs), with faults and VmPTE as a check that the two sides
// ran the same thing. Measures, asserts nothing: IPIs depend on what else the machine runs (docs/probe.md).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const title = 'mscn probe: model vs measured IPIs';

const EXAMPLES = ['examples/probe.mscn'];
const REPEAT = 5;

export async function run(ctx) {
    const rows = [];
    for (const example of EXAMPLES) {
        ctx.log(`probing ${example} ${REPEAT} times`);
        const r = spawnSync(
            process.execPath,
            [ctx.cli, 'probe', join(ctx.root, example), '--json', '--repeat', String(REPEAT)],
            { encoding: 'utf8' },
        );
        if (r.status !== 0) {
            rows.push({
                measurement: `${example} error`,
                value: `exit ${r.status}`,
                unit: '',
                note: r.stderr.trim().split('\n').pop(),
            });
            continue;
        }
        for (const run of JSON.parse(r.stdout).runs) {
            const { model, kernel } = run.totals;
            rows.push(
                {
                    measurement: `${example} ${run.run} IPIs, model`,
                    value: model.ipis,
                    unit: 'IPIs',
                    note: 'flush IPIs sent (R25)',
                },
                {
                    measurement: `${example} ${run.run} IPIs, kernel`,
                    value: kernel.ipis.median,
                    unit: 'IPIs',
                    note:
                        `median of ${run.repeat}, min ${kernel.ipis.min}, max ${kernel.ipis.max} (TLB row of ` +
                        `/proc/interrupts)`,
                },
                {
                    measurement: `${example} ${run.run} faults, model / kernel`,
                    value: `${model.pageFaults} / ${kernel.pageFaults}`,
                    unit: '',
                    note: `VmPTE peak ${model.ptPages * 4} / ${kernel.ptPages * 4} kB`,
                },
            );
        }
    }
    return rows;
}
