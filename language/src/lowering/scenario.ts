/**
 * AST → `ScenarioConfig[]`: one config per run block and variant, the base first (variant `base`),
 * then each `variant` of the file in order. A variant's overrides are appended to the properties
 * of the declaration they target (the last property of a kind wins) and its `use` lines replace
 * the machine or split of every run. Declarations come from the file and the files it imports.
 */
import { AstUtils, type AstNode } from 'langium';
import type * as ast from '../generated/ast.js';
import { BASE_VARIANT, type MachineConfig, type ScenarioConfig, type VasModel } from '../engine/scenario.js';
import { lowerMachine, lowerNotifier, lowerProcess, lowerSplit } from './machine.js';
import { StatementLowering, lowerCheck, sourceLoc, statementIds, unquote } from './statements.js';
import { addressBytes, sizeBytes, valueOr } from '../units.js';
import { expandSweep, sweepNotifierProps, type SweepPoint } from './sweep.js';
import { sampleSweeps } from './sweep-sample.js';

export { BASE_VARIANT };

/**
 * Lower `root` (with the roots of the files it imports, transitively) into one config per run × variant.
 * `sweepBudget`: at most that many sweep points, a grid of each sweep (sweep-sample.ts); all when absent.
 */
export function lowerScenario(
    root: ast.Scenario,
    imports: readonly ast.Scenario[] = [],
    sweepBudget?: number,
): ScenarioConfig[] {
    const statements = new StatementLowering(statementIds(root));
    const runs = elementsOf<ast.Run>([root], 'Run');
    const variants: Array<VariantSource | undefined> = [
        undefined,
        ...elementsOf<ast.Variant>([root], 'Variant'),
        ...sweepPoints(root, imports, sweepBudget),
    ];
    const configs: ScenarioConfig[] = [];
    runs.forEach((run, index) => {
        for (const variant of variants) {
            configs.push(lowerRun(run, runName(run, index, runs.length), variant, [root, ...imports], statements));
        }
    });
    return configs;
}

/** A run's name: its own, else `run` (or `run2`, `run3`... when several runs are unnamed). */
export function runName(run: ast.Run, index: number, count: number): string {
    if (run.name) return run.name;
    return count === 1 || index === 0 ? 'run' : `run${index + 1}`;
}

/** A hand-written variant or a point of a sweep (lowering/sweep.ts): the same overrides and expects. */
export type VariantSource = Pick<ast.Variant, 'name' | 'overrides' | 'expects'> & Partial<SweepPoint>;

/**
 * The points of the file's sweeps, in order (docs/sweeps.md); `split = NAME` names a visible split.
 * With `budget`, only the points of each sweep's sample (sweep-sample.ts), that many in all.
 */
export function sweepPoints(root: ast.Scenario, imports: readonly ast.Scenario[] = [], budget?: number): SweepPoint[] {
    const splits = elementsOf<ast.Split>([root, ...imports], 'Split');
    const sweeps = elementsOf<ast.Sweep>([root], 'Sweep');
    const samples = budget === undefined ? undefined : sampleSweeps(sweeps, budget);
    return sweeps.flatMap((s, i) =>
        samples?.[i].kept === 0
            ? []
            : expandSweep(
                  s,
                  name => splits.find(x => x.name === name),
                  samples?.[i].params.map(p => p.kept),
              ),
    );
}

/** The file's sweeps in order, as sweepPoints expands them. */
export function sweepsOf(root: ast.Scenario): ast.Sweep[] {
    return elementsOf<ast.Sweep>([root], 'Sweep');
}

function elementsOf<T extends ast.Element>(roots: readonly ast.Scenario[], type: T['$type']): T[] {
    return roots.flatMap(r => (r.elements ?? []).filter((e): e is T => e?.$type === type));
}

