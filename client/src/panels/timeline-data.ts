/**
 * What the timeline panel draws, from one run result: lanes (one per CPU, one per notifier), the
 * statements in order with what the engine counted in each, and the recorded events as marks. Marks
 * are parallel number arrays, not objects, so that a million of them cross postMessage as four arrays.
 * Counts come from the figures (complete); marks from the event log (capped, and some work, e.g. the
 * CR3 writes of a UKVA kernel entry, is counted without an event).
 */
import type { EngineEvent, Figures } from '../../../language/src/engine/index.js';
import type { FigureName } from '../../../language/src/engine/figures.js';

export const MARK_KINDS = ['invlpg', 'full', 'global', 'ipi', 'cr3', 'stale', 'callout', 'secondary'] as const;
export type MarkKind = (typeof MARK_KINDS)[number];
export const CPU_MARKS: readonly MarkKind[] = ['invlpg', 'full', 'global', 'ipi', 'cr3', 'stale'];
export const NOTIFIER_MARKS: readonly MarkKind[] = ['callout', 'secondary'];

export const MARK_LABELS: Record<MarkKind, string> = {
    invlpg: 'invlpg',
    full: 'full flush',
    global: 'global flush',
    ipi: 'IPI',
    cr3: 'CR3 write',
    stale: 'stale hit',
    callout: 'callout',
    secondary: 'secondary flush',
};

/** The figures each mark kind is counted by. */
const COUNTED_BY: Record<MarkKind, FigureName[]> = {
    invlpg: ['invlpg'],
    full: ['fullFlushes'],
    global: ['globalFlushes'],
    ipi: ['ipis'],
    cr3: ['cr3Writes'],
    stale: ['staleHits'],
    callout: ['calloutsInvalidatePage', 'calloutsRangeStart', 'calloutsRelease'],
    secondary: ['secondaryFlushes'],
};

export type Counted = Partial<Record<MarkKind, number>>;

export interface TimelineLane {
    name: string;
    kind: 'cpu' | 'notifier';
    counted: Counted;
}
export interface TimelineStatement {
    id: number;
    line: number;
    counted: Counted;
}
/** Mark i: statement index `statement[i]`, lane `lane[i]`, kind `MARK_KINDS[kind[i]]`, engine step `step[i]`. */
export interface TimelineMarks {
    statement: number[];
    lane: number[];
    kind: number[];
    step: number[];
}

export interface TimelineData {
    title: string;
    lanes: TimelineLane[];
    statements: TimelineStatement[];
    marks: TimelineMarks;
    /** Events the engine recorded (the marks come from these) and all it saw (past its cap). */
    eventsRecorded: number;
    eventCount: number;
}

/** The part of a run result the timeline reads. */
export interface TimelineSource {
    perCpu: Figures[];
    perNotifier: Record<string, Figures>;
    statements: { id: number; loc: { line: number }; figures: Partial<Figures> }[];
    events: EngineEvent[];
    eventCount: number;
}

export function counted(figures: Partial<Figures>, kinds: readonly MarkKind[] = MARK_KINDS): Counted {
    const out: Counted = {};
    for (const kind of kinds) {
        const n = COUNTED_BY[kind].reduce((sum, f) => sum + (figures[f] ?? 0), 0);
        if (n !== 0) out[kind] = n;
    }
    return out;
}

type Push = (lane: number, kind: MarkKind) => void;

function flushMarks(e: EngineEvent, leaving: Set<string>, push: Push): void {
    const targets = Array.isArray(e.targets) ? (e.targets as number[]) : [];
    for (const cpu of targets) {
        // a lazy CPU leaves the mm instead of flushing (R15): its leave_mm shows as the CR3 write
        if (!leaving.has(`${e.step}:${cpu}`)) push(cpu, e.full === true ? 'full' : 'invlpg');
        if (cpu !== e.cpu) push(cpu, 'ipi');
    }
}

function eventMarks(
    e: EngineEvent,
    cpus: number,
    notifiers: Map<string, number>,
    leaving: Set<string>,
    push: Push,
): void {
    switch (e.kind) {
        case 'flush':
            return flushMarks(e, leaving, push);
        case 'cr3':
            if (e.cpu !== undefined) push(e.cpu, 'cr3');
            return;
        case 'stale':
            if (e.cpu !== undefined) push(e.cpu, 'stale');
            return;
        case 'kmap-wrap':
            if (e.cpu !== undefined) push(e.cpu, 'global');
            return;
        case 'callout': {
            const lane = notifiers.get(String(e.notifier));
            if (lane === undefined) return;
            push(cpus + lane, 'callout');
            if (typeof e.pages === 'number' && e.pages > 0) push(cpus + lane, 'secondary');
            return;
        }
        default:
            return;
    }
}

export function timelineData(title: string, source: TimelineSource): TimelineData {
    const names = Object.keys(source.perNotifier);
    const notifiers = new Map(names.map((n, i) => [n, i]));
    const cpus = source.perCpu.length;
    const statements = [...source.statements].sort((a, b) => a.id - b.id);
    const index = new Map(statements.map((s, i) => [s.id, i]));
    const leaving = new Set(source.events.filter(e => e.kind === 'leave_mm').map(e => `${e.step}:${e.cpu}`));
    const marks: TimelineMarks = { statement: [], lane: [], kind: [], step: [] };
    for (const e of source.events) {
        const at = index.get(e.statementId);
        if (at === undefined) continue;
        eventMarks(e, cpus, notifiers, leaving, (lane, kind) => {
            if (lane < 0 || lane >= cpus + names.length) return;
            marks.statement.push(at);
            marks.lane.push(lane);
            marks.kind.push(MARK_KINDS.indexOf(kind));
            marks.step.push(e.step);
        });
    }
    return {
        title,
        lanes: [
            ...source.perCpu.map((f, cpu) => ({
                name: `cpu ${cpu}`,
                kind: 'cpu' as const,
                counted: counted(f, CPU_MARKS),
            })),
            ...names.map(n => ({
                name: n,
                kind: 'notifier' as const,
                counted: counted(source.perNotifier[n], NOTIFIER_MARKS),
            })),
        ],
        statements: statements.map(s => ({ id: s.id, line: s.loc.line, counted: counted(s.figures) })),
        marks,
        eventsRecorded: source.events.length,
        eventCount: source.eventCount,
    };
}
