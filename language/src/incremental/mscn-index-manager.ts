/**
 * Langium's index manager with a lazy reference index. Langium describes every reference of a
 * document after each build (a whole-AST walk: 15 ms of every keystroke on 2,000 statements), though
 * only find-references, rename and the dependants check of an update read them. Here a build only
 * notes the document; its descriptions are made, from the same provider, when first asked for.
 */
import {
    AstUtils,
    DefaultIndexManager,
    type AstNode,
    type LangiumDocument,
    type ReferenceDescription,
    type Stream,
    type URI,
} from 'langium';
import { walkAst } from './ast-walk.js';
import { describeReference } from './langium-adapter.js';

export class MscnIndexManager extends DefaultIndexManager {
    private readonly pending = new Map<string, LangiumDocument>();

    override async updateReferences(document: LangiumDocument): Promise<void> {
        const key = document.uri.toString();
        this.referenceIndex.delete(key);
        this.pending.set(key, document);
    }

    override removeReferences(uri: URI): void {
        this.pending.delete(uri.toString());
        super.removeReferences(uri);
    }

    override findAllReferences(targetNode: AstNode, astNodePath: string): Stream<ReferenceDescription> {
        for (const key of [...this.pending.keys()]) this.describe(key);
        return super.findAllReferences(targetNode, astNodePath);
    }

    override isAffected(document: LangiumDocument, changedUris: Set<string>): boolean {
        this.describe(document.uri.toString());
        return super.isAffected(document, changedUris);
    }

    /** What DefaultReferenceDescriptionProvider.createDescriptions makes, without its awaits. */
    private describe(key: string): void {
        const document = this.pending.get(key);
        if (!document) return;
        this.pending.delete(key);
        const provider = this.serviceRegistry.getServices(document.uri).workspace.ReferenceDescriptionProvider;
        const descriptions: ReferenceDescription[] = [];
        walkAst(document.parseResult.value, node => {
            for (const info of AstUtils.streamReferences(node)) {
                if (!info.reference.error) descriptions.push(...describeReference(provider, info));
            }
        });
        this.referenceIndex.set(key, descriptions);
    }
}
