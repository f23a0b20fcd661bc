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
import { machine, splitFor, RW } from './builders.js';

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
        expect(k.log.stale).toMatchObject([{ kind: 'stale', cpu: 0, address: '0x10000000', mm: 'a', pageTable: 'not present' }]);
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
