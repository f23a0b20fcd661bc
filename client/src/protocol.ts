/**
 * The server's `mscn/*` requests as the client sees them (docs/editor.md). The client may not import
 * the server, so the shapes are restated here, no wider than the commands need.
 */
import type { formatRunsText } from '../../language/src/report/format-runs.js';

export const RUN_RESULT = 'mscn/runResult';
export const SNAPSHOT = 'mscn/snapshot';
export const SELECT_VARIANT_REQUEST = 'mscn/selectVariant';
export const RUN_FINISHED = 'mscn/runFinished';

/** The runs in the shape the report formatters take. */
export type ReportRuns = Parameters<typeof formatRunsText>[1][number];

export interface RunResultReply {
    uri: string;
    version: number;
    millis: number;
    variants: string[];
    runs: Array<Omit<ReportRuns, 'results'> & { results: Array<ReportRuns['results'][number] & { snapshotStatements: number[] }> }>;
}

export interface LeafRunJson { index: number; count: number; start: string; size: number; kind: string; frame: number; perms: string }
export interface TableJson { level: string; start: string; location: string; used: number; children: { index: number; table: TableJson }[]; leaves: LeafRunJson[] }
export interface SnapshotJson {
    step: number;
    statementId: number;
    mms: { name: string; cpumask: number[]; vmas: { start: string; end: string; prot: string }[]; root: TableJson | null }[];
    cpus: { cpu: number; current: string; activeMm: string | null; tlb: { vpn: string; frame: number; stale: boolean }[] }[];
}
