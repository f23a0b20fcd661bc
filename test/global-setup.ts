/**
 * Bundles once before any test file runs: several test files spawn out/cli/mscn.cjs (and, with the
 * editor, out/server/main.cjs), and bundling from each file in parallel would race on out/.
 *
 * Every test's temporary files go below one folder that is removed when the run ends: TMPDIR is set
 * here, before vitest forks its workers, so `os.tmpdir()` in the tests and in the processes they
 * spawn points into it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export default function setup(): () => void {
    const root = resolve(__dirname, '..');
    const bundle = spawnSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, encoding: 'utf8' });
    if (bundle.status !== 0) throw new Error(`bundling failed:\n${bundle.stdout}${bundle.stderr}`);
    const scratch = mkdtempSync(join(tmpdir(), 'mscn-tests-'));
    process.env.TMPDIR = scratch;
    return () => rmSync(scratch, { recursive: true, force: true });
}
