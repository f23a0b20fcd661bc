/**
 * The editor's diagnostics are `mscn check`'s (issue #13 item 5): for every example opened in a
 * workspace of the examples folder, and for files whose import lies outside the workspace (a workspace
 * root A with a file importing ../B/machines.mscn; the same file opened with no workspace at all), the
 * validation diagnostics the server publishes over a real LSP connection equal `mscn check --no-run`'s
 * lines for that file, after the open and after an edit, and an error-free file runs.
 *
 * The defect this guards: a file validated before its import was loaded (the import is read from disk
 * after the first build, server/src/import-loader.ts) kept the machine it was checked against then, the
 * 1-CPU default, because the validation's per-run context cache (language/src/validation/context.ts) was
 * keyed on the run node, which relinking keeps: "cpu 1 does not exist: machine 'default' has 1 CPU"
 * stayed after every edit and the file never ran.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, fileUri } from './lsp-client.js';

const CLI = fileURLToPath(new URL('../../out/cli/mscn.cjs', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../examples', import.meta.url));
const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];

/** `line:column: severity: message` of the file's own diagnostics by `mscn check --no-run`, sorted. */
function checkLines(file: string): string[] {
    const out = spawnSync(process.execPath, [CLI, 'check', '--no-run', path.basename(file)], {
        cwd: path.dirname(file),
        encoding: 'utf8',
    });
    const prefix = `${path.basename(file)}:`;
    return out.stdout
        .split('\n')
        .filter(l => l.startsWith(prefix))
        .map(l => l.slice(prefix.length))
        .sort();
}

/** The same lines of the server's diagnostics, run findings (source `mscn run`) left out. */
function serverLines(diagnostics: Diagnostic[]): string[] {
    return diagnostics
        .filter(d => d.source !== 'mscn run')
        .map(
            d => `${d.range.start.line + 1}:${d.range.start.character + 1}: ${SEVERITY[d.severity ?? 1]}: ${d.message}`,
        )
        .sort();
}

let client: LspClient | undefined;
afterEach(async () => {
    await client?.stop();
    client = undefined;
});

/**
 * Opens `file` (workspace `root`, or none), waits for diagnostics equal to `mscn check`'s, then edits it
 * and waits again. With `run`, an error-free file must also run (the examples' runs take a minute on a
 * busy machine and are not what this compares: they are left out).
 */
async function expectParity(file: string, root: string | undefined, run = true): Promise<void> {
    const expected = checkLines(file);
    const uri = fileUri(file);
    const text = fs.readFileSync(file, 'utf8');
    client = await LspClient.start({ run: { debounce: run ? 0 : 600_000 } }, root);
    client.open(uri, text);
    const same = (d: Diagnostic[]) => JSON.stringify(serverLines(d)) === JSON.stringify(expected);
    const settled = async (version: number) => {
        const clean = run && !expected.some(l => l.includes(': error: '));
        try {
            // an error-free file runs: its figures are the proof that the editor saw no error either
            if (clean) await client!.ranVersion(uri, version, 45_000);
            await client!.diagnosticsWhere(uri, same, clean ? 5_000 : 30_000);
        } catch {
            const last = client!.diagnostics.get(uri)?.at(-1)?.diagnostics ?? [];
            expect({ file, version, diagnostics: serverLines(last) }).toEqual({ file, version, diagnostics: expected });
        }
    };
    await settled(1);
    const version = client.change(uri, `${text}\n// an edit\n`);
    await settled(version);
}

describe('GIVEN the examples folder as the workspace', () => {
    const files = fs
        .readdirSync(EXAMPLES)
        .filter(f => f.endsWith('.mscn'))
        .sort();
    test.each(files)("WHEN %s is opened and edited THEN its diagnostics are mscn check's", async name => {
        await expectParity(path.join(EXAMPLES, name), EXAMPLES, false);
    });
});

