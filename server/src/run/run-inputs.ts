/**
 * The files a run job reads besides the text: the cost-overrides file (mscn.costs.overridesFile, read by
 * the run worker) and the trace of each `replay` statement. Paths as the worker resolves them
 * (cost-overrides.ts, execution/run-scenario-file.ts); the scheduler watches them (input-watcher.ts).
 */
import type { Statement } from '../../../language/src/engine/scenario.js';
import { tracePath } from '../../../language/src/execution/run-scenario-file.js';
import { costOverridesPath } from './cost-overrides.js';
import type { WorkerJob } from './worker-host.js';

export function runInputs(job: WorkerJob): string[] {
    const traces = new Set<string>();
    // the configs of variants and sweep points share the statements of their run block: each list once
    const seen = new Set<readonly Statement[]>();
    const visit = (statements: readonly Statement[]): void => {
        if (seen.has(statements)) return;
        seen.add(statements);
        for (const s of statements) {
            if (s.kind === 'replay') traces.add(tracePath(job.fsPath, s.path));
            else if (s.kind === 'repeat') visit(s.body);
        }
    };
    for (const config of job.configs) visit(config.statements);
    const overrides = costOverridesPath(job.costOverridesFile, job.fsPath);
    return overrides === undefined ? [...traces] : [overrides, ...traces];
}
