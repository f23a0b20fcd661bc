/**
 * Invariants of the model, checked after every statement and at the end of a run when enabled
 * (tests, `mscn run --check-invariants`). Each broken invariant is an error event on the statement
 * where it first breaks, "invariant NAME broken: ...", once per invariant and run. docs/model.md
 * Invariants lists them; they are cheap enough to leave on: per statement they read the statement's
 * figure deltas, the totals and the leaves it made writable; what visits every mm (the traversal of
 * the page tables, per-mm gauges and sums) runs at the end, and after every statement with `deep`.
 */
import type { Kernel } from './kernel.js';
import type { Statement, Operation } from './scenario.js';
import { sameFamily, type Mm } from './mm.js';
import { FIG, SEGFAULTS_ABOVE_TASK, newCounterArray } from './counters.js';
import { FIGURE_NAMES, GAUGE_FIGURES, NOTIFIER_FIGURES, type FigureName } from './figures.js';
import { PAGE_SHIFT } from './machine.js';
import {
    WritableLeaves,
    writableLeafConflict,
    writableConflictByTraversal,
    tableCountMismatches,
    tableCountsNegative,
    type SameFamily,
} from './invariants-tables.js';
import { statementSumMismatches, type Tallies } from './invariants-sums.js';

export type { SameFamily } from './invariants-tables.js';

export interface InvariantOptions {
    /** Traverse every live page table after each statement, not only at the end (tests). */
    deep?: boolean;
    /** R79's families; default: an mm is only of its own family. */
    sameFamily?: SameFamily;
}

/** Whether runs check invariants when their options do not say: the test setup turns it on. */
export const invariantDefaults: { enabled: boolean; options: InvariantOptions } = { enabled: false, options: {} };

/** Figures every user access counts on its mm as well as on its CPU: their sum over mms is the total. */
const MM_FIGURES: readonly FigureName[] = [
    'accesses',
    'tlbHits',
    'tlbMisses',
    'walks',
    'walkRefs',
    'staleHits',
    'pageFaults',
    'segfaults',
];

export class InvariantChecker {
    private readonly leaves = new WritableLeaves();
    private readonly broken = new Set<string>();
    private readonly sameFamily: SameFamily;
    private readonly baseline = newCounterArray();
    private readonly lastEnd = newCounterArray();
    private staleSeen = 0;
    /** R40/R66: page ranges [first, end) of each mm (by name) changed by a statement that left its flush out. */
    private readonly unflushed = new Map<string, [number, number][]>();

    constructor(
        private readonly k: Kernel,
        private readonly options: InvariantOptions = {},
    ) {
        this.sameFamily = options.sameFamily ?? sameFamily; // R79: an rfc attachment and its task's mm are one family
        k.leafJournalFor = mm => this.leaves.journalFor(mm);
    }

    /** After the setup step (R20): what the statements' deltas start from. */
    afterSetup(): void {
        this.baseline.set(this.k.counters.total);
        this.lastEnd.set(this.baseline);
        this.checkState(this.options.deep === true);
    }

    /** Nothing is counted between statements: a statement starts where the last one ended. */
    beginStatement(before: Float64Array): void {
        const i = FIGURE_NAMES.findIndex((_, f) => before[f] !== this.lastEnd[f]);
        if (i >= 0)
            this.fail(
                'sums',
                `${FIGURE_NAMES[i]} changed by ${before[i] - this.lastEnd[i]} between two statements, ` +
                    `outside any statement's figures`,
            );
    }

    endStatement(s: Statement, before: Float64Array): void {
        const after = this.k.counters.total;
        this.checkLookups(after, before);
        this.noteNoflush(s);
        this.checkStale(after, before);
        this.checkState(this.options.deep === true);
        this.lastEnd.set(after);
    }

    /** At the end of the run: the statements' deltas against the totals, and every live table counted. */
    atEnd(statements: readonly Statement[], tallies: Tallies): void {
        const k = this.k;
        const last = [...statements].reverse().find(s => tallies.has(s.id));
        if (last) {
            k.log.statementId = last.id;
            k.log.loc = last.loc;
        }
        for (const m of statementSumMismatches(statements, tallies, this.baseline, k.counters.total))
            this.fail('sums', `at the end of the run: ${m}`);
        this.checkState(true);
    }

    private fail(name: string, message: string): void {
        if (this.broken.has(name)) return;
        this.broken.add(name);
        this.k.error(`invariant ${name} broken: ${message}`);
    }

    /** R6 and R2 on the statement's deltas (accesses above TASK_SIZE count segfaults alone, R64). */
    private checkLookups(after: Float64Array, before: Float64Array): void {
        const d = (slot: number) => after[slot] - before[slot];
        const walks = d(FIG.walks);
        const misses = d(FIG.tlbMisses);
        const faults = d(FIG.pageFaults);
        const segfaults = d(FIG.segfaults) - d(SEGFAULTS_ABOVE_TASK);
        if (walks !== misses + faults - segfaults) {
            this.fail(
                'R6',
                `walks ${walks} != tlbMisses ${misses} + pageFaults ${faults} - segfaults below ` +
                    `TASK_SIZE ${segfaults} in this statement`,
            );
        }
        const hits = d(FIG.tlbHits);
        const accesses = d(FIG.accesses);
        if (hits + misses !== accesses)
            this.fail('R2', `tlbHits ${hits} + tlbMisses ${misses} != accesses ${accesses} in this statement`);
    }

