/**
 * Hover on an operation: the state right after it (engine snapshot) for the selected variant: what it
 * changed, the walk of the first and last page it touched, and the TLB entries each CPU holds for its mm.
 */
import type * as ast from '../../../language/src/generated/ast.js';
import { FIGURE_NAMES } from '../../../language/src/engine/figures.js';
import { PAGE_SIZE } from '../../../language/src/engine/arch.js';
import type { RunStore, StoredRun } from '../run/run-store.js';
import { BASE_VARIANT } from '../protocol/index.js';
import { figuresLine } from '../figure-labels.js';
import { mmsOf, touchedRange } from './scenario-context.js';
import { tlbMarkdown, walkMarkdown } from './page-table-path.js';

const PAGE = BigInt(PAGE_SIZE);

function title(s: ast.Statement, variant: string): string {
    const text = (s.$cstNode?.text ?? s.$type).split('=>')[0].replace(/\s+/g, ' ').trim();
    const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
    return `\`${shown}\`${variant === BASE_VARIANT ? '' : ` · variant ${variant}`}`;
}

export function statementHover(
    s: ast.Statement,
    id: number,
    entry: StoredRun | undefined,
    store: RunStore,
    variant: string,
): string {
    if (!entry) return `${title(s, variant)}\n\n_not run yet: the figures appear once the scenario ran without errors_`;
    const found = store.statement(entry, id, variant);
    if (!found) return `${title(s, variant)}\n\n_did not execute in the last run_`;
    const { statement, result } = found;
    const figures = figuresLine(statement.figures, FIGURE_NAMES, Object.keys(result.perNotifier));
    const times = statement.executions > 1 ? ` (${statement.executions.toLocaleString('en-US')} executions)` : '';
    const parts = [title(s, variant), `${figures || 'no figure changed'}${times}`];
    const snapshot = store.snapshot(entry, id, variant);
    const mmName = mmsOf(s, entry, store, variant)[0];
    const mm = snapshot?.mms.find(m => m.name === mmName);
    const touched = touchedRange(s, entry, store, variant);
    if (mm && touched) {
        const arch = result.arch;
        parts.push(walkMarkdown(mm, touched.start, arch));
        const last = touched.start + ((touched.size - 1n) / PAGE) * PAGE;
        if (last !== touched.start) parts.push(walkMarkdown(mm, last, arch));
    }
    if (snapshot && mmName) parts.push(`**TLB for ${mmName}**\n\n${tlbMarkdown(snapshot.cpus, mmName)}`);
    else if (!snapshot) parts.push('_no snapshot kept for this statement_');
    return parts.join('\n\n');
}
