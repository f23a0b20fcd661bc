/**
 * Lowmem exhaustion on a 32-bit machine with highmem (MODEL.md sections 2-3, docs/model.md "Lowmem").
 * ZONE_NORMAL is the only memory the kernel can address directly: besides the page tables that live
 * there (`pagetables lowmem`, and every upper level whatever the placement), it holds mem_map (one
 * struct page per frame of RAM, allocated at boot) and every task's kernel stack. When their sum
 * passes lowmem, the next allocation fails: that is the wall Martin Bligh's UKVA was meant to move
 * (seed 002: "if we map them into ZONE_NORMAL ... we use up vaddr space for *all* task's pagetables").
 * The engine reports it once per run, as an error event on the statement that crossed it.
 */
import { PAGE_SIZE } from './machine.js';

/** sizeof(struct page) on 2.6-era i386 (flags, _count, _mapcount, private, mapping, index, lru). */
export const STRUCT_PAGE_BYTES = 32;
/** THREAD_SIZE on i386 (8 KiB, include/asm-i386/thread_info.h; 4 KiB only with CONFIG_4KSTACKS). */
export const KERNEL_STACK_PAGES = 2;

export interface LowmemUse {
    tablePages: number;
    processes: number;
    tasks: number;
}

export class LowmemAccount {
    /** mem_map in pages: RAM frames x 32 bytes, rounded up to a page. */
    readonly memMapPages: number;
    private exhausted = false;

    /** Diagnosed only when user frames come from highmem: else lowmem is simply all of RAM. */
    constructor(readonly lowmemPages: number, ramPages: number, readonly enabled: boolean) {
        this.memMapPages = Math.ceil((ramPages * STRUCT_PAGE_BYTES) / PAGE_SIZE);
    }

    /** Pages of lowmem in use for a given number of table pages and live tasks. */
    used(tablePages: number, tasks: number): number {
        return tablePages + this.memMapPages + tasks * KERNEL_STACK_PAGES;
    }

    /** The diagnosis the first time use exceeds lowmem, else null. */
    check(use: LowmemUse): string | null {
        if (!this.enabled || this.exhausted) return null;
        if (this.used(use.tablePages, use.tasks) <= this.lowmemPages) return null;
        this.exhausted = true;
        const procs = `${use.processes} process${use.processes === 1 ? '' : 'es'}`;
        const stacks = `${mib(use.tasks * KERNEL_STACK_PAGES)} of kernel stacks for ${use.tasks} task${use.tasks === 1 ? '' : 's'}`;
        return `lowmem exhausted: ${mib(use.tablePages)} of page tables for ${procs} + ${mib(this.memMapPages)} mem_map`
            + ` + ${stacks} > ${mib(this.lowmemPages)} of lowmem`;
    }
}

/** Pages as MiB: whole when exact, else to 0.1 MiB, rounded up so the sum never looks smaller than it is. */
export function mib(pages: number): string {
    const tenths = Math.ceil((pages * 10) / 256);
    return tenths % 10 === 0 ? `${tenths / 10} MiB` : `${(tenths / 10).toFixed(1)} MiB`;
}
