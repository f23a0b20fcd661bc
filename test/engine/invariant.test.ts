import { describe, it, expect } from 'vitest';
import { Kernel } from '../../language/src/engine/kernel.js';
import { createMm } from '../../language/src/engine/lifecycle.js';
import { ensureTables } from '../../language/src/engine/fault.js';
import { checkWritableLeaf } from '../../language/src/engine/invariant.js';
import { FRAME_ANON, FRAME_FILE } from '../../language/src/engine/frames.js';
import { PTE_PRESENT, PTE_WRITE } from '../../language/src/engine/page-table.js';
import { machine, splitFor } from './builders.js';

const VPN = 0x10000;

/** Two mms a and b whose PTEs at VPN both map one frame of `kind`, writable: what no correct path makes. */
function sharedWritable(kind: number) {
    const k = new Kernel(machine(), splitFor('x86_64'), { budget: 1e9, maxEvents: 100 });
    const a = createMm(k, 'a', true, -1);
    const b = createMm(k, 'b', true, -1);
    const frame = k.frames.allocate(kind);
    for (const mm of [a, b]) {
        const t = ensureTables(k, mm, VPN, k.geometry.leafLevel, -1);
        t.setLeaf(t.indexOf(VPN), frame, PTE_PRESENT | PTE_WRITE);
        k.frames.map(frame);
    }
    return { k, a, b, frame };
}

describe("R38's invariant (docs/model.md R79)", () => {
    it('GIVEN an anonymous frame writable in two mms of different families THEN an error event that ends the run', () => {
        const { k, b, frame } = sharedWritable(FRAME_ANON);
        checkWritableLeaf(k, 0, b, VPN, frame);
        expect(k.log.errors.map(e => e.message)).toEqual([
            `invariant R38 broken: anonymous frame ${frame} at 0x10000000 is writable in b and a`,
        ]);
        expect(k.halted).not.toBeNull();
    });

    it('GIVEN the two mms of one family (an rfc attachment and its task) THEN no error', () => {
        const { k, a, b, frame } = sharedWritable(FRAME_ANON);
        b.family = a.family;
        checkWritableLeaf(k, 0, b, VPN, frame);
        expect(k.log.errors).toEqual([]);
    });

    it('GIVEN a page-cache frame writable in two mms (shared file mapping) THEN no error: not anonymous', () => {
        const { k, b, frame } = sharedWritable(FRAME_FILE);
        checkWritableLeaf(k, 0, b, VPN, frame);
        expect(k.log.errors).toEqual([]);
    });
});
