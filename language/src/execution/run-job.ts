/**
 * A document turned into a run job: the one place where a parsed scenario (with its imports) becomes
 * the engine configs to run, one per run block × variant, with the budget, the statements that may
 * keep a snapshot and the cost overrides applied. `mscn run`/`mscn check` (through runScenarioFile),
 * the language server (it builds the job where the AST lives and its run worker executes it) and the
 * tests build their jobs here.
 */
import type { Scenario } from '../generated/ast.js';
import { lowerScenario } from '../lowering/scenario.js';
import { statementsInOrder } from '../lowering/statements.js';
import type { Cost, ScenarioConfig } from '../engine/scenario.js';
import type { FigureName } from '../engine/figures.js';

/** The wall-clock bound of a run block × variant when none is given (`mscn run`/`check`, the editor). */
export const DEFAULT_TIMEOUT_SECONDS = 60;

/** Cost events replaced in every config (the editor's `mscn.costs.overridesFile`). */
export type CostOverrides = Partial<Record<FigureName, Cost>>;

/** Plain data: what the engine runs, and how far. Crosses to the server's run worker as it is. */
export interface RunJob {
    /** The scenario file: `replay` traces are read relative to it. */
    fsPath: string;
    configs: ScenarioConfig[];
    /** Max simulated operations per config; the engine's default when absent. */
    budget?: number;
    /** The memory budget in bytes per config (engine/memory.ts); the engine's default when absent. */
    memory?: number;
    /** The time limit in seconds per config (docs/limits.md); DEFAULT_TIMEOUT_SECONDS when absent. */
    timeout?: number;
    /** Statement ids (docs/model.md statement order) whose snapshot the run may take. */
    snapshotAfter: number[];
}

/**
 * Which statements may keep a snapshot: the ids given, every statement, or the first `operations`
 * statements that are operations (a `repeat` or an `expect` leaves the state as its last statement did).
 */
export type SnapshotChoice = readonly number[] | 'every statement' | { operations: number };

export interface RunJobOptions {
    /** Only this variant (`base` for the declarations as written); every variant when absent. */
    variant?: string;
    budget?: number;
    memory?: number;
    timeout?: number;
    snapshots?: SnapshotChoice;
    costs?: CostOverrides;
    /** At most this many sweep points, a grid of each sweep (lowering/sweep-sample.ts); every point when absent. */
    sweepPoints?: number;
}

/** The job of `root`, or a message for the user (an unknown variant). Lowering assumes a validated document. */
export function documentRunJob(
    root: Scenario,
    imports: readonly Scenario[],
    fsPath: string,
    options: RunJobOptions = {},
): RunJob | string {
    let configs = lowerScenario(root, imports, options.sweepPoints);
    if (options.variant !== undefined) {
        const known = [...new Set(configs.map(c => c.variant))];
        configs = configs.filter(c => c.variant === options.variant);
        if (configs.length === 0) return `unknown variant '${options.variant}': this file has ${known.join(', ')}`;
    }
    return {
        fsPath,
        configs: applyCostOverrides(configs, options.costs ?? {}),
        budget: options.budget,
        memory: options.memory,
        timeout: options.timeout,
        snapshotAfter: snapshotIds(root, options.snapshots ?? []),
    };
}

function snapshotIds(root: Scenario, choice: SnapshotChoice): number[] {
    if (typeof choice !== 'string' && !('operations' in choice)) return [...choice];
    const statements = statementsInOrder(root);
    if (choice === 'every statement') return statements.map((_, i) => i);
    return statements
        .flatMap((s, i) => (s.$type === 'Repeat' || s.$type === 'Expect' ? [] : [i]))
        .slice(0, choice.operations);
}

/** `configs` with `overrides` in their cost tables; a scenario's own `cost` lines still win (the more specific). */
export function applyCostOverrides(configs: ScenarioConfig[], overrides: CostOverrides): ScenarioConfig[] {
    if (Object.keys(overrides).length === 0) return configs;
    return configs.map(c => ({ ...c, machine: { ...c.machine, costs: { ...overrides, ...c.machine.costs } } }));
}
