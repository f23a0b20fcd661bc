/**
 * Input a hostile or careless user gives `mscn` (issue 15): every failure is a located message and an
 * exit status, never a stack trace. Before: `machine m { cpus 2 __proto__ }` printed "Cannot mix BigInt"
 * with a 20-line stack (UNITS['__proto__'] found Object.prototype); `mscn constructor` called the
 * Object function as a command; 1,048,000 random bytes were refused as "1.9 MiB" (each invalid byte
 * re-encoded as 3-byte U+FFFD); a trace with no lackey record exited 0 without a word.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { internalErrorText } from '../../language/src/cli/internal-error.js';

const CLI = resolve('out/cli/mscn.cjs');
let dir: string;

function mscn(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [CLI, ...args], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, MSCN_DEBUG: '' },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const OBJECT_WORDS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'];

beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mscn-hostile-'));
    for (const word of OBJECT_WORDS) writeFileSync(join(dir, `unit-${word}.mscn`), `machine m { cpus 2 ${word} }\n`);
    writeFileSync(join(dir, 'junk.trace'), 'this is not a trace\nnor is this\n');
    writeFileSync(join(dir, 'empty.trace'), '');
    writeFileSync(join(dir, 'one.trace'), 'S 1000,4\n');
    writeFileSync(join(dir, 'proc-mem.mscn'), 'import "/proc/self/mem"\nprocess p\n');
    const replaying = (path: string) => `process p\nrun r {\n    switch cpu 0 to p\n    replay "${path}" as p\n}\n`;
    writeFileSync(join(dir, 'replay-junk.mscn'), replaying('junk.trace'));
    writeFileSync(join(dir, 'replay-empty.mscn'), replaying('empty.trace'));
});

describe('GIVEN a word that is a property of every JavaScript object', () => {
    test('WHEN one is written where a unit goes THEN it is an unknown unit on the quantity, no stack', () => {
        // `cpus 2 __proto__`: the grammar reads a number and a unit; the unit table has only its own entries.
        expect(mscn('check', ...OBJECT_WORDS.map(w => `unit-${w}.mscn`))).toEqual({
            status: 1,
            stderr: '',
            stdout: OBJECT_WORDS.map(w => `unit-${w}.mscn:1:18: error: unknown unit '${w}'\n`)
                .sort()
                .join(''),
        });
    });

    test.each(['constructor', '__proto__'])('WHEN `mscn %s` is run THEN it is an unknown command (exit 2)', word => {
        const r = mscn(word);
        expect(r.status).toBe(2);
        expect(r.stderr.split('\n')[0]).toBe(`mscn: unknown command '${word}'`);
    });
});

describe('GIVEN a file too large to read', () => {
    test.each([
        [600 * 2 ** 20, '600 MiB'],
        [2 * 2 ** 30, '2 GiB'],
        [3 * 2 ** 40 + 1, '3.01 TiB'],
    ])('WHEN it has %d bytes THEN fstat refuses it before a byte is read, with its real size', (bytes, size) => {
        writeFileSync(join(dir, 'huge.mscn'), '');
        truncateSync(join(dir, 'huge.mscn'), bytes); // sparse: no disk, and a read would take seconds and GBs
        const started = Date.now();
        expect(mscn('check', 'huge.mscn')).toEqual({
            status: 1,
            stdout: '',
            stderr: `mscn check: cannot read 'huge.mscn': ${size}, over the limit of 1 MiB\n`,
        });
        expect(Date.now() - started).toBeLessThan(10_000);
    });

    test('WHEN a file of 1,048,000 bytes holds invalid UTF-8 THEN it is parsed (under 1 MiB), not refused as 3.0 MiB', () => {
        // 1,048,000 <= 1,048,576, the limit. Its comment is 1,047,987 bytes of 0xff, each decoded to U+FFFD,
        // 3 bytes in UTF-8: 3,143,974 bytes re-encoded, refused as "file is 3.0 MiB" before; the parser now
        // counts each U+FFFD as the one byte it replaced. (A comment: the lexer reads it in one match.)
        const head = Buffer.from('process p\n//');
        writeFileSync(
            join(dir, 'bytes.mscn'),
            Buffer.concat([head, Buffer.alloc(1_048_000 - head.length - 1, 0xff), Buffer.from('\n')]),
        );
        expect(mscn('check', 'bytes.mscn')).toEqual({ status: 0, stdout: '', stderr: '' });
    });
});

describe('GIVEN a file that is not a scenario where one is read', () => {
    test('WHEN /proc/self/mem is imported THEN an error on the import line, no stack', () => {
        expect(mscn('check', 'proc-mem.mscn')).toEqual({
            status: 1,
            stderr: '',
            stdout:
                "proc-mem.mscn:1:8: error: cannot read imported file '/proc/self/mem': " +
                'not a scenario file (scenario files end in .mscn)\n',
        });
    });

    test('WHEN `mscn replay --machine /etc/passwd:x` THEN one line naming the file and the reason (exit 2, a usage error)', () => {
        expect(mscn('replay', 'one.trace', '--machine', '/etc/passwd:x')).toEqual({
            status: 2,
            stdout: '',
            stderr:
                "mscn replay: --machine: cannot read '/etc/passwd': " +
                'not a scenario file (scenario files end in .mscn)\n',
        });
    });
});

describe('GIVEN a loop of symbolic links', () => {
    test('WHEN it is checked or replayed THEN the message says it is a loop (ELOOP), not "no such file"', () => {
        symlinkSync('loop-b.mscn', join(dir, 'loop-a.mscn'));
        symlinkSync('loop-a.mscn', join(dir, 'loop-b.mscn'));
        expect(mscn('check', 'loop-a.mscn')).toMatchObject({
            status: 1,
            stderr: "mscn check: cannot read 'loop-a.mscn': a loop of symbolic links\n",
        });
        expect(mscn('replay', 'loop-a.mscn')).toMatchObject({
            status: 2,
            stderr: 'mscn replay: loop-a.mscn: a loop of symbolic links\n',
        });
    });
});

describe('GIVEN a trace with no lackey record', () => {
    test.each([
        ['junk.trace', 'none of its 2 lines is one'],
        ['empty.trace', 'it is empty'],
    ])('WHEN `mscn replay %s` THEN the zero figures, a warning on stderr and exit 1', (trace, why) => {
        const r = mscn('replay', trace);
        expect(r.status).toBe(1);
        expect(r.stdout).toContain('records           0');
        expect(r.stderr).toBe(
            `mscn replay: no lackey record in ${trace} (${why}): is it a valgrind --tool=lackey --trace-mem=yes log?\n`,
        );
    });

    test('WHEN a scenario replays it THEN a warning on the replay statement; the run goes on (exit 0)', () => {
        expect(mscn('check', 'replay-junk.mscn')).toEqual({
            status: 0,
            stderr: '',
            stdout:
                'replay-junk.mscn:4:5: warning: replay: no lackey record in junk.trace (none of its 2 lines is one): ' +
                'is it a valgrind --tool=lackey --trace-mem=yes log?\n',
        });
        expect(mscn('run', 'replay-empty.mscn').stdout).toContain(
            'replay-empty.mscn:4:5: warning: replay: no lackey record in empty.trace (it is empty)',
        );
    });
});

describe('GIVEN an error nobody expected (a bug)', () => {
    test('WHEN it reaches the top of mscn THEN one line without the stack; MSCN_DEBUG=1 gives the stack', () => {
        const error = new TypeError('Cannot mix BigInt and other types\n    at somewhere');
        expect(internalErrorText(error, false)).toBe(
            'mscn: internal error: Cannot mix BigInt and other types ' +
                '(a bug in mscn: please report it; MSCN_DEBUG=1 prints the stack)\n',
        );
        expect(internalErrorText(error, true)).toContain('    at ');
    });
});
