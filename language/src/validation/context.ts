/**
 * What a statement's checks need to know about its run: the machine and split it runs on, lowered
 * with the base declarations (variants are checked where they override). Cached per run node and
 * checked against the machine and split nodes it was lowered from: a relink without a reparse keeps
 * the run node but may resolve `on numaq` to a machine it could not find before (an import loaded
 * after the first build, server/src/import-loader.ts), or to a new node after the imported file changed.
 */
import type { AstNode } from 'langium';
import type * as ast from '../generated/ast.js';
import type { MachineConfig, SplitConfig } from '../engine/scenario.js';
import { lowerMachine, lowerProcess, lowerSplit } from '../lowering/machine.js';
import { runOf } from '../lowering/statements.js';

export interface RunContext {
    machine: MachineConfig;
    split: SplitConfig;
}

interface Cached {
    machine: ast.Machine | undefined;
    split: ast.Split | undefined;
    /** The declarations' text: an edit patched into the same node (incremental build) changes it. */
    text: string;
    context: RunContext;
}

function declarationsText(machine: ast.Machine | undefined, split: ast.Split | undefined): string {
    return `${machine?.$cstNode?.text ?? ''}\u0000${split?.$cstNode?.text ?? ''}`;
}

const contexts = new WeakMap<ast.Run, Cached>();

/** The context of the run `node` belongs to, or undefined outside a run. */
export function runContext(node: AstNode | undefined): RunContext | undefined {
    const run = runOf(node);
    if (!run) return undefined;
    const machineNode = run.machine?.ref;
    const splitNode = run.split?.ref;
    const text = declarationsText(machineNode, splitNode);
    const cached = contexts.get(run);
    if (cached && cached.machine === machineNode && cached.split === splitNode && cached.text === text)
        return cached.context;
    const machine = lowerMachine(machineNode);
    const context = { machine, split: lowerSplit(splitNode, machine.arch) };
    contexts.set(run, { machine: machineNode, split: splitNode, text, context });
    return context;
}

/** How many threads a task owner has: a process as declared, a forked child or kernel thread one. */
export function threadCount(owner: ast.TaskOwner | undefined): number {
    return owner?.$type === 'Process' ? lowerProcess(owner).threads : 1;
}

/** `db`, `db[2]`: the task as written, for messages. */
export function taskText(t: ast.TaskRef | undefined): string {
    return t?.$cstNode?.text ?? t?.task?.$refText ?? '';
}

/** The 1-based line a node starts on. */
export function lineOf(node: AstNode | undefined): number {
    return (node?.$cstNode?.range.start.line ?? -1) + 1;
}
