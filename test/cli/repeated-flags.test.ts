/**
 * A flag that takes one value, given twice, is refused (command-args.ts): before, parseArgs kept the last, so
 * `run --variant a --variant b` ran b alone and `--budget 5 --budget 10` ran with 10. And `sweep --jobs` has a
 * maximum: `--jobs 100000` started 33 threads for 33 points and took 436 MB.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

const CLI = resolve('out/cli/mscn.cjs');
let dir = '';

function mscn(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mscn-flags-'));
    writeFileSync(
        join(dir, 'f.mscn'),
        'process a\nrun r { mmap a at 0x1000_0000 size 4 pages as heap  write a heap }\n' +
            'variant v1 { }\nvariant v2 { }\n',
    );
});

describe('GIVEN a single-valued flag given twice', () => {
    test.each([
        [['run', 'f.mscn', '--variant', 'v1', '--variant', 'v2'], 'run', '--variant'],
        [['run', 'f.mscn', '--budget', '5', '--budget', '10'], 'run', '--budget'],
        [['check', 'f.mscn', '--timeout=5', '--timeout', '10'], 'check', '--timeout'],
        [['sweep', 'f.mscn', '--jobs', '1', '--jobs', '2'], 'sweep', '--jobs'],
        [['sweep', 'f.mscn', '-j', '1', '--jobs', '2'], 'sweep', '--jobs'],
        [['sweep', 'f.mscn', '--out', 'x.jsonl', '-o', 'y.jsonl'], 'sweep', '--out'],
        [['import', 'self', '-o', 'x.mscn', '-o', 'y.mscn'], 'import', '--output'],
    ])('WHEN %j THEN exit 2 naming the flag', (args, command, flag) => {
        const r = mscn(...args);
        expect(r.status).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr.split('\n')[0]).toBe(`mscn ${command}: ${flag} is given twice`);
        expect(r.stderr.split('\n')[1]).toMatch(/^usage: mscn /);
    });

    test('WHEN a flag without a value is repeated THEN it is still taken (nothing to choose between)', () => {
        const once = mscn('run', 'f.mscn', '--csv', '--variant', 'v1');
        expect(once.stdout).toContain('run,figure,v1\n');
        expect(mscn('run', 'f.mscn', '--csv', '--csv', '--variant', 'v1')).toEqual(once);
    });
});

describe('GIVEN mscn sweep --jobs', () => {
    test('WHEN it is over 256 THEN exit 2 with the range', () => {
        expect(mscn('sweep', 'f.mscn', '--jobs', '100000')).toEqual({
            status: 2,
            stdout: '',
            stderr:
                "mscn sweep: --jobs takes a whole number from 1 to 256, not '100000'\n" +
                'usage: mscn sweep FILE [--jobs N] [--shard I/N] [--out FILE] [--budget N]\n',
        });
    });

    test('WHEN it is 256 THEN the sweep runs', () => {
        expect(mscn('sweep', 'f.mscn', '--jobs', '256', '--out', '/dev/null')).toEqual({
            status: 0,
            stdout: '',
            stderr: '',
        });
    });
});
