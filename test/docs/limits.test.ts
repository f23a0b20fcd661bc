/**
 * docs/limits.md quotes the message a user sees at each limit: here the tool is driven past the limits
 * it can reach in a second, and every message it prints must be one the page quotes (N, PATH and the
 * like standing for any value), so that the page cannot drift from the code.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const LIMITS = readFileSync(join(ROOT, 'docs/limits.md'), 'utf8');

/** Every `quoted` message of the page's tables, as a pattern. */
function quotedMessages(): RegExp[] {
    const rows = LIMITS.split('\n').filter(l => l.startsWith('| ') && !l.startsWith('| Limit'));
    const quoted = rows.flatMap(r => [...r.matchAll(/`([^`]+)`/g)].map(m => m[1]));
    return quoted.map(
        q =>
            new RegExp(
                `^${q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\b(N|X|PATH|ROOT|MESSAGE|VARIANT|FILE)\b/g, '.+?')}$`,
            ),
    );
}

function mscn(dir: string, ...args: string[]): string[] {
    const r = spawnSync(process.execPath, [join(ROOT, 'out/cli/mscn.cjs'), ...args], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
    });
    return `${r.stdout}${r.stderr}`.split('\n').filter(l => l !== '');
}

describe('GIVEN docs/limits.md', () => {
    test('WHEN the tool is driven past its limits THEN every message it prints is quoted on the page', () => {
        const dir = mkdtempSync(join(tmpdir(), 'mscn-limits-'));
        writeFileSync(
            join(dir, 'numbers.mscn'),
            [
                'machine m { cpus 9000 tlb 4 KiB entries 2000000 ways 0 }',
                'process p { threads 5000000 }',
                'run r on m {',
                '    repeat 9007199254740993 { syscall p }',
                '    repeat 18446744073709551616 { syscall p }',
                '}',
                '',
            ].join('\n'),
        );
        writeFileSync(
            join(dir, 'budget.mscn'),
            'process p\nrun r {\n    switch cpu 0 to p\n    repeat 1000 { syscall p }\n}\n',
        );
        // each mprotect walks 4 M PTEs of 8,192 tables with one operation: only the time limit stops the loop
        writeFileSync(
            join(dir, 'long.mscn'),
            'process p\nrun r {\n    switch cpu 0 to p\n    mmap p size 16 GiB rw as big\n' +
                '    touch p big stride 2 MiB\n    repeat 1000000 {\n        mprotect p big r\n' +
                '        mprotect p big rw\n    }\n}\n',
        );
        writeFileSync(join(dir, 'ff.mscn'), Buffer.alloc(100_000, 0xff));
        writeFileSync(join(dir, 'big.mscn'), '');
        truncateSync(join(dir, 'big.mscn'), 600 * 2 ** 20);
        writeFileSync(join(dir, 'junk.trace'), 'this is not a trace\nnor is this\n');
        const lines = [
            ...mscn(dir, 'check', 'numbers.mscn', 'big.mscn', '/etc/passwd', 'ff.mscn').map(l =>
                l.replace(/^[\w.]+:\d+:\d+: (error|warning): /, ''),
            ),
            ...mscn(dir, 'run', 'budget.mscn', '--budget', '100')
                .filter(l => /stopped/.test(l))
                .map(l => l.replace(/^[\w.]+:\d+:\d+: warning: /, '').trim()),
            ...mscn(dir, 'run', 'long.mscn', '--timeout', '0.2')
                .filter(l => /stopped/.test(l))
                .map(l => l.replace(/^[\w.]+:\d+:\d+: warning: /, '').trim()),
            mscn(dir, 'run', 'long.mscn', '--timeout=0')[0].replace(/^mscn run: /, ''),
            mscn(dir, 'replay', 'junk.trace', '--tlb', '99999999999999999999/1')[0],
            ...mscn(dir, 'replay', 'junk.trace').filter(l => l.startsWith('mscn replay:')),
        ];
        expect(lines.length).toBe(16);
        const patterns = quotedMessages();
        expect(lines.filter(l => !patterns.some(p => p.test(l)))).toEqual([]);
    });
});
