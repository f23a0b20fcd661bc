/**
 * Patches a built document for an edit without parsing it whole, when the result provably equals a
 * full parse: the statement path (statement-reparse.ts) or the trivia path (trivia-edit.ts). Returns
 * undefined when neither applies; the caller then parses the document as Langium always does.
 *
 * Only documents without lexer or parser errors are patched: error recovery of a partial parse is not
 * that of a full one, and the diagnostics must not depend on how the text was reached.
 */
import type { CstNode, LangiumCoreServices, LangiumDocument } from 'langium';
import { MAX_SCENARIO_BYTES } from '../mscn-parser.js';
import { lastIndexAtOrBefore, leavesOf } from './cst-positions.js';
import { reparseStatement, type StatementPatch } from './statement-reparse.js';
import { textChange, type TextChange } from './text-change.js';
import { editTrivia, type TriviaPatch } from './trivia-edit.js';

export type DocumentPatch = TriviaPatch | StatementPatch;

interface RootFields { _text: string; fullText: string }

/** Braces decide the nesting limit, which only a whole-file scan checks (nesting.ts). */
function sameBraces(oldText: string, newText: string, change: TextChange): boolean {
    const braces = (text: string) => text.replace(/[^{}]/g, '');
    return braces(oldText.slice(change.start, change.oldEnd)) === braces(newText.slice(change.start, change.newEnd));
}

/** The first leaf that is a token (not a comment) and ends at or after `offset`. */
function tokenAt(leaves: CstNode[], offset: number): CstNode | undefined {
    for (let i = Math.max(0, lastIndexAtOrBefore(leaves, offset)); i < leaves.length; i++) {
        if (!leaves[i].hidden && leaves[i].end >= offset) return leaves[i];
    }
    return undefined;
}

export function patchDocument(document: LangiumDocument, newText: string, services: LangiumCoreServices): DocumentPatch | undefined {
    const { parseResult } = document;
    if (parseResult.lexerErrors.length > 0 || parseResult.parserErrors.length > 0) return undefined;
    const root = parseResult.value.$cstNode;
    if (!root || root.root !== root) return undefined;
    const oldText = (root as unknown as RootFields).fullText;
    const change = textChange(oldText, newText);
    if (!change || Buffer.byteLength(newText, 'utf8') > MAX_SCENARIO_BYTES || !sameBraces(oldText, newText, change)) return undefined;
    const leaves = leavesOf(root);
    const token = tokenAt(leaves, change.start);
    const patch: DocumentPatch | undefined =
        (token && reparseStatement(root, leaves, token, oldText, newText, change, services.parser.LangiumParser, services.references.NameProvider))
        || editTrivia(root, leaves, newText, change, services.parser.Lexer);
    if (patch) (root as unknown as RootFields)._text = newText;
    return patch;
}