    /** The state after a statement: R79, gauges, sums, page-table counts (`full`: visiting every mm and table). */
    private checkState(full: boolean): void {
        const k = this.k;
        let live: Mm[] | null = null;
        const liveMms = () => (live ??= this.leaves.live()); // built only when a check needs it
        this.leaves.drain((mm, table, slot) => {
            if (this.broken.has('R38')) return;
            const message = writableLeafConflict(k, mm, table, slot, this.sameFamily);
            if (message) this.fail('R38', message);
        });
        this.checkGauges(full);
        this.checkNotifierSums();
        const negative = tableCountsNegative(k);
        if (negative) this.fail('page tables', negative);
        if (!full) return;
        this.checkMmSums();
        // Every present leaf of every mm: only with `deep` (the journal above covers every leaf made
        // writable; this also catches a frame whose mapcount was not raised).
        const conflict = this.options.deep === true ? writableConflictByTraversal(k, liveMms(), this.sameFamily) : null;
        if (conflict) this.fail('R38', conflict);
        const [mismatch] = tableCountMismatches(k, liveMms());
        if (mismatch) this.fail('page tables', mismatch);
    }

    /** No gauge is ever negative: in the totals, and (`full`: visiting every mm) in any mm. */
    private checkGauges(full: boolean): void {
        const total = this.k.counters.total;
        for (const g of GAUGE_FIGURES) {
            if (total[FIG[g]] < 0) this.fail('gauges', `${g} is ${total[FIG[g]]}`);
            if (!full) continue;
            for (const mm of this.leaves.mms)
                if (mm.figs[FIG[g]] < 0) this.fail('gauges', `${g}(${mm.name}) is ${mm.figs[FIG[g]]}`);
        }
    }

    /** Each notifier figure is the sum of the notifiers' own. */
    private checkNotifierSums(): void {
        const total = this.k.counters.total;
        for (const f of NOTIFIER_FIGURES) {
            let sum = 0;
            for (const n of this.k.notifiers.values()) sum += n.figs[FIG[f]];
            if (sum !== total[FIG[f]])
                this.fail('sums', `${f} is ${total[FIG[f]]} but its notifiers' ${f} sum to ${sum}`);
        }
    }

    /** Each access figure is the sum over every mm there ever was plus kernel mode (each access counts on its mm). */
    private checkMmSums(): void {
        const total = this.k.counters.total;
        for (const f of MM_FIGURES) {
            let sum = this.k.kernelModeFigs[FIG[f]]; // kernel-mode accesses belong to no mm (R39)
            for (const mm of this.leaves.mms) sum += mm.figs[FIG[f]];
            if (sum !== total[FIG[f]])
                this.fail('sums', `${f} is ${total[FIG[f]]} but its mms' ${f} and kernel mode sum to ${sum}`);
        }
    }

    /** R66: a statement that says `noflush` leaves its range's changes unflushed (stale hits may follow). */
    private noteNoflush(s: Statement): void {
        const op = s as Operation & { noflush?: boolean };
        if (op.noflush !== true || !('range' in op) || !('task' in op) || !op.task) return;
        const mm = this.k.findTask(op.task.name, op.task.thread)?.mm;
        const base = op.range.region ? this.k.regions.get(op.range.region) : 0n;
        if (!mm || base === undefined) return;
        const start = base + op.range.start;
        const first = Number(start >> BigInt(PAGE_SHIFT));
        const end = Number((start + (op.range.size > 0n ? op.range.size : 1n) + 4095n) >> BigInt(PAGE_SHIFT));
        const ranges = this.unflushed.get(mm.name) ?? [];
        ranges.push([first, end]);
        this.unflushed.set(mm.name, ranges);
    }

    /**
     * R40: every stale hit has its event, and is explained by an unflushed change of its page (a
     * `noflush` statement over it); kernel addresses are exempt (kmap slots of count 1 are stale by
     * design, R65). The engine finds stale hits only where the PTE's version changed since the fill,
     * so what this adds is that some change was left unflushed: a missing flush is an engine bug.
     */
    private checkStale(after: Float64Array, before: Float64Array): void {
        const n = after[FIG.staleHits] - before[FIG.staleHits];
        if (n === 0) return;
        const events = this.k.log.stale;
        const fresh = events.slice(this.staleSeen);
        this.staleSeen = events.length;
        if (fresh.length !== n && this.k.log.storing)
            this.fail('R40', `${n} stale hits but ${fresh.length} stale events in this statement`);
        for (const e of fresh) {
            if (typeof e.address !== 'string' || !/^0x[0-9a-f]+$/i.test(e.address)) continue; // not a user address
            const vpn = Number(BigInt(e.address) >> BigInt(PAGE_SHIFT));
            if (vpn >= this.k.taskTopVpn) continue;
            const ranges = this.unflushed.get(String(e.mm)) ?? [];
            if (ranges.some(([first, end]) => vpn >= first && vpn < end)) continue;
            this.fail(
                'R40',
                `stale hit on cpu ${e.cpu} at ${String(e.address)} of ${String(e.mm)}, but no statement ` +
                    `left a change of that page unflushed`,
            );
        }
    }
}
