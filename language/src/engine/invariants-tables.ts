/**
 * The page-table invariants (docs/model.md Invariants): no anonymous frame mapped writable in two mms
 * of different families (R38, R79), checked from a journal of the leaves made writable; and
 * ptPagesAllocated - ptPagesFreed = the live tables, per level, by a traversal of every live table.
 */
import type { Kernel } from './kernel.js';
import type { Mm } from './mm.js';
import {
    PTE_PRESENT,
    PTE_WRITE,
    forEachLeafRange,
    forEachTableDeepestFirst,
    type PageTable,
    type WritableLeafJournal,
} from './page-table.js';
import { ZERO_FRAME } from './frames.js';
import { writableElsewhere } from './invariant.js';
import { LEVEL_NAMES, type LevelName } from './figures.js';
import { hexOfVpn } from './format.js';

/** R79: mms of one family (an rfc attachment and its task's mm) may share anonymous frames writable. */
export type SameFamily = (a: Mm, b: Mm) => boolean;

const WRITABLE = PTE_PRESENT | PTE_WRITE;

/** The leaves made writable since the last check, and every mm that ever got a table (the census). */
export class WritableLeaves {
    readonly mms = new Set<Mm>();
    private readonly journals = new Map<Mm | null, WritableLeafJournal>();
    private owners: (Mm | null)[] = [];
    private tables: PageTable[] = [];
    private slots: number[] = [];

    journalFor(mm: Mm | null): WritableLeafJournal {
        let journal = this.journals.get(mm);
        if (!journal) {
            if (mm) this.mms.add(mm);
            journal = { leafWritable: (table, slot) => this.push(mm, table, slot) };
            this.journals.set(mm, journal);
        }
        return journal;
    }

    private push(mm: Mm | null, table: PageTable, slot: number): void {
        this.owners.push(mm);
        this.tables.push(table);
        this.slots.push(slot);
    }

    /** Calls fn for each leaf made writable since the last drain, then forgets them. */
    drain(fn: (mm: Mm, table: PageTable, slot: number) => void): void {
        const { owners, tables, slots } = this;
        this.owners = [];
        this.tables = [];
        this.slots = [];
        for (let i = 0; i < owners.length; i++) {
            const mm = owners[i];
            if (mm && !mm.dead && !tables[i].freed) fn(mm, tables[i], slots[i]);
        }
    }

    live(): Mm[] {
        return [...this.mms].filter(mm => !mm.dead);
    }
}

function isAnonymous(k: Kernel, frame: number): boolean {
    return frame !== ZERO_FRAME && !k.frames.isFile(frame);
}

/**
 * R79 for one leaf made writable: its frame, if anonymous and mapped more than once, must not be
 * mapped writable by another mm of another family. Anonymous frames are shared only at one address
 * (fork, the swap cache, rfc attachments), so the other mms are walked at the same page: a null or a
 * message naming both mms (invariant.ts's walk of the other mms).
 */
export function writableLeafConflict(
    k: Kernel,
    mm: Mm,
    table: PageTable,
    slot: number,
    sameFamily: SameFamily,
): string | null {
    if ((table.flags![slot] & WRITABLE) !== WRITABLE) return null;
    const frame = table.frame![slot];
    if (!isAnonymous(k, frame) || k.frames.mapcountOf(frame) < 2) return null;
    const vpn = table.baseVpn + slot * table.spanPages;
    const other = writableElsewhere(k, mm, vpn, frame, sameFamily);
    return other ? conflict(frame, vpn, mm, other) : null;
}

function conflict(frame: number, vpn: number, a: Mm, b: Mm): string {
    return `anonymous frame ${frame} is mapped writable by ${a.name} and ${b.name} (at ${hexOfVpn(vpn)})`;
}

/** R79 by a traversal of every writable leaf of every live mm (tests): the first conflict, or null. */
export function writableConflictByTraversal(k: Kernel, live: readonly Mm[], sameFamily: SameFamily): string | null {
    const owner = new Map<number, { mm: Mm; vpn: number }>();
    for (const mm of live) {
        let found: string | null = null;
        forEachLeafRange(mm.root, 0, Number.MAX_SAFE_INTEGER, (t, first, last) => {
            for (let i = first; i <= last && found === null; i++) {
                if ((t.flags![i] & WRITABLE) !== WRITABLE || !isAnonymous(k, t.frame![i])) continue;
                const vpn = t.baseVpn + i * t.spanPages;
                const seen = owner.get(t.frame![i]);
                if (!seen) owner.set(t.frame![i], { mm, vpn });
                else if (seen.mm !== mm && !sameFamily(seen.mm, mm)) found = conflict(t.frame![i], vpn, seen.mm, mm);
            }
        });
        if (found !== null) return found;
    }
    return null;
}

/** Live tables per level (LEVEL_NAMES order): every live mm's tree and every live task's own tables. */
export function liveTablesByLevel(k: Kernel, live: readonly Mm[]): { perLevel: number[]; freedInTree: string | null } {
    const perLevel = LEVEL_NAMES.map(() => 0);
    const index = k.geometry.levels.map(l => LEVEL_NAMES.indexOf(l.name as LevelName));
    let freedInTree: string | null = null;
    const visit = (owner: string) => (t: PageTable) => {
        perLevel[index[t.level]]++;
        if (t.freed && freedInTree === null)
            freedInTree = `a freed ${LEVEL_NAMES[index[t.level]]} table is still in the tables of ${owner}`;
    };
    for (const mm of live) {
        forEachTableDeepestFirst(mm.root, visit(mm.name));
        for (const t of mm.windowTables) visit(mm.name)(t); // a per-mm UKVA window's tables (R45)
    }
    for (const task of k.tasks.values()) {
        if (!task.dead) for (const t of task.ownTables) visit(task.label)(t);
    }
    return { perLevel, freedInTree };
}

/** ptPagesAllocated - ptPagesFreed against the live tables, per level: a message per mismatch. */
export function tableCountMismatches(k: Kernel, live: readonly Mm[]): string[] {
    const { perLevel, freedInTree } = liveTablesByLevel(k, live);
    const out = freedInTree ? [freedInTree] : [];
    const { ptAllocated, ptFreed } = k.counters;
    LEVEL_NAMES.forEach((name, i) => {
        const counted = ptAllocated[i] - ptFreed[i];
        if (counted !== perLevel[i]) {
            out.push(
                `ptPagesAllocated(level ${name}) ${ptAllocated[i]} - ptPagesFreed(level ${name}) ` +
                    `${ptFreed[i]} = ${counted}, but ${perLevel[i]} ${name} tables are live`,
            );
        }
    });
    return out;
}

/** The cheap form, after every statement: no level has freed more tables than it allocated. */
export function tableCountsNegative(k: Kernel): string | null {
    const { ptAllocated, ptFreed } = k.counters;
    const i = LEVEL_NAMES.findIndex((_, l) => ptFreed[l] > ptAllocated[l]);
    return i < 0
        ? null
        : `ptPagesFreed(level ${LEVEL_NAMES[i]}) ${ptFreed[i]} > ptPagesAllocated(level ${LEVEL_NAMES[i]}) ` +
              `${ptAllocated[i]}`;
}
