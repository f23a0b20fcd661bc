/**
 * What the command-line tool hands to its engine thread (engine-thread.ts): the configs of a scenario
 * file to run, or a trace to replay, as plain data; and the one function that does either, in the
 * worker or (without a bundled worker) in-process.
 */
import type { ScenarioConfig } from '../engine/scenario.js';
import { runConfigs, type ScenarioRuns } from '../execution/run-scenario-file.js';
import { replayTrace, type ReplayJob } from './replay-run.js';
import type { ReplayOutcome } from './replay-report.js';
import { MEMORY_HINT } from './size-arg.js';

export interface RunsJob {
    kind: 'runs';
    configs: ScenarioConfig[];
    /** The scenario file: `replay` statements read traces relative to it. */
    fsPath: string;
    budget?: number;
    memory?: number;
    checkInvariants?: boolean;
}

export type EngineJob = RunsJob | ({ kind: 'replay' } & ReplayJob);

export type JobResult<J extends EngineJob> = J extends RunsJob ? ScenarioRuns[] : ReplayOutcome;

/** Runs a job; `interrupted` is polled by the engine (every ~64k operations) and between chunks of a trace. */
export async function executeJob(job: EngineJob, interrupted: () => boolean): Promise<ScenarioRuns[] | ReplayOutcome> {
    if (job.kind === 'replay') return replayTrace(job, interrupted);
    return runConfigs(job.configs, job.fsPath, {
        budget: job.budget, memory: job.memory, memoryHint: MEMORY_HINT, checkInvariants: job.checkInvariants, isCancelled: interrupted,
    });
}
