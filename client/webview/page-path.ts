/**
 * Which tables and entries a walk of one address goes through, from the snapshot alone (the engine's
 * snapshot walk, shared with the hover). Every node has a key (`t/256/3` for the table reached through
 * index 256 then 3, `t/256/3#5` for its entry 5; a leaf run by its first entry) shared with the DOM, so
 * that highlighting a path only toggles classes.
 */
import type { Arch } from '../../language/src/engine/scenario.js';
import type { TableSnapshot } from '../../language/src/engine/index.js';
import { walkSnapshotTables } from '../../language/src/engine/snapshot-walk.js';

export interface WalkPath {
    tables: string[];
    entries: string[];
    /** The walk ended on a populated leaf (a translation exists for the address). */
    mapped: boolean;
}

export const tableKey = (parent: string | undefined, index: number | undefined): string =>
    parent === undefined ? 't' : `${parent}/${index}`;
export const entryKey = (table: string, index: number): string => `${table}#${index}`;

export function parseAddress(text: string): bigint | undefined {
    const t = text.trim().replace(/_/g, '');
    if (!/^(0x[0-9a-f]+|[0-9]+)$/i.test(t)) return undefined;
    return BigInt(t);
}

export function walkPath(root: TableSnapshot, address: bigint, arch: Arch): WalkPath {
    const path: WalkPath = { tables: [], entries: [], mapped: false };
    let key = tableKey(undefined, undefined);
    for (const step of walkSnapshotTables(root, address, arch)) {
        path.tables.push(key);
        if (step.leaf) {
            path.entries.push(entryKey(key, step.leaf.index));
            path.mapped = true;
        } else if (step.child) {
            path.entries.push(entryKey(key, step.index));
            key = tableKey(key, step.index);
        }
    }
    return path;
}
