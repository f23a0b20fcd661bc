/**
 * Cross-file linking: a document sees its own declarations plus those of the files it imports,
 * transitively (`import "machines.mscn"`), and nothing else of the workspace. Unresolved names
 * get a message in the domain's words with a "did you mean".
 */
import {
    AstUtils, DefaultLinker, DefaultScopeProvider, MultiMapScope, UriUtils, WorkspaceCache,
    type AstNodeDescription, type LangiumDocument, type LangiumDocuments, type LinkingError,
    type ReferenceInfo, type Scope, type URI,
} from 'langium';
import type { LangiumServices } from 'langium/lsp';
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
    return importedDocuments(document, documents).map(d => d.parseResult.value).filter(isScenario);
}

export class MscnScopeProvider extends DefaultScopeProvider {
    private readonly documents: () => LangiumDocuments;
    private readonly importScopes: WorkspaceCache<string, Scope>;

    constructor(services: LangiumServices) {
        super(services);
        this.documents = () => services.shared.workspace.LangiumDocuments;
        this.importScopes = new WorkspaceCache(services.shared);
    }

    protected override getGlobalScope(referenceType: string, context: ReferenceInfo): Scope {
        const document = AstUtils.getDocument(context.container);
        const key = `${document.uri.toString()}\u0000${referenceType}`;
        return this.importScopes.get(key, () => {
            const uris = new Set([document, ...importedDocuments(document, this.documents())].map(d => d.uri.toString()));
            return new MultiMapScope(this.indexManager.allElements(referenceType, uris));
        });
    }
}

/** What a reference type is called in messages: `unknown machine 'numa'`. */
const REFERENCE_WORDS: Record<string, string> = {
    Machine: 'machine', Split: 'split', Process: 'process', TaskOwner: 'task', MmOwner: 'mm',
    ProcessOwner: 'process', Notifier: 'notifier', Vas: 'VAS', Segment: 'segment', MmapOp: 'mapping',
    Qualifiable: 'process, VAS or notifier',
};

export class MscnLinker extends DefaultLinker {
    protected override createLinkingError(refInfo: ReferenceInfo, targetDescription?: AstNodeDescription): LinkingError {
        const error = super.createLinkingError(refInfo, targetDescription);
        const type = this.reflection.getReferenceType(refInfo);
        const name = refInfo.reference.$refText;
        let suggestion: string | undefined;
        try {
            const names = this.scopeProvider.getScope(refInfo).getAllElements().map(d => d.name).toArray();
            suggestion = didYouMean(name, names);
        } catch {
            suggestion = undefined; // a scope that cannot be computed only loses the suggestion
        }
        const word = REFERENCE_WORDS[type] ?? type;
        return { ...error, message: `unknown ${word} '${name}'${suggestion ? `: did you mean '${suggestion}'?` : ''}` };
    }
}
