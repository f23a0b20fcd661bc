/**
 * The messages between the extension host and the panels' webviews: one discriminated union each way,
 * shared by both sides. What comes back from a webview is validated before the host acts on it (a
 * webview is untrusted content: it renders names taken from the scenario).
 */
import type { Snapshot } from '../../../language/src/engine/index.js';
import type { VariantFigures } from '../../../language/src/report/comparison.js';
import type { Figures, TimeByKind } from '../../../language/src/engine/index.js';
import type { TimelineData } from './timeline-data.js';

/** A statement that has a snapshot: its id (pre-order position) and where it is in the file. */
export interface StatementInfo {
    id: number;
    line: number;
    executions: number;
}

/** One statement's figures in every variant of a run block (same order as `variants`). */
export interface StatementFigures {
    id: number;
    line: number;
    figures: Partial<Figures>[];
}

/** One run block of the comparison: its variants' figures, base first. */
export interface ComparisonRun {
    run: string;
    machine: string;
    split: string;
    variants: VariantFigures[];
    /** Each variant's estimatedTime by event kind (same order as `variants`). */
    timeByKind: TimeByKind[];
    /** One line per variant that stopped early (budget, cancel): its figures are partial. */
    stopped: string[];
    /** Per-statement figures of every variant, for the per-statement difference. */
    statements: StatementFigures[];
}

/** Which document and run block a panel shows: kept in the webview's state to restore it after a reload. */
export interface PanelSource {
    uri: string;
    run?: string;
}

export type ToWebview =
    /** `previous`: the snapshot of the statement before (for the changes since), null for the first. */
    | {
          type: 'pageTables';
          source: PanelSource;
          title: string;
          statements: StatementInfo[];
          statementId: number;
          snapshot: Snapshot | null;
          previous: Snapshot | null;
      }
    | { type: 'snapshot'; statementId: number; snapshot: Snapshot | null; previous: Snapshot | null }
    | { type: 'comparison'; source: PanelSource; title: string; runs: ComparisonRun[] }
    | { type: 'timeline'; source: PanelSource; data: TimelineData }
    /** The text has errors or nothing ran: the panel says so instead of showing old figures. */
    | { type: 'unavailable'; reason: string };

export type ExportFormat = 'csv' | 'markdown';
export type ImageFormat = 'svg' | 'png';

export type FromWebview =
    | { type: 'ready' }
    | { type: 'reveal'; statementId: number }
    | { type: 'selectStatement'; statementId: number }
    | { type: 'export'; format: ExportFormat }
    /** A chart drawn in the webview, to save: SVG markup, or a PNG as a base64 `data:image/png` URL. */
    | { type: 'saveImage'; format: ImageFormat; data: string };

/** Bigger images than this are refused (a 64-variant chart as PNG is well under it). */
export const MAX_IMAGE_CHARS = 16 * 2 ** 20;
const PNG_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;

const isStatementId = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

function parseImage(m: Record<string, unknown>): FromWebview | undefined {
    if (typeof m.data !== 'string' || m.data.length > MAX_IMAGE_CHARS) return undefined;
    if (m.format === 'png' && PNG_URL.test(m.data)) return { type: 'saveImage', format: 'png', data: m.data };
    if (m.format === 'svg' && m.data.startsWith('<svg')) return { type: 'saveImage', format: 'svg', data: m.data };
    return undefined;
}

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
            return keys === 'statementId,type' && isStatementId(m.statementId)
                ? { type: m.type, statementId: m.statementId }
                : undefined;
        case 'export':
            return keys === 'format,type' && (m.format === 'csv' || m.format === 'markdown')
                ? { type: 'export', format: m.format }
                : undefined;
        case 'saveImage':
            return keys === 'data,format,type' ? parseImage(m) : undefined;
        default:
            return undefined;
    }
}

/** The source saved in a webview's state, if it is one (the state comes back from the webview: untrusted). */
export function parsePanelSource(state: unknown): PanelSource | undefined {
    if (typeof state !== 'object' || state === null) return undefined;
    const source = (state as { source?: unknown }).source;
    if (typeof source !== 'object' || source === null) return undefined;
    const { uri, run } = source as Record<string, unknown>;
    if (typeof uri !== 'string' || !/^(file|untitled):/.test(uri)) return undefined;
    if (run !== undefined && typeof run !== 'string') return undefined;
    return run === undefined ? { uri } : { uri, run };
}