function lowerRun(
    run: ast.Run,
    name: string,
    variant: VariantSource | undefined,
    roots: readonly ast.Scenario[],
    statements: StatementLowering,
): ScenarioConfig {
    const overrides = variant?.overrides ?? [];
    const machine = runMachine(run, variant);
    const splitNode = lastUse(overrides, 'split') ?? run.split?.ref;
    const split = lowerSplit(
        splitNode,
        machine.arch,
        overridesOf<ast.SplitProp>(overrides, 'SplitOverride', splitNode),
    );
    const registered = registeredInRun(run);
    return {
        run: name,
        variant: variant?.name ?? BASE_VARIANT,
        machine,
        split,
        processes: elementsOf<ast.Process>(roots, 'Process').map(p =>
            lowerProcess(p, [
                ...overridesOf<ast.ProcessProp>(overrides, 'ProcessOverride', p),
                ...(variant?.processProps ?? []),
            ]),
        ),
        kernelThreads: elementsOf<ast.KernelThread>(roots, 'KernelThread').map(k => k.name),
        vases: elementsOf<ast.Vas>(roots, 'Vas').map(v => v.name),
        ...vasModels(elementsOf<ast.Vas>(roots, 'Vas'), overrides),
        segments: elementsOf<ast.Segment>(roots, 'Segment').map(s => ({
            name: s.name,
            start: segmentAddress(s),
            size: segmentSize(s),
        })),
        notifiers: elementsOf<ast.Notifier>(roots, 'Notifier').map(n => ({
            ...lowerNotifier(n, [
                ...overridesOf<ast.NotifierProp>(overrides, 'NotifierOverride', n),
                ...(variant?.notifierProps ? sweepNotifierProps(variant as SweepPoint, n) : []),
            ]),
            registerAtSetup: !registered.has(n.name),
        })),
        statements: statements.lowerAll(run.statements),
        finalChecks: (variant?.expects ?? []).filter(e => e.error === undefined).map(e => lowerCheck(e.check)),
        finalErrors: (variant?.expects ?? [])
            .filter(e => e.error !== undefined)
            .map(e => ({ text: unquote(e.error!), loc: sourceLoc(e) })),
    };
}

/** The machine a run runs on in `variant`: its `use machine` if any, with the variant's overrides of it. */
export function runMachine(run: ast.Run, variant: VariantSource | undefined): MachineConfig {
    const overrides = variant?.overrides ?? [];
    const machineNode = lastUse(overrides, 'machine') ?? run.machine?.ref;
    return lowerMachine(machineNode, [
        ...overridesOf<ast.MachineProp>(overrides, 'MachineOverride', machineNode),
        ...(variant?.machineProps ?? []),
    ]);
}

/** `vasModels` when the file declares a VAS (R55). */
function vasModels(vases: ast.Vas[], overrides: readonly ast.Override[]): Pick<ScenarioConfig, 'vasModels'> {
    return vases.length === 0
        ? {}
        : { vasModels: Object.fromEntries(vases.map(v => [v.name, vasModel(v, overrides)])) };
}

/** R55: the VAS's model, the variant's last `vas NAME { model ... }` winning; default shared. */
function vasModel(v: ast.Vas, overrides: readonly ast.Override[]): VasModel {
    let model = v.model;
    for (const o of overrides) if (o.$type === 'VasOverride' && o.target?.ref === v && o.model) model = o.model;
    return model === 'rfc' ? 'rfc' : 'shared';
}

function segmentAddress(s: ast.Segment): bigint {
    return valueOr(addressBytes(s.address), 0n);
}

function segmentSize(s: ast.Segment): bigint {
    return valueOr(sizeBytes(s.size), 4096n);
}

/** The properties every override of `target` in this variant adds, in order. */
function overridesOf<P extends AstNode>(
    overrides: readonly ast.Override[],
    type: ast.Override['$type'],
    target: AstNode | undefined,
): P[] {
    if (!target) return [];
    return overrides
        .filter(o => o.$type === type && (o as { target?: { ref?: AstNode } }).target?.ref === target)
        .flatMap(o => (o as { props?: P[] }).props ?? []);
}

function lastUse(overrides: readonly ast.Override[], kind: 'machine'): ast.Machine | undefined;
function lastUse(overrides: readonly ast.Override[], kind: 'split'): ast.Split | undefined;
function lastUse(overrides: readonly ast.Override[], kind: 'machine' | 'split'): ast.Machine | ast.Split | undefined {
    let found: ast.Machine | ast.Split | undefined;
    for (const o of overrides) {
        if (o.$type !== 'UseOverride') continue;
        const target = kind === 'machine' ? o.machine?.ref : o.split?.ref;
        if (target) found = target;
    }
    return found;
}

/** Notifiers with an explicit `register` in the run are not registered at setup. */
function registeredInRun(run: ast.Run): Set<string> {
    const names = new Set<string>();
    for (const node of AstUtils.streamAllContents(run)) {
        if (node.$type === 'RegisterOp') {
            const op = node as ast.RegisterOp;
            if (op.register && op.notifier) names.add(op.notifier.$refText);
        }
    }
    return names;
}
