/**
 * A `sweep` block → its points (docs/sweeps.md): the product of its parameters' values, the first
 * parameter outermost. Each point is a variant named by its values (`tlb=64/4,api=range`) whose
 * overrides are the properties a hand-written variant would add, so that lowering and the engine
 * treat it exactly as one. Total over bad input: a value the checker rejects is skipped, and a sweep
 * past its limit has no points (the checker reported it, validation/sweeps.ts).
 */
import type * as ast from '../generated/ast.js';
import { measure, type Dimension, type Result } from '../units.js';

/** The checker's default limit on a sweep's points (`sweep NAME max N` raises it). */
export const SWEEP_LIMIT = 10_000;

/** What a parameter's values are. */
type ValueKind = 'count' | 'pages' | 'size' | 'frequency' | 'cost' | 'word';

interface ParamInfo {
    kind: ValueKind;
    /** The words a `word` parameter takes (undefined: any name, resolved elsewhere). */
    words?: readonly string[];
    /** Where its property goes: the run's machine, every notifier (or the named one), every process, the split. */
    on: 'machine' | 'notifier' | 'process' | 'split';
    doc: string;
}

const SWITCH = ['on', 'off', 'yes', 'no'] as const;

/** Every parameter a sweep can name, with its values and documentation (hover and completion use it). */
export const SWEEP_PARAMS: Readonly<Record<string, ParamInfo>> = {
    tlb: {
        kind: 'count',
        on: 'machine',
        doc: 'the 4 KiB TLB (`tlb large`: the large-page TLB): `ENTRIES/WAYS` or `ENTRIES` (ways kept)',
    },
    flush: {
        kind: 'pages',
        words: ['always-full'],
        on: 'machine',
        doc: 'the flush ceiling in pages (tlb_single_page_flush_ceiling), or `always-full`',
    },
    cpus: { kind: 'count', on: 'machine', doc: 'the number of CPUs' },
    pcid: { kind: 'word', words: SWITCH, on: 'machine', doc: 'PCID on or off (x86_64 only)' },
    'global-pages': { kind: 'word', words: SWITCH, on: 'machine', doc: 'global kernel pages on or off' },
    kernel: { kind: 'word', words: ['2.4', '2.6', '6.x'], on: 'machine', doc: 'the kernel era: 2.4, 2.6 or 6.x' },
    asid: { kind: 'word', words: ['round-robin', 'lru'], on: 'machine', doc: 'the PCID ASID policy' },
    ram: { kind: 'size', on: 'machine', doc: 'the RAM size' },
    clock: { kind: 'frequency', on: 'machine', doc: 'the clock that converts cycles into time' },
    pkmapSlots: { kind: 'count', on: 'machine', doc: 'LAST_PKMAP, the persistent-kmap slots' },
    cost: { kind: 'cost', on: 'machine', doc: '`cost EVENT`: the price of one event (cycles or time)' },
    split: { kind: 'word', on: 'split', doc: 'the split every run uses (a declared split)' },
    api: {
        kind: 'word',
        words: ['page', 'range', 'merged', 'interval'],
        on: 'notifier',
        doc: 'the notifier API (`api(NOTIFIER)`: one notifier)',
    },
    release: {
        kind: 'word',
        words: ['before-unmap', 'after-unmap'],
        on: 'notifier',
        doc: 'where release runs (`release(NOTIFIER)`: one notifier)',
    },
    threads: { kind: 'count', on: 'process', doc: 'the threads of every process' },
};

/** One value of a parameter: its label in the point's name, and the quantity or word it sets. */
export interface SweepItem {
    label: string;
    q?: ast.Quantity;
    ways?: ast.Quantity;
    word?: string;
}

/** A point of a sweep: a variant (name, overrides, expects) plus the properties it adds everywhere. */
export interface SweepPoint {
    name: string;
    /** Parameter label (`tlb`, `cost.invlpg`, `api.gru`) and value label, in the sweep's order. */
    params: Array<[string, string]>;
    overrides: ast.Override[];
    expects: ast.Expect[];
    machineProps: ast.MachineProp[];
    processProps: ast.ProcessProp[];
    notifierProps: Array<{ notifier?: string; props: ast.NotifierProp[] }>;
}

