/**
 * The kernel's own translations (docs/model.md R39, R42, R65, R89): what a kernel-mode access at a
 * kernel address finds in the shared kernel page tables, in R65's order: a global-pool pkmap slot
 * (PKMAP_BASE), a kmap_atomic fixmap slot, a kmap slot of the UKVA window of the CPU's loaded root,
 * the direct map. Plain lookups over the kmap pools and the fixmap: no counting here.
 */
import type { Kernel } from './kernel.js';
import type { Cpu } from './cpu.js';
import { PKMAP_BASE_VPN, type KmapPool } from './kmap.js';
import { PAGE_SHIFT } from './machine.js';
import { windowPages } from './ukva.js';
import { rootOf } from './sched.js';

export { PKMAP_BASE_VPN };
/** The model's fixmap kmap_atomic area, 0xFFC00000 + 4 KiB x (cpu x KM_TYPE_NR + type) (R65, R89). */
export const FIXMAP_BASE_VPN = 0xffc00;
/** enum km_type of 2.6 i386 (include/asm-i386/kmap_types.h): KM_TYPE_NR slots per CPU. */
export const KM_TYPE_NR = 13;
export const KM_USER0 = 3;
export const KM_PTE0 = 7;

export type KernelMapping = 'pkmap' | 'fixmap' | 'window' | 'direct' | 'none' | 'untracked';

/** One kernel translation of a page: its leaf (base, size in 4 KiB pages), the frame at vpn, the refs a walk reads. */
export interface KernelTranslation {
    kind: KernelMapping;
    base: number;
    pages: number;
    frame: number;
    refs: number;
    /** A global entry under `global-pages on` (never a window slot: R43). */
    global: boolean;
}

/** The fixmap page of (cpu, km_type) (R89). */
export function fixmapVpn(cpu: number, type: number): number {
    return FIXMAP_BASE_VPN + cpu * KM_TYPE_NR + type;
}

/** Paging-structure entries a walk reads to a 4 KiB kernel leaf: pgd + pte, or PAE's pmd + pte (R4). */
function refs4k(k: Kernel): number {
    return k.geometry.leafLevel + 1 - (k.geometry.topIsPdpt ? 1 : 0);
}

/** The direct map's leaf: 4 MiB PSE (1 ref), 2 MiB PAE (1 ref: no PDPT ref), 2 MiB on x86_64 (3; la57 4). */
function directLeaf(k: Kernel): { pages: number; refs: number } {
    const leaf = k.geometry.large[0];
    return { pages: leaf.pages, refs: leaf.level + 1 - (k.geometry.topIsPdpt ? 1 : 0) };
}

/** The kmap pool of the UKVA window of the root loaded on cpu, if any (R49: each root its own). */
export function windowPoolOf(k: Kernel, cpu: Cpu): KmapPool | null {
    const w = k.split.ukva;
    const root = cpu.loadedRoot;
    if (!w || w.kmapSlots <= 0 || !root) return null;
    if (w.scope === 'per-task') {
        for (const task of k.tasks.values()) if (!task.dead && rootOf(task) === root) return task.kmapPool;
        return null;
    }
    for (const mm of k.mms.values()) if (!mm.dead && mm.root === root) return mm.kmapPool;
    return null;
}

function slotTranslation(
    kind: KernelMapping,
    vpn: number,
    frame: number,
    k: Kernel,
    global: boolean,
): KernelTranslation {
    return { kind, base: vpn, pages: 1, frame, refs: refs4k(k), global: global && k.machine.globalPages };
}

const NONE: Omit<KernelTranslation, 'base'> = { kind: 'none', pages: 1, frame: -1, refs: 1, global: false };

/** The translation of kernel page vpn (at or above TASK_SIZE) on cpu, in R65's order. */
export function resolveKernel(k: Kernel, cpu: Cpu, vpn: number): KernelTranslation {
    if (!k.geometry.is64) {
        const pk = vpn - PKMAP_BASE_VPN;
        if (pk >= 0 && pk < k.pkmap.slots && k.pkmap.count[pk] > 0)
            return slotTranslation('pkmap', vpn, k.pkmap.frame[pk], k, true);
        const fixed = k.fixmap.get(vpn);
        if (fixed !== undefined) return slotTranslation('fixmap', vpn, fixed, k, true);
        const win = windowPages(k);
        const pool = win && vpn >= win.start && vpn < win.start + k.split.ukva!.kmapSlots ? windowPoolOf(k, cpu) : null;
        if (pool && pool.count[vpn - win!.start] > 0)
            return slotTranslation('window', vpn, pool.frame[vpn - win!.start], k, false);
    }
    if (k.split.fourGFourG) return { ...NONE, kind: 'untracked', base: vpn };
    const offset = Number(k.split.pageOffset >> BigInt(PAGE_SHIFT));
    const inDirect = k.geometry.is64 ? vpn >= offset : vpn >= offset && vpn < offset + k.zones.lowmemPages;
    if (!inDirect) return { ...NONE, base: vpn };
    const leaf = directLeaf(k);
    const base = vpn - (vpn % leaf.pages);
    return {
        kind: 'direct',
        base,
        pages: leaf.pages,
        frame: vpn - offset,
        refs: leaf.refs,
        global: k.machine.globalPages,
    };
}

/** The direct-map page of frame n: PAGE_OFFSET + n x 4 KiB (R65: frame n is page frame n). */
export function directMapVpn(k: Kernel, frame: number): number {
    return Number(k.split.pageOffset >> BigInt(PAGE_SHIFT)) + frame;
}
