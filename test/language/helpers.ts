/**
 * Shared test helpers: one services instance on an empty file system (as Langium's examples do),
 * validation with every diagnostic rendered as `line:col-line:col severity: message` (1-based),
 * and the offset/length of a snippet for range assertions.
 */
import { EmptyFileSystem, type LangiumDocument } from 'langium';
import { parseHelper, validationHelper, type ValidationResult } from 'langium/test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { expect } from 'vitest';
import { createMscnServices } from '../../language/src/mscn-module.js';
import type { Scenario } from '../../language/src/generated/ast.js';

export const services = createMscnServices(EmptyFileSystem).Mscn;
export const validate = validationHelper<Scenario>(services);
export const parse = parseHelper<Scenario>(services);

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];

export function render(d: Diagnostic): string {
    const { start, end } = d.range;
    return (
        `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ` +
        `${SEVERITY[d.severity ?? 1]}: ${d.message}`
    );
}

/** Every diagnostic of `text`, rendered and sorted by position. */
export async function diagnostics(text: string, documentUri?: string): Promise<string[]> {
    const result = await validate(text, documentUri ? { documentUri } : undefined);
    return sortedDiagnostics(result);
}

export function sortedDiagnostics(result: ValidationResult<Scenario> | LangiumDocument): string[] {
    const list = 'diagnostics' in result && Array.isArray(result.diagnostics) ? result.diagnostics : [];
    return [...list]
        .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
        .map(render);
}

/**
 * Where the `occurrence`-th (0-based) `snippet` is in `text`. A snippet may mark the part it
 * means with guillemets, the rest being context: `with «s»` is the `s` that follows `with`.
 */
function locate(text: string, snippet: string, occurrence: number): { offset: number; length: number } {
    const marked = /^(.*)«(.*)»(.*)$/s.exec(snippet);
    const plain = marked ? marked[1] + marked[2] + marked[3] : snippet;
    let offset = -1;
    for (let i = 0; i <= occurrence; i++) {
        offset = text.indexOf(plain, offset + 1);
        if (offset < 0) throw new Error(`snippet '${snippet}' #${occurrence} not in text`);
    }
    return marked ? { offset: offset + marked[1].length, length: marked[2].length } : { offset, length: plain.length };
}

/** The range of a snippet as `line:col-line:col` (1-based, end exclusive), as `render` prints it. */
export function span(text: string, snippet: string, occurrence = 0): string {
    const { offset, length } = locate(text, snippet, occurrence);
    const position = (o: number): string => {
        const before = text.slice(0, o).split('\n');
        return `${before.length}:${before[before.length - 1].length + 1}`;
    };
    return `${position(offset)}-${position(offset + length)}`;
}

/** Offset and length of a snippet, for langium/test's expectError range options. */
export function at(text: string, snippet: string, occurrence = 0): { offset: number; length: number } {
    return locate(text, snippet, occurrence);
}

/** Assert the exact diagnostics of `text`: each `[snippet, severity: message]` (snippet located by `span`). */
export async function expectDiagnostics(
    text: string,
    expected: Array<[string, string] | [string, string, number]>,
): Promise<void> {
    const actual = await diagnostics(text);
    const wanted = expected.map(
        ([snippet, message, occurrence]) => `${span(text, snippet, occurrence ?? 0)} ${message}`,
    );
    expect(actual).toEqual(wanted);
}

/** No validator may throw: Langium turns an exception into this diagnostic. */
export function expectNoInternalErrors(result: { diagnostics?: Diagnostic[] }): void {
    const internal = (result.diagnostics ?? []).filter(d => d.message.startsWith('An error occurred'));
    expect(internal.map(d => d.message)).toEqual([]);
}
