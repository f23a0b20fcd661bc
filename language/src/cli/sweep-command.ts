/**
 * `mscn sweep FILE [--jobs N] [--shard I/N] [--out FILE] [--budget N]`: runs every point of the file
 * (each run block under the base, each variant and each point of each sweep, in `mscn run`'s order)
 * on N worker threads, writing one JSON line per point as it finishes (sweep-lines.ts). `--shard I/N`
 * runs only the points whose index i has i mod N == I - 1: a batch system's array index is the whole
 * interface (docs/sweeps.md). Each line is written whole, so an interrupted sweep keeps what finished.
 */
import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { notExactlyOne, parseCommandArgs, positiveFlag, usageError } from './command-args.js';
import { loadRunnableFile } from './load-runnable.js';
import { lowerScenario } from '../lowering/scenario.js';
import type { ScenarioConfig } from '../engine/scenario.js';
import { MAX_SWEEP_FILE_POINTS, type PointHeader } from './sweep-lines.js';
import { openOutputFile, writeAll } from '../files/output-file.js';
import type { PointReply, PointRequest } from './sweep-worker.js';
import { Progress } from './sweep-progress.js';

const USAGE = 'usage: mscn sweep FILE [--jobs N] [--shard I/N] [--out FILE] [--budget N]\n';

/**
 * The most worker threads: each holds its own copy of the engine (tens of MB), and a machine with more
 * cores than this gains little from more threads on one file; shard across processes instead.
 */
const MAX_JOBS = 256;

interface SweepArgs {
    file: string;
    jobs: number;
    shard: { index: number; count: number };
    out?: string;
    budget?: number;
}

function parseSweepArgs(args: string[]): SweepArgs | string {
    const parsed = parseCommandArgs(args, {
        jobs: { type: 'string', short: 'j' },
        shard: { type: 'string' },
        out: { type: 'string', short: 'o' },
        budget: { type: 'string' },
    });
    if (typeof parsed === 'string') return parsed;
    const { values, positionals } = parsed;
    const count = notExactlyOne(positionals);
    if (count) return count;
    const jobs = positiveFlag(values.jobs, '--jobs', MAX_JOBS);
    const budget = positiveFlag(values.budget, '--budget');
    if (typeof jobs === 'string') return jobs;
    if (typeof budget === 'string') return budget;
    let shard = { index: 1, count: 1 };
    if (values.shard !== undefined) {
        const m = /^(\d+)\/(\d+)$/.exec(values.shard);
        const [index, count] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
        if (!m || count < 1 || index < 1 || index > count)
            return `--shard takes I/N with 1 <= I <= N, not '${values.shard}'`;
        shard = { index, count };
    }
    return { file: positionals[0], jobs: jobs ?? availableParallelism(), shard, out: values.out, budget };
}

export async function sweepCommand(args: string[]): Promise<number> {
    const parsed = parseSweepArgs(args);
    if (typeof parsed === 'string') return usageError('sweep', parsed, USAGE);
    const file = await loadRunnableFile('sweep', parsed.file);
    if (typeof file === 'number') return file;
    const configs = lowerScenario(file.document.parseResult.value, file.imports);
    const requests = pointRequests(configs, parsed, file.document.uri.fsPath).filter(
        r => r.header.point % parsed.shard.count === parsed.shard.index - 1,
    );
    if (configs.length > MAX_SWEEP_FILE_POINTS) {
        process.stderr.write(
            `mscn sweep: ${parsed.file} has ${configs.length.toLocaleString('en-US')} points, over the ` +
                `${MAX_SWEEP_FILE_POINTS.toLocaleString('en-US')} that mscn merge joins: split it into files\n`,
        );
        return 1;
    }
    let out = 1;
    if (parsed.out !== undefined) {
        const opened = openOutputFile(parsed.out, [parsed.file]);
        if (!opened.ok) return usageError('sweep', `cannot write '${parsed.out}': ${opened.reason}`, USAGE);
        out = opened.fd;
    }
    return runPoints(requests, Math.min(parsed.jobs, Math.max(1, requests.length)), out, parsed.out ?? 'stdout');
}

/** Every point of the file with its header; the machine and split a block is headed with are its first point's. */
function pointRequests(configs: readonly ScenarioConfig[], args: SweepArgs, fsPath: string): PointRequest[] {
    const firstOfRun = new Map<string, ScenarioConfig>();
    for (const c of configs) if (!firstOfRun.has(c.run)) firstOfRun.set(c.run, c);
    return configs.map((config, point) => {
        const first = firstOfRun.get(config.run)!;
        const header: PointHeader = {
            file: args.file,
            point,
            points: configs.length,
            run: config.run,
            machine: first.machine.name,
            split: first.split.name,
        };
        return { header, config, fsPath, budget: args.budget };
    });
}

/** Runs the requests on `jobs` workers, writing each line as it comes; Ctrl-C keeps what is written. */
function runPoints(requests: PointRequest[], jobs: number, out: number, outName: string): Promise<number> {
    const progress = new Progress(requests.length, process.stderr);
    const queue = [...requests];
    const workers: Worker[] = [];
    let written = 0;
    let failed = 0;
    let finished = false;
    return new Promise(resolve => {
        const finish = (code: number) => {
            finished = true;
            process.off('SIGINT', interrupt);
            for (const w of workers) void w.terminate();
            progress.done();
            if (out !== 1) fs.closeSync(out);
            resolve(code);
        };
        const interrupt = () => {
            finish(130);
            process.stderr.write(
                `mscn sweep: interrupted: ${written} of ${requests.length} points written to ${outName}\n`,
            );
        };
        process.on('SIGINT', interrupt);
        const next = (worker: Worker) => {
            const request = queue.shift();
            if (request) worker.postMessage(request);
            else if (written + failed === requests.length) finish(failed > 0 ? 1 : 0);
        };
        const script = join(__dirname, 'sweep-worker.cjs');
        for (let i = 0; i < jobs && requests.length > 0; i++) {
            const worker = new Worker(script);
            workers.push(worker);
            worker.on('message', (reply: PointReply) => {
                // A reply already on its way when Ctrl-C came: the file is closed (writing threw EBADF, exit 1)
                if (finished) return;
                if ('line' in reply) {
                    // one write per line: a line is on disk whole or not at all when Ctrl-C comes
                    let failure: string | undefined;
                    if (out === 1) process.stdout.write(`${reply.line}\n`);
                    else failure = writeAll(out, `${reply.line}\n`);
                    if (failure !== undefined) {
                        // a full disk or a device that takes no writes: every later line would fail alike
                        finish(2);
                        process.stderr.write(`mscn sweep: cannot write '${outName}': ${failure}\n`);
                        return;
                    }
                    written++;
                } else {
                    process.stderr.write(`mscn sweep: point ${reply.point}: ${reply.error}\n`);
                    failed++;
                }
                progress.tick();
                next(worker);
            });
            worker.on('error', error => {
                if (finished) return;
                process.stderr.write(`mscn sweep: worker failed: ${error.message}\n`);
                finish(3);
            });
            next(worker);
        }
        if (requests.length === 0) finish(0);
    });
}
