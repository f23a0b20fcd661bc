/**
 * R38's invariant (docs/model.md R79): no two mms of different families map one anonymous frame
 * writable. Checked whenever a leaf becomes writable (install, reuse, COW, swap-in); a frame mapped
 * once cannot break it, so the scan of the other mms runs only for frames mapped more than once.
 */
import type { Kernel } from './kernel.js';
import { sameFamily, type Mm } from './mm.js';
import { PTE_WRITE } from './page-table.js';
import { walk } from './walker.js';
import { hexOfVpn } from './format.js';

/**
 * Another family's mm mapping `frame` writable at vpn (forked and attached mms share addresses), or null.
 * Anonymous frames are shared only at one address (fork, the swap cache, rfc attachments). The invariant
 * checker (invariants-tables.ts) asks the same with its own family test.
 */
export function writableElsewhere(k: Kernel, mm: Mm, vpn: number, frame: number, family = sameFamily): Mm | null {
    for (const other of k.mms.values()) {
        if (other.dead || other === mm || family(mm, other)) continue;
        const w = walk(k.geometry, other.root, vpn, k.walk);
        if (w.present && w.table!.frame![w.slot] === frame && (w.table!.flags![w.slot] & PTE_WRITE) !== 0) return other;
    }
    return null;
}

/** After mm's leaf at vpn became writable on `frame`: an error event (ends the run, R63) if shared writable. */
export function checkWritableLeaf(k: Kernel, cpu: number, mm: Mm, vpn: number, frame: number): void {
    if (!k.frames.isAnon(frame) || k.frames.mapcountOf(frame) <= 1) return;
    const other = writableElsewhere(k, mm, vpn, frame);
    if (!other) return;
    k.error(
        `invariant R38 broken: anonymous frame ${frame} at ${hexOfVpn(vpn)} is writable in ${mm.name} ` +
            `and ${other.name}`,
        cpu,
    );
}
