/**
 * Langium's parser with the limits a language server needs on bad input, and one fix for long runs.
 *
 * - Size: a file over MAX_SCENARIO_BYTES is not lexed at all: one error at 1:1 says so (a 10 MB
 *   file took a minute to parse; scenarios are a few hundred lines, big ones use imports).
 * - Lexer errors: Chevrotain's lexer tries every token pattern at every offset of an unexpected
 *   character, so 10 MB of random bytes took 47 s and made 1.2 M errors. A linear pre-scan
 *   (unexpected-characters.ts) finds where the 101st error will be; the lexer reads only up to
 *   there and one diagnostic says how much was left unread. At most 100 lexer and 100 parser
 *   errors are reported, then one that counts the rest. One long stretch (1 MB of 0xff bytes) is
 *   one error but took 9 s: stretches no token can hold reach the lexer as spaces (cappedLexer).
 * - Recovery: Chevrotain recovers from a syntax error in a repetition by calling the repetition again
 *   from within itself, so 2,000 errors overflowed the stack; past MAX_RECOVERED_ERRORS the parse stops
 *   (limitRecovery). Langium adds a run of comments with one spread call: 100,000 comments in a row
 *   overflowed it too; they are added in batches.
 * - Nesting: Chevrotain recurses per block and overflows its stack at a few hundred nested
 *   `repeat`s; past MAX_NESTING (nesting.ts) the file is refused with one error on the deep brace.
 * - Langium 4.2.1's CstNodeBuilder.addHiddenNodes is called before every token, even when no
 *   hidden token (comment) precedes it, and when the current CST node is still empty it searches
 *   its container's children with indexOf: with thousands of statements in one run that made
 *   parsing quadratic. With no hidden tokens the method adds nothing, so skipping it changes no CST.
 */
import {
    createLangiumParser,
    type LangiumCoreServices,
    type LangiumParser,
    type Lexer,
    type LexerResult,
    type ParseResult,
} from 'langium';
import { isUnclosedComment, unclosedCommentError } from './unclosed-comment.js';
import { scanUnexpected, MAX_REPORTED_ERRORS, type DeadStretch } from './unexpected-characters.js';
import { findTooDeepBrace, tooDeepMessage } from './nesting.js';
import { formatBytes } from './engine/memory.js';
import { limitRecovery, replaceAddHiddenNodes, replaceLexer } from './incremental/langium-adapter.js';
import { installRecorder } from './incremental/parse-record.js';

/** The largest file that is parsed: 1 MiB is about 25,000 statements. */
export const MAX_SCENARIO_BYTES = 1 << 20;
/**
 * Syntax errors the parser recovers from; the next one ends the parse. More than are reported
 * (MAX_REPORTED_ERRORS), so that the count of the others still says there were more.
 */
export const MAX_RECOVERED_ERRORS = 300;
/** Hidden tokens (comments) handed to Langium's addHiddenNodes at once. */
const HIDDEN_BATCH = 10_000;

type ILexingError = ParseResult['lexerErrors'][number];
type IRecognitionException = ParseResult['parserErrors'][number];

export function createMscnParser(services: LangiumCoreServices): LangiumParser {
    const parser = createLangiumParser(services);
    replaceAddHiddenNodes(parser, addHiddenNodes => tokens => {
        // Langium adds the nodes with one push(...nodes): 100,000 comments in a row overflow the stack.
        // Batch after batch lands in the same order (each goes after the one before: push, or insertion
        // before the same node, or, on an empty root, an unshift that makes the next batch a push).
        for (let start = 0; start < tokens.length; start += HIDDEN_BATCH)
            addHiddenNodes(tokens.slice(start, start + HIDDEN_BATCH));
    });
    replaceLexer(parser, cappedLexer);
    const recovery = limitRecovery(parser, MAX_RECOVERED_ERRORS);
    const parse = parser.parse.bind(parser);
    // The incremental build's record of each whole-document parse (incremental/parse-record.ts).
    const recorder = installRecorder(parser, text => parse(text));
    parser.parse = ((text: string, options?: Parameters<LangiumParser['parse']>[1]) => {
        const bytes = utf8Length(text, MAX_SCENARIO_BYTES);
        if (bytes > MAX_SCENARIO_BYTES) return tooLarge(parse('', options), bytes);
        const deep = findTooDeepBrace(text);
        if (deep) return refused(parse('', options), { ...deep, length: 1, message: tooDeepMessage() });
        recovery.startParse();
        const result =
            options?.rule === undefined && recorder
                ? recorder.recordFullParse(() => parse(text, options))
                : parse(text, options);
        return { ...result, parserErrors: capParserErrors(result.parserErrors) };
    }) as LangiumParser['parse'];
    return parser;
}

/** The message for a file over the size limit. */
export function tooLargeMessage(bytes: number): string {
    // Rounded up, so that a file just over the limit does not read as being at it. The server reads a file
    // from disk only up to one byte past the limit (server/src/bounded-file-system.ts): "over" is all it knows.
    const size = bytes === MAX_SCENARIO_BYTES + 1 ? 'over 1 MiB' : formatBytes(bytes, { roundUp: true });
    return `file is ${size}; scenarios over ${formatBytes(MAX_SCENARIO_BYTES)} are not parsed: split it with imports`;
}

