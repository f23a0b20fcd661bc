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
 * Runs `node script ...args`; returns { stdout, stderr, status, seconds, peakRssKiB, rssSource }.
 * Wall time is measured here around the whole process, node's start-up included.
 */
export function measureNode(script, args) {
    const gnu = hasGnuTime();
    const command = gnu ? GNU_TIME : process.execPath;
    const argv = gnu
        ? ['-v', process.execPath, script, ...args]
        : ['--require', path.join(here, 'report-rss.cjs'), script, ...args];
    const started = process.hrtime.bigint();
    const run = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 64 << 20 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const pattern = gnu ? /Maximum resident set size \(kbytes\): (\d+)/ : /^mscn-bench-max-rss-kib (\d+)$/m;
    const match = pattern.exec(run.stderr ?? '');
    return {
        stdout: run.stdout,
        stderr: run.stderr,
        status: run.status,
        seconds,
        peakRssKiB: match ? Number(match[1]) : NaN,
        rssSource: gnu ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS',
    };
}
