/**
 * Which snapshots a run keeps. A snapshot copies every mm's page-table tree and every TLB: cheap on a
 * small scenario, a second on one with a hundred processes (examples/ukva.mscn: ~9 MB each; taking one
 * after every statement made the editor 16x slower than `mscn run` to show the figures, and copying
 * them to the server as much again). So a run takes them only while their cost stays under a share of
 * the run's own time, and sends only those; the others are taken when a hover or the page-table panel
 * asks, by running the variant again up to that statement (the engine is deterministic: the same
 * state; RunStore.load). The engine's Runner asks `has(id)` after each statement and takes the snapshot
 * right away when the answer is yes; the next `has` or cancellation poll closes its cost.
 */
import type { Snapshot } from '../../../language/src/engine/index.js';

/** Time every run may spend on snapshots, whatever its length, and the share of the run's time beyond it. */
export const SNAPSHOT_MIN_MS = 50;
export const SNAPSHOT_SHARE = 0.03;
/** A snapshot is taken once and copied twice (serialised by the worker, read by the server): its cost counts thrice. */
const COPIES = 3;

interface Taken {
    config: number;
    id: number;
    ms: number;
}

export class SnapshotBudget extends Set<number> {
    private readonly started: number;
    private readonly costs: Taken[] = [];
    private spent = 0;
    private config = -1;
    private pending: { id: number; at: number } | undefined;
    /** Taken in the current config: the Runner asks again on every execution of a repeated statement. */
    private readonly taken = new Set<number>();

    constructor(
        ids: Iterable<number>,
        private readonly now: () => number = () => performance.now(),
    ) {
        super(ids);
        this.started = now();
    }

    /** Before each config's run: its snapshots are its own. */
    nextConfig(): void {
        this.settle();
        this.config++;
        this.taken.clear();
    }

    /** Closes the time of a snapshot just taken; called on every `has` and every cancellation poll. */
    settle(): void {
        if (!this.pending) return;
        const ms = (this.now() - this.pending.at) * COPIES;
        this.costs.push({ config: this.config, id: this.pending.id, ms });
        this.spent += ms;
        this.pending = undefined;
    }

    private allowed(): number {
        return SNAPSHOT_MIN_MS + SNAPSHOT_SHARE * Math.max(0, this.now() - this.started - this.spent / COPIES);
    }

    override has(id: number): boolean {
        this.settle();
        if (!super.has(id) || this.taken.has(id)) return false;
        const last = this.costs.at(-1)?.ms ?? 0;
        if (this.spent + last > this.allowed()) return false;
        this.taken.add(id);
        this.pending = { id, at: this.now() };
        return true;
    }

    /**
     * After the run: drops the snapshots beyond the budget (one that cost far more than the one before,
     * when the state grew), so that they are not copied; `perConfig[i]` holds config i's snapshots.
     */
    prune(perConfig: ReadonlyArray<Record<number, Snapshot>>): void {
        this.settle();
        const allowed = this.allowed();
        let total = 0;
        for (const cost of this.costs) {
            total += cost.ms;
            if (total > allowed) delete perConfig[cost.config]?.[cost.id];
        }
    }
}
