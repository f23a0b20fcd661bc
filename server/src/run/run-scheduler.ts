/**
 * When scenarios run: after a build validated an open document without errors, debounced; one run at a
 * time, the document edited last first. A new edit (of the document or of a file it imports) or closing
 * the document stops its run in flight (DocumentBuilder.onUpdate fires before the rebuild; the worker is
 * signalled, terminated if it does not stop) and nothing of that run is published. The queue only: jobs
 * are built in document-job.ts, and land (store, diagnostics, `finished`) in run-landing.ts.
 */
import { DocumentState, URI, type LangiumDocument } from 'langium';
import type { Connection, Diagnostic } from 'vscode-languageserver';
import { isScenario, type Scenario } from '../../../language/src/generated/ast.js';
import type { MscnEditorServices } from '../mscn-editor-module.js';
import { hasErrors, sweepNotes, workerJobFor } from './document-job.js';
import { RunLanding } from './run-landing.js';
import type { StoredRun } from './run-store.js';
import type { WorkerHost } from './worker-host.js';
import { InputWatcher } from './input-watcher.js';
import { runInputs } from './run-inputs.js';

export interface RunFinished {
    uri: string;
    version: number;
    outcome: 'done' | 'failed' | 'skipped';
    millis: number;
    diagnostics: number;
}

/** What the server tells the client (mscn/runStarted, mscn/runFinished) and refreshes on. */
export interface RunEvents {
    started?: (run: { uri: string; version: number }) => void;
    finished?: (finished: RunFinished) => void;
}

export class RunScheduler {
    private readonly timers = new Map<string, NodeJS.Timeout>();
    private queue = new Set<string>();
    private current: { uri: string; version: number } | undefined;
    private readonly waiters = new Map<string, Array<(run: StoredRun | undefined) => void>>();
    private readonly landing: RunLanding;
    /** The files each document's run reads besides its text (cost overrides, traces): an edit of one reruns it. */
    private readonly inputs = new InputWatcher(uri => this.inputChanged(uri));

    constructor(
        private readonly services: MscnEditorServices,
        private readonly host: WorkerHost,
        connection: Connection | undefined,
        private readonly events: RunEvents = {},
    ) {
        this.landing = new RunLanding(services, connection, finished => this.events.finished?.(finished));
    }

    attach(): void {
        const workspace = this.services.shared.workspace;
        workspace.DocumentBuilder.onUpdate((changed, deleted) => this.reset([...changed, ...deleted]));
        workspace.TextDocuments?.onDidClose(({ document }) => this.close(document.uri));
        workspace.DocumentBuilder.onBuildPhase(DocumentState.Validated, documents =>
            documents.forEach(d => this.consider(d)),
        );
        this.services.editor.Settings.onChange(() => {
            this.services.editor.RunStore.forgetJobs();
            this.rerunAll();
        });
    }

    /**
     * An update: the changed and deleted files, and every document Langium relinks because of them (a file
     * importing a changed one; it fires once they are reset below Validated). Each loses its pending run,
     * its run in flight and its stored run (RunStore.reset): they are of a text, or an import, that is gone.
     */
    private reset(changed: URI[]): void {
        const uris = new Set(changed.map(uri => uri.toString()));
        for (const document of this.services.shared.workspace.LangiumDocuments.all)
            if (document.state < DocumentState.Validated) uris.add(document.uri.toString());
        for (const uri of uris) {
            this.services.editor.RunStore.reset(uri);
            this.cancel(uri);
        }
    }

