/**
 * The limits of a run through the bundled CLI (issue 15): the memory budget (`--memory`, engine/memory.ts)
 * stops a fork loop and a junk trace with a clear message and every figure so far; `check` takes
 * `--budget`; replay has default budgets; Ctrl-C prints the figures so far, marked as interrupted, exit 130.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

const CLI = join(resolve(__dirname, '../..'), 'out/cli/mscn.cjs');
let dir = '';

function mscn(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI, sends SIGINT after `ms`, and resolves with what it printed and its exit code. */
function interrupted(
    ms: number,
    ...args: string[]
): Promise<{ status: number | null; signal: string | null; stdout: string; stderr: string }> {
    return new Promise(done => {
        const child = spawn(process.execPath, [CLI, ...args], { cwd: dir });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => {
            stdout += d.toString();
        });
        child.stderr.on('data', (d: Buffer) => {
            stderr += d.toString();
        });
        const timer = setTimeout(() => child.kill('SIGINT'), ms);
        child.on('close', (status, signal) => {
            clearTimeout(timer);
            done({ status, signal, stdout, stderr });
        });
    });
}

/** The cells of the table row whose first cell is `label`. */
function row(stdout: string, label: string): string[] | undefined {
    return stdout
        .split('\n')
        .map(l => l.trim().split(/\s{2,}/))
        .find(cells => cells[0] === label);
}

// The reproducer (240 bytes): each fork copies the parent's 1 GiB of PTEs (512 PTE tables, 2.3 MiB
// by memory.ts's estimates) and holds them: without a memory budget it passed 9 GB of RSS in 76 s.
const FORK_LOOP = [
    'machine m { cpus 2 }',
    'process p { threads 1 }',
    'run bomb on m {',
    '    switch cpu 0 to p',
    '    mmap p size 1 GiB rw as heap',
    '    write p heap',
    '    repeat 1000000 {',
    '        fork p as c',
    '        switch cpu 1 to c',
    '        touch c heap size 4 KiB',
    '    }',
    '}',
    '',
].join('\n');

// At 64 MiB: setup and the heap (262,144 frames, 3 MiB; 1 pgd + pud + pmd + 512 PTE tables), then 25 forks
// of 516 tables each and the 26th fork's copy crosses: 13,505 tables. Deterministic: the engine is.
const STOP_64M =
    'stopped: the memory budget of 64 MiB is reached: 262,144 frames (3 MiB), 13,505 page tables (60.95 MiB), ' +
    '27 mms (27.05 KiB), 26 tasks (6.5 KiB), 192 TLB entries (9 KiB), 51 events (12.75 KiB) (raise it with --memory)';

beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mscn-limits-'));
    writeFileSync(join(dir, 'fork.mscn'), FORK_LOOP);
    // 2,000 records of 999,999,999 bytes, 1 GiB apart: 244,141 pages each, every one a new frame.
    const lines = Array.from(
        { length: 2000 },
        (_, i) => ` S ${(0x04021000 + i * 0x40000000).toString(16).padStart(8, '0')},999999999`,
    );
    writeFileSync(join(dir, 'junk.trace'), `${lines.join('\n')}\n`);
    // 8,192 CPUs with a 1,048,576-entry TLB each: valid in the language, 384 GiB of TLBs in the engine.
    // 1.3 M records of 100 pages each over the same 400 KiB: 130 M accesses in 31 chunks of 1 MiB, memory flat.
    writeFileSync(join(dir, 'long.trace'), ' S 04021000,409600\n'.repeat(1_300_000));
    writeFileSync(join(dir, 'big.mscn'), 'machine big {\n    cpus 8192\n    tlb 4 KiB entries 1048576 ways 4\n}\n');
});

/**
 * The junk trace's stop at a 16 MiB memory budget: 787,840 frames x 12 B + 1,546 tables (pgd, puds, pmds, PTE
 * tables), as the message says; `hint` is how to raise it.
 */
function junkStopAt16MiB(hint: string): string {
    return (
        'stopped: the memory budget of 16 MiB is reached: 787,840 frames (9.02 MiB), ' +
        `1,546 page tables (6.98 MiB), 1 mm (1 KiB), 1 task (256 bytes), 64 TLB entries (3 KiB) (${hint})`
    );
}