/** `tlb`, `tlb.large`, `cost.invlpg`, `api.gru`: the parameter's name in point names and reports. */
export function paramLabel(p: ast.SweepParam): string {
    return [p.param, p.large ? 'large' : undefined, p.event, p.notifier?.$refText].filter(Boolean).join('.');
}

const BASE_UNIT: Record<Dimension, string | undefined> = {
    size: 'B',
    pages: 'pages',
    time: 'ns',
    cycles: 'cycles',
    frequency: 'Hz',
    count: undefined,
};

function quantity(text: string, unit: string | undefined): ast.Quantity {
    return { $type: 'Quantity', text, unit, negative: false } as unknown as ast.Quantity;
}

function itemOf(q: ast.Quantity, ways?: ast.Quantity): SweepItem {
    const label = `${q.negative ? '-' : ''}${q.text}${q.unit ?? ''}${ways ? `/${ways.text}` : ''}`;
    return { label, q, ways };
}

/** A range's bounds and step in the unit of its start; a string says why it is not a range. */
function rangeOf(
    v: ast.SweepValue,
): Result<{ from: bigint; to: bigint; step: bigint; times: boolean; unit?: string; factor: bigint; base?: string }> {
    const from = measure(v.from),
        to = measure(v.to);
    const step = v.step
        ? measure(v.step)
        : {
              ok: true as const,
              value: { num: 1n, den: 1n, dimension: from.ok ? from.value.dimension : ('count' as Dimension) },
          };
    if (!from.ok) return from;
    if (!to.ok) return to;
    if (!step.ok) return step;
    const [f, t, s] = [from.value, to.value, step.value];
    if (f.den !== 1n || t.den !== 1n || s.den !== 1n) return { ok: false, message: 'a range takes whole numbers' };
    if (f.dimension !== t.dimension)
        return {
            ok: false,
            message:
                `a range from ${v.from?.text}${v.from?.unit ? ` ${v.from.unit}` : ''} cannot end at a different kind ` +
                `of value (${v.to?.unit ?? 'a plain number'})`,
        };
    if (v.times ? s.dimension !== 'count' || s.num < 2n : s.num <= 0n) {
        return {
            ok: false,
            message: v.times ? 'a range `by *K` needs a plain factor K of at least 2' : 'a range step must be positive',
        };
    }
    if (!v.times && v.step !== undefined && s.dimension !== f.dimension) {
        return { ok: false, message: `the step of a range must be the same kind of value as its bounds` };
    }
    if (t.num < f.num) return { ok: false, message: 'a range must not end below its start' };
    if (f.num <= 0n && v.times) return { ok: false, message: 'a range `by *K` must start above 0' };
    const unitFactor = v.from?.unit ? measure(quantity('1', v.from.unit)) : undefined;
    const factor = unitFactor?.ok ? unitFactor.value.num : 1n;
    return {
        ok: true,
        value: {
            from: f.num,
            to: t.num,
            step: s.num,
            times: v.times,
            unit: v.from?.unit ?? BASE_UNIT[f.dimension],
            factor,
            base: BASE_UNIT[f.dimension],
        },
    };
}

/** How many values one `SweepValue` stands for, without listing them. */
export function valueCount(v: ast.SweepValue): Result<bigint> {
    if (v.word !== undefined) return { ok: true, value: 1n };
    if (!v.from) return { ok: true, value: 0n }; // a value the parser left half-made: eachValueItem yields none
    if (v.to === undefined) return { ok: true, value: 1n };
    const r = rangeOf(v);
    if (!r.ok) return r;
    const { from, to, step, times } = r.value;
    if (!times) return { ok: true, value: (to - from) / step + 1n };
    let n = 0n;
    for (let x = from; x <= to; x *= step) n++;
    return { ok: true, value: n };
}

