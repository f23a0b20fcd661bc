/**
 * Completion: Langium's keywords and names in scope, plus what the grammar leaves open as identifiers:
 * figure names after `expect` and `=>` (engine/figures.ts, with their meaning), cost events after
 * `cost`, page-table levels after `level`.
 */
import {
    DefaultCompletionProvider,
    type CompletionAcceptor,
    type CompletionContext,
    type NextFeature,
} from 'langium/lsp';
import { GrammarAST, type LangiumDocument, type MaybePromise } from 'langium';
import {
    CompletionItemKind,
    type CancellationToken,
    type CompletionList,
    type CompletionParams,
} from 'vscode-languageserver';
import { FIGURES, FIGURE_NAMES, LEVEL_NAMES } from '../../language/src/engine/figures.js';
import { COST_EVENTS } from '../../language/src/validation/figures.js';
import type { MscnEditorServices } from './mscn-editor-module.js';
import { sweepCompletion } from './sweep-completion.js';

export class MscnCompletionProvider extends DefaultCompletionProvider {
    constructor(services: MscnEditorServices) {
        super(services);
    }

    /**
     * A position past the end of a line or of the document (line 1e9) stands for the nearest one inside it: ranges
     * stay in the text.
     */
    override getCompletion(
        document: LangiumDocument,
        params: CompletionParams,
        cancelToken?: CancellationToken,
    ): Promise<CompletionList | undefined> {
        const text = document.textDocument;
        const position = text.positionAt(text.offsetAt(params.position));
        return super.getCompletion(document, { ...params, position }, cancelToken);
    }

    protected override completionFor(
        context: CompletionContext,
        next: NextFeature,
        acceptor: CompletionAcceptor,
    ): MaybePromise<void> {
        const assignment = GrammarAST.isAssignment(next.feature.$container) ? next.feature.$container : undefined;
        const rule = assignment ? containerRule(assignment) : undefined;
        if (rule === 'Check' && assignment?.feature === 'figure') {
            for (const name of FIGURE_NAMES)
                acceptor(context, { label: name, kind: CompletionItemKind.Field, detail: FIGURES[name] });
            return;
        }
        if (rule === 'CostProp' && assignment?.feature === 'event') {
            for (const name of COST_EVENTS)
                acceptor(context, { label: name, kind: CompletionItemKind.Event, detail: FIGURES[name] });
            return;
        }
        if (sweepCompletion(context, next, acceptor)) return;
        if (rule === 'Qualifier' && assignment?.feature === 'level') {
            for (const name of LEVEL_NAMES) acceptor(context, { label: name, kind: CompletionItemKind.EnumMember });
            return;
        }
        return super.completionFor(context, next, acceptor);
    }
}

function containerRule(node: GrammarAST.AbstractElement): string | undefined {
    let current: unknown = node;
    while (current && !GrammarAST.isParserRule(current)) current = (current as { $container?: unknown }).$container;
    return current ? (current as GrammarAST.ParserRule).name : undefined;
}
