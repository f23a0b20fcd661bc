import { describe, it, expect } from 'vitest';
import { runScenario, type RunResult } from '../../language/src/engine/index.js';
import { Kernel } from '../../language/src/engine/kernel.js';
import { Runner } from '../../language/src/engine/runner.js';
import { sameFamily } from '../../language/src/engine/mm.js';
import type { ScenarioConfig, SegmentConfig, VasModel } from '../../language/src/engine/scenario.js';
import { Scenario, PAGE, RO, RW, task } from './builders.js';
import { figuresOf } from './helpers.js';
import { expectDiagnostics } from '../language/helpers.js';

const SEG = 0x50000000n;
const HEAP = 0x10000000n;
const VMEM = 0x20000000n;

/** The builder's scenario with VASes of the given models and segments. */
function config(s: Scenario, models: Record<string, VasModel>, segments: SegmentConfig[] = []): ScenarioConfig {
    return { ...s.build(), vases: Object.keys(models), vasModels: models, segments };
}

function run(s: Scenario, models: Record<string, VasModel>, segments: SegmentConfig[] = []): RunResult {
    return runScenario(config(s, models, segments));
}

const vasCreate = (s: Scenario, vas: string) => s.op({ kind: 'vas-create', vas });
const vasAttach = (s: Scenario, vas: string, t: string) => {
    const { name, thread } = task(t);
    return s.op({ kind: 'vas-attach', vas, process: name, ...(thread ? { thread } : {}) });
};
const vasSwitch = (s: Scenario, t: string, to: string) => s.op({ kind: 'vas-switch', task: task(t), to });
const segAttach = (s: Scenario, segment: string, vas: string) => s.op({ kind: 'segment-attach', segment, vas });
const segZap = (s: Scenario, segment: string, by: string, start?: bigint, size?: bigint) =>
    s.op({
        kind: 'segment-zap',
        segment,
        by: task(by),
        ...(start !== undefined ? { start } : {}),
        ...(size !== undefined ? { size } : {}),
    });
const flushes = (r: RunResult, id: number) =>
    r.events.filter(e => e.kind === 'flush' && e.statementId === id).map(e => [e.mm, e.reason, e.pages, e.targets]);

describe('first-class VAS and segments (section 9)', () => {
    function scenario() {
        const s = new Scenario().process('a');
        const create = vasCreate(s, 'v1');
        vasCreate(s, 'v2');
        vasAttach(s, 'v1', 'a');
        vasAttach(s, 'v2', 'a');
        segAttach(s, 'shared', 'v1');
        segAttach(s, 'shared', 'v2');
        s.switch(0, 'a');
        const toV1 = vasSwitch(s, 'a', 'v1');
        const w = s.write('a', SEG);
        const toV2 = vasSwitch(s, 'a', 'v2');
        const r = s.read('a', SEG);
        const zap = s.madvise('a', SEG, PAGE);
        vasSwitch(s, 'a', 'v1');
        const again = s.read('a', SEG);
        const home = vasSwitch(s, 'a', 'a');
        const result = run(s, { v1: 'shared', v2: 'shared' }, [{ name: 'shared', start: SEG, size: PAGE }]);
        return { result, create, toV1, toV2, w, r, zap, again, home };
    }

    it('GIVEN a VAS WHEN created and entered THEN a pgd, then a VAS switch with its CR3 write and flush', () => {
        const { result, create, toV1, home } = scenario();
        expect(figuresOf(result, create)).toEqual({ vasCreates: 1, ptPagesAllocated: 1, lowmemPages: 1 });
        // 468 ns + a full flush of 96 cycles at 2.4 GHz (40 ns).
        expect(result.statements.find(x => x.id === toV1)!.figures).toEqual({
            vasSwitches: 1,
            cr3Writes: 1,
            fullFlushes: 1,
            estimatedTime: 508,
        });
        expect(figuresOf(result, home)).toMatchObject({ vasSwitches: 1, cr3Writes: 1, fullFlushes: 1 });
        expect(result.errors).toEqual([]);
    });

    it('GIVEN a segment in two VASes WHEN written in one and read in the other THEN one frame, each VAS its own tables', () => {
        const { result, w, r } = scenario();
        expect(figuresOf(result, w)).toMatchObject({ framesAllocated: 1, ptPagesAllocated: 3 });
        expect(figuresOf(result, r)).toMatchObject({ pageFaults: 1, ptPagesAllocated: 3 });
        expect(figuresOf(result, r).framesAllocated).toBeUndefined();
    });

    it('GIVEN segment pages in both VASes WHEN madvise dontneed in one THEN only that VAS is zapped (R57)', () => {
        // The defect: madvise zapped every VAS mapping the segment. MADV_DONTNEED zaps the caller's mm
        // (zap_page_range on current->mm); only unmap_mapping_range (seg-zap) walks the file's i_mmap.
        const { result, zap, again } = scenario();
        // v2 (current on CPU 0): invlpg 1 dropping the read entry; v1 is not touched.
        expect(figuresOf(result, zap)).toEqual({ invlpg: 1, tlbEntriesDropped: 1 });
        expect(flushes(result, zap)).toEqual([['v2', 'madvise', 1, [0]]]);
        // Back in v1 its PTE is still there: a TLB miss (the switch flushed) and a 4-level walk, no fault.
        expect(figuresOf(result, again)).toEqual({ accesses: 1, tlbMisses: 1, walks: 1, walkRefs: 4 });
    });
});

