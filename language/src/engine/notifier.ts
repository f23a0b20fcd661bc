/**
 * MMU notifiers (docs/model.md section 7, docs/model.md R23-R26, R52, R53, R71, R77): callouts to a
 * secondary MMU when the primary page table changes. They are issued from the zap, COW, swap-out,
 * fork and mprotect paths; each is priced by what the secondary maps (lookups and flush instructions).
 */
import type { NotifierConfig } from './scenario.js';
import { FIG, SECONDARY_NS, newCounterArray } from './counters.js';
import type { Kernel } from './kernel.js';
import type { Mm } from './mm.js';
import { PAGE_SHIFT } from './machine.js';
import { tableAt } from './walker.js';
import { Gather } from './flush.js';

export class Notifier {
    armed = false;
    /** The mm it was registered on (a name may later mean a newer forked child). */
    mm: Mm | null = null;
    readonly figs = newCounterArray();
    /** The pages the secondary maps in the mm (R52, R71): made by device accesses, dropped by callouts. */
    readonly mapped = new Set<number>();
    /** Released (or unregistered) after being armed: a device access through it is an error (R71). */
    released = false;
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

    /** Drops the mapped pages of [start, end); returns how many. */
    unmap(start: number, end: number): number {
        const before = this.mapped.size;
        if (before === 0) return 0;
        if (end - start > before) {
            for (const vpn of this.mapped) if (vpn >= start && vpn < end) this.mapped.delete(vpn);
        } else for (let vpn = start; vpn < end; vpn++) this.mapped.delete(vpn);
        return before - this.mapped.size;
    }

    /** Drops every mapped page; returns how many. */
    unmapAll(): number {
        const before = this.mapped.size;
        this.mapped.clear();
        return before;
    }
}

/** Section 7's rules that are errors; the language reports them first, the engine says them again. */
export function notifierConfigErrors(c: NotifierConfig): string[] {
    const errors: string[] = [];
    if (c.sleeps && c.locking === 'rcu')
        errors.push(
            `notifier ${c.name}: a sleeping notifier cannot use rcu locking (its callouts run inside rcu_read_lock)`,
        );
    if (c.sleeps && (c.api === 'page' || c.api === 'merged'))
        errors.push(
            `notifier ${c.name}: a sleeping notifier cannot use api ${c.api} (invalidate_page runs under ` +
                `the page-table lock)`,
        );
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
    if (k.log.storing)
        k.event({ kind: 'callout', cpu, notifier: n.config.name, call, pages, ...(atomic ? { atomic } : {}) });
    else k.log.skip();
}

/** Why a callout runs in atomic context (R53), in the words of the error. */
export const ATOMIC = {
    swapOut: 'swap-out holds the PT lock',
    cow: 'the COW break holds the PT lock',
    zap: 'zap_pte_range holds the PT lock',
    segZap: 'seg-zap holds i_mmap_lock',
} as const;

/**
 * R53, R77: a callout from atomic context to a notifier that sleeps. The callout is already counted;
 * then sleepsInAtomic +1 and the error that ends the run. api interval is never called atomically.
 */
function wouldSleep(k: Kernel, n: Notifier, atomic: string | undefined, cpu: number): boolean {
    if (!atomic || !n.config.sleeps || n.config.api === 'interval') return false;
    charge(k, n, FIG.sleepsInAtomic, 1, cpu);
    k.error(`${n.config.name} would sleep in atomic context: ${atomic}`, cpu >= 0 ? cpu : undefined);
    return true;
}

/**
 * The secondary's work for one callout over pages [start, end) (R52, R71). A per-page secondary (KVM)
 * looks up every page and flushes once if it dropped any; a range secondary (GRU) that maps anything
 * in the mm issues ceil(p / max) instructions, or one purge of everything past max with `else purge`.
 */
function secondaryWork(k: Kernel, n: Notifier, start: number, end: number, cpu: number): void {
    const s = n.config.secondary;
    const p = end - start;
    if (s.flush === 'per-page') {
        charge(k, n, FIG.secondaryPagesScanned, p, cpu);
        const dropped = n.unmap(start, end);
        if (dropped > 0) flushSecondary(k, n, 1, dropped, cpu);
        return;
    }
    if (n.mapped.size === 0) return;
    const purge = s.fullPurgeBeyondMax && p > s.maxPages;
    const dropped = purge ? n.unmapAll() : n.unmap(start, end);
    flushSecondary(k, n, purge ? 1 : Math.ceil(p / Math.max(1, s.maxPages)), dropped, cpu);
}

/** A range callout (a start/end pair, or interval's one invalidate); false when it ended the run. */
function rangeCallout(
    k: Kernel,
    n: Notifier,
    start: number,
    end: number,
    cpu: number,
    pair: boolean,
    atomic?: string,
): boolean {
    charge(k, n, FIG.calloutsRangeStart, 1, cpu);
    if (wouldSleep(k, n, atomic, cpu)) return false;
    if (pair) charge(k, n, FIG.calloutsRangeEnd, 1, cpu);
    secondaryWork(k, n, start, end, cpu);
    callout(k, n, pair ? 'range' : 'invalidate', end - start, cpu, atomic !== undefined);
    return true;
}

/** An interval notifier's callout for [start, end): only the overlap, if any (R23). */
function intervalCallout(k: Kernel, n: Notifier, start: number, end: number, cpu: number): void {
    const s = Math.max(start, n.intervalStart);
    const e = Math.min(end, n.intervalEnd);
    if (e > s) rangeCallout(k, n, s, e, cpu, false);
}

