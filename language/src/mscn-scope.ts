/**
 * Cross-file linking: a document sees its own declarations plus those of the files it imports,
 * transitively (`import "machines.mscn"`), and nothing else of the workspace. Unresolved names
 * get a message in the domain's words with a "did you mean".
 */
import {
    AstUtils,
    DefaultLinker,
    DefaultScopeProvider,
    MultiMapScope,
    UriUtils,
    WorkspaceCache,
    stream,
    type AstNode,
    type AstNodeDescription,
    type LangiumDocument,
    type LangiumDocuments,
    type LinkingError,
    type LocalSymbols,
    type ReferenceInfo,
    type Scope,
    type Stream,
    type URI,
} from 'langium';
import type { Cancellation, DocumentBuilder, LangiumCoreServices } from 'langium';
import type { LangiumServices } from 'langium/lsp';
import { patchOf } from './incremental/mscn-document-builder.js';
import { linkAll, linkSubtree } from './incremental/linking.js';
import { isScenario, type Scenario } from './generated/ast.js';
import { didYouMean } from './suggest.js';

/** The URI an import path names: relative to the importing document's folder. */
export function resolveImport(document: LangiumDocument, path: string): URI {
    return UriUtils.resolvePath(UriUtils.dirname(document.uri), path.replace(/^"|"$/g, ''));
}

/** Import paths as written in a document (quotes removed). */
export function importPaths(document: LangiumDocument): string[] {
    const root = document.parseResult?.value;
    if (!isScenario(root)) return [];
    return (root.imports ?? []).map(i => (i.path ?? '').replace(/^"|"$/g, '')).filter(p => p.length > 0);
}

/**
 * The documents `document` imports, transitively, that the workspace holds (cycles are fine),
 * the document itself excluded.
 */
export function importedDocuments(document: LangiumDocument, documents: LangiumDocuments): LangiumDocument[] {
    const seen = new Set<string>([document.uri.toString()]);
    const result: LangiumDocument[] = [];
    const queue = [document];
    while (queue.length > 0) {
        const current = queue.shift()!;
        for (const path of importPaths(current)) {
            const uri = resolveImport(current, path);
            if (seen.has(uri.toString()) || !documents.hasDocument(uri)) continue;
            seen.add(uri.toString());
            const imported = documents.getDocument(uri)!;
            result.push(imported);
            queue.push(imported);
        }
    }
    return result;
}

/** The roots of the imported documents, for the lowering. */
export function importedScenarios(document: LangiumDocument, documents: LangiumDocuments): Scenario[] {
    return importedDocuments(document, documents)
        .map(d => d.parseResult.value)
        .filter(isScenario);
}

export class MscnScopeProvider extends DefaultScopeProvider {
    private readonly documents: () => LangiumDocuments;
    private readonly importScopes: WorkspaceCache<string, Scope>;
    private readonly localScopes: WorkspaceCache<AstNode, Map<string, Scope>>;

    constructor(services: LangiumServices) {
        super(services);
        this.documents = () => services.shared.workspace.LangiumDocuments;
        this.importScopes = new WorkspaceCache(services.shared);
        this.localScopes = new WorkspaceCache(services.shared);
    }

    /**
     * The scope of a reference: the local symbols of its containers, innermost first, then the
     * global scope. Langium's builds a chain of filtered streams per reference and looks names up
     * by scanning them; a run's 2,000 references to its mappings each rebuilt and rescanned it.
     * Here each (container, reference type) gets one scope with a name index, shared by all its
     * references until the workspace changes (a change in an import changes the global scope).
     */
    override getScope(context: ReferenceInfo): Scope {
        const referenceType = this.reflection.getReferenceType(context);
        const symbols = AstUtils.getDocument(context.container).localSymbols;
        const holder = symbols ? symbolHolder(context.container, symbols) : undefined;
        return holder
            ? this.localScope(holder, referenceType, context, symbols!)
            : this.getGlobalScope(referenceType, context);
    }

