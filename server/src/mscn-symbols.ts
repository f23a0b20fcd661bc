/**
 * The outline (document symbols) with kinds that say what each declaration is, instead of Langium's
 * default `Field` for everything: machines, splits, processes, VASes, segments, notifiers, runs,
 * variants, and the mappings and children a run names.
 */
import { DefaultDocumentSymbolProvider, type NodeKindProvider } from 'langium/lsp';
import type { AstNode, AstNodeDescription } from 'langium';
import { CompletionItemKind, SymbolKind } from 'vscode-languageserver';
import type { MscnEditorServices } from './mscn-editor-module.js';

/** Symbol kind by AST type (the semantic tokens' DECLARATIONS say the same in token types). */
const SYMBOL_KINDS: Record<string, SymbolKind> = {
    Machine: SymbolKind.Class,
    Split: SymbolKind.Namespace,
    Process: SymbolKind.Object,
    KernelThread: SymbolKind.Object,
    Vas: SymbolKind.Namespace,
    Segment: SymbolKind.Struct,
    Notifier: SymbolKind.Event,
    Run: SymbolKind.Function,
    Variant: SymbolKind.Enum,
    MmapOp: SymbolKind.Variable,
    ForkOp: SymbolKind.Object,
};

const COMPLETION_KINDS: Partial<Record<SymbolKind, CompletionItemKind>> = {
    [SymbolKind.Class]: CompletionItemKind.Class,
    [SymbolKind.Namespace]: CompletionItemKind.Module,
    [SymbolKind.Object]: CompletionItemKind.Variable,
    [SymbolKind.Struct]: CompletionItemKind.Struct,
    [SymbolKind.Event]: CompletionItemKind.Event,
    [SymbolKind.Function]: CompletionItemKind.Function,
    [SymbolKind.Enum]: CompletionItemKind.Enum,
    [SymbolKind.Variable]: CompletionItemKind.Variable,
};

export class MscnNodeKindProvider implements NodeKindProvider {
    getSymbolKind(node: AstNode | AstNodeDescription): SymbolKind {
        return SYMBOL_KINDS['$type' in node ? node.$type : node.type] ?? SymbolKind.Field;
    }

    getCompletionItemKind(node: AstNode | AstNodeDescription): CompletionItemKind {
        return COMPLETION_KINDS[this.getSymbolKind(node)] ?? CompletionItemKind.Reference;
    }
}

export class MscnDocumentSymbolProvider extends DefaultDocumentSymbolProvider {
    protected override readonly nodeKindProvider: NodeKindProvider = new MscnNodeKindProvider();

    constructor(services: MscnEditorServices) {
        super(services);
    }
}
