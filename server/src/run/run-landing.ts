/**
 * Where a finished run lands: the RunStore (hints, hovers, lenses, `mscn/*` requests read it) and the
 * document's diagnostics (validation's, then the run's findings), and the `finished` event. Only the
 * run of the text still open lands: a run of a closed or edited document publishes nothing.
 */
import type { LangiumDocument } from 'langium';
import type { Connection, Diagnostic } from 'vscode-languageserver';
import { applyCostOverrides } from '../../../language/src/execution/run-job.js';
import type { MscnEditorServices } from '../mscn-editor-module.js';
import type { RunDone } from './messages.js';
import { failureDiagnostic, runDiagnostics } from './run-diagnostics.js';
import type { StoredRun } from './run-store.js';
import type { RunFinished } from './run-scheduler.js';
import type { WorkerJob } from './worker-host.js';

export class RunLanding {
    /** The run diagnostics last published per document, with the version they are of (pull diagnostics). */
    private readonly published = new Map<string, { version: number; diagnostics: Diagnostic[] }>();

    constructor(
        private readonly services: MscnEditorServices,
        private readonly connection: Connection | undefined,
        private readonly finished: (finished: RunFinished) => void,
    ) {}

    /** Whether a run of `version` of `document` may still be shown: the document is open at that version. */
    current(document: LangiumDocument, version: number): boolean {
        return (
            this.services.shared.workspace.TextDocuments?.get(document.uri.toString()) !== undefined &&
            document.textDocument.version === version
        );
    }

    /** The run could not start or the engine failed: one warning at the top of the file. */
    failed(document: LangiumDocument, version: number, message: string): void {
        this.publish(document, [failureDiagnostic(message)]);
        this.finished({ uri: document.uri.toString(), version, outcome: 'failed', millis: 0, diagnostics: 1 });
    }

    /** Stores the run and publishes its findings and `notes` (sweeps run in part); returns what was stored. */
    done(
        document: LangiumDocument,
        { version, build }: { version: number; build: number },
        outcome: RunDone,
        job: WorkerJob,
        notes: Diagnostic[] = [],
    ): StoredRun {
        const uri = document.uri.toString();
        const lazy = {
            fsPath: job.fsPath,
            configs: applyCostOverrides(job.configs, outcome.costs),
            statementIds: job.snapshotAfter,
        };
        const stored: StoredRun = { uri, version, build, runs: outcome.runs, millis: outcome.millis, lazy };
        this.services.editor.RunStore.set(stored);
        const diagnostics = [...runDiagnostics(outcome.runs), ...notes];
        this.publish(document, diagnostics);
        this.finished({ uri, version, outcome: 'done', millis: outcome.millis, diagnostics: diagnostics.length });
        return stored;
    }

    forget(uri: string): void {
        this.published.delete(uri);
    }

    /** What the last run of `version` published (findings, or the failure warning); undefined if none yet. */
    publishedFor(uri: string, version: number): Diagnostic[] | undefined {
        const last = this.published.get(uri);
        return last && last.version === version ? last.diagnostics : undefined;
    }

    private publish(document: LangiumDocument, runDiagnostics: Diagnostic[]): void {
        this.published.set(document.uri.toString(), {
            version: document.textDocument.version,
            diagnostics: runDiagnostics,
        });
        void this.connection?.sendDiagnostics({
            uri: document.uri.toString(),
            version: document.textDocument.version,
            diagnostics: [...(document.diagnostics ?? []), ...runDiagnostics],
        });
    }
}
