/**
 * What a statement worked on, as the engine resolved it, for the editor's hovers: the mms (by their
 * engine names: a fork run twice makes `server` then `server#2`) and, for an mmap, where the mapping
 * landed (first fit, R27). The first execution's first, as the snapshot after the statement is taken
 * there (runner.ts); later executions add the mms they name anew, up to MAX_TARGET_MMS.
 */
import type { Operation, TaskRef } from './scenario.js';
import type { Kernel } from './kernel.js';
import { hexOfVpn } from './format.js';

export interface StatementTarget {
    /** The mms the statement worked on, by the names the snapshots give them, in execution order. */
    mms?: string[];
    /** mmap: the start of the mapping its first execution made, hex. */
    mappingStart?: string;
}

/** A fork in `repeat 100_000` names as many children: the result lists the first ones only. */
export const MAX_TARGET_MMS = 32;

function mmOfTask(k: Kernel, ref: TaskRef): string | undefined {
    return k.findTask(ref.name, ref.thread)?.mm?.name ?? k.mmNamed(ref.name)?.name;
}

function mmOfOp(k: Kernel, op: Operation): string | undefined {
    switch (op.kind) {
        case 'fork':
            return k.mmNamed(op.child)?.name;
        case 'swapout':
            return k.mmNamed(op.mm)?.name;
        case 'device-access':
            return k.notifiers.get(op.notifier)?.mm?.name;
        case 'vas-create':
        case 'vas-attach':
        case 'segment-attach':
            return k.mmNamed(op.vas)?.name;
        case 'vas-switch':
            return k.mmNamed(op.to)?.name;
        case 'switch':
            return op.to === 'idle' ? undefined : mmOfTask(k, op.to);
        default:
            return 'task' in op && typeof op.task === 'object' ? mmOfTask(k, op.task) : undefined;
    }
}

/**
 * After an execution of `op`: its mm and, for an mmap that succeeded, its mapping's start
 * (k.lastMmapVpn, -1 before the op), added to what earlier executions recorded in `targets`.
 */
export function noteTarget(k: Kernel, op: Operation, targets: Map<number, StatementTarget>): void {
    const mm = mmOfOp(k, op);
    const seen = targets.get(op.id);
    if (!seen) {
        const target: StatementTarget = mm === undefined ? {} : { mms: [mm] };
        if (op.kind === 'mmap' && k.lastMmapVpn >= 0) target.mappingStart = hexOfVpn(k.lastMmapVpn);
        targets.set(op.id, target);
        return;
    }
    if (mm === undefined) return;
    const mms = (seen.mms ??= []);
    if (mms.length < MAX_TARGET_MMS && !mms.includes(mm)) mms.push(mm);
}
