/**
 * The memory zones of a split (docs/model.md section 2), default splits and page arithmetic; the arch
 * presets are arch.ts's (re-exported here for the engine files that import them from this file).
 * Everything here is in 4 KiB page numbers: a page number is at most 2^45 (la57), exact in a double.
 */
import type { Arch, MachineConfig, SplitConfig } from './scenario.js';
import {
    geometryOf,
    PAGE_OFFSET_LA57,
    PAGE_OFFSET_X86_64,
    PAGE_SHIFT,
    TASK_SIZE_LA57,
    TASK_SIZE_X86_64,
    type Geometry,
} from './arch.js';

export {
    geometryOf,
    leafLevelFor,
    PAGE_SHIFT,
    PAGE_SIZE,
    type Geometry,
    type LargeLeaf,
    type LevelGeometry,
} from './arch.js';
const GIB = 1n << 30n;
const MIB = 1n << 20n;

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
    const usable = Math.min(
        ramPages,
        Number((machine.arch === 'i386-pae' ? 64n * GIB : 4n * GIB) >> BigInt(PAGE_SHIFT)),
    );
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
    if (arch === 'x86_64') return TASK_SIZE_X86_64;
    if (arch === 'x86_64-la57') return TASK_SIZE_LA57;
    return 0xc0000000n;
}

export function defaultSplit(arch: Arch): SplitConfig {
    const is64 = geometryOf(arch).is64;
    return {
        name: is64 ? 'x86_64' : '3G/1G',
        pageOffset: arch === 'x86_64-la57' ? PAGE_OFFSET_LA57 : is64 ? PAGE_OFFSET_X86_64 : 0xc0000000n,
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
