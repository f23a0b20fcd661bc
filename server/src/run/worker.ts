/**
 * The run worker: executes scenario configs through the engine off the language server's main loop.
 * The server lowers the document (it holds the AST) and sends plain configs; the worker only runs
 * them, polling a shared flag so that a new edit stops a long run within ~64k operations.
 */
import { parentPort } from 'node:worker_threads';
import { runConfigs } from '../../../language/src/execution/run-scenario-file.js';
import { parseToWorker, type FromWorker, type RunRequest } from './messages.js';

function execute(request: RunRequest): FromWorker {
    const flag = new Int32Array(request.cancel);
    const isCancelled = () => Atomics.load(flag, 0) !== request.id;
    const started = performance.now();
    const runs = runConfigs(request.configs, request.fsPath, {
        budget: request.budget, isCancelled, snapshotAfter: new Set(request.snapshotAfter),
    });
    return { kind: 'done', id: request.id, runs, millis: performance.now() - started };
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
        reply = execute(request);
    } catch (error) {
        reply = { kind: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) };
    }
    parentPort!.postMessage(reply);
}

parentPort?.on('message', onMessage);
