/** Every example checks clean: no diagnostic, no failed expect, no engine error, no stale hit. */
import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { EXAMPLES, mscn } from './run-example.js';

const files = readdirSync(EXAMPLES).filter(f => f.endsWith('.mscn')).sort();

describe('examples check clean', () => {
    test('GIVEN the examples folder THEN it holds the three seed replays', () => {
        expect(files).toEqual(expect.arrayContaining(['first-class-vas.mscn', 'mmu-notifiers.mscn', 'ukva.mscn']));
    });

    test.each(files)('GIVEN examples/%s WHEN mscn check THEN exit 0 and no output', (file) => {
        expect(mscn(['check', `examples/${file}`])).toEqual({ status: 0, stdout: '', stderr: '' });
    });
});
