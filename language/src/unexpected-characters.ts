/**
 * A linear pre-scan for characters no token can start with, outside comments and strings: where
 * Chevrotain's lexer would report its 101st error, and the stretches of characters no token can hold.
 * Chevrotain tries every token pattern at every offset of an unexpected character (about 10-36 µs each),
 * so garbage input costs seconds per megabyte (1 MB of 0xff bytes, one stretch: 9 s). The scan costs a few
 * milliseconds; the lexer then stops early and sees those stretches as spaces (mscn-parser.ts).
 */

/** Lexer and parser errors reported per file; one more diagnostic counts the rest. */
export const MAX_REPORTED_ERRORS = 100;

/** Where lexing stops: the start of the first unreported unexpected character, 1-based line and column. */
export interface LexingCutoff {
    offset: number;
    line: number;
    column: number;
    /** Runs of unexpected characters from the cutoff to the end of the file. */
    remaining: number;
}

/**
 * ASCII characters a token can start with (mscn.langium): identifiers and numbers, the grammar's
 * punctuation, `/` of comments, `"` of strings and whitespace.
 */
const TOKEN_START = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_!()*+,-<=>[]{}/"')
    TOKEN_START[c.charCodeAt(0)] = 1;
for (const c of ' \t\n\v\f\r') TOKEN_START[c.charCodeAt(0)] = 1;

function startsToken(code: number): boolean {
    // Beyond ASCII only whitespace lexes (the WS terminal is /\s+/, which takes Unicode spaces).
    if (code < 128) return TOKEN_START[code] === 1;
    return (
        code === 0xa0 ||
        code === 0x1680 ||
        (code >= 0x2000 && code <= 0x200a) ||
        code === 0x2028 ||
        code === 0x2029 ||
        code === 0x202f ||
        code === 0x205f ||
        code === 0x3000 ||
        code === 0xfeff
    );
}

/** A stretch of characters that no token can start with or hold, outside comments and strings. */
export interface DeadStretch {
    offset: number;
    length: number;
    line: number;
    column: number;
}

/**
 * Whether the unexpected character at `i` can be part of no token at all, so that the lexer may see a space
 * there and lex the same tokens: any but a `.` after a digit or `_` (`1.5`, `2.6.x`) and a `\` after a `"`
 * that closes no string on its line with a `"` after it on that line (a space would let the STRING terminal
 * match where the escape did not). `quoteAhead` says whether there is a `"` after `i` on its line.
 */
function dead(text: string, i: number, code: number, openQuote: boolean, quoteAhead: () => boolean): boolean {
    if (code === 92) return !openQuote || !quoteAhead();
    if (code !== 46) return true;
    const before = text.charCodeAt(i - 1);
    return !((before >= 48 && before <= 57) || before === 95);
}

/** The cutoff when `text` has more than `limit` runs of unexpected characters, else undefined. */
export function findLexingCutoff(text: string, limit = MAX_REPORTED_ERRORS): LexingCutoff | undefined {
    return scanUnexpected(text, limit).cutoff;
}

/**
 * The cutoff when `text` has more than `limit` runs of unexpected characters, and the dead stretches before
 * it (at most one per run: a run of 1 MB of 0xff bytes is one stretch).
 */
export function scanUnexpected(
    text: string,
    limit = MAX_REPORTED_ERRORS,
): { cutoff: LexingCutoff | undefined; dead: DeadStretch[] } {
    let line = 1;
    let lineStart = 0;
    let runs = 0;
    let inRun = false;
    let cutoff: LexingCutoff | undefined;
    const stretches: DeadStretch[] = [];
    let open: DeadStretch | undefined;
    /** A `"` that closes no string was seen on this line. */
    let openQuote = false;
    /** The last `"` of the line being scanned (-1: none), found once per line when a `\` asks. */
    let lastQuoteLine = -1;
    let lastQuote = -1;
    let at = 0;
    const quoteAhead = (): boolean => {
        if (lastQuoteLine !== line) {
            lastQuoteLine = line;
            let end = at;
            while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
            lastQuote = text.lastIndexOf('"', end - 1);
        }
        return lastQuote > at;
    };
    const newline = (at: number): void => {
        line++;
        lineStart = at + 1;
    };
    /**
     * A `"` before here opens no string. When the scan from one `"` meets the end of its line, every `"` it
     * passed was escaped, and a scan from one of those would follow it to the same end: without this, a
     * line of n `\"` took n scans of the line (n^2: 12 s for 200 KB).
     */
    let unclosedBefore = -1;
    let i = 0;
    while (i < text.length) {
        const code = text.charCodeAt(i);
        let skipTo = -1;
        if (code === 47) skipTo = endOfComment(text, i);
        else if (code === 34 && i >= unclosedBefore) {
            const end = endOfString(text, i);
            if (end >= 0) skipTo = end;
            else unclosedBefore = -end;
        }
        if (skipTo >= 0) {
            for (let j = i; j < skipTo; j++) {
                const c = text.charCodeAt(j);
                if (c === 10 || (c === 13 && text.charCodeAt(j + 1) !== 10)) newline(j);
            }
            i = skipTo;
            inRun = false;
            open = undefined;
            continue;
        }
        if (code === 10 || code === 13) openQuote = false;
        else if (code === 34) openQuote = true;
        if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) newline(i);
        // a `/` or `"` that opens no comment or string may still be a token (`3G/1G`): let the lexer judge; a `!`
        // starts a token only as `!=`
        const unexpected = !startsToken(code) || (code === 33 && text.charCodeAt(i + 1) !== 61);
        if (unexpected && !inRun) {
            runs++;
            if (runs === limit + 1) cutoff = { offset: i, line, column: i - lineStart + 1, remaining: 0 };
        }
        inRun = unexpected;
        at = i;
        if (cutoff === undefined && unexpected && dead(text, i, code, openQuote, quoteAhead)) {
            if (open) open.length++;
            else stretches.push((open = { offset: i, length: 1, line, column: i - lineStart + 1 }));
        } else open = undefined;
        i++;
    }
    if (cutoff) cutoff.remaining = runs - limit;
    return { cutoff, dead: stretches };
}

/**
 * The end of the string starting at the `"` at `i`, as the STRING terminal reads it
 * (/"(\\[^\n\r]|[^"\\\n\r])*"/: a backslash escapes the next character); when the line ends first,
 * minus where the scan stopped.
 */
function endOfString(text: string, i: number): number {
    let j = i + 1;
    while (j < text.length) {
        const c = text.charCodeAt(j);
        if (c === 34) return j + 1;
        if (c === 10 || c === 13) return -j;
        if (c === 92) {
            const next = text.charCodeAt(j + 1);
            if (Number.isNaN(next) || next === 10 || next === 13) return -(j + 1);
            j++;
        }
        j++;
    }
    return -j;
}

/** The end of the comment starting at the `/` at `i`, or -1 when none starts there. */
function endOfComment(text: string, i: number): number {
    const next = text.charCodeAt(i + 1);
    if (next === 47) {
        let j = i + 2;
        while (j < text.length && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
        return j;
    }
    if (next === 42) {
        // as ML_COMMENT: an unclosed `/*` runs to the end (else each of n of them scans the rest: n^2)
        const end = text.indexOf('*/', i + 2);
        return end >= 0 ? end + 2 : text.length;
    }
    return -1;
}
