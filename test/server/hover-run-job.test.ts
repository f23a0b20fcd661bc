/**
 * Hovers never re-lower (#14): before a text's run result lands (runs held back by a long debounce, or the
 * run still in flight), an address hover splits by the arch of the run block's config in the run job built
 * for the text (RunStore.job: the scheduler's, or built once by the first hover that needs it), under the
 * selected variant. The hover files may not import the lowering (eslint.config.mjs).
 */
import { ESLint } from 'eslint';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { Scenario } from '../../language/src/generated/ast.js';
import type { RunJob } from '../../language/src/execution/run-job.js';
import { documentRunJob } from '../../language/src/execution/run-job.js';
import { parseHelper } from 'langium/test';
import { LspClient } from './lsp-client.js';
import { editorServices } from './helpers.js';
import { i386Split, paeSplit, x86_64Split } from './address-hovers.js';

const URI = 'file:///virtual/arch.mscn';

/** A run on i386; `pae` overrides the machine's arch, `wide` moves the run to an x86_64 machine. */
const TEXT = `machine m { arch i386 }
machine big { arch x86_64 }
process p
run r on m {
    switch cpu 0 to p
    mmap p at 0xBF80_0000 size 1 MiB rw as buf
    repeat REPEATS { touch p buf }
}
variant pae { machine m { arch i386-pae } }
variant wide { use machine big }
`;
/** `0xBF80_0000` on line 5 (0-based). */
const AT = { line: 5, character: TEXT.split('\n')[5].indexOf('0xBF80') + 2 };

const I386 = i386Split('machine m');
const PAE = paeSplit('machine m, variant pae');
const WIDE = x86_64Split('machine m, variant wide');

let client: LspClient | undefined;

afterEach(async () => {
    await client?.stop();
    client = undefined;
});

async function hoverText(c: LspClient): Promise<string | undefined> {
    const hover = await c.request<{ contents: { value: string } } | null>('textDocument/hover', {
        textDocument: { uri: URI },
        position: AT,
    });
    return hover?.contents.value;
}

async function select(c: LspClient, variant: string): Promise<void> {
    expect(await c.request('mscn/selectVariant', { uri: URI, variant })).toBe(true);
}

describe('GIVEN a run block whose machine a variant changes, over a real LSP connection', () => {
    test('WHEN runs are held back (debounce 10 minutes) THEN the hover splits by the arch of each selected variant', async () => {
        client = await LspClient.start({ run: { debounce: 600_000 } });
        client.open(URI, TEXT.replace('REPEATS', '2'));
        await client.diagnosticsWhere(URI, d => d.length === 0);
        expect(await hoverText(client)).toBe(I386);
        await select(client, 'pae');
        expect(await hoverText(client)).toBe(PAE);
        await select(client, 'wide');
        expect(await hoverText(client)).toBe(WIDE);
        await select(client, 'base');
        expect(await hoverText(client)).toBe(I386);
        // the job the hovers built (once, for version 1) did not start a run
        expect(client.started).toEqual([]);
    });

    test('WHEN the run is in flight THEN the hover reads the arch from its job, under the selected variant', async () => {
        // 39,062 × 256 page touches (1 MiB of 4 KiB pages) ≈ 10 million operations per variant: seconds of engine
        // time, so the hovers are answered before the result lands
        client = await LspClient.start({ run: { debounce: 0 } });
        client.open(URI, TEXT.replace('REPEATS', '39_062'));
        await client.until(() => client!.started.find(s => s.version === 1), 'the run to start');
        const base = await hoverText(client);
        await select(client, 'pae');
        const pae = await hoverText(client);
        const finishedBeforeHovers = client.finished.length;
        expect(base).toBe(I386);
        expect(pae).toBe(PAE);
        expect(finishedBeforeHovers).toBe(0);
    });
});

describe('GIVEN the run job stored for the text (in-process services)', () => {
    const text = TEXT.replace('REPEATS', '2');
    const offset = text.indexOf('0xBF80') + 2;

    test('WHEN the job says la57 THEN the hover says la57: it reads the job, it does not lower the text', async () => {
        const s = editorServices();
        const document = await parseHelper<Scenario>(s)(text, { validation: true });
        const uri = document.uri.toString();
        const version = document.textDocument.version;
        const job = documentRunJob(document.parseResult.value, [], document.uri.fsPath) as RunJob;
        // the base config of run r, as if its machine were la57: a fact only the job holds
        const configs = job.configs.map(c =>
            c.variant === 'base' ? { ...c, machine: { ...c.machine, arch: 'x86_64-la57' as const } } : c,
        );
        s.editor.RunStore.jobBuilt(uri, version, { ...job, configs, budget: 1_000_000, costOverridesFile: '' });
        const hover = async () =>
            (
                (
                    await s.lsp.HoverProvider!.getHoverContent(document, {
                        textDocument: { uri },
                        position: document.textDocument.positionAt(offset),
                    })
                )?.contents as { value: string }
            ).value;
        // la57: pgd = vpn >> 36 = 0, p4d = vpn >> 27 = 0, pud = 2, pmd = 508, pte = 0
        expect(await hover()).toBe(
            '**0xbf800000** on x86_64-la57 (machine m)\n\n| pgd | p4d | pud | pmd | pte | offset |\n' +
                '|---:|---:|---:|---:|---:|---:|\n| 0 (0x0) | 0 (0x0) | 2 (0x2) | 508 (0x1fc) | 0 (0x0) | 0x000 |',
        );
        // a job of another version is stale: the hover builds the job of its text, once, and keeps it
        s.editor.RunStore.jobBuilt(uri, version - 1, { ...job, configs, budget: 1_000_000, costOverridesFile: '' });
        expect(await hover()).toBe(I386);
        const kept = s.editor.RunStore.job(uri, version, () => {
            throw new Error('built twice');
        });
        expect(typeof kept === 'string' ? kept : kept.configs.map(c => [c.run, c.variant, c.machine.arch])).toEqual([
            ['r', 'base', 'i386'],
            ['r', 'pae', 'i386-pae'],
            ['r', 'wide', 'x86_64'],
        ]);
    });
});

describe('GIVEN eslint.config.mjs', () => {
    const ROOT = resolve(__dirname, '..', '..');
    const eslint = new ESLint({ cwd: ROOT, cache: false });
    const restricted = async (path: string, text: string) => {
        const [result] = await eslint.lintText(text, { filePath: join(ROOT, path) });
        return result.messages.filter(m => m.ruleId === 'no-restricted-imports').map(m => m.message.split("'")[1]);
    };
    const imports = (up: string) =>
        [
            `import { lowerMachine } from '${up}language/src/lowering/machine.js';`,
            `import { runMachine, runName, lowerScenario } from '${up}language/src/lowering/scenario.js';`,
            `import { statementIds } from '${up}language/src/lowering/statements.js';`,
            `import { documentRunJob } from '${up}language/src/execution/run-job.js';`,
            'export const all = [lowerMachine, runMachine, runName, lowerScenario, statementIds, documentRunJob];',
        ].join('\n');

    test('WHEN a hover file imports a lowering function THEN refused; the ids and run names that key results are allowed', async () => {
        const refused = ['lowerMachine', 'runMachine', 'lowerScenario'];
        expect(await restricted('server/src/hover/new-file.ts', imports('../../../'))).toEqual(refused);
        expect(await restricted('server/src/mscn-hover.ts', imports('../../'))).toEqual(refused);
        // the rest of the server (the run scheduler's job) may lower
        expect(await restricted('server/src/run/new-file.ts', imports('../../../'))).toEqual([]);
    });
});
