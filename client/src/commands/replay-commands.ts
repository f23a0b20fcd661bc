/**
 * Replay Trace...: pick a Valgrind lackey trace and get a scenario next to it that replays it on one
 * CPU; the language server runs it like any other scenario (figures in hints, Run Scenario prints them).
 * A scenario of that name already there is overwritten only after a modal Overwrite / Cancel question:
 * the user may have edited it (machine, expectations), and a fresh name per replay would litter the folder.
 */
import * as vscode from 'vscode';
import { ClientCommands } from '../../../server/src/protocol/index.js';
import { writeReplayScenario } from './replay-scenario.js';

const OVERWRITE = 'Overwrite';

export function registerReplayCommands(): vscode.Disposable[] {
    return [
        vscode.commands.registerCommand(ClientCommands.replayTrace, async () => {
            const picked = await vscode.window.showOpenDialog({
                canSelectMany: false,
                openLabel: 'Replay',
                title: 'Lackey trace to replay',
            });
            const trace = picked?.[0];
            if (!trace) return;
            const name = trace.path.split('/').pop() ?? 'trace';
            const beside = (file: string) => vscode.Uri.joinPath(trace, '..', file);
            const written = await writeReplayScenario(name, {
                exists: file =>
                    Promise.resolve(vscode.workspace.fs.stat(beside(file))).then(
                        () => true,
                        () => false,
                    ),
                write: (file, text) =>
                    Promise.resolve(vscode.workspace.fs.writeFile(beside(file), new TextEncoder().encode(text))),
                confirmOverwrite: async file =>
                    (await vscode.window.showWarningMessage(
                        `${file} already exists beside the trace. Overwrite it?`,
                        { modal: true, detail: 'Cancel keeps the existing scenario.' },
                        OVERWRITE,
                    )) === OVERWRITE,
            });
            if (written) await vscode.window.showTextDocument(beside(written));
        }),
    ];
}
