/**
 * Completion (keywords, names in scope, figure names after `expect`, cost events, levels), go to
 * definition, references, document symbols and semantic tokens.
 */
import { describe, expect, test } from 'vitest';
import { expectCompletion, expectFindReferences, expectGoToDefinition } from 'langium/test';
import { FIGURE_NAMES } from '../../language/src/engine/figures.js';
import { COST_EVENTS } from '../../language/src/validation/figures.js';
import { SymbolKind } from 'vscode-languageserver';
import type { LangiumDocument } from 'langium';
import { parseValid, services } from './helpers.js';

/** `line:char+length type` for each semantic token of the document. */
async function decodedTokens(document: LangiumDocument): Promise<string[]> {
    const tokens = await services.lsp.SemanticTokenProvider!.semanticHighlight(document, {
        textDocument: { uri: document.uri.toString() },
    });
    const legend = services.lsp.SemanticTokenProvider!.semanticTokensOptions.legend.tokenTypes;
    const decoded: string[] = [];
    let line = 0;
    let char = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
        const [dl, dc, length, type] = tokens.data.slice(i, i + 4);
        line += dl;
        char = dl === 0 ? char + dc : dc;
        decoded.push(`${line}:${char}+${length} ${legend[type]}`);
    }
    return decoded;
}

const complete = expectCompletion(services);
const definition = expectGoToDefinition(services);
const references = expectFindReferences(services);

describe('GIVEN completion', () => {
    test('WHEN after `expect` THEN every figure name of engine/figures.ts is offered, and `error`', async () => {
        await complete({
            text: 'process p\nrun r { syscall p\n expect <|> }',
            index: 0,
            assert: list => expect(list.items.map(i => i.label).sort()).toEqual([...FIGURE_NAMES, 'error'].sort()),
        });
    });

    test('WHEN after `=>` on an operation THEN figures are offered with their meaning', async () => {
        await complete({
            text: 'process p\nrun r { syscall p => sys<|> }',
            index: 0,
            assert: list => expect(list.items.find(i => i.label === 'syscalls')?.detail).toBe('system calls'),
        });
    });

    test('WHEN after `cost` or `level` THEN cost events and page-table levels are offered', async () => {
        await complete({ text: 'machine m { cost <|> }', index: 0, expectedItems: [...COST_EVENTS] });
        await complete({
            text: 'process p\nrun r { syscall p\n expect ptPagesAllocated(level <|>',
            index: 0,
            expectedItems: ['pgd', 'p4d', 'pud', 'pmd', 'pte'],
        });
    });

    test('WHEN after `arch` THEN the arch presets; after a task keyword THEN the tasks in scope', async () => {
        await complete({
            text: 'machine m { arch <|> }',
            index: 0,
            expectedItems: ['i386', 'i386-pae', 'x86_64', 'x86_64-la57'],
        });
        await complete({
            text: 'process db\nkthread kswapd\nvas v\nrun r { exec <|> }',
            index: 0,
            assert: list =>
                expect(list.items.map(i => i.label).filter(l => ['db', 'kswapd', 'v'].includes(l))).toEqual([
                    'db',
                    'kswapd',
                ]),
        });
    });
});

describe('GIVEN references between declarations and runs', () => {
    const TEXT =
        'process <|db|>\nrun r {\n    switch cpu 0 to <|>db\n    mmap db size 4 KiB as <|heap|>\n    ' +
        'write db <|>heap\n}';

    test('WHEN going to the definition of a task or a mapping THEN its declaration is found', async () => {
        await definition({ text: TEXT, index: 0, rangeIndex: 0 });
        await definition({ text: TEXT, index: 1, rangeIndex: 1 });
    });

    test('WHEN finding references of a process THEN every use is found', async () => {
        await references({
            text: 'process <|db|>\nrun r {\n    switch cpu 0 to <|db|>\n    exec <|db|>\n}',
            includeDeclaration: true,
        });
    });

    test('WHEN asking for document symbols THEN declarations, runs and variants form the outline', async () => {
        const document = await parseValid(
            'machine m { cpus 1 }\nprocess db\nrun r on m {\n    mmap db size 4 KiB as heap\n    fork db ' +
                'as child\n}\nvariant v { use machine m }\n',
        );
        const symbols = await services.lsp.DocumentSymbolProvider!.getSymbols(document, {
            textDocument: { uri: document.uri.toString() },
        });
        const names = (list: typeof symbols): string[] =>
            list.flatMap(s => [s.name, ...names(s.children ?? []).map(c => `${s.name}/${c}`)]);
        expect(names(symbols)).toEqual(['m', 'db', 'r', 'r/heap', 'r/child', 'v']);
        // kinds say what each is (Langium's default is Field for all): machine Class, process Object,
        // run Function, mapping Variable, forked child Object, variant Enum
        const kinds = (list: typeof symbols): number[] => list.flatMap(s => [s.kind, ...kinds(s.children ?? [])]);
        expect(kinds(symbols)).toEqual([
            SymbolKind.Class,
            SymbolKind.Object,
            SymbolKind.Function,
            SymbolKind.Variable,
            SymbolKind.Object,
            SymbolKind.Enum,
        ]);
    });
});

