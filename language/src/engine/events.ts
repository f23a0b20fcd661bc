/**
 * The engine's one trace hook: flushes, IPIs, CR3 writes, callouts, stale hits, segfaults and errors,
 * as plain data. Stored up to a cap; the count keeps going. docs/model.md R63: an `error` ends the run
 * after its statement; a `segfault` is the modelled program's fault and the run goes on; `stale` hits
 * and lowmem exhaustion are findings, never stops.
 */
import type { SourceLoc } from './scenario.js';
import { BYTES, type MemoryMeter } from './memory.js';

export type EventKind =
    'flush' | 'leave_mm' | 'cr3' | 'callout' | 'stale' | 'error' | 'segfault' | 'kmap-wrap' | 'stop' | 'lowmem';

export interface EngineEvent {
    step: number;
    statementId: number;
    cpu?: number;
    kind: EventKind;
    [detail: string]: unknown;
}

export interface EngineError {
    message: string;
    statementId: number;
    loc: SourceLoc;
    /** Matched by an `expect error` line: the design was meant to fail here. */
    expected?: boolean;
}

export const NO_LOC: SourceLoc = Object.freeze({ line: 0, column: 0, endLine: 0, endColumn: 0 });

export class EventLog {
    readonly events: EngineEvent[] = [];
    readonly stale: EngineEvent[] = [];
    readonly errors: EngineError[] = [];
    /** Segfaults of the modelled program (R63): reported, matched by `expect error`, never a stop. */
    readonly segfaults: EngineError[] = [];
    /** Warnings on a statement that ran but did less than it says (a `replay` of a trace with no records). */
    readonly warnings: EngineError[] = [];
    count = 0;
    statementId = -1;
    loc: SourceLoc = NO_LOC;

    /** `meter`: the memory budget, charged BYTES.event per stored event (memory.ts). */
    constructor(
        private readonly max: number,
        private readonly meter?: MemoryMeter,
    ) {}

    /** Whether the next event would be stored: build its details only then. */
    get storing(): boolean {
        return this.events.length < this.max;
    }

    add(event: EngineEvent): void {
        this.count++;
        if (this.events.length < this.max) this.stored(this.events, event);
    }

    private stored<T>(list: T[], item: T): void {
        list.push(item);
        this.meter?.add('events', 1, BYTES.event);
    }

    /** Counts an event without building it (past the cap). */
    skip(): void {
        this.count++;
    }

    /**
     * A stale hit (R5, R40): a finding, never a stop. Its `message` is what `expect error` matches, so
     * that a design meant to leave stale entries (a forgotten flush) can say so.
     */
    staleHit(event: EngineEvent): void {
        if (event.message === undefined)
            event.message = `stale TLB hit: cpu ${String(event.cpu)}, address ${String(event.address)}`;
        this.add(event);
        if (this.stale.length < this.max) this.stored(this.stale, event);
    }

    error(step: number, message: string, cpu?: number): void {
        this.add({ step, statementId: this.statementId, cpu, kind: 'error', message });
        if (this.errors.length < this.max)
            this.stored(this.errors, { message, statementId: this.statementId, loc: this.loc });
    }

    warning(message: string): void {
        if (this.warnings.length < this.max)
            this.warnings.push({ message, statementId: this.statementId, loc: this.loc });
    }

    segfault(step: number, message: string, cpu?: number): void {
        this.add({ step, statementId: this.statementId, cpu, kind: 'segfault', message });
        if (this.segfaults.length < this.max)
            this.stored(this.segfaults, { message, statementId: this.statementId, loc: this.loc });
    }
}
