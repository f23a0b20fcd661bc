/**
 * Quantities: a number as written (`0xC000_0000`, `2.4`, `-4`) with an optional unit, converted
 * exactly with BigInt into bytes, nanoseconds, cycles, hertz or a plain count. Every failure is a
 * message, never an exception: the checker shows it on the quantity's range and the lowering
 * falls back to a default.
 */
import type { Quantity } from './generated/ast.js';
import { didYouMean } from './suggest.js';
import { own } from './own.js';

export type Dimension = 'size' | 'pages' | 'time' | 'cycles' | 'frequency' | 'count';

/** The largest value a 64-bit unsigned quantity can hold. */
export const U64_MAX = (1n << 64n) - 1n;
export const PAGE_SIZE = 4096n;

interface UnitInfo {
    dimension: Dimension;
    factor: bigint;
}

/** Each unit's dimension and its factor to the base unit: bytes, pages, ns, cycles, Hz. */
const UNITS: Record<string, UnitInfo> = {
    B: { dimension: 'size', factor: 1n },
    KiB: { dimension: 'size', factor: 1n << 10n },
    MiB: { dimension: 'size', factor: 1n << 20n },
    GiB: { dimension: 'size', factor: 1n << 30n },
    TiB: { dimension: 'size', factor: 1n << 40n },
    PiB: { dimension: 'size', factor: 1n << 50n },
    EiB: { dimension: 'size', factor: 1n << 60n },
    page: { dimension: 'pages', factor: 1n },
    pages: { dimension: 'pages', factor: 1n },
    ns: { dimension: 'time', factor: 1n },
    us: { dimension: 'time', factor: 1_000n },
    ms: { dimension: 'time', factor: 1_000_000n },
    cycles: { dimension: 'cycles', factor: 1n },
    Hz: { dimension: 'frequency', factor: 1n },
    KHz: { dimension: 'frequency', factor: 1_000n },
    MHz: { dimension: 'frequency', factor: 1_000_000n },
    GHz: { dimension: 'frequency', factor: 1_000_000_000n },
};

/** Decimal units people write by habit, mapped to what they almost certainly mean. */
const HABITS: Record<string, string> = {
    K: 'KiB',
    KB: 'KiB',
    kB: 'KiB',
    k: 'KiB',
    M: 'MiB',
    MB: 'MiB',
    G: 'GiB',
    GB: 'GiB',
    T: 'TiB',
    TB: 'TiB',
    P: 'PiB',
    PB: 'PiB',
    E: 'EiB',
    EB: 'EiB',
    bytes: 'B',
    byte: 'B',
    usec: 'us',
    nsec: 'ns',
    msec: 'ms',
    cycle: 'cycles',
    kHz: 'KHz',
    ghz: 'GHz',
    mhz: 'MHz',
};

const DIMENSION_WORDS: Record<Dimension, string> = {
    size: 'a size',
    pages: 'a page count',
    time: 'a time',
    cycles: 'a cycle count',
    frequency: 'a frequency',
    count: 'a plain number',
};

/** An exact value: numerator / denominator (a power of ten for decimals), in the base unit. */
export interface Measure {
    num: bigint;
    den: bigint;
    dimension: Dimension;
}

export type Result<T> = { ok: true; value: T } | { ok: false; message: string };

const fail = <T>(message: string): Result<T> => ({ ok: false, message });

/** The quantity as the user wrote it, for messages: `-4 KiB`, `0x1000`. */
export function quantityText(q: Quantity): string {
    return `${q.negative ? '-' : ''}${q.text ?? ''}${q.unit ? ` ${q.unit}` : ''}`;
}

/**
 * Measures by quantity node: the checker, the range rules and the lowering each convert the same
 * quantity, and an AST is immutable once parsed (a reparse makes new nodes, so nothing goes stale).
 */
const measures = new WeakMap<Quantity, Result<Measure>>();

