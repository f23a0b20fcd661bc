/**
 * After each operation (and each `repeat`), the figures it changed in the last run of the document's
 * current text, for the selected variant: `2 flush · 1 IPI · 16 GRU inv · 3 faults`. Nothing while the
 * text has no run yet: hints computed for another version would sit on the wrong lines.
 */
import { AbstractInlayHintProvider, type InlayHintAcceptor } from 'langium/lsp';
import type { AstNode, Cancellation, LangiumDocument } from 'langium';
import { InlayHintKind, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
import { isOperation, isRepeat, isScenario } from '../../language/src/generated/ast.js';
import { statementIds } from '../../language/src/lowering/statements.js';
import type { MscnEditorServices } from './mscn-editor-module.js';
import type { RunStore, StoredRun } from './run/run-store.js';
import type { MscnSettings } from './settings.js';
import { figuresLine } from './figure-labels.js';

interface HintContext {
    entry: StoredRun;
    variant: string;
    ids: Map<AstNode, number>;
}

export class MscnInlayHintProvider extends AbstractInlayHintProvider {
    private readonly store: RunStore;
    private readonly settings: MscnSettings;
    private context: HintContext | undefined;

    constructor(services: MscnEditorServices) {
        super();
        this.store = services.editor.RunStore;
        this.settings = services.editor.Settings;
    }

    override async getInlayHints(document: LangiumDocument, params: InlayHintParams, cancelToken?: Cancellation.CancellationToken): Promise<InlayHint[] | undefined> {
        const root = document.parseResult.value;
        const entry = this.store.get(document.uri.toString(), document.textDocument.version);
        if (!this.settings.value.inlayHints || !entry || !isScenario(root)) return [];
        this.context = { entry, variant: this.store.selectedVariant(entry.uri), ids: statementIds(root) };
        try {
            return await super.getInlayHints(document, params, cancelToken);
        } finally {
            this.context = undefined;
        }
    }

    computeInlayHint(node: AstNode, acceptor: InlayHintAcceptor): void {
        const context = this.context;
        const end = node.$cstNode?.range.end;
        if (!context || !end || !(isOperation(node) || isRepeat(node))) return;
        const id = context.ids.get(node);
        const found = id === undefined ? undefined : this.store.statement(context.entry, id, context.variant);
        if (!found) return;
        const label = figuresLine(found.statement.figures, this.settings.value.inlayFigures, Object.keys(found.result.perNotifier));
        if (label === '') return;
        const times = found.statement.executions > 1 ? ` (×${found.statement.executions.toLocaleString('en-US')})` : '';
        const variant = context.variant === 'base' ? '' : `${context.variant}: `;
        acceptor({ position: end, label: `${variant}${label}${times}`, kind: InlayHintKind.Parameter, paddingLeft: true });
    }
}
