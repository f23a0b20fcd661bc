/**
 * Bundles once before any test file runs: several test files spawn out/cli/mscn.cjs (and, with the
 * editor, out/server/main.cjs), and bundling from each file in parallel would race on out/.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function setup(): void {
    const root = resolve(__dirname, '..');
    const bundle = spawnSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, encoding: 'utf8' });
    if (bundle.status !== 0) throw new Error(`bundling failed:\n${bundle.stdout}${bundle.stderr}`);
}