/** Parse the literal and its unit into an exact measure; reports overflow of the literal itself. */
export function measure(q: Quantity | undefined): Result<Measure> {
    if (!q) return fail('missing number');
    let result = measures.get(q);
    if (!result) measures.set(q, (result = measureUncached(q)));
    return result;
}

function measureUncached(q: Quantity): Result<Measure> {
    if (typeof q.text !== 'string' || q.text.length === 0) return fail('missing number');
    const literal = parseLiteral(q.text);
    if (!literal) return fail(`'${q.text}' is not a number`);
    if (literal.num / literal.den > U64_MAX) {
        return fail(`number ${q.text} does not fit in 64 bits (at most ${U64_MAX})`);
    }
    let dimension: Dimension = 'count';
    let factor = 1n;
    if (q.unit !== undefined) {
        const info = own(UNITS, q.unit);
        if (!info) return fail(unknownUnitMessage(q.unit));
        dimension = info.dimension;
        factor = info.factor;
    }
    const num = (q.negative ? -literal.num : literal.num) * factor;
    if ((num < 0n ? -num : num) / literal.den > U64_MAX) {
        return fail(`${quantityText(q)} does not fit in 64 bits`);
    }
    return { ok: true, value: { num, den: literal.den, dimension } };
}

function parseLiteral(text: string): { num: bigint; den: bigint } | undefined {
    if (/^[0-9]{1,15}$/.test(text)) return { num: BigInt(text), den: 1n }; // the common case, fast
    const clean = text.replace(/_/g, '');
    if (/^0[xX][0-9a-fA-F]+$/.test(clean)) return { num: BigInt(clean), den: 1n };
    const match = /^([0-9]+)(?:\.([0-9]+))?$/.exec(clean);
    if (!match) return undefined;
    const fraction = match[2] ?? '';
    return { num: BigInt(match[1] + fraction), den: 10n ** BigInt(fraction.length) };
}

function unknownUnitMessage(unit: string): string {
    const habit = own(HABITS, unit);
    const suggestion = habit ?? didYouMean(unit, Object.keys(UNITS));
    return `unknown unit '${unit}'${suggestion ? `: did you mean '${suggestion}'?` : ''}`;
}

function wrongDimension(expected: string, m: Measure, q: Quantity): string {
    if (m.dimension === 'count') return `missing unit: ${expected}, found ${quantityText(q)}`;
    return `expected ${expected}, found ${DIMENSION_WORDS[m.dimension]} (${q.unit})`;
}

const SIZE_WORDS = 'a size (B, KiB, MiB, GiB, TiB, PiB, EiB or pages)';

/**
 * Bytes of a size (`4 KiB`, `16 pages`): a unit is required, the value must be positive and whole.
 */
export function sizeBytes(q: Quantity | undefined): Result<bigint> {
    const m = measure(q);
    if (!m.ok) return m;
    const v = m.value;
    if (v.dimension !== 'size' && v.dimension !== 'pages') return fail(wrongDimension(SIZE_WORDS, v, q!));
    return bytesOf(v, q!, true);
}

/** An address or an offset: a plain number or a size (`0xC0000000`, `1 GiB`); zero allowed. */
export function addressBytes(q: Quantity | undefined): Result<bigint> {
    const m = measure(q);
    if (!m.ok) return m;
    const v = m.value;
    if (v.dimension !== 'size' && v.dimension !== 'pages' && v.dimension !== 'count') {
        return fail(`expected an address (a number or a size), found ${DIMENSION_WORDS[v.dimension]} (${q!.unit})`);
    }
    return bytesOf(v, q!, false);
}

