/**
 * Swap-out from kswapd's context (R28, 2.6 to 4.2, no batching): shrink_page_list and
 * try_to_unmap_one of mm/rmap.c. For each page, each mm mapping its frame pays a PTE-table visit,
 * a single-page callout and a flush request of one page issued on kswapd's CPU.
 */
import type { Kernel } from './kernel.js';
import type { Cpu } from './cpu.js';
import type { Mm } from './mm.js';
import { PTE_PRESENT, PTE_ZERO, PTE_LARGE, PTE_SWAP, type PageTable } from './page-table.js';
import { walk } from './walker.js';
import { flushPage } from './flush.js';
import { notifyPage } from './notifier.js';
import { visitPteTable } from './kernel-entry.js';

interface Mapping {
    mm: Mm;
    table: PageTable;
    slot: number;
}

/** The mms mapping `frame` at vpn (the rmap walk; forked mms share addresses). */
function mappingsOf(k: Kernel, frame: number, vpn: number): Mapping[] {
    const out: Mapping[] = [];
    for (const mm of k.mms.values()) {
        if (mm.dead) continue;
        const w = walk(k.geometry, mm.root, vpn, k.walk);
        if (w.present && w.table!.frame![w.slot] === frame) out.push({ mm, table: w.table!, slot: w.slot });
    }
    return out;
}

/** Swaps out the present small pages of [start, end) of mm, on kswapd's CPU. */
export function swapOut(k: Kernel, kswapd: Cpu, mm: Mm, start: number, end: number): void {
    for (let vpn = start; vpn < end; vpn++) {
        const w = walk(k.geometry, mm.root, vpn, k.walk);
        if (!w.present) continue;
        const flags = w.table!.flags![w.slot];
        if ((flags & (PTE_ZERO | PTE_LARGE)) !== 0 || (flags & PTE_PRESENT) === 0) continue;
        const frame = w.table!.frame![w.slot];
        const mappings = mappingsOf(k, frame, vpn);
        const file = k.frames.isFile(frame);
        const swapSlot = file ? 0 : k.frames.swapOut(mappings.length);
        for (const m of mappings) {
            // R81: own iff kswapd's CPU has the mm active (lazily)
            visitPteTable(k, kswapd, m.mm, m.table, kswapd.activeMm === m.mm);
            // R77: visit, callout, then the PTE change and request; a callout that would sleep ends it here.
            if (!notifyPage(k, m.mm, vpn, 'swap', kswapd.index)) return;
            k.frames.unmap(frame);
            if (file)
                m.table.clearLeaf(m.slot); // a page-cache page is refaulted from the file
            else m.table.setLeaf(m.slot, swapSlot, PTE_SWAP);
            flushPage(k, m.mm, vpn, 1, kswapd.index, 'swapout');
        }
    }
}
