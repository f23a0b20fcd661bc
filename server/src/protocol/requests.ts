/**
 * The server's own requests and notifications (docs/editor.md), as both ends see them: the server
 * answers them (server/src/requests.ts), the extension's commands and panels send them. Type-only
 * imports of the engine: the extension host and the webviews bundle this file without the server.
 */
import type { RunResult, Snapshot } from '../../../language/src/engine/index.js';
import type { ReportRuns } from '../../../language/src/report/format-runs.js';

export const Requests = {
    /** RunResultParams → RunResultReply | null (null: the text has errors, nothing ran). */
    runResult: 'mscn/runResult',
    /** SnapshotParams → Snapshot | null. */
    snapshot: 'mscn/snapshot',
    /** SelectVariantParams → boolean: which variant's figures hints, hovers and lenses show. */
    selectVariant: 'mscn/selectVariant',
    /** For scripts/bench: memory after a full GC when the server runs with --expose-gc. */
    memory: 'mscn/memory',
} as const;

export const Notifications = {
    runStarted: 'mscn/runStarted',
    runFinished: 'mscn/runFinished',
} as const;

export interface RunResultParams {
    uri: string;
    variant?: string;
}
export interface SnapshotParams {
    uri: string;
    statementId: number;
    variant?: string;
}
export interface SelectVariantParams {
    uri?: string;
    variant: string;
}

/** A RunResult without its snapshots (they come one at a time through mscn/snapshot). */
export type RunResultJson = Omit<RunResult, 'snapshots'> & { snapshotStatements: number[] };

/** One run block of the reply: its results under each variant asked for. */
export type RunsJson = ReportRuns & { results: RunResultJson[] };

export interface RunResultReply {
    uri: string;
    version: number;
    millis: number;
    variants: string[];
    runs: RunsJson[];
}

export type SnapshotReply = Snapshot | null;
