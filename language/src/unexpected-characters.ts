/**
 * A linear pre-scan for characters no token can start with, outside comments and strings: where
 * Chevrotain's lexer would report its 101st error. Chevrotain tries every token pattern at every
 * offset of an unexpected character (about 36 µs each), so garbage input costs seconds per
 * megabyte; the scan costs a few milliseconds and lets the lexer stop early.
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
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_!()+,-<=>[]{}/"')
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

/** The cutoff when `text` has more than `limit` runs of unexpected characters, else undefined. */
export function findLexingCutoff(text: string, limit = MAX_REPORTED_ERRORS): LexingCutoff | undefined {
    let line = 1;
    let lineStart = 0;
    let runs = 0;
    let inRun = false;
    let cutoff: LexingCutoff | undefined;
    const newline = (at: number): void => {
        line++;
        lineStart = at + 1;
    };
    let i = 0;
    while (i < text.length) {
        const code = text.charCodeAt(i);
        const skipTo = code === 47 || code === 34 ? endOfCommentOrString(text, i) : -1;
        if (skipTo >= 0) {
            for (let j = i; j < skipTo; j++) {
                const c = text.charCodeAt(j);
                if (c === 10 || (c === 13 && text.charCodeAt(j + 1) !== 10)) newline(j);
            }
            i = skipTo;
            inRun = false;
            continue;
        }
        if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) newline(i);
        if (startsToken(code)) {
            // a `/` or `"` that opens no comment or string may still be a token (`3G/1G`): let the lexer judge
            inRun = false;
        } else if (!inRun) {
            inRun = true;
            runs++;
            if (runs === limit + 1) cutoff = { offset: i, line, column: i - lineStart + 1, remaining: 0 };
        }
        i++;
    }
    if (cutoff) cutoff.remaining = runs - limit;
    return cutoff;
}

/** The end of the comment or string starting at `i`, or -1 when none starts there. */
function endOfCommentOrString(text: string, i: number): number {
    const code = text.charCodeAt(i);
    if (code === 34) {
        let j = i + 1;
        while (j < text.length) {
            const c = text.charCodeAt(j);
            if (c === 34) return j + 1;
            if (c === 10 || c === 13) return -1;
            j++;
        }
        return -1;
    }
    const next = text.charCodeAt(i + 1);
    if (next === 47) {
        let j = i + 2;
        while (j < text.length && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
        return j;
    }
    if (next === 42) {
        const end = text.indexOf('*/', i + 2);
        return end >= 0 ? end + 2 : -1;
    }
    return -1;
}
