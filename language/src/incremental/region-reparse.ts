/**
 * The region path of an incremental update: an edit inside the body of a run, with or without syntax
 * errors before or after it (typing a statement makes one at nearly every keystroke), reparses only
 * the run's statements from a checkpoint before the edit to one after it (parse-record.ts says why
 * the result is the full parse's: same state, same tokens looked at) and splices them, their CST, their
 * errors and the record into the old tree. The tokens are lexed again only around the edit.
 */
import {
    isLeafCstNode,
    type AstNode,
    type CstNode,
    type LangiumCoreServices,
    type Lexer,
    type ParseResult,
} from 'langium';
import type { IToken } from 'chevrotain';
import type { Position } from 'vscode-languageserver-types';
import { capParserErrors } from '../mscn-parser.js';
import { walkAst } from './ast-walk.js';
import {
    adoptCst,
    collectLeaves,
    dropRangeCaches,
    firstIndexAtOrAfter,
    positionAfter,
    shiftLeaves,
} from './cst-positions.js';
import { childrenOf, setRootText } from './langium-adapter.js';
import { LOOP_START, recorderOf, STATEMENT, type Checkpoint, type ParseRecord } from './parse-record.js';
import { whitespaceOrEdge, type TextChange } from './text-change.js';
import { leafToken, placeToken, shiftedCopy, shiftToken } from './token-positions.js';
import { isUnclosedComment } from '../unclosed-comment.js';

export interface RegionPatch {
    kind: 'region';
    oldUnits: AstNode[];
    newUnits: AstNode[];
    /** Whether an old or new statement declares a name (`as heap`, `fork ... as child`). */
    declares: boolean;
}

/** How many tokens past the edit a region parse may go without meeting the old parse again. */
const SYNC_LIMIT = 400;

interface Edit {
    change: TextChange;
    delta: number;
    oldText: string;
    newText: string;
    /** Positions of the change's old end (old text) and new end (new text). */
    from: Position;
    to: Position;
}

/** The tokens around the edit, lexed again: old [first, last) (text [start, oldEnd)) became `tokens`. */
interface Relexed {
    first: number;
    last: number;
    start: number;
    oldEnd: number;
    tokens: IToken[];
    hidden: IToken[];
    /** First old token that may differ; first old token (and its new index) from which all are the same, shifted. */
    changed: number;
    sameFromOld: number;
    sameFromNew: number;
}

function lastTokenAtOrBefore(tokens: IToken[], offset: number): number {
    let lo = 0;
    let hi = tokens.length;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (tokens[mid].startOffset <= offset) lo = mid + 1;
        else hi = mid;
    }
    return lo - 1;
}

function sameToken(a: IToken, b: IToken, delta: number): boolean {
    return a.tokenTypeIdx === b.tokenTypeIdx && a.image === b.image && a.startOffset + delta === b.startOffset;
}

/**
 * Lexes the new text from a token before the edit to one after it, each with whitespace before it (so
 * lexing starts there as it does in the whole text), and compares the tokens with the old ones.
 */
