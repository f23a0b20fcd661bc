/**
 * Linking after a patch: the references of a replaced statement leave the document's list (they
 * belong to nodes that are gone) and only the new statement's references are resolved. A statement
 * that declares nothing cannot change what any other name resolves to, so the rest stays linked.
 * A full link visits the references in Langium's order without its per-node streams and awaits.
 */
import {
    Cancellation,
    interruptAndCheck,
    isMultiReference,
    isReference,
    type AstNode,
    type LangiumDocument,
    type Reference,
    type ReferenceInfo,
} from 'langium';
import { fieldsOf, walkAst } from './ast-walk.js';

const isAnyReference = (value: unknown): value is Reference => isReference(value) || isMultiReference(value);

/** The references below `subtree` in the order Langium's linker visits them: streamAst, then property order. */
export function referencesIn(subtree: AstNode): ReferenceInfo[] {
    const infos: ReferenceInfo[] = [];
    walkAst(subtree, node => {
        const record = fieldsOf(node);
        for (const property of Object.keys(record)) {
            if (property.charCodeAt(0) === 36 /* $ */) continue;
            const value = record[property];
            if (isAnyReference(value)) infos.push({ reference: value, container: node, property });
            else if (Array.isArray(value)) {
                value.forEach((element, index) => {
                    if (isAnyReference(element)) infos.push({ reference: element, container: node, property, index });
                });
            }
        }
    });
    return infos;
}

/** Links every reference of the document, yielding to the event loop (and to cancellation) now and then. */
export async function linkAll(
    document: LangiumDocument,
    doLink: (info: ReferenceInfo, document: LangiumDocument) => void,
    cancelToken?: Cancellation.CancellationToken,
): Promise<void> {
    const infos = referencesIn(document.parseResult.value);
    for (let i = 0; i < infos.length; i++) {
        if ((i & 1023) === 1023) await interruptAndCheck(cancelToken ?? Cancellation.CancellationToken.None);
        doLink(infos[i], document);
    }
}

export function forgetReferencesIn(document: LangiumDocument, subtree: AstNode): void {
    const gone = new Set<Reference | unknown>(referencesIn(subtree).map(info => info.reference));
    document.references = document.references.filter(ref => !gone.has(ref));
}

/** Resolves the references below `subtree` with `doLink` (the linker's own per-reference step). */
export function linkSubtree(
    subtree: AstNode,
    document: LangiumDocument,
    doLink: (info: ReferenceInfo, document: LangiumDocument) => void,
): void {
    for (const info of referencesIn(subtree)) doLink(info, document);
}
