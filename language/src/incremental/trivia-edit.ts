/**
 * The trivia path of an incremental update: an edit that only touches whitespace and comments
 * between two tokens (typing in a comment, adding a blank line) changes no AST node. The comments of
 * that gap are lexed again and replace the old hidden leaves where Langium put them (all hidden tokens
 * before a token go to one place), and the rest of the CST moves. It declines when the gap could lex
 * differently in context (no whitespace at its edges, a line comment running into the next token) or
 * when a comment appears where there was none (Langium's placement would need the parser's stack).
 */
import { CstUtils, type CstNode, type Lexer } from 'langium';
import { lastIndexAtOrBefore, placeCst, positionAfter, shiftLeaves, type CstShift } from './cst-positions.js';
import { childrenOf, hiddenLeaf, rootText } from './langium-adapter.js';
import { whitespaceOrEdge, type TextChange } from './text-change.js';
import { isUnclosedComment } from '../unclosed-comment.js';

export interface TriviaPatch {
    kind: 'trivia';
    /** How the tokens after the gap moved (the parse record's tokens move alike). */
    shift: CstShift;
}

/** Index of the last leaf ending at or before `offset` that is not hidden, or -1. */
function tokenBefore(leaves: CstNode[], offset: number): number {
    for (let i = lastIndexAtOrBefore(leaves, offset); i >= 0; i--)
        if (!leaves[i].hidden && leaves[i].end <= offset) return i;
    return -1;
}

function lineCommentsEndInGap(gap: string, hidden: { startOffset: number; image: string }[]): boolean {
    return hidden.every(t => !t.image.startsWith('//') || /[\r\n]/.test(gap.charAt(t.startOffset + t.image.length)));
}

export function editTrivia(
    root: CstNode,
    leaves: CstNode[],
    newText: string,
    change: TextChange,
    lexer: Lexer,
): TriviaPatch | undefined {
    const before = tokenBefore(leaves, change.start);
    let after = before + 1;
    while (after < leaves.length && leaves[after].hidden) after++;
    const next = after < leaves.length ? leaves[after] : undefined;
    const oldGapEnd = next ? next.offset : (rootText(root) ?? '').length;
    if (change.oldEnd > oldGapEnd) return undefined;
    const gapStart = before >= 0 ? leaves[before].end : 0;
    const delta = change.newEnd - change.oldEnd;
    const gapEnd = oldGapEnd + delta;
    const gap = newText.slice(gapStart, gapEnd);
    // The characters at the gap's edges, read in the new text: an edit that empties the gap between
    // two tokens makes them touch (`exit db` -> `exitdb` lexes as one word), which the gap alone,
    // empty, cannot show.
    if (before >= 0 && !whitespaceOrEdge(newText, gapStart)) return undefined;
    if (next && !whitespaceOrEdge(newText, gapEnd - 1)) return undefined;
    const lexed = lexer.tokenize(gap);
    if (lexed.errors.length > 0 || lexed.tokens.length > 0 || lexed.hidden.some(isUnclosedComment)) return undefined;
    const hidden = lexed.hidden;
    if (!lineCommentsEndInGap(gap, hidden)) return undefined;
    const oldHidden = leaves.slice(before + 1, after);
    const place = hiddenPlace(oldHidden);
    if (!place && (oldHidden.length > 0 || hidden.length > 0)) return undefined;
    const at = before >= 0 ? { ...leaves[before].range.end } : { line: 0, character: 0 };
    const from = next ? { ...next.range.start } : positionAfter(gap, at);
    const shift: CstShift = { fromOffset: oldGapEnd, delta, from, to: positionAfter(gap, at) };
    shiftLeaves(leaves, shift);
    if (place) {
        const fresh = hidden.map(token => {
            const leaf = hiddenLeaf(
                token.startOffset,
                token.image.length,
                CstUtils.tokenToRange(token),
                token.tokenType,
            );
            placeCst(leaf, gapStart, at, root);
            return leaf as CstNode;
        });
        place.content.splice(place.index, oldHidden.length, ...fresh);
        leaves.splice(before + 1, oldHidden.length, ...fresh);
    }
    return { kind: 'trivia', shift };
}

/** Where the gap's hidden leaves are: one run of siblings in one composite node. */
function hiddenPlace(oldHidden: CstNode[]): { content: CstNode[]; index: number } | undefined {
    if (oldHidden.length === 0) return undefined;
    const content = oldHidden[0].container && childrenOf(oldHidden[0].container);
    if (!content) return undefined;
    const index = content.indexOf(oldHidden[0]);
    const contiguous = oldHidden.every((leaf, i) => content[index + i] === leaf);
    return contiguous ? { content, index } : undefined;
}
