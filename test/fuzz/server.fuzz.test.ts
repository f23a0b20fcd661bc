/**
 * The fuzz suite, language-server side (issue 15): the same mutations of every example and random text,
 * opened in the bundled server over a real stdio connection (test/server/lsp-client.ts) with a run
 * budget of 1,000 operations. For every document: the diagnostics published are inside it and none is an
 * internal error, a document the parser could not read has an error, a document without errors runs to
 * the end (runFinished, not `failed`), and the server stays up with no stack trace on its stderr.
 * Each property runs for a fixed time; a failure prints its seed (test/fuzz/run-fuzz.ts).
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-types';
import { LspClient, fileUri } from '../server/lsp-client.js';
import { parse } from '../language/helpers.js';
import { examples, problems, scratchDir } from './harness.js';
import { applyPlan, plan } from './mutations.js';
import { fuzz, SCALE, seed } from './run-fuzz.js';

const EXAMPLES = examples();
const dir = scratchDir();
let client: LspClient;
let n = 0;

beforeAll(async () => {
    client = await LspClient.start({ run: { debounce: 0, budget: 1_000 } });
});
afterAll(async () => {
    await client.stop();
});

/** Opens `text` beside machines.mscn, waits for its diagnostics (and its run when it has no error), closes it. */
async function serve(text: string): Promise<string[]> {
    const uri = fileUri(join(dir, `fuzz-${++n}.mscn`));
    client.open(uri, text);
    let diagnostics: Diagnostic[] = await client.diagnosticsWhere(uri, () => true, 60_000);
    if (!diagnostics.some(d => d.severity === 1)) {
        const finished = await client.ranVersion(uri, 1, 60_000);
        diagnostics = client.diagnostics.get(uri)?.at(-1)?.diagnostics ?? [];
        if (finished.outcome === 'failed')
            diagnostics.push({
                ...diagnostics[0],
                message: `internal error: the run failed: ${diagnostics.map(d => d.message).join('; ')}`,
            });
    }
    void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const parsed = (await parse(text)).parseResult;
    const found = problems(
        text,
        { diagnostics, syntaxErrors: parsed.lexerErrors.length + parsed.parserErrors.length, runs: [], runMillis: 0 },
        1_000,
        Infinity,
    );
    if (client.process.exitCode !== null) found.push(`the server exited with ${client.process.exitCode}`);
    const stack = client.stderr
        .join('')
        .split('\n')
        .find(l => /^\s+at /.test(l));
    if (stack) found.push(`a stack trace on the server's stderr: ${client.stderr.join('').slice(0, 2000)}`);
    return found;
}

describe(`GIVEN a language server and mutations of every example (seed ${seed})`, () => {
    test(
        'WHEN each is opened THEN located diagnostics, no internal error, the run ends, the server lives',
        async () => {
            await fuzz(
                plan,
                async p => {
                    const example = EXAMPLES[p.example % EXAMPLES.length];
                    const text = applyPlan(example.text, p.mutations);
                    expect(await serve(text), `${example.name} mutated:\n${text}`).toEqual([]);
                },
                14_000,
                3,
            );
        },
        180_000 * SCALE,
    );

    test(
        'WHEN random text is opened THEN the same',
        async () => {
            await fuzz(
                fc.uint8Array({ maxLength: 1024 }),
                async bytes => {
                    const text = new TextDecoder().decode(bytes);
                    expect(await serve(text), `bytes: ${Buffer.from(bytes).toString('base64')}`).toEqual([]);
                },
                4_000,
                3,
            );
        },
        120_000 * SCALE,
    );
});
