// Runs a command and measures wall time and peak RSS: with GNU time (`/usr/bin/time -v`) when present,
// else through a preload that reports the node process's own maxRSS at exit.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const GNU_TIME = '/usr/bin/time';
const here = path.dirname(fileURLToPath(import.meta.url));

function hasGnuTime() {
    if (!fs.existsSync(GNU_TIME)) return false;
    const probe = spawnSync(GNU_TIME, ['-v', 'true'], { encoding: 'utf8' });
    return probe.status === 0 && /Maximum resident set size/.test(probe.stderr);
}

/**
 * Runs `node script ...args`; returns { stdout, stderr, status, seconds, cpuSeconds, peakRssKiB, rssSource }.
 * Wall time is measured here around the whole process, node's start-up included; CPU time is user + system.
 */
export function measureNode(script, args) {
    if (hasGnuTime()) return measureCommand(process.execPath, [script, ...args]);
    return measure(
        process.execPath,
        ['--require', path.join(here, 'report-rss.cjs'), script, ...args],
        stderr => {
            const match = /^mscn-bench-max-rss-kib (\d+) cpu-us (\d+)$/m.exec(stderr);
            return { peakRssKiB: match ? Number(match[1]) : NaN, cpuSeconds: match ? Number(match[2]) / 1e6 : NaN };
        },
        'process.resourceUsage()',
    );
}

/** Runs any command the same way; without GNU time its RSS and CPU time are unknown (NaN). */
export function measureCommand(command, args) {
    if (!hasGnuTime())
        return measure(command, args, () => ({ peakRssKiB: NaN, cpuSeconds: NaN }), 'none: GNU time missing');
    return measure(
        GNU_TIME,
        ['-v', command, ...args],
        stderr => {
            const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
            const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
            const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
            return {
                peakRssKiB: rss ? Number(rss[1]) : NaN,
                cpuSeconds: user && system ? Number(user[1]) + Number(system[1]) : NaN,
            };
        },
        '/usr/bin/time -v',
    );
}

function measure(command, argv, read, rssSource) {
    const started = process.hrtime.bigint();
    const run = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 64 << 20 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return {
        stdout: run.stdout,
        stderr: run.stderr,
        status: run.status,
        seconds,
        ...read(run.stderr ?? ''),
        rssSource,
    };
}

/** The bench's one row saying which command failed (its exit status and last line), or undefined if none did. */
export function failureRows(results) {
    const failed = results.find(x => x.status !== 0);
    if (!failed) return undefined;
    return [
        {
            measurement: 'error',
            value: `exit ${failed.status}`,
            unit: '',
            note: failed.stderr.trim().split('\n').pop(),
        },
    ];
}