function relex(tokens: IToken[], edit: Edit, lexer: Lexer): Relexed | undefined {
    const { change, delta, oldText, newText } = edit;
    let first = lastTokenAtOrBefore(tokens, change.start);
    while (first > 0 && !whitespaceOrEdge(oldText, tokens[first].startOffset - 1)) first--;
    const fromToken = first >= 0 && whitespaceOrEdge(oldText, tokens[first].startOffset - 1);
    if (!fromToken) first = 0;
    const start = fromToken ? tokens[first].startOffset : 0;
    let last = lastTokenAtOrBefore(tokens, change.oldEnd) + 1;
    while (last < tokens.length && !whitespaceOrEdge(oldText, tokens[last].startOffset - 1)) last++;
    const oldEnd = last < tokens.length ? tokens[last].startOffset : oldText.length;
    const lexed = lexer.tokenize(newText.slice(start, oldEnd + delta));
    if (lexed.errors.length > 0 || lexed.hidden.some(isUnclosedComment)) return undefined;
    // A `/*` that the slice lexed as the tokens `/` and `*` (the grammar has both) has no `*/` in the
    // slice, but the whole text may close it later, making everything up to there a comment.
    if (lexed.tokens.some(t => t.image === '/' && newText.charCodeAt(start + t.endOffset! + 1) === 42 /* '*' */))
        return undefined;
    // A comment or string cut by the slice's end would have run on in the whole text.
    const length = oldEnd + delta - start;
    if (last < tokens.length && [...lexed.tokens, ...lexed.hidden].some(t => t.startOffset + t.image.length >= length))
        return undefined;
    const at = fromToken
        ? { line: tokens[first].startLine! - 1, character: tokens[first].startColumn! - 1 }
        : { line: 0, character: 0 };
    for (const t of [...lexed.tokens, ...lexed.hidden]) placeToken(t, start, at);
    const count = lexed.tokens.length;
    let prefix = 0;
    while (prefix < count && first + prefix < last && sameToken(tokens[first + prefix], lexed.tokens[prefix], 0))
        prefix++;
    let suffix = 0;
    while (
        suffix < count - prefix &&
        suffix < last - first - prefix &&
        sameToken(tokens[last - 1 - suffix], lexed.tokens[count - 1 - suffix], delta)
    )
        suffix++;
    let touched = lastTokenAtOrBefore(tokens, change.start);
    if (touched >= 0 && tokens[touched].endOffset! + 1 <= change.start) touched++;
    let same = last - suffix;
    while (same < tokens.length && tokens[same].startOffset < change.oldEnd) same++;
    return {
        first,
        last,
        start,
        oldEnd,
        tokens: lexed.tokens,
        hidden: lexed.hidden,
        changed: Math.min(first + prefix, Math.max(touched, 0)),
        sameFromOld: same,
        sameFromNew: same + count - (last - first),
    };
}

/** The latest checkpoint of a run before the edit whose parse looked at no changed token, with its list position. */
function startCheckpoint(checkpoints: Checkpoint[], changed: number): number {
    let horizon = -1;
    let found = -1;
    for (let i = 0; i < checkpoints.length; i++) {
        const c = checkpoints[i];
        if (c.index > changed) break;
        horizon = Math.max(horizon, c.peak);
        if ((c.kind === LOOP_START || c.kind === STATEMENT) && horizon < changed) found = i;
    }
    return found;
}

/** The last token the parser consumed before `offset`: the last non-hidden leaf there. */
function lastConsumedBefore(leaves: CstNode[], offset: number): CstNode | undefined {
    for (let i = firstIndexAtOrAfter(leaves, offset) - 1; i >= 0; i--) if (!leaves[i].hidden) return leaves[i];
    return undefined;
}

function declaresName(nodes: AstNode[], services: LangiumCoreServices): boolean {
    const names = services.references.NameProvider;
    let found = false;
    for (const node of nodes)
        walkAst(node, n => {
            if (!found && names.getName(n) !== undefined) found = true;
        });
    return found;
}

