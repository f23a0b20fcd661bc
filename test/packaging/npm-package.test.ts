/**
 * The package installs as a user would install it (#13): `npm pack`, then `npm install -g --prefix` of the
 * tarball, and the installed `mscn` checks, runs, replays and serves LSP from a folder outside the repository,
 * with nothing but its own bundles: no dependency is installed beside it.
 */
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { LspClient } from '../server/lsp-client.js';
import { installedPackages, packAndInstall, ROOT, type Installed } from './installed.js';

let installed: Installed;
let cwd = '';
let client: LspClient | undefined;

beforeAll(() => {
    installed = packAndInstall();
    // a folder with no node_modules above it: the installed tool must not find the repository's
    cwd = mkdtempSync(join(tmpdir(), 'mscn-user-'));
}, 180_000);

afterEach(async () => {
    await client?.stop();
    client = undefined;
});

function mscn(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(installed.mscn, args, { cwd, encoding: 'utf8', timeout: 60_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('GIVEN the packed tarball', () => {
    test('WHEN listed THEN it holds the bundles, the manifest and the legal files, and no source, test or map', () => {
        const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
        expect(manifest.private).toBeUndefined();
        expect(manifest.dependencies ?? {}).toEqual({});
        for (const file of [
            'package.json',
            'LICENSE',
            'CHANGELOG.md',
            'README.md',
            'out/cli/mscn.cjs',
            'out/server/main.cjs',
            'out/server/run-worker.cjs',
            'out/client/extension.cjs',
        ]) {
            expect(installed.files).toContain(file);
        }
        expect(
            installed.files.filter(f => /\.(ts|map)$|^(test|language|server\/src|client\/src|node_modules)\//.test(f)),
        ).toEqual([]);
    });

    test('WHEN installed THEN npm put only the package in the prefix, with mscn on its bin', () => {
        expect(installedPackages(installed)).toEqual(['memory-scenarios']);
        const home = join(installed.prefix, 'lib', 'node_modules', 'memory-scenarios');
        expect(readdirSync(home)).not.toContain('node_modules');
    });

    test('WHEN its bundles are read THEN they require Node built-ins only (the server bundle by its path)', () => {
        const home = join(installed.prefix, 'lib', 'node_modules', 'memory-scenarios', 'out');
        const builtins = new Set(builtinModules);
        for (const bundle of ['cli/mscn.cjs', 'server/main.cjs', 'server/run-worker.cjs']) {
            const text = readFileSync(join(home, bundle), 'utf8');
            const required = [...text.matchAll(/\brequire\((["'])([^"']+)\1\)/g)].map(m => m[2]);
            expect(
                required.filter(r => !builtins.has(r.replace(/^node:/, ''))),
                bundle,
            ).toEqual([]);
        }
    });
});

describe('GIVEN the installed mscn, run from a folder outside the repository', () => {
    test('WHEN asked --version and --help THEN the package version, and usage naming every command', () => {
        const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
        expect(mscn('--version')).toEqual({ status: 0, stdout: `${manifest.version}\n`, stderr: '' });
        const help = mscn('--help');
        expect(help.status).toBe(0);
        for (const command of ['check', 'run', 'replay', 'lsp']) expect(help.stdout).toContain(`mscn ${command} `);
    });

    test('WHEN it checks an example and a broken file THEN the example is clean and the error is located', () => {
        const example = mscn('check', join(ROOT, 'examples', 'quickstart.mscn'));
        expect(example).toEqual({ status: 0, stdout: '', stderr: '' });
        writeFileSync(join(cwd, 'broken.mscn'), 'process p\nrun r {\n  mmap p 4 KiB\n}\n');
        // `mmap p 4 KiB`: the size needs its keyword; the 4 is column 10 of line 3
        expect(mscn('check', 'broken.mscn')).toMatchObject({
            status: 1,
            stdout: "broken.mscn:3:10: error: expected 'size' but found '4'\n",
        });
    });

    test('WHEN it runs the quickstart THEN the JSON report has its hand-worked faults', () => {
        const r = mscn('run', join(ROOT, 'examples', 'quickstart.mscn'), '--json');
        expect(r.status).toBe(0);
        const report = JSON.parse(r.stdout) as {
            runs: Array<{ variants: Array<{ variant: string; totals: Record<string, number> }> }>;
        };
        // `write shell heap` over 1 MiB: 256 pages, each a first-touch write fault taking one frame
        expect(report.runs[0].variants.map(v => [v.variant, v.totals.pageFaults, v.totals.framesAllocated])).toEqual([
            ['base', 256, 256],
            ['high_ceiling', 256, 256],
        ]);
    });

    test('WHEN it replays a one-line trace THEN the read is a miss, a fault and its retry', () => {
        writeFileSync(join(cwd, 'one.trace'), 'I  00401000,4\n');
        const r = mscn('replay', 'one.trace', '--json');
        expect(r.status).toBe(0);
        // 0x401000 on an empty x86_64 mm: miss; the walk reads the empty pgd entry (1 ref); the fault allocates
        // the pud, pmd and pte tables and maps the zero page (no frame for a read); the retry walks 4 levels
        expect(JSON.parse(r.stdout)).toMatchObject({
            accesses: 1,
            tlbMisses: 1,
            walks: 2,
            walkRefs: 5,
            pageFaults: 1,
            ptPagesAllocated: 3,
            framesAllocated: 0,
        });
    });

    test('WHEN mscn lsp --help THEN its usage, and started bare THEN it serves an LSP client on stdio', async () => {
        const help = mscn('lsp', '--help');
        expect(help.status).toBe(0);
        expect(help.stdout.split('\n')[1]).toMatch(/^Usage: mscn lsp \[--stdio \| --node-ipc \| --socket=PORT/);
        client = await LspClient.start({ run: { debounce: 0 } }, undefined, { command: [installed.mscn, 'lsp'] });
        const uri = 'file:///virtual/broken.mscn';
        client.open(uri, 'process p\nrun r {\n  mmap p 4 KiB\n}\n');
        const diagnostics = await client.diagnosticsWhere(uri, d => d.length > 0);
        expect(diagnostics.map(d => `${d.range.start.line}:${d.range.start.character} ${d.message}`)).toEqual([
            "2:9 expected 'size' but found '4'",
        ]);
    });
});
