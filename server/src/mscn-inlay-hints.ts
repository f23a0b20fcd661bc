/**
 * After each operation (and each `repeat`), the figures it changed in the last run of the document's
 * current text, for the selected variant: `2 flush · 1 IPI · 16 GRU inv · 3 faults`. Nothing while the
 * text has no run yet: hints computed for another version would sit on the wrong lines.
 *
 * Stateless per request: the run, the variant and the statement ids are built for each request and
 * passed down, never kept in fields, so that concurrent requests for two documents cannot mix them.
 */
import type { InlayHintProvider } from 'langium/lsp';
import { AstUtils, Cancellation, interruptAndCheck, type AstNode, type LangiumDocument } from 'langium';
import { InlayHintKind, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
import { isOperation, isRepeat, isScenario } from '../../language/src/generated/ast.js';
import { statementIds } from '../../language/src/lowering/statements.js';
import { BASE_VARIANT } from './protocol/index.js';
import type { MscnEditorServices } from './mscn-editor-module.js';
import type { RunStore, StoredRun } from './run/run-store.js';
import type { MscnSettings } from './settings.js';
import { figuresLine } from './figure-labels.js';

interface HintRequest {
    entry: StoredRun;
    variant: string;
    ids: Map<AstNode, number>;
}

export class MscnInlayHintProvider implements InlayHintProvider {
    private readonly store: RunStore;
    private readonly settings: MscnSettings;

    constructor(services: MscnEditorServices) {
        this.store = services.editor.RunStore;
        this.settings = services.editor.Settings;
    }

    async getInlayHints(
        document: LangiumDocument,
        params: InlayHintParams,
        cancelToken = Cancellation.CancellationToken.None,
    ): Promise<InlayHint[]> {
        const root = document.parseResult.value;
        const entry = this.store.get(document.uri.toString(), document.textDocument.version);
        if (!this.settings.value.inlayHints || !entry || !isScenario(root)) return [];
        const request: HintRequest = { entry, variant: this.store.selectedVariant(entry.uri), ids: statementIds(root) };
        const hints: InlayHint[] = [];
        for (const node of AstUtils.streamAst(root, { range: params.range })) {
            await interruptAndCheck(cancelToken);
            const hint = this.hintAfter(node, request);
            if (hint) hints.push(hint);
        }
        return hints;
    }

    private hintAfter(node: AstNode, request: HintRequest): InlayHint | undefined {
        const end = node.$cstNode?.range.end;
        if (!end || !(isOperation(node) || isRepeat(node))) return undefined;
        const id = request.ids.get(node);
        const found = id === undefined ? undefined : this.store.statement(request.entry, id, request.variant);
        if (!found) return undefined;
        const label = figuresLine(
            found.statement.figures,
            this.settings.value.inlayFigures,
            Object.keys(found.result.perNotifier),
        );
        if (label === '') return undefined;
        const times = found.statement.executions > 1 ? ` (×${found.statement.executions.toLocaleString('en-US')})` : '';
        const variant = request.variant === BASE_VARIANT ? '' : `${request.variant}: `;
        return { position: end, label: `${variant}${label}${times}`, kind: InlayHintKind.Parameter, paddingLeft: true };
    }
}
