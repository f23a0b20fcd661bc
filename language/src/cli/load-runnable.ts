/**
 * The one file a command runs (`mscn run`, `mscn probe`): loaded with its imports, refused with every
 * error as `file:line:col: error: message` when it or an import has one. Returns the file or an exit code.
 */
import { loadScenarioFiles, type LoadedFile } from './load-document.js';
import { diagnosticLines, formatLine } from './check-command.js';

export async function loadRunnableFile(command: string, path: string): Promise<LoadedFile | number> {
    const loaded = await loadScenarioFiles([path]);
    if (loaded.failures.length > 0) {
        process.stderr.write(`mscn ${command}: ${loaded.failures[0].message}\n`);
        return 1;
    }
    const problems = loaded.documents.flatMap(diagnosticLines).filter(l => l.severity === 'error');
    if (problems.length > 0) {
        for (const l of problems) process.stderr.write(`${formatLine(l)}\n`);
        process.stderr.write(`mscn ${command}: ${path} has errors; nothing was run\n`);
        return 1;
    }
    return loaded.files[0];
}
