/** The comparison that every report shares, and its number formats. */
import { describe, expect, test } from 'vitest';
import { compareVariants, type VariantFigures } from '../../language/src/report/comparison.js';
import { formatCount, formatNs, formatRatio } from '../../language/src/report/format-numbers.js';
import { formatCsv, formatTextTable } from '../../language/src/report/format-table.js';
import { FIGURE_NAMES, type FigureName } from '../../language/src/engine/figures.js';

function figures(values: Partial<Record<FigureName, number>>): Record<FigureName, number> {
    return Object.fromEntries(FIGURE_NAMES.map(n => [n, values[n] ?? 0])) as Record<FigureName, number>;
}

function variant(
    name: string,
    totals: Partial<Record<FigureName, number>>,
    perNotifier: Record<string, Partial<Record<FigureName, number>>> = {},
): VariantFigures {
    return {
        variant: name,
        totals: figures(totals),
        perNotifier: Object.fromEntries(Object.entries(perNotifier).map(([k, v]) => [k, figures(v)])),
    };
}

describe('number formats', () => {
    test('GIVEN counts and times THEN separators and the largest fitting unit', () => {
        expect(formatCount(16384)).toBe('16,384');
        expect([formatNs(468), formatNs(1944), formatNs(32_900_000), formatNs(2.5e9)]).toEqual([
            '468 ns',
            '1.94 µs',
            '32.9 ms',
            '2.5 s',
        ]);
    });

    test('GIVEN ratios THEN equal, multiples, fractions and tiny fractions read naturally', () => {
        expect([1, 2, 2.5, 0, 1 / 7, 1 / 8192.5, undefined].map(formatRatio)).toEqual([
            '=',
            '2×',
            '2.5×',
            '0×',
            '0.14× (1/7.0)',
            '1/8190',
            '–',
        ]);
    });
});

describe('compareVariants', () => {
    const runs = [
        variant(
            'page',
            { secondaryFlushes: 700, ipis: 2 },
            { gru: { secondaryFlushes: 600 }, kvm: { secondaryFlushes: 100 } },
        ),
        variant(
            'range',
            { secondaryFlushes: 100, ipis: 2 },
            { gru: { secondaryFlushes: 1 }, kvm: { secondaryFlushes: 99 } },
        ),
    ];

    test('GIVEN two variants THEN rows only for figures non-zero somewhere, per notifier when there are several', () => {
        const c = compareVariants(runs);
        expect(c.variants).toEqual(['page', 'range']);
        expect(c.rows.map(r => [r.label, ...r.values])).toEqual([
            ['ipis', 2, 2],
            ['secondaryFlushes', 700, 100],
            ['secondaryFlushes(gru)', 600, 1],
            ['secondaryFlushes(kvm)', 100, 99],
        ]);
        expect(c.rows[1].ratios).toEqual([100 / 700]);
    });

    test('GIVEN the comparison THEN an aligned text table and a CSV of raw numbers', () => {
        const c = compareVariants(runs);
        expect(formatTextTable(c).split('\n')[2]).toBe('ipis                      2      2              =');
        expect(formatCsv(c).split('\n')[2]).toBe(`secondaryFlushes,700,100,${100 / 700}`);
    });
});
