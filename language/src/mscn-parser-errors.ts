/**
 * Syntax errors a person can read. Chevrotain lists every token sequence that could follow ("Expecting:
 * one of these possible Token sequences: 1. [ID] 2. [arch] ... 45. [HEX] but found: 'at'"), and Langium
 * names keywords as "token of type 'size'". Here: `expected a name or a number but found 'at'`, the
 * keywords that may stand as a name folded into "a name", at most eight choices listed.
 */
import { AbstractParserErrorMessageProvider, AstUtils, GrammarAST, type Grammar } from 'langium';
import type { IToken, TokenType } from 'chevrotain';

const TERMINAL_WORDS: Record<string, string> = {
    ID: 'a name',
    NUMBER: 'a number',
    HEX: 'a number',
    STRING: 'a string in double quotes',
};

const MAX_CHOICES = 8;

export class MscnParserErrorMessageProvider extends AbstractParserErrorMessageProvider {
    /** Keywords of the grammar's PropertyWord rule: where a name is expected they are names too. */
    private readonly wordsUsableAsNames: ReadonlySet<string>;

    constructor(grammar: Grammar) {
        super();
        const rule = grammar.rules.find(r => r.name === 'PropertyWord');
        this.wordsUsableAsNames = new Set(
            rule
                ? AstUtils.streamAllContents(rule)
                      .filter(GrammarAST.isKeyword)
                      .map(k => k.value)
                : [],
        );
    }

    override buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken }): string {
        return `expected ${this.choices([options.expected])} but found ${found(options.actual)}`;
    }

    override buildNotAllInputParsedMessage(options: { firstRedundant: IToken }): string {
        return (
            `expected a declaration (machine, split, process, kthread, vas, segment, notifier, run, variant) ` +
            `but found ${found(options.firstRedundant)}`
        );
    }

    override buildNoViableAltMessage(options: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[] }): string {
        const first = options.expectedPathsPerAlt
            .flatMap(paths => paths.map(path => path[0]))
            .filter(t => t !== undefined);
        return `expected ${this.choices(first)} but found ${found(options.actual[0])}`;
    }

    override buildEarlyExitMessage(options: { expectedIterationPaths: TokenType[][]; actual: IToken[] }): string {
        const first = options.expectedIterationPaths.map(path => path[0]).filter(t => t !== undefined);
        return `expected at least one ${this.choices(first)} but found ${found(options.actual[0])}`;
    }

    /** `a name, a number or '-'`: distinct, names folded, at most MAX_CHOICES then `(and N more)`. */
    private choices(tokens: TokenType[]): string {
        const names = tokens.some(t => t.name === 'ID');
        const words = [
            ...new Set(
                tokens
                    .filter(t => !(names && this.wordsUsableAsNames.has(t.name)))
                    .map(t => TERMINAL_WORDS[t.name] ?? `'${t.name}'`),
            ),
        ];
        const shown = words.slice(0, MAX_CHOICES);
        const more = words.length > shown.length ? ` (and ${words.length - shown.length} more)` : '';
        if (shown.length <= 1) return `${shown[0] ?? 'something else'}${more}`;
        return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}${more}`;
    }
}

function found(token: IToken | undefined): string {
    if (!token || token.tokenType?.name === 'EOF' || token.image === '') return 'the end of the file';
    return `'${token.image}'`;
}
