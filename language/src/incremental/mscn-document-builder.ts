/**
 * Langium's document builder with an incremental path for the editor. An edit of one open document
 * that was fully built is first offered to patchDocument: when the patch applies, the document is not
 * parsed again, its links are kept (all of them for a comment edit; all but the reparsed statements'
 * when those declare nothing), and the validator reuses the results of unchanged statements. Exports and local
 * scopes are always recomputed (their descriptions hold positions),
 * the reference index is rebuilt lazily (mscn-index-manager.ts). Every other update is Langium's.
 *
 * The patched update repeats what DefaultDocumentBuilder.update does after its reset (relinking
 * dependants, update listeners, the build), so listeners see the same phases as for a full build.
 */
import {
    Cancellation,
    DefaultDocumentBuilder,
    DocumentState,
    interruptAndCheck,
    type LangiumDocument,
    type LangiumSharedCoreServices,
    type URI,
} from 'langium';
import { patchDocument, type DocumentPatch } from './document-patch.js';
import { forgetReferencesIn } from './linking.js';

export class MscnDocumentBuilder extends DefaultDocumentBuilder {
    /** The patch each document's current build started from; read by the linker and the validator. */
    private readonly patches = new Map<string, DocumentPatch>();

    constructor(services: LangiumSharedCoreServices) {
        super(services);
    }

    patchOf(document: LangiumDocument): DocumentPatch | undefined {
        return this.patches.get(document.uri.toString());
    }

    override async update(
        changed: URI[],
        deleted: URI[],
        cancelToken = Cancellation.CancellationToken.None,
    ): Promise<void> {
        for (const uri of [...changed, ...deleted]) this.patches.delete(uri.toString());
        const patched = deleted.length === 0 && changed.length === 1 ? this.tryPatch(changed[0]) : undefined;
        if (!patched) return super.update(changed, deleted, cancelToken);
        const key = patched.uri.toString();
        try {
            this.currentState = DocumentState.Changed;
            this.langiumDocuments.all
                .filter(doc => doc.uri.toString() !== key && this.shouldRelink(doc, new Set([key])))
                .forEach(doc => this.resetToState(doc, DocumentState.ComputedScopes));
            await this.emitUpdate([patched.uri], []);
            await interruptAndCheck(cancelToken);
            const rebuild = this.langiumDocuments.all
                .filter(
                    doc =>
                        doc.state < DocumentState.Validated ||
                        !this.buildState.get(doc.uri.toString())?.completed ||
                        this.resultsAreIncomplete(doc, this.updateBuildOptions),
                )
                .toArray();
            await this.buildDocuments(this.sortDocuments(rebuild), this.updateBuildOptions, cancelToken);
        } finally {
            this.patches.delete(key);
        }
    }

    /** Patches the document in place and resets what the patch invalidates; undefined if it cannot. */
    private tryPatch(uri: URI): LangiumDocument | undefined {
        const key = uri.toString();
        const document = this.langiumDocuments.getDocument(uri);
        const textDocument = this.textDocuments?.get(key);
        if (
            !document ||
            !textDocument ||
            document.state !== DocumentState.Validated ||
            !this.buildState.get(key)?.completed
        )
            return undefined;
        const services = this.serviceRegistry.getServices(uri);
        const patch = patchDocument(document, textDocument.getText(), services);
        if (!patch) return undefined;
        this.patches.set(key, patch);
        // As LangiumDocumentFactory.update does: the document answers positions (offsetAt in hovers,
        // completion) and versions (the server's run results) from the text it was built from. A
        // client that sets a new TextDocument per edit would otherwise leave the old one here.
        Object.defineProperty(document, 'textDocument', { value: textDocument });
        this.indexManager.removeContent(uri);
        document.localSymbols = undefined;
        if (patch.kind !== 'trivia') {
            if (patch.declares) services.references.Linker.unlink(document);
            else for (const unit of patch.oldUnits) forgetReferencesIn(document, unit);
        }
        this.indexManager.removeReferences(uri);
        document.diagnostics = undefined;
        this.buildState.delete(key);
        document.state = DocumentState.Parsed;
        return document;
    }
}

/** The patch `document`'s build started from, when the builder is ours. */
export function patchOf(builder: unknown, document: LangiumDocument): DocumentPatch | undefined {
    return builder instanceof MscnDocumentBuilder ? builder.patchOf(document) : undefined;
}
