/**
 * A second, deliberately naive reading of docs/model.md section 12 for the replay tests: strings and Maps, no
 * shared code with the engine or the parser. Its figures for a trace must equal `mscn replay --json`.
 *
 * The replay world: one x86_64 mm whose whole user range [0, TASK_SIZE) is one private anonymous rwx VMA;
 * one 4 KiB TLB of `entries` in `ways` (set = vpn mod sets, LRU); no large pages; CPU 0 alone.
 */
const TASK_SIZE_PAGES = 0x7ffffffffn; // 0x7ffffffff000 >> 12
const PAGE_SHIFT = 12n;

export interface ReferenceFigures {
    accesses: number;
    tlbHits: number;
    tlbMisses: number;
    walks: number;
    walkRefs: number;
    pageFaults: number;
    cowFaults: number;
    segfaults: number;
    framesAllocated: number;
    ptPagesAllocated: number;
    tlbEvictions: number;
    invlpg: number;
    ptPagesByLevel: { pud: number; pmd: number; pte: number };
    records: number;
    skippedLines: number;
}

type Pte = 'zero' | 'frame';
interface TlbEntry {
    vpn: bigint;
    writable: boolean;
}

/**
 * One record per lackey line `I  addr,size` / ` L|S|M addr,size` (a CR before the newline allowed, as the
 * parser allows it); anything else is a skipped line.
 */
export function parseLackeyText(text: string): { records: [bigint, number, boolean][]; skipped: number } {
    const records: [bigint, number, boolean][] = [];
    let skipped = 0;
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (const line of lines) {
        const m = /^(I | L| S| M) ([0-9a-fA-F]{1,16}),([0-9]{1,9})\r?$/.exec(line);
        if (!m) {
            skipped++;
            continue;
        }
        records.push([BigInt(`0x${m[2]}`), Number(m[3]), m[1] === ' S' || m[1] === ' M']);
    }
    return { records, skipped };
}

export function referenceReplay(text: string, entries = 64, ways = 4): ReferenceFigures {
    const f: ReferenceFigures = {
        accesses: 0,
        tlbHits: 0,
        tlbMisses: 0,
        walks: 0,
        walkRefs: 0,
        pageFaults: 0,
        cowFaults: 0,
        segfaults: 0,
        framesAllocated: 0,
        ptPagesAllocated: 0,
        tlbEvictions: 0,
        invlpg: 0,
        ptPagesByLevel: { pud: 0, pmd: 0, pte: 0 },
        records: 0,
        skippedLines: 0,
    };
    const ptes = new Map<bigint, Pte>();
    // Tables that exist, by the region they map: pud per 512 GiB (vpn >> 27), pmd per 1 GiB, pte per 2 MiB.
    const tables = { pud: new Set<bigint>(), pmd: new Set<bigint>(), pte: new Set<bigint>() };
    const sets = entries === 0 ? 0 : entries / ways;
    const tlb: TlbEntry[][] = Array.from({ length: sets }, () => []); // each set in LRU order, most recent last

    /** Entries read by a walk: pgd, then each level while the entry read is present (R4). */
    const walk = (vpn: bigint): number => {
        if (!tables.pud.has(vpn >> 27n)) return 1;
        if (!tables.pmd.has(vpn >> 18n)) return 2;
        if (!tables.pte.has(vpn >> 9n)) return 3;
        return 4;
    };
    const fill = (vpn: bigint, writable: boolean): void => {
        if (sets === 0) return;
        const set = tlb[Number(vpn % BigInt(sets))];
        const at = set.findIndex(e => e.vpn === vpn);
        if (at >= 0)
            set.splice(at, 1); // R3: refilled in place, no eviction
        else if (set.length === ways) {
            set.shift();
            f.tlbEvictions++;
        }
        set.push({ vpn, writable });
    };
    const allocateTables = (vpn: bigint): void => {
        for (const [level, shift] of [
            ['pud', 27n],
            ['pmd', 18n],
            ['pte', 9n],
        ] as const) {
            if (tables[level].has(vpn >> shift)) continue;
            tables[level].add(vpn >> shift);
            f.ptPagesByLevel[level]++;
            f.ptPagesAllocated++;
        }
    };

    const access = (vpn: bigint, write: boolean): void => {
        // Section 12: a page at or above the top of user space counts segfaults +1 and nothing else.
        if (vpn >= TASK_SIZE_PAGES) {
            f.segfaults++;
            return;
        }
        f.accesses++;
        const set = sets === 0 ? [] : tlb[Number(vpn % BigInt(sets))];
        const at = set.findIndex(e => e.vpn === vpn);
        if (at >= 0 && (!write || set[at].writable)) {
            f.tlbHits++;
            set.push(...set.splice(at, 1));
            return;
        }
        f.tlbMisses++;
        f.walks++;
        f.walkRefs += walk(vpn);
        const pte = ptes.get(vpn);
        if (pte === 'frame' || (pte === 'zero' && !write)) {
            fill(vpn, pte === 'frame');
            return;
        }
        f.pageFaults++;
        if (pte === 'zero') {
            // COW of the zero page: a frame, and the read-only translation flushed on CPU 0 (invlpg).
            f.cowFaults++;
            f.invlpg++;
            if (at >= 0) set.splice(at, 1);
        } else {
            allocateTables(vpn);
        }
        if (write) f.framesAllocated++;
        ptes.set(vpn, write ? 'frame' : 'zero');
        f.walks++;
        f.walkRefs += 4;
        fill(vpn, write);
    };

    const { records, skipped } = parseLackeyText(text);
    f.records = records.length;
    f.skippedLines = skipped;
    for (const [addr, size, write] of records) {
        const first = addr >> PAGE_SHIFT;
        const last = (addr + BigInt(Math.max(size, 1)) - 1n) >> PAGE_SHIFT;
        for (let vpn = first; vpn <= last; vpn++) access(vpn, write);
    }
    return f;
}
