/**
 * Compare Variants as a panel: every variant of each run block side by side, with CSV and Markdown
 * export through the same formatters as `mscn run`. One panel at a time, refreshed when a run lands.
 */
import * as vscode from 'vscode';
import { formatRunsCsv, formatRunsMarkdown } from '../../../language/src/report/format-runs.js';
import { RUN_RESULT, type ReportRuns, type RunResultReply } from '../protocol.js';
import type { ExportFormat, FromWebview } from './messages.js';
import { comparisonRun } from './comparison-data.js';
import type { PanelContext } from './panel-context.js';
import { createPanel, post } from './webview-panel.js';

class ComparisonPanel {
    private runs: ReportRuns[] = [];
    private readonly panel: vscode.WebviewPanel;

    constructor(private readonly ctx: PanelContext, public uri: string, public run: string | undefined, onDispose: () => void) {
        this.panel = createPanel(ctx.extensionUri, { viewType: 'mscn.comparison', title: 'Compare Variants', script: 'comparison' }, m => void this.onMessage(m));
        this.panel.onDidDispose(onDispose);
    }

    reveal(): void {
        this.panel.reveal(undefined, true);
    }

    async refresh(): Promise<void> {
        const reply = await this.ctx.client.sendRequest<RunResultReply | null>(RUN_RESULT, { uri: this.uri });
        if (!reply) {
            post(this.panel, { type: 'unavailable', reason: 'The scenario has errors (see Problems); nothing was run.' });
            return;
        }
        this.runs = reply.runs.filter(r => this.run === undefined || r.run === this.run);
        const file = vscode.workspace.asRelativePath(vscode.Uri.parse(this.uri));
        this.panel.title = `Compare Variants: ${file.split('/').pop()}`;
        post(this.panel, { type: 'comparison', title: `${file}: ${reply.variants.length} variant(s)`, runs: this.runs.map(comparisonRun) });
    }

    private async export(format: ExportFormat): Promise<void> {
        const content = format === 'csv' ? formatRunsCsv(this.runs) : formatRunsMarkdown(this.runs);
        const document = await vscode.workspace.openTextDocument({ content, language: format === 'csv' ? 'plaintext' : 'markdown' });
        await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside });
    }

    private async onMessage(message: FromWebview): Promise<void> {
        if (message.type === 'ready') await this.refresh();
        else if (message.type === 'export') await this.export(message.format);
    }
}

let current: ComparisonPanel | undefined;

export async function showComparisonPanel(ctx: PanelContext, uri: string, run: string | undefined): Promise<void> {
    if (!current) current = new ComparisonPanel(ctx, uri, run, () => (current = undefined));
    else current.reveal();
    current.uri = uri;
    current.run = run;
    await current.refresh();
}

export async function comparisonRunFinished(uri: string): Promise<void> {
    if (current?.uri === uri) await current.refresh();
}
