/**
 * Rename that refuses a new name the grammar would not read back as one name (`two words`, `<img>`,
 * `0x10`, a keyword such as `mmap`), with an error the client shows, instead of edits that break the
 * file. A valid name is what the grammar's `Name` rule accepts: one identifier or one property word.
 */
import { DefaultRenameProvider } from 'langium/lsp';
import { AstUtils, GrammarAST, type LangiumDocument, type Cancellation } from 'langium';
import { ErrorCodes, ResponseError, type RenameParams, type WorkspaceEdit } from 'vscode-languageserver';
import type { MscnEditorServices } from './mscn-editor-module.js';

export class MscnRenameProvider extends DefaultRenameProvider {
    private readonly lexer: MscnEditorServices['parser']['Lexer'];
    /** The keywords that may stand as a name (the grammar's PropertyWord rule). */
    private readonly wordsUsableAsNames: ReadonlySet<string>;

    constructor(services: MscnEditorServices) {
        super(services);
        this.lexer = services.parser.Lexer;
        const rule = services.Grammar.rules.find(r => r.name === 'PropertyWord');
        this.wordsUsableAsNames = new Set(
            rule
                ? AstUtils.streamAllContents(rule)
                      .filter(GrammarAST.isKeyword)
                      .map(k => k.value)
                : [],
        );
    }

    override async rename(
        document: LangiumDocument,
        params: RenameParams,
        cancelToken?: Cancellation.CancellationToken,
    ): Promise<WorkspaceEdit | undefined> {
        const problem = this.invalidName(params.newName);
        if (problem) throw new ResponseError(ErrorCodes.InvalidParams, problem);
        return super.rename(document, params, cancelToken);
    }

    /** Why `name` cannot be a name, or undefined when it can. */
    invalidName(name: string): string | undefined {
        const shown = JSON.stringify(name);
        if (name.trim() === '') return 'a name cannot be empty';
        const { tokens, errors } = this.lexer.tokenize(name);
        if (errors.length > 0 || tokens.length !== 1 || tokens[0].image !== name) {
            return (
                `${shown} is not a name: a name is one word of letters, digits and '_' that does not start ` +
                `with a digit`
            );
        }
        const token = tokens[0];
        if (token.tokenType.name === 'ID' || this.wordsUsableAsNames.has(token.image)) return undefined;
        return `${shown} is a keyword of the language and cannot be a name`;
    }
}
