/**
 * Show Timeline as a panel: the flushes, IPIs, CR3 writes and notifier callouts of one run block and
 * the selected variant over statement order. A click on a mark jumps to its statement; a finished run
 * or another variant refreshes it. One panel at a time (panel-slot.ts).
 */
import * as vscode from 'vscode';
import { Requests, type RunResultReply } from '../../../server/src/protocol/index.js';
import type { FromWebview, PanelSource } from './messages.js';
import type { PanelContext } from './panel-context.js';
import type { HostedPanel, PanelKind } from './panel-slot.js';
import { TIMELINE_VIEW } from './view-types.js';
import { timelineData } from './timeline-data.js';
import { post, revealStatement } from './webview-panel.js';

const SPEC = { viewType: TIMELINE_VIEW, title: 'Timeline', script: 'timeline' };

type Result = RunResultReply['runs'][number]['results'][number];

class TimelinePanel implements HostedPanel {
    private result: Result | undefined;

    constructor(
        private readonly ctx: PanelContext,
        readonly panel: vscode.WebviewPanel,
        public source: PanelSource,
    ) {}

    onMessage(message: FromWebview): Promise<void> | void {
        if (message.type === 'ready') return this.refresh();
        if (message.type === 'reveal') return this.reveal(message.statementId);
    }

    async refresh(): Promise<void> {
        const variant = this.ctx.variant();
        const reply = await this.ctx.client.sendRequest<RunResultReply | null>(Requests.runResult, {
            uri: this.source.uri,
            variant,
        });
        const run = reply?.runs.find(r => this.source.run === undefined || r.run === this.source.run);
        this.result = run?.results[0];
        if (!reply || !run || !this.result) {
            post(this.panel, {
                type: 'unavailable',
                reason: reply ? 'No run block to show.' : 'The scenario has errors (see Problems); nothing was run.',
            });
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

export const timelineKind: PanelKind<TimelinePanel> = {
    spec: SPEC,
    host: (ctx, panel, source) => new TimelinePanel(ctx, panel, source),
};