    private localScope(holder: AstNode, referenceType: string, context: ReferenceInfo, symbols: LocalSymbols): Scope {
        const byType = this.localScopes.get(holder, () => new Map<string, Scope>());
        let scope = byType.get(referenceType);
        if (!scope) {
            const outerHolder = symbolHolder(holder.$container, symbols);
            const outer = outerHolder
                ? this.localScope(outerHolder, referenceType, context, symbols)
                : this.getGlobalScope(referenceType, context);
            const own = symbols
                .getStream(holder)
                .filter(d => this.reflection.isSubtype(d.type, referenceType))
                .toArray();
            byType.set(referenceType, (scope = new IndexedScope(own, outer)));
        }
        return scope;
    }

    protected override getGlobalScope(referenceType: string, context: ReferenceInfo): Scope {
        const document = AstUtils.getDocument(context.container);
        const key = `${document.uri.toString()}\u0000${referenceType}`;
        return this.importScopes.get(key, () => {
            const uris = new Set(
                [document, ...importedDocuments(document, this.documents())].map(d => d.uri.toString()),
            );
            return new MultiMapScope(this.indexManager.allElements(referenceType, uris));
        });
    }
}

/** The innermost of `node` and its containers that holds local symbols. */
function symbolHolder(node: AstNode | undefined, symbols: LocalSymbols): AstNode | undefined {
    while (node && !symbols.has(node)) node = node.$container;
    return node;
}

/** Descriptions with a name index; the first of a name wins, as in Langium's StreamScope. */
class IndexedScope implements Scope {
    private readonly byName = new Map<string, AstNodeDescription>();

    constructor(
        private readonly elements: AstNodeDescription[],
        private readonly outer: Scope,
    ) {
        for (const e of elements) if (!this.byName.has(e.name)) this.byName.set(e.name, e);
    }

    getElement(name: string): AstNodeDescription | undefined {
        return this.byName.get(name) ?? this.outer.getElement(name);
    }

    getElements(name: string): Stream<AstNodeDescription> {
        return stream(this.elements)
            .filter(e => e.name === name)
            .concat(this.outer.getElements(name));
    }

    getAllElements(): Stream<AstNodeDescription> {
        return stream(this.elements).concat(this.outer.getAllElements());
    }
}

/** What a reference type is called in messages: `unknown machine 'numa'`. */
const REFERENCE_WORDS: Record<string, string> = {
    Machine: 'machine',
    Split: 'split',
    Process: 'process',
    TaskOwner: 'task',
    MmOwner: 'mm',
    ProcessOwner: 'process',
    Notifier: 'notifier',
    Vas: 'VAS',
    Segment: 'segment',
    MmapOp: 'mapping',
    Qualifiable: 'process, VAS or notifier',
};

export class MscnLinker extends DefaultLinker {
    private readonly builder: () => DocumentBuilder;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.builder = () => services.shared.workspace.DocumentBuilder;
    }

    /** After a patch (incremental/), only what the patch replaced is linked; otherwise everything. */
    override async link(document: LangiumDocument, cancelToken?: Cancellation.CancellationToken): Promise<void> {
        const patch = patchOf(this.builder(), document);
        if (patch?.kind === 'trivia') return;
        if (patch && !patch.declares) {
            for (const unit of patch.newUnits) linkSubtree(unit, document, (info, doc) => this.doLink(info, doc));
            return;
        }
        await linkAll(document, (info, doc) => this.doLink(info, doc), cancelToken);
    }

    protected override createLinkingError(
        refInfo: ReferenceInfo,
        targetDescription?: AstNodeDescription,
    ): LinkingError {
        const error = super.createLinkingError(refInfo, targetDescription);
        const type = this.reflection.getReferenceType(refInfo);
        const name = refInfo.reference.$refText;
        let suggestion: string | undefined;
        try {
            const names = this.scopeProvider
                .getScope(refInfo)
                .getAllElements()
                .map(d => d.name)
                .toArray();
            suggestion = didYouMean(name, names);
        } catch {
            suggestion = undefined; // a scope that cannot be computed only loses the suggestion
        }
        const word = REFERENCE_WORDS[type] ?? type;
        return { ...error, message: `unknown ${word} '${name}'${suggestion ? `: did you mean '${suggestion}'?` : ''}` };
    }
}
