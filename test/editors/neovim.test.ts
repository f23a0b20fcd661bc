/**
 * A second LSP client: Neovim 0.7 from Debian, headless, no plugins (vim.lsp.start_client), drives the
 * installed `mscn lsp` (the packed tarball installed with npm install -g, test/packaging/installed.ts) on a
 * scenario: diagnostics of a broken file that clear when it is fixed, a hover, the
 * formatting edits, go-to-definition and the run lens's command through workspace/executeCommand. Installed by
 * scripts/ensure-system-deps.sh like the other
 * system packages.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { packAndInstall } from '../packaging/installed.js';

let MSCN = '';
beforeAll(() => {
    MSCN = packAndInstall().mscn;
}, 180_000);
const SCRIPT = fileURLToPath(new URL('./neovim-client.lua', import.meta.url));

interface Seen {
    broken: string[] | string;
    fixed: string[];
    hover: string | null;
    formatting: Array<{ range: { start: { line: number; character: number } }; newText: string }> | null;
    /** Langium answers with LocationLinks. */
    definition: Array<{
        targetUri: string;
        targetSelectionRange: { start: { line: number; character: number } };
    }> | null;
    /** The text of `mscn.server.run`: what `mscn run --variant base` prints for the buffer's text. */
    run: string | null;
}

describe('GIVEN Neovim with vim.lsp.start_client on `mscn lsp`', () => {
    test('WHEN a broken scenario is opened, fixed, hovered, formatted and navigated THEN each answer is right', () => {
        const dir = mkdtempSync(join(tmpdir(), 'mscn-nvim-'));
        const file = join(dir, 'broken.mscn');
        writeFileSync(file, 'process p\nrun r {\n  mmap p 4 KiB\n  touch p 0x4000_0000 size 8 KiB\n}\n');
        const out = join(dir, 'seen.json');
        const r = spawnSync('nvim', ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${SCRIPT}`], {
            env: { ...process.env, MSCN, FILE: file, OUT: out },
            encoding: 'utf8',
            timeout: 120_000,
        });
        expect(r.error).toBeUndefined();
        const seen = JSON.parse(readFileSync(out, 'utf8')) as Seen;
        expect(seen.broken).toEqual(["2:9 expected 'size' but found '4'"]);
        expect(seen.fixed).toEqual([]);
        // 0x40000000 on x86_64: vpn 0x40000 = pgd 0, pud 1, pmd 0, pte 0
        expect(seen.hover).toContain('**0x40000000** on x86_64');
        expect(seen.hover).toContain('| 0 (0x0) | 1 (0x1) | 0 (0x0) | 0 (0x0) | 0x000 |');
        // the two-space body is re-indented to four spaces: the whitespace from the end of line 1 (after
        // `run r {`) to column 2 of line 2 becomes a newline and four spaces, and likewise for line 3
        expect(
            seen.formatting?.map(e => `${e.range.start.line}:${e.range.start.character} ${JSON.stringify(e.newText)}`),
        ).toEqual(['1:7 "\\n    "', '2:37 "\\n    "']);
        // `p` in `touch p` is declared on line 0
        expect(seen.definition?.map(d => [d.targetUri.endsWith('/broken.mscn'), d.targetSelectionRange.start])).toEqual(
            [[true, { line: 0, character: 8 }]],
        );
        // the server ran the fixed buffer; the installed CLI on the same text, from the same folder, prints the
        // same report: the mm's pgd (ptPagesAllocated 1), then the mmap ends the run as p runs on no CPU (R63)
        writeFileSync(
            file,
            'process p\nrun r {\n  mmap p at 0x4000_0000 size 8 KiB rw\n  touch p 0x4000_0000 size 8 KiB\n}\n',
        );
        const cli = spawnSync('node', [MSCN, 'run', 'broken.mscn', '--variant', 'base'], {
            cwd: dir,
            encoding: 'utf8',
        });
        expect(cli.stdout).toMatch(/ptPagesAllocated\s+1\n/);
        expect(cli.stdout).toContain('(base: ended by an error: mmap: task p is not current on any CPU');
        expect(seen.run?.trimEnd()).toBe(cli.stdout.trimEnd());
    }, 150_000);
});
