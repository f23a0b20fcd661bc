/**
 * The incremental build of the editor (language/src/incremental/) against a fresh build: after every
 * edit the patched document must have the diagnostics, CST, AST, links, references and symbols a
 * full parse and build of the same text gives (incremental-helpers.ts compares them), and an edit
 * that is meant to be patched must be (the test fails if patching silently stops).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
    compareWithFresh,
    edit,
    editAndCheck,
    expectFresh,
    openEditor,
    replaced,
    type Editor,
    type EditPath,
} from './incremental-helpers.js';
import { editorScenario } from '../../scripts/bench/editor-scenario.mjs';

const EXAMPLES = resolve(__dirname, '../../examples');
const library = { 'machines.mscn': readFileSync(resolve(EXAMPLES, 'machines.mscn'), 'utf8') };

const SCENARIO = [
    'machine m { cpus 4 }',
    'process db { threads 4 }',
    'notifier gru on db { api range }',
    '// a comment before the run',
    'run r on m {',
    '    switch cpu 0 to db',
    '    mmap db at 0x1000_0000 size 64 MiB anon private rw as heap',
    '    write db heap stride 4 KiB => pageFaults == 16384',
    '    write db /* x */ heap size 4 KiB // trailing',
    '    repeat 3 {',
    '        touch db heap + 1 MiB size 4 KiB',
    '        read db heap',
    '    }',
    '    munmap db heap size 32 MiB => ipis == 0',
    '    exit db',
    '}',
    '',
    'variant v {',
    '    notifier gru { api page }',
    '    expect ipis == 0',
    '}',
    '',
].join('\n');

async function step(editor: Editor, newText: string, path: EditPath): Promise<void> {
    expect(await editAndCheck(editor, newText)).toBe(path);
}

