/**
 * The Memory Scenarios language server: Langium's LSP services with the editor's providers, a run
 * worker fed after every error-free build, and the `mscn/*` requests. `node out/server/main.cjs --stdio`
 * (or `--node-ipc`, as the VS Code extension starts it).
 */
import { join } from 'node:path';
import { startLanguageServer } from 'langium/lsp';
import { BoundedFileSystem } from './bounded-file-system.js';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { createMscnServices } from '../../language/src/mscn-module.js';
import { MscnEditorModule, MscnEditorSharedModule, type MscnEditorAddedServices } from './mscn-editor-module.js';
import { RunScheduler } from './run/run-scheduler.js';
import { WorkerHost } from './run/worker-host.js';
import { registerRequests } from './requests.js';
import { Notifications } from './protocol/index.js';
import { MscnCommandHandler } from './commands.js';
import { registerPullDiagnostics } from './pull-diagnostics.js';
import { loadImportsOutsideWorkspace } from './import-loader.js';
import { serverArgs } from './server-args.js';
import { untrustedWorkspace } from './settings.js';
import { honourCancellation } from './honour-cancellation.js';

const args = serverArgs(process.argv.slice(2));
if (!args.serve) {
    process[args.out].write(args.text);
    process.exit(args.code);
}
const connection = honourCancellation(createConnection(ProposedFeatures.all));
const { shared, Mscn } = createMscnServices<MscnEditorAddedServices>(
    { connection, ...BoundedFileSystem },
    MscnEditorModule,
    MscnEditorSharedModule,
);

let refreshSupport = { inlayHints: false, codeLens: false };
shared.lsp.LanguageServer.onInitialize(params => {
    const workspace = params.capabilities.workspace;
    refreshSupport = {
        inlayHints: workspace?.inlayHint?.refreshSupport === true,
        codeLens: workspace?.codeLens?.refreshSupport === true,
    };
    if (untrustedWorkspace(params.initializationOptions)) Mscn.editor.Settings.untrust();
});

/** Hints and lenses show the stored run: ask the client to fetch them again when it changes. */
function refresh(): void {
    if (refreshSupport.inlayHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
    if (refreshSupport.codeLens) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
}

const host = new WorkerHost(join(__dirname, 'run-worker.cjs'), message => connection.console.log(message));
// A second worker for the snapshots a run did not keep (run/snapshot-budget.ts): a hover never waits behind a run.
const snapshots = new WorkerHost(join(__dirname, 'run-worker.cjs'), message => connection.console.log(message));
Mscn.editor.RunStore.setSnapshotSource(async (fsPath, config, statementId) => {
    const outcome = await snapshots.snapshot({
        fsPath,
        config,
        statementId,
        budget: Mscn.editor.Settings.value.budget,
    });
    return outcome !== 'cancelled' && outcome.kind === 'snapshot' ? (outcome.snapshot ?? undefined) : undefined;
});
const scheduler = new RunScheduler(Mscn, host, connection, {
    started: run => void connection.sendNotification(Notifications.runStarted, run),
    finished: finished => {
        if (finished.outcome === 'done') {
            refresh();
            snapshots.warm();
        }
        void connection.sendNotification(Notifications.runFinished, finished);
    },
});
scheduler.attach();
Mscn.editor.Settings.onChange(refresh);
registerRequests(connection, Mscn, scheduler, refresh);
registerPullDiagnostics(connection, Mscn, scheduler);
(shared.lsp.ExecuteCommandHandler as MscnCommandHandler).bind(scheduler, Mscn.editor.RunStore);
loadImportsOutsideWorkspace(Mscn);
connection.onShutdown(() => {
    host.dispose();
    snapshots.dispose();
});
// A bug in a provider must cost one answer, never the server.
process.on('uncaughtException', error => connection.console.error(`uncaught: ${error.stack ?? error.message}`));
process.on('unhandledRejection', reason => connection.console.error(`unhandled rejection: ${String(reason)}`));

startLanguageServer(shared);
