/** The bundled CLI (out/cli/mscn.cjs) run as a user runs it, in a folder: exit status and output. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export const CLI = resolve('out/cli/mscn.cjs');

export function runMscn(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
