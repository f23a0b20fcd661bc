/**
 * The architectures, in one place (docs/model.md section 1): page-table geometry (levels, entries, the
 * 4 KiB pages one entry covers, large leaves), virtual and physical address bits, the x86_64 layout
 * constants and the two TLB classes. The engine walks by it; the checker, the lowering, the hovers and
 * the panels read it (language/src/layout.ts adds the 2.6-era i386 kernel layout).
 */
import type { Arch } from './scenario.js';
import type { LevelName } from './figures.js';

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 4096;
/** The arch of a machine that does not say (docs/language.md machine defaults). */
export const DEFAULT_ARCH: Arch = 'x86_64';

export interface LevelGeometry {
    name: LevelName;
    entries: number;
    /** 4 KiB pages covered by one entry of this level. */
    spanPages: number;
}

export interface LargeLeaf {
    /** Level index (0 = top) where the large leaf sits. */
    level: number;
    pages: number;
}

export interface Geometry {
    arch: Arch;
    levels: LevelGeometry[];
    leafLevel: number;
    /** Large leaf sizes, smallest first. */
    large: LargeLeaf[];
    /** PAE: the PDPT entry is loaded at CR3 write and never a walk ref (R4). */
    topIsPdpt: boolean;
    /** LAST_PKMAP: slots of the persistent kmap pool (section 9). */
    pkmapSlots: number;
    is64: boolean;
}

const level = (name: LevelName, entries: number, spanPages: number): LevelGeometry => ({ name, entries, spanPages });

export function geometryOf(arch: Arch): Geometry {
    switch (arch) {
        case 'i386':
            return {
                arch,
                levels: [level('pgd', 1024, 1024), level('pte', 1024, 1)],
                leafLevel: 1,
                large: [{ level: 0, pages: 1024 }],
                topIsPdpt: false,
                pkmapSlots: 1024,
                is64: false,
            };
        case 'i386-pae':
            return {
                arch,
                levels: [level('pgd', 4, 1 << 18), level('pmd', 512, 512), level('pte', 512, 1)],
                leafLevel: 2,
                large: [{ level: 1, pages: 512 }],
                topIsPdpt: true,
                pkmapSlots: 512,
                is64: false,
            };
        case 'x86_64':
            return {
                arch,
                levels: [
                    level('pgd', 512, 2 ** 27),
                    level('pud', 512, 1 << 18),
                    level('pmd', 512, 512),
                    level('pte', 512, 1),
                ],
                leafLevel: 3,
                large: [
                    { level: 2, pages: 512 },
                    { level: 1, pages: 1 << 18 },
                ],
                topIsPdpt: false,
                pkmapSlots: 0,
                is64: true,
            };
        case 'x86_64-la57':
            return {
                arch,
                levels: [
                    level('pgd', 512, 2 ** 36),
                    level('p4d', 512, 2 ** 27),
                    level('pud', 512, 1 << 18),
                    level('pmd', 512, 512),
                    level('pte', 512, 1),
                ],
                leafLevel: 4,
                large: [
                    { level: 3, pages: 512 },
                    { level: 2, pages: 1 << 18 },
                ],
                topIsPdpt: false,
                pkmapSlots: 0,
                is64: true,
            };
    }
}

/** The entry of a table at `level` that the 4 KiB page `vpn` falls in: the walk's index at that level. */
export function entryIndex(level: LevelGeometry, vpn: bigint): number {
    return Number((vpn / BigInt(level.spanPages)) % BigInt(level.entries));
}

/** Level index where a leaf of `pages` 4 KiB pages sits, or -1 if the arch has no such leaf. */
export function leafLevelFor(geometry: Geometry, pages: number): number {
    if (pages === 1) return geometry.leafLevel;
    const large = geometry.large.find(l => l.pages === pages);
    return large ? large.level : -1;
}

export interface ArchInfo {
    /** Page-table levels, top to leaf. */
    levels: readonly string[];
    /** Virtual address bits: sizes beyond 2^vaBits cannot be mapped. */
    vaBits: number;
    /** Physical address bits: the most RAM the machine can address (i386 32, PAE 36, x86_64 46, la57 52). */
    physBits: number;
    /** Leaf sizes in bytes: 4 KiB and the large pages a `huge` mapping may use, smallest first. */
    leafSizes: readonly bigint[];
    is32Bit: boolean;
}

// MAX_PHYSMEM_BITS: arch/x86/include/asm/sparsemem.h (46, 52 with 5-level paging); PAE 36, i386 32.
const ADDRESS_BITS: Record<Arch, { vaBits: number; physBits: number }> = {
    'i386': { vaBits: 32, physBits: 32 },
    'i386-pae': { vaBits: 32, physBits: 36 },
    'x86_64': { vaBits: 48, physBits: 46 },
    'x86_64-la57': { vaBits: 57, physBits: 52 },
};

function archInfo(arch: Arch): ArchInfo {
    const g = geometryOf(arch);
    return {
        levels: g.levels.map(l => l.name),
        ...ADDRESS_BITS[arch],
        is32Bit: !g.is64,
        leafSizes: [BigInt(PAGE_SIZE), ...g.large.map(l => BigInt(l.pages * PAGE_SIZE))],
    };
}

export const ARCHES: Readonly<Record<Arch, ArchInfo>> = {
    'i386': archInfo('i386'),
    'i386-pae': archInfo('i386-pae'),
    'x86_64': archInfo('x86_64'),
    'x86_64-la57': archInfo('x86_64-la57'),
};

/**
 * TASK_SIZE_MAX on x86_64: (1 << 47) - PAGE_SIZE, and (1 << 56) - PAGE_SIZE with LA57
 * (arch/x86/include/asm/page_64_types.h).
 */
export const TASK_SIZE_X86_64 = 0x7ffffffff000n;
export const TASK_SIZE_LA57 = 0xfffffffffff000n;
/** __PAGE_OFFSET on x86_64 (4.x+ direct map base), and with LA57. */
export const PAGE_OFFSET_X86_64 = 0xffff888000000000n;
export const PAGE_OFFSET_LA57 = 0xff11000000000000n;

/** The two TLBs of a machine (`tlb 4 KiB` and `tlb large`): MachineConfig.tlb4k and tlbLarge. */
export type TlbClass = '4k' | 'large';

/** `tlb large ...` or `tlb <page size> ...`: any page size but 4 KiB is the large-page TLB. */
export function tlbClassOf(large: boolean, pageSizeBytes: bigint): TlbClass {
    return large || pageSizeBytes !== BigInt(PAGE_SIZE) ? 'large' : '4k';
}
