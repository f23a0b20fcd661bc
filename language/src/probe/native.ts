/**
 * The native helper (probe/native/mscn-probe.c, built by scripts/build-native.mjs into
 * out/probe/mscn-probe): found, given a plan, and its counter lines read back.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The counters after one mark, cumulative since the helper started. */
export interface MarkReading {
    id: string;
    faults: number;
    vmPteKb: number;
    /** The TLB row of /proc/interrupts, per CPU the scenario uses. */
    tlbIpis: number[];
}

/** The helper's path: $MSCN_PROBE_HELPER, or out/probe/mscn-probe next to the bundled CLI. */
export function helperPath(): string {
    return process.env.MSCN_PROBE_HELPER ?? join(__dirname, '..', 'probe', 'mscn-probe');
}

/** Why the probe cannot run on this machine at all, or undefined. */
export function hostProblem(): string | undefined {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
        return `the probe needs x86_64 Linux; this is ${process.platform} ${process.arch}`;
    }
    if (!existsSync(helperPath())) {
        return `the native helper ${helperPath()} is missing: install a C compiler (cc) and run npm run build`;
    }
    return undefined;
}

/** Runs the helper on a plan; a string is its error message. */
export function runHelper(plan: string): MarkReading[] | string {
    const dir = mkdtempSync(join(tmpdir(), 'mscn-probe-'));
    try {
        const file = join(dir, 'plan.txt');
        writeFileSync(file, plan);
        if (process.env.MSCN_PROBE_KEEP_PLAN) writeFileSync(process.env.MSCN_PROBE_KEEP_PLAN, plan);
        const r = spawnSync(helperPath(), [file], { encoding: 'utf8', maxBuffer: 64 << 20 });
        if (r.error) return `cannot run ${helperPath()}: ${r.error.message}`;
        if (r.status !== 0)
            return (r.stderr.trim() || `the helper stopped (${r.signal ?? r.status})`).replace(/^mscn-probe: /, '');
        return parseMarks(r.stdout);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

export function parseMarks(stdout: string): MarkReading[] {
    return stdout
        .split('\n')
        .filter(l => l.startsWith('mark '))
        .map(line => {
            const [, id, faults, kb, ...ipis] = line.trim().split(/\s+/);
            return { id, faults: Number(faults), vmPteKb: Number(kb), tlbIpis: ipis.map(Number) };
        });
}
