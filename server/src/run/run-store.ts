/**
 * The latest run of each open document, for the text it ran: inlay hints, hovers, code lenses and the
 * `mscn/*` requests read it. A result is only ever shown for the text it was computed from: after an edit
 * the entry is stale until the next run lands. A text is its version and its build: an edit of a file it
 * imports changes what it means (a machine, a cost) but not its version, and counts as an edit of it
 * (`reset`). Before the next run lands, the run job built for the current text (its configs: the one
 * lowering of that text) answers what a hover asks, e.g. the arch.
 */
import type { RunResult, Snapshot, StatementResult } from '../../../language/src/engine/index.js';
import type { ScenarioConfig } from '../../../language/src/engine/scenario.js';
import type { ScenarioRuns } from '../../../language/src/execution/run-scenario-file.js';
import { BASE_VARIANT } from '../protocol/index.js';
import type { WorkerJob } from './worker-host.js';

export interface StoredRun {
    uri: string;
    version: number;
    /** RunStore.build of the document when its run job was built. */
    build: number;
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
    private readonly jobs = new Map<string, { version: number; build: number; job: WorkerJob | string }>();
    /** How often each document was reset by a build (`reset`); by uri. */
    private readonly builds = new Map<string, number>();

    set(entry: StoredRun): void {
        this.entries.set(entry.uri, entry);
        for (const listener of this.listeners) listener(entry.uri);
    }

    delete(uri: string): void {
        this.entries.delete(uri);
        this.jobs.delete(uri);
    }

    /**
     * A build reset `uri`: its text changed, or a file it imports did (Langium relinks it). Its stored run
     * and run job are of a text that is gone, though the version may be the same.
     */
    reset(uri: string): void {
        this.builds.set(uri, this.build(uri) + 1);
        this.jobs.delete(uri);
    }

    /** Which build of `uri` the current text is (`reset`): a stored run of another is stale. */
    build(uri: string): number {
        return this.builds.get(uri) ?? 0;
    }

    /** The editor's settings changed: every run job is built again (budgets, sweep points, overrides file). */
    forgetJobs(): void {
        this.jobs.clear();
    }

    /** The scheduler built the run job of `version` of `uri`, before running it: hovers read it from then on. */
    jobBuilt(uri: string, version: number, job: WorkerJob | string): void {
        this.jobs.set(uri, { version, build: this.build(uri), job });
    }

    /**
     * The run job of `version` of `uri` in its current build: built once by whoever needs it first (a
     * hover, the scheduler), then kept, so that the text is lowered once.
     */
    job(uri: string, version: number, make: () => WorkerJob | string): WorkerJob | string {
        const built = this.jobs.get(uri);
        if (built?.version === version && built.build === this.build(uri)) return built.job;
        const job = make();
        this.jobBuilt(uri, version, job);
        return job;
    }

    /** The run of `uri`, when it ran on `version` of its text, in its current build. */
    get(uri: string, version: number): StoredRun | undefined {
        const entry = this.entries.get(uri);
        return entry?.version === version && entry.build === this.build(uri) ? entry : undefined;
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
        const text = `${entry.uri}\u0000${entry.version}\u0000${entry.build}`;
        return `${text}\u0000${result.run}\u0000${result.variant}\u0000${statementId}`;
    }
}
