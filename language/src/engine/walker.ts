/**
 * The page-table walker (docs/model.md section 4, R4): reads one entry per level from the root down and
 * stops at the first leaf or non-present entry. Writes into a reusable result: no allocation.
 */
import type { Geometry } from './machine.js';
import { PTE_PRESENT, type PageTable } from './page-table.js';

const LEAF_CACHE_SIZE = 256;

export class WalkResult {
    /** Paging-structure entries read (R4: the PAE PDPT entry is never a ref). */
    refs = 0;
    /** The table of the last entry read, and its slot. */
    table: PageTable | null = null;
    slot = 0;
    /** A present leaf was found at table/slot. */
    present = false;
    /** Size of the leaf in 4 KiB pages (when present). */
    pages = 1;
}

/**
 * Walks from root. The root remembers PTE tables it reached: when one still covers vpn the walk jumps
 * there, counting the refs of the levels above it, which are then all present (same figures).
 */
export function walk(geometry: Geometry, root: PageTable, vpn: number, out: WalkResult): WalkResult {
    const leafLevel = geometry.leafLevel;
    const cache = (root.leafCache ??= new Array<PageTable | null>(LEAF_CACHE_SIZE).fill(null));
    const line = Math.floor(vpn / geometry.levels[leafLevel].entries) & (LEAF_CACHE_SIZE - 1);
    const cached = cache[line];
    if (cached !== null && !cached.freed && vpn >= cached.baseVpn && vpn < cached.baseVpn + cached.entries) {
        const slot = vpn - cached.baseVpn;
        out.refs = geometry.topIsPdpt ? leafLevel : leafLevel + 1;
        out.table = cached;
        out.slot = slot;
        out.present = (cached.flags![slot] & PTE_PRESENT) !== 0;
        out.pages = 1;
        return out;
    }
    let table = root;
    let refs = 0;
    for (let level = 0; ; level++) {
        const slot = Math.floor((vpn - table.baseVpn) / table.spanPages);
        if (level > 0 || !geometry.topIsPdpt) refs++;
        if (level === leafLevel) cache[line] = table;
        const flags = table.flags;
        const present = flags !== null && (flags[slot] & PTE_PRESENT) !== 0;
        const child = !present && level < leafLevel ? table.children![slot] : undefined;
        if (child === undefined) {
            out.refs = refs;
            out.table = table;
            out.slot = slot;
            out.present = present;
            out.pages = table.spanPages;
            return out;
        }
        table = child;
    }
}

/** The table at `level` covering vpn, or undefined when a table above it is missing. */
export function tableAt(root: PageTable, vpn: number, level: number): PageTable | undefined {
    let table: PageTable | undefined = root;
    while (table && table.level < level) {
        const slot = Math.floor((vpn - table.baseVpn) / table.spanPages);
        table = table.children ? table.children[slot] : undefined;
    }
    return table;
}
