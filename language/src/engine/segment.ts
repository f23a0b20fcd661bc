/**
 * VAS segments (docs/model.md R57, R78; Smejkal's RFC): a fixed region whose frames every VAS that
 * attaches it shares, one frame per page offset like a shmem file, each VAS with its own page
 * tables. munmap, madvise and seg-detach in one VAS affect that VAS only; seg-zap (hole punch or
 * truncate: unmap_mapping_range of mm/memory.c) reaches every mm that maps the pages.
 */
import type { Kernel } from './kernel.js';
import type { Cpu } from './cpu.js';
import type { Mm, Vma } from './mm.js';
import type { SegmentConfig, TaskRef } from './scenario.js';
import { flushRequest } from './flush.js';
import { zapRange } from './zap.js';
import { notifyZap, zapGather, ATOMIC } from './notifier.js';
import { cpuOfTask } from './sched.js';
import { pagesOf, vpnOf } from './machine.js';
import { liveVas, isRfc } from './vas.js';
import { partsOf, unmapParts } from './vas-rfc.js';

const SEGMENT_PREFIX = '\u0000segment:';

function segmentFile(segment: SegmentConfig): string {
    return SEGMENT_PREFIX + segment.name;
}

export function isSegment(vma: Vma): boolean {
    return vma.file !== null && vma.file.startsWith(SEGMENT_PREFIX);
}

/** The mms a VAS's mappings live in: its own, plus every rfc attachment (R73 (4)). */
function mmsOf(k: Kernel, vas: Mm): Mm[] {
    return isRfc(k, vas) ? [vas, ...vas.attachments] : [vas];
}

/** Attaches a segment to a VAS: a shared VMA at its fixed address whose frames all VASes share. */
export function segmentAttach(k: Kernel, segment: SegmentConfig | undefined, vasName: string): void {
    const vas = liveVas(k, vasName, 'segment attach');
    if (!vas || !segment) {
        if (!segment) k.error(`segment attach: no such segment`);
        return;
    }
    const { first, end } = pagesOf(segment.start, segment.size);
    if (vas.overlaps(first, end)) {
        k.error(`segment attach: segment ${segment.name} overlaps a mapping of ${vasName}`);
        return;
    }
    const vma: Vma = {
        start: first,
        end,
        read: true,
        write: true,
        exec: false,
        shared: true,
        file: segmentFile(segment),
        filePage: 0,
        pages: 1,
        anonVma: 0,
        ...(isRfc(k, vas) ? { vasId: vas.id } : {}),
    };
    for (const mm of mmsOf(k, vas)) if (!mm.overlaps(first, end)) mm.insert({ ...vma });
}

/** The CPU an operation `by` a task issues on, or CPU 0 for none (a driver's set-up). */
function issuer(k: Kernel, by: TaskRef | undefined, what: string): Cpu | null {
    if (!by) return k.cpus[0];
    return cpuOfTask(k, k.findTask(by.name, by.thread), what);
}

/** seg-detach (R57): the VAS's mapping of the segment goes, in that VAS's mm(s) only, as an munmap. */
export function segmentDetach(k: Kernel, segment: SegmentConfig | undefined, vasName: string, by?: TaskRef): void {
    const cpu = issuer(k, by, 'segment detach');
    const vas = cpu && liveVas(k, vasName, 'segment detach');
    if (!cpu || !vas) return;
    if (!segment) return k.error(`segment detach: no such segment`, cpu.index);
    const { first, end } = pagesOf(segment.start, segment.size);
    const file = segmentFile(segment);
    if (!vas.overlapping(first, end).some(v => v.file === file)) {
        return k.error(`segment detach: segment ${segment.name} is not attached to ${vasName}`, cpu.index);
    }
    for (const mm of mmsOf(k, vas))
        unmapParts(
            k,
            cpu,
            mm,
            partsOf(mm, first, end, v => v.file === file),
            first,
            end,
            'seg-detach',
        );
}

/**
 * seg-zap (R57, R78): unmap_mapping_range over [start, end) of the segment. Every live mm mapping those
 * pages, in creation order: one zap, one callout pair (one interval invalidate) over [first part's
 * start, last part's end) from atomic context (i_mmap_lock), one request over its cleared leaves, all
 * on the caller's CPU. Then the frames leave the segment (the next fault allocates a new one).
 */
export function segmentZap(
    k: Kernel,
    segment: SegmentConfig | undefined,
    by: TaskRef,
    start?: bigint,
    size?: bigint,
): void {
    const cpu = issuer(k, by, 'segment zap');
    if (!cpu) return;
    if (!segment) return k.error(`segment zap: no such segment`, cpu.index);
    const seg = pagesOf(segment.start, segment.size);
    const first = start === undefined ? seg.first : vpnOf(start);
    const end = size === undefined ? seg.end : pagesOf(start ?? segment.start, size).end;
    if (first < seg.first || end > seg.end || end <= first) {
        return k.error(`segment zap: the range is not inside segment ${segment.name}`, cpu.index);
    }
    const file = segmentFile(segment);
    const mms = [...k.mms.values()].filter(mm => !mm.dead).sort((a, b) => a.id - b.id);
    // A sleeping notifier's callout under i_mmap_lock ends the run there: nothing after it (R53, R77).
    for (const mm of mms) if (!zapSegmentIn(k, cpu, mm, file, first, end)) return;
    k.frames.evict(file, first - seg.first, end - seg.first);
}

function zapSegmentIn(k: Kernel, cpu: Cpu, mm: Mm, file: string, first: number, end: number): boolean {
    const parts = partsOf(mm, first, end, v => v.file === file);
    if (parts.length === 0) return true;
    const g = zapGather(mm);
    for (const [s, e] of parts) zapRange(k, cpu, mm, s, e, g);
    if (
        !notifyZap(k, mm, parts[0][0], parts[parts.length - 1][1], g.cleared, cpu.index, {
            leaves: g.leaves,
            atomic: ATOMIC.segZap,
        })
    )
        return false;
    const request = g.request(mm, cpu.index, 'seg-zap');
    if (request) flushRequest(k, request);
    return true;
}
