/**
 * Every example checks clean: no diagnostic, no failed expect, no engine error, no stale hit. The only
 * output allowed is an `info: as expected:` line, for an error an `expect error` line asks for.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { EXAMPLES, mscn } from './run-example.js';

const files = readdirSync(EXAMPLES)
    .filter(f => f.endsWith('.mscn'))
    .sort();

describe('examples check clean', () => {
    test('GIVEN the examples folder THEN it holds the three seed replays', () => {
        expect(files).toEqual(expect.arrayContaining(['first-class-vas.mscn', 'mmu-notifiers.mscn', 'ukva.mscn']));
    });

    test.each(files)('GIVEN examples/%s WHEN mscn check THEN exit 0 and nothing but expected errors', file => {
        const r = mscn(['check', `examples/${file}`]);
        expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
        // R47: per-task roots on two-level i386 are allowed with a warning; ukva.mscn shows them on purpose.
        const deliberate = (l: string) =>
            file === 'ukva.mscn' &&
            l.includes(": warning: variant 'ukva_per_task_i386', run 'many': a per-task UKVA window on non-PAE i386");
        const unexpected = r.stdout
            .split('\n')
            .filter(l => l !== '' && !l.includes(': info: as expected: ') && !deliberate(l));
        expect(unexpected).toEqual([]);
    });

    test('GIVEN the lowmem wall WHEN checked THEN the one expected error names the process count', () => {
        // 98,304 lowmem pages after mem_map; db + 126 servers of 772 table pages and 128 two-page stacks
        // take 98,300: the 127th server's tables cross it, with 128 processes alive.
        expect(229_376 - 131_072).toBe(98_304);
        expect(127 * 772 + 128 * 2).toBe(98_300);
        expect(mscn(['check', 'examples/ukva-lowmem-wall.mscn']).stdout).toBe(
            'examples/ukva-lowmem-wall.mscn:39:9: info: as expected: lowmem exhausted: 383 MiB of page ' +
                'tables for 128 processes' +
                ' + 512 MiB mem_map + 1.1 MiB of kernel stacks for 129 tasks > 896 MiB of lowmem (variant lowmem)\n',
        );
    });
});
