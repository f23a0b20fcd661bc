/**
 * Load scenario files for the command line: each file and the files it imports (transitively),
 * built and validated together by Langium's DocumentBuilder on the Node file system. `mscn check`
 * and `mscn run` share it.
 */
import { extname, resolve } from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { createMscnServices, type MscnServices } from '../mscn-module.js';
import { importPaths, importedScenarios, resolveImport } from '../mscn-scope.js';
import { isScenario, type Scenario } from '../generated/ast.js';
import { MAX_SCENARIO_BYTES } from '../mscn-parser.js';
import { NUL_IN_PATH, readTextFile } from '../files/regular-file.js';
import { quoteText } from '../files/quote-text.js';
import { IssueCodes } from '../validation/issue-codes.js';

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

type Read = { ok: true; text: string } | { ok: false; reason: string };

/**
 * A scenario file's text: a regular `.mscn` file of at most 1 MiB, checked before it is read (files/regular-file.ts).
 */
function readScenario(path: string): Read {
    if (extname(path) !== '.mscn') return { ok: false, reason: 'not a scenario file (scenario files end in .mscn)' };
    return readTextFile(path, MAX_SCENARIO_BYTES);
}

/** The document of `uri`, created from text we read (never by Langium reading the file itself). */
function documentOf(uri: URI, text: string, services: MscnServices): LangiumDocument {
    const documents = services.shared.workspace.LangiumDocuments;
    if (documents.hasDocument(uri)) return documents.getDocument(uri)!;
    const document = services.shared.workspace.LangiumDocumentFactory.fromString(text, uri);
    documents.addDocument(document);
    return document;
}

export async function loadScenarioFiles(
    paths: readonly string[],
    services = createMscnServices(NodeFileSystem).Mscn,
): Promise<LoadResult> {
    const langiumDocuments = services.shared.workspace.LangiumDocuments;
    const failures: LoadResult['failures'] = [];
    const given: Array<{ path: string; document: LangiumDocument }> = [];
    const all = new Map<string, LangiumDocument>();
    const importProblems = new Map<string, string>();
    for (const path of paths) {
        const read = readScenario(path);
        if (!read.ok) {
            failures.push({ path, message: `cannot read '${path}': ${read.reason}` });
            continue;
        }
        const document = documentOf(URI.file(resolve(path)), read.text, services);
        given.push({ path, document });
        addWithImports(document, all, importProblems, services);
    }
    await services.shared.workspace.DocumentBuilder.build([...all.values()], { validation: true });
    explainMissingImports([...all.values()], importProblems);
    const files = given
        .filter(g => isScenario(g.document.parseResult.value))
        .map(g => ({
            path: g.path,
            document: g.document as LangiumDocument<Scenario>,
            imports: importedScenarios(g.document, langiumDocuments),
        }));
    return { services, files, documents: [...all.values()], failures };
}

/** Add a document and, transitively, every import that can be read; why the others cannot, by URI. */
function addWithImports(
    document: LangiumDocument,
    all: Map<string, LangiumDocument>,
    problems: Map<string, string>,
    services: MscnServices,
): void {
    const queue = [document];
    while (queue.length > 0) {
        const current = queue.shift()!;
        if (all.has(current.uri.toString())) continue;
        all.set(current.uri.toString(), current);
        for (const path of importPaths(current)) {
            const uri = resolveImport(current, path);
            if (all.has(uri.toString()) || problems.has(uri.toString())) continue;
            const read = readScenario(uri.fsPath);
            if (read.ok) queue.push(documentOf(uri, read.text, services));
            else problems.set(uri.toString(), read.reason);
        }
    }
}

/**
 * The checker says an import is missing; for a file that exists but cannot be read, say why instead. The
 * path is quoted short and escaped (files/quote-text.ts): a 1 MB path or a NUL byte never reaches the line.
 */
function explainMissingImports(documents: readonly LangiumDocument[], problems: ReadonlyMap<string, string>): void {
    for (const document of documents) {
        const paths = importPaths(document);
        for (const diagnostic of document.diagnostics ?? []) {
            if (diagnostic.code !== IssueCodes.MissingImport) continue;
            const path = paths.find(p => diagnostic.message === `cannot find imported file '${p}'`);
            if (path === undefined) continue;
            const reason = problems.get(resolveImport(document, path).toString());
            diagnostic.message =
                reason && reason !== 'no such file'
                    ? `cannot read imported file '${quoteText(path)}': ${importReason(reason)}`
                    : `cannot find imported file '${quoteText(path)}'`;
        }
    }
}

/** A NUL in an import path is the path's fault, said in an import's words. */
function importReason(reason: string): string {
    return reason === NUL_IN_PATH ? 'an import path cannot contain a NUL character' : reason;
}
