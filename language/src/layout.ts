/**
 * Architecture facts and the kernel's virtual layout that the checker and the lowering share.
 * Each constant names the kernel source it comes from (2.6-era i386 unless said otherwise).
 */
import type { Arch } from './engine/scenario.js';

export interface ArchInfo {
    /** Page-table levels, top to leaf (docs/model.md section 1). */
    levels: readonly string[];
    /** Virtual address bits: sizes beyond 2^vaBits cannot be mapped. */
    vaBits: number;
    /** Physical address bits: the most RAM the machine can address (i386 32, PAE 36, x86_64 46, la57 52). */
    physBits: number;
    /** Leaf sizes: 4 KiB and the large pages a `huge` mapping may use. */
    leafSizes: readonly bigint[];
    is32Bit: boolean;
}

const KiB = 1n << 10n;
const MiB = 1n << 20n;
const GiB = 1n << 30n;

export const ARCHES: Record<Arch, ArchInfo> = {
    'i386': { levels: ['pgd', 'pte'], vaBits: 32, physBits: 32, leafSizes: [4n * KiB, 4n * MiB], is32Bit: true },
    'i386-pae': { levels: ['pgd', 'pmd', 'pte'], vaBits: 32, physBits: 36, leafSizes: [4n * KiB, 2n * MiB], is32Bit: true },
    // MAX_PHYSMEM_BITS: arch/x86/include/asm/sparsemem.h (46, 52 with 5-level paging).
    'x86_64': { levels: ['pgd', 'pud', 'pmd', 'pte'], vaBits: 48, physBits: 46, leafSizes: [4n * KiB, 2n * MiB, GiB], is32Bit: false },
    'x86_64-la57': { levels: ['pgd', 'p4d', 'pud', 'pmd', 'pte'], vaBits: 57, physBits: 52, leafSizes: [4n * KiB, 2n * MiB, GiB], is32Bit: false },
};

export const ARCH_NAMES = Object.keys(ARCHES) as Arch[];

/**
 * TASK_SIZE_MAX on x86_64: (1 << 47) - PAGE_SIZE, and (1 << 56) - PAGE_SIZE with LA57
 * (arch/x86/include/asm/page_64_types.h).
 */
export const TASK_SIZE_X86_64 = 0x7ffffffff000n;
export const TASK_SIZE_LA57 = 0xfffffffffff000n;
/** __PAGE_OFFSET on x86_64 (4.x+ direct map base), and with LA57. */
export const PAGE_OFFSET_X86_64 = 0xffff888000000000n;
export const PAGE_OFFSET_LA57 = 0xff11000000000000n;

/** PAGE_OFFSET of each 32-bit split (CONFIG_VMSPLIT_*; 3G/1G-opt is CONFIG_VMSPLIT_3G_OPT, non-PAE only). */
export const SPLIT_PAGE_OFFSET: Record<string, bigint> = {
    '3G/1G': 0xC0000000n,
    '2G/2G': 0x80000000n,
    '1G/3G': 0x40000000n,
    '3G/1G-opt': 0xB0000000n,
    // 4G/4G (Ingo Molnar, 2003): the kernel has its own 4 GiB; user space ends at the 16 MiB trampoline.
    '4G/4G': 0n,
};
export const TASK_SIZE_4G4G = 0xFF000000n;

/**
 * The user stack: the 8 MiB below TASK_SIZE. STACK_TOP is TASK_SIZE (include/asm-i386/processor.h)
 * and 8 MiB is the default stack rlimit _STK_LIM (include/linux/resource.h).
 */
export const STACK_SIZE = 8n * MiB;

/**
 * The i386 kernel areas at the top of the 4 GiB (include/asm-i386/fixmap.h, highmem.h, pgtable.h):
 * - fixmap: FIXADDR_TOP = 0xFFFFF000 (__FIXADDR_TOP), the fixmap slots in the 4 MiB below it; the
 *   checker forbids the whole PMD [0xFFC00000, 4 GiB), the guard page above FIXADDR_TOP included.
 * - pkmap: PKMAP_BASE = 0xFF800000, the 4 MiB below the fixmap (LAST_PKMAP 1024 slots of 4 KiB,
 *   rounded to the PMD: (FIXADDR_BOOT_START - PAGE_SIZE * (LAST_PKMAP + 1)) & PMD_MASK).
 * - vmalloc: the 128 MiB below PKMAP_BASE (__VMALLOC_RESERVE = 128 << 20, arch/i386/kernel/setup.c;
 *   VMALLOC_END = PKMAP_BASE - 2 * PAGE_SIZE). The kernel starts vmalloc 8 MiB (VMALLOC_OFFSET) above
 *   high_memory, so the real area is a little smaller; the checker forbids the whole reserve.
 */
export interface KernelArea { name: string; start: bigint; end: bigint }

export const FIXADDR_TOP = 0xFFFFF000n;
export const PKMAP_BASE = 0xFF800000n;
export const VMALLOC_RESERVE = 128n * MiB;

export const I386_KERNEL_AREAS: readonly KernelArea[] = [
    { name: 'vmalloc', start: PKMAP_BASE - VMALLOC_RESERVE, end: PKMAP_BASE },
    { name: 'pkmap', start: PKMAP_BASE, end: 0xFFC00000n },
    { name: 'fixmap', start: 0xFFC00000n, end: 1n << 32n },
];

/** Half-open intervals [a, a + size) and [b, b + size) intersect. */
export function overlaps(aStart: bigint, aEnd: bigint, bStart: bigint, bEnd: bigint): boolean {
    return aStart < bEnd && bStart < aEnd;
}
