/**
 * The engine's public API: runScenario (docs/model.md, all sections) and createTraceReplay (section 12).
 * Synchronous, deterministic, no I/O: traces come in through options.openTrace.
 */
import type { Arch, ScenarioConfig, Check, SourceLoc } from './scenario.js';
import type { LevelName } from './figures.js';
import { FIGURE_NAMES, LEVEL_NAMES } from './figures.js';
import { Kernel, type StopReason, type TimeLimit } from './kernel.js';
import { Runner } from './runner.js';
import { toFigures, type Figures } from './counters.js';
import type { EngineEvent } from './events.js';
import type { Snapshot } from './snapshot.js';
import type { TimeByKind } from './costs.js';
import { InvariantChecker, invariantDefaults, type InvariantOptions } from './invariants.js';

export type { Figures } from './counters.js';
export type { TimeByKind } from './costs.js';
export { invariantDefaults, type InvariantOptions } from './invariants.js';
export type { EngineEvent, EventKind } from './events.js';
export type { Snapshot, MmSnapshot, CpuSnapshot, TableSnapshot, LeafRun, TlbEntrySnapshot } from './snapshot.js';
export { createTraceReplay, DEFAULT_REPLAY_BUDGET, DEFAULT_REPLAY_MEMORY_BYTES, type TraceReplay } from './replay.js';
export { DEFAULT_MEMORY_BYTES, formatBytes } from './memory.js';
export type { StopReason, TimeLimit } from './kernel.js';

export interface RunOptions {
    /** Max simulated operations (page accesses + statements executed); default 50_000_000. */
    budget?: number;
    /**
     * The memory budget in bytes (memory.ts): what the run holds (frames, page tables, mms, tasks, TLB
     * entries, events, snapshots) by a fixed estimate per object; default DEFAULT_MEMORY_BYTES (2 GiB).
     * A run that passes it stops as at the budget, with every figure so far.
     */
    memory?: number;
    /**
     * The end of the memory stop's message: how to raise it (default `raise the memory budget`; the CLI:
     * `raise it with --memory`).
     */
    memoryHint?: string;
    /** Polled every ~64k operations; a cancelled run returns what it has. */
    isCancelled?: () => boolean;
    /**
     * The wall-clock bound, polled with isCancelled and before every statement (the clock is passed in:
     * the engine reads none); a run past it stops as at the budget, with every figure so far. None when absent.
     */
    timeLimit?: TimeLimit;
    /** Chunks of a lackey file, for `replay` ops. */
    openTrace?: (path: string) => Iterable<Uint8Array>;
    /** Statement ids: take a Snapshot after the first execution of each. */
    snapshotAfter?: ReadonlySet<number>;
    /** Cap on stored events (default 10_000); counts keep going. */
    maxEvents?: number;
    /**
     * Check the model's invariants after every statement (docs/model.md Invariants): a broken one is an
     * error event "invariant NAME broken: ...". Default: `invariantDefaults` (off, on in the tests).
     */
    checkInvariants?: boolean | InvariantOptions;
}

export interface StatementResult {
    id: number;
    loc: SourceLoc;
    executions: number;
    /** Only the non-zero deltas, summed over executions. */
    figures: Partial<Figures>;
    /**
     * The mms it worked on by their engine names, the first execution's first (the snapshot after the
     * statement is taken there): `server`, `server#2` for a fork run twice. At most 32.
     */
    mms?: string[];
    /** mmap: where its first execution's mapping starts (hex), as placed by first fit (R27). */
    mappingStart?: string;
}

