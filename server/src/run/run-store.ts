/**
 * The latest run of each open document, for the version of the text it ran: inlay hints, hovers, code
 * lenses and the `mscn/*` requests read it. A result is only ever shown for the text it was computed
 * from: after an edit the entry is stale until the next run lands. Before it lands, the run job built for
 * the current text (its configs: the one lowering of that text) answers what a hover asks, e.g. the arch.
 */
import type { RunResult, Snapshot, StatementResult } from '../../../language/src/engine/index.js';
import type { ScenarioConfig } from '../../../language/src/engine/scenario.js';
import type { ScenarioRuns } from '../../../language/src/execution/run-scenario-file.js';
import type { RunJob } from '../../../language/src/execution/run-job.js';
import { BASE_VARIANT } from '../protocol/index.js';

export interface StoredRun {
    uri: string;
    version: number;
    runs: ScenarioRuns[];
    millis: number;
    /**
     * What the run ran, for the snapshots it did not take (run-worker snapshot budget): the statements
     * that may have one, the configs and the file (traces are read relative to it). Absent: a run whose
     * results hold every snapshot there is.
     */
    lazy?: { fsPath: string; configs: ScenarioConfig[]; statementIds: readonly number[] };
}

/** Runs `config` again up to `statementId` and returns the snapshot taken there (the snapshot worker). */
export type SnapshotSource = (
    fsPath: string,
    config: ScenarioConfig,
    statementId: number,
) => Promise<Snapshot | undefined>;

/** Snapshots taken on demand kept at once, over all documents: ukva's are ~9 MB each. */
export const LAZY_SNAPSHOTS_KEPT = 12;

export class RunStore {
    private readonly entries = new Map<string, StoredRun>();
    private readonly variants = new Map<string, string>();
    private readonly listeners: Array<(uri: string) => void> = [];
    /** Snapshots taken on demand, most recently used last; keyed by result and statement. */
    private readonly lazy = new Map<string, Snapshot | undefined>();
    private source: SnapshotSource | undefined;
    /** One snapshot request at a time: the snapshot worker runs one job, a new one would cancel it. */
    private queue: Promise<unknown> = Promise.resolve();
    private readonly loading = new Map<string, Promise<Snapshot | undefined>>();
    /** The run job of each document's latest built text, or why it cannot run; by uri. */
    private readonly jobs = new Map<string, { version: number; job: RunJob | string }>();

    set(entry: StoredRun): void {
        this.entries.set(entry.uri, entry);
        for (const listener of this.listeners) listener(entry.uri);
    }

    delete(uri: string): void {
        this.entries.delete(uri);
        this.jobs.delete(uri);
    }

    /** The scheduler built the run job of `version` of `uri`, before running it: hovers read it from then on. */
    jobBuilt(uri: string, version: number, job: RunJob | string): void {
        this.jobs.set(uri, { version, job });
    }

    /**
     * The run job of `version` of `uri`: the one the scheduler built, else `build()`'s (a hover before
     * the scheduler got to this text, or with runs held back), kept so that the text is lowered once.
     */
    job(uri: string, version: number, build: () => RunJob | string): RunJob | string {
        const built = this.jobs.get(uri);
        if (built?.version === version) return built.job;
        const job = build();
        this.jobBuilt(uri, version, job);
        return job;
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
        return this.variants.get(uri) ?? this.variants.get('*') ?? BASE_VARIANT;
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
    statement(
        entry: StoredRun,
        statementId: number,
        variant: string,
    ): { result: RunResult; statement: StatementResult } | undefined {
        for (const result of this.resultsFor(entry, variant)) {
            const statement = result.statements.find(s => s.id === statementId);
            if (statement) return { result, statement };
        }
        return undefined;
    }

    /** The snapshot after `statementId` if the run took it or it was loaded (`load`); never waits. */
    snapshot(entry: StoredRun, statementId: number, variant: string): Snapshot | undefined {
        for (const result of this.resultsFor(entry, variant)) {
            const snapshot = result.snapshots[statementId] ?? this.lazy.get(this.key(entry, result, statementId));
            if (snapshot) return snapshot;
        }
        return undefined;
    }

    /** Statements of `result` with a snapshot, taken or to be taken on demand. */
    snapshotStatements(entry: StoredRun, result: RunResult): number[] {
        if (!entry.lazy) return Object.keys(result.snapshots).map(Number);
        const ran = new Set(result.statements.map(s => s.id));
        return entry.lazy.statementIds.filter(id => ran.has(id));
    }

    /** Where lazy snapshots come from (the server's snapshot worker). */
    setSnapshotSource(source: SnapshotSource): void {
        this.source = source;
    }

    /** The snapshot after `statementId`, taken now by running the variant again if the run did not keep it. */
    async load(entry: StoredRun, statementId: number, variant: string): Promise<Snapshot | undefined> {
        const kept = this.snapshot(entry, statementId, variant);
        if (kept || !entry.lazy || !this.source || !entry.lazy.statementIds.includes(statementId)) return kept;
        const result = this.resultsFor(entry, variant).find(r => r.statements.some(s => s.id === statementId));
        const config = result && entry.lazy.configs.find(c => c.run === result.run && c.variant === result.variant);
        if (!result || !config) return undefined;
        const key = this.key(entry, result, statementId);
        let loading = this.loading.get(key);
        if (!loading) {
            const source = this.source;
            const fsPath = entry.lazy.fsPath;
            loading = this.queue
                .then(() => source(fsPath, config, statementId))
                .then(snapshot => {
                    this.loading.delete(key);
                    this.lazy.delete(key);
                    this.lazy.set(key, snapshot);
                    while (this.lazy.size > LAZY_SNAPSHOTS_KEPT) this.lazy.delete(this.lazy.keys().next().value!);
                    return snapshot;
                });
            this.loading.set(key, loading);
            this.queue = loading.catch(() => undefined);
        }
        return loading;
    }

    /** `load` for several statements, one after the other. */
    async loadAll(entry: StoredRun, statementIds: readonly number[], variant: string): Promise<void> {
        for (const id of statementIds) await this.load(entry, id, variant);
    }

    private key(entry: StoredRun, result: RunResult, statementId: number): string {
        return `${entry.uri}\u0000${entry.version}\u0000${result.run}\u0000${result.variant}\u0000${statementId}`;
    }
}
