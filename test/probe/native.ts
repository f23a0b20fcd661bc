/** Shared by the probe tests: the bundled CLI, run with a helper each test file builds for itself. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const CLI = join(ROOT, 'out/cli/mscn.cjs');

/** Builds probe/native/mscn-probe.c with scripts/build-native.mjs into a fresh folder. */
export function buildHelper(): string {
    const out = join(mkdtempSync(join(tmpdir(), 'mscn-probe-helper-')), 'mscn-probe');
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build-native.mjs'), out], { encoding: 'utf8' });
    if (r.status !== 0 || !existsSync(out))
        throw new Error(`the probe tests need a C compiler (cc):\n${r.stdout}${r.stderr}`);
    return out;
}

export function mscn(
    cwd: string,
    helper: string,
    ...args: string[]
): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [CLI, ...args], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, MSCN_PROBE_HELPER: helper },
        maxBuffer: 64 << 20,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
