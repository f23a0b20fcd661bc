/**
 * Grammar-aware mutations of a scenario, as fast-check arbitraries: whole statements (lines) deleted,
 * duplicated, swapped or wrapped in a huge `repeat`; numbers replaced by absurd ones (0, -1, 2^64,
 * 1e400, ...); names replaced by properties of Object.prototype; tokens inserted anywhere. A plan is
 * plain data, so that fast-check prints it with the seed of a failure and replays it.
 */
import fc from 'fast-check';
import { OBJECT_WORDS } from './harness.js';

export const ABSURD_NUMBERS = [
    '0',
    '-1',
    '18446744073709551616',
    '18446744073709551615',
    '1e400',
    '4294967296',
    '99999999999999999999999',
    '0x',
    '0xFFFF_FFFF_FFFF_FFFF',
    '9007199254740993',
    '1.5',
    '0.000001',
    '1_000_000_000',
    '1024 EiB',
    '0 pages',
    '-0',
];

export const HUGE_COUNTS = ['1000000000', '4294967296', '18446744073709551615', '9007199254740993'];

export const TOKENS = [
    '{',
    '}',
    '=>',
    '"',
    '[',
    ']',
    '+',
    '-',
    '==',
    '(',
    ')',
    ',',
    'as',
    'expect',
    'repeat',
    'run',
    'variant',
    'machine',
    '/*',
    '*/',
    '//',
    '\u0000',
    '\ud800',
    '\ufeff',
    '\t',
    '\n',
    '6.x',
    'import "/etc/passwd"',
    'import "/dev/zero"',
    'import "machines.mscn"',
    'replay "/dev/zero" as p',
    'expect error "x"',
    ...OBJECT_WORDS,
];

/** `statements`: only lines that are statements of a run block (and only numbers on them). */
export type Mutation =
    | { kind: 'delete'; line: number; statements?: boolean }
    | { kind: 'duplicate'; line: number; statements?: boolean }
    | { kind: 'swap'; a: number; b: number; statements?: boolean }
    | { kind: 'repeat'; line: number; count: string; statements?: boolean }
    | { kind: 'number'; which: number; value: string; statements?: boolean }
    | { kind: 'name'; which: number; word: string }
    | { kind: 'unit'; which: number; word: string }
    | { kind: 'insert'; at: number; token: string };

const index = fc.nat({ max: 10_000 });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), line: index }),
    fc.record({ kind: fc.constant('duplicate' as const), line: index }),
    fc.record({ kind: fc.constant('swap' as const), a: index, b: index }),
    fc.record({ kind: fc.constant('repeat' as const), line: index, count: fc.constantFrom(...HUGE_COUNTS) }),
    fc.record({ kind: fc.constant('number' as const), which: index, value: fc.constantFrom(...ABSURD_NUMBERS) }),
    fc.record({ kind: fc.constant('name' as const), which: index, word: fc.constantFrom(...OBJECT_WORDS) }),
    fc.record({ kind: fc.constant('unit' as const), which: index, word: fc.constantFrom(...OBJECT_WORDS) }),
    fc.record({ kind: fc.constant('insert' as const), at: index, token: fc.constantFrom(...TOKENS) }),
);

/** Sizes and counts a run accepts, some large: these mutations mostly keep the scenario valid, so that it runs. */
export const RUNNABLE_NUMBERS = [
    '1',
    '2',
    '3',
    '64',
    '511',
    '512',
    '4096',
    '65536',
    '1000000',
    '0x7fff_f000',
    '2147483648',
    '1 GiB',
    '2 MiB',
];

/** Mutations of the statements of run blocks only: the scenario mostly stays valid and reaches the engine. */
export const runnableMutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), line: index, statements: fc.constant(true) }),
    fc.record({ kind: fc.constant('duplicate' as const), line: index, statements: fc.constant(true) }),
    fc.record({ kind: fc.constant('swap' as const), a: index, b: index, statements: fc.constant(true) }),
    fc.record({
        kind: fc.constant('repeat' as const),
        line: index,
        count: fc.constantFrom(...HUGE_COUNTS, '3', '1000'),
        statements: fc.constant(true),
    }),
    fc.record({
        kind: fc.constant('number' as const),
        which: index,
        value: fc.constantFrom(...RUNNABLE_NUMBERS),
        statements: fc.constant(true),
    }),
);