export interface RunResult {
    run: string;
    variant: string;
    /** The arch the run ran on (its machine after the variant's overrides): hovers split addresses by it. */
    arch: Arch;
    totals: Figures;
    /** totals.estimatedTime by the event kind that costs it (ns, non-zero kinds only); sums to it exactly. */
    timeByKind: TimeByKind;
    perNotifier: Record<string, Figures>;
    perCpu: Figures[];
    ptPages: { allocated: Record<LevelName, number>; freed: Record<LevelName, number> };
    statements: StatementResult[];
    events: EngineEvent[];
    eventCount: number;
    failedChecks: { check: Check; actual: number; statementId: number; loc: SourceLoc }[];
    staleTranslations: EngineEvent[];
    /** Engine errors; `expected` ones were matched by an `expect error` line and are not problems. */
    errors: { message: string; statementId: number; loc: SourceLoc; expected?: boolean }[];
    /** Segfaults of the modelled program (R63): not errors of the scenario; `expect error` may match them. */
    segfaults: { message: string; statementId: number; loc: SourceLoc; expected?: boolean }[];
    /** Warnings on statements: the run goes on (a `replay` whose trace has no lackey record). */
    warnings?: { message: string; statementId: number; loc: SourceLoc }[];
    /** The error event that ended the run after its statement (R63); figures are up to it. */
    endedByError?: { message: string; statementId: number };
    stopped?: { reason: StopReason; message: string; statementId: number };
    snapshots: Record<number, Snapshot>;
}

export const DEFAULT_BUDGET = 50_000_000;
export const DEFAULT_MAX_EVENTS = 10_000;

function byLevel(counts: Float64Array): Record<LevelName, number> {
    return Object.fromEntries(LEVEL_NAMES.map((name, i) => [name, counts[i]])) as Record<LevelName, number>;
}

function nonZero(figures: Figures): Partial<Figures> {
    const out: Partial<Figures> = {};
    for (const name of FIGURE_NAMES) if (figures[name] !== 0) out[name] = figures[name];
    return out;
}

function invariantChecker(k: Kernel, wanted: boolean | InvariantOptions | undefined): InvariantChecker | null {
    const on = wanted ?? invariantDefaults.enabled;
    if (on === false) return null;
    return new InvariantChecker(k, on === true ? invariantDefaults.options : on);
}

export function runScenario(config: ScenarioConfig, options: RunOptions = {}): RunResult {
    const k = new Kernel(config.machine, config.split, {
        budget: options.budget ?? DEFAULT_BUDGET,
        isCancelled: options.isCancelled,
        maxEvents: options.maxEvents ?? DEFAULT_MAX_EVENTS,
        memory: options.memory,
        memoryHint: options.memoryHint,
        timeLimit: options.timeLimit,
    });
    const runner = new Runner(k, { openTrace: options.openTrace }, options.snapshotAfter);
    const checker = invariantChecker(k, options.checkInvariants);
    runner.invariants = checker;
    runner.setup(config);
    checker?.afterSetup();
    runner.runAll(config.statements);
    checker?.atEnd(config.statements, runner.tallies);
    if (!k.ended) runner.finalChecks(config.finalChecks); // on figures cut short they would mislead
    if (!k.stopped) for (const expectation of config.finalErrors ?? []) runner.expectError(expectation, -1);
    const price = (c: Float64Array) => k.costs.priceNs(c);
    return {
        run: config.run,
        variant: config.variant,
        arch: config.machine.arch,
        totals: toFigures(k.counters.total, price),
        timeByKind: k.costs.timeByKind(k.counters.total),
        perNotifier: Object.fromEntries([...k.notifiers].map(([name, n]) => [name, toFigures(n.figs, price)])),
        perCpu: k.counters.perCpu.map(c => toFigures(c, price)),
        ptPages: { allocated: byLevel(k.counters.ptAllocated), freed: byLevel(k.counters.ptFreed) },
        statements: [...runner.tallies.values()].map(t => ({
            id: t.id,
            loc: t.loc,
            executions: t.executions,
            figures: nonZero(toFigures(t.counts, price)),
            ...runner.targets.get(t.id),
        })),
        events: k.log.events,
        eventCount: k.log.count,
        failedChecks: runner.failedChecks,
        staleTranslations: k.log.stale,
        errors: k.log.errors,
        segfaults: k.log.segfaults,
        warnings: k.log.warnings,
        ...(k.halted ? { endedByError: k.halted } : {}),
        ...(k.stopped ? { stopped: { ...k.stopped, statementId: k.stoppedStatement } } : {}),
        snapshots: runner.snapshots,
    };
}
