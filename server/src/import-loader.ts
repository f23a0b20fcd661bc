/**
 * Imports that point outside the workspace folders: Langium loads only the workspace at start-up, so
 * after each build the files an open document imports but nobody loaded are read from disk and built,
 * together with their importers (whose missing-import errors and links are then recomputed). Each file
 * is asked for once while it exists, and only a scenario file: `import "/etc/passwd"` made a document
 * Langium cannot keep (no services for `.txt`), so every build asked again: builds without end.
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
    const registry = services.shared.ServiceRegistry;
    /** Files asked for: forgotten when they are no longer there, so that one that comes back is read again. */
    const asked = new Set<string>();
    workspace.DocumentBuilder.onBuildPhase(DocumentState.IndexedContent, documents => {
        const missing = new Map<string, URI>();
        const importers = new Map<string, URI>();
        for (const document of documents as LangiumDocument[]) {
            for (const path of importPaths(document)) {
                const uri = resolveImport(document, path);
                const key = uri.toString();
                if (uri.scheme !== 'file' || workspace.LangiumDocuments.hasDocument(uri) || !registry.hasServices(uri))
                    continue;
                if (!isFile(uri.fsPath)) {
                    asked.delete(key);
                    continue;
                }
                if (asked.has(key)) continue;
                asked.add(key);
                missing.set(key, uri);
                importers.set(document.uri.toString(), document.uri);
            }
        }
        if (missing.size === 0) return;
        // After the current build: a build may not start another from inside a phase.
        setTimeout(() => {
            void workspace.WorkspaceLock.write(token =>
                workspace.DocumentBuilder.update([...missing.values(), ...importers.values()], [], token),
            );
        }, 0);
    });
}