describe('GIVEN a file whose import lies outside the workspace', () => {
    let dir: string;
    beforeAll(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mscn-parity-'));
        fs.mkdirSync(path.join(dir, 'A'));
        fs.mkdirSync(path.join(dir, 'B'));
        fs.writeFileSync(path.join(dir, 'B', 'machines.mscn'), 'machine big {\n    cpus 4\n}\n');
        // cpu 1 exists on `big` (4 CPUs), not on the 1-CPU default a run without its machine falls back to
        fs.writeFileSync(
            path.join(dir, 'A', 'uses-b.mscn'),
            [
                'import "../B/machines.mscn"',
                'process p { threads 2 }',
                'run r on big {',
                '    switch cpu 0 to p',
                '    switch cpu 1 to p[1]',
                '    mmap p size 64 KiB rw as heap',
                '    write p heap => pageFaults == 16',
                '}',
                '',
            ].join('\n'),
        );
        // cpu 7 exists on neither: the one error both must report, in the same words
        fs.writeFileSync(
            path.join(dir, 'A', 'wrong-cpu.mscn'),
            ['import "../B/machines.mscn"', 'process p', 'run r on big {', '    switch cpu 7 to p', '}', ''].join('\n'),
        );
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    test("WHEN the workspace root is A THEN the diagnostics are mscn check's and the file runs", async () => {
        expect(checkLines(path.join(dir, 'A', 'uses-b.mscn'))).toEqual([]);
        await expectParity(path.join(dir, 'A', 'uses-b.mscn'), path.join(dir, 'A'));
    });

    test("WHEN the file is opened on its own, with no workspace THEN the diagnostics are mscn check's and the file runs", async () => {
        await expectParity(path.join(dir, 'A', 'uses-b.mscn'), undefined);
    });

    test("WHEN the workspace root is elsewhere THEN the diagnostics are mscn check's", async () => {
        await expectParity(path.join(dir, 'A', 'uses-b.mscn'), path.join(dir, 'B'));
    });

    test("WHEN the imported file appears only after the file was opened THEN an edit brings mscn check's diagnostics and a run", async () => {
        // validated first without its import: the run is on an unknown machine (the 1-CPU default), so
        // `switch cpu 1` is an error then; once machines.mscn exists the same run node is linked to `big`
        const late = path.join(dir, 'late');
        fs.mkdirSync(path.join(late, 'A'), { recursive: true });
        const file = path.join(late, 'A', 'uses-b.mscn');
        fs.copyFileSync(path.join(dir, 'A', 'uses-b.mscn'), file);
        const uri = fileUri(file);
        client = await LspClient.start({ run: { debounce: 0 } }, undefined);
        const text = fs.readFileSync(file, 'utf8');
        client.open(uri, text);
        await client.diagnosticsWhere(uri, d => d.some(x => /machines\.mscn/.test(x.message)));
        fs.mkdirSync(path.join(late, 'B'));
        fs.copyFileSync(path.join(dir, 'B', 'machines.mscn'), path.join(late, 'B', 'machines.mscn'));
        const expected = checkLines(file);
        expect(expected).toEqual([]);
        const version = client.change(uri, `${text}// an edit\n`);
        await client.ranVersion(uri, version, 30_000).catch(() => undefined);
        const last = client.diagnostics.get(uri)?.at(-1)?.diagnostics ?? [];
        expect(serverLines(last)).toEqual(expected);
        expect(client.finished.find(f => f.uri === uri && f.version === version)?.outcome).toBe('done');
    });

    test("WHEN the file has a real error THEN the server reports mscn check's error, no other", async () => {
        const lines = checkLines(path.join(dir, 'A', 'wrong-cpu.mscn'));
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^4:\d+: error: .*cpu 7/);
        await expectParity(path.join(dir, 'A', 'wrong-cpu.mscn'), path.join(dir, 'A'));
        await client!.stop();
        await expectParity(path.join(dir, 'A', 'wrong-cpu.mscn'), undefined);
    });
});
