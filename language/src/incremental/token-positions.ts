/**
 * Chevrotain tokens (offsets from 0, lines and columns from 1, endColumn inclusive) moved the way
 * cst-positions.ts moves CST leaves, and made from CST leaves for comments the parser has to see again.
 */
import type { LeafCstNode } from 'langium';
import type { IToken } from 'chevrotain';
import type { Position } from 'vscode-languageserver-types';

/** Moves a token at or after the edit's old end (`from`) to where it is after the edit (`to`). */
export function shiftToken(token: IToken, delta: number, from: Position, to: Position): void {
    // movePosition on (line - 1, column - 1) and (endLine - 1, endColumn), without allocating.
    const lines = to.line - from.line;
    const columns = to.character - from.character;
    if (token.startLine! - 1 === from.line) token.startColumn! += columns;
    if (token.endLine! - 1 === from.line) token.endColumn! += columns;
    token.startLine! += lines;
    token.endLine! += lines;
    token.startOffset += delta;
    token.endOffset! += delta;
}

export function shiftedCopy(token: IToken, delta: number, from: Position, to: Position): IToken {
    const copy = { ...token };
    shiftToken(copy, delta, from, to);
    return copy;
}

/** Moves a token lexed from a slice of the text (from 0, line 1, column 1) to where the slice starts. */
export function placeToken(token: IToken, offset: number, at: Position): void {
    token.startOffset += offset;
    token.endOffset! += offset;
    if (token.startLine === 1) token.startColumn! += at.character;
    if (token.endLine === 1) token.endColumn! += at.character;
    token.startLine! += at.line;
    token.endLine! += at.line;
}

/** The token a hidden leaf (a comment) of the CST of `text` was made from. */
export function leafToken(leaf: LeafCstNode, text: string): IToken {
    const { start, end } = leaf.range;
    const { offset, length, tokenType } = leaf;
    return {
        image: text.substring(offset, offset + length),
        startOffset: offset,
        endOffset: offset + length - 1,
        startLine: start.line + 1,
        startColumn: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character,
        tokenType,
        tokenTypeIdx: tokenType.tokenTypeIdx!,
    };
}
