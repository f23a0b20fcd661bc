/**
 * The cost model (docs/model.md section 11, rule R33): estimated time = sum of count x cost, each event
 * priced once, at one clock per machine. Machine overrides replace a default by figure name.
 */
import type { MachineConfig, Cost } from './scenario.js';
import type { FigureName } from './figures.js';
import { FIGURE_NAMES } from './figures.js';
import { FIG, SECONDARY_NS, COUNTER_SLOTS } from './counters.js';
import { eraDefaults } from './era.js';

/** Estimated time split by the event kind that costs it: only kinds with time, in the order of figures.ts. */
export type TimeByKind = Partial<Record<FigureName, number>>;

/** The figure each counter slot's time belongs to: the hidden secondary-flush slot is secondaryFlushes' time. */
const KIND_OF_SLOT: readonly FigureName[] = [...FIGURE_NAMES, 'secondaryFlushes'];

export const DEFAULT_CLOCK_HZ = 2.4e9;

/** R33's defaults. Figures not listed cost nothing (their cost shows up as other events). */
export const DEFAULT_COSTS: Readonly<Partial<Record<FigureName, Cost>>> = {
    invlpg: { amount: 260, unit: 'cycles' },
    // 96 cycles for the reload itself; the refills appear as later walks.
    fullFlushes: { amount: 96, unit: 'cycles' },
    globalFlushes: { amount: 2283, unit: 'cycles' },
    ipis: { amount: 1016, unit: 'cycles' },
    // Includes its CR3 write: cr3Writes are not priced again.
    contextSwitches: { amount: 1944, unit: 'ns' },
    vasSwitches: { amount: 468, unit: 'ns' },
    walkRefs: { amount: 2.5, unit: 'ns' },
    vasCreates: { amount: 20003, unit: 'ns' },
    syscalls: { amount: 1000, unit: 'ns' },
    // R72 secondaryScanNs: one KVM rmap lookup ~ one warm 4-level walk (section 11's 10 ns; weak source).
    secondaryPagesScanned: { amount: 10, unit: 'ns' },
};

/** Ingo Molnar's 4G/4G announcement: +3 us per syscall for the two CR3 writes and the refills they cause. */
const FOUR_G_SYSCALL_EXTRA_NS = 3000;

export class CostTable {
    /** Nanoseconds per unit of each counter slot. */
    private readonly nsPer = new Float64Array(COUNTER_SLOTS);

    constructor(machine: MachineConfig, fourGFourG: boolean) {
        const clock = machine.clockHz > 0 ? machine.clockHz : DEFAULT_CLOCK_HZ;
        const toNs = (c: Cost) => (c.unit === 'ns' ? c.amount : (c.amount * 1e9) / clock);
        for (const [name, cost] of Object.entries(DEFAULT_COSTS) as [FigureName, Cost][])
            this.nsPer[FIG[name]] = toNs(cost);
        if (fourGFourG) this.nsPer[FIG.syscalls] += FOUR_G_SYSCALL_EXTRA_NS;
        // fork's fixed cost is the era's (era.ts, R56/R75: the same measurement in every era so far)
        this.nsPer[FIG.forks] = eraDefaults(
            machine.era ?? '2.6',
            machine.arch === 'x86_64' || machine.arch === 'x86_64-la57',
        ).forkNs;
        // Secondary flushes are priced per notifier (its costNs) through the hidden slot, unless overridden.
        this.nsPer[SECONDARY_NS] = 1;
        for (const [name, cost] of Object.entries(machine.costs ?? {}) as [FigureName, Cost][]) {
            if (name === 'estimatedTime' || !cost) continue;
            this.nsPer[FIG[name]] = toNs(cost);
            if (name === 'secondaryFlushes') this.nsPer[SECONDARY_NS] = 0;
        }
    }

    priceNs(counts: Float64Array): number {
        let ns = 0;
        for (let i = 0; i < COUNTER_SLOTS; i++) if (counts[i] !== 0) ns += counts[i] * this.nsPer[i];
        return ns;
    }

    /**
     * The terms of priceNs by event kind. Each slot is priced alone and a kind has one priced slot (the
     * secondary-flush slot is unpriced once secondaryFlushes has a `cost` line), so summing the values in
     * key order adds the same terms in the same order as priceNs: the same total, to the last bit.
     */
    timeByKind(counts: Float64Array): TimeByKind {
        const out: TimeByKind = {};
        for (let i = 0; i < COUNTER_SLOTS; i++) {
            const ns = counts[i] !== 0 ? counts[i] * this.nsPer[i] : 0;
            if (ns !== 0) out[KIND_OF_SLOT[i]] = (out[KIND_OF_SLOT[i]] ?? 0) + ns;
        }
        return out;
    }
}
