/**
 * Semantic tokens on top of the TextMate grammar: what a name is (a machine, a process, a mapping, a
 * notifier...), figure names in checks, numbers and their units.
 */
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import type { AstNode } from 'langium';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import * as ast from '../../language/src/generated/ast.js';
import type { MscnEditorServices } from './mscn-editor-module.js';

/** The token type of a declaration, by AST type. */
const DECLARATIONS: Record<string, string> = {
    Machine: SemanticTokenTypes.class, Split: SemanticTokenTypes.namespace, Process: SemanticTokenTypes.variable,
    KernelThread: SemanticTokenTypes.variable, Vas: SemanticTokenTypes.namespace, Segment: SemanticTokenTypes.struct,
    Notifier: SemanticTokenTypes.event, Run: SemanticTokenTypes.function, Variant: SemanticTokenTypes.enum,
    MmapOp: SemanticTokenTypes.variable, ForkOp: SemanticTokenTypes.variable,
};

/** Reference properties and the token type of what they name. */
const REFERENCES: Array<[property: string, type: string]> = [
    ['task', SemanticTokenTypes.variable], ['region', SemanticTokenTypes.variable], ['mm', SemanticTokenTypes.variable],
    ['notifier', SemanticTokenTypes.event], ['vas', SemanticTokenTypes.namespace], ['segment', SemanticTokenTypes.struct],
    ['machine', SemanticTokenTypes.class], ['split', SemanticTokenTypes.namespace], ['target', SemanticTokenTypes.variable],
    ['process', SemanticTokenTypes.variable],
];

export class MscnSemanticTokenProvider extends AbstractSemanticTokenProvider {
    constructor(services: MscnEditorServices) {
        super(services);
    }

    protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
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
            if (value && typeof value === 'object' && '$refText' in value) acceptor({ node, property: property as never, type });
        }
    }
}
