import { describe, it, expect } from 'vitest';
import { runScenario } from '../../language/src/engine/index.js';
import { Scenario, PAGE } from './builders.js';
import { figuresOf } from './helpers.js';

const SEG = 0x50000000n;

describe('first-class VAS and segments (section 9)', () => {
    function scenario() {
        const s = new Scenario().process('a');
        const build = s.build.bind(s);
        s.build = () => ({ ...build(), segments: [{ name: 'shared', start: SEG, size: PAGE }] });
        const create = s.op({ kind: 'vas-create', vas: 'v1' });
        s.op({ kind: 'vas-create', vas: 'v2' });
        s.op({ kind: 'vas-attach', vas: 'v1', process: 'a' });
        s.op({ kind: 'vas-attach', vas: 'v2', process: 'a' });
        s.op({ kind: 'segment-attach', segment: 'shared', vas: 'v1' });
        s.op({ kind: 'segment-attach', segment: 'shared', vas: 'v2' });
        s.switch(0, 'a');
        const toV1 = s.op({ kind: 'vas-switch', task: { name: 'a', thread: 0 }, to: 'v1' });
        const w = s.write('a', SEG);
        s.op({ kind: 'vas-switch', task: { name: 'a', thread: 0 }, to: 'v2' });
        const r = s.read('a', SEG);
        const zap = s.madvise('a', SEG, PAGE);
        const home = s.op({ kind: 'vas-switch', task: { name: 'a', thread: 0 }, to: 'a' });
        return { result: runScenario(s.build()), create, toV1, w, r, zap, home };
    }

    it('GIVEN a VAS WHEN created and entered THEN a pgd, then a VAS switch with its CR3 write and flush', () => {
        const { result, create, toV1, home } = scenario();
        expect(figuresOf(result, create)).toEqual({ vasCreates: 1, ptPagesAllocated: 1, lowmemPages: 1 });
        // 468 ns + a full flush of 96 cycles at 2.4 GHz (40 ns).
        expect(result.statements.find((x) => x.id === toV1)!.figures).toEqual({ vasSwitches: 1, cr3Writes: 1, fullFlushes: 1, estimatedTime: 508 });
        expect(figuresOf(result, home)).toMatchObject({ vasSwitches: 1, cr3Writes: 1, fullFlushes: 1 });
        expect(result.errors).toEqual([]);
    });

    it('GIVEN a segment in two VASes WHEN written in one and read in the other THEN one frame, each VAS its own tables', () => {
        const { result, w, r } = scenario();
        expect(figuresOf(result, w)).toMatchObject({ framesAllocated: 1, ptPagesAllocated: 3 });
        expect(figuresOf(result, r)).toMatchObject({ pageFaults: 1, ptPagesAllocated: 3 });
        expect(figuresOf(result, r).framesAllocated).toBeUndefined();
    });

    it('GIVEN segment pages in both VASes WHEN one zaps them THEN the other is zapped too', () => {
        const { result, zap } = scenario();
        // v2 (current on CPU 0): invlpg 1 dropping the read entry; v1's cpumask is empty: no flush counted.
        expect(figuresOf(result, zap)).toEqual({ invlpg: 1, tlbEntriesDropped: 1 });
        expect(result.events.filter((e) => e.kind === 'flush').map((e) => [e.mm, e.reason, e.targets])).toEqual([
            ['v2', 'madvise', [0]], ['v1', 'segment', []],
        ]);
    });
});
