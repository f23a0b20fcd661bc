/**
 * `mscn replay TRACE`: runs a valgrind lackey trace through the engine as docs/model.md section 12 says:
 * one task on CPU 0 of an x86_64 machine, its whole user range one private anonymous VMA, the trace
 * streamed from disk so that memory stays flat however long it is. Several configurations (`--tlb
 * 16/4,64/4`, `--machine FILE:a,b`) share one pass: each record is parsed once and fed to one engine
 * per configuration. Nothing here imports the language front end (replay-main.ts is its own bundle).
 */
import {
    createMultiTraceReplay,
    createTraceReplay,
    DEFAULT_REPLAY_MEMORY_BYTES,
    type MultiTraceReplay,
} from '../engine/replay.js';
import type { MachineConfig } from '../engine/scenario.js';
import { defaultMachine } from '../lowering/machine.js';
import { parseReplayArgs, REPLAY_USAGE, type ReplayArgs, type TlbArg } from './replay-args.js';
import type { LoadedMachine } from './replay-machine.js';
import {
    formatReplayCsv,
    formatReplayJson,
    formatReplayTable,
    type ReplayOutcome,
    type ReplayRow,
} from './replay-report.js';
import { openTrace, replayBatches, type BatchSource } from './replay-pipeline.js';
import { noRecordsMessage } from '../engine/replay-op.js';
import { MEMORY_HINT } from './size-arg.js';

/**
 * Exit codes: 0 done, 1 a budget (operations or memory) spent or no lackey record in the trace, 2 bad
 * arguments or unreadable input, 130 Ctrl-C (128 + SIGINT).
 */
const EXIT_BUDGET = 1;
const EXIT_NO_RECORDS = 1;
const EXIT_USAGE = 2;
const EXIT_INTERRUPTED = 130;

/** The section 12 machine: x86_64 with one unified 4 KiB TLB of E entries in W ways, no large-page TLB. */
export function replayMachine(tlb: TlbArg): MachineConfig {
    const machine = defaultMachine('replay');
    machine.tlb4k = { ...tlb };
    machine.tlbLarge = { entries: 0, ways: 1 };
    return machine;
}

function fail(message: string): number {
    process.stderr.write(`mscn replay: ${message}\n`);
    return EXIT_USAGE;
}

export type MachineLoader = (file: string, name: string) => Promise<LoadedMachine>;

interface Configuration {
    label: string;
    machine: MachineConfig;
}

/** The configurations of the pass, in the order given: one per `--tlb` entry, or one per named machine. */
async function configurations(args: ReplayArgs, loadMachine?: MachineLoader): Promise<Configuration[] | string> {
    if (args.machines.length === 0)
        return args.tlbs.map(t => ({ label: `${t.entries}/${t.ways}`, machine: replayMachine(t) }));
    if (!loadMachine) return '--machine needs the language front end: run it through mscn';
    const out: Configuration[] = [];
    for (const m of args.machines) {
        const loaded = await loadMachine(m.file, m.name);
        if (!loaded.ok) return loaded.message;
        out.push({ label: m.name, machine: loaded.machine });
    }
    // Machines of the same name from two files are told apart by their file.
    const named = (c: Configuration) => out.filter(o => o.label === c.label).length > 1;
    return out.map((c, i) => (named(c) ? { ...c, label: `${args.machines[i].file}:${c.label}` } : c));
}

/** `mscn replay ARGS`; `loadMachine` reads `--machine` (absent in the bundle without the front end). */
export async function runReplay(argv: string[], loadMachine?: MachineLoader): Promise<number> {
    if (argv.includes('--help') || argv.includes('-h')) {
        process.stdout.write(REPLAY_USAGE);
        return 0;
    }
    const parsed = parseReplayArgs(argv);
    if (!parsed.ok) return fail(`${parsed.message}\n\n${REPLAY_USAGE}`);
    const args = parsed.args;
    // The trace must be a readable regular file (files/regular-file.ts); the message says which it is not.
    // Its parse thread starts here, so that it reads while the machines are loaded and the engines built.
    const source = openTrace(args.trace);
    if (typeof source === 'string') return fail(source);
    const configs = await configurations(args, loadMachine).catch(async (error: unknown) => {
        await source.close();
        throw error;
    });
    if (typeof configs === 'string') {
        await source.close();
        return fail(configs);
    }
    const outcome = await replay(args, configs, source);
    const format = args.json ? formatReplayJson : args.csv ? formatReplayCsv : formatReplayTable;
    process.stdout.write(format(outcome));
    if (outcome.stopped?.reason === 'cancelled') {
        process.stderr.write(`mscn replay: ${outcome.stopped.message}: figures are partial\n`);
        return EXIT_INTERRUPTED;
    }
    if (outcome.stopped) {
        process.stderr.write(`mscn replay: stopped early: ${outcome.stopped.message}\n`);
        return EXIT_BUDGET;
    }
    if (outcome.records === 0) {
        // The figures (all zero) are printed as for any trace; a script sees the exit status.
        process.stderr.write(`mscn ${noRecordsMessage(args.trace, outcome.skippedLines)}\n`);
        return EXIT_NO_RECORDS;
    }
    return 0;
}

/**
 * One machine keeps a closure of its own, which V8 specializes to its one context (engine/replay.ts).
 * The memory budget bounds the pass, not each configuration: every configuration holds its own frames and
 * tables, so N of them share it (64 configurations at 256 MiB each could hold 16 GiB).
 */
function enginesFor(machines: readonly MachineConfig[], args: ReplayArgs): MultiTraceReplay {
    const n = machines.length;
    const budgets = {
        budget: args.budget,
        memory: Math.floor((args.memory ?? DEFAULT_REPLAY_MEMORY_BYTES) / n),
        memoryHint: n > 1 ? `${MEMORY_HINT}: the ${n} configurations of this pass share it` : MEMORY_HINT,
    };
    if (n > 1) return createMultiTraceReplay(machines, budgets);
    const one = createTraceReplay(machines[0], budgets);
    return { access: one.access, runs: one.runs, results: () => [one.result()], stopped: one.stopped };
}

async function replay(
    args: ReplayArgs,
    configs: readonly Configuration[],
    source: BatchSource,
): Promise<ReplayOutcome> {
    let interrupted = false;
    const onSigint = (): void => {
        interrupted = true;
    };
    process.once('SIGINT', onSigint);
    // No isCancelled for the engines: SIGINT is only seen between batches (replay-pipeline.ts yields
    // there), so the stream stops every engine after the same record. The budget stops them all at the
    // same access: page accesses do not depend on the TLB.
    const engines = enginesFor(
        configs.map(c => c.machine),
        args,
    );
    const started = process.hrtime.bigint();
    let trace;
    try {
        trace = await replayBatches(source, engines, {
            // The engine reports a budget or a cancellation in its result; reading on would only be ignored.
            shouldStop: () => interrupted || engines.stopped(),
            progress: process.stderr.isTTY === true,
        });
    } finally {
        process.removeListener('SIGINT', onSigint);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const results = engines.results();
    const stopped =
        results[0].stopped ??
        (interrupted
            ? {
                  reason: 'cancelled' as const,
                  message: `interrupted by SIGINT after ${trace.records.toLocaleString('en-US')} records`,
              }
            : undefined);
    const rows = configs.map((c, i): ReplayRow => ({
        configuration: c.label,
        machine: c.machine,
        totals: results[i].totals,
    }));
    return {
        trace: args.trace,
        rows,
        records: trace.records,
        skippedLines: trace.skippedLines,
        bytes: trace.bytes,
        seconds,
        stopped,
    };
}
