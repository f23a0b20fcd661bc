/**
 * What a full parse leaves behind for the region path (region-reparse.ts), and the partial parse that
 * path runs. Chevrotain's parse (error recovery included) is a function of the parser's state and the
 * tokens it looks at. The recorder notes, for every statement of a run, the moment the parser is back
 * in the run's statement loop: the index of the next token, the furthest token looked at since the
 * last such moment (lookahead, and the scans of error recovery for a token to resynchronise on), and
 * the number of errors so far. Those moments are the checkpoints.
 *
 * A region parse starts at a checkpoint the edit cannot have influenced (nothing up to it looked at a
 * changed token), inside a synthetic `run {` so that the rule stack, and with it every recovery
 * decision, is the full parse's, on the real tokens that follow: it looks ahead and resynchronises as
 * the full parse would. It stops at the first checkpoint past the edit where the old parse was in the
 * same state at the same token (the same loop of the same run, the same comments pending): from there
 * on both parses do the same thing, so the old result after that point stands, shifted.
 */
import type { AstNode, CstNode, LangiumParser, Lexer, LexerResult, ParseResult } from 'langium';
import type { IToken } from 'chevrotain';
import { fieldsOf } from './ast-walk.js';
import {
    endInputAt,
    parserErrors,
    parserInput,
    parserState,
    replaceLexer,
    wrapRuleCalls,
    watchLookahead,
} from './langium-adapter.js';

/** The statement loop of a run starts, a statement of it returned, the loop ended. */
export const LOOP_START = 0;
export const STATEMENT = 1;
export const LOOP_END = 2;

export interface Checkpoint {
    kind: number;
    /** Index of the next token. */
    index: number;
    /** The furthest token index looked at since the previous checkpoint (-1: none). */
    peak: number;
    /** Parser errors so far. */
    errors: number;
    run: AstNode;
}

export interface ParseRecord {
    /**
     * The lexer's tokens (no comments), which the parse read; error recovery skips some of them, so they are not all
     * in the CST.
     */
    tokens: IToken[];
    /** Every parser error in the order found, before the cap of mscn-parser.ts. */
    errors: unknown[];
    checkpoints: Checkpoint[];
}

const records = new WeakMap<CstNode, ParseRecord>();

export function recordOf(root: CstNode): ParseRecord | undefined {
    return records.get(root);
}

export function forgetRecord(root: CstNode): void {
    records.delete(root);
}

export interface RegionSpec {
    /** The token index (in the real token list) the region starts at: a checkpoint's. */
    start: number;
    run: AstNode;
    /** Whether the old parse had a checkpoint of this kind at this (new) token index, past the edit. */
    isSync: (kind: number, index: number) => boolean;
    /** The region gives up past this token index. */
    limit: number;
}

export interface RegionResult {
    /** The synthetic run's statements and its CST node (the first two children are the synthetic `run {`). */
    statements: AstNode[];
    runCst: CstNode;
    /** Checkpoints after the start, the sync last; errors counted from the region's start. */
    checkpoints: Checkpoint[];
    errors: unknown[];
    /** Comments not yet in the CST at the sync (the next token claims them). */
    pending: IToken[];
}

interface RegionState {
    spec: RegionSpec;
    hidden: IToken[];
    checkpoints: Checkpoint[];
    statements?: AstNode[];
    runCst?: CstNode;
    synced: boolean;
    failed: boolean;
    pending: IToken[];
}

/** The token that closes the synthetic run at the sync (no position: it makes no CST leaf). */
function closingToken(like: IToken): IToken {
    return {
        ...like,
        image: '}',
        startOffset: NaN,
        endOffset: NaN,
        startLine: NaN,
        endLine: NaN,
        startColumn: NaN,
        endColumn: NaN,
    };
}

export class ParseRecorder {
    private peak = -1;
    private checkpoints: Checkpoint[] | undefined;
    private region: RegionState | undefined;
    private prepared: LexerResult | undefined;
    private lexed: IToken[] | undefined;
    private closeBrace: IToken | undefined;
    private readonly statementRule: unknown;
    private readonly elementRule: unknown;

    constructor(
        private readonly parser: LangiumParser,
        private readonly rawParse: (text: string) => ParseResult,
    ) {
        this.statementRule = parser.getRule('Statement');
        this.elementRule = parser.getRule('Element');
        watchLookahead(parser, index => {
            if (index > this.peak) this.peak = index;
        });
        wrapRuleCalls(
            parser,
            (call, rule) => {
                call();
                if ((this.checkpoints || this.region) && (rule === this.statementRule || rule === this.elementRule))
                    this.afterRule(rule);
            },
            call => this.aroundLoop(call),
        );
        replaceLexer(parser, lexer => this.preparedLexer(lexer));
    }

