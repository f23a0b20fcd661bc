/** What the panels need from the extension: the language client, where the bundles are, the variant. */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';

export interface PanelContext {
    client: LanguageClient;
    extensionUri: vscode.Uri;
    variant: () => string;
}
