/**
 * What changed in one mm's page tables since the previous statement: entries added, changed (a leaf
 * run that grew, shrank, moved frames or permissions; a table entry pointing elsewhere) and removed,
 * and tables added or freed. Keys are page-path.ts's, so that marking a change only sets a class.
 */
import type { TableSnapshot } from '../../language/src/engine/index.js';
import { entryKey, tableKey } from './page-path.js';

export type Change = 'added' | 'changed';

export interface TreeChanges {
    entries: Map<string, Change>;
    /** Tables that did not exist before. */
    tables: Set<string>;
    /** Per table key: the entries gone from it, as text. */
    removed: Map<string, string[]>;
    removedTables: number;
    counts: { added: number; changed: number; removed: number };
}

/** Every entry of every table: key → what the entry says (equal text: unchanged). */
function entriesOf(root: TableSnapshot | null): { entries: Map<string, string>; tables: Set<string> } {
    const entries = new Map<string, string>(),
        tables = new Set<string>();
    const visit = (t: TableSnapshot, key: string) => {
        tables.add(key);
        for (const c of t.children) {
            entries.set(entryKey(key, c.index), `[${c.index}] → ${c.table.level} @ ${c.table.start}`);
            visit(c.table, tableKey(key, c.index));
        }
        for (const l of t.leaves) {
            const span = l.count > 1 ? `[${l.index}..${l.index + l.count - 1}]` : `[${l.index}]`;
            entries.set(entryKey(key, l.index), `${span} ${l.start} ${l.kind} frame ${l.frame} ${l.perms}`);
        }
    };
    if (root) visit(root, tableKey(undefined, undefined));
    return { entries, tables };
}

export function treeChanges(previous: TableSnapshot | null, current: TableSnapshot | null): TreeChanges {
    const before = entriesOf(previous),
        after = entriesOf(current);
    const changes: TreeChanges = {
        entries: new Map(),
        tables: new Set(),
        removed: new Map(),
        removedTables: 0,
        counts: { added: 0, changed: 0, removed: 0 },
    };
    for (const [key, text] of after.entries) {
        const old = before.entries.get(key);
        if (old === text) continue;
        changes.entries.set(key, old === undefined ? 'added' : 'changed');
        changes.counts[old === undefined ? 'added' : 'changed']++;
    }
    for (const [key, text] of before.entries) {
        if (after.entries.has(key)) continue;
        const table = key.slice(0, key.indexOf('#'));
        if (!after.tables.has(table)) continue; // counted with its table
        changes.removed.set(table, [...(changes.removed.get(table) ?? []), text]);
        changes.counts.removed++;
    }
    for (const key of after.tables) if (!before.tables.has(key)) changes.tables.add(key);
    for (const key of before.tables) if (!after.tables.has(key)) changes.removedTables++;
    return changes;
}

export function describeChanges(c: TreeChanges): string {
    const { added, changed, removed } = c.counts;
    const tables = [
        c.tables.size > 0 ? `${c.tables.size} table(s) new` : '',
        c.removedTables > 0 ? `${c.removedTables} table(s) freed` : '',
    ].filter(Boolean);
    if (added + changed + removed + c.tables.size + c.removedTables === 0) return 'no change';
    return [`${added} entries added`, `${changed} changed`, `${removed} removed`, ...tables].join(', ');
}
