/**
 * The scheduler's document → worker job: which open document may run (no error in it or its imports)
 * and the run job of its text (execution/run-job.ts) with the editor's settings. The cost-overrides
 * file is only named here: the worker reads it (run/cost-overrides.ts), never the main thread.
 */
import type { LangiumDocument } from 'langium';
import { importedDocuments } from '../../../language/src/mscn-scope.js';
import { isScenario, type Scenario } from '../../../language/src/generated/ast.js';
import { documentRunJob } from '../../../language/src/execution/run-job.js';
import type { MscnEditorServices } from '../mscn-editor-module.js';
import type { WorkerJob } from './worker-host.js';

/**
 * Statements that may have a snapshot (taken by the run within its budget, else on demand); beyond, hovers show
 * figures only.
 */
export const MAX_SNAPSHOTS = 400;

/** A parse, lexing or validation error in the document or a file it imports: nothing runs. */
export function hasErrors(document: LangiumDocument, services: MscnEditorServices): boolean {
    const documents = services.shared.workspace.LangiumDocuments;
    return [document, ...importedDocuments(document, documents)].some(
        d =>
            d.parseResult.lexerErrors.length > 0 ||
            d.parseResult.parserErrors.length > 0 ||
            (d.diagnostics ?? []).some(x => x.severity === 1),
    );
}

/** The worker job of the document's current text, or why it cannot run. */
export function workerJobFor(document: LangiumDocument<Scenario>, services: MscnEditorServices): WorkerJob | string {
    const imports = importedDocuments(document, services.shared.workspace.LangiumDocuments)
        .map(d => d.parseResult.value)
        .filter(isScenario);
    const settings = services.editor.Settings.value;
    try {
        const job = documentRunJob(document.parseResult.value, imports, document.uri.fsPath, {
            budget: settings.budget,
            timeout: settings.timeoutSeconds,
            snapshots: { operations: MAX_SNAPSHOTS },
        });
        return typeof job === 'string'
            ? job
            : { ...job, budget: settings.budget, costOverridesFile: settings.costOverridesFile };
    } catch (error) {
        return error instanceof Error ? error.message : String(error);
    }
}
