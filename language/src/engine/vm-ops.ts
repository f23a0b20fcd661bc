/**
 * The address-space system calls: mmap (first fit, MAP_FIXED, vma_merge: R27), munmap (R11, R12,
 * R21, R23), madvise(MADV_DONTNEED) and mprotect (R12, R25): mm/mmap.c, mm/madvise.c, mm/mprotect.c.
 */
import type { Kernel } from './kernel.js';
import type { Cpu } from './cpu.js';
import type { Mm, Vma } from './mm.js';
import type { Protection, Backing } from './scenario.js';
import { flushRequest } from './flush.js';
import { zapRange, freePgtables } from './zap.js';
import { notifyZap, notifyProtect, zapGather } from './notifier.js';
import { forEachLeafRange, PTE_PRESENT, PTE_WRITE, PTE_PROTNONE, PTE_ZERO } from './page-table.js';
import { visitPteTable } from './kernel-entry.js';
import { hexOfVpn } from './format.js';
import { rfcMmap, rfcMunmap, rfcMprotect } from './vas-rfc.js';
import { windowPages, pgdEntryChanged } from './ukva.js';
import { PAGE_SHIFT } from './machine.js';

export interface MmapRequest {
    /** Fixed start page (MAP_FIXED), or undefined for first fit. */
    start?: number;
    pages: number;
    backing: Backing;
    shared: boolean;
    prot: Protection;
    /** Page size in 4 KiB pages. */
    pageSize: number;
}

/** The huge-page VMA that [start, end) cuts at an address not aligned to its page size, and where. */
function hugeCut(mm: Mm, start: number, end: number): { vma: Vma; at: number } | null {
    for (const vma of mm.overlapping(start, end)) {
        if (vma.pages <= 1) continue;
        if (start > vma.start && start % vma.pages !== 0) return { vma, at: start };
        if (end < vma.end && end % vma.pages !== 0) return { vma, at: end };
    }
    return null;
}

/**
 * docs/model.md R37: munmap, mprotect, madvise or MAP_FIXED cutting a huge-page VMA at an unaligned
 * address fails with EINVAL (hugetlb_vm_op_split): an error event, nothing changed. True if it did.
 */
function failsHugeCut(k: Kernel, cpu: Cpu, mm: Mm, what: string, start: number, end: number): boolean {
    const cut = hugeCut(mm, start, end);
    if (!cut) return false;
    const { vma, at } = cut;
    const kib = vma.pages * 4;
    const size = kib >= 1 << 20 ? `${kib >> 20} GiB` : `${kib >> 10} MiB`;
    k.error(
        `${what}: EINVAL: ${hexOfVpn(at)} cuts the ${size} huge-page mapping [${hexOfVpn(vma.start)}, ` +
            `${hexOfVpn(vma.end)}) off its page boundary (hugetlb split)`,
        cpu.index,
    );
    return true;
}

/** mmap: returns the start page, or -1 (an error event) when no gap fits. */
export function mmap(k: Kernel, cpu: Cpu, mm: Mm, r: MmapRequest): number {
    if (mm.attachment) return rfcMmap(k, cpu, mm, r); // R73 (4): the VAS's mapping
    const pages = Math.ceil(r.pages / r.pageSize) * r.pageSize;
    let start = r.start ?? -1;
    const win = windowPages(k);
    if (win && start >= 0 && start < win.end && start + pages > win.start) {
        k.error(`mmap: ${hexOfVpn(start)} overlaps the UKVA window`, cpu.index);
        return -1;
    }
    if (start >= 0) {
        if (failsHugeCut(k, cpu, mm, 'mmap', start, start + pages)) return -1;
        if (mm.overlaps(start, start + pages)) munmap(k, cpu, mm, start, start + pages); // MAP_FIXED unmaps first
    } else {
        const top = win && win.start < k.taskTopVpn ? win.start : k.taskTopVpn;
        start = mm.firstFit(pages, k.unmappedBaseVpn, top, r.pageSize);
        if (start < 0) {
            k.error(`mmap: no free range of ${pages} pages in user space`, cpu.index);
            return -1;
        }
    }
    let file: string | null = null;
    let filePage = 0;
    if (r.backing.kind === 'file') {
        file = r.backing.file;
        filePage = Number(r.backing.offset >> BigInt(PAGE_SHIFT));
    } else if (r.shared) file = `\u0000shmem${k.newAnonVma()}`; // shared anonymous memory is shmem
    mm.insert(requestedVma(r, start, pages, { shared: r.shared, file, filePage }));
    return start;
}

/** The VMA an mmap request makes over [start, start + pages), backed as the caller resolved it. */
export function requestedVma(
    r: MmapRequest,
    start: number,
    pages: number,
    backing: Pick<Vma, 'shared' | 'file' | 'filePage'>,
): Vma {
    const { read, write, exec } = r.prot;
    return { start, end: start + pages, read, write, exec, ...backing, pages: r.pageSize, anonVma: 0 };
}

/**
 * munmap (R12): one zap call over [start, end) holes included, one flush request, then free_pgtables.
 * `noflush` (docs/model.md R40, R66) leaves out only the CPU flush request; callouts still happen.
 */