describe('R54: vas switch to the active space, exit and fork inside a VAS', () => {
    function inside() {
        const s = new Scenario().process('a');
        vasCreate(s, 'v');
        vasAttach(s, 'v', 'a');
        s.switch(0, 'a');
        vasSwitch(s, 'a', 'v');
        return s;
    }

    it('GIVEN a task in v WHEN it switches to v again THEN nothing happens (no vasSwitches, no CR3 write)', () => {
        const s = inside();
        const again = vasSwitch(s, 'a', 'v');
        const result = run(s, { v: 'shared' });
        expect(figuresOf(result, again)).toEqual({});
        expect(result.errors).toEqual([]);
    });

    it('GIVEN 4G/4G WHEN a task switches to the space it is in THEN it still enters the kernel: 2 CR3 writes, 2 flushes (R30, R82)', () => {
        const s = new Scenario(
            { arch: 'i386' },
            { fourGFourG: true, taskSize: 0xff000000n, pageOffset: 0x02000000n },
        ).process('a');
        s.switch(0, 'a');
        const own = vasSwitch(s, 'a', 'a');
        const result = run(s, {});
        expect(figuresOf(result, own)).toEqual({ cr3Writes: 2, fullFlushes: 2 });
    });

    it('GIVEN a task inside v WHEN it exits THEN it first switches back (vasSwitches 1, CR3 write, flush), then to idle', () => {
        const s = inside();
        const exit = s.exit('a');
        const result = run(s, { v: 'shared' });
        // vas switch back: 468 ns, CR3 write with a full flush (no PCID); switch to idle: contextSwitches 1;
        // exit_mmap of a: no VMA, no leaf, no flush request; its pgd freed (1 table, 1 lowmem page).
        expect(figuresOf(result, exit)).toEqual({
            vasSwitches: 1,
            cr3Writes: 1,
            fullFlushes: 1,
            contextSwitches: 1,
            ptPagesFreed: 1,
            lowmemPages: -1,
        });
        expect(result.errors).toEqual([]);
    });

    it('GIVEN a task inside v WHEN it forks THEN an error event and no child', () => {
        const s = inside();
        const fork = s.fork('a', 'c');
        const result = run(s, { v: 'shared' });
        expect(figuresOf(result, fork)).toEqual({});
        expect(result.errors.map(e => e.message)).toEqual([
            'fork: a runs inside VAS v; fork inside a VAS is not allowed (R54)',
        ]);
    });
});

