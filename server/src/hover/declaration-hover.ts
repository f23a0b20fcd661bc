/**
 * Hover on a task, mm, notifier or VAS (its declaration or any reference to it): its state at the end
 * of the last run that knows it, for the selected variant: mappings, page-table pages by level,
 * cpumask and, for a notifier, its callouts so far.
 */
import * as ast from '../../../language/src/generated/ast.js';
import type { AstNode } from 'langium';
import type { MmSnapshot, RunResult, Snapshot } from '../../../language/src/engine/index.js';
import { NOTIFIER_FIGURES, FIGURE_NAMES } from '../../../language/src/engine/figures.js';
import type { RunStore, StoredRun } from '../run/run-store.js';
import { BASE_VARIANT } from '../protocol/index.js';
import { figuresLine } from '../figure-labels.js';
import { tablesByLevel } from './page-table-path.js';
import { own } from '../../../language/src/own.js';
import { mmsOf } from './scenario-context.js';

/** The latest snapshot (highest statement id) of any run holding an mm called `name`. */
function latest(
    entry: StoredRun,
    store: RunStore,
    variant: string,
    name: string,
): { result: RunResult; snapshot: Snapshot; mm: MmSnapshot } | undefined {
    let best: { result: RunResult; snapshot: Snapshot; mm: MmSnapshot } | undefined;
    for (const result of store.resultsFor(entry, variant)) {
        for (const id of store.snapshotStatements(entry, result)) {
            const snapshot = store.snapshot(entry, id, variant);
            const mm = snapshot?.mms.find(m => m.name === name);
            if (snapshot && mm && (!best || snapshot.statementId > best.snapshot.statementId))
                best = { result, snapshot, mm };
        }
    }
    return best;
}

function mmMarkdown(mm: MmSnapshot): string {
    const levels =
        Object.entries(tablesByLevel(mm))
            .map(([level, n]) => `${level} ${n}`)
            .join(' · ') || 'none';
    const rows = mm.vmas
        .slice(0, 12)
        .map(
            v =>
                `| ${v.start} | ${v.end} | ${v.prot}${v.shared ? ' shared' : ''} | ${v.backing} | ` +
                `${v.pageSize >> 10} KiB |`,
        );
    const more = mm.vmas.length > 12 ? [`| … ${mm.vmas.length - 12} more | | | | |`] : [];
    return [
        `cpumask: ${mm.cpumask.length > 0 ? mm.cpumask.join(', ') : 'empty'} · page-table pages: ${levels}`,
        '',
        mm.vmas.length === 0
            ? 'no mappings'
            : ['| start | end | prot | backing | page |', '|---|---|---|---|---:|', ...rows, ...more].join('\n'),
    ].join('\n');
}

const KIND: Record<string, string> = {
    Process: 'process',
    ForkOp: 'forked child',
    Vas: 'VAS',
    KernelThread: 'kernel thread',
    Notifier: 'notifier',
};

/** The snapshots `declarationHover` reads first: after the last statement of each run (maybe taken on demand). */
export async function loadDeclarationSnapshots(entry: StoredRun, store: RunStore, variant: string): Promise<void> {
    for (const result of store.resultsFor(entry, variant)) {
        const ids = store.snapshotStatements(entry, result);
        if (ids.length > 0) await store.load(entry, Math.max(...ids), variant);
    }
}

export function declarationHover(
    node: AstNode,
    entry: StoredRun | undefined,
    store: RunStore,
    variant: string,
): string | undefined {
    const kind = KIND[node.$type];
    if (!kind) return undefined;
    const name = (node as { name?: string }).name ?? '';
    const head = `**${name}** (${kind})${variant === BASE_VARIANT ? '' : ` · variant ${variant}`}`;
    if (ast.isKernelThread(node)) return `${head}\n\nno mm of its own: it borrows the previous task's (lazy TLB)`;
    if (!entry) return `${head}\n\n_not run yet_`;
    if (ast.isNotifier(node)) {
        const result = store.resultsFor(entry, variant).find(r => own(r.perNotifier, name));
        const notifierFigures = FIGURE_NAMES.filter(f => NOTIFIER_FIGURES.has(f));
        const figures = result ? figuresLine(own(result.perNotifier, name)!, notifierFigures, [name]) : '';
        return (
            `${head} on \`${node.mm?.$refText ?? ''}\`\n\ncallouts so ` +
            `far${result ? ` (run ${result.run})` : ''}: ${figures || 'none'}`
        );
    }
    // a fork run more than once made several children (`worker`, `worker#2`): the run result names them
    const children = ast.isForkOp(node) ? mmsOf(node, entry, store, variant) : [];
    if (children.length > 1)
        return children
            .map(child =>
                mmSection(
                    child === name ? head : head.replace(`**${name}**`, `**${child}**`),
                    child,
                    entry,
                    store,
                    variant,
                ),
            )
            .join('\n\n');
    return mmSection(head, name, entry, store, variant);
}

function mmSection(head: string, name: string, entry: StoredRun, store: RunStore, variant: string): string {
    const found = latest(entry, store, variant, name);
    if (!found) return `${head}\n\n_no snapshot holds it_`;
    const where = `after line ${statementLine(found.result, found.snapshot.statementId)} of run ${found.result.run}`;
    return `${head} · ${where}\n\n${mmMarkdown(found.mm)}`;
}

function statementLine(result: RunResult, id: number): number {
    return result.statements.find(s => s.id === id)?.loc.line ?? 0;
}
