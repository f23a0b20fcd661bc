/**
 * Imports that point outside the workspace folders: Langium loads only the workspace at start-up, so
 * after each build the files an open document imports but nobody loaded are read from disk and built,
 * together with their importers (whose missing-import errors and links are then recomputed).
 */
import { existsSync, statSync } from 'node:fs';
import { DocumentState, type LangiumDocument, type URI } from 'langium';
import { importPaths, resolveImport } from '../../language/src/mscn-scope.js';
import type { MscnEditorServices } from './mscn-editor-module.js';

function isFile(path: string): boolean {
    try {
        return existsSync(path) && statSync(path).isFile();
    } catch {
        return false;
    }
}

export function loadImportsOutsideWorkspace(services: MscnEditorServices): void {
    const workspace = services.shared.workspace;
    workspace.DocumentBuilder.onBuildPhase(DocumentState.IndexedContent, documents => {
        const missing = new Map<string, URI>();
        const importers = new Map<string, URI>();
        for (const document of documents as LangiumDocument[]) {
            for (const path of importPaths(document)) {
                const uri = resolveImport(document, path);
                if (uri.scheme !== 'file' || workspace.LangiumDocuments.hasDocument(uri) || !isFile(uri.fsPath)) continue;
                missing.set(uri.toString(), uri);
                importers.set(document.uri.toString(), document.uri);
            }
        }
        if (missing.size === 0) return;
        // After the current build: a build may not start another from inside a phase.
        setTimeout(() => {
            void workspace.WorkspaceLock.write(token => workspace.DocumentBuilder.update([...missing.values(), ...importers.values()], [], token));
        }, 0);
    });
}