describe('hand-picked edits', () => {
    test('GIVEN an open scenario THEN its first build equals a fresh one', async () => {
        const editor = await openEditor(SCENARIO);
        await expectFresh(editor);
        expect(editor.document.diagnostics).toEqual([]);
    });

    test('GIVEN typing in a comment THEN the trivia path', async () => {
        const editor = await openEditor(SCENARIO);
        await step(editor, replaced(editor, '// a comment', '// a commentx'), 'trivia');
        await step(editor, replaced(editor, '// trailing', '// trailing and more'), 'trivia');
        await step(editor, replaced(editor, '// trailing and more', '// trailing'), 'trivia');
    });

    test('GIVEN blank lines added and removed between statements THEN the trivia path', async () => {
        const editor = await openEditor(SCENARIO);
        await step(editor, replaced(editor, '    exit db\n', '\n\n    exit db\n'), 'trivia');
        await step(editor, replaced(editor, '\n\n    exit db\n', '    exit db\n'), 'trivia');
        await step(editor, replaced(editor, '    repeat 3 {\n', '\n    repeat 3 {\n'), 'trivia');
    });

    test('GIVEN a `/*` typed and later closed THEN whole parses that report the unclosed comment, then none', async () => {
        // The slices the incremental paths lex end before the file does: only the whole file's lexer can say
        // a `/*` is never closed (language/src/unclosed-comment.ts), so those edits take the full path.
        const editor = await openEditor(SCENARIO);
        await step(editor, replaced(editor, '    exit db', '    /* exit db'), 'full');
        expect(editor.document.diagnostics?.map(d => d.message)).toContain(
            'unclosed comment: this `/*` has no `*/`, so the rest of the file is a comment',
        );
        await step(editor, replaced(editor, '    /* exit db', '    /* exit db */'), 'full');
        expect(editor.document.diagnostics).toEqual([]);
        await step(editor, replaced(editor, '// trailing', '// trailing /*'), 'trivia');
        await step(editor, replaced(editor, '/* x */ heap', '/* x heap'), 'full');
        expect(editor.document.diagnostics?.length).toBeGreaterThan(0);
    });

    test('GIVEN a number changed inside a statement THEN the region path', async () => {
        const editor = await openEditor(SCENARIO);
        await step(editor, replaced(editor, 'pageFaults == 16384', 'pageFaults == 16385'), 'region');
        await step(editor, replaced(editor, 'size 32 MiB', 'size 3 MiB'), 'region');
        await step(editor, replaced(editor, 'size 3 MiB', 'size 32 MiB'), 'region');
    });

    test('GIVEN a name reference broken and repaired THEN a linking error comes and goes', async () => {
        const editor = await openEditor(SCENARIO);
        await step(editor, replaced(editor, 'exit db', 'exit dbx'), 'region');
        expect(editor.document.diagnostics?.map(d => d.message)).toEqual([
            expect.stringContaining("unknown task 'dbx'"),
        ]);
        await step(editor, replaced(editor, 'exit dbx', 'exit db'), 'region');
        expect(editor.document.diagnostics).toEqual([]);
    });

    test('GIVEN `as heap` renamed THEN the document is relinked', async () => {
        const editor = await openEditor(SCENARIO);
        await step(editor, replaced(editor, 'as heap', 'as heap2'), 'region+declares');
        expect(editor.document.diagnostics!.length).toBeGreaterThan(0);
        await step(editor, replaced(editor, 'as heap2', 'as heap'), 'region+declares');
        expect(editor.document.diagnostics).toEqual([]);
    });

    test('GIVEN edits inside a repeat body and of its count THEN the region path', async () => {
        const editor = await openEditor(SCENARIO);
        await step(editor, replaced(editor, 'heap + 1 MiB', 'heap + 2 MiB'), 'region');
        await step(editor, replaced(editor, 'repeat 3', 'repeat 30'), 'region');
        await step(editor, replaced(editor, 'read db heap', 'read dbx heap'), 'region');
        await step(editor, replaced(editor, 'read dbx heap', 'read db heap'), 'region');
    });

    test('GIVEN an edit that makes a statement invalid and back THEN the region path, with the syntax error', async () => {
        const editor = await openEditor(SCENARIO);
        await step(editor, replaced(editor, 'munmap db heap', 'munmap db heap heap'), 'region');
        expect(editor.document.parseResult.parserErrors.length).toBeGreaterThan(0);
        await step(editor, replaced(editor, 'munmap db heap heap', 'munmap db heap'), 'region');
        await step(editor, replaced(editor, 'munmap db heap', 'munmap db heap'), 'full'); // unchanged text
        await step(editor, replaced(editor, 'exit db', 'exit db'), 'full');
        await step(editor, replaced(editor, 'exit db', 'exit db2'), 'region');
    });

    test('GIVEN CRLF line endings THEN both paths keep the positions', async () => {
        const editor = await openEditor(SCENARIO.replace(/\n/g, '\r\n'));
        await step(editor, replaced(editor, '    exit db\r\n', '\r\n\r\n    exit db\r\n'), 'trivia');
        await step(editor, replaced(editor, 'size 32 MiB', 'size 320 MiB'), 'region');
        await step(
            editor,
            replaced(editor, 'heap + 1 MiB size 4 KiB', 'heap + 1 MiB\r\n          size 4 KiB'),
            'trivia',
        );
        await step(editor, replaced(editor, '// trailing', '/* a\r\n b */'), 'trivia');
        await step(editor, replaced(editor, 'exit db\r\n', 'exit dbx\r\n'), 'region');
        expect(editor.document.diagnostics!.map(d => d.range.start)).toEqual([{ line: 18, character: 9 }]);
    });

    test('GIVEN an edit on the last line without a trailing newline THEN it matches', async () => {
        const text = 'process db\nrun r {\n    switch cpu 0 to db\n    exit db }';
        const editor = await openEditor(text);
        await step(editor, replaced(editor, 'exit db', 'exit dbx'), 'region');
        await step(editor, replaced(editor, 'exit dbx', 'exit db'), 'region');
        // A comment where there was none needs the parser to place it; a line comment at the end of
        // the file has no line break after it, which the trivia path wants: both parse whole.
        await step(editor, editor.text + ' // end', 'full');
        await step(editor, editor.text + ' and more', 'full');
        await step(editor, editor.text.replace('// end and more', '/* end */'), 'trivia');
        await step(editor, editor.text.replace('/* end */', '/* the end */'), 'trivia');
        await step(editor, editor.text.replace('exit db }', 'exit db\n}'), 'trivia');
    });

    test('GIVEN an edit in a comment inside a statement THEN the trivia path', async () => {
        const editor = await openEditor(SCENARIO);
        // The comment is inside the statement, but no token changes: the trivia path, as between statements.
        await step(editor, replaced(editor, '/* x */', '/* xy */'), 'trivia');
        await step(editor, replaced(editor, '/* xy */', '/* multi\n line */'), 'trivia');
        await step(editor, replaced(editor, '// trailing', '/* trailing\n */'), 'trivia');
        await step(editor, replaced(editor, 'write db /* multi', 'write  db /* multi'), 'trivia');
    });

    test('GIVEN an edit of the first statement of a run THEN the region path', async () => {
        const editor = await openEditor(SCENARIO);
        await step(editor, replaced(editor, 'switch cpu 0', 'switch cpu 1'), 'region');
        await step(editor, replaced(editor, 'switch cpu 1', 'switch cpu 9'), 'region');
        expect(editor.document.diagnostics!.length).toBe(1);
        await step(editor, replaced(editor, 'switch cpu 9', 'switch cpu 0'), 'region');
    });

    test('GIVEN an edit of a variant expect THEN a full parse', async () => {
        const editor = await openEditor(SCENARIO);
        await step(editor, replaced(editor, 'expect ipis == 0', 'expect ipis == 1'), 'full');
        await step(editor, replaced(editor, 'expect ipis == 1', 'expect ipisx == 1'), 'full');
    });
});

