/**
 * Restricted Mode: the manifest declares limited support for untrusted workspaces and restricts exactly
 * the settings that name files to read (the server ignores them when told the workspace is untrusted,
 * test/server/run-lifecycle.test.ts). Before, package.json declared nothing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { FILE_SETTINGS, parseSettings, untrustedWorkspace } from '../../server/src/settings.js';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));

describe('GIVEN package.json as the extension manifest', () => {
    test('WHEN its untrusted-workspace capability is read THEN support is limited and the file-naming settings are restricted', () => {
        const untrusted = manifest.capabilities?.untrustedWorkspaces;
        expect(untrusted?.supported).toBe('limited');
        expect(untrusted?.restrictedConfigurations).toEqual([...FILE_SETTINGS]);
        // each restricted setting is a contributed string setting (a path)
        for (const name of FILE_SETTINGS)
            expect(manifest.contributes.configuration.properties[name]?.type).toBe('string');
    });

    test('WHEN the settings hold a cost-overrides path THEN it is read as one, and only workspaceTrusted: false means untrusted', () => {
        expect(parseSettings({ costs: { overridesFile: 'costs.json' } }).costOverridesFile).toBe('costs.json');
        expect([
            untrustedWorkspace({ workspaceTrusted: false }),
            untrustedWorkspace({ workspaceTrusted: true }),
            untrustedWorkspace(undefined),
            untrustedWorkspace({}),
        ]).toEqual([true, false, false, false]);
    });
});
