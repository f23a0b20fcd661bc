/**
 * MMU notifiers (MODEL.md section 7, rules R23-R26): callouts to a secondary MMU when the primary
 * page table changes. They are issued from the zap, COW, swap-out, fork and mprotect paths; each
 * callout is priced in instructions of the secondary TLB.
 */
import type { NotifierConfig } from './scenario.js';
import { FIG, SECONDARY_NS, newCounterArray } from './counters.js';
import type { Kernel } from './kernel.js';
import type { Mm } from './mm.js';
import { PAGE_SHIFT } from './machine.js';
import { tableAt } from './walker.js';

export class Notifier {
    armed = false;
    /** The mm it was registered on (a name may later mean a newer forked child). */
    mm: Mm | null = null;
    readonly figs = newCounterArray();
    /** The interval in pages, [start, end), for api interval. */
    readonly intervalStart: number;
    readonly intervalEnd: number;

    constructor(readonly config: NotifierConfig) {
        const iv = config.interval;
        this.intervalStart = iv ? Number(iv.start >> BigInt(PAGE_SHIFT)) : 0;
        this.intervalEnd = iv ? Number((iv.start + iv.size + 4095n) >> BigInt(PAGE_SHIFT)) : 0;
    }

    /** Pages of [start, end) inside the interval. */
    overlap(start: number, end: number): number {
        return Math.max(0, Math.min(end, this.intervalEnd) - Math.max(start, this.intervalStart));
    }

    /** Instructions a range callout over p pages costs the secondary TLB. */
    instructionsFor(p: number): number {
        const s = this.config.secondary;
        if (s.flush === 'per-page') return p;
        const max = Math.max(1, s.maxPages);
        if (s.fullPurgeBeyondMax) return p > 0 ? 1 : 0;
        return Math.ceil(p / max);
    }
}

/** Section 7's rules that are errors; the language reports them first, the engine says them again. */
export function notifierConfigErrors(c: NotifierConfig): string[] {
    const errors: string[] = [];
    if (c.sleeps && c.locking === 'rcu') errors.push(`notifier ${c.name}: a sleeping notifier cannot use rcu locking (its callouts run inside rcu_read_lock)`);
    if (c.sleeps && (c.api === 'page' || c.api === 'merged')) errors.push(`notifier ${c.name}: a sleeping notifier cannot use api ${c.api} (invalidate_page runs under the page-table lock)`);
    if (c.api === 'interval' && !c.interval) errors.push(`notifier ${c.name}: api interval needs an interval`);
    return errors;
}

function charge(k: Kernel, n: Notifier, fig: number, count: number, cpu: number): void {
    n.figs[fig] += count;
    k.count(fig, count, cpu);
}

function flushSecondary(k: Kernel, n: Notifier, instructions: number, pages: number, cpu: number): void {
    charge(k, n, FIG.secondaryFlushes, instructions, cpu);
    charge(k, n, FIG.secondaryPagesInvalidated, pages, cpu);
    charge(k, n, SECONDARY_NS, instructions * n.config.secondary.costNs, cpu);
}

/** `atomic`: the caller holds a spinlock (R53: i_mmap_lock for seg-zap); the event says so. */
function callout(k: Kernel, n: Notifier, call: string, pages: number, cpu: number, atomic = false): void {
    if (k.log.storing) k.event({ kind: 'callout', cpu, notifier: n.config.name, call, pages, ...(atomic ? { atomic } : {}) });
    else k.log.skip();
}

function rangeCallout(k: Kernel, n: Notifier, p: number, cpu: number, pair: boolean, atomic = false): void {
    charge(k, n, FIG.calloutsRangeStart, 1, cpu);
    if (pair) charge(k, n, FIG.calloutsRangeEnd, 1, cpu);
    flushSecondary(k, n, n.instructionsFor(p), p, cpu);
    callout(k, n, pair ? 'range' : 'invalidate', p, cpu, atomic);
}

function invalidatePages(k: Kernel, n: Notifier, count: number, cpu: number, atomic = false): void {
    if (count <= 0) return;
    charge(k, n, FIG.calloutsInvalidatePage, count, cpu);
    flushSecondary(k, n, count, count, cpu);
    callout(k, n, 'invalidate_page', count, cpu, atomic);
}

