/**
 * Hovers. On an operation: the state after it (hover/statement-hover.ts). On an address literal: its
 * page-table indices for the machine's arch. On a task, mm, notifier or VAS (declaration or reference):
 * its mappings, page-table pages and callouts (hover/declaration-hover.ts). All from the stored run of
 * the current text: a hover never waits for a run (a snapshot the run did not keep is taken on demand).
 */
import { AstNodeHoverProvider } from 'langium/lsp';
import { AstUtils, CstUtils, type AstNode, type LangiumDocument } from 'langium';
import type { Hover, HoverParams } from 'vscode-languageserver';
import * as ast from '../../language/src/generated/ast.js';
import { statementIds } from '../../language/src/lowering/statements.js';
import { BASE_VARIANT } from '../../language/src/lowering/scenario.js';
import { addressBytes } from '../../language/src/units.js';
import type { MscnEditorServices } from './mscn-editor-module.js';
import type { RunStore, StoredRun } from './run/run-store.js';
import { addressMarkdown } from './hover/address-decomposition.js';
import { archOf, mappingSnapshotIds } from './hover/scenario-context.js';
import { statementHover } from './hover/statement-hover.js';
import { declarationHover, loadDeclarationSnapshots } from './hover/declaration-hover.js';

/** Quantities that stand for an address: `at 0x...`, a literal range start, a window or interval start. */
const ADDRESS_PROPERTIES = new Set(['literal', 'at', 'address']);

function markdown(value: string): Hover {
    return { contents: { kind: 'markdown', value } };
}

export class MscnHoverProvider extends AstNodeHoverProvider {
    private readonly store: RunStore;
    /** The document being hovered, for getAstNodeHoverContent (called by the base class). */
    private entry: StoredRun | undefined;
    private variant = 'base';

    constructor(services: MscnEditorServices) {
        super(services);
        this.store = services.editor.RunStore;
    }

    override async getHoverContent(document: LangiumDocument, params: HoverParams): Promise<Hover | undefined> {
        const root = document.parseResult.value;
        if (!ast.isScenario(root) || !root.$cstNode) return undefined;
        const offset = document.textDocument.offsetAt(params.position);
        const leaf = CstUtils.findLeafNodeAtOffset(root.$cstNode, offset);
        if (!leaf) return undefined;
        this.entry = this.store.get(document.uri.toString(), document.textDocument.version);
        this.variant = this.store.selectedVariant(document.uri.toString());
        const node = leaf.astNode;
        if (ast.isQuantity(node) && ADDRESS_PROPERTIES.has(node.$containerProperty ?? '')) return this.addressHover(node);
        const declared = await super.getHoverContent(document, params);
        if (declared) return declared;
        if (ast.isOperation(node) || ast.isRepeat(node)) {
            const id = statementIds(root).get(node);
            if (id === undefined) return undefined;
            // the snapshots a run did not keep are taken now, by the snapshot worker (run/snapshot-budget.ts)
            if (this.entry) await this.store.loadAll(this.entry, [id, ...mappingSnapshotIds(node, this.entry, this.store, this.variant)], this.variant);
            return markdown(statementHover(node, id, this.entry, this.store, this.variant));
        }
        return undefined;
    }

    private addressHover(q: ast.Quantity): Hover | undefined {
        const value = addressBytes(q);
        if (!value.ok) return undefined;
        const machine = AstUtils.getContainerOfType(q, ast.isRun)?.machine?.$refText;
        const notes = [machine && `machine ${machine}`, this.variant !== BASE_VARIANT && `variant ${this.variant}`].filter(Boolean);
        const where = notes.length > 0 ? ` (${notes.join(', ')})` : '';
        return markdown(addressMarkdown(value.value, archOf(q, this.variant), where));
    }

    protected async getAstNodeHoverContent(node: AstNode): Promise<string | undefined> {
        const entry = this.entry;
        const variant = this.variant;
        if (entry && declarationHover(node, undefined, this.store, variant) !== undefined) await loadDeclarationSnapshots(entry, this.store, variant);
        return declarationHover(node, entry, this.store, variant);
    }
}