/** The number of points of a sweep: the product of its parameters' value counts. */
export function sweepPointCount(sweep: ast.Sweep): bigint {
    let n = 1n;
    for (const p of sweep.params ?? []) n *= paramValueCount(p);
    return n;
}

/** The values of one parameter, ranges listed; invalid ones left out (the checker reports them). */
export function paramItems(p: ast.SweepParam): SweepItem[] {
    return (p.values ?? []).flatMap(v => [...eachValueItem(v)]);
}

/** How many values one parameter stands for, without listing them (invalid ones count none). */
export function paramValueCount(p: ast.SweepParam): bigint {
    let n = 0n;
    for (const v of p.values ?? []) {
        const c = valueCount(v);
        if (c.ok) n += c.value;
    }
    return n;
}

/**
 * The values one `SweepValue` stands for, one at a time (as many as valueCount says): itself, or every value
 * of its range. What may meet a range of a billion (a hover, a check that stops at the first bad value)
 * takes what it needs and no more.
 */
export function* eachValueItem(v: ast.SweepValue): Generator<SweepItem> {
    if (v.word !== undefined) {
        yield { label: v.word, word: v.word };
        return;
    }
    if (!v.from) return;
    if (v.to === undefined) {
        yield itemOf(v.from, v.ways);
        return;
    }
    const r = rangeOf(v);
    if (!r.ok) return;
    const { from, to, step, times, unit, factor, base } = r.value;
    for (let x = from; x <= to; x = times ? x * step : x + step) {
        const exact = x % factor === 0n;
        yield itemOf(quantity(String(exact ? x / factor : x), exact ? unit : base), v.ways);
    }
}

/** The first `n` values of a parameter, listed lazily. */
export function firstParamItems(p: ast.SweepParam, n: number): SweepItem[] {
    const out: SweepItem[] = [];
    for (const v of p.values ?? []) {
        for (const item of eachValueItem(v)) {
            if (out.length === n) return out;
            out.push(item);
        }
    }
    return out;
}

/**
 * Every point of the sweep, or none when it is past its limit or has none. `splitNamed` resolves `split = NAME`.
 * `kept` (sweep-sample.ts) lists, per parameter, the indices of the values to expand; all when absent.
 */
export function expandSweep(
    sweep: ast.Sweep,
    splitNamed: (name: string) => ast.Split | undefined,
    kept?: ReadonlyArray<readonly number[]>,
): SweepPoint[] {
    // Past the limit, or no point at all (a parameter with no valid value): then listing the others' values
    // could be listing a range of a billion for nothing.
    const count = sweepPointCount(sweep);
    if (count === 0n || count > sweepLimit(sweep)) return [];
    let points: SweepPoint[] = [
        {
            name: '',
            params: [],
            overrides: [],
            expects: sweep.expects ?? [],
            machineProps: [],
            processProps: [],
            notifierProps: [],
        },
    ];
    for (const [i, p] of (sweep.params ?? []).entries()) {
        const label = paramLabel(p);
        const all = paramItems(p);
        const items = kept ? kept[i].map(j => all[j]) : all;
        points = points.flatMap(point => items.map(item => addItem(point, p, label, item, splitNamed)));
    }
    return (sweep.params ?? []).length === 0 ? [] : points;
}

/** A point's name, its variant's: `cpus=2,cost.invlpg=200cycles`, the parameters in the sweep's order. */
export function pointName(params: ReadonlyArray<readonly [string, string]>): string {
    return params.map(([k, v]) => `${k}=${v}`).join(',');
}

/** The highest `max N` a sweep may give: each point is a config in memory until it has run. */
export const SWEEP_MAX_LIMIT = 1_000_000;

