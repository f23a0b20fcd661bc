/**
 * Files that are not regular files, or not scenarios, are refused with the reason before a byte is read
 * (language/src/files/regular-file.ts). Before: `replay "/dev/zero"` or a FIFO in a scenario hung
 * `mscn run` even with --budget; `import "/etc/passwd"` was an internal error with a stack trace;
 * `import "/dev/zero"` said "cannot find imported file".
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { runMscn } from './mscn-process.js';

let dir: string;
const mscn = (...args: string[]) => runMscn(dir, ...args);

beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mscn-special-'));
    execFileSync('mkfifo', [join(dir, 'fifo.mscn')]);
    execFileSync('mkfifo', [join(dir, 'trace.fifo')]);
    writeFileSync(join(dir, 'notes.txt'), 'process p\n');
    const importing = (path: string) => `import "${path}"\nprocess p\n`;
    writeFileSync(join(dir, 'passwd.mscn'), importing('/etc/passwd'));
    writeFileSync(join(dir, 'zero.mscn'), importing('/dev/zero'));
    writeFileSync(join(dir, 'fifo-import.mscn'), importing('fifo.mscn'));
    const replaying = (path: string) => `process p\nrun r {\n    switch cpu 0 to p\n    replay "${path}" as p\n}\n`;
    writeFileSync(join(dir, 'replay-zero.mscn'), replaying('/dev/zero'));
    writeFileSync(join(dir, 'replay-fifo.mscn'), replaying('trace.fifo'));
});

describe('GIVEN a special file where a scenario is read', () => {
    test('WHEN it is given on the command line THEN it is refused with its kind', () => {
        expect(mscn('check', '/dev/zero')).toMatchObject({
            status: 1,
            stderr: "mscn check: cannot read '/dev/zero': not a scenario file (scenario files end in .mscn)\n",
        });
        expect(mscn('check', 'fifo.mscn')).toMatchObject({
            status: 1,
            stderr: "mscn check: cannot read 'fifo.mscn': a FIFO (named pipe), not a regular file\n",
        });
        expect(mscn('run', 'notes.txt')).toMatchObject({
            status: 1,
            stderr: "mscn run: cannot read 'notes.txt': not a scenario file (scenario files end in .mscn)\n",
        });
        expect(mscn('check', '/proc/self/status.mscn').stderr).toBe(
            "mscn check: cannot read '/proc/self/status.mscn': no such file\n",
        );
    });

    test('WHEN it is imported THEN the import is an error on its line naming the reason', () => {
        expect(mscn('check', 'passwd.mscn')).toEqual({
            status: 1,
            stderr: '',
            stdout:
                "passwd.mscn:1:8: error: cannot read imported file '/etc/passwd': not a scenario file " +
                '(scenario files end in .mscn)\n',
        });
        expect(mscn('check', 'zero.mscn').stdout).toBe(
            "zero.mscn:1:8: error: cannot read imported file '/dev/zero': not a scenario file (scenario " +
                'files end in .mscn)\n',
        );
        expect(mscn('check', 'fifo-import.mscn').stdout).toBe(
            "fifo-import.mscn:1:8: error: cannot read imported file 'fifo.mscn': a FIFO (named pipe), " +
                'not a regular file\n',
        );
    });

    test('WHEN a scenario replays /dev/zero or a FIFO THEN the run ends at once with a located error', () => {
        const zero = mscn('run', 'replay-zero.mscn', '--budget', '1000');
        expect(zero.status).toBe(1);
        expect(zero.stdout).toContain(
            'replay-zero.mscn:4:5: error: replay: cannot read /dev/zero: a character device, not a regular file',
        );
        const fifo = mscn('check', 'replay-fifo.mscn');
        expect(fifo.status).toBe(1);
        expect(fifo.stdout).toContain('a FIFO (named pipe), not a regular file');
    });
});
