/** `mscn run`, through the bundled tool: tables, formats, variants, exit codes. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { MPROTECT_LOOP } from '../fixtures/long-running.js';

const CLI = join(resolve(__dirname, '../..'), 'out/cli/mscn.cjs');
let dir = '';

function mscn(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The cells of the table row whose first cell is `label`. */
function row(stdout: string, label: string): string[] | undefined {
    return stdout
        .split('\n')
        .map(l => l.trim().split(/\s{2,}/))
        .find(cells => cells[0] === label);
}

// x86_64, 3 CPUs, a 3-thread process current on all of them; 34 pages written on CPU 0, 33 unmapped.
// base: n = 33 <= ceiling 33 → 33 invlpg on each of 3 CPUs = 99, 2 IPIs, 1 shootdown.
// full (always-full): 3 full flushes instead; with the 3 CR3 writes of the switches, 6 in all.
const SCENARIO = [
    'machine m { cpus 3 }',
    'process a { threads 3 }',
    'run demo on m {',
    '    switch cpu 0 to a',
    '    switch cpu 1 to a[1]',
    '    switch cpu 2 to a[2]',
    '    mmap a at 0x1000_0000 size 64 pages rw as heap',
    '    write a heap size 34 pages',
    '    munmap a heap size 33 pages => ipis == 2, shootdowns == 1',
    '}',
    'variant full { machine m { flush always-full } }',
    '',
].join('\n');

beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mscn-run-'));
    writeFileSync(join(dir, 'long.mscn'), MPROTECT_LOOP);
    writeFileSync(join(dir, 'f.mscn'), SCENARIO);
    writeFileSync(join(dir, 'failing.mscn'), SCENARIO.replace('shootdowns == 1', 'shootdowns == 5'));
    writeFileSync(join(dir, 'broken.mscn'), 'process a\nrun on nowhere { }\n');
});

