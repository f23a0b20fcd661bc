/**
 * When scenarios run: after a build validated an open document without errors, debounced; a new edit
 * cancels the run in flight (DocumentBuilder.onUpdate fires before the rebuild). Results go into the
 * RunStore and, as diagnostics, next to the validation's; clients are asked to refresh hints and lenses.
 */
import { DocumentState, URI, type LangiumDocument } from 'langium';
import type { Connection, Diagnostic } from 'vscode-languageserver';
import { lowerScenario } from '../../../language/src/lowering/scenario.js';
import { statementsInOrder } from '../../../language/src/lowering/statements.js';
import { importedDocuments } from '../../../language/src/mscn-scope.js';
import { isScenario, type Scenario } from '../../../language/src/generated/ast.js';
import type { MscnEditorServices } from '../mscn-editor-module.js';
import { applyCostOverrides, readCostOverrides } from './cost-overrides.js';
import { failureDiagnostic, runDiagnostics } from './run-diagnostics.js';
import type { StoredRun } from './run-store.js';
import type { WorkerHost, WorkerJob } from './worker-host.js';

/**
 * Statements that may have a snapshot (taken by the run within its budget, else on demand); beyond, hovers show
 * figures only.
 */
export const MAX_SNAPSHOTS = 400;

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

    constructor(
        private readonly services: MscnEditorServices,
        private readonly host: WorkerHost,
        private readonly connection: Connection | undefined,
        private readonly events: RunEvents = {},
    ) {}

    private onFinished(finished: RunFinished): void {
        this.events.finished?.(finished);
    }

    attach(): void {
        const builder = this.services.shared.workspace.DocumentBuilder;
        builder.onUpdate(changed => changed.forEach(uri => this.cancel(uri.toString())));
        builder.onBuildPhase(DocumentState.Validated, documents => documents.forEach(d => this.consider(d)));
        this.services.editor.Settings.onChange(() => this.rerunAll());
    }

    /** The run of the document's current text: the stored one, or one started now without the debounce. */
    async runNow(uri: string): Promise<StoredRun | undefined> {
        if (!this.openDocument(uri)) return undefined;
        await this.services.shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, URI.parse(uri));
        const document = this.openDocument(uri);
        if (!document) return undefined;
        const stored = this.services.editor.RunStore.get(uri, document.textDocument.version);
        if (stored) return stored;
        if (document.state < DocumentState.Validated || this.hasErrors(document)) return undefined;
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

    private hasErrors(document: LangiumDocument): boolean {
        const documents = this.services.shared.workspace.LangiumDocuments;
        return [document, ...importedDocuments(document, documents)]
            .some(d => d.parseResult.lexerErrors.length > 0 || d.parseResult.parserErrors.length > 0
                || (d.diagnostics ?? []).some(x => x.severity === 1));
    }

    private consider(document: LangiumDocument): void {
        const uri = document.uri.toString();
        if (!this.services.shared.workspace.TextDocuments?.get(uri)) return;
        if (this.hasErrors(document)) {
            this.cancel(uri);
            this.settle(uri, undefined);
            return;
        }
        this.enqueue(uri, this.services.editor.Settings.value.debounceMs);
    }

    private enqueue(uri: string, delay: number): void {
        clearTimeout(this.timers.get(uri));
        this.timers.set(uri, setTimeout(() => {
            this.timers.delete(uri);
            void this.services.editor.Settings.ready.then(() => {
                this.queue.add(uri);
                this.preemptFor(uri);
                this.pump();
            });
        }, delay));
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
        if (!document || document.state < DocumentState.Validated || this.hasErrors(document)) {
            this.pump();
            return;
        }
        const version = document.textDocument.version;
        const job = this.jobFor(document);
        if (typeof job === 'string') {
            this.publish(document, [failureDiagnostic(job)]);
            this.onFinished({ uri, version, outcome: 'failed', millis: 0, diagnostics: 1 });
            this.pump();
            return;
        }
        this.current = { uri, version };
        this.events.started?.({ uri, version });
        void this.host.run(job).then(outcome => {
            if (this.current?.uri === uri && this.current.version === version) this.current = undefined;
            if (outcome !== 'cancelled') this.land(document, version, outcome, job);
            this.pump();
        });
    }

    private jobFor(document: LangiumDocument<Scenario>): WorkerJob | string {
        const root = document.parseResult.value;
        const documents = this.services.shared.workspace.LangiumDocuments;
        const imports = importedDocuments(document, documents).map(d => d.parseResult.value).filter(isScenario);
        const settings = this.services.editor.Settings.value;
        const overrides = readCostOverrides(settings.costOverridesFile, document.uri.fsPath);
        if (typeof overrides === 'string') return overrides;
        try {
            const configs = applyCostOverrides(lowerScenario(root, imports), overrides);
            const ids = statementsInOrder(root).flatMap((s, i) => (s.$type === 'Repeat' || s.$type === 'Expect' ? [] : [i]));
            return { fsPath: document.uri.fsPath, configs, budget: settings.budget, snapshotAfter: ids.slice(0, MAX_SNAPSHOTS) };
        } catch (error) {
            return error instanceof Error ? error.message : String(error);
        }
    }

    private land(document: LangiumDocument<Scenario>, version: number, outcome: Exclude<Awaited<ReturnType<WorkerHost['run']>>, 'cancelled'>, job: WorkerJob): void {
        const uri = document.uri.toString();
        if (document.textDocument.version !== version) return; // edited meanwhile: a new run is on its way
        if (outcome.kind !== 'done') {
            const message = outcome.kind === 'failed' ? outcome.message : 'the run worker answered a run with a snapshot';
            this.publish(document, [failureDiagnostic(message)]);
            this.onFinished({ uri, version, outcome: 'failed', millis: 0, diagnostics: 1 });
            this.settle(uri, undefined);
            return;
        }
        const lazy = { fsPath: job.fsPath, configs: job.configs, statementIds: job.snapshotAfter };
        const stored: StoredRun = { uri, version, runs: outcome.runs, millis: outcome.millis, lazy };
        this.services.editor.RunStore.set(stored);
        const diagnostics = runDiagnostics(outcome.runs);
        this.publish(document, diagnostics);
        this.onFinished({ uri, version, outcome: 'done', millis: outcome.millis, diagnostics: diagnostics.length });
        this.settle(uri, stored);
    }

    private publish(document: LangiumDocument, runDiagnostics: Diagnostic[]): void {
        void this.connection?.sendDiagnostics({
            uri: document.uri.toString(), version: document.textDocument.version,
            diagnostics: [...(document.diagnostics ?? []), ...runDiagnostics],
        });
    }
}