describe('bugs the fuzzer found', () => {
    // first-class-vas.mscn, seed 1000, edit 92: deleting the space of `repeat 100` patched the gap as
    // empty trivia, while a fresh parse lexes `repeat100` as one word (a parse error).
    test('GIVEN the whitespace between two tokens of a statement deleted THEN a full parse finds the merged word', async () => {
        const editor = await openEditor('process db\nrun r {\n    repeat 2 { exit db }\n    exit db\n}\n');
        await step(editor, replaced(editor, 'repeat 2', 'repeat2'), 'full');
        expect(editor.document.parseResult.parserErrors.length).toBeGreaterThan(0);
        await step(editor, replaced(editor, 'repeat2', 'repeat 2'), 'full');
        await step(editor, replaced(editor, 'exit db\n}', 'exitdb\n}'), 'full');
        expect(editor.document.parseResult.parserErrors.length).toBeGreaterThan(0);
    });

    test('GIVEN the whitespace between two statements deleted THEN the statements touch and a full parse sees it', async () => {
        const editor = await openEditor('process db\nrun r {\n    switch cpu 0 to db\n    exit db\n}\n');
        await step(editor, replaced(editor, 'db\n    exit', 'dbexit'), 'full');
        expect(editor.document.parseResult.parserErrors.length).toBeGreaterThan(0);
        await step(editor, replaced(editor, 'dbexit', 'db\n    exit'), 'full');
        await step(editor, replaced(editor, 'db\n    exit', 'db exit'), 'trivia');
    });
});

const LINES = [
    'machine m { cpus 4 }',
    'process db { threads 2 }',
    'run first on m {',
    '    switch cpu 0 to db',
    '    mmap db at 0x1000_0000 size 1 MiB as heap',
    '    mmap db at 0x1008_0000 size 1 MiB as heap',
    '    exit db',
    '    write db heap',
    '}',
    'run second on m {',
    '    switch cpu 0 to db',
    '    exit db',
    '    exit db',
    '}',
    '',
].join('\n');

describe('messages that quote line numbers', () => {
    test('GIVEN use-after-exit, duplicate-name and fixed-overlap findings THEN their lines follow an inserted line', async () => {
        const editor = await openEditor(LINES);
        const messages = () => editor.document.diagnostics!.map(d => d.message).sort();
        const before = messages();
        expect(before.some(m => m.includes('of line 5'))).toBe(true);
        expect(before.some(m => m.includes('already declared at line 5'))).toBe(true);
        expect(before.some(m => m.includes('after its exit at line 7'))).toBe(true);
        await step(editor, replaced(editor, '    switch cpu 0 to db\n', '    switch cpu 0 to db\n\n'), 'trivia');
        expect(messages().some(m => m.includes('of line 6'))).toBe(true);
        expect(messages().some(m => m.includes('after its exit at line 8'))).toBe(true);
        await step(editor, replaced(editor, 'run second on m {\n', 'run second on m {\n    // first\n'), 'region');
        await step(editor, replaced(editor, '    // first\n', '    /* two\n lines */\n'), 'trivia');
        await step(editor, replaced(editor, 'exit db', 'exit  db', 2), 'trivia');
        await step(editor, replaced(editor, 'switch cpu 0 to db', 'switch cpu 0 to db\n    ', 0), 'trivia');
        await step(editor, replaced(editor, 'size 1 MiB as heap', 'size 1 MiB as heapx', 1), 'region+declares');
    });
});

