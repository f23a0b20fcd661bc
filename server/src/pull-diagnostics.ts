/**
 * Pull diagnostics (`textDocument/diagnostic`, LSP 3.17) besides the pushed ones, for clients that ask
 * rather than listen: the same list push sends last, the validation's and then the run's findings
 * (run/run-diagnostics.ts) once the current text has run, or the warning that it could not run. A
 * document with errors never runs, so its answer is the validation's alone, as pushed.
 */
import { DefaultLanguageServer } from 'langium/lsp';
import { DocumentState, URI } from 'langium';
import {
    DocumentDiagnosticReportKind,
    type Connection,
    type InitializeParams,
    type InitializeResult,
} from 'vscode-languageserver';
import type { MscnEditorServices } from './mscn-editor-module.js';
import type { RunScheduler } from './run/run-scheduler.js';
import { runDiagnostics } from './run/run-diagnostics.js';

/** Langium's server with the `diagnosticProvider` capability (Langium 4.2 advertises push only). */
export class MscnLanguageServer extends DefaultLanguageServer {
    protected override buildInitializeResult(params: InitializeParams): InitializeResult {
        const result = super.buildInitializeResult(params);
        // A client that listens to push says `pullDiagnostics: false` (the VS Code extension): vscode-languageclient
        // keeps pulled diagnostics in a collection of their own, so offering both would show every one twice.
        const options = params.initializationOptions as { pullDiagnostics?: unknown } | undefined;
        if (options?.pullDiagnostics === false) return result;
        // a file's diagnostics depend on the files it imports; no workspace-wide pull
        result.capabilities.diagnosticProvider = { interFileDependencies: true, workspaceDiagnostics: false };
        return result;
    }
}

export function registerPullDiagnostics(
    connection: Connection,
    services: MscnEditorServices,
    scheduler: RunScheduler,
): void {
    const documents = services.shared.workspace.LangiumDocuments;
    connection.languages.diagnostics.on(async params => {
        const uri = URI.parse(params.textDocument.uri);
        if (!documents.hasDocument(uri)) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
        await services.shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, uri);
        // the run of the current text, if it can run (an open document without errors); waits for it
        const entry = await scheduler.runNow(params.textDocument.uri);
        const document = documents.getDocument(uri);
        const version = document?.textDocument.version ?? -1;
        const current = entry && entry.version === version ? entry : undefined;
        // what push sent for this text: the findings, or the warning that the engine could not run it
        const published = scheduler.publishedRunDiagnostics(params.textDocument.uri, version);
        return {
            kind: DocumentDiagnosticReportKind.Full,
            items: [...(document?.diagnostics ?? []), ...(published ?? (current ? runDiagnostics(current.runs) : []))],
        };
    });
}