/** The sweep's limit: `max N` (at most SWEEP_MAX_LIMIT), else SWEEP_LIMIT. */
export function sweepLimit(sweep: ast.Sweep): bigint {
    const m = sweep.limit ? measure(sweep.limit) : undefined;
    const given = m?.ok && m.value.den === 1n && m.value.dimension === 'count' ? m.value.num : BigInt(SWEEP_LIMIT);
    return given > BigInt(SWEEP_MAX_LIMIT) ? BigInt(SWEEP_MAX_LIMIT) : given;
}

function addItem(
    point: SweepPoint,
    p: ast.SweepParam,
    label: string,
    item: SweepItem,
    splitNamed: (name: string) => ast.Split | undefined,
): SweepPoint {
    const params: Array<[string, string]> = [...point.params, [label, item.label]];
    const next: SweepPoint = { ...point, name: pointName(params), params };
    const info = SWEEP_PARAMS[p.param];
    if (info?.on === 'split') {
        const split = item.word ? splitNamed(item.word) : undefined;
        if (split)
            next.overrides = [
                ...point.overrides,
                { $type: 'UseOverride', split: { ref: split } } as unknown as ast.UseOverride,
            ];
    } else if (info?.on === 'notifier') {
        const prop = (p.param === 'api'
            ? { $type: 'ApiProp', api: item.word }
            : { $type: 'ReleaseProp', release: item.word }) as unknown as ast.NotifierProp;
        next.notifierProps = [...point.notifierProps, { notifier: p.notifier?.$refText, props: [prop] }];
    } else if (info?.on === 'process') {
        next.processProps = [
            ...point.processProps,
            { $type: 'ThreadsProp', count: item.q } as unknown as ast.ProcessProp,
        ];
    } else if (info) {
        const prop = machineProp(p, item);
        if (prop) next.machineProps = [...point.machineProps, prop];
    }
    return next;
}

function machineProp(p: ast.SweepParam, item: SweepItem): ast.MachineProp | undefined {
    const prop = (fields: Record<string, unknown>) => fields as unknown as ast.MachineProp;
    switch (p.param) {
        case 'tlb':
            return prop({ $type: 'TlbProp', large: p.large, entries: item.q, ways: item.ways });
        case 'flush':
            return item.word === 'always-full'
                ? prop({ $type: 'FlushProp', alwaysFull: true })
                : prop({ $type: 'FlushProp', alwaysFull: false, ceiling: item.q });
        case 'cpus':
            return prop({ $type: 'CpusProp', count: item.q });
        case 'pcid':
            return prop({ $type: 'PcidProp', enabled: item.word });
        case 'global-pages':
            return prop({ $type: 'GlobalPagesProp', enabled: item.word });
        case 'kernel':
            return prop({ $type: 'KernelProp', era: item.word ?? item.q?.text });
        case 'asid':
            return prop({ $type: 'AsidProp', policy: item.word });
        case 'ram':
            return prop({ $type: 'RamProp', size: item.q });
        case 'clock':
            return prop({ $type: 'ClockProp', frequency: item.q });
        case 'pkmapSlots':
            return prop({ $type: 'PkmapSlotsProp', slots: item.q });
        case 'cost':
            return prop({ $type: 'CostProp', event: p.event, amount: item.q });
        default:
            return undefined;
    }
}

/**
 * The notifier properties a point adds to `n`. A swept `api interval` keeps the interval the
 * notifier declares (`api interval at A size S`), since lowering an `api` without one clears it.
 */
export function sweepNotifierProps(point: SweepPoint, n: ast.Notifier): ast.NotifierProp[] {
    const declared = [...(n.props ?? [])]
        .reverse()
        .find((p): p is ast.ApiProp => p?.$type === 'ApiProp' && p.size !== undefined);
    return point.notifierProps
        .filter(e => e.notifier === undefined || e.notifier === n.name)
        .flatMap(e => e.props)
        .map(p =>
            p.$type === 'ApiProp' && declared
                ? ({ ...p, address: declared.address, size: declared.size } as ast.ApiProp)
                : p,
        );
}

export { pointParams } from '../report/sweep-params.js';
