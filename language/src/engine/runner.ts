/**
 * Runs a scenario: the setup step (R20), then the statements in order (repeat bodies, `=>` checks
 * per execution, `expect` on the cumulative figures), within a budget of operations. An error event
 * ends the run after its statement (docs/model.md R63): later statements and the rest of a repeat do
 * not run, except `expect error` lines, which only read the errors so far.
 */
import type { ScenarioConfig, Statement, Check, SourceLoc, ErrorExpectation } from './scenario.js';
import { Kernel } from './kernel.js';
import { Task } from './cpu.js';
import { Notifier, registerNotifier, notifierConfigErrors } from './notifier.js';
import { createMm } from './lifecycle.js';
import { giveOwnRoot } from './ukva.js';
import { executeOp, type OpContext } from './ops.js';
import { readFigure, compare } from './checks.js';
import { newCounterArray, NO_CPU } from './counters.js';
import { takeSnapshot, snapshotBytes, type Snapshot } from './snapshot.js';
import type { InvariantChecker } from './invariants.js';
import { noteTarget, type StatementTarget } from './statement-target.js';

export interface FailedCheck {
    check: Check;
    actual: number;
    statementId: number;
    loc: SourceLoc;
}

export interface StatementTally {
    id: number;
    loc: SourceLoc;
    executions: number;
    counts: Float64Array;
}

export class Runner {
    readonly tallies = new Map<number, StatementTally>();
    readonly failedChecks: FailedCheck[] = [];
    readonly snapshots: Record<number, Snapshot> = {};
    /** Each operation's mms and mapping start (statement-target.ts). */
    readonly targets = new Map<number, StatementTarget>();
    private readonly failed = new Set<Check>();
    /** Checks the model's invariants around every statement when set (invariants.ts). */
    invariants: InvariantChecker | null = null;

    constructor(
        readonly k: Kernel,
        private readonly ctx: OpContext,
        private readonly snapshotAfter?: ReadonlySet<number>,
    ) {}

    /**
     * R20: every process's mm, its threads, kernel threads and notifiers registered at setup. Each task is
     * charged to the memory budget as it is made (memory.ts), so a run past the budget (4 processes of
     * 4,194,304 threads) stops at the task that crossed it, not after the millions of tasks declared; the
     * cancellation and the time limit are polled every 2^16 tasks (docs/limits.md).
     */
    setup(config: ScenarioConfig): void {
        const k = this.k;
        let made = 0;
        for (const p of config.processes) {
            if (k.stopped) break;
            const mm = createMm(k, p.name, true, NO_CPU);
            mm.users = Math.max(1, p.threads);
            for (let t = 0; t < mm.users && !k.stopped; t++) {
                const task = new Task(p.name, t, mm);
                giveOwnRoot(k, task, NO_CPU);
                k.addTask(task);
                if ((++made & 0xffff) === 0) k.pollCancelled();
            }
        }
        if (k.stopped) return;
        for (const name of config.kernelThreads) k.addTask(new Task(name, 0, null));
        for (const seg of config.segments) k.segments.set(seg.name, seg);
        for (const [vas, model] of Object.entries(config.vasModels ?? {})) k.vasModels.set(vas, model);
        for (const cfg of config.notifiers) {
            for (const message of notifierConfigErrors(cfg)) k.error(message);
            const n = new Notifier(cfg);
            k.notifiers.set(cfg.name, n);
            if (cfg.registerAtSetup && !registerNotifier(k, n))
                k.error(`notifier ${cfg.name}: no mm ${cfg.mm} to watch`);
        }
    }

    runAll(statements: Statement[]): void {
        for (const s of statements) {
            if (this.k.stopped) return;
            if (this.k.halted) {
                if (s.kind === 'expect-error') this.expectError(s, s.id);
                continue;
            }
            this.run(s);
        }
    }

    private fail(check: Check, actual: number, statementId: number, loc: SourceLoc): void {
        if (this.failed.has(check)) return;
        this.failed.add(check);
        this.failedChecks.push({ check, actual, statementId, loc });
    }

