/**
 * The language server's additions to the language's services: the providers (registered in `lsp`, so
 * that their capabilities are advertised) and the editor's own services, the run store and settings.
 * Passed to `createMscnServices` as its editor module.
 */
import type { Module } from 'langium';
import type { LangiumSharedServices, PartialLangiumSharedServices } from 'langium/lsp';
import { MscnWorkspaceManager } from './mscn-workspace-manager.js';
import type { MscnServices } from '../../language/src/mscn-module.js';
import { RunStore } from './run/run-store.js';
import { MscnSettings } from './settings.js';
import { MscnHoverProvider } from './mscn-hover.js';
import { MscnInlayHintProvider } from './mscn-inlay-hints.js';
import { MscnCodeLensProvider } from './mscn-code-lens.js';
import { MscnFormatter } from './mscn-formatter.js';
import { MscnCompletionProvider } from './mscn-completion.js';
import { MscnSemanticTokenProvider } from './mscn-semantic-tokens.js';
import { MscnSignatureHelpProvider } from './mscn-signature-help.js';
import { MscnRenameProvider } from './mscn-rename.js';
import { MscnDocumentSymbolProvider } from './mscn-symbols.js';
import { MscnCommandHandler } from './commands.js';
import { MscnLanguageServer } from './pull-diagnostics.js';

export interface MscnEditorAddedServices {
    editor: {
        RunStore: RunStore;
        Settings: MscnSettings;
    };
}

export type MscnEditorServices = MscnServices & MscnEditorAddedServices;

export const MscnEditorModule: Module<MscnEditorServices, Partial<MscnServices> & MscnEditorAddedServices> = {
    editor: {
        RunStore: () => new RunStore(),
        Settings: services => new MscnSettings(services.shared),
    },
    lsp: {
        HoverProvider: services => new MscnHoverProvider(services),
        InlayHintProvider: services => new MscnInlayHintProvider(services),
        CodeLensProvider: services => new MscnCodeLensProvider(services),
        Formatter: () => new MscnFormatter(),
        CompletionProvider: services => new MscnCompletionProvider(services),
        SemanticTokenProvider: services => new MscnSemanticTokenProvider(services),
        SignatureHelp: () => new MscnSignatureHelpProvider(),
        RenameProvider: services => new MscnRenameProvider(services),
        DocumentSymbolProvider: services => new MscnDocumentSymbolProvider(services),
    },
};

/**
 * The server's shared services: the bounded workspace scan (mscn-workspace-manager.ts), the lenses'
 * commands for every client (commands.ts) and the pull-diagnostics capability (pull-diagnostics.ts).
 */
export const MscnEditorSharedModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    workspace: {
        WorkspaceManager: services => new MscnWorkspaceManager(services),
    },
    lsp: {
        ExecuteCommandHandler: () => new MscnCommandHandler(),
        LanguageServer: services => new MscnLanguageServer(services),
    },
};
