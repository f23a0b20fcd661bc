/**
 * `mscn run --json`: the stable report other tools consume, documented in docs/json-report.md.
 * Figure names are docs/model.md's. Bump SCHEMA when a field changes meaning or disappears; adding a
 * field is compatible.
 */
import type { ScenarioRuns } from '../execution/run-scenario-file.js';
import type { RunResult } from '../engine/index.js';
import { runFindings } from './run-findings.js';

export const SCHEMA = 'mscn-run/1';

export function buildJsonReport(file: string, runs: readonly ScenarioRuns[]) {
    return jsonReportOf(
        file,
        runs.map(r => ({ run: r.run, machine: r.machine, split: r.split, variants: r.results.map(variantReport) })),
    );
}

/** One variant's part of the report; `mscn sweep` writes it per point and `mscn merge` puts it back. */
export type VariantReport = ReturnType<typeof variantReport>;

/** The report from variant reports already built (`mscn merge`: from the lines of `mscn sweep`). */
export function jsonReportOf(
    file: string,
    runs: ReadonlyArray<{ run: string; machine: string; split: string; variants: VariantReport[] }>,
) {
    return {
        schema: SCHEMA,
        file,
        runs: runs.map(r => ({ run: r.run, machine: r.machine, split: r.split, variants: r.variants })),
    };
}

export function variantReport(result: RunResult) {
    return {
        variant: result.variant,
        totals: result.totals,
        timeByKind: result.timeByKind,
        perNotifier: result.perNotifier,
        perCpu: result.perCpu,
        ptPages: result.ptPages,
        statements: result.statements.map(s => ({
            id: s.id,
            line: s.loc.line,
            column: s.loc.column,
            executions: s.executions,
            figures: s.figures,
        })),
        findings: runFindings([result]).map(f => ({
            severity: f.severity,
            line: f.loc.line,
            column: f.loc.column,
            statementId: f.statementId,
            message: f.message,
        })),
        staleTranslations: result.staleTranslations.length,
        eventCount: result.eventCount,
        stopped: result.stopped ?? null,
        endedByError: result.endedByError ?? null,
    };
}
