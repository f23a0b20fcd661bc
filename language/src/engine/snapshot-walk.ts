/**
 * The walk of one address through an mm's page-table snapshot, level by level, as the hardware walks
 * the live tables (walker.ts, docs/model.md section 3): at each table the entry the address indexes,
 * and the table or the leaf run it holds. One walk for the hover (server/src/hover/page-table-path.ts)
 * and the page-table panel (client/webview/page-path.ts). Indices come from the arch's geometry.
 */
import { entryIndex, geometryOf, PAGE_SHIFT } from './arch.js';
import type { Arch } from './scenario.js';
import type { LeafRun, TableSnapshot } from './snapshot.js';

export interface SnapshotStep {
    table: TableSnapshot;
    /** The entry of `table` the address indexes. */
    index: number;
    /** What the entry holds: a lower table, a leaf run covering it, or neither (not present). */
    child?: TableSnapshot;
    leaf?: LeafRun;
}

/** Top to bottom; ends at a leaf, at an empty entry or below the leaf level. */
export function walkSnapshotTables(root: TableSnapshot, address: bigint, arch: Arch): SnapshotStep[] {
    const levels = geometryOf(arch).levels;
    const vpn = address >> BigInt(PAGE_SHIFT);
    const steps: SnapshotStep[] = [];
    let table: TableSnapshot | undefined = root;
    for (let level = 0; level < levels.length && table; level++) {
        const index = entryIndex(levels[level], vpn);
        const t: TableSnapshot = table;
        const child = t.children.find(c => c.index === index)?.table;
        const leaf = child ? undefined : t.leaves.find(l => index >= l.index && index < l.index + l.count);
        steps.push({ table: t, index, ...(child ? { child } : {}), ...(leaf ? { leaf } : {}) });
        table = child;
    }
    return steps;
}
