/**
 * The invariant checker (language/src/engine/invariants.ts, docs/model.md Invariants): (a) each
 * check fires on a state broken by hand, and stays quiet on the same state made right; (b) over
 * thousands of generated scenarios (scenario-generator.ts), every one checks clean or gets located
 * diagnostics, runs without an internal error, and breaks no invariant.
 */
import { afterAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { clearDocuments } from 'langium/test';
import { Kernel } from '../../language/src/engine/kernel.js';
import { Task } from '../../language/src/engine/cpu.js';
import { switchTo } from '../../language/src/engine/sched.js';
import { createMm } from '../../language/src/engine/lifecycle.js';
import { mmap } from '../../language/src/engine/vm-ops.js';
import { accessPage } from '../../language/src/engine/access.js';
import { zapRange } from '../../language/src/engine/zap.js';
import { Gather } from '../../language/src/engine/flush.js';
import { walk, WalkResult } from '../../language/src/engine/walker.js';
import { PTE_PRESENT, PTE_WRITE } from '../../language/src/engine/page-table.js';
import { FIG } from '../../language/src/engine/counters.js';
import { InvariantChecker, type InvariantOptions } from '../../language/src/engine/invariants.js';
import { statementSumMismatches } from '../../language/src/engine/invariants-sums.js';
import type { Mm } from '../../language/src/engine/mm.js';
import type { Operation, Statement } from '../../language/src/engine/scenario.js';
import { runScenario } from '../../language/src/engine/index.js';
import { lowerScenario } from '../../language/src/lowering/scenario.js';
import { machine, splitFor, RW, loc, Scenario, PAGE } from './builders.js';
import { scenarioArb, renderScenario } from './scenario-generator.js';
import { parse, services } from '../language/helpers.js';

const VPN = 0x10000;

/** A kernel with the checker attached, processes a and b (CPUs 0 and 1), a's page VPN written. */
function harness(options: InvariantOptions = { deep: true }) {
    const k = new Kernel(machine({ cpus: 2 }), splitFor('x86_64'), { budget: 1e9, maxEvents: 100 });
    const checker = new InvariantChecker(k, options);
    const mms: Mm[] = ['a', 'b'].map((name, c) => {
        const mm = createMm(k, name, true, -1);
        mm.users = 1;
        const task = new Task(name, 0, mm);
        k.addTask(task);
        switchTo(k, k.cpus[c], task);
        mmap(k, k.cpus[c], mm, {
            start: VPN,
            pages: 4,
            backing: { kind: 'anon' },
            shared: false,
            prot: RW,
            pageSize: 1,
        });
        return mm;
    });
    accessPage(k, k.cpus[0], mms[0], VPN, true);
    checker.afterSetup();
    let id = 0;
    /** One statement: what `fn` does is that statement's work, checked at its end. */
    const step = (fn: () => void, statement?: Partial<Operation>): void => {
        id++;
        k.log.statementId = id;
        k.log.loc = loc(id);
        const before = k.counters.total.slice();
        checker.beginStatement(before);
        fn();
        checker.endStatement(
            {
                kind: 'syscall',
                task: { name: 'a', thread: 0 },
                id,
                loc: loc(id),
                checks: [],
                ...statement,
            } as Statement,
            before,
        );
    };
    const broken = () =>
        k.log.errors.filter(e => e.message.startsWith('invariant')).map(e => `${e.loc.line}: ${e.message}`);
    return { k, checker, a: mms[0], b: mms[1], step, broken };
}

/** The PTE table and slot of a page. */
function leafOf(k: Kernel, mm: Mm, vpn: number) {
    const w = walk(k.geometry, mm.root, vpn, new WalkResult());
    return { table: w.table!, slot: w.slot, frame: w.table!.frame![w.slot] };
}

describe('invariants: each check fires on a broken state', () => {
    test('GIVEN a walk counted without a miss or a fault THEN R6 names the statement', () => {
        const h = harness();
        h.step(() => accessPage(h.k, h.k.cpus[0], h.a, VPN + 1, true)); // a miss, a fault, 2 walks: fine
        h.step(() => h.k.count(FIG.walks, 1, 0, h.a));
        expect(h.broken()).toEqual([
            '2: invariant R6 broken: walks 1 != tlbMisses 0 + pageFaults 0 - segfaults below TASK_SIZE 0 ' +
                'in this statement',
        ]);
    });

    test('GIVEN a user access above TASK_SIZE (segfaults +1, no lookup, R64) THEN R6 and R2 hold', () => {
        const h = harness();
        h.step(() => accessPage(h.k, h.k.cpus[0], h.a, h.k.taskTopVpn + 5, false));
        expect(h.k.counters.total[FIG.segfaults]).toBe(1);
        expect(h.broken()).toEqual([]);
    });

    test('GIVEN a hit counted without an access THEN R2', () => {
        const h = harness();
        h.step(() => h.k.count(FIG.tlbHits, 1, 0, h.a));
        expect(h.broken()).toEqual(['1: invariant R2 broken: tlbHits 1 + tlbMisses 0 != accesses 0 in this statement']);
    });

    test("GIVEN b maps a's anonymous frame writable THEN R38 names both mms; one family is exempt", () => {
        for (const [options, expected] of [
            [
                { deep: false },
                ['1: invariant R38 broken: anonymous frame 1 is mapped writable by b and a (at 0x10000000)'],
            ],
            [{ deep: false, sameFamily: () => true }, []],
        ] as const) {
            const h = harness(options);
            const { frame } = leafOf(h.k, h.a, VPN);
            h.step(() => {
                accessPage(h.k, h.k.cpus[1], h.b, VPN, false); // b's PTE table exists; its leaf is the zero page
                const { table, slot } = leafOf(h.k, h.b, VPN);
                h.k.frames.map(frame);
                table.setLeaf(slot, frame, PTE_PRESENT | PTE_WRITE); // the bug: no COW between two mms
            });
            expect(h.broken()).toEqual(expected);
        }
    });

    test('GIVEN a shared writable frame whose mapcount was not raised THEN only the deep traversal sees it', () => {
        for (const [deep, expected] of [
            [false, []],
            [true, ['1: invariant R38 broken: anonymous frame 1 is mapped writable by a and b (at 0x10000000)']],
        ] as const) {
            const h = harness({ deep });
            h.step(() => {
                accessPage(h.k, h.k.cpus[1], h.b, VPN, false);
                const { table, slot } = leafOf(h.k, h.b, VPN);
                table.setLeaf(slot, leafOf(h.k, h.a, VPN).frame, PTE_PRESENT | PTE_WRITE);
            });
            expect(h.broken()).toEqual(expected);
        }
    });

    test('GIVEN a zap without its flush THEN the stale hit breaks R40; after a noflush statement over it, it does not', () => {
        for (const noflush of [false, true]) {
            const h = harness();
            const range = { start: BigInt(VPN) * PAGE, size: PAGE };
            h.step(() => zapRange(h.k, h.k.cpus[0], h.a, VPN, VPN + 1, new Gather()), {
                kind: 'munmap',
                range,
                noflush,
            } as Partial<Operation>);
            h.step(() => accessPage(h.k, h.k.cpus[0], h.a, VPN, false));
            expect(h.k.counters.total[FIG.staleHits]).toBe(1);
            expect(h.broken()).toEqual(
                noflush
                    ? []
                    : [
                          '2: invariant R40 broken: stale hit on cpu 0 at 0x10000000 of a, but no ' +
                              'statement left a change of that page unflushed',
                      ],
            );
        }
    });

    test('GIVEN a gauge driven below zero THEN the gauge check, in the totals first', () => {
        const h = harness();
        h.step(() => h.k.count(FIG.lowmemPages, -20, -1, h.a));
        expect(h.broken()).toEqual([
            `1: invariant gauges broken: lowmemPages is ${h.k.counters.total[FIG.lowmemPages]}`,
        ]);
        expect(h.k.counters.total[FIG.lowmemPages]).toBeLessThan(0);
    });

    test('GIVEN more tables freed than allocated at a level THEN the cheap table check, without traversal', () => {
        const h = harness({ deep: false });
        h.step(() => {
            h.k.counters.ptFreed[4] += 99; // pte
        });
        expect(h.broken()).toEqual([
            '1: invariant page tables broken: ptPagesFreed(level pte) 99 > ptPagesAllocated(level pte) 1',
        ]);
    });

    test('GIVEN a table dropped from the tree without being freed THEN the traversal counts it missing', () => {
        const h = harness();
        h.step(() => h.a.root.removeChild(h.a.root.indexOf(VPN))); // a's pud, pmd and pte leak
        // a: pgd + pud + pmd + pte; b: pgd only. x86_64 has no p4d.
        expect(h.broken()).toEqual([
            '1: invariant page tables broken: ptPagesAllocated(level pud) 1 - ptPagesFreed(level pud) 0 ' +
                '= 1, but 0 pud tables are live',
        ]);
    });

    test('GIVEN a table freed but left in the tree THEN the traversal says so', () => {
        const h = harness();
        h.step(() => h.k.freeTable(leafOf(h.k, h.a, VPN).table, h.a, 0));
        expect(h.broken()).toEqual(['1: invariant page tables broken: a freed pte table is still in the tables of a']);
    });

    test('GIVEN a figure counted between two statements THEN the sums check names the next one', () => {
        const h = harness();
        h.step(() => undefined);
        h.k.count(FIG.invlpg, 1, 0, h.a);
        h.step(() => undefined);
        expect(h.broken()).toEqual([
            "2: invariant sums broken: invlpg changed by 1 between two statements, outside any statement's figures",
        ]);
    });

    test('GIVEN walk refs counted on no mm THEN the sum over mms differs from the total', () => {
        const h = harness();
        h.step(() => h.k.count(FIG.walkRefs, 3, 0));
        expect(h.broken()).toEqual([
            `1: invariant sums broken: walkRefs is ${h.k.counters.total[FIG.walkRefs]} but its mms' ` +
                `walkRefs and kernel mode sum to ${h.k.counters.total[FIG.walkRefs] - 3}`,
        ]);
    });

    test('GIVEN statement tallies that do not add up THEN each mismatch, at the top and in a repeat', () => {
        const op = (id: number, line: number): Statement => ({
            kind: 'syscall',
            task: { name: 'a', thread: 0 },
            id,
            loc: loc(line),
            checks: [],
        });
        const statements: Statement[] = [op(1, 1), { kind: 'repeat', id: 2, loc: loc(2), count: 2, body: [op(3, 3)] }];
        const counts = (walks: number) => {
            const c = new Float64Array(FIG.estimatedTime + 3);
            c[FIG.walks] = walks;
            return { counts: c };
        };
        const baseline = counts(1).counts;
        const tallies = new Map([
            [1, counts(2)],
            [2, counts(4)],
            [3, counts(4)],
        ]);
        expect(statementSumMismatches(statements, tallies, baseline, counts(7).counts)).toEqual([]);
        tallies.set(3, counts(5));
        expect(statementSumMismatches(statements, tallies, baseline, counts(8).counts)).toEqual([
            'walks: the setup and the statements sum to 7, but 8 in the totals',
            'walks: the body sums to 5, but 4 in the repeat of line 2',
        ]);
    });
});

describe('invariants in a run', () => {
    test('GIVEN fork and COW writes on two CPUs THEN the figures hold and no invariant breaks', () => {
        // a writes 4 pages (4 frames), forks b; both write them again: b's 4 writes copy (mapcount 2,
        // R7), then a's reuse in place (mapcount 1 again): cowFaults 4, frames 8, no shared writable frame.
        const s = new Scenario({ cpus: 2 }).process('a');
        s.switch(0, 'a');
        const heap = 0x10000000n;
        s.mmap('a', heap, 4n * PAGE);
        s.write('a', heap, 4n * PAGE);
        s.fork('a', 'b');
        s.switch(1, 'b');
        s.write('b', heap, 4n * PAGE);
        s.write('a', heap, 4n * PAGE);
        const result = runScenario(s.build(), { checkInvariants: { deep: true } });
        expect(result.totals.cowFaults).toBe(4);
        expect(result.totals.framesAllocated).toBe(8);
        expect(result.errors).toEqual([]);
    });
});

describe('invariants over generated scenarios', () => {
    afterAll(() => clearDocuments(services.shared));

    test('GIVEN 2,000 random scenarios THEN each checks clean or has located diagnostics, runs, and breaks no invariant', async () => {
        let ran = 0;
        await fc.assert(
            fc.asyncProperty(scenarioArb, async g => {
                const text = renderScenario(g);
                const document = await parse(text, { validation: true });
                const diagnostics = document.diagnostics ?? [];
                await clearDocuments(services.shared);
                expect(diagnostics.filter(d => d.message.startsWith('An error occurred'))).toEqual([]);
                const lines = text.split('\n').length;
                // located in the text
                for (const d of diagnostics) expect(d.range.end.line, d.message).toBeLessThan(lines);
                if (document.parseResult.parserErrors.length > 0 || diagnostics.some(d => d.severity === 1)) return;
                ran++;
                for (const config of lowerScenario(document.parseResult.value)) {
                    const result = runScenario(config, { checkInvariants: { deep: true }, budget: 1_000_000 });
                    const broken = result.errors.filter(e => e.message.startsWith('invariant'));
                    expect(
                        broken.map(e => `line ${e.loc.line}: ${e.message}`),
                        text,
                    ).toEqual([]);
                }
            }),
            { numRuns: 2000 },
        );
        expect(ran).toBeGreaterThan(1600); // most generated scenarios check clean and run
    }, 240_000);
});
