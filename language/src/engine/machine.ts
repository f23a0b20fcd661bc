/**
 * Arch presets (docs/model.md section 1) and the memory zones of a split (section 2). Everything here is
 * geometry in 4 KiB page numbers: a page number is at most 2^45 (la57), exact in a double.
 */
import type { Arch, MachineConfig, SplitConfig } from './scenario.js';
import type { LevelName } from './figures.js';

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 4096;
const GIB = 1n << 30n;
const MIB = 1n << 20n;

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
                arch, levels: [level('pgd', 1024, 1024), level('pte', 1024, 1)], leafLevel: 1,
                large: [{ level: 0, pages: 1024 }], topIsPdpt: false, pkmapSlots: 1024, is64: false,
            };
        case 'i386-pae':
            return {
                arch, levels: [level('pgd', 4, 1 << 18), level('pmd', 512, 512), level('pte', 512, 1)], leafLevel: 2,
                large: [{ level: 1, pages: 512 }], topIsPdpt: true, pkmapSlots: 512, is64: false,
            };
        case 'x86_64':
            return {
                arch,
                levels: [level('pgd', 512, 2 ** 27), level('pud', 512, 1 << 18), level('pmd', 512, 512), level('pte', 512, 1)],
                leafLevel: 3, large: [{ level: 2, pages: 512 }, { level: 1, pages: 1 << 18 }], topIsPdpt: false,
                pkmapSlots: 0, is64: true,
            };
        case 'x86_64-la57':
            return {
                arch,
                levels: [
                    level('pgd', 512, 2 ** 36), level('p4d', 512, 2 ** 27), level('pud', 512, 1 << 18),
                    level('pmd', 512, 512), level('pte', 512, 1),
                ],
                leafLevel: 4, large: [{ level: 3, pages: 512 }, { level: 2, pages: 1 << 18 }], topIsPdpt: false,
                pkmapSlots: 0, is64: true,
            };
    }
}

/** Level index where a leaf of `pages` 4 KiB pages sits, or -1 if the arch has no such leaf. */
export function leafLevelFor(geometry: Geometry, pages: number): number {
    if (pages === 1) return geometry.leafLevel;
    const large = geometry.large.find((l) => l.pages === pages);
    return large ? large.level : -1;
}

export interface Zones {
    lowmemPages: number;
    highmemPages: number;
    hasHighmem: boolean;
}

/** The kernel's PAGE_OFFSET under 4G/4G (-mm patch, CONFIG_X86_4G_VM_LAYOUT: __PAGE_OFFSET 0x02000000). */
const PAGE_OFFSET_4G4G = 0x02000000n;

/**
 * R84: lowmem = min(RAM', MAXMEM), MAXMEM = 4 GiB - kernel PAGE_OFFSET - 128 MiB (__VMALLOC_RESERVE,
 * include/asm-i386/page.h); RAM' = RAM capped at 4 GiB without PAE, 64 GiB with PAE ("only 4GB will be
 * used"); highmem = RAM' - lowmem. x86_64: all RAM is lowmem.
 */
export function zonesOf(machine: MachineConfig, split: SplitConfig): Zones {
    const ramPages = Number(machine.ramBytes >> BigInt(PAGE_SHIFT));
    if (geometryOf(machine.arch).is64) return { lowmemPages: ramPages, highmemPages: 0, hasHighmem: false };
    const usable = Math.min(ramPages, Number((machine.arch === 'i386-pae' ? 64n * GIB : 4n * GIB) >> BigInt(PAGE_SHIFT)));
    const lowmemPages = Math.min(usable, Number(maxmemBytes(split) >> BigInt(PAGE_SHIFT)));
    const highmemPages = usable - lowmemPages;
    return { lowmemPages, highmemPages, hasHighmem: highmemPages > 0 };
}

/** MAXMEM of a 32-bit split: 896 MiB on 3G/1G, 1920 on 2G/2G, 2944 on 1G/3G, 1152 on 3G/1G-opt, 3936 on 4G/4G. */
export function maxmemBytes(split: SplitConfig): bigint {
    const kernelOffset = split.fourGFourG ? PAGE_OFFSET_4G4G : split.pageOffset;
    const bytes = 4n * GIB - kernelOffset - 128n * MIB;
    return bytes > 0n ? bytes : 0n;
}

/** PAE preallocates one user PMD per GiB below PAGE_OFFSET (3 for 3G/1G, 4 for 4G/4G's user space). */
export function paeUserPmds(geometry: Geometry, split: SplitConfig): number {
    if (!geometry.topIsPdpt) return 0;
    const top = split.fourGFourG ? 4n * GIB : split.pageOffset;
    return Number((top + GIB - 1n) / GIB);
}

/** TASK_SIZE of the arch's usual split, for a replay without a scenario (section 12). */
export function defaultTaskSize(arch: Arch): bigint {
    if (arch === 'x86_64') return 0x7ffffffff000n;
    if (arch === 'x86_64-la57') return 0xfffffffffff000n;
    return 0xc0000000n;
}

export function defaultSplit(arch: Arch): SplitConfig {
    const is64 = geometryOf(arch).is64;
    return {
        name: is64 ? 'x86_64' : '3G/1G',
        pageOffset: arch === 'x86_64-la57' ? 0xff11000000000000n : is64 ? 0xffff888000000000n : 0xc0000000n,
        taskSize: defaultTaskSize(arch),
        fourGFourG: false,
        pagetables: 'lowmem',
    };
}

/** Page number of a byte address (exact: bigint in, double out, at most 2^52). */
export function vpnOf(address: bigint): number {
    return Number(address >> BigInt(PAGE_SHIFT));
}

/** Pages covering [start, start + size), at least one. */
export function pagesOf(start: bigint, size: bigint): { first: number; end: number } {
    const first = vpnOf(start);
    const last = vpnOf(start + (size > 0n ? size : 1n) - 1n);
    return { first, end: last + 1 };
}
