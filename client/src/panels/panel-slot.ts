/**
 * One panel of a kind at a time, as vscode-tlaplus keeps its check-result panel: the first command
 * creates it, later ones reveal it with their document and run block; a serializer hands it back
 * after a reload; a finished run or another variant refreshes it. The slot, not a module variable,
 * holds the panel: the extension creates the slots when it activates.
 */
import type * as vscode from 'vscode';
import type { FromWebview, PanelSource } from './messages.js';
import type { PanelContext } from './panel-context.js';
import { createPanel, initPanel, type PanelSpec } from './webview-panel.js';

/** A panel's host side; the slot gives its webview the page and routes the webview's messages to it. */
export interface HostedPanel {
    readonly panel: vscode.WebviewPanel;
    source: PanelSource;
    refresh(): Promise<void>;
    onMessage(message: FromWebview): Promise<void> | void;
    /** Called when the panel closes: what it listens to besides its webview. */
    dispose?(): void;
}

/** What a kind of panel gives its slot: its webview spec and how to host a webview panel. */
export interface PanelKind<P extends HostedPanel> {
    spec: PanelSpec;
    host(ctx: PanelContext, panel: vscode.WebviewPanel, source: PanelSource): P;
}

export class PanelSlot<P extends HostedPanel> {
    private current: P | undefined;

    constructor(
        private readonly ctx: PanelContext,
        readonly kind: PanelKind<P>,
    ) {}

    async show(uri: string, run: string | undefined): Promise<void> {
        if (this.current) this.current.panel.reveal(undefined, true);
        const shown = this.current ?? this.adopt(createPanel(this.ctx.extensionUri, this.kind.spec), { uri, run });
        shown.source = { uri, run };
        await shown.refresh();
    }

    /** After a reload: VS Code hands back the panel and the source its webview saved. */
    restore(panel: vscode.WebviewPanel, source: PanelSource): void {
        this.current?.panel.dispose();
        this.adopt(panel, source);
    }

    /** A run of `uri` landed, or another variant was selected (no uri): the panel shows the new figures. */
    async refresh(uri?: string): Promise<void> {
        if (this.current && (uri === undefined || this.current.source.uri === uri)) await this.current.refresh();
    }

    private adopt(panel: vscode.WebviewPanel, source: PanelSource): P {
        const hosted = this.kind.host(this.ctx, panel, source);
        initPanel(panel, this.ctx.extensionUri, this.kind.spec, m => void hosted.onMessage(m));
        panel.onDidDispose(() => {
            hosted.dispose?.();
            if (this.current === hosted) this.current = undefined;
        });
        this.current = hosted;
        return hosted;
    }
}