describe('R55, R73: model rfc, one mm per attached task', () => {
    /**
     * a writes 8 pages of its heap, attaches v (rfc), enters it, maps and writes 4 pages of v, reads its
     * heap there, goes home, unmaps the heap's last page, and enters v again.
     */
    function rfc() {
        const s = new Scenario().process('a', 2);
        s.switch(0, 'a');
        s.mmap('a', HEAP, 8n * PAGE);
        s.write('a', HEAP, 8n * PAGE);
        const create = vasCreate(s, 'v');
        const attach = vasAttach(s, 'v', 'a');
        const enter = vasSwitch(s, 'a', 'v');
        s.mmap('a', VMEM, 4n * PAGE);
        const writeV = s.write('a', VMEM, 4n * PAGE);
        const readHeap = s.read('a', HEAP, 8n * PAGE);
        const home = vasSwitch(s, 'a', 'a');
        const unmap = s.munmap('a', HEAP + 7n * PAGE, PAGE);
        const sync = vasSwitch(s, 'a', 'v');
        return { s, create, attach, enter, writeV, readHeap, home, unmap, sync };
    }

    it('GIVEN a task with a written heap WHEN it attaches v THEN a pgd and one table per source table (pud, pmd, pte)', () => {
        const { s, attach } = rfc();
        const result = run(s, { v: 'rfc' });
        // vas_attach: the attachment's pgd + dup_page_range of the heap VMA: the heap's pud, pmd and
        // PTE table copied one for one (R8's rule), the 8 PTEs as they are (writable: no COW, no flush).
        expect(figuresOf(result, attach)).toEqual({ ptPagesAllocated: 4, lowmemPages: 4 });
        expect(result.errors).toEqual([]);
    });

    it('GIVEN the attachment WHEN the task enters, writes v and reads its heap THEN v is faulted, the heap is not', () => {
        const { s, enter, writeV, readHeap } = rfc();
        const result = run(s, { v: 'rfc' });
        // Nothing changed since the attach: no sync. The CR3 write flushes the 8 heap entries.
        expect(figuresOf(result, enter)).toEqual({
            vasSwitches: 1,
            cr3Writes: 1,
            fullFlushes: 1,
            tlbEntriesDropped: 8,
        });
        // v's 4 pages: 4 faults, 4 frames of v (no zero page); VMEM shares the heap's pud and pmd
        // (both below 1 GiB) but needs its own PTE table (another 2 MiB): 1 table.
        // Walks: the first miss stops at the empty pmd entry (3 refs), the other 3 at the empty PTE (4 refs
        // each), and 4 retries of 4 refs: 3 + 12 + 16.
        expect(figuresOf(result, writeV)).toEqual({
            accesses: 4,
            tlbMisses: 4,
            walks: 8,
            walkRefs: 3 + 3 * 4 + 4 * 4,
            pageFaults: 4,
            framesAllocated: 4,
            ptPagesAllocated: 1,
            lowmemPages: 1,
        });
        // The heap's PTEs were copied: 8 misses, 8 walks of 4 refs, no fault.
        expect(figuresOf(result, readHeap)).toEqual({ accesses: 8, tlbMisses: 8, walks: 8, walkRefs: 32 });
    });

    it('GIVEN the task changed its own VMAs at home WHEN it enters v again THEN one sync: the old heap leaves, the new is copied', () => {
        const { s, unmap, sync } = rfc();
        const result = run(s, { v: 'rfc' });
        // Home munmap of 1 page: 1 local invlpg (the entry was flushed by the switch home: nothing dropped);
        // the heap's PTE table stays (the VMA still covers 7 pages of it).
        expect(figuresOf(result, unmap)).toEqual({ invlpg: 1 });
        // sync_task: the 8-page heap VMA is gone and a 7-page one is new. The attachment unmaps the old
        // range (8 present leaves; its cpumask is empty since the switch home: no flush) and frees that
        // PTE table (v's VMA keeps the pmd); then copies the 7-page heap: 1 new PTE table.
        expect(figuresOf(result, sync)).toEqual({
            vasSyncs: 1,
            ptPagesFreed: 1,
            ptPagesAllocated: 1,
            vasSwitches: 1,
            cr3Writes: 1,
            fullFlushes: 1,
        });
    });

    it('GIVEN one attachment per task WHEN thread a.1 (not attached) switches to v THEN an error event (vas_attach(tsk))', () => {
        const { s } = rfc();
        s.switch(0, 'a.1');
        const bad = vasSwitch(s, 'a.1', 'v');
        const result = run(s, { v: 'rfc' });
        expect(figuresOf(result, bad)).toEqual({});
        expect(result.errors.map(e => e.message)).toEqual([
            'vas switch: task a.1 has no attachment of VAS v (model rfc attaches per task)',
        ]);
    });

    it('GIVEN model rfc on i386 WHEN the VAS is created THEN an error event: the RFC was x86_64-only', () => {
        const s = new Scenario({ arch: 'i386' }).process('a');
        const create = vasCreate(s, 'v');
        const result = run(s, { v: 'rfc' });
        expect(figuresOf(result, create)).toEqual({});
        expect(result.errors.map(e => e.message)).toEqual([
            'vas create: VAS v is model rfc, which i386 does not support (the RFC was x86_64-only)',
        ]);
    });

    it("GIVEN the attachment WHEN the kernel state is inspected THEN it is of its task mm's family (R79)", () => {
        const { s } = rfc();
        const cfg = config(s, { v: 'rfc' });
        const k = new Kernel(cfg.machine, cfg.split, { budget: 1e6, maxEvents: 100 });
        const runner = new Runner(k, {});
        runner.setup(cfg);
        runner.runAll(cfg.statements);
        const [a, v, att] = ['a', 'v', 'v@a'].map(n => k.mms.get(n)!);
        expect([sameFamily(att, a), sameFamily(att, v), sameFamily(a, v)]).toEqual([true, false, false]);
    });
});

