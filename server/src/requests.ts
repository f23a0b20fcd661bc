/**
 * The server's answers to its own requests (names and shapes: server/src/protocol/): run results and
 * snapshots as JSON for the extension's commands and panels; the variant whose figures hints and hovers show.
 */
import type { Connection } from 'vscode-languageserver';
import type { RunResult, Snapshot } from '../../language/src/engine/index.js';
import { Requests, type RunResultJson, type RunResultReply } from './protocol/index.js';
import type { MscnEditorServices } from './mscn-editor-module.js';
import type { RunScheduler } from './run/run-scheduler.js';

function withoutSnapshots(result: RunResult, snapshotStatements: number[]): RunResultJson {
    const { snapshots, ...rest } = result;
    return { ...rest, snapshotStatements };
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null;
}

export function registerRequests(
    connection: Connection,
    services: MscnEditorServices,
    scheduler: RunScheduler,
    refresh: () => void,
): void {
    const store = services.editor.RunStore;
    connection.onRequest(Requests.runResult, async (params: unknown): Promise<RunResultReply | null> => {
        if (!isObject(params) || typeof params.uri !== 'string') return null;
        const entry = await scheduler.runNow(params.uri);
        if (!entry) return null;
        const variant = typeof params.variant === 'string' ? params.variant : undefined;
        const variants = [...new Set(entry.runs.flatMap(r => r.results.map(x => x.variant)))];
        const runs = entry.runs.map(r => ({
            run: r.run,
            machine: r.machine,
            split: r.split,
            results: r.results
                .filter(x => variant === undefined || x.variant === variant)
                .map(x => withoutSnapshots(x, store.snapshotStatements(entry, x))),
        }));
        return { uri: entry.uri, version: entry.version, millis: entry.millis, variants, runs };
    });
    connection.onRequest(Requests.snapshot, async (params: unknown): Promise<Snapshot | null> => {
        if (!isObject(params) || typeof params.uri !== 'string' || typeof params.statementId !== 'number') return null;
        const entry = await scheduler.runNow(params.uri);
        if (!entry) return null;
        const variant = typeof params.variant === 'string' ? params.variant : store.selectedVariant(params.uri);
        return (await store.load(entry, params.statementId, variant)) ?? null;
    });
    connection.onRequest(Requests.memory, () => {
        const gc = (globalThis as { gc?: () => void }).gc;
        gc?.();
        const { rss, heapUsed } = process.memoryUsage();
        return { rss, heapUsed, afterGc: gc !== undefined };
    });
    connection.onRequest(Requests.selectVariant, (params: unknown): boolean => {
        if (!isObject(params) || typeof params.variant !== 'string') return false;
        store.selectVariant(typeof params.uri === 'string' ? params.uri : '*', params.variant);
        refresh();
        return true;
    });
}
