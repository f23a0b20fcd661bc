/** Number formatting shared by every report: counts with thousands separators, times with units. */

export function formatCount(n: number): string {
    if (!Number.isFinite(n)) return String(n);
    if (Number.isInteger(n)) return n.toLocaleString('en-US');
    return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** 1944 → "1.94 µs", 12_300_000 → "12.3 ms". */
export function formatNs(ns: number): string {
    const abs = Math.abs(ns);
    if (abs < 1e3) return `${trim(ns)} ns`;
    if (abs < 1e6) return `${trim(ns / 1e3)} µs`;
    if (abs < 1e9) return `${trim(ns / 1e6)} ms`;
    return `${trim(ns / 1e9)} s`;
}

/** 0.1428 → "0.14× (1/7.0)", 0.000122 → "1/8190", 1 → "=", 0 → "0×", 3 → "3×", 2.5 → "2.5×". */
export function formatRatio(ratio: number | undefined): string {
    if (ratio === undefined) return '–';
    if (ratio === 0) return '0×';
    if (ratio === 1) return '=';
    if (ratio < 0.1) return `1/${trim(1 / ratio)}`;
    if (ratio < 1) return `${ratio.toFixed(2)}× (1/${(1 / ratio).toFixed(1)})`;
    return `${trim(ratio)}×`;
}

function trim(x: number): string {
    return Number(x.toPrecision(3)).toString();
}
