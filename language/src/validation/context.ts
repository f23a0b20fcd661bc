/**
 * What a statement's checks need to know about its run: the machine and split it runs on, lowered
 * with the base declarations (variants are checked where they override). Cached per run node: a
 * reparse makes new nodes, so the cache never serves a stale run.
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

const contexts = new WeakMap<ast.Run, RunContext>();

/** The context of the run `node` belongs to, or undefined outside a run. */
export function runContext(node: AstNode | undefined): RunContext | undefined {
    const run = runOf(node);
    if (!run) return undefined;
    let context = contexts.get(run);
    if (!context) {
        const machine = lowerMachine(run.machine?.ref);
        context = { machine, split: lowerSplit(run.split?.ref, machine.arch) };
        contexts.set(run, context);
    }
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
