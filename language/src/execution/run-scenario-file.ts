/**
 * Runs a parsed scenario file: lowers it into one config per run block × variant and executes each
 * through the engine. The file system enters only here (traces of `replay` statements are read
 * relative to the scenario file), so that the engine stays pure. Shared by `mscn run`, `mscn check`
 * and the language server's run worker.
 */
import * as fs from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Scenario } from '../generated/ast.js';
import { runScenario, type RunResult } from '../engine/index.js';
import type { ScenarioConfig } from '../engine/scenario.js';
import { openRegularFile } from '../files/regular-file.js';
import { documentRunJob, DEFAULT_TIMEOUT_SECONDS, type RunJob } from './run-job.js';

/** One run block: its variants' results in the order of the file, the base first. */
export interface ScenarioRuns {
    run: string;
    machine: string;
    split: string;
    results: RunResult[];
}

export interface RunFileOptions {
    /** Run only this variant (`base` for the declarations as written). */
    variant?: string;
    budget?: number;
    /** The memory budget in bytes (engine/memory.ts); the engine's default when absent. */
    memory?: number;
    /** How the user raises it, ending the memory stop's message (the engine's default when absent). */
    memoryHint?: string;
    /** The time limit in seconds per run block × variant; DEFAULT_TIMEOUT_SECONDS when absent. */
    timeout?: number;
    isCancelled?: () => boolean;
    snapshotAfter?: ReadonlySet<number>;
    /** Check the engine's invariants after every statement (`--check-invariants`). */
    checkInvariants?: boolean;
}

/** Runs every config, grouped by run block; a string is a user error (an unknown variant). */
export function runScenarioFile(
    root: Scenario,
    imports: readonly Scenario[],
    fsPath: string,
    options: RunFileOptions = {},
): ScenarioRuns[] | string {
    const snapshots = [...(options.snapshotAfter ?? [])];
    const job = documentRunJob(root, imports, fsPath, {
        variant: options.variant,
        budget: options.budget,
        memory: options.memory,
        timeout: options.timeout,
        snapshots,
    });
    if (typeof job === 'string') return job;
    return runJob(job, {
        isCancelled: options.isCancelled,
        checkInvariants: options.checkInvariants,
        memoryHint: options.memoryHint,
    });
}

/**
 * Runs a job (run-job.ts) to its end, its budget or cancellation. `snapshotAfter` may replace the job's
 * list with a set that decides as the run goes (the server worker's snapshot budget).
 */
export function runJob(
    job: RunJob,
    options: Omit<RunFileOptions, 'variant' | 'budget' | 'memory' | 'timeout'> = {},
): ScenarioRuns[] {
    return runConfigs(job.configs, job.fsPath, {
        budget: job.budget,
        memory: job.memory,
        timeout: job.timeout,
        snapshotAfter: new Set(job.snapshotAfter),
        ...options,
    });
}

/** Where the trace of `replay "path"` in the scenario file at fsPath is: relative to that file. */
export function tracePath(fsPath: string, path: string): string {
    return resolve(dirname(fsPath), path);
}

/**
 * Runs lowered configs, grouped by run block; `replay` traces are read relative to `fsPath`. A
 * cancelled run stops the rest. The language server's worker calls this with configs the server lowered.
 */
export function runConfigs(
    configs: readonly ScenarioConfig[],
    fsPath: string,
    options: Omit<RunFileOptions, 'variant'> = {},
): ScenarioRuns[] {
    const openTrace = (path: string) => readChunks(tracePath(fsPath, path));
    const runs = new Map<string, ScenarioRuns>();
    const ms = (options.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
    for (const config of configs) {
        if (options.isCancelled?.()) break;
        const result = runScenario(config, {
            budget: options.budget,
            memory: options.memory,
            memoryHint: options.memoryHint,
            isCancelled: options.isCancelled,
            openTrace,
            snapshotAfter: options.snapshotAfter,
            checkInvariants: options.checkInvariants,
            timeLimit: { ms, now: () => performance.now() },
        });
        runsOf(runs, config).results.push(result);
    }
    return [...runs.values()];
}

function runsOf(runs: Map<string, ScenarioRuns>, config: ScenarioConfig): ScenarioRuns {
    let entry = runs.get(config.run);
    if (!entry) {
        entry = { run: config.run, machine: config.machine.name, split: config.split.name, results: [] };
        runs.set(config.run, entry);
    }
    return entry;
}

const CHUNK_BYTES = 1 << 20;

/**
 * A trace file in 1 MiB chunks through one reused buffer: memory stays flat in trace length. Only a
 * regular file (files/regular-file.ts): /dev/zero or a FIFO would never end.
 */
export function* readChunks(path: string): Generator<Uint8Array> {
    const opened = openRegularFile(path);
    // replay-op.ts says which trace: `replay: cannot read PATH: REASON`
    if (!opened.ok) throw new Error(opened.reason);
    const fd = opened.fd;
    const buffer = new Uint8Array(CHUNK_BYTES);
    try {
        for (;;) {
            const n = fs.readSync(fd, buffer, 0, CHUNK_BYTES, null);
            if (n === 0) return;
            yield n === CHUNK_BYTES ? buffer : buffer.subarray(0, n);
        }
    } finally {
        fs.closeSync(fd);
    }
}
