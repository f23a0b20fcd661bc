/**
 * Which snapshots a run keeps (server/src/run/snapshot-budget.ts) and how the others are taken later
 * (RunStore.load), with a clock the test moves: a snapshot costs thrice its time (taken, then copied
 * out of the worker and into the server); the run may spend 50 ms + 3% of its own time on them.
 */
import { describe, expect, test } from 'vitest';
import type { Snapshot } from '../../language/src/engine/index.js';
import { SnapshotBudget } from '../../server/src/run/snapshot-budget.js';
import { RunStore, LAZY_SNAPSHOTS_KEPT, type StoredRun } from '../../server/src/run/run-store.js';
import { parseValid, storeRun, editorServices } from './helpers.js';

function clock() {
    let t = 0;
    return {
        now: () => t,
        set: (ms: number) => {
            t = ms;
        },
    };
}

const snap = (id: number) => ({ arch: 'x86_64', step: id, statementId: id, mms: [], cpus: [] }) as Snapshot;

describe('GIVEN a run asking for snapshots after statements 1, 2 and 3', () => {
    test('WHEN the first costs 10 ms THEN the second is refused and the third, a second later, taken', () => {
        const c = clock();
        const budget = new SnapshotBudget([1, 2, 3], c.now);
        budget.nextConfig();
        // t=0: allowed 50 + 3% of 0 = 50 ms; nothing spent
        expect(budget.has(1)).toBe(true);
        // t=10: the snapshot of 1 cost 10 ms x 3 = 30; the next is assumed to cost as much: 60 > 50 + 3% x 0
        c.set(10);
        expect(budget.has(2)).toBe(false);
        expect(budget.has(1)).toBe(false); // a repeated statement asks again: taken once
        // t=1000: 50 + 3% x (1000 - 10 of snapshots) = 79.7 >= 60
        c.set(1000);
        expect(budget.has(3)).toBe(true);
        // t=1005: the snapshot of 3 cost 15; 30 + 15 = 45 <= 50 + 3% x (1005 - 15): both kept
        c.set(1005);
        const kept = [{ 1: snap(1), 3: snap(3) } as Record<number, Snapshot>];
        budget.prune(kept);
        expect(Object.keys(kept[0])).toEqual(['1', '3']);
        expect(budget.has(4)).toBe(false); // not asked for
    });

    test('WHEN a snapshot costs more than the whole budget THEN it is taken but dropped before the copy', () => {
        const c = clock();
        const budget = new SnapshotBudget([1, 2], c.now);
        budget.nextConfig();
        expect(budget.has(1)).toBe(true);
        // 40 ms x 3 = 120 > 50 + 3% x (40 - 40)
        c.set(40);
        expect(budget.has(2)).toBe(false);
        const kept = [{ 1: snap(1) } as Record<number, Snapshot>];
        budget.prune(kept);
        expect(kept[0]).toEqual({});
    });

    test('WHEN a second config runs THEN its statements may have snapshots of their own', () => {
        const c = clock();
        const budget = new SnapshotBudget([1], c.now);
        budget.nextConfig();
        expect(budget.has(1)).toBe(true);
        c.set(1);
        expect(budget.has(1)).toBe(false);
        budget.nextConfig();
        // 3 ms spent, last 3: 6 <= 50
        expect(budget.has(1)).toBe(true);
    });
});

describe('GIVEN a stored run that kept no snapshot', () => {
    const TEXT =
        'machine m { cpus 1 }\nprocess p\nrun r on m {\n    switch cpu 0 to p\n    mmap p size 64 KiB rw ' +
        'as heap\n    write p heap\n}\n';

    async function lazyRun() {
        const services = editorServices();
        const document = await parseValid(TEXT);
        const full = storeRun(document, services);
        // the snapshots the run took, kept aside as what the worker would compute on demand
        const taken = { ...full.runs[0].results[0].snapshots };
        const entry: StoredRun = {
            ...full,
            lazy: { fsPath: '/x.mscn', configs: [{ run: 'r', variant: 'base' } as never], statementIds: [0, 1, 2] },
        };
        entry.runs[0].results[0].snapshots = {};
        return { store: services.editor.RunStore as RunStore, entry, taken };
    }

    test('WHEN snapshots are loaded THEN each is asked for once, one at a time, and then served without asking', async () => {
        const { store, entry, taken } = await lazyRun();
        const asked: number[] = [];
        let running = 0;
        store.setSnapshotSource(async (_path, config, id) => {
            expect(config.run).toBe('r');
            expect(++running).toBe(1);
            asked.push(id);
            await new Promise(resolve => setTimeout(resolve, 5));
            running--;
            return taken[id];
        });
        expect(store.snapshot(entry, 2, 'base')).toBeUndefined();
        const [a, b] = await Promise.all([
            store.load(entry, 2, 'base'),
            store.load(entry, 2, 'base'),
            store.load(entry, 1, 'base'),
        ]);
        expect(a).toBe(taken[2]);
        expect(b).toBe(taken[2]);
        expect(asked).toEqual([2, 1]);
        expect(store.snapshot(entry, 2, 'base')).toBe(taken[2]);
        expect(store.snapshotStatements(entry, entry.runs[0].results[0])).toEqual([0, 1, 2]);
        // a statement not in the list is never asked for
        expect(await store.load(entry, 7, 'base')).toBeUndefined();
        expect(asked).toEqual([2, 1]);
    });

    test(`WHEN more than ${LAZY_SNAPSHOTS_KEPT} are loaded THEN the least recently used are forgotten`, async () => {
        const { store, entry, taken } = await lazyRun();
        let asked = 0;
        store.setSnapshotSource(async (_path, _config, id) => {
            asked++;
            return taken[id];
        });
        // the same statements under LAZY_SNAPSHOTS_KEPT + 1 versions of the text
        for (let v = 0; v <= LAZY_SNAPSHOTS_KEPT; v++) await store.load({ ...entry, version: v }, 1, 'base');
        expect(asked).toBe(LAZY_SNAPSHOTS_KEPT + 1);
        expect(store.snapshot({ ...entry, version: 0 }, 1, 'base')).toBeUndefined();
        expect(store.snapshot({ ...entry, version: LAZY_SNAPSHOTS_KEPT }, 1, 'base')).toBe(taken[1]);
    });
});
