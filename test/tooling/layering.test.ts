/**
 * The layering of docs/architecture.md (engine <- language <- server <- client) is checked by tools, not by
 * memory: eslint.config.mjs's import rules per folder, and the engine's own tsconfig without Node or DOM.
 * Each case here is a file that breaks a rule, linted or compiled as if it lay in that folder.
 */
import { ESLint } from 'eslint';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(__dirname, '..', '..');
const eslint = new ESLint({ cwd: ROOT, cache: false });

/** The import rule's complaints about `text` as the file `path`: the imported names, in order. */
async function restricted(path: string, text: string): Promise<string[]> {
    const [result] = await eslint.lintText(text, { filePath: join(ROOT, path) });
    return result.messages.filter(m => m.ruleId === 'no-restricted-imports').map(m => m.message.split("'")[1]);
}

describe('GIVEN eslint.config.mjs', () => {
    test('WHEN an engine file imports Langium, VS Code, Node or a file outside the engine THEN each is refused', async () => {
        const text = [
            "import { AstNode } from 'langium';",
            "import { Connection } from 'vscode-languageserver';",
            "import { readFileSync } from 'node:fs';",
            "import { join } from 'path';",
            "import { Worker } from 'worker_threads';",
            "import { formatCount } from '../report/format-numbers.js';",
            "import { Kernel } from './kernel.js';",
            'export const all = [readFileSync, join, Worker, formatCount, Kernel];',
            'export type T = AstNode | Connection;',
        ].join('\n');
        expect(await restricted('language/src/engine/new-file.ts', text)).toEqual([
            'langium',
            'vscode-languageserver',
            'node:fs',
            'path',
            'worker_threads',
            '../report/format-numbers.js',
        ]);
    });

    test('WHEN the language layer imports the server or the client THEN refused; Langium and Node are its own', async () => {
        const text = [
            "import { RunStore } from '../../../server/src/run/run-store.js';",
            "import { ALL_COMMANDS } from '../../../client/src/commands/ids.js';",
            "import { URI } from 'langium';",
            "import { join } from 'node:path';",
            'export const all = [RunStore, ALL_COMMANDS, URI, join];',
        ].join('\n');
        expect(await restricted('language/src/cli/new-file.ts', text)).toEqual([
            '../../../server/src/run/run-store.js',
            '../../../client/src/commands/ids.js',
        ]);
    });

    test('WHEN the server imports the client or vscode THEN refused; the language layer is below it', async () => {
        const text = [
            "import { ALL_COMMANDS } from '../../client/src/commands/ids.js';",
            "import * as vscode from 'vscode';",
            "import type { Connection } from 'vscode-languageserver';",
            "import { lowerScenario } from '../../language/src/lowering/scenario.js';",
            'export const all = [ALL_COMMANDS, vscode, lowerScenario];',
            'export type T = Connection;',
        ].join('\n');
        expect(await restricted('server/src/new-file.ts', text)).toEqual([
            '../../client/src/commands/ids.js',
            'vscode',
        ]);
    });

    test('WHEN a webview imports vscode, Node or the server THEN refused; plain modules and its own files are fine', async () => {
        const text = [
            "import * as vscode from 'vscode';",
            "import { readFileSync } from 'fs';",
            "import { Requests } from '../../server/src/requests.js';",
            "import { vscodeApi } from './vscode-api.js';",
            "import { compareVariants } from '../../language/src/report/comparison.js';",
            'export const all = [vscode, readFileSync, Requests, vscodeApi, compareVariants];',
        ].join('\n');
        expect(await restricted('client/webview/new-file.ts', text)).toEqual([
            'vscode',
            'fs',
            '../../server/src/requests.js',
        ]);
    });
});

describe('GIVEN language/src/engine/tsconfig.json', () => {
    test('WHEN an engine file uses Node THEN it does not compile: no node: modules, process, require or Buffer', () => {
        const configPath = join(ROOT, 'language', 'src', 'engine', 'tsconfig.json');
        const config = ts.getParsedCommandLineOfConfigFile(
            configPath,
            {},
            {
                ...ts.sys,
                onUnRecoverableConfigFileDiagnostic: d => {
                    throw new Error(String(d.messageText));
                },
            },
        )!;
        const file = join(ROOT, 'language', 'src', 'engine', 'uses-node.ts');
        const text = [
            "import { readFileSync } from 'node:fs';",
            'export const argv = process.argv;',
            "export const fs = require('fs');",
            'export const bytes = Buffer.from(String(readFileSync));',
        ].join('\n');
        const host = ts.createCompilerHost(config.options);
        const getSourceFile = host.getSourceFile;
        host.getSourceFile = (name, language, ...rest) =>
            name === file
                ? ts.createSourceFile(name, text, language)
                : getSourceFile.call(host, name, language, ...rest);
        const program = ts.createProgram({ rootNames: [file], options: config.options, host });
        const codes = ts
            .getPreEmitDiagnostics(program)
            .filter(d => d.file?.fileName === file)
            .map(d => d.code);
        // 2307: cannot find module 'node:fs'; 2591: cannot find name (process, require, Buffer) without @types/node
        expect(codes).toEqual([2307, 2591, 2591, 2591]);
    });
});
