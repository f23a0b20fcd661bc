/**
 * The messages between the extension host and the panels' webviews: one discriminated union each way,
 * shared by both sides. What comes back from a webview is validated before the host acts on it (a
 * webview is untrusted content: it renders names taken from the scenario).
 */
import type { Snapshot } from '../../../language/src/engine/index.js';
import type { VariantFigures } from '../../../language/src/report/comparison.js';

/** A statement that has a snapshot: its id (pre-order position) and where it is in the file. */
export interface StatementInfo {
    id: number;
    line: number;
    executions: number;
}

/** One run block of the comparison: its variants' figures, base first. */
export interface ComparisonRun {
    run: string;
    machine: string;
    split: string;
    variants: VariantFigures[];
    /** One line per variant that stopped early (budget, cancel): its figures are partial. */
    stopped: string[];
}

export type ToWebview =
    | { type: 'pageTables'; title: string; statements: StatementInfo[]; statementId: number; snapshot: Snapshot | null }
    | { type: 'snapshot'; statementId: number; snapshot: Snapshot | null }
    | { type: 'comparison'; title: string; runs: ComparisonRun[] }
    /** The text has errors or nothing ran: the panel says so instead of showing old figures. */
    | { type: 'unavailable'; reason: string };

export type ExportFormat = 'csv' | 'markdown';

export type FromWebview =
    | { type: 'ready' }
    | { type: 'reveal'; statementId: number }
    | { type: 'selectStatement'; statementId: number }
    | { type: 'export'; format: ExportFormat };

const isStatementId = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

/** The message if it is one of FromWebview exactly (no extra fields), else undefined. */
export function parseFromWebview(message: unknown): FromWebview | undefined {
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return undefined;
    const m = message as Record<string, unknown>;
    const keys = Object.keys(m).sort().join(',');
    switch (m.type) {
        case 'ready':
            return keys === 'type' ? { type: 'ready' } : undefined;
        case 'reveal':
        case 'selectStatement':
            return keys === 'statementId,type' && isStatementId(m.statementId) ? { type: m.type, statementId: m.statementId } : undefined;
        case 'export':
            return keys === 'format,type' && (m.format === 'csv' || m.format === 'markdown') ? { type: 'export', format: m.format } : undefined;
        default:
            return undefined;
    }
}