describe("R73 (3), (4), (6): v's memory, munmap everywhere, madvise alone, exit", () => {
    /** a (CPU 0) and b (CPU 1) each attach v and enter it; a writes 4 pages of v, b reads them. */
    function two() {
        const s = new Scenario({ cpus: 2 }).process('a').process('b');
        vasCreate(s, 'v');
        vasAttach(s, 'v', 'a');
        vasAttach(s, 'v', 'b');
        s.switch(0, 'a');
        s.switch(1, 'b');
        vasSwitch(s, 'a', 'v');
        s.mmap('a', VMEM, 4n * PAGE);
        vasSwitch(s, 'b', 'v');
        const write = s.write('a', VMEM, 4n * PAGE);
        const read = s.read('b', VMEM, 4n * PAGE);
        return { s, write, read };
    }

    it("GIVEN a wrote v's pages WHEN b reads them in its attachment THEN 4 faults and no frame: they are v's", () => {
        const { s, write, read } = two();
        const result = run(s, { v: 'rfc' });
        expect(figuresOf(result, write)).toMatchObject({ pageFaults: 4, framesAllocated: 4 });
        // b's attachment has no PTEs for them yet (the mmap reached its VMAs only): 4 faults find v's
        // frames and map them writable (no zero page, no COW); its pud, pmd and PTE table: 3 tables.
        expect(figuresOf(result, read)).toMatchObject({ pageFaults: 4, ptPagesAllocated: 3 });
        expect(figuresOf(result, read).framesAllocated).toBeUndefined();
    });

    it("GIVEN both attachments map v's pages WHEN a munmaps them THEN one request per mm in creation order, from CPU 0", () => {
        const { s } = two();
        const unmap = s.munmap('a', VMEM, 4n * PAGE);
        const again = s.read('b', VMEM);
        const result = run(s, { v: 'rfc' });
        // v's own mm has the VMA but no PTE: no request (n = 0). v@a: n = 4 on CPU 0, local. v@b: n = 4
        // on CPU 1, remote: 1 IPI, 1 shootdown. 8 invlpg, each dropping a cached entry.
        expect(flushes(result, unmap)).toEqual([
            ['v@a', 'munmap', 4, [0]],
            ['v@b', 'munmap', 4, [1]],
        ]);
        expect(figuresOf(result, unmap)).toMatchObject({ invlpg: 8, ipis: 1, shootdowns: 1, tlbEntriesDropped: 8 });
        // The VMA is gone from b's attachment too: a segfault.
        expect(figuresOf(result, again)).toMatchObject({ segfaults: 1 });
    });

    it("GIVEN both attachments map v's pages WHEN a mprotects them read-only THEN every mm of v changes", () => {
        const { s } = two();
        const ro = s.mprotect('a', VMEM, 4n * PAGE, RO);
        const write = s.write('b', VMEM);
        const result = run(s, { v: 'rfc' });
        // R12 per mm: v's own mm holds no PTE (no request); v@a n = 4 on CPU 0; v@b n = 4 on CPU 1 by IPI.
        expect(flushes(result, ro)).toEqual([
            ['v@a', 'mprotect', 4, [0]],
            ['v@b', 'mprotect', 4, [1]],
        ]);
        // b's VMA is read-only now: its write misses (the entry is gone), walks, and segfaults.
        expect(figuresOf(result, write)).toMatchObject({ pageFaults: 1, segfaults: 1 });
    });

    it("GIVEN both attachments map v's pages WHEN a madvises them THEN only a's attachment is zapped", () => {
        const { s } = two();
        const dontneed = s.madvise('a', VMEM, 4n * PAGE);
        const again = s.read('b', VMEM, 4n * PAGE);
        const result = run(s, { v: 'rfc' });
        expect(flushes(result, dontneed)).toEqual([['v@a', 'madvise', 4, [0]]]);
        // b's TLB entries and PTEs are untouched: 4 hits.
        expect(figuresOf(result, again)).toEqual({ accesses: 4, tlbHits: 4 });
    });

    it('GIVEN a inside its attachment WHEN it exits THEN it switches back, then the attachment is torn down', () => {
        const { s } = two();
        const exit = s.exit('a');
        const result = run(s, { v: 'rfc' });
        // vas switch back (CR3 write, full flush dropping the 4 entries); vas_exit: exit_mmap of v@a: its
        // 4 leaves cleared, its flush_tlb_mm reaches no CPU (CPU 0 left its cpumask at the switch back),
        // its 4 tables freed (pgd, pud, pmd, pte); switch to idle; a's own mm: no VMA, its pgd freed.
        expect(figuresOf(result, exit)).toEqual({
            vasSwitches: 1,
            cr3Writes: 1,
            fullFlushes: 1,
            tlbEntriesDropped: 4,
            contextSwitches: 1,
            ptPagesFreed: 5,
            lowmemPages: -5,
        });
        expect(flushes(result, exit)).toEqual([['v@a', 'exit', 'all', []]]);
    });
});

