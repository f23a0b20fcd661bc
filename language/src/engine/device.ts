/**
 * A device behind a secondary MMU (section 7, docs/model.md R52, R71) touching pages of its notifier's
 * mm: the secondary maps each page the primary maps with the access's permission (a KVM spte, a GRU
 * TLB entry) and keeps it until a callout or the release drops it. The secondary's own fault path
 * (get_user_pages) is not modelled: a page that is not present with that permission is an error event.
 */
import type { Kernel } from './kernel.js';
import type { Range } from './scenario.js';
import { PTE_PRESENT, PTE_PROTNONE, PTE_WRITE } from './page-table.js';
import { walk } from './walker.js';
import { pagesOf } from './machine.js';
import type { Notifier } from './notifier.js';
import type { Mm } from './mm.js';

/** Why the device cannot use the notifier at all; undefined when it can. */
function unusable(name: string, n: Notifier | undefined): string | undefined {
    if (!n) return `device ${name}: no notifier ${name}`;
    if (n.released)
        return `device ${name}: the notifier was released: its secondary MMU maps nothing in ${n.config.mm} any more`;
    if (!n.armed || !n.mm) return `device ${name}: the notifier is not registered on ${n.config.mm}`;
    if (n.mm.dead) return `device ${name}: ${n.config.mm} has exited`;
    return undefined;
}

/** Whether the primary maps vpn present with the access's permission (a PROT_NONE PTE grants nothing). */
function grants(k: Kernel, mm: Mm, vpn: number, write: boolean): boolean {
    const w = walk(k.geometry, mm.root, vpn, k.walk);
    if (!w.present) return false;
    const flags = w.table!.flags![w.slot];
    if ((flags & PTE_PRESENT) === 0 || (flags & PTE_PROTNONE) !== 0) return false;
    return !write || (flags & PTE_WRITE) !== 0;
}

export function deviceAccess(k: Kernel, notifier: string, access: 'read' | 'write' | 'touch', range: Range): void {
    const n = k.notifiers.get(notifier);
    const why = unusable(notifier, n);
    if (why !== undefined) {
        k.error(why);
        return;
    }
    const mm = n!.mm!;
    const write = access === 'write';
    const { first, end } = pagesOf(range.start, range.size);
    for (let vpn = first; vpn < end; vpn++) {
        if (!k.tick()) return;
        if (!grants(k, mm, vpn, write)) {
            const at = `0x${(BigInt(vpn) << 12n).toString(16)}`;
            k.error(
                `device ${notifier}: page ${at} of ${mm.name} is not mapped ` +
                    `${write ? 'writable' : 'readable'} by the CPU's page table ` +
                    '(the secondary MMU maps only present pages: touch them first)',
            );
            return;
        }
        n!.mapped.add(vpn);
    }
}
