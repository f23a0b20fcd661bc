/**
 * Sweeps (docs/sweeps.md): a sweep past its limit of points (with the count, on its header), values
 * of the wrong kind for their parameter, ranges that are empty or do not step, TLB geometries whose
 * ways do not divide the entries, unknown cost events and splits. The values are checked once each,
 * not per point: a point is only a combination of values that are each valid.
 */
import { GrammarUtils, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type * as ast from '../generated/ast.js';
import type { MscnAstType } from '../generated/ast.js';
import type { FigureName } from '../engine/figures.js';
import {
    SWEEP_LIMIT,
    SWEEP_MAX_LIMIT,
    SWEEP_PARAMS,
    eachValueItem,
    paramItems,
    paramLabel,
    pointName,
    sweepLimit,
    sweepPointCount,
    valueCount,
    type SweepItem,
} from '../lowering/sweep.js';
import { lowerMachine } from '../lowering/machine.js';
import { costValue, countValue, frequencyHz, measure, sizeBytes, type Result } from '../units.js';
import { didYouMean } from '../suggest.js';
import { ARCHES } from '../layout.js';
import { COST_EVENTS } from './figures.js';
import { IssueCodes } from './issue-codes.js';

/** Bounds of the counted parameters (those of validation/numbers.ts for the same properties). */
const COUNT_BOUNDS: Record<string, { min: bigint; max: bigint; note?: string }> = {
    tlb: { min: 0n, max: 1n << 20n },
    cpus: { min: 1n, max: 8192n, note: 'CONFIG_NR_CPUS' },
    pkmapSlots: { min: 1n, max: 1024n, note: 'LAST_PKMAP' },
    threads: { min: 1n, max: 4194304n, note: 'PID_MAX_LIMIT' },
};

const fmt = (n: bigint) => n.toLocaleString('en-US');

/**
 * The value's items when they may be listed: a range within its sweep's limit. A longer one already has an
 * error when the sweep's product counts it (past the limit), or gives no point (another parameter has no
 * valid value): listing a billion values to check each would hang the checker.
 */
function listable(v: ast.SweepValue): Iterable<SweepItem> {
    const c = valueCount(v);
    const sweep = v.$container?.$container;
    return c.ok && sweep && c.value <= sweepLimit(sweep) ? eachValueItem(v) : [];
}

/** The first item of `items` that `bad` holds for, taking no more than that. */
function firstOf<T>(items: Iterable<T>, bad: (item: T) => boolean): T | undefined {
    for (const item of items) if (bad(item)) return item;
    return undefined;
}

/** Point names the check across sweeps lists in a file, per validation: past them, later sweeps are not compared. */
export const SHARED_POINT_BUDGET = 100_000;

interface SharedPoint {
    point: string;
    sweep: string;
}

/**
 * For each sweep that has a point an earlier sweep of the file has (the same name: the same parameters and
 * values), that point and the earlier sweep. Each sweep's point names are listed once, into one map, so a
 * file of n sweeps costs its points, not n^2 comparisons (20,000 one-value sweeps took minutes).
 */
function findSharedPoints(root: ast.Scenario): { elements: readonly unknown[]; shared: Map<ast.Sweep, SharedPoint> } {
    const elements = root.elements ?? [];
    const shared = new Map<ast.Sweep, SharedPoint>();
    const first = new Map<string, ast.Sweep>();
    let listed = 0;
    for (const sweep of elements.filter((e): e is ast.Sweep => e?.$type === 'Sweep')) {
        const count = sweepPointCount(sweep);
        // with points and within its limit, no parameter has more values than the limit: they may be listed
        if (count === 0n || count > sweepLimit(sweep) || listed + Number(count) > SHARED_POINT_BUDGET) continue;
        listed += Number(count);
        const params = sweep.params.map(p => ({ label: paramLabel(p), values: paramItems(p).map(i => i.label) }));
        for (const name of pointNames(params)) {
            const earlier = first.get(name);
            if (earlier === undefined) first.set(name, sweep);
            else if (earlier !== sweep && !shared.has(sweep))
                shared.set(sweep, { point: name, sweep: earlier.name ? `sweep ${earlier.name}` : 'an earlier sweep' });
        }
    }
    return { elements, shared };
}

/** Every point name of a sweep's parameters, the first parameter varying slowest (as expandSweep). */
function* pointNames(
    params: ReadonlyArray<{ label: string; values: readonly string[] }>,
    chosen: Array<[string, string]> = [],
): Generator<string> {
    if (chosen.length === params.length) {
        yield pointName(chosen);
        return;
    }
    const { label, values } = params[chosen.length];
    for (const value of values) yield* pointNames(params, [...chosen, [label, value]]);
}

const sharedPoints = new WeakMap<ast.Scenario, ReturnType<typeof findSharedPoints>>();

/** The file's shared points: as its own check found them this validation, else found now. */
function sharedPointsOf(root: ast.Scenario): Map<ast.Sweep, SharedPoint> {
    const cached = sharedPoints.get(root);
    if (cached?.elements === (root.elements ?? [])) return cached.shared;
    const found = findSharedPoints(root);
    sharedPoints.set(root, found);
    return found.shared;
}

export class SweepValidator {
    checks(): ValidationChecks<MscnAstType> {
        return {
            Scenario: root => void sharedPoints.set(root, findSharedPoints(root)),
            Sweep: this.checkSweep,
            SweepParam: this.checkParam,
            SweepValue: this.checkValue,
        };
    }

    /** The limit: a sweep of more points than `max N` (default 10,000) is refused, with its count. */
    checkSweep = (sweep: ast.Sweep, accept: ValidationAcceptor): void => {
        if (sweep.limit) {
            const m = measure(sweep.limit);
            if (
                !m.ok ||
                m.value.dimension !== 'count' ||
                m.value.den !== 1n ||
                m.value.num < 1n ||
                m.value.num > BigInt(SWEEP_MAX_LIMIT)
            ) {
                accept('error', `a sweep's max is a number of points from 1 to ${fmt(BigInt(SWEEP_MAX_LIMIT))}`, {
                    node: sweep,
                    property: 'limit',
                    code: IssueCodes.SweepTooLarge,
                });
                return;
            }
        }
        if ((sweep.params ?? []).length === 0) {
            accept(
                'warning',
                `${sweep.name ? `sweep ${sweep.name}` : 'this sweep'} names no parameter: it has no points`,
                {
                    node: sweep,
                    range: headerRange(sweep),
                    code: IssueCodes.SweepValue,
                },
            );
            return;
        }
        const count = sweepPointCount(sweep);
        const limit = sweepLimit(sweep);
        if (count <= limit) {
            this.checkRepeats(sweep, accept);
            return;
        }
        const name = sweep.name ? `sweep ${sweep.name}` : 'this sweep';
        const raise =
            limit < BigInt(SWEEP_MAX_LIMIT) && count <= BigInt(SWEEP_MAX_LIMIT)
                ? `, or raise the limit: sweep ${sweep.name ?? 'NAME'} max ${fmt(count)} {`
                : '';
        accept(
            'error',
            `${name} expands to ${fmt(count)} points, over the limit of ${fmt(limit)}` +
                `${limit === BigInt(SWEEP_LIMIT) ? '' : ' (its max)'}: narrow a range or drop values${raise}`,
            {
                node: sweep,
                range: headerRange(sweep),
                code: IssueCodes.SweepTooLarge,
            },
        );
    };

    /**
     * Points are variants named by their values (`cpus=1,flush=33`): a parameter swept twice in one sweep
     * (the second value won, under a name with both), a value given twice, or a point another sweep of the
     * file has already, would run twice or under a name that lies. Within the limit only: the values are listed.
     */
    private checkRepeats(sweep: ast.Sweep, accept: ValidationAcceptor): void {
        const labels = new Set<string>();
        for (const p of sweep.params ?? []) {
            const label = paramLabel(p);
            if (labels.has(label)) {
                accept(
                    'error',
                    `${label} is swept twice in this sweep: give all its values in one list (${label} = A, B to C)`,
                    { node: p, property: 'param', code: IssueCodes.SweepValue },
                );
                return;
            }
            labels.add(label);
            const seen = new Set<string>();
            for (const v of p.values ?? []) {
                const twice = firstOf(listable(v), item => {
                    if (seen.has(item.label)) return true;
                    seen.add(item.label);
                    return false;
                });
                if (twice) {
                    accept(
                        'error',
                        `${label}=${twice.label} is given twice: its points would run twice, under one name`,
                        {
                            node: v,
                            code: IssueCodes.SweepValue,
                        },
                    );
                    return;
                }
            }
        }
        const earlier = sharedPointsOf(sweep.$container).get(sweep);
        // a warning: a coarse grid and a few points of interest may overlap on purpose; the shared points run
        // in each sweep, under one name
        if (earlier)
            accept(
                'warning',
                `point ${earlier.point} is also a point of ${earlier.sweep}: it would run twice, under one name`,
                { node: sweep, range: headerRange(sweep), code: IssueCodes.SweepValue },
            );
    }

    checkParam = (p: ast.SweepParam, accept: ValidationAcceptor): void => {
        const bad = (message: string, property: 'event' | 'large' | 'notifier' | 'param') =>
            accept('error', message, { node: p, property, code: IssueCodes.SweepValue });
        if (p.param === 'cost' && !p.event) bad('cost needs an event: cost EVENT = AMOUNT, ...', 'param');
        if (p.param === 'cost' && p.event && !COST_EVENTS.includes(p.event as FigureName)) {
            const suggestion = didYouMean(p.event, COST_EVENTS);
            accept('error', `unknown cost event '${p.event}'${suggestion ? `: did you mean '${suggestion}'?` : ''}`, {
                node: p,
                property: 'event',
                code: IssueCodes.UnknownCostEvent,
            });
        }
        if (p.param !== 'cost' && p.event)
            bad(`'${p.event}' is not part of ${p.param}: only cost takes an event name`, 'event');
        if (p.large && p.param !== 'tlb') bad('large is for tlb: tlb large = ENTRIES/WAYS', 'large');
        if (p.notifier && SWEEP_PARAMS[p.param]?.on !== 'notifier')
            bad(`${p.param} is not a notifier's: (NOTIFIER) is for api and release`, 'notifier');
        if (p.param === 'tlb') this.checkTlbSets(p, accept);
        if (p.param === 'pcid' || p.param === 'kernel') this.checkArchValues(p, accept);
    };

    /** R48 and R62 as for the machine properties: no PCID and no 6.x kernel on a 32-bit run's machine. */
    private checkArchValues(p: ast.SweepParam, accept: ValidationAcceptor): void {
        const root = p.$container?.$container;
        const arches = (root?.elements ?? [])
            .filter((e): e is ast.Run => e?.$type === 'Run')
            .map(r => lowerMachine(r.machine?.ref));
        const narrow = arches.find(m => ARCHES[m.arch]?.is32Bit);
        if (!narrow) return;
        for (const v of p.values ?? []) {
            const word = v.word ?? v.from?.text;
            if (p.param === 'pcid' && (word === 'on' || word === 'yes')) {
                accept(
                    'error',
                    `pcid on for machine '${narrow.name}' (${narrow.arch}): ` +
                        'PCID (CR4.PCIDE) needs long mode, so 32-bit kernels have none',
                    { node: v, code: IssueCodes.PcidOn32Bit },
                );
            }
            if (p.param === 'kernel' && word === '6.x') {
                accept(
                    'error',
                    `kernel 6.x for machine '${narrow.name}' (${narrow.arch}): ` +
                        '6.x is modelled on x86_64 only (its arch/x86/mm/tlb.c)',
                    { node: v, code: IssueCodes.KernelEra },
                );
            }
        }
    }

    /** Values given as `ENTRIES` keep each run's machine's ways, which must divide them. */
    private checkTlbSets(p: ast.SweepParam, accept: ValidationAcceptor): void {
        if (sweepPointCount(p.$container) > sweepLimit(p.$container)) return;
        const root = p.$container.$container;
        const runs = (root?.elements ?? []).filter((e): e is ast.Run => e?.$type === 'Run');
        for (const run of runs) {
            const machine = lowerMachine(run.machine?.ref);
            const ways = (p.large ? machine.tlbLarge : machine.tlb4k).ways;
            for (const v of p.values ?? []) {
                const item = firstOf(
                    listable(v),
                    i =>
                        !i.ways &&
                        i.q !== undefined &&
                        countOk(i.q) !== undefined &&
                        countOk(i.q)! % BigInt(ways) !== 0n,
                );
                if (!item) continue;
                accept(
                    'error',
                    `tlb ${item.label}: the ${ways} ways of machine '${machine.name}' do not divide it ` +
                        '(give ENTRIES/WAYS)',
                    {
                        node: v,
                        code: IssueCodes.TlbGeometry,
                    },
                );
                return;
            }
        }
    }

    checkValue = (v: ast.SweepValue, accept: ValidationAcceptor): void => {
        const p = v.$container;
        const info = SWEEP_PARAMS[p?.param ?? ''];
        if (!info) return;
        const bad = (message: string, code = IssueCodes.SweepValue) => accept('error', message, { node: v, code });
        const words = info.words ?? [];
        if (v.word !== undefined || (p.param === 'kernel' && v.from && v.to === undefined)) {
            const word = v.word ?? v.from?.text ?? '';
            if (p.param === 'split') {
                if (!visibleSplits(p).includes(word))
                    bad(`unknown split '${word}'${suggest(word, visibleSplits(p))}`, 'linking-error');
            } else if (!words.includes(word)) {
                const orWords = words.length ? ` or ${words.join(', ')}` : '';
                const takes = info.kind === 'word' ? words.join(', ') : `${kindWords(info.kind)}${orWords}`;
                bad(`${p.param} takes ${takes}, not '${word}'`);
            }
            return;
        }
        if (info.kind === 'word') {
            bad(`${p.param} takes ${p.param === 'split' ? 'a split name' : words.join(', ')}, not a number`);
            return;
        }
        if (v.ways && p.param !== 'tlb') bad(`/WAYS is for tlb only`);
        if (v.to !== undefined) {
            const n = valueCount(v);
            if (!n.ok) {
                bad(n.message);
                return;
            }
            if (n.value === 0n) {
                bad('an empty range');
                return;
            }
        }
        for (const q of [v.from, v.to]) {
            if (!q) continue;
            const message = checkQuantity(p.param, info.kind, q);
            if (message) {
                bad(message, IssueCodes.InvalidQuantity);
                return;
            }
        }
        if (v.ways && v.to === undefined) checkWays(v, accept);
        if (v.ways && v.to !== undefined) {
            const bad = firstOf(
                listable(v),
                i => countOk(i.q!) !== undefined && !!countOk(v.ways!) && countOk(i.q!)! % countOk(v.ways!)! !== 0n,
            );
            if (bad)
                accept(
                    'error',
                    `ways ${v.ways.text} do not divide entries ${bad.q!.text} of the range: ` +
                        'sets = entries / ways must be whole',
                    { node: v, property: 'ways', code: IssueCodes.TlbGeometry },
                );
        }
    };
}

function checkWays(v: ast.SweepValue, accept: ValidationAcceptor): void {
    const entries = countOk(v.from!),
        ways = countOk(v.ways!);
    if (ways === undefined || ways < 1n || ways > 1n << 20n) {
        accept('error', `ways must be between 1 and ${1 << 20}`, {
            node: v,
            property: 'ways',
            code: IssueCodes.CountOutOfRange,
        });
    } else if (entries !== undefined && entries % ways !== 0n) {
        accept('error', `ways ${ways} do not divide entries ${entries}: sets = entries / ways must be whole`, {
            node: v,
            property: 'ways',
            code: IssueCodes.TlbGeometry,
        });
    }
}

function countOk(q: ast.Quantity): bigint | undefined {
    const c = countValue(q, true);
    return c.ok ? c.value : undefined;
}

function kindWords(kind: string): string {
    return (
        {
            count: 'a number',
            pages: 'a number of pages',
            size: 'a size',
            frequency: 'a frequency',
            cost: 'a cost in cycles or time',
        }[kind] ?? kind
    );
}

/** A message when `q` is not a valid value of `param`. */
function checkQuantity(param: string, kind: string, q: ast.Quantity): string | undefined {
    const results: Record<string, () => Result<unknown>> = {
        count: () => countValue(q),
        pages: () => countValue(q, true),
        size: () => sizeBytes(q),
        frequency: () => frequencyHz(q),
        cost: () => costValue(q),
    };
    const r = results[kind]?.();
    if (!r) return undefined;
    if (!r.ok) return r.message;
    const bounds = COUNT_BOUNDS[param];
    const value = r.value as bigint;
    if (bounds && (value < bounds.min || value > bounds.max)) {
        const note = bounds.note ? ` (${bounds.note})` : '';
        return `${param} must be between ${bounds.min} and ${bounds.max}${note}, found ${value}`;
    }
    return undefined;
}

function visibleSplits(p: ast.SweepParam): string[] {
    const root = p.$container?.$container;
    return (root?.elements ?? []).filter((e): e is ast.Split => e?.$type === 'Split').map(s => s.name);
}

function suggest(word: string, names: readonly string[]): string {
    const s = didYouMean(word, names);
    return s ? `: did you mean '${s}'?` : '';
}

/** From `sweep` to the end of its name or `max N`: the header, not the whole block. */
function headerRange(sweep: ast.Sweep) {
    const start = sweep.$cstNode?.range.start ?? { line: 0, character: 0 };
    const last =
        sweep.limit?.$cstNode ??
        GrammarUtils.findNodeForProperty(sweep.$cstNode, 'name') ??
        GrammarUtils.findNodeForKeyword(sweep.$cstNode, 'sweep');
    return { start, end: last?.range.end ?? start };
}