describe('mscn run', () => {
    test('GIVEN two variants THEN a table with the variants as columns and the ratio to the base', () => {
        const r = mscn('run', 'f.mscn');
        expect(r.status).toBe(0);
        expect(r.stdout.split('\n')[0]).toBe('f.mscn: run demo on m with x86_64: 2 variants');
        expect(row(r.stdout, 'figure')).toEqual(['figure', 'base', 'full', 'full/base']);
        expect(row(r.stdout, 'invlpg')).toEqual(['invlpg', '99', '0', '0×']);
        expect(row(r.stdout, 'fullFlushes')).toEqual(['fullFlushes', '3', '6', '2×']);
        expect(row(r.stdout, 'ipis')).toEqual(['ipis', '2', '2', '=']);
        expect(r.stderr).toBe('');
    });

    test('GIVEN --check-invariants THEN the same table and exit 0: the run breaks no invariant', () => {
        const checked = mscn('run', 'f.mscn', '--check-invariants');
        expect(checked).toEqual(mscn('run', 'f.mscn'));
        expect(checked.status).toBe(0);
    });

    test('GIVEN an expectation that fails in every variant THEN one line with file:line:col and exit 1', () => {
        const r = mscn('run', 'failing.mscn');
        expect(r.status).toBe(1);
        expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
            'failing.mscn:9:5: error: expectation failed: shootdowns == 5, but it is 1',
        );
    });

    test('GIVEN --json THEN the documented schema with exact totals and per-statement figures', () => {
        const report = JSON.parse(mscn('run', 'f.mscn', '--json').stdout);
        expect(report.schema).toBe('mscn-run/1');
        expect(report.runs.map((x: { run: string }) => x.run)).toEqual(['demo']);
        const [base, full] = report.runs[0].variants;
        expect([base.variant, full.variant]).toEqual(['base', 'full']);
        expect([base.totals.invlpg, base.totals.fullFlushes, full.totals.fullFlushes]).toEqual([99, 3, 6]);
        const munmap = base.statements.find((s: { line: number }) => s.line === 9);
        expect(munmap).toMatchObject({
            executions: 1,
            figures: { invlpg: 99, ipis: 2, shootdowns: 1, tlbEntriesDropped: 33 },
        });
        expect(base.findings).toEqual([]);
        expect(base.stopped).toBeNull();
    });

    test('GIVEN --variant THEN only that variant runs; an unknown one is exit 2 with the known names', () => {
        const one = JSON.parse(mscn('run', 'f.mscn', '--json', '--variant', 'full').stdout);
        expect(one.runs[0].variants.map((v: { variant: string }) => v.variant)).toEqual(['full']);
        expect(mscn('run', 'f.mscn', '--variant', 'nope')).toMatchObject({
            status: 2,
            stderr: "mscn run: unknown variant 'nope': this file has base, full\n",
        });
    });

    test('GIVEN --csv and --markdown THEN raw numbers with a run column, and a Markdown table', () => {
        const csv = mscn('run', 'f.mscn', '--csv').stdout.split('\n');
        expect(csv[0]).toBe('run,figure,base,full,full/base');
        expect(csv).toContain('demo,invlpg,99,0,0');
        const md = mscn('run', 'f.mscn', '--markdown').stdout;
        expect(md).toContain('| figure | base | full | full/base |');
        expect(md).toContain('| invlpg | 99 | 0 | 0× |');
    });

    test('GIVEN a budget of 5 operations THEN the run stops with a warning on a statement and exit 1', () => {
        const r = mscn('run', 'f.mscn', '--budget', '5', '--variant', 'base');
        expect(r.status).toBe(1);
        expect(r.stdout).toMatch(/^f\.mscn:\d+:5: warning: .*budget/m);
    });

    test('GIVEN an mprotect loop of few operations WHEN run with --timeout 0.5 THEN stopped by the time limit, figures so far, exit 1', () => {
        const started = Date.now();
        const r = mscn('run', 'long.mscn', '--timeout', '0.5');
        // Checked before every statement: it stops within one mprotect (~30 ms) of the limit, not hours later.
        expect(Date.now() - started).toBeLessThan(20_000);
        expect(r.status).toBe(1);
        expect(row(r.stdout, 'accesses')).toEqual(['accesses', '8,192']);
        expect(r.stdout).toContain('(base: stopped: the time limit of 0.5 s is spent; figures so far)\n');
        // said on the repeat, the statement running when the time was spent (or the next one, if the touch spent it)
        expect(r.stdout).toContain('\nlong.mscn:6:5: warning: stopped: the time limit of 0.5 s is spent\n');
    });

    test('GIVEN bad arguments or a broken file THEN a clear message', () => {
        expect(mscn('run')).toMatchObject({ status: 2, stderr: expect.stringContaining('mscn run: no file given') });
        expect(mscn('run', 'f.mscn', '--json', '--csv')).toMatchObject({
            status: 2,
            stderr: expect.stringContaining('--json and --csv exclude each other'),
        });
        expect(mscn('run', 'f.mscn', '--budget=-3')).toMatchObject({
            status: 2,
            stderr: expect.stringContaining("--budget takes a whole number from 1 to 9,007,199,254,740,991, not '-3'"),
        });
        // A negative value after a space: parseArgs alone calls it "ambiguous"; the flag's own check answers.
        expect(mscn('run', 'f.mscn', '--budget', '-3')).toMatchObject({
            status: 2,
            stderr: expect.stringContaining("--budget takes a whole number from 1 to 9,007,199,254,740,991, not '-3'"),
        });
        // 2^53 + 1 is a whole number too: the message says which ones are taken
        expect(mscn('run', 'f.mscn', '--budget', '9007199254740993')).toMatchObject({
            status: 2,
            stderr: expect.stringContaining(
                "--budget takes a whole number from 1 to 9,007,199,254,740,991, not '9007199254740993'",
            ),
        });
        expect(mscn('run', 'f.mscn', '--timeout', '-1')).toMatchObject({
            status: 2,
            stderr: expect.stringContaining("--timeout takes a number of seconds above 0 and at most 86400, not '-1'"),
        });
        expect(mscn('run', 'f.mscn', '--timeout', '0')).toMatchObject({
            status: 2,
            stderr: expect.stringContaining("--timeout takes a number of seconds above 0 and at most 86400, not '0'"),
        });
        expect(mscn('run', 'missing.mscn')).toMatchObject({
            status: 1,
            stderr: "mscn run: cannot read 'missing.mscn': no such file\n",
        });
        const broken = mscn('run', 'broken.mscn');
        expect(broken.status).toBe(1);
        expect(broken.stderr).toMatch(/^broken\.mscn:2:8: error: .*nowhere/m);
        expect(broken.stderr).toContain('mscn run: broken.mscn has errors; nothing was run');
    });
});