describe('R57, R78: seg-zap reaches every VAS that maps the pages', () => {
    const SEGMENT = { name: 'table', start: SEG, size: 16n * PAGE };

    /** a on CPU 0 in v1, a.1 on CPU 1 in v2; both read the 16 segment pages; v1 unmaps page 5. */
    function zapped() {
        const s = new Scenario({ cpus: 2 }).process('a', 2);
        s.notifier({ name: 'n1', mm: 'v1', registerAtSetup: false });
        vasCreate(s, 'v1');
        vasCreate(s, 'v2');
        s.op({ kind: 'register', notifier: 'n1' });
        vasAttach(s, 'v1', 'a');
        vasAttach(s, 'v2', 'a');
        segAttach(s, 'table', 'v1');
        segAttach(s, 'table', 'v2');
        s.switch(0, 'a');
        s.switch(1, 'a.1');
        vasSwitch(s, 'a', 'v1');
        vasSwitch(s, 'a.1', 'v2');
        s.read('a', SEG, 16n * PAGE);
        s.read('a.1', SEG, 16n * PAGE);
        // n1's secondary maps v1's 16 pages (R71: a secondary that maps nothing issues no instruction).
        s.op({ kind: 'device-access', notifier: 'n1', access: 'read', range: { start: SEG, size: 16n * PAGE } });
        const hole = s.munmap('a', SEG + 5n * PAGE, PAGE);
        const zap = segZap(s, 'table', 'a');
        const again = s.read('a.1', SEG);
        return { s, hole, zap, again };
    }

    it('GIVEN a hole in v1 WHEN the segment is zapped THEN per mm one zap, one request, one callout pair over [start, end)', () => {
        const { s, hole, zap, again } = zapped();
        const result = run(s, { v1: 'shared', v2: 'shared' }, [SEGMENT]);
        // munmap in v1 affects v1 only: 1 invlpg on CPU 0; n1 sees one range pair of 1 page.
        expect(flushes(result, hole)).toEqual([['v1', 'munmap', 1, [0]]]);
        // seg-zap: v1 first (created first): parts [0, 5) and [6, 16): 15 leaves, span 16 pages (R11), local;
        // one pair over [0, 16), the hole included (R78): 16 pages, ceil(16 / 1024) = 1 instruction of the
        // range secondary, which drops the 15 pages it still maps (the hole's page went with the munmap).
        // v2: 16 leaves, 16 pages on CPU 1: 1 IPI, 1 shootdown. 16 + 16 invlpg, 15 + 16 entries dropped.
        expect(flushes(result, zap)).toEqual([
            ['v1', 'seg-zap', 16, [0]],
            ['v2', 'seg-zap', 16, [1]],
        ]);
        expect(figuresOf(result, zap)).toEqual({
            invlpg: 32,
            ipis: 1,
            shootdowns: 1,
            tlbEntriesDropped: 31,
            calloutsRangeStart: 1,
            calloutsRangeEnd: 1,
            secondaryFlushes: 1,
            secondaryPagesInvalidated: 15,
        });
        // From atomic context (i_mmap_lock, R53): the callout says so.
        expect(
            result.events.filter(e => e.kind === 'callout' && e.statementId === zap).map(e => [e.pages, e.atomic]),
        ).toEqual([[16, true]]);
        // The frames left the segment: v2's next read faults and allocates a new frame.
        expect(figuresOf(result, again)).toMatchObject({ pageFaults: 1, framesAllocated: 1 });
    });

    it('GIVEN a range of the segment WHEN zapped THEN only those pages, and a mm without them is skipped', () => {
        const { s } = zapped();
        const part = segZap(s, 'table', 'a', SEG + 8n * PAGE, 2n * PAGE);
        const result = run(s, { v1: 'shared', v2: 'shared' }, [SEGMENT]);
        // The full zap before emptied every PTE: no leaf to clear, no request; n1 still gets its pair (R23: p
        // is the range's length, the VMA overlaps), but its secondary maps nothing any more: no instruction (R71).
        expect(flushes(result, part)).toEqual([]);
        expect(figuresOf(result, part)).toEqual({ calloutsRangeStart: 1, calloutsRangeEnd: 1 });
    });

    it('GIVEN seg-detach of the segment from v1 THEN v1 only: v2 keeps its PTEs', () => {
        const s = new Scenario().process('a');
        vasCreate(s, 'v1');
        vasCreate(s, 'v2');
        vasAttach(s, 'v2', 'a');
        segAttach(s, 'table', 'v1');
        segAttach(s, 'table', 'v2');
        s.switch(0, 'a');
        vasSwitch(s, 'a', 'v2');
        s.read('a', SEG, 2n * PAGE);
        const detach = s.op({ kind: 'segment-detach', segment: 'table', vas: 'v1', by: task('a') });
        const again = s.read('a', SEG, 2n * PAGE);
        const result = run(s, { v1: 'shared', v2: 'shared' }, [SEGMENT]);
        expect(figuresOf(result, detach)).toEqual({});
        expect(figuresOf(result, again)).toEqual({ accesses: 2, tlbHits: 2 });
        expect(result.errors).toEqual([]);
    });
});

