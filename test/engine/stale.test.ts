import { describe, it, expect } from 'vitest';
import { Kernel } from '../../language/src/engine/kernel.js';
import { Task } from '../../language/src/engine/cpu.js';
import { switchTo } from '../../language/src/engine/sched.js';
import { createMm } from '../../language/src/engine/lifecycle.js';
import { mmap } from '../../language/src/engine/vm-ops.js';
import { accessPage } from '../../language/src/engine/access.js';
import { zapRange } from '../../language/src/engine/zap.js';
import { Gather } from '../../language/src/engine/flush.js';
import { walk } from '../../language/src/engine/walker.js';
import { PTE_PRESENT } from '../../language/src/engine/page-table.js';
import { FIG } from '../../language/src/engine/counters.js';
import { machine, splitFor, RW, RO, Scenario, PAGE } from './builders.js';
import { runScenario } from '../../language/src/engine/index.js';
import { runFindings } from '../../language/src/report/run-findings.js';

const VPN = 0x10000;

/** One process on CPU 0 with page VPN written (cached writable). */
function kernelWithPage() {
    const k = new Kernel(machine({ cpus: 2 }), splitFor('x86_64'), { budget: 1e9, maxEvents: 100 });
    const mm = createMm(k, 'a', true, -1);
    mm.users = 1;
    const task = new Task('a', 0, mm);
    k.addTask(task);
    const cpu = k.cpus[0];
    switchTo(k, cpu, task);
    mmap(k, cpu, mm, { start: VPN, pages: 4, backing: { kind: 'anon' }, shared: false, prot: RW, pageSize: 1 });
    accessPage(k, cpu, mm, VPN, true);
    return { k, mm, cpu };
}

describe('stale translations (R5)', () => {
    it('GIVEN a zap whose flush is missing WHEN the page is accessed THEN a stale hit and a coherence event', () => {
        const { k, mm, cpu } = kernelWithPage();
        zapRange(k, cpu, mm, VPN, VPN + 1, new Gather()); // the bug: no flushRequest after the zap
        accessPage(k, cpu, mm, VPN, false);
        expect(k.counters.total[FIG.tlbHits]).toBe(1);
        expect(k.counters.total[FIG.staleHits]).toBe(1);
        expect(k.log.stale).toMatchObject([
            { kind: 'stale', cpu: 0, address: '0x10000000', mm: 'a', pageTable: 'not present' },
        ]);
    });

    it('GIVEN a writable entry whose PTE became read-only (same frame) WHEN read THEN not stale; WHEN written THEN stale', () => {
        const { k, mm, cpu } = kernelWithPage();
        const w = walk(k.geometry, mm.root, VPN, k.walk);
        w.table!.setFlags(w.slot, PTE_PRESENT); // write-protected without a flush
        accessPage(k, cpu, mm, VPN, false);
        expect(k.counters.total[FIG.staleHits]).toBe(0);
        accessPage(k, cpu, mm, VPN, true);
        expect(k.counters.total[FIG.staleHits]).toBe(1);
    });

    it('GIVEN a PTE whose version changed but whose translation is the same WHEN hit THEN not stale and re-armed', () => {
        const { k, mm, cpu } = kernelWithPage();
        const w = walk(k.geometry, mm.root, VPN, k.walk);
        const table = w.table!;
        table.setFlags(w.slot, table.flags![w.slot]); // same flags, new version
        accessPage(k, cpu, mm, VPN, true);
        accessPage(k, cpu, mm, VPN, true);
        expect(k.counters.total[FIG.staleHits]).toBe(0);
        expect(k.counters.total[FIG.walks]).toBe(2); // only the first access's miss + retry: the hits re-armed
    });
});