export function munmap(k: Kernel, cpu: Cpu, mm: Mm, start: number, end: number, noflush = false): void {
    if (mm.attachment) return rfcMunmap(k, cpu, mm, start, end); // R73 (4): every mm of the VAS
    if (failsHugeCut(k, cpu, mm, 'munmap', start, end)) return;
    const any = mm.overlaps(start, end);
    const removed = mm.remove(start, end);
    const g = zapGather(mm);
    for (const part of removed) zapRange(k, cpu, mm, part.start, part.end, g);
    if (any) notifyZap(k, mm, start, end, g.cleared, cpu.index, { leaves: g.leaves });
    // tlb_finish_mmu flushes after free_pgtables: the request knows whether tables went (6.x's
    // freed_tables, R75), and under ukva each freed PTE table's window slot is one more page of it (R87).
    const freed = freePgtables(k, mm, start, end, cpu.index);
    const slots = k.split.pagetables === 'ukva' ? freed.pteTables : 0;
    const request =
        g.request(mm, cpu.index, 'munmap') ??
        (slots > 0
            ? { mm, start: 0, count: 0, unitPages: 1, kind: 'range' as const, issuer: cpu.index, reason: 'munmap' }
            : null);
    if (request && !noflush) flushRequest(k, { ...request, slotPages: slots, freedTables: freed.tables > 0 });
}

/**
 * madvise(MADV_DONTNEED): per VMA part a zap, a callout pair and a flush; tables stay (R12, R23). The
 * caller's mm only, segment pages included (R57; an rfc attachment alone, R73 (4)).
 */
export function madviseDontneed(k: Kernel, cpu: Cpu, mm: Mm, start: number, end: number, noflush = false): void {
    if (failsHugeCut(k, cpu, mm, 'madvise', start, end)) return;
    for (const vma of mm.overlapping(start, end)) {
        const s = Math.max(start, vma.start);
        const e = Math.min(end, vma.end);
        const g = zapGather(mm);
        zapRange(k, cpu, mm, s, e, g);
        notifyZap(k, mm, s, e, g.cleared, cpu.index, { leaves: g.leaves });
        const request = g.request(mm, cpu.index, 'madvise');
        if (request && !noflush) flushRequest(k, request);
    }
}

function sameProt(v: Vma, p: Protection): boolean {
    return v.read === p.read && v.write === p.write && v.exec === p.exec;
}

/** change_protection over one VMA part; returns whether it held a present PTE. */
function changeProtection(k: Kernel, cpu: Cpu, mm: Mm, vma: Vma): boolean {
    let present = false;
    const accessible = vma.read || vma.write || vma.exec;
    forEachLeafRange(mm.root, vma.start, vma.end, (t, first, last) => {
        visitPteTable(k, cpu, mm, t, true);
        const flags = t.flags!;
        for (let i = first; i <= last; i++) {
            const f = flags[i];
            if ((f & (PTE_PRESENT | PTE_PROTNONE)) === 0) continue;
            present = true; // R35: PROT_NONE PTEs are present for mprotect's flush
            // Private PTEs only lose write (a reuse fault restores it); shared ones follow the VMA.
            const writable = vma.write && (f & PTE_ZERO) === 0 && (vma.shared || (f & PTE_WRITE) !== 0);
            const next = accessible
                ? (f & ~(PTE_PROTNONE | PTE_WRITE)) | PTE_PRESENT | (writable ? PTE_WRITE : 0)
                : (f & ~(PTE_PRESENT | PTE_WRITE)) | PTE_PROTNONE;
            if (next === f) continue;
            t.setFlags(i, next);
            if (t.level === 0) pgdEntryChanged(k, mm, cpu.index); // R69: a 4 MiB leaf's protection
        }
    });
    return present;
}

/** mprotect (R12, R25): per VMA part whose protection changes, callouts and, if it holds a present PTE, a flush. */
export function mprotect(
    k: Kernel,
    cpu: Cpu,
    mm: Mm,
    start: number,
    end: number,
    prot: Protection,
    noflush = false,
): void {
    if (mm.attachment) return rfcMprotect(k, cpu, mm, start, end, prot); // R73 (4): every mm of the VAS
    if (!mm.overlaps(start, end)) {
        k.error(`mprotect: no mapping at ${hexOfVpn(start)}`, cpu.index);
        return;
    }
    if (failsHugeCut(k, cpu, mm, 'mprotect', start, end)) return;
    mm.splitAt(start);
    mm.splitAt(end);
    for (const vma of mm.overlapping(start, end)) {
        if (sameProt(vma, prot)) continue;
        vma.read = prot.read;
        vma.write = prot.write;
        vma.exec = prot.exec;
        notifyProtect(k, mm, vma.start, vma.end, cpu.index);
        if (changeProtection(k, cpu, mm, vma) && !noflush) {
            flushRequest(k, {
                mm,
                start: vma.start,
                count: vma.end - vma.start,
                unitPages: 1,
                kind: 'range',
                issuer: cpu.index,
                reason: 'mprotect',
            });
        }
    }
    for (let i = mm.vmas.length - 1; i >= 0; i--) if (i < mm.vmas.length) mm.mergeAround(i);
}
