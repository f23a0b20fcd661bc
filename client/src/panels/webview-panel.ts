/**
 * What the panels share on the host side: creating the webview with its CSP page, posting typed
 * messages, validating what comes back, and revealing a statement in its editor.
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { SourceLoc } from '../../../language/src/engine/scenario.js';
import { panelHtml } from './html.js';
import { parseFromWebview, type FromWebview, type ToWebview } from './messages.js';

export interface PanelSpec {
    viewType: string;
    title: string;
    /** Base name of the bundle in out/webview/ (`page-tables` → out/webview/page-tables.js). */
    script: string;
}

/** A new panel beside the editor, still empty: initPanel gives it its page. */
export function createPanel(extensionUri: vscode.Uri, spec: PanelSpec): vscode.WebviewPanel {
    return vscode.window.createWebviewPanel(
        spec.viewType,
        spec.title,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        {
            enableScripts: true,
            retainContextWhenHidden: true,
            localResourceRoots: [webviewRoot(extensionUri)],
        },
    );
}

const webviewRoot = (extensionUri: vscode.Uri) => vscode.Uri.joinPath(extensionUri, 'out', 'webview');

/** Gives a panel (new, or restored by a serializer after a reload) its page and message handler. */
export function initPanel(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    spec: PanelSpec,
    onMessage: (m: FromWebview) => void,
): void {
    const root = webviewRoot(extensionUri);
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [root] };
    panel.title = spec.title;
    webview.html = panelHtml({
        title: spec.title,
        cspSource: webview.cspSource,
        nonce: randomBytes(18).toString('base64'),
        scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, `${spec.script}.js`)).toString(),
        styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'panels.css')).toString(),
    });
    // a message that is not exactly one of ours is dropped: the webview renders text from the scenario
    webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseFromWebview(raw);
        if (message) onMessage(message);
    });
}

export function post(panel: vscode.WebviewPanel, message: ToWebview): void {
    void panel.webview.postMessage(message);
}

/** Selects the statement's text in the document's editor (opening it if needed). */
export async function revealStatement(uri: string, loc: SourceLoc): Promise<void> {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const visible = vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === uri);
    const editor = await vscode.window.showTextDocument(document, {
        viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
    });
    const range = new vscode.Range(loc.line - 1, loc.column - 1, loc.endLine - 1, loc.endColumn - 1);
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
