/**
 * A `/*` comment without its `*\/`. The grammar's ML_COMMENT runs it to the end of the file: matching only
 * up to a `*\/`, each of n unclosed `/*` made the lexer scan the rest of the file, n^2 (1 MB of `/* ` took
 * 8 minutes). The whole file's lexer reports it (mscn-parser.ts cappedLexer); the incremental build, which
 * lexes slices, parses the whole file again when it meets one (region-reparse.ts, trivia-edit.ts).
 */
import type { IToken } from 'chevrotain';
import type { ParseResult } from 'langium';

export function isUnclosedComment(token: IToken): boolean {
    return token.image.startsWith('/*') && (token.image.length < 4 || !token.image.endsWith('*/'));
}

export function unclosedCommentError(token: IToken): ParseResult['lexerErrors'][number] {
    return {
        offset: token.startOffset,
        line: token.startLine,
        column: token.startColumn,
        length: 2,
        message: 'unclosed comment: this `/*` has no `*/`, so the rest of the file is a comment',
    };
}
