/**
 * The latest run of each open document, for the version of the text it ran: inlay hints, hovers, code
 * lenses and the `mscn/*` requests read it. A result is only ever shown for the text it was computed
 * from: after an edit the entry is stale until the next run lands.
 */
import type { RunResult, Snapshot, StatementResult } from '../../../language/src/engine/index.js';
import type { ScenarioRuns } from '../../../language/src/execution/run-scenario-file.js';

export interface StoredRun {
    uri: string;
    version: number;
    runs: ScenarioRuns[];
    millis: number;
}

export const BASE = 'base';

export class RunStore {
    private readonly entries = new Map<string, StoredRun>();
    private readonly variants = new Map<string, string>();
    private readonly listeners: Array<(uri: string) => void> = [];

    set(entry: StoredRun): void {
        this.entries.set(entry.uri, entry);
        for (const listener of this.listeners) listener(entry.uri);
    }

    delete(uri: string): void {
        this.entries.delete(uri);
    }

    /** The run of `uri`, when it ran on `version` (any version when omitted). */
    get(uri: string, version?: number): StoredRun | undefined {
        const entry = this.entries.get(uri);
        return entry && (version === undefined || entry.version === version) ? entry : undefined;
    }

    onStored(listener: (uri: string) => void): void {
        this.listeners.push(listener);
    }

    /** The variant whose figures hints and hovers show (`Memory Scenarios: Select Variant`); `base` by default. */
    selectedVariant(uri: string): string {
        return this.variants.get(uri) ?? this.variants.get('*') ?? BASE;
    }

    /** `uri` `*` selects for every document. */
    selectVariant(uri: string, variant: string): void {
        this.variants.set(uri, variant);
    }

    /** Each run block's result under `variant`, in file order. */
    resultsFor(entry: StoredRun, variant: string): RunResult[] {
        return entry.runs.flatMap(r => r.results.filter(x => x.variant === variant));
    }

    /** What a statement changed under `variant`, and the run it belongs to. */
    statement(entry: StoredRun, statementId: number, variant: string): { result: RunResult; statement: StatementResult } | undefined {
        for (const result of this.resultsFor(entry, variant)) {
            const statement = result.statements.find(s => s.id === statementId);
            if (statement) return { result, statement };
        }
        return undefined;
    }

    snapshot(entry: StoredRun, statementId: number, variant: string): Snapshot | undefined {
        for (const result of this.resultsFor(entry, variant)) {
            const snapshot = result.snapshots[statementId];
            if (snapshot) return snapshot;
        }
        return undefined;
    }
}