describe('R59: shared anonymous mmaps are one shmem object each', () => {
    it('GIVEN two adjacent shared anonymous mmaps THEN they never merge, and an object survives a split and a fork', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.mmap('a', HEAP, 2n * PAGE, { shared: true });
        s.mmap('a', HEAP + 2n * PAGE, 2n * PAGE, { shared: true });
        const write = s.write('a', HEAP, 4n * PAGE);
        const ro = s.mprotect('a', HEAP, 4n * PAGE, RO);
        const split = s.mprotect('a', HEAP + PAGE, PAGE, RW);
        s.fork('a', 'c');
        s.switch(0, 'c');
        const read = s.read('c', HEAP, 4n * PAGE);
        const result = run(s, {});
        expect(figuresOf(result, write)).toMatchObject({ pageFaults: 4, framesAllocated: 4 });
        // Two objects, two VMAs: mprotect's one request per changed VMA part (R12) makes 2, not 1.
        expect(flushes(result, ro)).toEqual([
            ['a', 'mprotect', 2, [0]],
            ['a', 'mprotect', 2, [0]],
        ]);
        // The split's second part keeps object offset 1: its PTE stays on the same frame.
        expect(flushes(result, split)).toEqual([['a', 'mprotect', 1, [0]]]);
        // The child shares the objects (R8: shared VMAs are not copied, it faults): 4 faults, no new frame.
        expect(figuresOf(result, read)).toMatchObject({ pageFaults: 4 });
        expect(figuresOf(result, read).framesAllocated).toBeUndefined();
    });
});

