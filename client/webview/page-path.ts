/**
 * Which tables and entries a walk of one address goes through, from the snapshot alone. Every node
 * has a key (`t/256/3` for the table reached through index 256 then 3, `t/256/3#5` for its entry 5)
 * shared with the DOM, so that highlighting a path only toggles classes.
 */
import type { TableSnapshot } from '../../language/src/engine/index.js';

export interface WalkPath {
    tables: string[];
    entries: string[];
    /** The walk ended on a populated leaf (a translation exists for the address). */
    mapped: boolean;
}

export const tableKey = (parent: string | undefined, index: number | undefined): string => (parent === undefined ? 't' : `${parent}/${index}`);
export const entryKey = (table: string, index: number): string => `${table}#${index}`;

/** Bytes one entry of each level covers, inferred from leaves and from children at index > 0. */
export function entrySpans(root: TableSnapshot): Map<string, bigint> {
    const spans = new Map<string, bigint>();
    const visit = (t: TableSnapshot) => {
        for (const leaf of t.leaves) spans.set(t.level, BigInt(leaf.size));
        for (const c of t.children) {
            if (c.index > 0) spans.set(t.level, (BigInt(c.table.start) - BigInt(t.start)) / BigInt(c.index));
            visit(c.table);
        }
    };
    visit(root);
    return spans;
}

export function parseAddress(text: string): bigint | undefined {
    const t = text.trim().replace(/_/g, '');
    if (!/^(0x[0-9a-f]+|[0-9]+)$/i.test(t)) return undefined;
    return BigInt(t);
}

export function walkPath(root: TableSnapshot, address: bigint, spans = entrySpans(root)): WalkPath {
    const path: WalkPath = { tables: [], entries: [], mapped: false };
    let table: TableSnapshot | undefined = root;
    let key = tableKey(undefined, undefined);
    while (table) {
        path.tables.push(key);
        const t: TableSnapshot = table;
        const leaf = t.leaves.find(r => BigInt(r.start) <= address && address < BigInt(r.start) + BigInt(r.count) * BigInt(r.size));
        if (leaf) {
            path.entries.push(entryKey(key, leaf.index));
            path.mapped = true;
            return path;
        }
        const span = spans.get(t.level);
        const child = t.children.filter(c => BigInt(c.table.start) <= address).pop();
        if (!child || (span !== undefined && address >= BigInt(child.table.start) + span)) return path;
        path.entries.push(entryKey(key, child.index));
        key = tableKey(key, child.index);
        table = child.table;
    }
    return path;
}
