/**
 * The scenario `replay` op: a lackey trace streamed through LackeyParser drives a running task
 * (section 12). Unless the scenario mapped memory for it, its user range is one anonymous VMA.
 */
import type { Operation } from './scenario.js';
import type { Kernel } from './kernel.js';
import type { Cpu } from './cpu.js';
import type { Mm } from './mm.js';
import { LackeyParser } from './lackey.js';
import { replayRecord, mapWholeUserRange } from './replay.js';

export type TraceOpener = (path: string) => Iterable<Uint8Array>;

type ReplayOp = Extract<Operation, { kind: 'replay' }>;

export function replayOp(k: Kernel, cpu: Cpu, mm: Mm, op: ReplayOp, openTrace?: TraceOpener): void {
    let chunks: Iterable<Uint8Array>;
    try {
        if (op.trace) chunks = op.trace.chunks();
        else if (openTrace) chunks = openTrace(op.path);
        else {
            k.error(`replay: cannot open ${op.path}: no trace opener was given to the engine`, cpu.index);
            return;
        }
        if (mm.vmas.length === 0) mapWholeUserRange(k, mm);
        const parser = new LackeyParser((addr, size, write) => {
            if (!k.ended) replayRecord(k, cpu, mm, addr, size, write);
        });
        for (const chunk of chunks) {
            parser.push(chunk);
            if (k.ended) return;
        }
        parser.end();
    } catch (e) {
        k.error(`replay: cannot read ${op.path}: ${e instanceof Error ? e.message : String(e)}`, cpu.index);
    }
}