/** Index of the first element of `items` whose offset is at or after `offset` (items in text order). */
function firstAtOrAfter<T>(items: T[], offset: number, offsetOf: (item: T) => number): number {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (offsetOf(items[mid]) < offset) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

export function reparseRegion(
    root: CstNode,
    leaves: CstNode[],
    parseResult: ParseResult,
    record: ParseRecord,
    oldText: string,
    newText: string,
    change: TextChange,
    services: LangiumCoreServices,
): RegionPatch | undefined {
    const recorder = recorderOf(services.parser.LangiumParser);
    if (!recorder) return undefined;
    const tokens = record.tokens;
    const anchor = lastTokenAtOrBefore(tokens, change.start);
    const base =
        anchor >= 0
            ? {
                  offset: tokens[anchor].startOffset,
                  at: { line: tokens[anchor].startLine! - 1, character: tokens[anchor].startColumn! - 1 },
              }
            : { offset: 0, at: { line: 0, character: 0 } };
    const edit: Edit = {
        change,
        delta: change.newEnd - change.oldEnd,
        oldText,
        newText,
        from: positionAfter(oldText.slice(base.offset, change.oldEnd), base.at),
        to: positionAfter(newText.slice(base.offset, change.newEnd), base.at),
    };
    const lexer = services.parser.Lexer;
    const relexed = relex(tokens, edit, lexer);
    if (!relexed) return undefined;
    const startAt = startCheckpoint(record.checkpoints, relexed.changed);
    if (startAt < 0) return undefined;
    const start = record.checkpoints[startAt];
    const tokenDelta = relexed.tokens.length - (relexed.last - relexed.first);
    const syncFrom = relexed.sameFromOld;
    const syncs = new Map<number, number>();
    for (let i = startAt + 1; i < record.checkpoints.length && record.checkpoints[i].run === start.run; i++) {
        const c = record.checkpoints[i];
        if (c.index >= syncFrom) syncs.set(c.index * 4 + c.kind, i);
    }
    if (syncs.size === 0) return undefined;
    const input = regionInput(tokens, relexed, start.index, edit, lexer);
    const consumedBefore = lastConsumedBefore(leaves, tokens[start.index]?.startOffset ?? oldText.length);
    const hiddenFrom = consumedBefore ? consumedBefore.end : 0;
    const hidden = regionHidden(leaves, relexed, hiddenFrom, input.limitOffset, edit);
    const region = recorder.parseRegion(
        newText,
        input.tokens,
        hidden,
        {
            start: start.index,
            run: start.run,
            limit: relexed.sameFromNew + SYNC_LIMIT,
            isSync: (kind, index) => syncs.has((index - tokenDelta) * 4 + kind),
        },
        {
            ...input.tokens[1],
            image: '}',
            tokenType: lexer.definition['}'],
            tokenTypeIdx: lexer.definition['}'].tokenTypeIdx!,
        },
    );
    if (!region) return undefined;
    const sync = region.checkpoints[region.checkpoints.length - 1];
    const oldSyncAt = syncs.get((sync.index - tokenDelta) * 4 + sync.kind)!;
    const oldSync = record.checkpoints[oldSyncAt];
    const oldSyncOffset = tokens[oldSync.index]?.startOffset ?? oldText.length;
    const oldLast = lastConsumedBefore(leaves, oldSyncOffset);
    const regionEnd = oldLast && oldLast.end > hiddenFrom ? oldLast.end : hiddenFrom;
    if (!samePending(leaves, regionEnd, oldSyncOffset, region.pending, edit)) return undefined;
    // ---- from here on the patch applies.
    const run = start.run as AstNode & { statements: AstNode[] };
    const runCst = leaves[firstIndexAtOrAfter(leaves, run.$cstNode!.offset)].container!;
    const fresh = childrenOf(region.runCst)!;
    const newChildren = fresh.slice(2);
    const children = childrenOf(runCst)!;
    const c0 = firstAtOrAfter(children, hiddenFrom, c => c.offset);
    const c1 = firstAtOrAfter(children, regionEnd, c => c.offset);
    const a0 = firstAtOrAfter(run.statements, hiddenFrom, s => s.$cstNode!.offset);
    const a1 = firstAtOrAfter(run.statements, regionEnd, s => s.$cstNode!.offset);
    const l0 = firstIndexAtOrAfter(leaves, hiddenFrom);
    const l1 = firstIndexAtOrAfter(leaves, regionEnd);
    const oldUnits = run.statements.slice(a0, a1);
    const newUnits = region.statements;
    leaves.splice(l0, l1 - l0);
    shiftLeaves(leaves, { fromOffset: change.oldEnd, delta: edit.delta, from: edit.from, to: edit.to });
    const newLeaves: CstNode[] = [];
    for (const child of newChildren) {
        adoptCst(child, root);
        collectLeaves(child, newLeaves);
    }
    leaves.splice(l0, 0, ...newLeaves);
    children.splice(c0, c1 - c0, ...newChildren);
    dropRangeCaches(runCst);
    run.statements.splice(a0, a1 - a0, ...newUnits);
    for (let i = a0; i < run.statements.length; i++) {
        const node = run.statements[i] as { -readonly [K in keyof AstNode]: AstNode[K] };
        node.$container = run;
        node.$containerProperty = 'statements';
        node.$containerIndex = i;
    }
    // The region's errors name the record's tokens (moved below), not the copies the region parse read.
    const original = (t: IToken) => input.originals.get(t) ?? t;
    for (const e of region.errors as Array<{ token: IToken; previousToken?: IToken; resyncedTokens?: IToken[] }>) {
        e.token = original(e.token);
        if (e.previousToken) e.previousToken = original(e.previousToken);
        if (e.resyncedTokens) e.resyncedTokens = e.resyncedTokens.map(original);
    }
    updateRecord(
        record,
        relexed,
        edit,
        tokenDelta,
        startAt,
        oldSyncAt,
        region.checkpoints,
        region.errors,
        tokens[start.index - 1],
    );

    parseResult.parserErrors = capParserErrors(record.errors as ParseResult['parserErrors']);
    setRootText(root, newText);
    return {
        kind: 'region',
        oldUnits,
        newUnits,
        declares: declaresName(oldUnits, services) || declaresName(newUnits, services),
    };
}

/** The synthetic `run {` and the new tokens from the region's start to the end (shifted copies near the edit). */
function regionInput(
    tokens: IToken[],
    relexed: Relexed,
    start: number,
    edit: Edit,
    lexer: Lexer,
): { tokens: IToken[]; limitOffset: number; originals: Map<IToken, IToken> } {
    const synthetic = (image: string, offset: number): IToken => {
        const tokenType = lexer.definition[image];
        return {
            image,
            startOffset: offset,
            endOffset: offset,
            startLine: 1,
            endLine: 1,
            startColumn: 1,
            endColumn: 1,
            tokenType,
            tokenTypeIdx: tokenType.tokenTypeIdx!,
        };
    };
    const copies = Math.max(relexed.last, Math.min(tokens.length, relexed.sameFromOld + SYNC_LIMIT + 2));
    const moved: IToken[] = [];
    const originals = new Map<IToken, IToken>();
    for (let i = relexed.last; i < copies; i++) {
        const copy = shiftedCopy(tokens[i], edit.delta, edit.from, edit.to);
        originals.set(copy, tokens[i]);
        moved.push(copy);
    }
    // Pushed one by one: concat (and slice) of the 20,000 tokens to the end took milliseconds a keystroke.
    const input = [synthetic('run', -2), synthetic('{', -1)];
    for (let i = Math.min(start, relexed.first); i < relexed.first; i++) input.push(tokens[i]);
    for (let i = Math.max(0, start - relexed.first); i < relexed.tokens.length; i++) input.push(relexed.tokens[i]);
    for (const copy of moved) input.push(copy);
    for (let i = copies; i < tokens.length; i++) input.push(tokens[i]);
    return {
        tokens: input,
        limitOffset: copies < tokens.length ? tokens[copies].startOffset : edit.oldText.length,
        originals,
    };
}

/**
 * The comments the region parse sees, from `from` (before the edit) to the old offset `limit`: old ones outside
 * the relexed stretch, new ones in it.
 */
function regionHidden(leaves: CstNode[], relexed: Relexed, from: number, limit: number, edit: Edit): IToken[] {
    const hidden: IToken[] = [];
    for (let i = firstIndexAtOrAfter(leaves, from); i < leaves.length && leaves[i].offset < relexed.start; i++) {
        const leaf = leaves[i];
        if (leaf.hidden && isLeafCstNode(leaf)) hidden.push(leafToken(leaf, edit.oldText));
    }
    for (const t of relexed.hidden) if (t.startOffset >= from) hidden.push(t);
    for (
        let i = firstIndexAtOrAfter(leaves, Math.max(relexed.oldEnd, from));
        i < leaves.length && leaves[i].offset < limit;
        i++
    ) {
        const leaf = leaves[i];
        if (!leaf.hidden || !isLeafCstNode(leaf)) continue;
        const token = leafToken(leaf, edit.oldText);
        shiftToken(token, edit.delta, edit.from, edit.to);
        hidden.push(token);
    }
    return hidden;
}

/** Whether the comments waiting for the next token at the sync are the old ones, moved by the edit. */
function samePending(leaves: CstNode[], from: number, to: number, pending: IToken[], edit: Edit): boolean {
    const old: CstNode[] = [];
    for (let i = firstIndexAtOrAfter(leaves, from); i < leaves.length && leaves[i].offset < to; i++)
        if (leaves[i].hidden) old.push(leaves[i]);
    if (old.length !== pending.length) return false;
    const { change, delta } = edit;
    return old.every((leaf, i) => {
        const moved =
            leaf.offset < change.start && leaf.end <= change.start
                ? leaf.offset
                : leaf.offset >= change.oldEnd
                  ? leaf.offset + delta
                  : NaN;
        return moved === pending[i].startOffset && leaf.text === pending[i].image;
    });
}

function updateRecord(
    record: ParseRecord,
    relexed: Relexed,
    edit: Edit,
    tokenDelta: number,
    startAt: number,
    oldSyncAt: number,
    fresh: Checkpoint[],
    freshErrors: unknown[],
    before: IToken | undefined,
): void {
    const { checkpoints, errors } = record;
    // `stretch` keeps the old tokens the edit replaced, which is all the renaming below reads of the old list.
    const stretch = record.tokens.slice(relexed.first, relexed.last);
    for (let i = relexed.last; i < record.tokens.length; i++)
        shiftToken(record.tokens[i], edit.delta, edit.from, edit.to);
    replaceInPlace(record, relexed.first, relexed.last - relexed.first, relexed.tokens);
    const startErrors = checkpoints[startAt].errors;
    const oldSyncErrors = checkpoints[oldSyncAt].errors;
    const errorDelta = freshErrors.length - (oldSyncErrors - startErrors);
    for (const e of freshErrors as Array<{ previousToken?: IToken }>) {
        // The token before the region was the synthetic `{`; in the document it is the one before.
        if (e.previousToken && e.previousToken.startOffset < 0 && before) e.previousToken = before;
    }
    const earlier = errors.slice(0, startErrors);
    const after = errors.slice(oldSyncErrors);
    // The old errors kept may name old tokens lexed again (the relexed stretch replaces them all, even
    // those that stayed the same): an error past the sync may have its token (and the skipped tokens)
    // among the unchanged ones at the stretch's end, which moved with the edit; one before the start
    // among those at its beginning. Each is named by its new copy, which is in the record (the old
    // object is not: it would keep its old position, now and at every later edit).
    const replaced = new Set(stretch);
    const renamed = new Map<IToken, IToken>();
    for (let i = relexed.first; i < relexed.last; i++) {
        const old = stretch[i - relexed.first];
        const shifted = i >= relexed.sameFromOld;
        const moved = record.tokens[shifted ? i + tokenDelta : i];
        if (moved && sameToken(old, moved, shifted ? edit.delta : 0)) renamed.set(old, moved);
    }
    // An error right at the sync names the token before it, which may be one lexed again.
    const beforeSync = record.tokens[checkpoints[oldSyncAt].index + tokenDelta - 1];
    type Named = { token: IToken; previousToken?: IToken; resyncedTokens?: IToken[] };
    for (const e of [...earlier, ...after] as Named[]) {
        e.token = renamed.get(e.token) ?? e.token;
        if (e.resyncedTokens) e.resyncedTokens = e.resyncedTokens.map(t => renamed.get(t) ?? t);
        if (e.previousToken) e.previousToken = renamed.get(e.previousToken) ?? e.previousToken;
    }
    for (const e of after as Named[])
        if (e.previousToken && replaced.has(e.previousToken)) e.previousToken = beforeSync;
    record.errors = [...earlier, ...freshErrors, ...after];
    for (let i = oldSyncAt + 1; i < checkpoints.length; i++) {
        const c = checkpoints[i];
        c.index += tokenDelta;
        if (c.peak >= 0) c.peak += tokenDelta;
        c.errors += errorDelta;
    }
    for (const c of fresh) c.errors += startErrors;
    checkpoints.splice(startAt + 1, oldSyncAt - startAt, ...fresh);
}

/**
 * `count` tokens of the record from `at` replaced by `by`, in place: a copy of the whole list (slice, concat) cost
 * milliseconds a keystroke on 20,000 tokens. A long `by` (a paste) is spliced by copy, not as spread arguments.
 */
function replaceInPlace(record: ParseRecord, at: number, count: number, by: IToken[]): void {
    if (by.length <= 10_000) record.tokens.splice(at, count, ...by);
    else record.tokens = record.tokens.slice(0, at).concat(by, record.tokens.slice(at + count));
}
