/**
 * Run findings (failed expectations, stale translations, engine errors, budget stops) as LSP
 * diagnostics on the statement that caused them, one per distinct finding across variants.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { ScenarioRuns } from '../../../language/src/execution/run-scenario-file.js';
import type { SourceLoc } from '../../../language/src/engine/scenario.js';
import { describeMerged, mergeVariants, runFindings } from '../../../language/src/report/run-findings.js';

export const RUN_SOURCE = 'mscn run';

/** 1-based SourceLoc → 0-based LSP range; a statement without a location lands on the first line. */
export function rangeOf(loc: SourceLoc) {
    const line = Math.max(0, loc.line - 1);
    const endLine = Math.max(line, loc.endLine - 1);
    return {
        start: { line, character: Math.max(0, loc.column - 1) },
        end: { line: endLine, character: Math.max(0, loc.endColumn - 1) },
    };
}

export function runDiagnostics(runs: readonly ScenarioRuns[]): Diagnostic[] {
    return runs.flatMap(r => {
        const variants = r.results.map(x => x.variant);
        return mergeVariants(runFindings(r.results), variants).map(f => ({
            range: rangeOf(f.loc),
            severity: f.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
            source: RUN_SOURCE,
            message: `${r.run}: ${describeMerged(f, variants.length)}`,
            data: { statementId: f.statementId },
        }));
    });
}

/** The engine itself failed: said once, at the top of the file. */
export function failureDiagnostic(message: string): Diagnostic {
    return {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Warning,
        source: RUN_SOURCE,
        message: `the scenario could not be run: ${message}`,
    };
}
