/**
 * Over a real connection, what any LSP client (not only VS Code) gets: the lenses' commands through
 * `workspace/executeCommand` with plain-text answers, lenses that each carry an advertised command,
 * and pull diagnostics (`textDocument/diagnostic`) equal to the pushed ones.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { LspClient } from './lsp-client.js';
import { HELLO_LAPTOP } from '../fixtures/hello-laptop.js';

let client: LspClient | undefined;
afterEach(async () => {
    await client?.stop();
    client = undefined;
});

const URI = 'file:///virtual/commands.mscn';
const TEXT = HELLO_LAPTOP;

interface Lens {
    command?: { title: string; command: string; arguments?: unknown[] };
}

/** `mscn run` of TEXT saved as commands.mscn, run from its folder (so that it prints the same file name). */
function cliRun(...args: string[]): string {
    const dir = mkdtempSync(join(tmpdir(), 'mscn-commands-'));
    writeFileSync(join(dir, 'commands.mscn'), TEXT);
    return execFileSync(process.execPath, [join(process.cwd(), 'out/cli/mscn.cjs'), 'run', 'commands.mscn', ...args], {
        cwd: dir,
        encoding: 'utf8',
    });
}

const execute = (command: string, args: unknown[]) =>
    client!.request<string>('workspace/executeCommand', { command, arguments: args });

describe('GIVEN the server started by a plain LSP client', () => {
    test('WHEN it initializes THEN it advertises the three lens commands and pull diagnostics', async () => {
        client = await LspClient.start();
        expect(client.capabilities.executeCommandProvider).toEqual({
            commands: ['mscn.server.run', 'mscn.server.compareVariants', 'mscn.server.pageTables'],
        });
        expect(client.capabilities.diagnosticProvider).toEqual({
            interFileDependencies: true,
            workspaceDiagnostics: false,
        });
    });

    test('WHEN a client that listens to push says pullDiagnostics: false THEN no pull is offered (no second copy)', async () => {
        client = await LspClient.start({}, undefined, { initializationOptions: { pullDiagnostics: false } });
        expect(client.capabilities.diagnosticProvider).toBeUndefined();
    });

    test('WHEN the lenses are asked for THEN each carries a command the server advertises, none an empty one', async () => {
        client = await LspClient.start({ run: { debounce: 0 } });
        client.open(URI, TEXT);
        await client.ranVersion(URI, 1);
        const lenses = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri: URI } });
        const advertised = (client.capabilities.executeCommandProvider as { commands: string[] }).commands;
        expect(lenses).toHaveLength(4);
        for (const lens of lenses) expect(advertised).toContain(lens.command?.command);
    });
});

describe('GIVEN a scenario with a variant, never run before the command', () => {
    test("WHEN mscn.server.run is executed THEN it runs the text and answers the selected variant's report", async () => {
        client = await LspClient.start({ run: { debounce: 600_000 } });
        client.open(URI, TEXT);
        const text = await execute('mscn.server.run', [URI, 'hello']);
        expect(text.trimEnd()).toBe(cliRun('--variant', 'base').trimEnd());
        // 2 switches (1 full flush each) + the munmap of 64 pages > the ceiling of 33 (2 full flushes, 1 IPI);
        // 256 faults: one per page of the 1 MiB heap
        expect(text).toMatch(/^commands\.mscn: run hello on laptop with x86_64\n/);
        expect(text).toMatch(/\npageFaults +256\n/);
        expect(text).toMatch(/\nfullFlushes +4\n/);
    });

    test('WHEN mscn.server.compareVariants is executed THEN both variants stand side by side', async () => {
        client = await LspClient.start({ run: { debounce: 600_000 } });
        client.open(URI, TEXT);
        const text = await execute('mscn.server.compareVariants', [URI]);
        expect(text.trimEnd()).toBe(cliRun().trimEnd());
        // high_ceiling: 64 pages ≤ 128 → 64 invlpg on each of the 2 CPUs; the munmap's 2 full flushes go
        expect(text).toMatch(/\ninvlpg +0 +128 +–\n/);
        expect(text).toMatch(/\nfullFlushes +4 +2 +0\.50× \(1\/2\.0\)\n/);
    });

    test('WHEN mscn.server.pageTables is executed THEN the tables and TLBs after the last statement come back as text', async () => {
        client = await LspClient.start({ run: { debounce: 600_000 } });
        client.open(URI, TEXT);
        const text = await execute('mscn.server.pageTables', [URI, 'hello']);
        // after the munmap of the last 256 KiB: 192 of the 256 written pages stay, frames 1..192 in write order, in
        // one PTE table of x86_64's 4 levels (0x40000000 = pgd 0, pud 1, pmd 0); the munmap's 64 pages exceed the
        // flush ceiling of 33, so both CPUs flushed whole: no TLB entry is left
        expect(text).toBe(
            [
                'run hello (base): after statement 4 (operation 261)',
                '',
                'mm shell: cpumask {0,1}, 1 VMA(s)',
                '  vma 0x40000000-0x400c0000 rw-',
                '  pgd table @ 0x0 (lowmem, 1 used)',
                '    [0] pud table @ 0x0 (lowmem, 1 used)',
                '      [1] pmd table @ 0x40000000 (lowmem, 1 used)',
                '        [0] pte table @ 0x40000000 (lowmem, 192 used)',
                '          [0..191] 0x40000000 page frames 1..192 rw',
                '',
                'cpu 0: shell (mm shell), 0 TLB entries',
                '',
                'cpu 1: shell.1 (mm shell), 0 TLB entries',
                '',
            ].join('\n'),
        );
    });

    test('WHEN a command names no open document or a missing run block THEN it fails with a message', async () => {
        client = await LspClient.start({ run: { debounce: 600_000 } });
        client.open(URI, TEXT);
        await expect(execute('mscn.server.run', ['file:///virtual/not-open.mscn'])).rejects.toThrow(
            /not open, or has errors/,
        );
        await expect(execute('mscn.server.run', [URI, 'nope'])).rejects.toThrow(/no run block 'nope'/);
        await expect(execute('mscn.server.run', [42])).rejects.toThrow(/expected the arguments \[uri, run\?\]/);
    });
});

describe('GIVEN documents whose diagnostics come from validation and from the run', () => {
    const pull = (uri: string) =>
        client!.request<{ kind: string; items: unknown[] }>('textDocument/diagnostic', { textDocument: { uri } });

    test('WHEN a failed expectation is pulled THEN the answer equals the last push (validation + run findings)', async () => {
        client = await LspClient.start({ run: { debounce: 0 } });
        // the write faults 256 times: `expect pageFaults == 3` fails in the run
        client.open(URI, TEXT.replace('    munmap', '    expect pageFaults == 3\n    munmap'));
        await client.ranVersion(URI, 1);
        const pushed = await client.diagnosticsWhere(URI, d => d.length > 0);
        expect(pushed.map(d => d.source)).toEqual(['mscn run']);
        const pulled = await pull(URI);
        expect(pulled.kind).toBe('full');
        expect(pulled.items).toEqual(pushed);
    });

    test('WHEN a text with a checker error is pulled THEN the answer equals the push (the run never starts)', async () => {
        client = await LspClient.start({ run: { debounce: 0 } });
        client.open(URI, TEXT.replace('switch cpu 1', 'switch cpu 7'));
        const pushed = await client.diagnosticsWhere(URI, d => d.length > 0);
        const pulled = await pull(URI);
        expect(pulled.items).toEqual(pushed);
        expect(pushed.length).toBeGreaterThan(0);
    });
});
