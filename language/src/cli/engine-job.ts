/**
 * What the command-line tool hands to its engine thread (engine-thread.ts): a run job of a scenario
 * file (execution/run-job.ts, plain data), and the one function that runs it, in the worker or (without
 * a bundled worker) in-process. `mscn replay` streams its trace on the main thread instead
 * (replay-run.ts), where Ctrl-C is seen between chunks.
 */
import type { RunJob } from '../execution/run-job.js';
import { runJob, type ScenarioRuns } from '../execution/run-scenario-file.js';
import { MEMORY_HINT } from './size-arg.js';

export interface EngineJob {
    job: RunJob;
    checkInvariants?: boolean;
}

/** Runs a job; `interrupted` is polled by the engine before every statement and every ~64k operations. */
export async function executeJob(request: EngineJob, interrupted: () => boolean): Promise<ScenarioRuns[]> {
    return runJob(request.job, {
        memoryHint: MEMORY_HINT,
        checkInvariants: request.checkInvariants,
        isCancelled: interrupted,
    });
}
