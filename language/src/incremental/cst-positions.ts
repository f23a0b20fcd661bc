/**
 * Moving the CST of a document to the coordinates of an edited text without reparsing it. Langium's
 * leaf nodes keep their token's offset and range; composite nodes derive theirs from their first and
 * last leaf and cache a range object that holds those leaves' own position objects. After an edit
 * that replaced old text [start, oldEnd) by new text [start, newEnd), every leaf at or after oldEnd
 * moves by the same offset delta, and its line/character by the usual text-edit transform: the line
 * of oldEnd shifts by characters, later lines by lines. Positions are updated in place, so the
 * composites' cached ranges stay right; only composites whose first or last leaf was replaced drop
 * their cache.
 */
import type { CstNode } from 'langium';
import type { Position } from 'vscode-languageserver-types';
import { childrenOf, forgetCachedRange, leafPositions, moveLeafOffset, setCstRoot } from './langium-adapter.js';

/** Every leaf below `node` in text order (hidden ones included). */
export function collectLeaves(node: CstNode, into: CstNode[] = []): CstNode[] {
    const content = childrenOf(node);
    if (!content) {
        into.push(node);
        return into;
    }
    for (const child of content) collectLeaves(child, into);
    return into;
}

const leafLists = new WeakMap<CstNode, CstNode[]>();

/** The leaves of a root CST node, kept up to date by the patches (spliceLeaves). */
export function leavesOf(root: CstNode): CstNode[] {
    let leaves = leafLists.get(root);
    if (!leaves) {
        leaves = collectLeaves(root);
        leafLists.set(root, leaves);
    }
    return leaves;
}

/** Binary search: the index of the first leaf whose offset is at or after `offset`. */
export function firstIndexAtOrAfter(leaves: CstNode[], offset: number): number {
    let lo = 0;
    let hi = leaves.length;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (leaves[mid].offset < offset) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/** The index of the last leaf whose offset is at or before `offset`, or -1. */
export function lastIndexAtOrBefore(leaves: CstNode[], offset: number): number {
    return firstIndexAtOrAfter(leaves, offset + 1) - 1;
}

/** Moves `p` (at or after the edit's old end `from`) to where it is after the edit (which ends at `to`). */
export function movePosition(p: Position, from: Position, to: Position): void {
    if (p.line === from.line) p.character = to.character + (p.character - from.character);
    p.line += to.line - from.line;
}

export interface CstShift {
    /** First old offset that moves (the end of the replaced text). */
    fromOffset: number;
    delta: number;
    from: Position;
    to: Position;
}

/** Moves every leaf of `leaves` (in text order) at or after `shift.fromOffset`. */
export function shiftLeaves(leaves: CstNode[], shift: CstShift): void {
    const from = { ...shift.from };
    const to = { ...shift.to };
    for (let i = firstIndexAtOrAfter(leaves, shift.fromOffset); i < leaves.length; i++) {
        const range = leafPositions(leaves[i]);
        moveLeafOffset(leaves[i], shift.delta);
        movePosition(range.start, from, to);
        movePosition(range.end, from, to);
    }
}

/** Moves a freshly parsed subtree (offsets from 0, lines from 0) to start at `offset`/`at`, in `root`. */
export function placeCst(node: CstNode, offset: number, at: Position, root: CstNode): void {
    setCstRoot(node, root);
    const content = childrenOf(node);
    if (!content) {
        const range = leafPositions(node);
        moveLeafOffset(node, offset);
        placePosition(range.start, at);
        placePosition(range.end, at);
        return;
    }
    forgetCachedRange(node);
    for (const child of content) placeCst(child, offset, at, root);
}

/** Makes `node` and everything below it belong to the tree of `root` (positions unchanged). */
export function adoptCst(node: CstNode, root: CstNode): void {
    setCstRoot(node, root);
    const content = childrenOf(node);
    if (!content) return;
    forgetCachedRange(node);
    for (const child of content) adoptCst(child, root);
}

function placePosition(p: Position, at: Position): void {
    if (p.line === 0) p.character += at.character;
    p.line += at.line;
}

/** The position just after `text` when it starts at `at` (line breaks as LSP and Chevrotain count them). */
export function positionAfter(text: string, at: Position): Position {
    let line = at.line;
    let lineStart = -1;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
            line++;
            lineStart = i;
        }
    }
    return lineStart < 0
        ? { line, character: at.character + text.length }
        : { line, character: text.length - lineStart - 1 };
}

/** Drops the cached ranges of `node` and its containers (their first or last leaf was replaced). */
export function dropRangeCaches(node: CstNode | undefined): void {
    for (let n = node; n; n = n.container) forgetCachedRange(n);
}