    private run(s: Statement): void {
        const k = this.k;
        // After an error ended the run (R63) operations do not run; expectations still do.
        const expectation = s.kind === 'expect' || s.kind === 'expect-error';
        if (!(expectation && k.halted) && (!k.tick() || k.pollCancelled())) {
            // stopped between top-level statements (a time limit spent there): said on the next, which did not run
            if (k.stopped && k.stoppedStatement < 0) k.stoppedStatement = s.id;
            return;
        }
        const outerId = k.log.statementId;
        const outerLoc = k.log.loc;
        k.log.statementId = s.id;
        k.log.loc = s.loc;
        const before = k.counters.total.slice();
        this.invariants?.beginStatement(before);
        const checks: Check[] = s.kind === 'expect' || s.kind === 'expect-error' || s.kind === 'repeat' ? [] : s.checks;
        const checksBefore = checks.map(c => readFigure(k, c));
        if (s.kind === 'repeat') {
            for (let i = 0; i < s.count && !k.ended; i++) {
                this.runAll(s.body);
                k.log.statementId = s.id;
                k.log.loc = s.loc;
            }
        } else if (s.kind === 'expect-error') {
            this.expectError(s, s.id);
        } else if (s.kind === 'expect') {
            const actual = readFigure(k, s.check);
            if (!compare(actual, s.check.comparator, s.check.value)) this.fail(s.check, actual, s.id, s.loc);
        } else {
            k.lastMmapVpn = -1;
            executeOp(k, s, this.ctx);
            noteTarget(k, s, this.targets);
        }
        checks.forEach((c, i) => {
            const actual = readFigure(k, c) - checksBefore[i];
            if (!compare(actual, c.comparator, c.value)) this.fail(c, actual, s.id, s.loc);
        });
        this.tally(s.id, s.loc, before);
        this.invariants?.endStatement(s, before);
        if (this.snapshotAfter?.has(s.id) && !(s.id in this.snapshots)) this.snapshot(s.id);
        k.log.statementId = outerId;
        k.log.loc = outerLoc;
    }

    /** A snapshot after statement `id`, charged to the memory budget (memory.ts). */
    private snapshot(id: number): void {
        const taken = takeSnapshot(this.k);
        this.snapshots[id] = taken;
        this.k.memory.add('snapshots', 1, snapshotBytes(taken));
    }

    private tally(id: number, loc: SourceLoc, before: Float64Array): void {
        let t = this.tallies.get(id);
        if (!t) {
            t = { id, loc, executions: 0, counts: newCounterArray() };
            this.tallies.set(id, t);
        }
        t.executions++;
        const after = this.k.counters.total;
        for (let i = 0; i < after.length; i++) t.counts[i] += after[i] - before[i];
    }

    /**
     * `expect error "text"`: every error, segfault and stale hit so far whose message contains the text
     * becomes expected; none is itself an error, on the expect line.
     */
    expectError(expectation: ErrorExpectation, statementId: number): void {
        const log = this.k.log;
        const matching = [...log.errors, ...log.segfaults].filter(e => e.message.includes(expectation.text));
        for (const e of matching) e.expected = true;
        for (const e of log.stale) {
            if (typeof e.message === 'string' && e.message.includes(expectation.text)) e.expected = true;
        }
        if (log.stale.some(e => e.expected)) return;
        if (matching.length > 0) return;
        const saved = { id: this.k.log.statementId, loc: this.k.log.loc };
        this.k.log.statementId = statementId;
        this.k.log.loc = expectation.loc;
        this.k.error(`expected an error containing "${expectation.text}", but the run reported none`, undefined, false);
        this.k.log.statementId = saved.id;
        this.k.log.loc = saved.loc;
    }

    /** The variant's final checks, on the totals. */
    finalChecks(checks: Check[]): void {
        for (const c of checks) {
            const actual = readFigure(this.k, c);
            if (!compare(actual, c.comparator, c.value)) this.fail(c, actual, -1, c.loc);
        }
    }
}
