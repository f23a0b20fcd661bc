/**
 * Hovers. On an operation: the state after it (hover/statement-hover.ts). On an address literal: its
 * page-table indices for the machine's arch. On a task, mm, notifier or VAS (declaration or reference):
 * its mappings, page-table pages and callouts (hover/declaration-hover.ts). All from the stored run of
 * the current text: a hover never waits for a run (a snapshot the run did not keep is taken on demand).
 *
 * Stateless per request: the stored run and the variant travel as arguments, never through fields, so
 * that two hovers in flight (two documents, or a hover while another awaits) cannot see each other's run.
 */
import type { HoverProvider } from 'langium/lsp';
import { AstUtils, CstUtils, type AstNode, type LangiumDocument } from 'langium';
import type { Hover, HoverParams } from 'vscode-languageserver';
import * as ast from '../../language/src/generated/ast.js';
import { statementIds } from '../../language/src/lowering/statements.js';
import { BASE_VARIANT } from './protocol/index.js';
import { addressBytes } from '../../language/src/units.js';
import type { MscnEditorServices } from './mscn-editor-module.js';
import type { RunStore, StoredRun } from './run/run-store.js';
import { workerJobFor } from './run/document-job.js';
import type { RunJob } from '../../language/src/execution/run-job.js';
import { addressMarkdown } from './hover/address-decomposition.js';
import { archOf } from './hover/scenario-context.js';
import { statementHover } from './hover/statement-hover.js';
import { declarationHover, loadDeclarationSnapshots } from './hover/declaration-hover.js';
import { sweepHover } from './sweep-hover.js';

type ScenarioDocument = LangiumDocument<ast.Scenario>;

/** Quantities that stand for an address: `at 0x...`, a literal range start, a window or interval start. */
const ADDRESS_PROPERTIES = new Set(['literal', 'at', 'address']);

/**
 * What one hover request reads: the run of the hovered text, the variant the user selected and the run
 * job of the text (built once per version, by the scheduler or by the first hover that needs it).
 */
interface HoverRequest {
    entry: StoredRun | undefined;
    variant: string;
    job: () => RunJob | string;
}

function markdown(value: string): Hover {
    return { contents: { kind: 'markdown', value } };
}

export class MscnHoverProvider implements HoverProvider {
    private readonly store: RunStore;
    private readonly references: MscnEditorServices['references']['References'];
    private readonly nameRegexp: RegExp;

    constructor(private readonly services: MscnEditorServices) {
        this.store = services.editor.RunStore;
        this.references = services.references.References;
        this.nameRegexp = services.parser.GrammarConfig.nameRegexp;
    }

    async getHoverContent(document: LangiumDocument, params: HoverParams): Promise<Hover | undefined> {
        const root = document.parseResult.value;
        if (!ast.isScenario(root) || !root.$cstNode) return undefined;
        const offset = document.textDocument.offsetAt(params.position);
        const leaf = CstUtils.findLeafNodeAtOffset(root.$cstNode, offset);
        if (!leaf) return undefined;
        const uri = document.uri.toString();
        const version = document.textDocument.version;
        const request: HoverRequest = {
            entry: this.store.get(uri, version),
            variant: this.store.selectedVariant(uri),
            job: () => this.store.job(uri, version, () => workerJobFor(document as ScenarioDocument, this.services)),
        };
        const node = leaf.astNode;
        if (ast.isQuantity(node) && ADDRESS_PROPERTIES.has(node.$containerProperty ?? ''))
            return this.addressHover(node, request);
        const swept = AstUtils.getContainerOfType(
            node,
            n => ast.isSweepValue(n) || ast.isSweepParam(n) || ast.isSweep(n),
        );
        if (swept && !ast.isExpect(AstUtils.getContainerOfType(node, ast.isExpect))) {
            return markdown(sweepHover(swept as ast.Sweep | ast.SweepParam | ast.SweepValue));
        }
        const declared = await this.declarationHover(root.$cstNode, offset, request);
        if (declared) return declared;
        if (ast.isOperation(node) || ast.isRepeat(node)) {
            const id = statementIds(root).get(node);
            if (id === undefined) return undefined;
            // a snapshot the run did not keep is taken now, by the snapshot worker (run/snapshot-budget.ts)
            if (request.entry) await this.store.load(request.entry, id, request.variant);
            return markdown(statementHover(node, id, request.entry, this.store, request.variant));
        }
        return undefined;
    }

    /**
     * A name, declared or referenced: what its declaration did in the run (as Langium's AstNodeHoverProvider finds
     * it).
     */
    private async declarationHover(
        rootCst: NonNullable<AstNode['$cstNode']>,
        offset: number,
        request: HoverRequest,
    ): Promise<Hover | undefined> {
        const name = CstUtils.findDeclarationNodeAtOffset(rootCst, offset, this.nameRegexp);
        if (!name || name.offset + name.length <= offset) return undefined;
        const { entry, variant } = request;
        const contents: string[] = [];
        for (const target of this.references.findDeclarations(name)) {
            if (entry && declarationHover(target, undefined, this.store, variant) !== undefined)
                await loadDeclarationSnapshots(entry, this.store, variant);
            const text = declarationHover(target, entry, this.store, variant);
            if (text !== undefined) contents.push(text);
        }
        return contents.length > 0 ? markdown(contents.join(' ')) : undefined;
    }

    private addressHover(q: ast.Quantity, request: HoverRequest): Hover | undefined {
        const value = addressBytes(q);
        if (!value.ok) return undefined;
        const machine = AstUtils.getContainerOfType(q, ast.isRun)?.machine?.$refText;
        const notes = [
            machine && `machine ${machine}`,
            request.variant !== BASE_VARIANT && `variant ${request.variant}`,
        ].filter(Boolean);
        const where = notes.length > 0 ? ` (${notes.join(', ')})` : '';
        const arch = archOf(q, request.variant, request.entry, this.store, request.job);
        return markdown(addressMarkdown(value.value, arch, where));
    }
}
