/**
 * One trace replay (docs/model.md section 12): the trace streamed from disk through the lackey parser
 * into the engine, memory flat however long it is. Runs in the engine thread (engine-thread.ts), so
 * that Ctrl-C on the main thread can stop it between any two accesses.
 */
import { createTraceReplay } from '../engine/index.js';
import type { MachineConfig } from '../engine/scenario.js';
import { LackeyParser } from '../engine/lackey.js';
import type { ReplayArgs } from './replay-args.js';
import type { ReplayOutcome } from './replay-report.js';
import { streamFile } from './replay-stream.js';
import { MEMORY_HINT } from './size-arg.js';

export interface ReplayJob {
    args: ReplayArgs;
    machine: MachineConfig;
    /** Draw a progress bar on stderr (it is a terminal). */
    progress: boolean;
}

export async function replayTrace(job: ReplayJob, interrupted: () => boolean): Promise<ReplayOutcome> {
    const { args, machine } = job;
    const engine = createTraceReplay(machine, { budget: args.budget, memory: args.memory, memoryHint: MEMORY_HINT, isCancelled: interrupted });
    const parser = new LackeyParser((addr, size, write) => engine.access(addr, size, write));
    const started = process.hrtime.bigint();
    const stream = await streamFile(args.trace, {
        onChunk: chunk => parser.push(chunk),
        // The engine reports a budget or a cancellation in its result; reading on would only be ignored.
        shouldStop: () => interrupted() || engine.result().stopped !== undefined,
        describe: () => `${parser.records.toLocaleString('en-US')} records`,
        progress: job.progress,
    });
    if (!stream.stoppedEarly) parser.end();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const result = engine.result();
    // The engine polls isCancelled only every so many accesses: a Ctrl-C between polls stops the stream here.
    const stopped = result.stopped ?? (interrupted()
        ? { reason: 'cancelled' as const, message: `interrupted after ${parser.records.toLocaleString('en-US')} records` }
        : undefined);
    return {
        trace: args.trace, machine, totals: result.totals, records: parser.records, skippedLines: parser.skippedLines,
        bytes: parser.bytes, seconds, stopped,
    };
}
