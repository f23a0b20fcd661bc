/**
 * Show Timeline as a panel: the flushes, IPIs, CR3 writes and notifier callouts of one run block and
 * the selected variant over statement order. A click on a mark jumps to its statement; a finished run
 * or another variant refreshes it. One panel at a time, behind the functions at the bottom.
 */
import * as vscode from 'vscode';
import { RUN_RESULT, type RunResultReply } from '../protocol.js';
import type { FromWebview, PanelSource } from './messages.js';
import type { PanelContext } from './panel-context.js';
import { TIMELINE_VIEW } from './view-types.js';
import { timelineData } from './timeline-data.js';
import { createPanel, initPanel, post, revealStatement } from './webview-panel.js';

const SPEC = { viewType: TIMELINE_VIEW, title: 'Timeline', script: 'timeline' };

type Result = RunResultReply['runs'][number]['results'][number];

class TimelinePanel {
    private result: Result | undefined;

    constructor(private readonly ctx: PanelContext, readonly panel: vscode.WebviewPanel, public source: PanelSource, onDispose: () => void) {
        panel.onDidDispose(onDispose);
    }

    onMessage(message: FromWebview): Promise<void> | void {
        if (message.type === 'ready') return this.refresh();
        if (message.type === 'reveal') return this.reveal(message.statementId);
    }

    async refresh(): Promise<void> {
        const variant = this.ctx.variant();
        const reply = await this.ctx.client.sendRequest<RunResultReply | null>(RUN_RESULT, { uri: this.source.uri, variant });
        const run = reply?.runs.find(r => this.source.run === undefined || r.run === this.source.run);
        this.result = run?.results[0];
        if (!reply || !run || !this.result) {
            post(this.panel, { type: 'unavailable', reason: reply ? 'No run block to show.' : 'The scenario has errors (see Problems); nothing was run.' });
            return;
        }
        this.panel.title = `Timeline: ${run.run} (${this.result.variant})`;
        const title = `run ${run.run} on ${run.machine}, variant ${this.result.variant}`;
        post(this.panel, { type: 'timeline', source: this.source, data: timelineData(title, this.result) });
    }

    private async reveal(statementId: number): Promise<void> {
        const statement = this.result?.statements.find(s => s.id === statementId);
        if (statement) await revealStatement(this.source.uri, statement.loc);
    }
}

let current: TimelinePanel | undefined;

function adopt(ctx: PanelContext, panel: vscode.WebviewPanel, source: PanelSource): TimelinePanel {
    const created = new TimelinePanel(ctx, panel, source, () => { if (current === created) current = undefined; });
    initPanel(panel, ctx.extensionUri, SPEC, m => void created.onMessage(m));
    current = created;
    return created;
}

export async function showTimelinePanel(ctx: PanelContext, uri: string, run: string | undefined): Promise<void> {
    if (current) current.panel.reveal(undefined, true);
    else adopt(ctx, createPanel(ctx.extensionUri, SPEC), { uri, run });
    current!.source = { uri, run };
    await current!.refresh();
}

/** After a reload: VS Code hands back the panel and the source its webview saved. */
export function restoreTimelinePanel(ctx: PanelContext, panel: vscode.WebviewPanel, source: PanelSource): void {
    current?.panel.dispose();
    adopt(ctx, panel, source);
}

/** A run of `uri` landed, or another variant was selected (no uri): the panel shows the new figures. */
export async function timelineRunFinished(uri?: string): Promise<void> {
    if (current && (uri === undefined || current.source.uri === uri)) await current.refresh();
}
