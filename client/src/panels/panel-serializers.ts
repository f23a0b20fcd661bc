/**
 * Restoring the panels after a reload: VS Code keeps each open panel's view type and the state its
 * webview saved (getState/setState); the source in it says which document and run block to show again.
 */
import * as vscode from 'vscode';
import { parsePanelSource, type PanelSource } from './messages.js';
import type { PanelContext } from './panel-context.js';
import { COMPARISON_VIEW, PAGE_TABLES_VIEW, TIMELINE_VIEW } from './view-types.js';
import { comparisonRunFinished, restoreComparisonPanel } from './comparison-panel.js';
import { pageTablesRunFinished, restorePageTablesPanel } from './page-tables-panel.js';
import { restoreTimelinePanel, timelineRunFinished } from './timeline-panel.js';

type Restore = (ctx: PanelContext, panel: vscode.WebviewPanel, source: PanelSource) => void;

const RESTORE: Record<string, Restore> = {
    [PAGE_TABLES_VIEW]: restorePageTablesPanel,
    [COMPARISON_VIEW]: restoreComparisonPanel,
    [TIMELINE_VIEW]: restoreTimelinePanel,
};

export function registerPanelSerializers(ctx: PanelContext): vscode.Disposable[] {
    return Object.entries(RESTORE).map(([viewType, restore]) => vscode.window.registerWebviewPanelSerializer(viewType, {
        async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
            const source = parsePanelSource(state);
            // a state we cannot read (another version, tampered): close the panel rather than show nothing
            if (source) restore(ctx, panel, source);
            else panel.dispose();
        },
    }));
}


/** A run of `uri` landed, or another variant was selected (no uri): every open panel on it refreshes. */
export function refreshPanels(uri?: string): void {
    void comparisonRunFinished(uri);
    void pageTablesRunFinished(uri);
    void timelineRunFinished(uri);
}
