/**
 * Linking after a patch: the references of a replaced statement leave the document's list (they
 * belong to nodes that are gone) and only the new statement's references are resolved. A statement
 * that declares nothing cannot change what any other name resolves to, so the rest stays linked.
 */
import { AstUtils, type AstNode, type LangiumDocument, type Reference, type ReferenceInfo } from 'langium';
import { walkAst } from './ast-walk.js';

function referencesIn(subtree: AstNode): ReferenceInfo[] {
    const infos: ReferenceInfo[] = [];
    walkAst(subtree, node => { for (const info of AstUtils.streamReferences(node)) infos.push(info); });
    return infos;
}

export function forgetReferencesIn(document: LangiumDocument, subtree: AstNode): void {
    const gone = new Set<Reference | unknown>(referencesIn(subtree).map(info => info.reference));
    document.references = document.references.filter(ref => !gone.has(ref));
}

/** Resolves the references below `subtree` with `doLink` (the linker's own per-reference step). */
export function linkSubtree(subtree: AstNode, document: LangiumDocument, doLink: (info: ReferenceInfo, document: LangiumDocument) => void): void {
    for (const info of referencesIn(subtree)) doLink(info, document);
}
