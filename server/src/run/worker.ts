/**
 * The run worker: executes scenario configs through the engine off the language server's main loop.
 * The server lowers the document (it holds the AST) and sends plain configs; the worker only runs
 * them, polling a shared flag so that a new edit stops a long run within ~64k operations. It reads the
 * cost-overrides file (a FIFO or /dev/zero named there is refused, and would block only this thread). A run takes
 * the snapshots its budget allows (snapshot-budget.ts); a snapshot request runs one config again up to
 * one statement and stops there.
 */
import { parentPort } from 'node:worker_threads';
import { runConfigs, runJob, type ScenarioRuns } from '../../../language/src/execution/run-scenario-file.js';
import { applyCostOverrides } from '../../../language/src/execution/run-job.js';
import { readCostOverrides } from './cost-overrides.js';
import type { Snapshot } from '../../../language/src/engine/index.js';
import { parseToWorker, type FromWorker, type RunRequest, type SnapshotRequest } from './messages.js';
import { SnapshotBudget } from './snapshot-budget.js';

function cancelledFlag(request: RunRequest | SnapshotRequest): () => boolean {
    const flag = new Int32Array(request.cancel);
    return () => Atomics.load(flag, 0) !== request.id;
}

function execute(request: RunRequest): FromWorker {
    const cancelled = cancelledFlag(request);
    const started = performance.now();
    const costs = readCostOverrides(request.costOverridesFile, request.fsPath);
    if (typeof costs === 'string') return { kind: 'failed', id: request.id, message: costs };
    const snapshots = new SnapshotBudget(request.snapshotAfter);
    const isCancelled = () => {
        snapshots.settle();
        return cancelled();
    };
    // one config at a time (as runConfigs does), so that the budget knows whose snapshots it takes
    const runs: ScenarioRuns[] = [];
    const perConfig: Array<Record<number, Snapshot>> = [];
    for (const config of applyCostOverrides(request.configs, costs)) {
        if (cancelled()) break;
        snapshots.nextConfig();
        for (const r of runJob({ ...request, configs: [config] }, { isCancelled, snapshotAfter: snapshots })) {
            perConfig.push(...r.results.map(x => x.snapshots));
            const same = runs.find(x => x.run === r.run);
            if (same) same.results.push(...r.results);
            else runs.push(r);
        }
    }
    snapshots.prune(perConfig);
    return { kind: 'done', id: request.id, runs, costs, millis: performance.now() - started };
}

/** Only `statementId` is asked for; once taken, the run stops at the engine's next poll. */
class OneStatement extends Set<number> {
    taken = false;
    constructor(private readonly id: number) {
        super();
    }
    override has(id: number): boolean {
        if (id !== this.id) return false;
        this.taken = true;
        return true;
    }
}

function snapshot(request: SnapshotRequest): FromWorker {
    const cancelled = cancelledFlag(request);
    const started = performance.now();
    const wanted = new OneStatement(request.statementId);
    const runs = runConfigs([request.config], request.fsPath, {
        budget: request.budget,
        isCancelled: () => wanted.taken || cancelled(),
        snapshotAfter: wanted,
    });
    const taken = runs[0]?.results[0]?.snapshots[request.statementId];
    return { kind: 'snapshot', id: request.id, snapshot: taken ?? null, millis: performance.now() - started };
}

function onMessage(message: unknown): void {
    const request = parseToWorker(message);
    if (typeof request === 'string') {
        const id = typeof (message as { id?: unknown })?.id === 'number' ? (message as { id: number }).id : -1;
        parentPort!.postMessage({ kind: 'failed', id, message: request } satisfies FromWorker);
        return;
    }
    let reply: FromWorker;
    try {
        reply = request.kind === 'snapshot' ? snapshot(request) : execute(request);
    } catch (error) {
        reply = { kind: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) };
    }
    parentPort!.postMessage(reply);
}

parentPort?.on('message', onMessage);
