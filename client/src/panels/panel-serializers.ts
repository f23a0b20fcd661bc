/**
 * The three panels' slots, made when the extension activates, and their restore after a reload:
 * VS Code keeps each open panel's view type and the state its webview saved (getState/setState);
 * the source in it says which document and run block to show again.
 */
import * as vscode from 'vscode';
import { parsePanelSource } from './messages.js';
import type { PanelContext } from './panel-context.js';
import { PanelSlot, type HostedPanel } from './panel-slot.js';
import { comparisonKind } from './comparison-panel.js';
import { pageTablesKind } from './page-tables-panel.js';
import { timelineKind } from './timeline-panel.js';

export interface PanelSlots {
    comparison: PanelSlot<HostedPanel>;
    pageTables: PanelSlot<HostedPanel>;
    timeline: PanelSlot<HostedPanel>;
}

export function createPanelSlots(ctx: PanelContext): PanelSlots {
    return {
        comparison: new PanelSlot(ctx, comparisonKind),
        pageTables: new PanelSlot(ctx, pageTablesKind),
        timeline: new PanelSlot(ctx, timelineKind),
    };
}

export function registerPanelSerializers(slots: PanelSlots): vscode.Disposable[] {
    return Object.values(slots).map(slot =>
        vscode.window.registerWebviewPanelSerializer(slot.kind.spec.viewType, {
            async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
                const source = parsePanelSource(state);
                // a state we cannot read (another version, tampered): close the panel rather than show nothing
                if (source) slot.restore(panel, source);
                else panel.dispose();
            },
        }),
    );
}

/** A run of `uri` landed, or another variant was selected (no uri): every open panel on it refreshes. */
export function refreshPanels(slots: PanelSlots, uri?: string): void {
    for (const slot of Object.values(slots)) void slot.refresh(uri);
}
