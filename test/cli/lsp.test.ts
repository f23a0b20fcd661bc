/**
 * `mscn lsp` starts the language server for any LSP editor (stdio by default), and the server bundle
 * started wrongly prints its usage instead of 151 KB of minified source.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { LspClient, SERVER } from '../server/lsp-client.js';

const MSCN = fileURLToPath(new URL('../../out/cli/mscn.cjs', import.meta.url));

let client: LspClient | undefined;
afterEach(async () => {
    await client?.stop();
    client = undefined;
});

describe('GIVEN mscn lsp', () => {
    test('WHEN an LSP client starts it without arguments THEN it serves stdio: capabilities, then diagnostics of a broken file', async () => {
        client = await LspClient.start({ run: { debounce: 0 } }, undefined, { command: [MSCN, 'lsp'] });
        expect(client.capabilities).toMatchObject({ hoverProvider: true, renameProvider: { prepareProvider: true } });
        expect(client.capabilities).toHaveProperty('semanticTokensProvider');
        const uri = 'file:///virtual/broken.mscn';
        client.open(uri, 'process p\nrun r {\n  mmap p 4 KiB\n}\n');
        const diagnostics = await client.diagnosticsWhere(uri, d => d.length > 0);
        expect(diagnostics.map(d => `${d.range.start.line}:${d.range.start.character} ${d.message}`)).toEqual([
            "2:9 expected 'size' but found '4'",
        ]);
    });
});

describe('GIVEN the server bundle started wrongly', () => {
    test('WHEN no transport is given THEN a short usage on stderr and exit 2, no source', () => {
        const r = spawnSync(process.execPath, [SERVER], { encoding: 'utf8' });
        expect(r.status).toBe(2);
        expect(r.stderr).toMatch(
            /^no transport given\nMemory Scenarios language server \d+\.\d+\.\d+\nUsage: mscn lsp/,
        );
        expect(r.stderr.length).toBeLessThan(1000);
    });

    test('WHEN --help, --version or an unknown flag THEN usage (exit 0), the version (exit 0), the flag named (exit 2)', () => {
        const help = spawnSync(process.execPath, [SERVER, '--help'], { encoding: 'utf8' });
        expect([help.status, help.stdout.split('\n')[1]]).toEqual([
            0,
            'Usage: mscn lsp [--stdio | --node-ipc | --socket=PORT | --pipe=NAME]   (stdio when none is given)',
        ]);
        const version = spawnSync(process.execPath, [MSCN, 'lsp', '--version'], { encoding: 'utf8' });
        expect([version.status, version.stdout]).toEqual([0, '0.1.0\n']);
        const bad = spawnSync(process.execPath, [SERVER, '--stdoi'], { encoding: 'utf8' });
        expect([bad.status, bad.stderr.split('\n')[0]]).toEqual([2, "unknown argument '--stdoi'"]);
    });
});