function tooLarge<T>(empty: ParseResult<T>, bytes: number): ParseResult<T> {
    return refused(empty, { offset: 0, line: 1, column: 1, length: 0, message: tooLargeMessage(bytes) });
}

/** The result for a file that is not parsed: an empty scenario and one error saying why. */
function refused<T>(empty: ParseResult<T>, error: ILexingError): ParseResult<T> {
    return { ...empty, lexerErrors: [error], parserErrors: [] };
}

/**
 * The file's size in bytes as far as `text` tells it, exact up to `limit` (and some value above it
 * beyond). Each U+FFFD counts as the one byte it almost always replaced: a decoder turns every byte of
 * invalid UTF-8 into U+FFFD, three bytes when encoded again, so 1,048,000 random bytes read as 1.9 MiB
 * and were refused although the file is under the limit (issue 15).
 */
function utf8Length(text: string, limit: number): number {
    if (text.length * 3 <= limit) return text.length; // even all 3-byte characters would fit
    let replacements = 0;
    for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) replacements++;
    return Math.max(text.length, Buffer.byteLength(text, 'utf8') - 2 * replacements);
}

/**
 * A lexer that stops reading where the 101st lexer error would be, and reports 100 of them. Stretches of
 * characters no token can hold (scanUnexpected) reach Chevrotain as spaces, which it skips at once where it
 * would try every pattern at every offset; their errors are made here, in Chevrotain's words, and joined with
 * an error of the lexer's that touches them: the same tokens and errors as the plain lexer, in linear time.
 */
export function cappedLexer(lexer: Lexer): Lexer {
    const capped = Object.create(lexer) as Lexer;
    capped.tokenize = (text: string, options?: Parameters<Lexer['tokenize']>[1]): LexerResult => {
        const { cutoff, dead } = scanUnexpected(text);
        const result = lexer.tokenize(blankDead(cutoff ? text.slice(0, cutoff.offset) : text, dead), options);
        const unclosed = result.hidden.filter(isUnclosedComment).map(unclosedCommentError);
        const all = [...joinTouching(text, [...result.errors, ...dead.map(d => lexingError(text, d))]), ...unclosed];
        const errors = all.slice(0, MAX_REPORTED_ERRORS);
        const hiddenCount = all.length - errors.length;
        if (cutoff) {
            const notShown = hiddenCount > 0 ? ` (and ${hiddenCount} more errors before here not shown)` : '';
            errors.push({
                offset: cutoff.offset,
                line: cutoff.line,
                column: cutoff.column,
                length: 1,
                message:
                    `more than ${MAX_REPORTED_ERRORS} lexer errors: the rest of the file is not read, ` +
                    `${cutoff.remaining} more stretches of unexpected characters from here on${notShown}; is ` +
                    `this a scenario file?`,
            });
        } else if (hiddenCount > 0) {
            const last = all[all.length - 1];
            errors.push({ ...last, message: `${hiddenCount} more lexer errors not shown (the last one is here)` });
        }
        return { ...result, errors };
    };
    return capped;
}

/** `text` with each dead stretch replaced by as many spaces: same offsets, lines and columns. */
function blankDead(text: string, dead: readonly DeadStretch[]): string {
    if (dead.length === 0) return text;
    const parts: string[] = [];
    let at = 0;
    for (const d of dead) {
        parts.push(text.slice(at, d.offset), ' '.repeat(d.length));
        at = d.offset + d.length;
    }
    parts.push(text.slice(at));
    return parts.join('');
}

/** Chevrotain's error for skipped characters (defaultLexerErrorProvider), on the original text. */
function lexingError(text: string, at: { offset: number; length: number; line: number; column: number }) {
    const { offset, length, line, column } = at;
    const message =
        `unexpected character: ->${text.charAt(offset)}<- at offset: ${offset}, ` + `skipped ${length} characters.`;
    return { offset, length, line, column, message };
}

/** Errors in order of offset, each that starts where the one before ends joined to it (one skipped stretch). */
function joinTouching(text: string, errors: ILexingError[]): ILexingError[] {
    const sorted = errors.sort((a, b) => a.offset - b.offset);
    const joined: ILexingError[] = [];
    for (const e of sorted) {
        const last = joined[joined.length - 1];
        if (last && last.offset + last.length === e.offset && last.line !== undefined)
            joined[joined.length - 1] = lexingError(text, {
                offset: last.offset,
                length: last.length + e.length,
                line: last.line,
                column: last.column ?? 1,
            });
        else joined.push(e);
    }
    return joined;
}

/**
 * At most MAX_REPORTED_ERRORS syntax errors, then one that counts the rest; past MAX_RECOVERED_ERRORS the
 * parse stopped at the last one (limitRecovery), and that one says so.
 */
export function capParserErrors(errors: IRecognitionException[]): IRecognitionException[] {
    if (errors.length <= MAX_REPORTED_ERRORS) return errors;
    const last = errors[errors.length - 1];
    const more = `${errors.length - MAX_REPORTED_ERRORS} more syntax errors not shown`;
    const message =
        errors.length > MAX_RECOVERED_ERRORS
            ? `${more}; the parser stopped at the last one, here: the rest of the file is not read`
            : `${more} (the last one is here)`;
    const summary = Object.assign(Object.create(Object.getPrototypeOf(last)) as IRecognitionException, last, {
        message,
    });
    return [...errors.slice(0, MAX_REPORTED_ERRORS), summary];
}
