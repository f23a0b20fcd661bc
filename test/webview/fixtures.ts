/**
 * Recorded runs of the examples, as the server would send them: results per run block, snapshots after each
 * statement.
 */
import { join, resolve } from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadScenarioFiles } from '../../language/src/cli/load-document.js';
import { runScenarioFile, type ScenarioRuns } from '../../language/src/execution/run-scenario-file.js';

export const EXAMPLES = resolve(__dirname, '../../examples');

export async function runExample(name: string, snapshotAfter: number[] = []): Promise<ScenarioRuns[]> {
    const path = join(EXAMPLES, name);
    const loaded = await loadScenarioFiles([path]);
    const file = loaded.files[0];
    const runs = runScenarioFile(file.document.parseResult.value, file.imports, path, {
        snapshotAfter: new Set(snapshotAfter),
    });
    if (typeof runs === 'string') throw new Error(runs);
    return runs;
}

/** One process writing every other 4 KiB page of 800 MiB: 102,400 present pages, each its own leaf run. */
export const SPARSE_100K = `machine big { cpus 2  ram 8 GiB }
process p { threads 1 }
run sparse on big {
    switch cpu 0 to p
    mmap p size 800 MiB rw as heap
    write p heap stride 8 KiB
}
`;

/** Runs scenario text as if it were a file of examples/ (written to a temporary directory). */
export async function runScenarioText(text: string, snapshotAfter: number[] = []): Promise<ScenarioRuns[]> {
    const dir = mkdtempSync(join(tmpdir(), 'mscn-webview-'));
    try {
        writeFileSync(join(dir, 'scenario.mscn'), text);
        const loaded = await loadScenarioFiles([join(dir, 'scenario.mscn')]);
        const file = loaded.files[0];
        const runs = runScenarioFile(file.document.parseResult.value, file.imports, join(dir, 'scenario.mscn'), {
            snapshotAfter: new Set(snapshotAfter),
        });
        if (typeof runs === 'string') throw new Error(runs);
        return runs;
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
