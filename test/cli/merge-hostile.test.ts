/**
 * `mscn merge` given files it did not write (an adversarial tester's findings). Before: `"points":1000000000`
 * in one line ran V8 out of heap (exit 134), 4294967296 was `internal error: Invalid array length`; /dev/zero
 * grew to 8 GB, a FIFO hung, a 3 GB file was ERR_STRING_TOO_LONG; a missing file or a directory was exit 1
 * with a bare ENOENT/EISDIR; a line without `result.totals` was an internal error, and `"accesses":"lots"`
 * or a malformed finding went through silently.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

const CLI = resolve('out/cli/mscn.cjs');
const NOT_A_FINDING =
    'result.findings[0] is not a finding (severity error, warning or info; line, column, statementId and message)';
let dir = '';
let lines: Array<Record<string, unknown>> = [];

/** `mscn merge` with a small heap: a merge that allocates per claimed point or per byte of input dies of it. */
function merge(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, ['--max-old-space-size=256', CLI, 'merge', ...args], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, MSCN_DEBUG: '' },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Writes the sweep's lines to `name` with line `index` (0-based) changed by `edit`. */
function edited(name: string, index: number, edit: (line: Record<string, any>) => void): string {
    const copy = lines.map(l => structuredClone(l));
    edit(copy[index]);
    writeFileSync(join(dir, name), copy.map(l => JSON.stringify(l)).join('\n') + '\n');
    return name;
}

beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mscn-merge-hostile-'));
    // 1 base + 3 sweep points
    writeFileSync(
        join(dir, 'f.mscn'),
        'process a\nrun r { mmap a at 0x1000_0000 size 4 pages as heap  write a heap }\n' +
            'sweep s { tlb = 16 to 48 by 16 }\n',
    );
    const r = spawnSync(process.execPath, [CLI, 'sweep', 'f.mscn', '--jobs', '1', '--out', 'all.jsonl'], { cwd: dir });
    expect(r.status).toBe(0);
    lines = readFileSync(join(dir, 'all.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map(l => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    execFileSync('mkfifo', [join(dir, 'shard.fifo')]);
    mkdirSync(join(dir, 'folder.jsonl'));
    // 3 GiB of zeros without a disk block: no newline anywhere
    writeFileSync(join(dir, 'huge.jsonl'), '');
    truncateSync(join(dir, 'huge.jsonl'), 3 * 2 ** 30);
}, 60_000);

describe('GIVEN a line whose points field is not what mscn sweep writes', () => {
    test.each([
        [1_000_000_000, '1,000,000,000'],
        [4_294_967_296, '4,294,967,296'],
        [1_000_001, '1,000,001'],
    ])('WHEN it says %d points THEN it is refused on its line, at once', (points, shown) => {
        const file = edited('points.jsonl', 1, l => (l.points = points));
        expect(merge(file)).toEqual({
            status: 1,
            stdout: '',
            stderr: `mscn merge: points.jsonl:2: points is ${shown}, over the 1,000,000 a sweep may have\n`,
        });
    });

    test('WHEN every line says 1,000,000 points THEN the missing ones are counted, ten named', () => {
        const copy = lines.map(l => JSON.stringify({ ...l, points: 1_000_000 }));
        writeFileSync(join(dir, 'million.jsonl'), copy.join('\n') + '\n');
        expect(merge('million.jsonl')).toEqual({
            status: 1,
            stdout: '',
            stderr:
                'mscn merge: 999996 of 1000000 points missing (4, 5, 6, 7, 8, 9, 10, 11, 12, 13, ...): ' +
                'run their shards again\n',
        });
    });

    test('WHEN a point is past the points THEN it is refused with the range', () => {
        expect(merge(edited('past.jsonl', 3, l => (l.point = 4))).stderr).toBe(
            'mscn merge: past.jsonl:4: point is not a whole number from 0 to 3\n',
        );
    });
});

describe('GIVEN an input that is not a regular file of sweep lines', () => {
    test.each([
        ['/dev/zero', 'a character device, not a regular file'],
        ['shard.fifo', 'a FIFO (named pipe), not a regular file'],
        ['folder.jsonl', 'a directory, not a file'],
        ['nonexist.jsonl', 'no such file'],
        [
            '/proc/self/status',
            "a file of the kernel's /proc or /sys (its size is unknown until read), not a regular file",
        ],
    ])('WHEN it is %s THEN exit 2 naming it, without reading it', (path, reason) => {
        expect(merge('all.jsonl', path)).toEqual({
            status: 2,
            stdout: '',
            stderr: `mscn merge: cannot read '${path}': ${reason}\n`,
        });
    });

    test('WHEN it is 3 GiB without a newline THEN the line is refused at 64 MiB, not read whole', () => {
        expect(merge('huge.jsonl')).toEqual({
            status: 1,
            stdout: '',
            stderr: 'mscn merge: huge.jsonl:1: a line of more than 64 MiB\n',
        });
    });
});

describe('GIVEN a line of the wrong shape', () => {
    test.each([
        ['no totals', (l: any) => delete l.result.totals, 'result.totals is not an object'],
        [
            'a figure in words',
            (l: any) => (l.result.totals.accesses = 'lots'),
            'result.totals.accesses is not a number',
        ],
        ['a figure missing', (l: any) => delete l.result.totals.walks, 'result.totals has no figure walks'],
        [
            "a notifier's figure in words",
            (l: any) => (l.result.perNotifier = { gru: { ...l.result.totals, ipis: null } }),
            'result.perNotifier.gru.ipis is not a number',
        ],
        ['no findings', (l: any) => (l.result.findings = {}), 'result.findings is not a list'],
        [
            'a finding of an unknown severity',
            (l: any) => (l.result.findings = [{ severity: 'fatal', line: 1, column: 1, statementId: 0, message: 'x' }]),
            NOT_A_FINDING,
        ],
        [
            'a finding without a message',
            (l: any) => (l.result.findings = [{ severity: 'error', line: 1, column: 1, statementId: 0 }]),
            NOT_A_FINDING,
        ],
        [
            'a stop without a message',
            (l: any) => (l.result.stopped = 5),
            'result.stopped is neither null nor an object with a message',
        ],
        ['no machine', (l: any) => delete l.machine, 'machine is not a string'],
    ])('WHEN it has %s THEN it is refused with file:line', (_, edit, message) => {
        expect(merge(edited('shape.jsonl', 2, edit))).toEqual({
            status: 1,
            stdout: '',
            stderr: `mscn merge: shape.jsonl:3: ${message}\n`,
        });
    });

    test("WHEN nothing is wrong THEN the lines merge into mscn run's report, exit code too", () => {
        const run = spawnSync(process.execPath, [CLI, 'run', 'f.mscn'], { cwd: dir, encoding: 'utf8' });
        expect(merge('all.jsonl')).toEqual({ status: run.status, stdout: run.stdout, stderr: '' });
    });
});
