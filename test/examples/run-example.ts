/**
 * Runs the bundled `mscn` on the files in examples/ (or on a variant of one written to a scratch
 * directory next to a copy of machines.mscn), and reads `mscn run --json` as totals per run and variant.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'out/cli/mscn.cjs');
export const EXAMPLES = join(ROOT, 'examples');

export interface CliResult {
    status: number | null;
    stdout: string;
    stderr: string;
}

export function mscn(args: string[], cwd = ROOT): CliResult {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

type Totals = Record<string, number>;
interface JsonVariant {
    variant: string;
    totals: Totals;
    perNotifier: Record<string, Totals>;
}
interface JsonRun {
    run: string;
    variants: JsonVariant[];
}

/** `totals[run][variant]`, with per-notifier figures as `figure(notifier)`. */
export function runJson(
    file: string,
    cwd = ROOT,
): { status: number | null; totals: Record<string, Record<string, Totals>>; stderr: string } {
    const r = mscn(['run', file, '--json'], cwd);
    const out: Record<string, Record<string, Totals>> = {};
    const json = JSON.parse(r.stdout) as { runs: JsonRun[] };
    for (const run of json.runs) {
        out[run.run] = {};
        for (const v of run.variants) {
            const t: Totals = { ...v.totals };
            for (const [n, figs] of Object.entries(v.perNotifier ?? {}))
                for (const [f, x] of Object.entries(figs)) t[`${f}(${n})`] = x;
            out[run.run][v.variant] = t;
        }
    }
    return { status: r.status, totals: out, stderr: r.stderr };
}

/** The example's text with `edit` applied, written to a scratch directory beside machines.mscn. */
export function editedExample(name: string, edit: (text: string) => string): { dir: string; file: string } {
    const dir = mkdtempSync(join(tmpdir(), 'mscn-example-'));
    copyFileSync(join(EXAMPLES, 'machines.mscn'), join(dir, 'machines.mscn'));
    const text = readFileSync(join(EXAMPLES, name), 'utf8');
    const edited = edit(text);
    if (edited === text) throw new Error(`the edit changed nothing in ${name}`);
    writeFileSync(join(dir, name), edited);
    return { dir, file: name };
}
