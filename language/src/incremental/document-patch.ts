/**
 * Patches a built document for an edit without parsing it whole, when the result provably equals a
 * full parse: the trivia path (trivia-edit.ts), the region path (region-reparse.ts) or the statement
 * path (statement-reparse.ts). Returns undefined when none applies; the caller then parses the
 * document as Langium always does.
 *
 * The trivia and statement paths patch only documents without lexer or parser errors: their partial
 * lexing and parsing has no error recovery to compare. The region path replays the parser's own
 * recovery (parse-record.ts), so a document with syntax errors is patched too, and its diagnostics are
 * those of a full parse. The statement path does not keep the parse record up to date and drops it
 * (the next edit that needs it parses whole and records again).
 */
import type { CstNode, LangiumCoreServices, LangiumDocument } from 'langium';
import { MAX_SCENARIO_BYTES } from '../mscn-parser.js';
import { lastIndexAtOrBefore, leavesOf } from './cst-positions.js';
import { internalsProblems, rootText, setRootText } from './langium-adapter.js';
import { forgetRecord, recordOf } from './parse-record.js';
import { reparseRegion, type RegionPatch } from './region-reparse.js';
import { reparseStatement, type StatementPatch } from './statement-reparse.js';
import { textChange, type TextChange } from './text-change.js';
import { shiftToken } from './token-positions.js';
import { editTrivia, type TriviaPatch } from './trivia-edit.js';

export type DocumentPatch = TriviaPatch | StatementPatch | RegionPatch;

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

/** Whether Langium's internals are what langium-adapter.ts expects (asked once per parser). */
const internalsHold = new WeakMap<object, boolean>();

function internalsOk(root: CstNode, services: LangiumCoreServices): boolean {
    const parser = services.parser.LangiumParser;
    let ok = internalsHold.get(parser);
    if (ok === undefined) {
        const leaf = leavesOf(root)[0];
        ok =
            leaf !== undefined &&
            internalsProblems({
                parser,
                root,
                leaf,
                composite: root,
                referenceDescriptionProvider: services.workspace.ReferenceDescriptionProvider,
            }).length === 0;
        internalsHold.set(parser, ok);
    }
    return ok;
}

export function patchDocument(
    document: LangiumDocument,
    newText: string,
    services: LangiumCoreServices,
): DocumentPatch | undefined {
    const { parseResult } = document;
    const root = parseResult.value.$cstNode;
    if (!root || root.root !== root || parseResult.lexerErrors.length > 0) return undefined;
    const oldText = rootText(root);
    const change = oldText === undefined ? undefined : textChange(oldText, newText);
    if (!change || Buffer.byteLength(newText, 'utf8') > MAX_SCENARIO_BYTES || !sameBraces(oldText!, newText, change))
        return undefined;
    if (!internalsOk(root, services)) return undefined;
    const leaves = leavesOf(root);
    const record = recordOf(root);
    const clean = parseResult.parserErrors.length === 0;
    const trivia = clean ? editTrivia(root, leaves, newText, change, services.parser.Lexer) : undefined;
    if (trivia) {
        if (record)
            for (const token of record.tokens)
                if (token.startOffset >= trivia.shift.fromOffset)
                    shiftToken(token, trivia.shift.delta, trivia.shift.from, trivia.shift.to);
        setRootText(root, newText);
        return trivia;
    }
    const region = record && reparseRegion(root, leaves, parseResult, record, oldText!, newText, change, services);
    if (region) return region;
    const token = clean ? tokenAt(leaves, change.start) : undefined;
    const statement =
        token &&
        reparseStatement(
            root,
            leaves,
            token,
            oldText!,
            newText,
            change,
            services.parser.LangiumParser,
            services.references.NameProvider,
        );
    if (!statement) return undefined;
    forgetRecord(root);
    setRootText(root, newText);
    return statement;
}