// ---------------------------------------------------------------- the fuzzer

/** mulberry32: a small deterministic PRNG, so that a failure names its seed and step. */
function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const ALPHABET = 'abdehpxz019 _.+-=<>"[](),\n\t/*';

interface RandomEdit {
    what: string;
    text: string;
}

/** One random edit of `text`; `previous` is the text before the last edit (for undo). */
function randomEdit(text: string, previous: string | undefined, random: () => number, broken: boolean): RandomEdit {
    const int = (n: number) => Math.floor(random() * n);
    const at = int(text.length + 1);
    const lines = text.split('\n');
    const lineStart = (i: number) => lines.slice(0, i).reduce((sum, l) => sum + l.length + 1, 0);
    const kind = previous !== undefined && (broken ? random() < 0.6 : random() < 0.12) ? 'undo' : int(12);
    switch (kind) {
        case 'undo':
            return { what: 'undo', text: previous! };
        case 0: {
            const c = ALPHABET[int(ALPHABET.length)];
            return { what: `insert ${JSON.stringify(c)} at ${at}`, text: text.slice(0, at) + c + text.slice(at) };
        }
        case 1:
            return { what: `delete at ${at}`, text: text.slice(0, at) + text.slice(at + 1) };
        case 2: {
            const digits = [...text.matchAll(/[0-9]/g)].map(m => m.index!);
            if (digits.length === 0) return { what: 'insert 1', text: text.slice(0, at) + '1' + text.slice(at) };
            const d = digits[int(digits.length)];
            const digit = String(int(10));
            return { what: `digit ${digit} at ${d}`, text: text.slice(0, d) + digit + text.slice(d + 1) };
        }
        case 3: {
            const i = int(lines.length);
            return {
                what: `duplicate line ${i + 1}`,
                text: [...lines.slice(0, i + 1), lines[i], ...lines.slice(i + 1)].join('\n'),
            };
        }
        case 4: {
            const i = int(lines.length);
            return { what: `delete line ${i + 1}`, text: [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n') };
        }
        case 5: {
            const i = int(lines.length);
            const end = lineStart(i) + lines[i].length;
            return { what: `line comment after line ${i + 1}`, text: text.slice(0, end) + ' // fz' + text.slice(end) };
        }
        case 6: {
            const spaces = [...text.matchAll(/ /g)].map(m => m.index!);
            const s = spaces.length > 0 ? spaces[int(spaces.length)] : at;
            return { what: `block comment at ${s}`, text: text.slice(0, s) + ' /* b */' + text.slice(s) };
        }
        case 7:
            return { what: `newline at ${at}`, text: text.slice(0, at) + '\n' + text.slice(at) };
        case 8:
        case 9:
        case 10: {
            // Inside an indented line that is not a comment (mostly statements): a digit, a letter, a space.
            const spots = [...text.matchAll(/^[ \t]+[a-z][^\n/]*/gm)].map(m => ({
                start: m.index!,
                length: m[0].length,
            }));
            if (spots.length === 0) return { what: 'insert 2', text: text.slice(0, at) + '2' + text.slice(at) };
            const spot = spots[int(spots.length)];
            const p = spot.start + int(spot.length + 1);
            const c = '1a '[int(3)];
            const replace = random() < 0.5 && /[0-9a-z]/.test(text.charAt(p));
            return {
                what: `${replace ? 'replace' : 'insert'} ${JSON.stringify(c)} in a statement at ${p}`,
                text: text.slice(0, p) + c + text.slice(p + (replace ? 1 : 0)),
            };
        }
        default: {
            // Type into an existing comment or word: a letter after a letter.
            const words = [...text.matchAll(/[a-z]/g)].map(m => m.index!);
            const w = words.length > 0 ? words[int(words.length)] + 1 : at;
            return { what: `letter after ${w}`, text: text.slice(0, w) + 'q' + text.slice(w) };
        }
    }
}

async function fuzz(name: string, text: string, seed: number, edits: number): Promise<Record<EditPath, number>> {
    const editor = await openEditor(text, name, name === 'machines.mscn' ? {} : library);
    await expectFresh(editor);
    const random = prng(seed);
    const counts: Record<EditPath, number> = {
        trivia: 0,
        statement: 0,
        'statement+declares': 0,
        region: 0,
        'region+declares': 0,
        full: 0,
    };
    // The texts before each edit: undo goes back one at a time, which brings a broken text back to a
    // valid one (a document with errors is never patched).
    const history: string[] = [];
    for (let step = 1; step <= edits; step++) {
        const before = editor.text;
        const broken =
            editor.document.parseResult.parserErrors.length + editor.document.parseResult.lexerErrors.length > 0;
        const change = randomEdit(before, history[history.length - 1], random, broken);
        if (change.what === 'undo') history.pop();
        else history.push(before);
        const path = await edit(editor, change.text);
        counts[path]++;
        const difference = await compareWithFresh(editor);
        if (difference) {
            throw new Error(
                `${name}, seed ${seed}, edit ${step} (${change.what}, ${path}):\n${difference}` +
                    `\n--- text before:\n${before}\n--- text after:\n${change.text}`,
            );
        }
    }
    return counts;
}

const FUZZ_EDITS = 300;
/**
 * 300 full builds of a long example take 45 s on an idle 2-core machine: room for a busy one (eight test runs at once
 * took 390 s).
 */
const FUZZ_TIMEOUT_MS = 480_000;
const files = readdirSync(EXAMPLES)
    .filter(f => f.endsWith('.mscn'))
    .sort();

describe('random edits against a fresh build', () => {
    for (const [i, file] of files.entries()) {
        test(
            `GIVEN ${FUZZ_EDITS} random edits of examples/${file} THEN every version equals a fresh build`,
            async () => {
                const text = readFileSync(resolve(EXAMPLES, file), 'utf8');
                const counts = await fuzz(file, text, 1000 + i, FUZZ_EDITS);
                // The edits must have exercised the patch paths, not only full parses (machines.mscn has no run).
                expect(counts.trivia).toBeGreaterThan(FUZZ_EDITS / 20);
                if (/^run /m.test(text)) expect(reparsed(counts)).toBeGreaterThanOrEqual(3);
            },
            FUZZ_TIMEOUT_MS,
        );
    }

    test(
        `GIVEN ${FUZZ_EDITS} random edits of a generated 300-line scenario THEN every version equals a fresh build`,
        async () => {
            const counts = await fuzz('generated.mscn', editorScenario(300) as string, 77, FUZZ_EDITS);
            expect(counts.trivia).toBeGreaterThan(FUZZ_EDITS / 20);
            expect(reparsed(counts)).toBeGreaterThan(FUZZ_EDITS / 20);
        },
        FUZZ_TIMEOUT_MS,
    );
});

/** Edits patched by reparsing statements (the region or the statement path). */
function reparsed(counts: Record<EditPath, number>): number {
    return counts.region + counts['region+declares'] + counts.statement + counts['statement+declares'];
}

// ---------------------------------------------------------------- typing a statement

/** Statements as a person types them: every prefix is a text with a syntax error, or a different statement. */
const TYPED = [
    'read db heap size 8 KiB',
    'write db 0x1000_0000 size 4 KiB => pageFaults <= 1, tlbMisses == 2',
    'mmap db at 0x2000_0000 size 1 MiB anon shared r as extra',
    'switch cpu 1 to db',
    'expect tlbMisses <= 40',
    'kmap_atomic db heap + 4 KiB access // kmap it',
    'munmap db heap size 2 MiB noflush => ipis == 0',
    'fork db as child',
    'copy_to_user db heap size 8 KiB file "data" offset 0 via atomic',
    'vas switch db[1] to scratch',
];

/**
 * Types `statement` letter by letter on a new line before line `line` (0-based), checking every
 * version against a fresh build, then deletes it letter by letter (or leaves it, then undoes the
 * whole line at once). Returns the paths taken.
 */
async function typeStatement(
    editor: Editor,
    line: number,
    statement: string,
    random: () => number,
    where: string,
): Promise<EditPath[]> {
    const paths: EditPath[] = [];
    const lines = editor.text.split('\n');
    const indent = /^\s*/.exec(lines[line] ?? '')![0];
    const at = lines.slice(0, line).reduce((sum, l) => sum + l.length + 1, 0);
    const base = editor.text;
    const versions = [base.slice(0, at) + indent + '\n' + base.slice(at)];
    for (let i = 1; i <= statement.length; i++)
        versions.push(base.slice(0, at) + indent + statement.slice(0, i) + '\n' + base.slice(at));
    const back = random() < 0.5 ? versions.slice(0, -1).reverse() : [base];
    for (const [i, text] of [...versions, ...back].entries()) {
        const path = await edit(editor, text);
        paths.push(path);
        const difference = await compareWithFresh(editor);
        if (difference)
            throw new Error(
                `${where}: typing ${JSON.stringify(statement)} before line ${line + 1}, step ${i + 1} (${path}):\n` +
                    `${difference}\n--- text:\n${text}`,
            );
    }
    return paths;
}

/** Lines inside run bodies (indented, not comments): where a statement can be typed. */
function statementLines(text: string): number[] {
    const lines = text.split('\n');
    const inside: number[] = [];
    let depth = 0;
    let inRun = false;
    lines.forEach((line, i) => {
        if (depth === 0 && /^\s*run\b/.test(line)) inRun = true;
        if (inRun && depth > 0 && /^\s+[a-z]/.test(line)) inside.push(i);
        depth += (line.match(/{/g) ?? []).length - (line.match(/}/g) ?? []).length;
        if (depth === 0) inRun = false;
    });
    return inside;
}

const TYPINGS_PER_FILE = 3;

describe('typing a statement letter by letter against a fresh build', () => {
    for (const [i, file] of files.filter(f => /^run /m.test(readFileSync(resolve(EXAMPLES, f), 'utf8'))).entries()) {
        test(
            `GIVEN ${TYPINGS_PER_FILE} statements typed into runs of examples/${file} ` +
                'THEN every keystroke equals a fresh build, diagnostics included',
            async () => {
                const text = readFileSync(resolve(EXAMPLES, file), 'utf8');
                const editor = await openEditor(text, file, library);
                const random = prng(5000 + i);
                const paths: EditPath[] = [];
                for (let n = 0; n < TYPINGS_PER_FILE; n++) {
                    const candidates = statementLines(editor.text);
                    const line = candidates[Math.floor(random() * candidates.length)];
                    const statement = TYPED[Math.floor(random() * TYPED.length)];
                    paths.push(...(await typeStatement(editor, line, statement, random, file)));
                }
                // The broken intermediate texts are patched, not parsed whole (a full parse is left for
                // the braces and quotes that change how the rest of the file reads).
                const patched = paths.filter(p => p.startsWith('region')).length;
                expect(patched / paths.length).toBeGreaterThan(0.6);
            },
            FUZZ_TIMEOUT_MS,
        );
    }

    test(
        'GIVEN the benchmark edit (a read typed and deleted in the generated run, 300 lines here) ' +
            'THEN no keystroke parses whole and each equals a fresh build',
        async () => {
            const editor = await openEditor(editorScenario(300) as string, 'generated.mscn', library);
            const paths = await typeStatement(editor, 7, 'read db heap size 8 KiB', () => 0, 'generated.mscn');
            // The blank line, and spaces after a complete statement, are trivia; every other keystroke is a region.
            expect(paths.filter(p => p !== 'region' && p !== 'trivia')).toEqual([]);
            expect(paths.filter(p => p === 'region').length).toBeGreaterThan(paths.length * 0.7);
            expect(editor.document.parseResult.parserErrors).toEqual([]);
        },
        FUZZ_TIMEOUT_MS,
    );
});