/** One invalidate_page over a leaf of `pages` pages at vpn: always atomic (R53); false when it ended the run. */
function invalidatePage(k: Kernel, n: Notifier, vpn: number, pages: number, cpu: number, atomic: string): boolean {
    charge(k, n, FIG.calloutsInvalidatePage, 1, cpu);
    if (wouldSleep(k, n, atomic, cpu)) return false;
    secondaryWork(k, n, vpn, vpn + pages, cpu);
    return true;
}

/**
 * #v6: one invalidate_page per cleared present PTE, in address order (`leaves`: vpn, pages pairs).
 * Without the leaves (a caller that did not gather them) the pages the secondary maps in [start, end)
 * are taken first, then the others.
 */
function invalidateLeaves(k: Kernel, n: Notifier, z: ZapCall, cpu: number): boolean {
    if (z.presentCleared <= 0) return true;
    const atomic = z.atomic ?? ATOMIC.zap;
    let ok = true;
    if (z.leaves) {
        for (let i = 0; i < z.leaves.length && ok; i += 2)
            ok = invalidatePage(k, n, z.leaves[i], z.leaves[i + 1], cpu, atomic);
    } else {
        const mine = [...n.mapped].filter(vpn => vpn >= z.start && vpn < z.end).sort((a, b) => a - b);
        for (let i = 0; i < z.presentCleared && ok; i++)
            ok = invalidatePage(k, n, i < mine.length ? mine[i] : -2, 1, cpu, atomic);
    }
    callout(k, n, 'invalidate_page', z.presentCleared, cpu);
    return ok;
}

export interface ZapCall {
    start: number;
    end: number;
    /** Present PTEs cleared (zero-page PTEs included). */
    presentCleared: number;
    /** The cleared leaves as (vpn, pages) pairs, from `zapGather`'s Gather. */
    leaves?: readonly number[] | null;
    /** Why the zap runs in atomic context (ATOMIC.segZap); invalidate_page is atomic regardless. */
    atomic?: string;
}

/** A Gather for a zap of mm that keeps the cleared leaves when an armed notifier takes them one by one (api page). */
export function zapGather(mm: Mm): Gather {
    const g = new Gather();
    if (mm.notifiers.some(n => n.armed && n.config.api === 'page')) g.leaves = [];
    return g;
}

/**
 * R23: one zap call over [start, end) that cleared `presentCleared` PTEs. False when a callout ended
 * the run (R53): the caller does nothing more.
 */
export function notifyZap(
    k: Kernel,
    mm: Mm,
    start: number,
    end: number,
    presentCleared: number,
    cpu: number,
    extra: { leaves?: readonly number[] | null; atomic?: string } = {},
): boolean {
    const z: ZapCall = { start, end, presentCleared, ...extra };
    for (const n of mm.notifiers) {
        if (!n.armed) continue;
        const api = n.config.api;
        if (api === 'page') {
            if (!invalidateLeaves(k, n, z, cpu)) return false;
        } else if (api === 'interval') intervalCallout(k, n, start, end, cpu);
        else if (!rangeCallout(k, n, start, end, cpu, true, z.atomic)) return false;
    }
    return true;
}

/**
 * R24: a single page changed by a COW break or a swap-out. Swap-out's invalidate_page runs under the
 * PT lock (try_to_unmap_one), as does every invalidate_page; COW's range pair does not (do_wp_page).
 * False when a callout ended the run (R77: nothing after it).
 */
export function notifyPage(k: Kernel, mm: Mm, vpn: number, cause: 'cow' | 'swap', cpu: number): boolean {
    for (const n of mm.notifiers) {
        if (!n.armed) continue;
        const api = n.config.api;
        if (api === 'interval') intervalCallout(k, n, vpn, vpn + 1, cpu);
        else if (api === 'page' || cause === 'swap') {
            const ok = invalidatePage(k, n, vpn, 1, cpu, cause === 'swap' ? ATOMIC.swapOut : ATOMIC.cow);
            callout(k, n, 'invalidate_page', 1, cpu);
            if (!ok) return false;
        } else rangeCallout(k, n, vpn, vpn + 1, cpu, true);
    }
    return true;
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
        if (api === 'interval') intervalCallout(k, n, start, end, cpu);
        else if (api === 'page') {
            for (let s = start; s < end; s = (Math.floor(s / chunk) + 1) * chunk) {
                // R36: only for the spans whose PTE table exists.
                if (!tableAt(mm.root, s, k.geometry.leafLevel)) continue;
                rangeCallout(k, n, s, Math.min(end, (Math.floor(s / chunk) + 1) * chunk), cpu, false);
            }
        } else rangeCallout(k, n, start, end, cpu, true);
    }
}

/** R26: release (or unregister of an armed notifier): one flush-all, then disarmed. */
export function releaseNotifier(k: Kernel, n: Notifier, cpu: number): void {
    if (!n.armed) return;
    charge(k, n, FIG.calloutsRelease, 1, cpu);
    n.released = true;
    flushSecondary(k, n, 1, 0, cpu);
    callout(k, n, 'release', 0, cpu);
    n.unmapAll();
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
    if (n.mm && n.mm !== mm) {
        n.mm.notifiers.splice(n.mm.notifiers.indexOf(n) >>> 0, 1);
        n.unmapAll();
    }
    n.mm = mm;
    if (!mm.notifiers.includes(n)) mm.notifiers.push(n);
    n.armed = true;
    n.released = false;
    return true;
}

export function unregisterNotifier(k: Kernel, n: Notifier, cpu: number): void {
    releaseNotifier(k, n, cpu);
    const mm = n.mm;
    const index = mm ? mm.notifiers.indexOf(n) : -1;
    if (mm && index >= 0) mm.notifiers.splice(index, 1);
}