/** One to four mutations of the `example`-th example (modulo their number): half of any kind, half runnable. */
export const plan = fc.record({
    example: index,
    mutations: fc.oneof(
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.array(runnableMutation, { minLength: 1, maxLength: 4 }),
    ),
});

/** The lines that are statements or declarations: not blank, not only a comment or a brace. */
function codeLines(lines: readonly string[]): number[] {
    return lines.flatMap((l, i) => (/^\s*(\/\/.*|[{}]?)\s*$/.test(l) ? [] : [i]));
}

const STATEMENT =
    /^\s+(mmap|munmap|mprotect|madvise|read|write|touch|fork|exec|exit|switch|migrate|swapout|kmap|kunmap|copy|syscall|register|device|vas|segment|replay|kernel|repeat|expect)\b/;

/** The lines that are statements of a run block (indented, starting with a statement's keyword). */
function statementLines(lines: readonly string[]): number[] {
    return lines.flatMap((l, i) => (STATEMENT.test(l) && !l.trimEnd().endsWith('{') ? [i] : []));
}

/** The spans of matches of `pattern` outside `//` comments (and only on statement lines when `statements`). */
function matches(text: string, pattern: RegExp, statements = false): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (const m of text.matchAll(pattern)) {
        const lineStart = text.lastIndexOf('\n', m.index) + 1;
        const before = text.slice(lineStart, m.index);
        if (before.includes('//')) continue;
        if (statements && !STATEMENT.test(text.slice(lineStart, text.indexOf('\n', m.index) >>> 0))) continue;
        out.push([m.index, m.index + m[0].length]);
    }
    return out;
}

const NUMBER = /(?<![\w.])(0[xX][0-9a-fA-F_]+|[0-9][0-9_]*(\.[0-9]+)?)(?![\w.])/g;
const NAME = /(?<![\w"])[_a-zA-Z]\w*(?![\w"])/g;

function splice(text: string, [start, end]: [number, number], by: string): string {
    return text.slice(0, start) + by + text.slice(end);
}

export function applyMutation(text: string, m: Mutation): string {
    const lines = text.split('\n');
    const code = 'statements' in m && m.statements ? statementLines(lines) : codeLines(lines);
    const line = (n: number) => code[n % code.length];
    switch (m.kind) {
        case 'delete':
            if (code.length) lines.splice(line(m.line), 1);
            return lines.join('\n');
        case 'duplicate':
            if (code.length) lines.splice(line(m.line), 0, lines[line(m.line)]);
            return lines.join('\n');
        case 'swap': {
            if (!code.length) return text;
            const [a, b] = [line(m.a), line(m.b)];
            [lines[a], lines[b]] = [lines[b], lines[a]];
            return lines.join('\n');
        }
        case 'repeat':
            if (code.length) lines[line(m.line)] = `repeat ${m.count} { ${lines[line(m.line)]} }`;
            return lines.join('\n');
        case 'number':
        case 'unit': {
            const found = matches(text, NUMBER, m.kind === 'number' && m.statements);
            if (!found.length) return text;
            const span = found[m.which % found.length];
            return m.kind === 'number' ? splice(text, span, m.value) : splice(text, [span[1], span[1]], ` ${m.word}`);
        }
        case 'name': {
            const found = matches(text, NAME);
            return found.length ? splice(text, found[m.which % found.length], m.word) : text;
        }
        case 'insert': {
            const at = m.at % (text.length + 1);
            return `${text.slice(0, at)} ${m.token} ${text.slice(at)}`;
        }
    }
}

export function applyPlan(text: string, mutations: readonly Mutation[]): string {
    return mutations.reduce(applyMutation, text);
}

/** The seed of this run: MSCN_FUZZ_SEED to replay one, else a new one (printed with any failure). */
export function fuzzSeed(): number {
    const given = process.env.MSCN_FUZZ_SEED;
    return given !== undefined && given !== '' ? Number(given) : (Date.now() ^ (Math.random() * 2 ** 31)) | 0;
}
