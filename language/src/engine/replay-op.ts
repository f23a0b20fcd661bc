/**
 * The scenario `replay` op: a lackey trace streamed through LackeyParser, chunk by chunk as page runs,
 * drives a running task
 * (section 12). Unless the scenario mapped memory for it, its user range is one anonymous VMA.
 */
import type { Operation } from './scenario.js';
import type { Kernel } from './kernel.js';
import type { Cpu } from './cpu.js';
import type { Mm } from './mm.js';
import { LackeyParser, MAX_CARRIED_LINE } from './lackey.js';
import { mapWholeUserRange } from './replay.js';
import { accessPageRuns } from './access.js';
import { PageRuns, runCapacity } from './page-runs.js';

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
        const parser = new LackeyParser();
        let runs = new PageRuns(0);
        for (const chunk of chunks) {
            const needed = runCapacity(chunk.length + MAX_CARRIED_LINE);
            if (runs.capacity < needed) runs = new PageRuns(needed);
            parser.push(chunk, runs);
            accessPageRuns(k, cpu, mm, runs.vpn, runs.run, runs.length);
            runs.clear();
            if (k.ended) return;
        }
        parser.end(runs);
        accessPageRuns(k, cpu, mm, runs.vpn, runs.run, runs.length);
        if (parser.records === 0) k.log.warning(noRecordsMessage(op.path, parser.skippedLines));
    } catch (e) {
        k.error(`replay: cannot read ${op.path}: ${e instanceof Error ? e.message : String(e)}`, cpu.index);
    }
}

/**
 * A trace with no lackey record replays nothing: an empty file or one that is not a lackey log at all
 * (the `mscn replay` of the same file says it on stderr and exits 1). A warning, the run goes on.
 */
export function noRecordsMessage(path: string, skippedLines: number): string {
    const what =
        skippedLines === 0
            ? 'it is empty'
            : `none of its ${skippedLines.toLocaleString('en-US')} line${skippedLines === 1 ? '' : 's'} is one`;
    return `replay: no lackey record in ${path} (${what}): is it a valgrind --tool=lackey --trace-mem=yes log?`;
}
