/**
 * The replay's bulk operations (access.ts `accessPageRuns`): `Kernel.ticks(n)` must count exactly what n
 * calls of `tick()` count, stopping at the same operation for a budget, a cancellation (polled every 2^16
 * operations) or a run already ended; `touchRepeated(slot, n)` must leave the LRU order of n touches.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Kernel } from '../../language/src/engine/kernel.js';
import { defaultSplit } from '../../language/src/engine/machine.js';
import { SetAssociative } from '../../language/src/engine/set-assoc.js';
import { machine } from './builders.js';

/** A kernel whose cancellation answers true from its `cancelAt`-th poll on. */
function kernel(budget: number, cancelAt: number): Kernel {
    let polls = 0;
    return new Kernel(machine(), defaultSplit('x86_64'), {
        budget,
        maxEvents: 0,
        isCancelled: () => ++polls >= cancelAt,
    });
}

describe('bulk ticks', () => {
    it('GIVEN any budget, cancellation and counts WHEN ticks(n) THEN it counts as n calls of tick()', () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 1, max: 400_000 }),
                fc.integer({ min: 1, max: 8 }),
                fc.array(fc.integer({ min: 0, max: 150_000 }), { maxLength: 12 }),
                (budget, cancelAt, counts) => {
                    const bulk = kernel(budget, cancelAt);
                    const single = kernel(budget, cancelAt);
                    for (const n of counts) {
                        let counted = 0;
                        while (counted < n && single.tick()) counted++;
                        expect(bulk.ticks(n)).toBe(counted);
                        expect(bulk.ops).toBe(single.ops);
                        expect(bulk.stopped).toEqual(single.stopped);
                    }
                },
            ),
            { numRuns: 200 },
        );
    });

    it('GIVEN a budget of 70,000 WHEN ticks(100,000) THEN 65,535 pass unpolled, the poll passes, the budget stops at 70,000', () => {
        const k = kernel(70_000, 2); // the first poll (at 65,536) says no, the second would say yes
        expect(k.ticks(100_000)).toBe(70_000);
        expect(k.stopped?.reason).toBe('budget');
        expect(k.ticks(1)).toBe(0);
    });

    it('GIVEN a cancellation WHEN a bulk ends exactly on the 65,536th operation THEN that operation polls and stops', () => {
        const k = kernel(1_000_000, 1);
        expect(k.ticks(65_535)).toBe(65_535);
        expect(k.stopped).toBeNull();
        expect(k.ticks(1)).toBe(0);
        expect(k.stopped?.reason).toBe('cancelled');
        const once = kernel(1_000_000, 1);
        expect(once.ticks(65_536)).toBe(65_535);
        expect(once.stopped?.message).toBe('cancelled after 65536 operations');
    });

    it('GIVEN touches of one slot WHEN done n at once THEN the LRU victim is the same as with n single touches', () => {
        const one = new SetAssociative(4, 4);
        const many = new SetAssociative(4, 4);
        for (const t of [one, many]) for (let s = 0; s < 4; s++) t.valid[s] = 1;
        for (const [slot, n] of [
            [0, 3],
            [1, 1],
            [2, 5],
            [0, 2],
            [3, 0],
        ] as const) {
            for (let i = 0; i < n; i++) one.touch(slot);
            many.touchRepeated(slot, n);
        }
        // Slot 3 was never touched (n = 0 touches nothing): the victim in both. Once touched, slot 1 is the
        // least recently used (last touches: 1, then 2, then 0, then 3).
        expect(many.victim(0)).toBe(3);
        expect(one.victim(0)).toBe(3);
        one.touch(3);
        many.touch(3);
        expect([one.victim(0), many.victim(0)]).toEqual([1, 1]);
    });
});
