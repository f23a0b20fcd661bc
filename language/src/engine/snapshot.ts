/**
 * Snapshots: plain JSON-able pictures of every mm's page-table tree (populated entries only, present
 * leaves collapsed into runs) and every CPU's TLB contents, for the editor's views.
 */
import type { Kernel } from './kernel.js';
import type { Cpu } from './cpu.js';
import type { Mm } from './mm.js';
import type { Tlb } from './tlb.js';
import type { LevelName } from './figures.js';
import type { Arch } from './scenario.js';
import { PTE_PRESENT, PTE_WRITE, PTE_ZERO, PTE_SWAP, type PageTable, type TableLocation } from './page-table.js';
import { walk } from './walker.js';
import { hexOfVpn } from './format.js';
import { PAGE_SIZE } from './machine.js';
import { BYTES } from './memory.js';

export interface LeafRun {
    /** First slot of the run and how many consecutive slots it covers. */
    index: number;
    count: number;
    /** Virtual address of the first leaf, hex. */
    start: string;
    /** Bytes per leaf. */
    size: number;
    kind: 'page' | 'zero' | 'swap' | 'protnone';
    /** Frame of the first leaf (swap slot for swap); frames of a run are consecutive (zero page: all 0). */
    frame: number;
    perms: 'rw' | 'r' | 'none';
}

export interface TableSnapshot {
    level: LevelName;
    /** First virtual address the table covers, hex. */
    start: string;
    location: TableLocation;
    used: number;
    children: { index: number; table: TableSnapshot }[];
    leaves: LeafRun[];
}

export interface MmSnapshot {
    name: string;
    generation: number;
    cpumask: number[];
    vmas: { start: string; end: string; prot: string; shared: boolean; backing: string; pageSize: number }[];
    root: TableSnapshot | null;
}

export interface TlbEntrySnapshot {
    tlb: '4k' | 'large';
    set: number;
    way: number;
    vpn: string;
    size: number;
    asid: number;
    global: boolean;
    writable: boolean;
    frame: number;
    /** A hit on it now would be a stale hit (R5). */
    stale: boolean;
}

export interface CpuSnapshot {
    cpu: number;
    current: string;
    activeMm: string | null;
    loadedRoot: string;
    asid: number;
    asids: { slot: number; mm: string; generation: number }[];
    tlb: TlbEntrySnapshot[];
}

export interface Snapshot {
    /** The arch of the run (its tables' geometry: snapshot-walk.ts). */
    arch: Arch;
    step: number;
    statementId: number;
    mms: MmSnapshot[];
    cpus: CpuSnapshot[];
}

function kindOf(f: number): LeafRun['kind'] {
    if ((f & PTE_SWAP) !== 0) return 'swap';
    if ((f & PTE_PRESENT) === 0) return 'protnone';
    return (f & PTE_ZERO) !== 0 ? 'zero' : 'page';
}

function leafRuns(t: PageTable): LeafRun[] {
    const runs: LeafRun[] = [];
    const flags = t.flags;
    if (!flags) return runs;
    let run: LeafRun | null = null;
    let lastFrame = 0;
    for (let i = 0; i < t.entries; i++) {
        const f = flags[i];
        if (f === 0) {
            run = null;
            continue;
        }
        const frame = t.frame![i];
        const kind = kindOf(f);
        const perms: LeafRun['perms'] = (f & PTE_PRESENT) === 0 ? 'none' : (f & PTE_WRITE) !== 0 ? 'rw' : 'r';
        const contiguous = kind === 'zero' ? frame === 0 : frame === lastFrame + 1;
        if (run && run.kind === kind && run.perms === perms && run.index + run.count === i && contiguous) run.count++;
        else {
            run = {
                index: i,
                count: 1,
                start: hexOfVpn(t.baseVpn + i * t.spanPages),
                size: t.spanPages * PAGE_SIZE,
                kind,
                frame,
                perms,
            };
            runs.push(run);
        }
        lastFrame = frame;
    }
    return runs;
}

function tableSnapshot(k: Kernel, t: PageTable): TableSnapshot {
    const children: TableSnapshot['children'] = [];
    t.children?.forEach((c, index) => {
        if (c) children.push({ index, table: tableSnapshot(k, c) });
    });
    return {
        level: k.geometry.levels[t.level].name,
        start: hexOfVpn(t.baseVpn),
        location: t.location,
        used: t.used,
        children,
        leaves: leafRuns(t),
    };
}