describe('GIVEN semantic tokens and signature help', () => {
    test('WHEN tokens are asked for THEN names, figures, numbers and units are classified', async () => {
        const document = await parseValid('process db\nrun r {\n    syscall db => syscalls == 1\n}');
        const decoded = await decodedTokens(document);
        expect(decoded).toEqual([
            '0:0+7 keyword',
            '0:8+2 variable',
            '1:0+3 keyword',
            '1:4+1 function',
            '2:4+7 keyword',
            '2:12+2 variable',
            '2:18+8 property',
            '2:30+1 number',
        ]);
    });

    test('WHEN a client has no TextMate grammar THEN comments, keywords, preset values and units are tokens too', async () => {
        // `variant highmem` uses a property word as a name: a name (enum), not a keyword
        const document = await parseValid(
            '// box\nmachine m { arch i386-pae  ram 4 GiB  pcid off } /* x */\nvariant highmem { use machine m }',
        );
        expect(await decodedTokens(document)).toEqual([
            '0:0+6 comment',
            '1:0+7 keyword',
            '1:8+1 class',
            '1:12+4 keyword',
            '1:17+8 enumMember',
            '1:27+3 keyword',
            '1:31+1 number',
            '1:33+3 type',
            '1:38+4 keyword',
            '1:43+3 enumMember',
            '1:49+7 comment',
            '2:0+7 keyword',
            '2:8+7 enum',
            '2:18+3 keyword',
            '2:22+7 keyword',
            '2:30+1 class',
        ]);
    });

    test('WHEN inside an mmap THEN its shape is the signature', async () => {
        const text = 'process db\nrun r {\n    mmap db size 4 KiB \n}';
        const document = await parseValid(text);
        const help = await services.lsp.SignatureHelp!.provideSignatureHelp(document, {
            textDocument: { uri: document.uri.toString() },
            position: document.textDocument.positionAt(text.indexOf('size')),
        });
        expect(help?.signatures[0].label).toBe(
            'mmap TASK [at ADDRESS] size SIZE [anon | file "PATH" [offset OFFSET]] [private | shared] ' +
                '[none | r | rw | rx | rwx] [huge SIZE] [as NAME] [=> FIGURE[(QUALIFIER)] OP VALUE, ...]',
        );
    });
});

describe('GIVEN a rename', () => {
    const TEXT = 'process db\nrun r {\n    switch cpu 0 to db\n    exec db\n}';
    async function rename(newName: string) {
        const document = await parseValid(TEXT);
        return services.lsp.RenameProvider!.rename(document, {
            textDocument: { uri: document.uri.toString() },
            position: { line: 0, character: 9 },
            newName,
        });
    }

    test('WHEN the new name is one identifier (or a property word) THEN every use is renamed', async () => {
        const edit = await rename('server2');
        const edits = Object.values(edit!.changes!)[0];
        expect(edits.map(e => `${e.range.start.line}:${e.range.start.character} ${e.newText}`)).toEqual([
            '0:8 server2',
            '2:20 server2',
            '3:9 server2',
        ]);
        expect(Object.values((await rename('highmem'))!.changes!)[0]).toHaveLength(3);
    });

    test('WHEN the new name would not read back as one name THEN the rename is refused with the reason', async () => {
        await expect(rename('two words')).rejects.toThrow(
            '"two words" is not a name: a name is one word of letters, digits and \'_\' that does not ' +
                'start with a digit',
        );
        await expect(rename('<img src=x>')).rejects.toThrow('"<img src=x>" is not a name');
        await expect(rename('9lives')).rejects.toThrow('"9lives" is not a name');
        await expect(rename('')).rejects.toThrow('a name cannot be empty');
        await expect(rename('mmap')).rejects.toThrow('"mmap" is a keyword of the language and cannot be a name');
    });
});