    /** Runs a parse of a whole document and records its tokens and checkpoints (none when it has lexer errors). */
    recordFullParse(parse: () => ParseResult): ParseResult {
        this.checkpoints = [];
        this.peak = -1;
        this.lexed = undefined;
        let checkpoints: Checkpoint[];
        let result: ParseResult;
        try {
            result = parse();
        } finally {
            checkpoints = this.checkpoints;
            this.checkpoints = undefined;
        }
        const root = result.value.$cstNode;
        if (root && this.lexed && result.lexerErrors.length === 0) {
            records.set(root, { tokens: this.lexed, errors: parserErrors(this.parser).slice(), checkpoints });
        }
        this.lexed = undefined;
        return result;
    }

    /**
     * Parses `tokens` (the synthetic `run {` then the real tokens from spec.start on) until the sync; undefined if it
     * does not reach one.
     */
    parseRegion(
        text: string,
        tokens: IToken[],
        hidden: IToken[],
        spec: RegionSpec,
        closeBrace: IToken,
    ): RegionResult | undefined {
        const region: RegionState = { spec, hidden, checkpoints: [], synced: false, failed: false, pending: [] };
        this.region = region;
        this.closeBrace = closingToken(closeBrace);
        this.prepared = { tokens, hidden, errors: [] };
        this.peak = -1;
        try {
            this.rawParse(text);
        } finally {
            this.region = undefined;
            this.prepared = undefined;
        }
        const errors = parserErrors(this.parser);
        const last = region.checkpoints[region.checkpoints.length - 1];
        if (region.failed || !region.synced || !region.statements || !region.runCst || errors.length !== last.errors)
            return undefined;
        return {
            statements: region.statements,
            runCst: region.runCst,
            checkpoints: region.checkpoints,
            errors: errors.slice(),
            pending: region.pending,
        };
    }

    private preparedLexer(inner: Lexer): Lexer {
        const lexer = Object.create(inner) as Lexer;
        lexer.tokenize = (text, options) => {
            const prepared = this.prepared;
            if (prepared) {
                this.prepared = undefined;
                return prepared;
            }
            const result = inner.tokenize(text, options);
            if (this.checkpoints) this.lexed = result.tokens;
            return result;
        };
        return lexer;
    }

    private afterRule(rule: unknown): void {
        const state = parserState(this.parser);
        if (rule === this.elementRule) {
            // The synthetic run ended (error recovery can leave it early) before a sync.
            if (this.region && state.depth === 1 && !this.region.synced) this.fail();
            return;
        }
        if (state.depth === 3 && state.node?.$type === 'Run') this.checkpoint(STATEMENT, state);
    }

    /** The statement loop of a run: a checkpoint before and after it. */
    private aroundLoop(call: () => void): void {
        const state = this.checkpoints || this.region ? parserState(this.parser) : undefined;
        const atRun = state !== undefined && state.depth === 3 && state.node?.$type === 'Run';
        if (atRun && this.checkpoints) this.checkpoint(LOOP_START, state);
        else if (atRun && this.region && !this.region.statements) {
            const run = fieldsOf(state.node!);
            // The synthetic `run {` is tokens 0 and 1, parsed without an error.
            if (state.next !== 2 || state.errors !== 0) this.fail();
            this.region.statements = (run.statements ??= []) as AstNode[];
            this.region.runCst = state.cst;
            this.peak = -1;
        }
        call();
        if (atRun) this.checkpoint(LOOP_END, parserState(this.parser));
    }

    private checkpoint(kind: number, state: ReturnType<typeof parserState>): void {
        if (this.checkpoints) {
            this.checkpoints.push({ kind, index: state.next, peak: this.peak, errors: state.errors, run: state.node! });
            this.peak = -1;
            return;
        }
        const region = this.region;
        if (!region || region.synced || region.failed || !region.statements) return;
        const shift = region.spec.start - 2;
        const index = state.next + shift;
        region.checkpoints.push({
            kind,
            index,
            peak: this.peak < 0 ? -1 : this.peak + shift,
            errors: state.errors,
            run: region.spec.run,
        });
        this.peak = -1;
        if (region.spec.isSync(kind, index)) {
            region.synced = true;
            const next = parserInput(this.parser)[state.next];
            const before = next ? next.startOffset : Infinity;
            region.pending = region.hidden.filter(t => t.startOffset < before);
            region.hidden.length = 0;
            endInputAt(this.parser, this.closeBrace);
        } else if (kind === LOOP_END || index > region.spec.limit) {
            this.fail();
        }
    }

    private fail(): void {
        if (!this.region || this.region.failed) return;
        this.region.failed = true;
        endInputAt(this.parser);
    }
}

const recorders = new WeakMap<LangiumParser, ParseRecorder>();

/** Hooks the recorder into `parser`; undefined (no incremental region path) when Langium's internals differ. */
export function installRecorder(
    parser: LangiumParser,
    rawParse: (text: string) => ParseResult,
): ParseRecorder | undefined {
    try {
        const recorder = new ParseRecorder(parser, rawParse);
        recorders.set(parser, recorder);
        return recorder;
    } catch {
        return undefined;
    }
}

export function recorderOf(parser: LangiumParser): ParseRecorder | undefined {
    return recorders.get(parser);
}
