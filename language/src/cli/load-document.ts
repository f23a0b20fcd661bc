/**
 * Load scenario files for the command line: each file and the files it imports (transitively),
 * built and validated together by Langium's DocumentBuilder on the Node file system. `mscn check`
 * and `mscn run` share it.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { createMscnServices, type MscnServices } from '../mscn-module.js';
import { importPaths, importedScenarios, resolveImport } from '../mscn-scope.js';
import { isScenario, type Scenario } from '../generated/ast.js';

export interface LoadedFile {
    /** The path as given on the command line. */
    path: string;
    document: LangiumDocument<Scenario>;
    /** Roots of the files it imports, transitively: the lowering's second argument. */
    imports: Scenario[];
}

export interface LoadResult {
    services: MscnServices;
    files: LoadedFile[];
    /** Every document built: the files and their imports. */
    documents: LangiumDocument[];
    /** Files that could not be read: a message each (`cannot read 'x.mscn': no such file`). */
    failures: Array<{ path: string; message: string }>;
}

/** Why a path cannot be loaded, or undefined when it is a readable file. */
function unreadable(path: string): string | undefined {
    if (!existsSync(path)) return 'no such file';
    return statSync(path).isFile() ? undefined : 'not a file';
}

export async function loadScenarioFiles(paths: readonly string[], services = createMscnServices(NodeFileSystem).Mscn): Promise<LoadResult> {
    const langiumDocuments = services.shared.workspace.LangiumDocuments;
    const failures: LoadResult['failures'] = [];
    const given: Array<{ path: string; document: LangiumDocument }> = [];
    const all = new Map<string, LangiumDocument>();
    for (const path of paths) {
        const problem = unreadable(path);
        if (problem) {
            failures.push({ path, message: `cannot read '${path}': ${problem}` });
            continue;
        }
        const document = await langiumDocuments.getOrCreateDocument(URI.file(resolve(path)));
        given.push({ path, document });
        await addWithImports(document, all, services);
    }
    await services.shared.workspace.DocumentBuilder.build([...all.values()], { validation: true });
    const files = given
        .filter(g => isScenario(g.document.parseResult.value))
        .map(g => ({
            path: g.path,
            document: g.document as LangiumDocument<Scenario>,
            imports: importedScenarios(g.document, langiumDocuments),
        }));
    return { services, files, documents: [...all.values()], failures };
}

/** Add a document and, transitively, every import that names an existing file. */
async function addWithImports(document: LangiumDocument, all: Map<string, LangiumDocument>, services: MscnServices): Promise<void> {
    const queue = [document];
    while (queue.length > 0) {
        const current = queue.shift()!;
        if (all.has(current.uri.toString())) continue;
        all.set(current.uri.toString(), current);
        for (const path of importPaths(current)) {
            const uri = resolveImport(current, path);
            if (all.has(uri.toString()) || unreadable(uri.fsPath)) continue;
            queue.push(await services.shared.workspace.LangiumDocuments.getOrCreateDocument(uri));
        }
    }
}