describe('noflush: the change without its CPU flush request (docs/model.md R40, R66)', () => {
    const BASE = 0x10000000n;

    it('GIVEN munmap noflush WHEN the page is read again THEN a stale hit, reported as an error finding on the read', () => {
        const s = new Scenario().process('a');
        s.switch(0, 'a');
        s.mmap('a', BASE, PAGE);
        s.write('a', BASE);
        const unmap = s.op({
            kind: 'munmap',
            task: { name: 'a', thread: 0 },
            range: { start: BASE, size: PAGE },
            noflush: true,
        });
        const read = s.read('a', BASE);
        const r = runScenario(s.build());
        // No request: no invlpg; free_pgtables still frees the PTE, PMD and PUD tables (3), 3 x 4 KiB of
        // lowmem and of the kernel VA that maps tables (R86 gauges).
        expect(r.statements.find(x => x.id === unmap)?.figures).toEqual({
            ptPagesFreed: 3,
            lowmemPages: -3,
            ptLowmemBytes: -12288,
            ptKernelVaBytes: -12288,
        });
        // The read hits the old writable entry; a fresh walk finds nothing: stale (R5).
        expect(r.statements.find(x => x.id === read)?.figures).toMatchObject({ accesses: 1, tlbHits: 1, staleHits: 1 });
        expect(runFindings([r]).map(f => [f.severity, f.statementId, f.message])).toEqual([
            [
                'error',
                read,
                'stale TLB hit: cpu 0, address 0x10000000: the TLB entry no longer matches the page ' +
                    'table (entry 4k TLB set 0 way 0, frame 1; fresh walk not present)',
            ],
        ]);
    });

    /** a on CPU 0 wrote a page; CPU 1 ran a.1 (an ASID of a) and now runs b; then mprotect ro. */
    function protectWhileAway(noflush: boolean) {
        const s = new Scenario({ cpus: 2, pcid: true })
            .process('a', 2)
            .process('b')
            .notifier({ name: 'gru', mm: 'a', api: 'range' });
        s.switch(0, 'a');
        s.switch(1, 'a.1');
        s.mmap('a', BASE, PAGE);
        s.write('a', BASE);
        // the GRU maps the page too (R71), so the callout has a page to invalidate
        s.op({ kind: 'device-access', notifier: 'gru', access: 'read', range: { start: BASE, size: PAGE } });
        s.switch(1, 'b');
        const protect = s.op({
            kind: 'mprotect',
            task: { name: 'a', thread: 0 },
            range: { start: BASE, size: PAGE },
            prot: RO,
            noflush,
        });
        const back = s.switch(1, 'a.1');
        const write = s.write('a', BASE);
        return { r: runScenario(s.build()), protect, back, write };
    }

    it('GIVEN mprotect noflush with a range notifier THEN the callout pair still happens; no invlpg, no generation change', () => {
        const { r, protect, back, write } = protectWhileAway(true);
        // R25: one range_start/range_end pair for the changed VMA; R66: no invlpg and no generation change.
        // The secondary's work too (1 page, 1 instruction of 2 us): nothing else.
        expect(r.statements.find(x => x.id === protect)?.figures).toEqual({
            calloutsRangeStart: 1,
            calloutsRangeEnd: 1,
            secondaryFlushes: 1,
            secondaryPagesInvalidated: 1,
            estimatedTime: 2000,
        });
        // CPU 1's ASID of a is still in sync (R16): the switch back writes CR3 but does not flush.
        expect(r.statements.find(x => x.id === back)?.figures).toMatchObject({ cr3Writes: 1, contextSwitches: 1 });
        expect(r.statements.find(x => x.id === back)?.figures.fullFlushes).toBeUndefined();
        // CPU 0 still holds the writable entry: the write hits it although the PTE is read-only now.
        expect(r.statements.find(x => x.id === write)?.figures).toMatchObject({ tlbHits: 1, staleHits: 1 });
    });

    it('GIVEN the same mprotect with its flush THEN 1 invlpg on CPU 0 and CPU 1 flushes its ASID at switch-in', () => {
        const { r, protect, back, write } = protectWhileAway(false);
        expect(r.statements.find(x => x.id === protect)?.figures).toMatchObject({ invlpg: 1, calloutsRangeStart: 1 });
        expect(r.statements.find(x => x.id === back)?.figures).toMatchObject({ cr3Writes: 1, fullFlushes: 1 });
        // The write misses (entry dropped) and faults: reuse in place (R7), no stale hit.
        expect(r.statements.find(x => x.id === write)?.figures).toMatchObject({ tlbMisses: 1, pageFaults: 1 });
        expect(r.totals.staleHits).toBe(0);
    });
});
