/**
 * What a hover needs to know about a node besides its figures, from the run result (the engine resolved
 * it): the arch the run ran on, the mms a statement worked on (`server#2` for the second child of a fork
 * run twice) and where a mapping placed by first fit starts. Before the text has run, the arch is that of
 * the run job built for the text (RunStore.job: the scheduler's lowering, never one of the hover's own).
 */
import { AstUtils, type AstNode } from 'langium';
import * as ast from '../../../language/src/generated/ast.js';
import { DEFAULT_ARCH, PAGE_SIZE } from '../../../language/src/engine/arch.js';
import type { Arch } from '../../../language/src/engine/scenario.js';
import type { RunJob } from '../../../language/src/execution/run-job.js';
import { runName } from '../../../language/src/lowering/scenario.js';
import { statementIds } from '../../../language/src/lowering/statements.js';
import { addressBytes, sizeBytes, valueOr } from '../../../language/src/units.js';
import { BASE_VARIANT } from '../protocol/index.js';
import type { RunStore, StoredRun } from '../run/run-store.js';

/** The run block holding `node` and its name as the run results give it. */
function runOf(node: AstNode): { run: ast.Run; name: string } | undefined {
    const run = AstUtils.getContainerOfType(node, ast.isRun);
    const root = AstUtils.findRootNode(node);
    if (!run || !ast.isScenario(root)) return undefined;
    const runs = root.elements.filter(ast.isRun);
    return { run, name: runName(run, runs.indexOf(run), runs.length) };
}

/** The arch a machine declaration writes (its last `arch`), for a machine no run job lowered. */
function declaredArch(machine: ast.Machine | undefined): Arch {
    return (
        machine?.props
            .filter(ast.isArchProp)
            .filter(p => p.arch)
            .at(-1)?.arch ?? DEFAULT_ARCH
    );
}

/**
 * The arch the run holding `node` ran on in `variant` (its result carries it); before a run, that of its
 * config in the text's run job (`job()`: the machine after the variant's overrides; the base's for a
 * variant the text lacks), the declared machine's if the job could not be built; outside a run, that of
 * the file's only machine as declared; else x86_64.
 */
export function archOf(
    node: AstNode,
    variant: string,
    entry: StoredRun | undefined,
    store: RunStore,
    job: () => RunJob | string,
): Arch {
    const found = runOf(node);
    if (found) {
        const ran = entry ? store.resultsFor(entry, variant).find(r => r.run === found.name) : undefined;
        if (ran) return ran.arch;
        const built = job();
        const configs = typeof built === 'string' ? [] : built.configs.filter(c => c.run === found.name);
        const config = configs.find(c => c.variant === variant) ?? configs.find(c => c.variant === BASE_VARIANT);
        return config?.machine.arch ?? declaredArch(found.run.machine?.ref);
    }
    const root = AstUtils.findRootNode(node);
    const machines = ast.isScenario(root) ? root.elements.filter(ast.isMachine) : [];
    return machines.length === 1 ? declaredArch(machines[0]) : DEFAULT_ARCH;
}

/** A mapping or range with no size of its own (the checker reported it) covers one page. */
const PAGE = BigInt(PAGE_SIZE);

export interface Touched {
    start: bigint;
    size: bigint;
}

function idOf(s: ast.Statement): number | undefined {
    const root = AstUtils.findRootNode(s);
    return ast.isScenario(root) ? statementIds(root).get(s) : undefined;
}

/**
 * The mms a statement worked on, by the engine's names, the first execution's first (the one its
 * snapshot shows): a fork run twice as `worker` made `worker` and `worker#2`.
 */
export function mmsOf(s: ast.Statement, entry: StoredRun, store: RunStore, variant: string): string[] {
    const id = idOf(s);
    return (id === undefined ? undefined : store.statement(entry, id, variant)?.statement.mms) ?? [];
}

/** Where the mapping made by `mmap` starts: its `at`, else where the engine placed it. */
export function mappingStart(mmap: ast.MmapOp, entry: StoredRun, store: RunStore, variant: string): bigint | undefined {
    if (mmap.at) return valueOr(addressBytes(mmap.at), 0n);
    const id = idOf(mmap);
    const start = id === undefined ? undefined : store.statement(entry, id, variant)?.statement.mappingStart;
    return start === undefined ? undefined : BigInt(start);
}

/** The byte range a statement touches, when it has one. */
export function touchedRange(
    s: ast.Statement,
    entry: StoredRun,
    store: RunStore,
    variant: string,
): Touched | undefined {
    if (ast.isMmapOp(s)) {
        const start = mappingStart(s, entry, store, variant);
        return start === undefined ? undefined : { start, size: valueOr(sizeBytes(s.size), PAGE) };
    }
    const address = 'address' in s ? (s.address as ast.Address | undefined) : undefined;
    if (!address) return undefined;
    const size = 'size' in s && s.size ? valueOr(sizeBytes(s.size as ast.Quantity), PAGE) : undefined;
    if (address.literal) return { start: valueOr(addressBytes(address.literal), 0n), size: size ?? PAGE };
    const mmap = address.region?.ref;
    if (!mmap) return undefined;
    const base = mappingStart(mmap, entry, store, variant);
    if (base === undefined) return undefined;
    const offset = address.offset ? valueOr(addressBytes(address.offset), 0n) : 0n;
    const whole = valueOr(sizeBytes(mmap.size), PAGE);
    return { start: base + offset, size: size ?? (whole > offset ? whole - offset : PAGE) };
}
