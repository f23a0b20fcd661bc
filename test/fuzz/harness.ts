/**
 * The fuzz suite's in-process `mscn check`/`run`: a scenario text is written beside a copy of
 * examples/machines.mscn, loaded with its imports (cli/load-document.ts), validated, and, when it has no
 * error, run through the engine with a small operation budget (execution/run-scenario-file.ts). What
 * a user would see is checked: no internal error (a throwing check or a thrown exception), every
 * diagnostic inside the document, at least one error for text the parser could not read, and every
 * run stopped within its budgets.
 */
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AstUtils, GrammarUtils } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import { loadScenarioFiles } from '../../language/src/cli/load-document.js';
import { runScenarioFile, type ScenarioRuns } from '../../language/src/execution/run-scenario-file.js';

export const EXAMPLES_DIR = resolve(__dirname, '../../examples');

/** Every example but machines.mscn (which the others import), by file name. */
export function examples(): Array<{ name: string; text: string }> {
    return readdirSync(EXAMPLES_DIR)
        .filter(f => f.endsWith('.mscn') && f !== 'machines.mscn')
        .sort()
        .map(name => ({ name, text: readFileSync(join(EXAMPLES_DIR, name), 'utf8') }));
}

/** A scratch directory holding machines.mscn, where scenarios are written. */
export function scratchDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'mscn-fuzz-'));
    copyFileSync(join(EXAMPLES_DIR, 'machines.mscn'), join(dir, 'machines.mscn'));
    return dir;
}

export interface Outcome {
    diagnostics: Diagnostic[];
    /** Lexer and parser errors of the file itself. */
    syntaxErrors: number;
    runs: ScenarioRuns[];
    /** Wall-clock milliseconds of the engine runs. */
    runMillis: number;
}

/** `mscn check` in-process, then `mscn run --budget budget` when the file has no error. */
export async function checkAndRun(
    dir: string,
    file: string,
    text: string | Uint8Array,
    budget: number,
): Promise<Outcome> {
    const path = join(dir, file);
    writeFileSync(path, text);
    const loaded = await loadScenarioFiles([path]);
    const own = loaded.files.find(f => f.path === path);
    if (!own) throw new Error(`not loaded: ${loaded.failures.map(f => f.message).join('; ')}`);
    const document = own.document;
    const diagnostics = document.diagnostics ?? [];
    const parse = document.parseResult;
    const syntaxErrors = parse.lexerErrors.length + parse.parserErrors.length;
    const hasErrors = loaded.documents.some(d => (d.diagnostics ?? []).some(x => x.severity === 1));
    let runs: ScenarioRuns[] = [];
    const started = Date.now();
    if (!hasErrors) {
        const result = runScenarioFile(parse.value, own.imports, path, { budget });
        if (typeof result === 'string') throw new Error(result);
        runs = result;
    }
    return { diagnostics, syntaxErrors, runs, runMillis: Date.now() - started };
}

/** What is wrong with an outcome, as far as the user is concerned: [] when nothing. */
export function problems(text: string, outcome: Outcome, budget: number, maxRunMillis: number): string[] {
    const found: string[] = [];
    const lines = text.split(/\r\n|\r|\n/);
    for (const d of outcome.diagnostics) {
        if (/An error occurred|internal error|\n\s+at /.test(d.message)) found.push(`internal error: ${d.message}`);
        if (!inside(d.range, lines))
            found.push(`diagnostic outside the document: ${JSON.stringify(d.range)} ${d.message}`);
    }
    if (outcome.syntaxErrors > 0 && !outcome.diagnostics.some(d => d.severity === 1)) {
        found.push(`${outcome.syntaxErrors} syntax errors but no error diagnostic`);
    }
    for (const run of outcome.runs) {
        for (const result of run.results) {
            // The budget counts operations; a run that spends it stops with `stopped.reason === 'budget'`.
            if (result.stopped && result.stopped.reason !== 'budget')
                found.push(`run ${run.run} stopped: ${result.stopped.message}`);
        }
    }
    if (outcome.runMillis > maxRunMillis)
        found.push(`runs took ${outcome.runMillis} ms with --budget ${budget} (more than ${maxRunMillis} ms)`);
    return found;
}

function inside(range: Diagnostic['range'], lines: readonly string[]): boolean {
    const at = (p: Diagnostic['range']['start']) =>
        p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
    const ordered =
        range.start.line < range.end.line ||
        (range.start.line === range.end.line && range.start.character <= range.end.character);
    return at(range.start) && at(range.end) && ordered;
}

/** The properties every JavaScript object has: as names they must behave like any other (issue 15). */
export const OBJECT_WORDS = [
    '__proto__',
    'constructor',
    'toString',
    'valueOf',
    'hasOwnProperty',
    'isPrototypeOf',
    'propertyIsEnumerable',
    'toLocaleString',
    '__defineGetter__',
    '__lookupGetter__',
    '__defineSetter__',
    '__lookupSetter__',
];

interface Span {
    offset: number;
    end: number;
    name: string;
}

/**
 * Where the file's own declared names occur: each declaration's `name` and every reference to one of
 * them (found through the AST and its CST, so keywords, comments and strings are never touched).
 * Names are in order of first declaration.
 */
export async function nameSpans(dir: string, file: string, text: string): Promise<{ names: string[]; spans: Span[] }> {
    const path = join(dir, file);
    writeFileSync(path, text);
    const loaded = await loadScenarioFiles([path]);
    const root = loaded.files[0].document.parseResult.value;
    const names: string[] = [];
    const spans: Span[] = [];
    for (const node of AstUtils.streamAst(root)) {
        const name = (node as { name?: unknown }).name;
        const cst =
            typeof name === 'string' && node.$cstNode
                ? GrammarUtils.findNodeForProperty(node.$cstNode, 'name')
                : undefined;
        if (typeof name !== 'string' || !cst) continue;
        if (!names.includes(name)) names.push(name);
        spans.push({ offset: cst.offset, end: cst.end, name });
    }
    for (const node of AstUtils.streamAst(root)) {
        for (const { reference } of AstUtils.streamReferences(node)) {
            const cst = reference.$refNode;
            if (cst && names.includes(reference.$refText))
                spans.push({ offset: cst.offset, end: cst.end, name: reference.$refText });
        }
    }
    return { names, spans: spans.sort((a, b) => a.offset - b.offset) };
}

/** `text` with each span's name replaced by `rename(name)` (unchanged when it gives undefined). */
export function renamed(text: string, spans: readonly Span[], rename: (name: string) => string | undefined): string {
    let out = '';
    let at = 0;
    for (const s of spans) {
        out += text.slice(at, s.offset) + (rename(s.name) ?? s.name);
        at = s.end;
    }
    return out + text.slice(at);
}
