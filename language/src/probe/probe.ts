/**
 * One run block × variant on the running kernel: refuse what the kernel cannot do, run the model
 * (run-scenario-file.ts), build the helper's plan, run the helper once empty and `repeat` times for
 * real, and compare. A string result is a message for the user; a refusal carries its location.
 */
import { availableParallelism } from 'node:os';
import type { ScenarioConfig, SourceLoc } from '../engine/scenario.js';
import { runConfigs } from '../execution/run-scenario-file.js';
import { buildPlan, refusal, type ProbeRefusal } from './plan.js';
import { runHelper, type MarkReading } from './native.js';
import { compare, type ProbeComparison } from './compare.js';

export type ProbeOutcome =
    | { kind: 'compared'; comparison: ProbeComparison }
    | { kind: 'refused'; refusals: ProbeRefusal[] }
    | { kind: 'failed'; message: string };

export function probeConfig(config: ScenarioConfig, runLoc: SourceLoc, fsPath: string, repeat: number): ProbeOutcome {
    const refused = refusal(config, runLoc);
    if (refused) return { kind: 'refused', refusals: [refused] };
    const hostCpus = availableParallelism();
    if (config.machine.cpus > hostCpus) {
        return {
            kind: 'refused',
            refusals: [
                {
                    loc: runLoc,
                    message:
                        `machine '${config.machine.name}' has ${config.machine.cpus} CPUs; this machine has ` +
                        `${hostCpus}: the helper pins one spinner per CPU`,
                },
            ],
        };
    }
    const result = runConfigs([config], fsPath)[0].results[0];
    const errors = result.errors.filter(e => !e.expected);
    if (errors.length > 0) {
        return {
            kind: 'refused',
            refusals: errors.map(e => ({
                loc: e.loc,
                message: `the model reports: ${e.message} (fix it with mscn run first)`,
            })),
        };
    }
    const plan = buildPlan(config);
    // as many empty runs as measured ones, interleaved: noise only ever adds faults (another task's page
    // taken, a spinner's first step late), so compare.ts takes the least of each
    const empties: MarkReading[][] = [];
    const runs: MarkReading[][] = [];
    for (let i = 0; i < repeat; i++) {
        const empty = runHelper(plan.text(true));
        if (typeof empty === 'string') return { kind: 'failed', message: empty };
        empties.push(empty);
        const readings = runHelper(plan.text(false));
        if (typeof readings === 'string') return { kind: 'failed', message: readings };
        runs.push(readings);
    }
    return { kind: 'compared', comparison: compare(plan, result, runs, empties) };
}
