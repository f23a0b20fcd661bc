/**
 * The scheduler's document → worker job: which open document may run (no error in it or its imports)
 * and the run job of its text (execution/run-job.ts) with the editor's settings: at most
 * `mscn.run.sweepPoints` sweep points (a grid of each sweep, lowering/sweep-sample.ts; a keystroke must
 * not start a run of 10,000 points), with a note on each sweep that ran in part. The cost-overrides
 * file is only named here: the worker reads it (run/cost-overrides.ts), never the main thread.
 */
import { GrammarUtils, type LangiumDocument } from 'langium';
import { basename } from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { importedDocuments } from '../../../language/src/mscn-scope.js';
import { isScenario, type Scenario, type Sweep } from '../../../language/src/generated/ast.js';
import { documentRunJob } from '../../../language/src/execution/run-job.js';
import { sweepsOf } from '../../../language/src/lowering/scenario.js';
import { sampleSweeps, type SweepSample } from '../../../language/src/lowering/sweep-sample.js';
import { RUN_SOURCE } from './run-diagnostics.js';
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
            sweepPoints: settings.sweepPoints,
        });
        return typeof job === 'string'
            ? job
            : { ...job, budget: settings.budget, costOverridesFile: settings.costOverridesFile };
    } catch (error) {
        return error instanceof Error ? error.message : String(error);
    }
}

/**
 * One information note per sweep of which the editor's run (`budget` sweep points in all) leaves points out,
 * on its header: how many ran, what of each parameter, and the command that runs them all.
 */
export function sweepNotes(document: LangiumDocument<Scenario>, budget: number): Diagnostic[] {
    const file = basename(document.uri.fsPath);
    return sampleSweeps(sweepsOf(document.parseResult.value), budget)
        .filter(s => s.kept < s.points)
        .map(s => ({
            range: headerRange(s.sweep),
            severity: DiagnosticSeverity.Information,
            source: RUN_SOURCE,
            message: sweepNoteText(s, file, budget),
        }));
}

const count = (n: number) => n.toLocaleString('en-US');

export function sweepNoteText(s: SweepSample, file: string, budget: number): string {
    const name = s.sweep.name ? `sweep ${s.sweep.name}` : 'this sweep';
    const params = s.params.map(p => `${p.label} ${p.kept.length} of ${count(p.values)}`).join(', ');
    const which =
        s.kept > 0
            ? `a grid over every parameter's range: ${params} (mscn.run.sweepPoints = ${count(budget)})`
            : budget > 0
              ? `the sweeps above take all of mscn.run.sweepPoints (${count(budget)})`
              : 'mscn.run.sweepPoints is 0';
    return (
        `${count(s.kept)} of ${count(s.points)} points of ${name} run in the editor, ${which}; ` +
        `run \`mscn sweep ${file}\` for all`
    );
}

function headerRange(sweep: Sweep): Diagnostic['range'] {
    const start = GrammarUtils.findNodeForKeyword(sweep.$cstNode, 'sweep') ?? sweep.$cstNode;
    const end = GrammarUtils.findNodeForProperty(sweep.$cstNode, 'name') ?? start;
    const zero = { line: 0, character: 0 };
    return { start: start?.range.start ?? zero, end: end?.range.end ?? zero };
}
