/**
 * Page faults (docs/model.md section 4 step 3, R6-R7, R10, R28, R30, R32): handle_mm_fault, do_anonymous_page
 * (zero page), do_wp_page (COW or reuse), do_swap_page and the file paths of mm/memory.c.
 */
import { FIG } from './counters.js';
import type { Kernel } from './kernel.js';
import type { Cpu } from './cpu.js';
import type { Mm, Vma } from './mm.js';
import { PTE_PRESENT, PTE_WRITE, PTE_ZERO, PTE_SWAP, PTE_LARGE, type PageTable } from './page-table.js';
import type { WalkResult } from './walker.js';
import { leafLevelFor } from './machine.js';
import { FRAME_ANON, ZERO_FRAME } from './frames.js';
import { flushPage } from './flush.js';
import { notifyPage } from './notifier.js';
import { hexOfVpn } from './format.js';
import { kernelEntry4g4g, visitPteTable } from './kernel-entry.js';
import { checkWritableLeaf } from './invariant.js';
import { pgdEntryChanged } from './ukva.js';

/** Whether the VMA allows the access (x86: any user mapping is readable). */
export function vmaAllows(vma: Vma, write: boolean): boolean {
    return write ? vma.write : vma.read || vma.write || vma.exec;
}

/** A fault on an entry the walk found (present, or a swap entry): who faulted, in which VMA, and the slot. */
interface LeafFault {
    k: Kernel;
    cpu: Cpu;
    mm: Mm;
    vma: Vma;
    table: PageTable;
    slot: number;
    vpn: number;
}

/** Handles a fault after a failed walk (k.walk); false for a segfault (R6: then no retry). */
export function handleFault(k: Kernel, cpu: Cpu, mm: Mm, vpn: number, write: boolean, w: WalkResult): boolean {
    k.count(FIG.pageFaults, 1, cpu.index, mm);
    if (k.split.fourGFourG) kernelEntry4g4g(k, cpu);
    const vma = mm.find(vpn);
    if (!vma || !vmaAllows(vma, write)) {
        k.count(FIG.segfaults, 1, cpu.index, mm);
        const why = vma ? 'not allowed by its VMA' : 'outside every VMA';
        k.segfault(`segfault: ${write ? 'write' : 'read'} at ${hexOfVpn(vpn)} ${why}`, cpu.index);
        return false;
    }
    const table = w.table!;
    const leaf: LeafFault = { k, cpu, mm, vma, table, slot: w.slot, vpn };
    if (w.present) return writeProtectFault(leaf);
    const flags = table.flags ? table.flags[w.slot] : 0;
    if ((flags & PTE_SWAP) !== 0) return swapIn(leaf, write);
    installPage(k, cpu, mm, vma, vpn, write);
    return true;
}

/** Allocates the missing tables down to `level` (top-down, R4 step 3); returns the table at `level`. */
export function ensureTables(k: Kernel, mm: Mm, vpn: number, level: number, cpu: number): PageTable {
    let t = mm.root;
    while (t.level < level) {
        const slot = t.indexOf(vpn);
        let child = t.children![slot];
        if (!child) {
            child = k.allocTable(t.level + 1, t.baseVpn + slot * t.spanPages, mm, cpu);
            t.setChild(slot, child);
            if (t.level === 0) pgdEntryChanged(k, mm, cpu); // R69
        }
        t = child;
    }
    return t;
}

function ensureAnonVma(k: Kernel, vma: Vma): void {
    if (vma.anonVma === 0) vma.anonVma = k.newAnonVma();
}

/** A new anonymous frame: one count, `pages` frame numbers for a large leaf (R65). */
function newFrame(k: Kernel, cpu: Cpu, mm: Mm, vma: Vma, pages = 1): number {
    k.count(FIG.framesAllocated, 1, cpu.index, mm);
    ensureAnonVma(k, vma);
    return k.frames.allocate(FRAME_ANON, pages);
}