describe('checker: VAS and segment diagnostics', () => {
    const DECLS = `machine old { arch i386 }
machine m { arch x86_64 }
process app { threads 2 }
vas scratch { model rfc }
vas plain
segment table at 0x7000_0000_0000 size 1 MiB
`;

    it('GIVEN model rfc on an i386 machine THEN vas create is an error: no VAS support', async () => {
        const text = `${DECLS}run a on old {\n    vas create scratch\n    vas create plain\n}`;
        await expectDiagnostics(text, [
            [
                'vas create «scratch»',
                "error: VAS 'scratch' is model rfc, which i386 does not support: the RFC's first-class " +
                    'address spaces were x86_64-only',
            ],
        ]);
    });

    it('GIVEN vas switches without an earlier attach THEN errors: rfc per thread, shared per process', async () => {
        const text = `${DECLS}run b on m {
    vas create scratch
    vas create plain
    vas attach scratch to app
    vas attach plain to app[1]
    vas switch app to scratch
    vas switch app[1] to scratch
    vas switch app to plain
}`;
        await expectDiagnostics(text, [
            [
                'vas switch app[1] to «scratch»',
                "error: vas switch: task 'app[1]' has no attachment of VAS 'scratch' (model rfc attaches " +
                    'per task: `vas attach scratch to app[1]`)',
            ],
        ]);
    });

    it('GIVEN a shared VAS never attached THEN its switch is an error too', async () => {
        const text = `${DECLS}run b on m {\n    vas create plain\n    vas switch app to plain\n}`;
        await expectDiagnostics(text, [
            ['vas switch app to «plain»', "error: vas switch: 'app' has not attached VAS 'plain'"],
        ]);
    });

    it('GIVEN seg-zap of an unknown segment, or outside its segment THEN errors with ranges', async () => {
        const text = `${DECLS}run c on m {
    seg-zap nosuch by app
    seg-zap table at 0x7000_000f_f000 size 8 KiB by app
    segment zap table at 0x7000_0000_1000 size 4 KiB by app
}`;
        await expectDiagnostics(text, [
            ['seg-zap «nosuch»', "error: unknown segment 'nosuch'"],
            [
                '«0x7000_000f_f000»',
                "error: seg-zap: the range is not inside segment 'table' [0x700000000000, 0x700000100000)",
            ],
        ]);
    });
});