/**
 * R23: one zap call over [start, end) that cleared `presentCleared` PTEs (zero-page PTEs included).
 * `atomicContext`: the zap runs under a spinlock (R53: truncate / hole punch under i_mmap_lock), so a
 * sleeping notifier's callout is an error there (R77); it is passed on to the callout.
 */
export function notifyZap(k: Kernel, mm: Mm, start: number, end: number, presentCleared: number, cpu: number, atomicContext = false): void {
    for (const n of mm.notifiers) {
        if (!n.armed) continue;
        const api = n.config.api;
        if (api === 'page') invalidatePages(k, n, presentCleared, cpu, atomicContext);
        else if (api === 'interval') {
            const p = n.overlap(start, end);
            if (p > 0) rangeCallout(k, n, p, cpu, false, atomicContext);
        } else rangeCallout(k, n, end - start, cpu, true, atomicContext);
    }
}

/** R24: a single page changed by a COW break or a swap-out. */
export function notifyPage(k: Kernel, mm: Mm, vpn: number, cause: 'cow' | 'swap', cpu: number): void {
    for (const n of mm.notifiers) {
        if (!n.armed) continue;
        const api = n.config.api;
        if (api === 'interval') {
            if (n.overlap(vpn, vpn + 1) > 0) rangeCallout(k, n, 1, cpu, false);
        } else if (api === 'page' || cause === 'swap') invalidatePages(k, n, 1, cpu);
        else rangeCallout(k, n, 1, cpu, true);
    }
}

/**
 * R25: fork (per copied VMA) and mprotect (per changed VMA part). #v6's page api issues
 * invalidate_pages per PTE-table chunk, counted as a range start and priced as a range.
 */
export function notifyProtect(k: Kernel, mm: Mm, start: number, end: number, cpu: number): void {
    const chunk = k.geometry.levels[k.geometry.leafLevel].entries;
    for (const n of mm.notifiers) {
        if (!n.armed) continue;
        const api = n.config.api;
        if (api === 'interval') {
            const p = n.overlap(start, end);
            if (p > 0) rangeCallout(k, n, p, cpu, false);
        } else if (api === 'page') {
            for (let s = start; s < end; s = (Math.floor(s / chunk) + 1) * chunk) {
                // R36: only for the spans whose PTE table exists.
                if (!tableAt(mm.root, s, k.geometry.leafLevel)) continue;
                rangeCallout(k, n, Math.min(end, (Math.floor(s / chunk) + 1) * chunk) - s, cpu, false);
            }
        } else rangeCallout(k, n, end - start, cpu, true);
    }
}

/** R26: release (or unregister of an armed notifier): one flush-all, then disarmed. */
export function releaseNotifier(k: Kernel, n: Notifier, cpu: number): void {
    if (!n.armed) return;
    charge(k, n, FIG.calloutsRelease, 1, cpu);
    flushSecondary(k, n, 1, 0, cpu);
    callout(k, n, 'release', 0, cpu);
    n.armed = false;
}

/** Releases the mm's notifiers registered with the given release placement (R13). */
export function releaseAll(k: Kernel, mm: Mm, placement: 'before-unmap' | 'after-unmap', cpu: number): void {
    for (const n of mm.notifiers) if (n.config.release === placement) releaseNotifier(k, n, cpu);
}

export function registerNotifier(k: Kernel, n: Notifier): boolean {
    const mm = k.mmNamed(n.config.mm);
    if (!mm || mm.dead) return false;
    // Registered again on a newer child of the same fork name: it leaves the old mm (no callout).
    if (n.mm && n.mm !== mm) n.mm.notifiers.splice(n.mm.notifiers.indexOf(n) >>> 0, 1);
    n.mm = mm;
    if (!mm.notifiers.includes(n)) mm.notifiers.push(n);
    n.armed = true;
    return true;
}

export function unregisterNotifier(k: Kernel, n: Notifier, cpu: number): void {
    releaseNotifier(k, n, cpu);
    const mm = n.mm;
    const index = mm ? mm.notifiers.indexOf(n) : -1;
    if (mm && index >= 0) mm.notifiers.splice(index, 1);
}
