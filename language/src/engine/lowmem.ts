/**
 * Lowmem (ZONE_NORMAL) on a 32-bit machine (docs/model.md R51, R70, R84): the only memory the kernel
 * addresses directly. Besides the page tables that live there (every upper level, PTE tables under
 * `pagetables lowmem`, UKVA window tables and per-task copies), it holds mem_map (one struct page per
 * frame of RAM, allocated at boot), every task's kernel stack and what the machine reserves. When
 * their sum passes lowmem, the allocation that crossed it is the event: the wall Martin Bligh's UKVA
 * was meant to move (seed 002: "we use up vaddr space for *all* task's pagetables").
 */
import type { Arch, Era, MachineConfig } from './scenario.js';
import { eraDefaults } from './era.js';
import { PAGE_SIZE } from './machine.js';
import { formatBytes } from './memory.js';

export interface LowmemDefaults {
    /**
     * sizeof(struct page) by era (era.ts): 32 B on 2.6 i386 (flags, _count, _mapcount, private, mapping, index, lru).
     */
    structPageBytes: number;
    /** THREAD_SIZE by era (era.ts): 8 KiB on 2.6 (include/asm-i386/thread_info.h; 4 KiB only with CONFIG_4KSTACKS). */
    threadSizeBytes: number;
    lowmemReservedBytes: bigint;
}

/** The defaults of R51 by arch and era (R75): struct page and THREAD_SIZE come from era.ts's table. */
export function lowmemDefaults(arch: Arch, era: Era = '2.6'): LowmemDefaults {
    const { structPageBytes, threadSizeBytes } = eraDefaults(era, arch === 'x86_64' || arch === 'x86_64-la57');
    return { structPageBytes, threadSizeBytes, lowmemReservedBytes: 0n };
}

/** The machine's settings, each falling back to its era's default. */
export function lowmemSettings(machine: MachineConfig): LowmemDefaults {
    const d = lowmemDefaults(machine.arch, machine.era);
    return {
        structPageBytes: machine.structPageBytes ?? d.structPageBytes,
        threadSizeBytes: machine.threadSizeBytes ?? d.threadSizeBytes,
        lowmemReservedBytes: machine.lowmemReservedBytes ?? d.lowmemReservedBytes,
    };
}

/** Lowmem in use, in pages, at the moment an allocation crossed the limit. */
export interface LowmemUse {
    tablePages: number;
    processes: number;
    tasks: number;
}

/** The crossing (R70): which allocation, and the parts of lowmem in bytes. */
export interface LowmemCrossing {
    message: string;
    details: {
        level: string;
        tableBytes: number;
        stackBytes: number;
        memMapBytes: number;
        reservedBytes: number;
        lowmemBytes: number;
    };
}

export class LowmemAccount {
    /** mem_map in pages: RAM frames x struct page, rounded up to a page. */
    readonly memMapPages: number;
    readonly reservedPages: number;
    /** Pages of kernel stack per task (THREAD_SIZE). */
    readonly stackPages: number;
    private exhausted = false;

    /** `enabled`: 32-bit presets (x86_64 has no limit in the model, docs/model.md R84). */
    constructor(
        readonly lowmemPages: number,
        ramPages: number,
        settings: LowmemDefaults,
        readonly enabled: boolean,
    ) {
        this.memMapPages = Math.ceil((ramPages * settings.structPageBytes) / PAGE_SIZE);
        this.reservedPages = Math.ceil(Number(settings.lowmemReservedBytes) / PAGE_SIZE);
        this.stackPages = Math.ceil(settings.threadSizeBytes / PAGE_SIZE);
    }

    /** Pages of lowmem in use for a given number of table pages and live tasks. */
    used(tablePages: number, tasks: number): number {
        return tablePages + this.memMapPages + this.reservedPages + tasks * this.stackPages;
    }

    /** Pages of an allocation of `pages` that lie past the limit, use counted after it. */
    pastLimit(tablePages: number, tasks: number, pages: number): number {
        if (!this.enabled) return 0;
        return Math.max(0, Math.min(pages, this.used(tablePages, tasks) - this.lowmemPages));
    }

    /** The event the first time use exceeds lowmem, else null. `level`: the table level, or "stack". */
    check(use: LowmemUse, level: string): LowmemCrossing | null {
        if (!this.enabled || this.exhausted) return null;
        if (this.used(use.tablePages, use.tasks) <= this.lowmemPages) return null;
        this.exhausted = true;
        const procs = `${use.processes} process${use.processes === 1 ? '' : 'es'}`;
        const stacks =
            `${mib(use.tasks * this.stackPages)} of kernel stacks for ${use.tasks} ` +
            `task${use.tasks === 1 ? '' : 's'}`;
        const reserved = this.reservedPages > 0 ? ` + ${mib(this.reservedPages)} reserved` : '';
        const message =
            `lowmem exhausted: ${mib(use.tablePages)} of page tables for ${procs} + ${mib(this.memMapPages)} mem_map` +
            ` + ${stacks}${reserved} > ${mib(this.lowmemPages)} of lowmem`;
        return {
            message,
            details: {
                level,
                tableBytes: use.tablePages * PAGE_SIZE,
                stackBytes: use.tasks * this.stackPages * PAGE_SIZE,
                memMapBytes: this.memMapPages * PAGE_SIZE,
                reservedBytes: this.reservedPages * PAGE_SIZE,
                lowmemBytes: this.lowmemPages * PAGE_SIZE,
            },
        };
    }
}

/**
 * Pages as a size (memory.ts formatBytes): `383 MiB`, `1.1 MiB`, `512 KiB`, `1.9 GiB`, to a tenth of its unit,
 * rounded up so the sum never looks smaller than it is.
 */
export function mib(pages: number): string {
    return formatBytes(pages * PAGE_SIZE, { decimals: 1, roundUp: true });
}
