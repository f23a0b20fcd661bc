/**
 * `mscn replay TRACE`: runs a valgrind lackey trace through the engine as docs/model.md section 12 says:
 * one task on CPU 0 of an x86_64 machine, its whole user range one private anonymous VMA, the trace
 * streamed from disk so that memory stays flat however long it is.
 */
import * as fs from 'node:fs';
import type { MachineConfig } from '../engine/scenario.js';
import { defaultMachine } from '../lowering/machine.js';
import { parseReplayArgs, REPLAY_USAGE, type ReplayArgs } from './replay-args.js';
import { EngineThread, EXIT_INTERRUPTED } from './engine-thread.js';
import { loadReplayMachine } from './replay-machine.js';
import { formatReplayJson, formatReplayTable, type ReplayOutcome } from './replay-report.js';
import { openRegularFile } from '../files/regular-file.js';

/** Exit codes: 0 done, 1 a budget (operations or memory) spent, 2 bad arguments or unreadable input, 130 Ctrl-C (128 + SIGINT). */
const EXIT_BUDGET = 1;
const EXIT_USAGE = 2;

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
    // In the engine thread: Ctrl-C stops the replay between any two accesses (engine-thread.ts).
    const thread = new EngineThread();
    let outcome: ReplayOutcome;
    try {
        outcome = await thread.run({ kind: 'replay', args, machine, progress: process.stderr.isTTY === true });
    } catch (error) {
        return fail(error instanceof Error ? error.message : String(error));
    } finally {
        await thread.close();
    }
    process.stdout.write(args.json ? formatReplayJson(outcome) : formatReplayTable(outcome));
    if (thread.interrupted) {
        process.stderr.write(`mscn replay: interrupted by SIGINT after ${outcome.records.toLocaleString('en-US')} records: figures are partial\n`);
        return EXIT_INTERRUPTED;
    }
    if (outcome.stopped) {
        process.stderr.write(`mscn replay: stopped early: ${outcome.stopped.message}\n`);
        return outcome.stopped.reason === 'cancelled' ? EXIT_INTERRUPTED : EXIT_BUDGET;
    }
    return 0;
}
