/**
 * The kernel's virtual layout that the checker and the lowering share, and the architecture facts
 * (engine/arch.ts) they read with it. Each constant names the kernel source it comes from (2.6-era
 * i386 unless said otherwise).
 */

// The architectures' facts live in the engine's arch module; the checker and the lowering read them here too.
export {
    ARCHES,
    PAGE_OFFSET_LA57,
    PAGE_OFFSET_X86_64,
    TASK_SIZE_LA57,
    TASK_SIZE_X86_64,
    type ArchInfo,
} from './engine/arch.js';

const MiB = 1n << 20n;

/** PAGE_OFFSET of each 32-bit split (CONFIG_VMSPLIT_*; 3G/1G-opt is CONFIG_VMSPLIT_3G_OPT, non-PAE only). */
export const SPLIT_PAGE_OFFSET: Record<string, bigint> = {
    '3G/1G': 0xc0000000n,
    '2G/2G': 0x80000000n,
    '1G/3G': 0x40000000n,
    '3G/1G-opt': 0xb0000000n,
    // 4G/4G (Ingo Molnar, 2003): the kernel has its own 4 GiB; user space ends at the 16 MiB trampoline.
    '4G/4G': 0n,
};
export const TASK_SIZE_4G4G = 0xff000000n;

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
export interface KernelArea {
    name: string;
    start: bigint;
    end: bigint;
}

export const FIXADDR_TOP = 0xfffff000n;
export const PKMAP_BASE = 0xff800000n;
export const VMALLOC_RESERVE = 128n * MiB;

export const I386_KERNEL_AREAS: readonly KernelArea[] = [
    { name: 'vmalloc', start: PKMAP_BASE - VMALLOC_RESERVE, end: PKMAP_BASE },
    { name: 'pkmap', start: PKMAP_BASE, end: 0xffc00000n },
    { name: 'fixmap', start: 0xffc00000n, end: 1n << 32n },
];

/** Half-open intervals [a, a + size) and [b, b + size) intersect. */
export function overlaps(aStart: bigint, aEnd: bigint, bStart: bigint, bEnd: bigint): boolean {
    return aStart < bEnd && bStart < aEnd;
}
