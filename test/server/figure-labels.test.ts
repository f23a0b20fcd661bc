/**
 * The few words an inlay hint, a lens or a hover gives a figure. Pinned slips: `256 sec sec flush` for
 * secondaryFlushes with several notifiers, and the raw name `3 lowmemPages`.
 */
import { describe, expect, test } from 'vitest';
import { FIGURE_NAMES } from '../../language/src/engine/figures.js';
import { figureLabel, figuresLine } from '../../server/src/figure-labels.js';

describe('GIVEN figure labels', () => {
    test('WHEN secondary figures come from several notifiers THEN `secondary` is said once', () => {
        expect(figureLabel('secondaryFlushes', 256, ['gru', 'kvm'])).toBe('256 secondary flush');
        expect(figureLabel('secondaryPagesInvalidated', 16, ['gru'])).toBe('16 GRU inv');
    });

    test('WHEN a figure has no words of its own THEN it would show its raw name: none does', () => {
        expect(figureLabel('lowmemPages', 3)).toBe('3 lowmem PT pages');
        // a camelCase name on screen is a raw figure name (`accesses`, `walks` are plain words and fine)
        for (const figure of FIGURE_NAMES) expect(figureLabel(figure, 2)).not.toMatch(/[a-z][A-Z]/);
    });

    test('WHEN several figures changed THEN the chosen non-zero ones are joined in order', () => {
        expect(figuresLine({ ipis: 1, fullFlushes: 2, invlpg: 0 }, ['fullFlushes', 'invlpg', 'ipis'])).toBe(
            '2 flush · 1 IPI',
        );
    });
});
