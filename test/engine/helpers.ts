/** Reading results in tests: a statement's figures without estimatedTime, invariants. */
import { expect } from 'vitest';
import type { RunResult } from '../../language/src/engine/index.js';
import type { FigureName } from '../../language/src/engine/figures.js';

/**
 * A statement's figures without estimatedTime and without R86's byte gauges, which restate the table
 * pages every figure list already shows (lowmemPages, ptPagesAllocated): tests read them by name.
 */
export function figuresOf(result: RunResult, id: number): Partial<Record<FigureName, number>> {
    const s = result.statements.find(x => x.id === id);
    if (!s) throw new Error(`statement ${id} did not run`);
    const {
        estimatedTime: _ignored,
        ptLowmemBytes: _l,
        ptHighmemBytes: _h,
        ptLowmemPeakBytes: _p,
        ptKernelVaBytes: _v,
        ...rest
    } = s.figures;
    return rest;
}

/** R6 and R2: walks = tlbMisses + pageFaults - segfaults, and hits + misses = accesses. */
export function expectInvariants(result: RunResult): void {
    const t = result.totals;
    expect(t.walks).toBe(t.tlbMisses + t.pageFaults - t.segfaults);
    expect(t.tlbHits + t.tlbMisses).toBe(t.accesses);
}
