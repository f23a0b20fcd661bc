/**
 * How deep `{ }` blocks nest, found by a linear scan before parsing. Chevrotain parses nested blocks by
 * recursion and runs out of stack at a few hundred levels; a RangeError inside a build would leave the
 * document unbuilt. Past MAX_NESTING the file is refused with one error on the brace that goes too deep.
 */

/** 128 levels: `repeat 2` nested that deep already runs 2^128 times; the parser needs ~400 to overflow. */
export const MAX_NESTING = 128;

export interface DeepBrace {
    offset: number;
    line: number;
    column: number;
}

/** The first `{` that opens level MAX_NESTING + 1, skipping comments and strings; undefined if none. */
export function findTooDeepBrace(text: string, max = MAX_NESTING): DeepBrace | undefined {
    let depth = 0;
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 /* \n */) {
            line++;
            lineStart = i + 1;
        } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
            const end = text.indexOf('\n', i);
            i = (end < 0 ? text.length : end) - 1;
        } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
            const end = text.indexOf('*/', i + 2);
            const stop = end < 0 ? text.length : end + 2;
            for (let j = i; j < stop; j++) {
                if (text.charCodeAt(j) === 10) {
                    line++;
                    lineStart = j + 1;
                }
            }
            i = stop - 1;
        } else if (c === 34 /* " */) {
            const end = text.indexOf('"', i + 1);
            const newline = text.indexOf('\n', i + 1);
            i = end < 0 || (newline >= 0 && newline < end) ? (newline < 0 ? text.length : newline - 1) : end;
        } else if (c === 123 /* { */) {
            if (++depth > max) return { offset: i, line, column: i - lineStart + 1 };
        } else if (c === 125 /* } */ && depth > 0) depth--;
    }
    return undefined;
}

export function tooDeepMessage(max = MAX_NESTING): string {
    return `blocks nest more than ${max} deep here: flatten the nested repeat blocks (the file is not parsed)`;
}