function mmSnapshot(k: Kernel, mm: Mm): MmSnapshot {
    return {
        name: mm.name,
        generation: mm.generation,
        cpumask: Array.from(mm.cpumask).flatMap((v, i) => (v ? [i] : [])),
        vmas: mm.vmas.map(v => ({
            start: hexOfVpn(v.start),
            end: hexOfVpn(v.end),
            prot: `${v.read ? 'r' : '-'}${v.write ? 'w' : '-'}${v.exec ? 'x' : '-'}`,
            shared: v.shared,
            backing: v.file === null ? 'anon' : v.file.startsWith('\u0000') ? 'shmem' : v.file,
            pageSize: v.pages * PAGE_SIZE,
        })),
        root: mm.dead ? null : tableSnapshot(k, mm.root),
    };
}

/** R5 without counting: would a hit on this entry be stale? */
function isStale(k: Kernel, cpu: Cpu, tlb: Tlb, s: number): boolean {
    const leaf = tlb.leaf[s];
    if (!leaf || leaf.version![tlb.leafSlot[s]] === tlb.version[s]) return false;
    const mm = k.machine.pcid ? cpu.asidMm[tlb.asid[s] - 1] : cpu.activeMm;
    if (!mm) return true;
    const w = walk(k.geometry, mm.root, tlb.base[s], k.walk);
    if (!w.present || w.pages !== tlb.pages[s] || w.table!.frame![w.slot] !== tlb.frame[s]) return true;
    return tlb.writable[s] === 1 && (w.table!.flags![w.slot] & PTE_WRITE) === 0;
}

function tlbEntries(k: Kernel, cpu: Cpu, tlb: Tlb, name: '4k' | 'large'): TlbEntrySnapshot[] {
    const out: TlbEntrySnapshot[] = [];
    for (let s = 0; s < tlb.valid.length; s++) {
        if (!tlb.valid[s]) continue;
        out.push({
            tlb: name,
            set: Math.floor(s / tlb.ways),
            way: s % tlb.ways,
            vpn: hexOfVpn(tlb.base[s]),
            size: tlb.pages[s] * PAGE_SIZE,
            asid: tlb.asid[s],
            global: tlb.global[s] === 1,
            writable: tlb.writable[s] === 1,
            frame: tlb.frame[s],
            stale: isStale(k, cpu, tlb, s),
        });
    }
    return out;
}

function cpuSnapshot(k: Kernel, cpu: Cpu): CpuSnapshot {
    const rootOwner = [...k.mms.values()].find(m => m.root === cpu.loadedRoot);
    return {
        cpu: cpu.index,
        current: cpu.current ? cpu.current.label : 'idle',
        activeMm: cpu.activeMm?.name ?? null,
        loadedRoot: cpu.loadedRoot === null ? 'kernel' : (rootOwner?.name ?? cpu.activeMm?.name ?? 'unknown'),
        asid: cpu.asid,
        asids: cpu.asidMm.flatMap((m, slot) => (m ? [{ slot, mm: m.name, generation: cpu.asidGen[slot] }] : [])),
        tlb: [...tlbEntries(k, cpu, cpu.tlb4k, '4k'), ...tlbEntries(k, cpu, cpu.tlbLarge, 'large')],
    };
}

export function takeSnapshot(k: Kernel): Snapshot {
    return {
        arch: k.machine.arch,
        step: k.ops,
        statementId: k.log.statementId,
        mms: [...k.mms.values()].map(mm => mmSnapshot(k, mm)),
        cpus: k.cpus.map(cpu => cpuSnapshot(k, cpu)),
    };
}

/** The memory budget's estimate of a snapshot (memory.ts): per table and VMA, per leaf run and TLB entry. */
export function snapshotBytes(snapshot: Snapshot): number {
    let bytes = 0;
    const table = (t: TableSnapshot): void => {
        bytes += BYTES.snapshotTable + t.leaves.length * BYTES.snapshotRun;
        for (const c of t.children) table(c.table);
    };
    for (const mm of snapshot.mms) {
        bytes += BYTES.snapshotTable + mm.vmas.length * BYTES.snapshotTable;
        if (mm.root) table(mm.root);
    }
    for (const cpu of snapshot.cpus) bytes += BYTES.snapshotTable + cpu.tlb.length * BYTES.snapshotRun;
    return bytes;
}
