/** The `mscn` dispatcher: help, version, unknown commands, a closed pipe. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'out/cli/mscn.cjs');

function mscn(...args: string[]) {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('mscn', () => {
    test('GIVEN --version THEN the version of package.json', () => {
        const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
        expect(mscn('--version')).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
    });

    test('GIVEN --help THEN usage of every command, exit 0; no command at all is exit 2', () => {
        const help = mscn('--help');
        expect(help.status).toBe(0);
        for (const usage of [
            'mscn check FILE... [--no-run] [--check-invariants]',
            'mscn run FILE [--variant NAME]',
            '--check-invariants: check the engine',
            'mscn replay TRACE [--tlb E/W[,E/W...]]',
        ]) {
            expect(help.stdout).toContain(usage);
        }
        expect(mscn().status).toBe(2);
    });

    test('GIVEN an unknown command THEN exit 2 with its name', () => {
        const r = mscn('frobnicate');
        expect(r.status).toBe(2);
        expect(r.stderr.split('\n')[0]).toBe("mscn: unknown command 'frobnicate'");
    });

    test('GIVEN a reader that closes the pipe early THEN no crash', () => {
        const r = spawnSync('sh', ['-c', `node ${CLI} run examples/mmu-notifiers.mscn | head -1`], {
            cwd: ROOT,
            encoding: 'utf8',
        });
        expect(r.stderr).toBe('');
        expect(r.stdout.split('\n')[0]).toMatch(/^examples\/mmu-notifiers\.mscn: run /);
    });
});
