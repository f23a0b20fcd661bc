/** Recorded runs of the examples, as the server would send them: results per run block, snapshots after each statement. */
import { join, resolve } from 'node:path';
import { loadScenarioFiles } from '../../language/src/cli/load-document.js';
import { runScenarioFile, type ScenarioRuns } from '../../language/src/execution/run-scenario-file.js';

export const EXAMPLES = resolve(__dirname, '../../examples');

export async function runExample(name: string, snapshotAfter: number[] = []): Promise<ScenarioRuns[]> {
    const path = join(EXAMPLES, name);
    const loaded = await loadScenarioFiles([path]);
    const file = loaded.files[0];
    const runs = runScenarioFile(file.document.parseResult.value, file.imports, path, { snapshotAfter: new Set(snapshotAfter) });
    if (typeof runs === 'string') throw new Error(runs);
    return runs;
}