/** A fault on a non-present page: anonymous (zero page on read), file or shared memory (R32). */
function installPage(k: Kernel, cpu: Cpu, mm: Mm, vma: Vma, vpn: number, write: boolean): void {
    const pages = vma.pages === 1 || leafLevelFor(k.geometry, vma.pages) < 0 ? 1 : vma.pages;
    const level = pages === 1 ? k.geometry.leafLevel : leafLevelFor(k.geometry, pages);
    const base = vpn - (vpn % pages);
    // The failed walk usually ended in the very table the leaf goes in.
    const walked = k.walk.table;
    const table =
        walked && walked.level === level && !walked.freed ? walked : ensureTables(k, mm, base, level, cpu.index);
    visitPteTable(k, cpu, mm, table, true);
    let frame: number;
    let flags = PTE_PRESENT | (pages > 1 ? PTE_LARGE : 0);
    if (vma.file !== null) {
        const cached = k.frames.pageCacheFrame(vma.file, vma.filePage + Math.floor((base - vma.start) / pages));
        if (cached.allocated) k.count(FIG.framesAllocated, 1, cpu.index, mm);
        if (vma.shared || !write) {
            frame = cached.frame;
            if (vma.shared && vma.write) flags |= PTE_WRITE;
        } else {
            frame = newFrame(k, cpu, mm, vma); // private write: copy the page-cache page
            flags |= PTE_WRITE;
        }
    } else if (!write && pages === 1) {
        frame = ZERO_FRAME;
        flags |= PTE_ZERO;
    } else {
        frame = newFrame(k, cpu, mm, vma, pages);
        if (vma.write) flags |= PTE_WRITE;
    }
    table.setLeaf(table.indexOf(base), frame, flags);
    if (table.level === 0) pgdEntryChanged(k, mm, cpu.index); // R69: a 4 MiB leaf installed
    k.frames.map(frame);
    if ((flags & PTE_WRITE) !== 0) checkWritableLeaf(k, cpu.index, mm, base, frame);
}

/**
 * do_wp_page (R7): copy if the page is the zero page, a page-cache page of a private mapping, or
 * mapped more than once; else reuse it in place (no flush, no callout).
 */
function writeProtectFault(leaf: LeafFault, visited = false): boolean {
    const { k, cpu, mm, vma, table, slot, vpn } = leaf;
    const flags = table.flags![slot];
    const old = table.frame![slot];
    const frames = k.frames;
    const copy =
        !vma.shared &&
        ((flags & PTE_ZERO) !== 0 ||
            frames.isFile(old) ||
            frames.mapcountOf(old) > 1 ||
            frames.inSwapCacheWithOthers(old));
    if (!visited) visitPteTable(k, cpu, mm, table, true);
    if (table.level === 0) pgdEntryChanged(k, mm, cpu.index); // R69: reuse or COW of a 4 MiB leaf
    if (!copy) {
        table.setFlags(slot, flags | PTE_WRITE);
        checkWritableLeaf(k, cpu.index, mm, vpn - (vpn % table.spanPages), old);
        return true;
    }
    const pages = table.spanPages;
    const frame = newFrame(k, cpu, mm, vma, pages); // a leaf at a table level above the PTEs is large
    k.count(FIG.cowFaults, 1, cpu.index, mm);
    flushPage(k, mm, vpn - (vpn % pages), pages, cpu.index, 'cow'); // R10: ptep_clear_flush
    notifyPage(k, mm, vpn - (vpn % pages), 'cow', cpu.index);
    k.frames.unmap(old);
    table.setLeaf(slot, frame, (flags & ~PTE_ZERO) | PTE_WRITE);
    k.frames.map(frame);
    checkWritableLeaf(k, cpu.index, mm, vpn - (vpn % pages), frame);
    return true;
}

/**
 * do_swap_page (R28, docs/model.md R38): a frame unless in the swap cache; a write maps it writable
 * only if exclusive (mapcount + swap count == 1, can_share_swap_page); otherwise it maps it read-only
 * and do_wp_page breaks COW in the same fault, with the PTE table still mapped (one visit).
 */
function swapIn(leaf: LeafFault, write: boolean): boolean {
    const { k, cpu, mm, table, slot, vpn } = leaf;
    visitPteTable(k, cpu, mm, table, true);
    const r = k.frames.swapIn(table.frame![slot]);
    if (r.allocated) k.count(FIG.framesAllocated, 1, cpu.index, mm);
    const writable = write && r.exclusive;
    table.setLeaf(slot, r.frame, PTE_PRESENT | (writable ? PTE_WRITE : 0));
    k.frames.map(r.frame);
    if (writable) checkWritableLeaf(k, cpu.index, mm, vpn, r.frame);
    else if (write) return writeProtectFault(leaf, true);
    return true;
}
