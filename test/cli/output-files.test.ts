/**
 * Where `mscn sweep --out` and `mscn import -o` write (files/output-file.ts). Before: `sweep f.mscn --out
 * f.mscn` replaced the scenario with its results; `--out FIFO` with no reader hung forever; /dev/full,
 * /proc/self/status, a directory or `''` were `internal error: ENOSPC...` or `cannot write : ENOENT` (exit 1);
 * `lsp --socket=99999` was `internal error: Port should be >= 0 and < 65536`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

const CLI = resolve('out/cli/mscn.cjs');
const SWEEP_USAGE = 'usage: mscn sweep FILE [--jobs N] [--shard I/N] [--out FILE] [--budget N]\n';
const SCENARIO =
    'process a\nrun r { mmap a at 0x1000_0000 size 4 pages as heap  write a heap }\nsweep s { tlb = 16, 32 }\n';
let dir = '';

function mscn(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [CLI, ...args], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, MSCN_DEBUG: '' },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mscn-output-'));
    writeFileSync(join(dir, 'f.mscn'), SCENARIO);
    symlinkSync('f.mscn', join(dir, 'link.jsonl'));
    execFileSync('mkfifo', [join(dir, 'out.fifo')]);
    mkdirSync(join(dir, 'folder'));
});

describe('GIVEN mscn sweep --out', () => {
    test.each([
        ['f.mscn', "the same file as the input 'f.mscn': it would be overwritten"],
        ['./f.mscn', "the same file as the input 'f.mscn': it would be overwritten"],
        ['link.jsonl', "the same file as the input 'f.mscn': it would be overwritten"],
    ])('WHEN it is the scenario itself (%s) THEN exit 2 and the scenario is untouched', (out, reason) => {
        expect(mscn('sweep', 'f.mscn', '--out', out)).toEqual({
            status: 2,
            stdout: '',
            stderr: `mscn sweep: cannot write '${out}': ${reason}\n${SWEEP_USAGE}`,
        });
        expect(readFileSync(join(dir, 'f.mscn'), 'utf8')).toBe(SCENARIO);
    });

    test.each([
        ['out.fifo', 'a FIFO (named pipe), not a regular file: leave out the flag to write to standard output'],
        ['folder', 'a directory, not a file'],
        ['', 'an empty file name'],
        ['nofolder/x.jsonl', 'no such folder'],
        ['/proc/self/status', "a file of the kernel's /proc or /sys, not a regular file"],
    ])('WHEN it is %j THEN exit 2 at once, naming it', (out, reason) => {
        expect(mscn('sweep', 'f.mscn', '--out', out)).toEqual({
            status: 2,
            stdout: '',
            stderr: `mscn sweep: cannot write '${out}': ${reason}\n${SWEEP_USAGE}`,
        });
    });

    test('WHEN the device is full THEN exit 2 naming it, not an internal error', () => {
        expect(mscn('sweep', 'f.mscn', '--jobs', '1', '--out', '/dev/full')).toEqual({
            status: 2,
            stdout: '',
            stderr: "mscn sweep: cannot write '/dev/full': no space left on the device\n",
        });
    });

    test('WHEN it is /dev/null or a new file THEN the sweep runs (exit 0)', () => {
        expect(mscn('sweep', 'f.mscn', '--out', '/dev/null')).toEqual({ status: 0, stdout: '', stderr: '' });
        expect(mscn('sweep', 'f.mscn', '--out', 'new.jsonl')).toEqual({ status: 0, stdout: '', stderr: '' });
        expect(readFileSync(join(dir, 'new.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3);
    });
});

describe.runIf(process.platform === 'linux')('GIVEN mscn import -o', () => {
    const usage = 'usage: mscn import PID|self [-o FILE]\n';

    test('WHEN it is a directory or a FIFO THEN exit 2 naming it', () => {
        expect(mscn('import', 'self', '-o', 'folder')).toEqual({
            status: 2,
            stdout: '',
            stderr: `mscn import: cannot write 'folder': a directory, not a file\n${usage}`,
        });
        expect(mscn('import', 'self', '-o', 'out.fifo').stderr).toBe(
            "mscn import: cannot write 'out.fifo': a FIFO (named pipe), not a regular file: leave out the flag to " +
                `write to standard output\n${usage}`,
        );
    });

    test('WHEN the device is full THEN exit 2 naming it', () => {
        expect(mscn('import', 'self', '-o', '/dev/full')).toEqual({
            status: 2,
            stdout: '',
            stderr: "mscn import: cannot write '/dev/full': no space left on the device\n",
        });
    });

    test('WHEN it is a new file THEN the scenario is written there', () => {
        expect(mscn('import', 'self', '-o', 'self.mscn')).toMatchObject({ status: 0, stderr: '' });
        expect(existsSync(join(dir, 'self.mscn'))).toBe(true);
        expect(readFileSync(join(dir, 'self.mscn'), 'utf8')).toContain('written by mscn import');
    });
});

describe('GIVEN mscn lsp --socket', () => {
    test.each(['99999', '0', 'abc', '-1'])('WHEN the port is %s THEN exit 2 naming it', port => {
        expect(mscn('lsp', `--socket=${port}`)).toEqual({
            status: 2,
            stdout: '',
            stderr:
                `mscn lsp: --socket takes a port from 1 to 65535, not '${port}'\n` +
                'usage: mscn lsp [--stdio | --node-ipc | --socket=PORT | --pipe=NAME]\n',
        });
    });
});
