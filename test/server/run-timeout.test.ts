/**
 * The editor's time limit (docs/limits.md "Time"): the setting `mscn.run.timeout` (seconds, default 60) goes
 * into the run job the worker executes, where each run block × variant is stopped once it is spent.
 */
import { describe, expect, test, vi } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings } from '../../server/src/settings.js';
import { workerJobFor } from '../../server/src/run/document-job.js';
import { runJob } from '../../language/src/execution/run-scenario-file.js';
import { parseValid, services } from './helpers.js';
import { MPROTECT_LOOP } from '../fixtures/long-running.js';

describe('GIVEN the setting mscn.run.timeout', () => {
    test('WHEN set THEN its whole seconds; absent, 0 or not a number THEN the default of 60', () => {
        expect(parseSettings({ run: { timeout: 5 } }).timeoutSeconds).toBe(5);
        expect(parseSettings({ run: { timeout: 2.5 } }).timeoutSeconds).toBe(2);
        expect(parseSettings({ run: { timeout: 0 } }).timeoutSeconds).toBe(60);
        expect(parseSettings({ run: { timeout: '10' } }).timeoutSeconds).toBe(60);
        expect(parseSettings({}).timeoutSeconds).toBe(60);
    });

    test('WHEN a document runs THEN the job carries it, and the worker stops a run past it', async () => {
        const document = await parseValid(MPROTECT_LOOP);
        const defaults = workerJobFor(document, services);
        expect(typeof defaults === 'string' ? defaults : defaults.timeout).toBe(60);
        const settings = vi
            .spyOn(services.editor.Settings, 'value', 'get')
            .mockReturnValue({ ...DEFAULT_SETTINGS, timeoutSeconds: 1 });
        try {
            const job = workerJobFor(document, services);
            if (typeof job === 'string') throw new Error(job);
            expect(job.timeout).toBe(1);
            // the worker runs the job as it is (run/worker.ts): 8,192 accesses, then mprotects of 4 M PTEs each
            const result = runJob(job)[0].results[0];
            expect(result.stopped).toMatchObject({
                reason: 'time',
                message: 'stopped: the time limit of 1 s is spent',
            });
            expect(result.totals.accesses).toBe(8192);
        } finally {
            settings.mockRestore();
        }
    });
});
