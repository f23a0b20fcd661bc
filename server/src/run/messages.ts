/**
 * The one message type between the language server and its run workers, both directions, with the
 * checks each side applies on receipt: a worker that crashed half-way or a message from an older
 * bundle must never be taken for a result.
 */
import type { ScenarioConfig } from '../../../language/src/engine/scenario.js';
import type { Snapshot } from '../../../language/src/engine/index.js';
import type { ScenarioRuns } from '../../../language/src/execution/run-scenario-file.js';
import type { CostOverrides } from '../../../language/src/execution/run-job.js';

/** Server → worker: run these configs (one per run block × variant) of the file at `fsPath`. */
export interface RunRequest {
    kind: 'run';
    /** Increasing per request; the run is cancelled as soon as `cancel[0]` holds another id. */
    id: number;
    fsPath: string;
    configs: ScenarioConfig[];
    budget: number;
    /** Statements whose snapshot may be taken during the run, within the snapshot budget (snapshot-budget.ts). */
    snapshotAfter: number[];
    /**
     * The cost-overrides file to read and apply first ('' for none): the worker reads it, not the server's main
     * thread.
     */
    costOverridesFile: string;
    cancel: SharedArrayBuffer;
}

/** Server → worker: run `config` again up to statement `statementId` and take its snapshot (a lazy snapshot). */
export interface SnapshotRequest {
    kind: 'snapshot';
    id: number;
    fsPath: string;
    config: ScenarioConfig;
    statementId: number;
    budget: number;
    cancel: SharedArrayBuffer;
}

/** Worker → server: the results grouped by run block, as `runScenarioFile` returns them. */
export interface RunDone {
    kind: 'done';
    id: number;
    runs: ScenarioRuns[];
    /** The cost overrides the configs ran with (the server applies them to the configs lazy snapshots run again). */
    costs: CostOverrides;
    /** Wall-clock milliseconds the engine took, for the output channel and the bench. */
    millis: number;
}

/** Worker → server: the snapshot asked for, or null when the statement never ran. */
export interface SnapshotDone {
    kind: 'snapshot';
    id: number;
    snapshot: Snapshot | null;
    millis: number;
}

/** Worker → server: the engine threw (a bug in the engine, or an unreadable trace). */
export interface RunFailed {
    kind: 'failed';
    id: number;
    message: string;
}

export type ToWorker = RunRequest | SnapshotRequest;
export type FromWorker = RunDone | SnapshotDone | RunFailed;

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null;
}

function isConfig(c: unknown): boolean {
    return isRecord(c) && Array.isArray(c.statements);
}

/** The request as received, or a reason to refuse it. */
export function parseToWorker(message: unknown): ToWorker | string {
    if (!isRecord(message) || (message.kind !== 'run' && message.kind !== 'snapshot')) return 'not a run request';
    const { id, fsPath, budget, cancel } = message;
    if (typeof id !== 'number' || typeof fsPath !== 'string' || typeof budget !== 'number')
        return 'run request: bad id, path or budget';
    if (!(cancel instanceof SharedArrayBuffer)) return 'run request: no cancellation flag';
    if (message.kind === 'snapshot') {
        if (!isConfig(message.config) || typeof message.statementId !== 'number')
            return 'snapshot request: bad config or statement';
        return message as unknown as SnapshotRequest;
    }
    const { configs, snapshotAfter } = message;
    if (!Array.isArray(configs) || !configs.every(isConfig)) return 'run request: bad configs';
    if (!Array.isArray(snapshotAfter) || !snapshotAfter.every(n => typeof n === 'number'))
        return 'run request: bad snapshot ids';
    if (typeof message.costOverridesFile !== 'string') return 'run request: bad cost overrides file';
    return message as unknown as RunRequest;
}

/** The reply as received, or a reason to refuse it. */
export function parseFromWorker(message: unknown): FromWorker | string {
    if (!isRecord(message) || typeof message.id !== 'number') return 'worker reply without an id';
    if (message.kind === 'failed') {
        return typeof message.message === 'string'
            ? (message as unknown as RunFailed)
            : 'worker failure without a message';
    }
    if (message.kind === 'snapshot') {
        const s = message.snapshot;
        return s === null || (isRecord(s) && Array.isArray(s.mms) && Array.isArray(s.cpus))
            ? (message as unknown as SnapshotDone)
            : 'worker reply with a malformed snapshot';
    }
    if (message.kind !== 'done' || typeof message.millis !== 'number' || !isRecord(message.costs))
        return `unknown worker reply '${String(message.kind)}'`;
    const runs = message.runs;
    const wellFormed =
        Array.isArray(runs) &&
        runs.every(
            r =>
                isRecord(r) &&
                typeof r.run === 'string' &&
                Array.isArray(r.results) &&
                r.results.every(x => isRecord(x) && typeof x.variant === 'string' && Array.isArray(x.statements)),
        );
    return wellFormed ? (message as unknown as RunDone) : 'worker reply with malformed runs';
}