    /** The run of the document's current text: the stored one, or one started now without the debounce. */
    async runNow(uri: string): Promise<StoredRun | undefined> {
        const workspace = this.services.shared.workspace;
        // An opened document enters LangiumDocuments only once the workspace is ready and its build began.
        await workspace.WorkspaceManager.ready;
        for (let i = 0; i < 100 && workspace.TextDocuments?.get(uri) && !this.openDocument(uri); i++)
            await new Promise(r => setTimeout(r, 10));
        if (!this.openDocument(uri)) return undefined;
        await this.services.shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, URI.parse(uri));
        const document = this.openDocument(uri);
        if (!document) return undefined;
        const stored = this.services.editor.RunStore.get(uri, document.textDocument.version);
        if (stored) return stored;
        if (document.state < DocumentState.Validated || hasErrors(document, this.services)) return undefined;
        const result = new Promise<StoredRun | undefined>(resolve => this.wait(uri, resolve));
        if (this.current?.uri !== uri) this.enqueue(uri, 0);
        return result;
    }

    private wait(uri: string, resolve: (run: StoredRun | undefined) => void): void {
        const list = this.waiters.get(uri) ?? [];
        list.push(resolve);
        this.waiters.set(uri, list);
    }

    private settle(uri: string, run: StoredRun | undefined): void {
        const list = this.waiters.get(uri) ?? [];
        this.waiters.delete(uri);
        list.forEach(resolve => resolve(run));
    }

    private openDocument(uri: string): LangiumDocument<Scenario> | undefined {
        if (!this.services.shared.workspace.TextDocuments?.get(uri)) return undefined;
        const document = this.services.shared.workspace.LangiumDocuments.getDocument(URI.parse(uri));
        return document && isScenario(document.parseResult.value) ? (document as LangiumDocument<Scenario>) : undefined;
    }

    private consider(document: LangiumDocument): void {
        const uri = document.uri.toString();
        if (!this.services.shared.workspace.TextDocuments?.get(uri)) return;
        if (hasErrors(document, this.services)) {
            this.cancel(uri);
            this.settle(uri, undefined);
            return;
        }
        this.enqueue(uri, this.services.editor.Settings.value.debounceMs);
    }

    private enqueue(uri: string, delay: number): void {
        clearTimeout(this.timers.get(uri));
        this.timers.set(
            uri,
            setTimeout(() => {
                this.timers.delete(uri);
                void this.services.editor.Settings.ready.then(() => {
                    this.queue.add(uri);
                    this.preemptFor(uri);
                    this.pump();
                });
            }, delay),
        );
    }

    /** The document was closed: its run stops, nothing of it is published, and whoever waits for it gets none. */
    close(uri: string): void {
        this.cancel(uri);
        this.inputs.forget(uri);
        this.services.editor.RunStore.delete(uri);
        this.landing.forget(uri);
        this.settle(uri, undefined);
    }

    /** The run diagnostics last published for `version` of `uri` (findings or the failure warning), if any. */
    publishedRunDiagnostics(uri: string, version: number): Diagnostic[] | undefined {
        return this.landing.publishedFor(uri, version);
    }

    /** An edit: forget the pending run of `uri` and stop it if it is running. */
    cancel(uri: string): void {
        clearTimeout(this.timers.get(uri));
        this.timers.delete(uri);
        this.queue.delete(uri);
        if (this.current?.uri === uri) {
            this.host.cancel();
            this.current = undefined;
            this.pump();
        }
    }

    /** A file the last run of `uri` read changed: the figures it gave are of a file that is gone, as after an edit. */
    private inputChanged(uri: string): void {
        const document = this.openDocument(uri);
        if (!document) return;
        this.services.editor.RunStore.reset(uri);
        this.cancel(uri);
        if (document.state >= DocumentState.Validated) this.consider(document);
    }

    /**
     * The document edited last gets the worker: a long run of another document is stopped and queued
     * again behind it, so that one heavy scenario never delays the figures of the one being typed.
     */
    private preemptFor(uri: string): void {
        const current = this.current;
        if (!current || current.uri === uri) return;
        this.host.cancel();
        this.current = undefined;
        this.queue.delete(uri);
        this.queue = new Set([uri, ...this.queue, current.uri]);
    }

    private rerunAll(): void {
        for (const document of this.services.shared.workspace.LangiumDocuments.all) {
            if (document.state >= DocumentState.Validated) this.consider(document);
        }
    }

    private pump(): void {
        if (this.current) return;
        const uri = this.queue.values().next().value;
        if (uri === undefined) return;
        this.queue.delete(uri);
        const document = this.openDocument(uri);
        if (!document || document.state < DocumentState.Validated || hasErrors(document, this.services)) {
            this.pump();
            return;
        }
        const version = document.textDocument.version;
        const store = this.services.editor.RunStore;
        const build = store.build(uri);
        // a hover may have built the job of this text already (RunStore.job)
        const job = store.job(uri, version, () => workerJobFor(document, this.services));
        const notes = sweepNotes(document, this.services.editor.Settings.value.sweepPoints);
        if (typeof job === 'string') {
            this.landing.failed(document, version, job);
            this.settle(uri, undefined);
            this.pump();
            return;
        }
        this.inputs.watch(uri, runInputs(job));
        const current = { uri, version };
        this.current = current;
        this.events.started?.(current);
        void this.host.run(job).then(outcome => {
            if (this.current === current) this.current = undefined;
            // cancelled: an edit, a close or a newer document took the worker; a stale text shows nothing
            if (outcome !== 'cancelled' && this.landing.current(document, version) && store.build(uri) === build) {
                if (outcome.kind === 'done')
                    this.settle(uri, this.landing.done(document, { version, build }, outcome, job, notes));
                else {
                    this.landing.failed(
                        document,
                        version,
                        outcome.kind === 'failed' ? outcome.message : 'the run worker answered a run with a snapshot',
                    );
                    this.settle(uri, undefined);
                }
            }
            this.pump();
        });
    }
}
