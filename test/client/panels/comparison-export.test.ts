/**
 * The comparison panel's CSV and Markdown: `mscn run`'s tables with the estimated time's parts by event
 * kind after estimatedTime (examples/quickstart.mscn: flush ceiling 33 vs 128 pages).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { comparisonCsv, comparisonMarkdown } from '../../../client/src/panels/comparison-export.js';
import { formatRunsCsv, formatRunsMarkdown } from '../../../language/src/report/format-runs.js';
import type { ScenarioRuns } from '../../../language/src/execution/run-scenario-file.js';
import { runExample } from '../../webview/fixtures.js';

let runs: ScenarioRuns[];
beforeAll(async () => {
    runs = await runExample('quickstart.mscn');
});

describe('GIVEN the runs of examples/quickstart.mscn', () => {
    test('WHEN exported as CSV THEN mscn run --csv with one raw-ns row per kind after estimatedTime', () => {
        const lines = comparisonCsv(runs).trimEnd().split('\n');
        const plain = formatRunsCsv(runs).trimEnd().split('\n');
        const at = plain.findIndex(l => l.startsWith('hello,estimatedTime,')) + 1;
        // 2,045 walk refs × 2.5 ns; 4 switches × 1,944 ns; 128 invlpg × 260 cycles; 6 / 4 full flushes × 96 cycles; 2
        // IPIs × 1,016 cycles
        expect(lines).toEqual([
            ...plain.slice(0, at),
            'hello,estimatedTime.walkRefs,5112.5,5112.5,1',
            'hello,estimatedTime.contextSwitches,7776,7776,1',
            'hello,estimatedTime.invlpg,0,13866.666666666666,',
            'hello,estimatedTime.fullFlushes,240,160,0.6666666666666666',
            'hello,estimatedTime.ipis,846.6666666666666,846.6666666666666,1',
            ...plain.slice(at),
        ]);
    });

    test('WHEN exported as Markdown THEN the same rows, times with units', () => {
        const md = comparisonMarkdown(runs);
        expect(md.startsWith(formatRunsMarkdown(runs).split('| estimatedTime |')[0])).toBe(true);
        expect(md).toContain(
            '| estimatedTime | 14 µs | 27.8 µs | 1.99× |\n| estimatedTime.walkRefs | 5.11 µs | 5.11 µs | = |\n',
        );
        expect(md).toContain('| estimatedTime.invlpg | 0 ns | 13.9 µs | – |');
        expect(md).toContain('| estimatedTime.fullFlushes | 240 ns | 160 ns | 0.67× (1/1.5) |');
    });
});
