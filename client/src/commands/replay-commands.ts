/**
 * Replay Trace...: pick a Valgrind lackey trace and get a scenario next to it that replays it on one
 * CPU; the language server runs it like any other scenario (figures in hints, Run Scenario prints them).
 */
import * as vscode from 'vscode';
import { ClientCommands } from '../../../server/src/protocol/index.js';
import { replayScenario } from './replay-scenario.js';

export function registerReplayCommands(): vscode.Disposable[] {
    return [
        vscode.commands.registerCommand(ClientCommands.replayTrace, async () => {
            const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Replay', title: 'Lackey trace to replay' });
            const trace = picked?.[0];
            if (!trace) return;
            const name = trace.path.split('/').pop() ?? 'trace';
            const target = vscode.Uri.joinPath(trace, '..', `${name.replace(/\.[^.]*$/, '')}-replay.mscn`);
            await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(replayScenario(name)));
            await vscode.window.showTextDocument(target);
        }),
    ];
}
