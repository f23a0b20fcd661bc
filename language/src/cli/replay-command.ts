/**
 * `mscn replay TRACE`: runs a valgrind lackey trace through the engine as docs/model.md section 12 says:
 * one task on CPU 0 of an x86_64 machine, its whole user range one private anonymous VMA, the trace
 * streamed from disk so that memory stays flat however long it is.
 */
import * as fs from 'node:fs';
import { createTraceReplay } from '../engine/index.js';
import type { MachineConfig } from '../engine/scenario.js';
import { LackeyParser } from '../engine/lackey.js';
import { defaultMachine } from '../lowering/machine.js';
import { parseReplayArgs, REPLAY_USAGE, type ReplayArgs } from './replay-args.js';
import { loadReplayMachine } from './replay-machine.js';
import { formatReplayJson, formatReplayTable, type ReplayOutcome } from './replay-report.js';
import { streamFile } from './replay-stream.js';
import { openRegularFile } from '../files/regular-file.js';
import { noRecordsMessage } from '../engine/replay-op.js';

/**
 * Exit codes: 0 done, 1 budget exhausted or no lackey record in the trace, 2 bad arguments or unreadable
 * input, 130 Ctrl-C (128 + SIGINT).
 */
const EXIT_BUDGET = 1;
const EXIT_NO_RECORDS = 1;
const EXIT_USAGE = 2;
const EXIT_INTERRUPTED = 130;

/** The section 12 machine: x86_64 with one unified 4 KiB TLB of E entries in W ways, no large-page TLB. */
export function replayMachine(tlb: ReplayArgs['tlb']): MachineConfig {
    const machine = defaultMachine('replay');
    machine.tlb4k = { ...tlb };
    machine.tlbLarge = { entries: 0, ways: 1 };
    return machine;
}

function fail(message: string): number {
    process.stderr.write(`mscn replay: ${message}\n`);
    return EXIT_USAGE;
}

/** The trace must be a readable regular file (files/regular-file.ts); the message says which it is not. */
function checkTrace(path: string): string | undefined {
    const opened = openRegularFile(path);
    if (!opened.ok) return `${path}: ${opened.reason}`;
    fs.closeSync(opened.fd);
    return undefined;
}

export async function replayCommand(argv: string[]): Promise<number> {
    if (argv.includes('--help') || argv.includes('-h')) {
        process.stdout.write(REPLAY_USAGE);
        return 0;
    }
    const parsed = parseReplayArgs(argv);
    if (!parsed.ok) return fail(`${parsed.message}\n\n${REPLAY_USAGE}`);
    const args = parsed.args;
    const traceProblem = checkTrace(args.trace);
    if (traceProblem) return fail(traceProblem);
    let machine = replayMachine(args.tlb);
    if (args.machine) {
        const loaded = await loadReplayMachine(args.machine.file, args.machine.name);
        if (!loaded.ok) return fail(loaded.message);
        machine = loaded.machine;
    }
    const outcome = await replay(args, machine);
    process.stdout.write(args.json ? formatReplayJson(outcome) : formatReplayTable(outcome));
    if (outcome.stopped) {
        process.stderr.write(`mscn replay: stopped early: ${outcome.stopped.message}\n`);
        return outcome.stopped.reason === 'budget' ? EXIT_BUDGET : EXIT_INTERRUPTED;
    }
    if (outcome.records === 0) {
        // The figures (all zero) are printed as for any trace; a script sees the exit status.
        process.stderr.write(`mscn ${noRecordsMessage(args.trace, outcome.skippedLines)}\n`);
        return EXIT_NO_RECORDS;
    }
    return 0;
}

async function replay(args: ReplayArgs, machine: MachineConfig): Promise<ReplayOutcome> {
    let interrupted = false;
    const onSigint = (): void => { interrupted = true; };
    process.once('SIGINT', onSigint);
    const engine = createTraceReplay(machine, { budget: args.budget, isCancelled: () => interrupted });
    const parser = new LackeyParser((addr, size, write) => engine.access(addr, size, write));
    const started = process.hrtime.bigint();
    let stream;
    try {
        stream = await streamFile(args.trace, {
            onChunk: chunk => parser.push(chunk),
            // The engine reports a budget or a cancellation in its result; reading on would only be ignored.
            shouldStop: () => interrupted || engine.result().stopped !== undefined,
            describe: () => `${parser.records.toLocaleString('en-US')} records`,
            progress: process.stderr.isTTY === true,
        });
        if (!stream.stoppedEarly) parser.end();
    } finally {
        process.removeListener('SIGINT', onSigint);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const result = engine.result();
    // The engine polls isCancelled only every so many accesses: a Ctrl-C between polls stops the stream here.
    const stopped = result.stopped ?? (interrupted
        ? { reason: 'cancelled' as const, message: `interrupted after ${parser.records.toLocaleString('en-US')} records` }
        : undefined);
    return {
        trace: args.trace,
        machine,
        totals: result.totals,
        records: parser.records,
        skippedLines: parser.skippedLines,
        bytes: parser.bytes,
        seconds,
        stopped,
    };
}
