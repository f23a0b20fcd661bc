/**
 * What a hover needs to know about a node besides the run: the arch it runs on, the mm a statement
 * works on and the addresses it touches. Addresses of named mappings are known only after the mmap ran
 * (first fit), so they are read from the snapshots: the VMA the mmap statement added.
 */
import { AstUtils, type AstNode } from 'langium';
import * as ast from '../../../language/src/generated/ast.js';
import type { Arch } from '../../../language/src/engine/scenario.js';
import type { MmSnapshot } from '../../../language/src/engine/index.js';
import { lowerMachine } from '../../../language/src/lowering/machine.js';
import { runMachine } from '../../../language/src/lowering/scenario.js';
import { statementIds } from '../../../language/src/lowering/statements.js';
import { addressBytes, sizeBytes, valueOr } from '../../../language/src/units.js';
import type { RunStore, StoredRun } from '../run/run-store.js';

/**
 * The arch of the run holding `node` in `variant` (whose `use machine` or machine override may change
 * it); outside a run, that of the file's only machine; else x86_64.
 */
export function archOf(node: AstNode, variant?: string): Arch {
    const run = AstUtils.getContainerOfType(node, ast.isRun);
    const root = AstUtils.findRootNode(node);
    if (run) {
        const declared = ast.isScenario(root) ? root.elements.find(e => ast.isVariant(e) && e.name === variant) : undefined;
        return runMachine(run, declared as ast.Variant | undefined).arch;
    }
    const machines = ast.isScenario(root) ? root.elements.filter(ast.isMachine) : [];
    return machines.length === 1 ? lowerMachine(machines[0]).arch : 'x86_64';
}

/** The mm a statement works on, by the name the engine gives it. */
export function mmOf(s: ast.Statement): string | undefined {
    if (ast.isSwapoutOp(s)) return s.mm?.$refText;
    if (ast.isDeviceOp(s)) return s.notifier?.ref?.mm?.$refText;
    if (ast.isForkOp(s)) return s.name;
    if (ast.isVasSwitchOp(s)) return s.target?.$refText;
    if (ast.isVasAttachOp(s) || ast.isVasCreateOp(s) || ast.isSegmentAttachOp(s)) return s.vas?.$refText;
    if (ast.isSwitchOp(s)) return s.task?.task?.$refText;
    return 'task' in s && s.task ? (s.task as ast.TaskRef).task?.$refText : undefined;
}

export interface Touched {
    start: bigint;
    size: bigint;
}

function vmaStarts(mm: MmSnapshot | undefined): Set<string> {
    return new Set(mm?.vmas.map(v => v.start) ?? []);
}

/** Where the mapping made by `mmap` starts: its `at`, else the VMA its statement added. */
export function mappingStart(mmap: ast.MmapOp, entry: StoredRun, store: RunStore, variant: string): bigint | undefined {
    if (mmap.at) return valueOr(addressBytes(mmap.at), 0n);
    const root = AstUtils.findRootNode(mmap);
    if (!ast.isScenario(root)) return undefined;
    const ids = statementIds(root);
    const id = ids.get(mmap);
    if (id === undefined) return undefined;
    const mmName = mmap.task?.task?.$refText;
    const after = store.snapshot(entry, id, variant)?.mms.find(m => m.name === mmName);
    let before: MmSnapshot | undefined;
    for (let prev = id - 1; prev >= 0 && !before; prev--) before = store.snapshot(entry, prev, variant)?.mms.find(m => m.name === mmName);
    const known = vmaStarts(before);
    const added = after?.vmas.find(v => !known.has(v.start));
    return added ? BigInt(added.start) : undefined;
}

/**
 * The snapshots `touchedRange` reads besides the statement's own: those after the mmap that made the
 * mapping it touches and after the statement before it, when the mapping has no `at`. A hover loads
 * them first (RunStore.load: they may be taken on demand).
 */
export function mappingSnapshotIds(s: ast.Statement, entry: StoredRun, store: RunStore, variant: string): number[] {
    const address = 'address' in s ? (s.address as ast.Address | undefined) : undefined;
    const mmap = ast.isMmapOp(s) ? s : address?.region?.ref;
    const root = mmap && AstUtils.findRootNode(mmap);
    if (!mmap || mmap.at || !ast.isScenario(root)) return [];
    const id = statementIds(root).get(mmap);
    if (id === undefined) return [];
    const result = store.resultsFor(entry, variant).find(r => r.statements.some(x => x.id === id));
    const before = result ? store.snapshotStatements(entry, result).filter(x => x < id) : [];
    return before.length > 0 ? [id, Math.max(...before)] : [id];
}

/** The byte range a statement touches, when it has one. */
export function touchedRange(s: ast.Statement, entry: StoredRun, store: RunStore, variant: string): Touched | undefined {
    if (ast.isMmapOp(s)) {
        const start = mappingStart(s, entry, store, variant);
        return start === undefined ? undefined : { start, size: valueOr(sizeBytes(s.size), 4096n) };
    }
    const address = 'address' in s ? (s.address as ast.Address | undefined) : undefined;
    if (!address) return undefined;
    const size = 'size' in s && s.size ? valueOr(sizeBytes(s.size as ast.Quantity), 4096n) : undefined;
    if (address.literal) return { start: valueOr(addressBytes(address.literal), 0n), size: size ?? 4096n };
    const mmap = address.region?.ref;
    if (!mmap) return undefined;
    const base = mappingStart(mmap, entry, store, variant);
    if (base === undefined) return undefined;
    const offset = address.offset ? valueOr(addressBytes(address.offset), 0n) : 0n;
    const whole = valueOr(sizeBytes(mmap.size), 4096n);
    return { start: base + offset, size: size ?? (whole > offset ? whole - offset : 4096n) };
}
