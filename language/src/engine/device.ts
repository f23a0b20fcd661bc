/**
 * A device behind a secondary MMU (section 7) touching pages of its notifier's mm: the driver faults
 * them in with get_user_pages (follow_page, then handle_mm_fault). The device's own TLB is not
 * modelled: what it costs shows in the notifier's callouts, which fire whether or not it touched a page.
 */
import { FIG } from './counters.js';
import type { Kernel } from './kernel.js';
import type { Range } from './scenario.js';
import { PTE_WRITE } from './page-table.js';
import { walk } from './walker.js';
import { handleFault } from './fault.js';
import { pagesOf } from './machine.js';

export function deviceAccess(k: Kernel, notifier: string, access: 'read' | 'write' | 'touch', range: Range): void {
    const n = k.notifiers.get(notifier);
    const mm = n ? (n.mm ?? k.mmNamed(n.config.mm)) : undefined;
    if (!n || !mm || mm.dead) {
        k.error(`device access: ${n ? `no live mm ${n.config.mm}` : `no notifier ${notifier}`}`);
        return;
    }
    // The driver runs on a CPU of the mm when it has one (its faults and COW flushes are issued there).
    const cpu = k.cpus.find((c) => mm.cpumask[c.index] === 1) ?? k.cpus[0];
    const write = access === 'write';
    const { first, end } = pagesOf(range.start, range.size);
    for (let vpn = first; vpn < end; vpn++) {
        if (!k.tick()) return;
        // follow_page is a software walk, not a TLB miss: only a fault's retry walk counts (R6).
        const w = walk(k.geometry, mm.root, vpn, k.walk);
        if (w.present && (!write || (w.table!.flags![w.slot] & PTE_WRITE) !== 0)) continue;
        if (!handleFault(k, cpu, mm, vpn, write, w)) continue;
        const retry = walk(k.geometry, mm.root, vpn, k.walk);
        k.count(FIG.walks, 1, cpu.index, mm);
        k.count(FIG.walkRefs, retry.refs, cpu.index, mm);
    }
}
