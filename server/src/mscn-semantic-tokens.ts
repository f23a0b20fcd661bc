/**
 * Semantic tokens, complete enough for an editor without the TextMate grammar (Neovim, Helix, Emacs):
 * keywords, comments, preset values (`i386-pae`, `3G/1G`, `on`), what a name is (a machine, a process,
 * a mapping, a notifier...), figure names in checks, numbers and their units.
 */
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { AstUtils, CstUtils, GrammarAST, GrammarUtils, type AstNode, type CstNode } from 'langium';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import * as ast from '../../language/src/generated/ast.js';
import type { MscnEditorServices } from './mscn-editor-module.js';

/** The token type of a declaration, by AST type. */
const DECLARATIONS: Record<string, string> = {
    Machine: SemanticTokenTypes.class,
    Split: SemanticTokenTypes.namespace,
    Process: SemanticTokenTypes.variable,
    KernelThread: SemanticTokenTypes.variable,
    Vas: SemanticTokenTypes.namespace,
    Segment: SemanticTokenTypes.struct,
    Notifier: SemanticTokenTypes.event,
    Run: SemanticTokenTypes.function,
    Variant: SemanticTokenTypes.enum,
    MmapOp: SemanticTokenTypes.variable,
    ForkOp: SemanticTokenTypes.variable,
};

/** Reference properties and the token type of what they name. */
const REFERENCES: Array<[property: string, type: string]> = [
    ['task', SemanticTokenTypes.variable],
    ['region', SemanticTokenTypes.variable],
    ['mm', SemanticTokenTypes.variable],
    ['notifier', SemanticTokenTypes.event],
    ['vas', SemanticTokenTypes.namespace],
    ['segment', SemanticTokenTypes.struct],
    ['machine', SemanticTokenTypes.class],
    ['split', SemanticTokenTypes.namespace],
    ['target', SemanticTokenTypes.variable],
    ['process', SemanticTokenTypes.variable],
];

export class MscnSemanticTokenProvider extends AbstractSemanticTokenProvider {
    constructor(services: MscnEditorServices) {
        super(services);
    }

    protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        if (ast.isScenario(node) && node.$cstNode) {
            highlightLeaves(node.$cstNode, acceptor);
            return;
        }
        if (ast.isQuantity(node)) {
            acceptor({ node, property: 'text', type: SemanticTokenTypes.number });
            if (node.unit) acceptor({ node, property: 'unit', type: SemanticTokenTypes.type });
            return;
        }
        if (ast.isCheck(node) && node.figure) acceptor({ node, property: 'figure', type: SemanticTokenTypes.property });
        const declared = DECLARATIONS[node.$type];
        if (declared && (node as { name?: string }).name) {
            acceptor({ node, property: 'name' as never, type: declared, modifier: SemanticTokenModifiers.declaration });
        }
        for (const [property, type] of REFERENCES) {
            const value = (node as unknown as Record<string, unknown>)[property];
            if (value && typeof value === 'object' && '$refText' in value)
                acceptor({ node, property: property as never, type });
        }
    }
}

/** Data-type rules whose keywords stand for something else: a name (`variant highmem`) or a unit (`4 KiB`). */
const NOT_KEYWORDS = new Set(['Name', 'PropertyWord', 'UnitName']);

/** Comments, keywords and preset values: the leaves no AST property names, classified once per document. */
function highlightLeaves(root: CstNode, acceptor: SemanticTokenAcceptor): void {
    for (const leaf of CstUtils.flattenCst(root)) {
        if (leaf.hidden) {
            if (leaf.tokenType.name.endsWith('COMMENT')) acceptor({ cst: leaf, type: SemanticTokenTypes.comment });
            continue;
        }
        const keyword = leaf.grammarSource;
        if (!GrammarAST.isKeyword(keyword) || !/[a-zA-Z]/.test(keyword.value)) continue;
        const rule = AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule);
        if (rule && NOT_KEYWORDS.has(rule.name)) continue;
        const value = rule && GrammarUtils.isDataTypeRule(rule);
        acceptor({ cst: leaf, type: value ? SemanticTokenTypes.enumMember : SemanticTokenTypes.keyword });
    }
}