describe('the memory budget: --memory on check, run and replay', () => {
    test('GIVEN the fork loop WHEN checked with --memory 64M THEN a warning on the fork that crossed it, exit 1', () => {
        const r = mscn('check', 'fork.mscn', '--memory', '64M');
        // exit 1 as mscn run: the figures are partial and the expectations after it unchecked
        expect([r.status, r.stderr]).toEqual([1, '']);
        expect(r.stdout).toBe(`fork.mscn:8:9: warning: ${STOP_64M}\n`);
    });

    test('GIVEN the fork loop WHEN run with --memory 64M THEN the figures so far, the stop on its line, exit 1', () => {
        const r = mscn('run', 'fork.mscn', '--memory=64M');
        expect(r.status).toBe(1);
        // 25 forks done, the 26th's copy crossed the limit and stopped the run after it: 26 forks counted.
        expect(row(r.stdout, 'forks')).toEqual(['forks', '26']);
        expect(row(r.stdout, 'framesAllocated')).toEqual(['framesAllocated', '262,144']);
        expect(r.stdout).toContain(`(base: ${STOP_64M}; figures so far)`);
        expect(r.stdout).toContain(`fork.mscn:8:9: warning: ${STOP_64M}\n`);
    });

    test('GIVEN check --budget 1000 THEN the budget stops the run on the write, as in run', () => {
        const r = mscn('check', 'fork.mscn', '--budget', '1000');
        expect([r.status, r.stdout]).toEqual([
            1,
            'fork.mscn:6:5: warning: stopped: the budget of 1000 operations is spent\n',
        ]);
    });

    test('GIVEN the 2,000-line junk trace WHEN replayed with --memory 16M THEN it stops with the figures so far, exit 1', () => {
        const r = mscn('replay', 'junk.trace', '--memory', '16M', '--json');
        expect(r.status).toBe(1);
        const message = junkStopAt16MiB('raise it with --memory');
        expect(r.stderr).toBe(`mscn replay: stopped early: ${message}\n`);
        const json = JSON.parse(r.stdout) as Record<string, unknown>;
        expect([json.framesAllocated, json.accesses, json.stopped]).toEqual([
            787_840,
            787_840,
            { reason: 'memory', message },
        ]);
    });

    // Before, each configuration of a pass had the whole budget: 64 configurations could hold 64 x 256 MiB.
    test('GIVEN two TLBs in one pass WHEN replayed with --memory 32M THEN each has 16 MiB and stops as one alone', () => {
        const r = mscn('replay', 'junk.trace', '--tlb', '64/4,64/8', '--memory', '32M', '--json');
        expect(r.status).toBe(1);
        // the single replay's stop above (16 MiB, 787,840 frames): both TLBs hold 64 entries, so the same sums
        const message = junkStopAt16MiB('raise it with --memory: the 2 configurations of this pass share it');
        expect(r.stderr).toBe(`mscn replay: stopped early: ${message}\n`);
        const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
        expect(rows.map(x => [x.framesAllocated, x.stopped])).toEqual([
            [787_840, { reason: 'memory', message }],
            [787_840, { reason: 'memory', message }],
        ]);
    });

    test("GIVEN --machine with 384 GiB of TLBs THEN replay's default memory budget (256 MiB) refuses them before allocating", () => {
        const r = mscn('replay', 'junk.trace', '--machine', 'big.mscn:big');
        expect(r.status).toBe(1);
        expect(r.stderr).toBe(
            'mscn replay: stopped early: stopped: the memory budget of 256 MiB is reached: ' +
                '8,590,196,736 TLB entries (384.01 GiB) (raise it with --memory)\n',
        );
    });

    test('GIVEN a bad size THEN usage and exit 2 on every command', () => {
        expect(mscn('run', 'fork.mscn', '--memory', '12X').stderr.split('\n')[0]).toBe(
            "mscn run: --memory takes a size such as 512M, 2G or 1GiB, not '12X'",
        );
        expect(mscn('check', 'fork.mscn', '--memory=0').status).toBe(2);
        expect(mscn('replay', 'junk.trace', '--memory', 'lots').status).toBe(2);
        expect(mscn('check', 'fork.mscn', '--budget', '-3').status).toBe(2);
    });
});

// SIGINT after 8 s: the file is loaded and the heap written within a few seconds even on a loaded machine, and
// the fork loop runs for about 35 s before the default memory budget would stop it.
describe('Ctrl-C: the figures so far, marked as interrupted, exit 130', () => {
    test('GIVEN mscn run on the fork loop WHEN SIGINT arrives THEN the table so far and the interrupted line', async () => {
        const r = await interrupted(8000, 'run', 'fork.mscn');
        expect([r.status, r.signal]).toEqual([130, null]);
        expect(row(r.stdout, 'framesAllocated')).toEqual(['framesAllocated', '262,144']);
        expect(Number(row(r.stdout, 'forks')?.[1])).toBeGreaterThan(0);
        expect(r.stdout).toMatch(/\(base: cancelled after [\d]+ operations; figures so far\)/);
        expect(r.stderr).toMatch(
            /^mscn run: interrupted by SIGINT at statement \d+ \(line (7|8|9|10)\) of run bomb, variant base: figures are partial\n$/,
        );
    });

    test('GIVEN mscn check WHEN SIGINT arrives THEN the findings so far and exit 130', async () => {
        const r = await interrupted(8000, 'check', 'fork.mscn');
        expect([r.status, r.signal]).toEqual([130, null]);
        expect(r.stdout).toMatch(/^fork\.mscn:(7|8|9|10):\d+: warning: cancelled after \d+ operations\n$/);
        expect(r.stderr).toMatch(
            /interrupted by SIGINT at statement \d+ \(line \d+\) of run bomb, variant base: figures are partial\n$/,
        );
    });

    // The trace is read on the main thread (replay-run.ts): Ctrl-C is seen between its 1 MiB chunks.
    test('GIVEN mscn replay of a long trace WHEN SIGINT arrives THEN the JSON so far and exit 130', async () => {
        const r = await interrupted(1500, 'replay', 'long.trace', '--json');
        expect([r.status, r.signal]).toEqual([130, null]);
        const json = JSON.parse(r.stdout) as { accesses: number; stopped: { reason: string } };
        expect(json.accesses).toBeGreaterThan(0);
        expect(json.stopped.reason).toBe('cancelled');
        expect(r.stderr).toMatch(/^mscn replay: interrupted by SIGINT after [\d,]+ records: figures are partial\n$/);
    });
});