function bytesOf(v: Measure, q: Quantity, positive: boolean): Result<bigint> {
    const num = v.dimension === 'pages' ? v.num * PAGE_SIZE : v.num;
    if (num < 0n)
        return fail(
            `${positive ? 'a size must be positive' : 'an address cannot be negative'}, found ${quantityText(q)}`,
        );
    if (num % v.den !== 0n) return fail(`${quantityText(q)} is not a whole number of bytes`);
    const bytes = num / v.den;
    if (positive && bytes === 0n) return fail(`a size must be positive, found ${quantityText(q)}`);
    if (bytes > U64_MAX) return fail(`${quantityText(q)} does not fit in 64 bits`);
    return { ok: true, value: bytes };
}

/** A whole count: no unit (or `pages` where `allowPages`), not negative. */
export function countValue(q: Quantity | undefined, allowPages = false): Result<bigint> {
    const m = measure(q);
    if (!m.ok) return m;
    const v = m.value;
    if (v.dimension !== 'count' && !(allowPages && v.dimension === 'pages')) {
        return fail(
            `expected ${allowPages ? 'a number of pages' : DIMENSION_WORDS.count}, found ` +
                `${DIMENSION_WORDS[v.dimension]} (${q!.unit})`,
        );
    }
    if (v.num < 0n) return fail(`a count cannot be negative, found ${quantityText(q!)}`);
    if (v.num % v.den !== 0n) return fail(`${quantityText(q!)} is not a whole number`);
    return { ok: true, value: v.num / v.den };
}

/** A time in nanoseconds (`2 us`, `2.5 ns`): a time unit is required, not negative. */
export function timeNs(q: Quantity | undefined): Result<number> {
    const m = measure(q);
    if (!m.ok) return m;
    const v = m.value;
    if (v.dimension !== 'time') return fail(wrongDimension('a time (ns, us or ms)', v, q!));
    if (v.num < 0n) return fail(`a time cannot be negative, found ${quantityText(q!)}`);
    return { ok: true, value: toNumber(v) };
}

/** A cost: a time (ns) or a number of cycles at the machine clock. */
export function costValue(q: Quantity | undefined): Result<{ amount: number; unit: 'ns' | 'cycles' }> {
    const m = measure(q);
    if (!m.ok) return m;
    const v = m.value;
    if (v.dimension !== 'time' && v.dimension !== 'cycles') {
        return fail(wrongDimension('a cost (ns, us, ms or cycles)', v, q!));
    }
    if (v.num < 0n) return fail(`a cost cannot be negative, found ${quantityText(q!)}`);
    return { ok: true, value: { amount: toNumber(v), unit: v.dimension === 'time' ? 'ns' : 'cycles' } };
}

/** A clock frequency in Hz (`2.4 GHz`): positive. */
export function frequencyHz(q: Quantity | undefined): Result<number> {
    const m = measure(q);
    if (!m.ok) return m;
    const v = m.value;
    if (v.dimension !== 'frequency') return fail(wrongDimension('a frequency (Hz, KHz, MHz or GHz)', v, q!));
    if (v.num <= 0n) return fail(`a frequency must be positive, found ${quantityText(q!)}`);
    return { ok: true, value: toNumber(v) };
}

function toNumber(v: Measure): number {
    return Number(v.num) / Number(v.den);
}

/** The value of a result, or the fallback when it failed (the lowering's defaults). */
export function valueOr<T>(result: Result<T>, fallback: T): T {
    return result.ok ? result.value : fallback;
}

/** Bytes as people write them: `4 KiB`, `896 MiB`, `0x1800 B` when not a whole unit. */
export function formatBytes(bytes: bigint): string {
    const units: Array<[string, bigint]> = [
        ['EiB', 60n],
        ['PiB', 50n],
        ['TiB', 40n],
        ['GiB', 30n],
        ['MiB', 20n],
        ['KiB', 10n],
    ];
    for (const [name, shift] of units) {
        if (bytes !== 0n && bytes % (1n << shift) === 0n) return `${bytes >> shift} ${name}`;
    }
    return `${bytes} B`;
}

/** An address as the kernel prints it: `0xc0000000`. */
export function formatAddress(address: bigint): string {
    return `0x${address.toString(16)}`;
}
