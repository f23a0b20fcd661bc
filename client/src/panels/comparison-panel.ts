/**
 * Compare Variants as a panel: every variant of each run block side by side, with CSV and Markdown
 * export as `mscn run` writes them plus the estimated time by event kind, and the chart as SVG or
 * PNG. One panel at a time, refreshed when a run lands.
 */
import * as vscode from 'vscode';
import { Requests, type RunResultReply, type RunsJson } from '../../../server/src/protocol/index.js';
import type { ExportFormat, FromWebview, ImageFormat, PanelSource } from './messages.js';
import { comparisonRun } from './comparison-data.js';
import { comparisonCsv, comparisonMarkdown } from './comparison-export.js';
import type { PanelContext } from './panel-context.js';
import type { HostedPanel, PanelKind } from './panel-slot.js';
import { COMPARISON_VIEW } from './view-types.js';
import { post } from './webview-panel.js';

const SPEC = { viewType: COMPARISON_VIEW, title: 'Compare Variants', script: 'comparison' };

class ComparisonPanel implements HostedPanel {
    private runs: RunsJson[] = [];

    constructor(
        private readonly ctx: PanelContext,
        readonly panel: vscode.WebviewPanel,
        public source: PanelSource,
    ) {}

    async refresh(): Promise<void> {
        const reply = await this.ctx.client.sendRequest<RunResultReply | null>(Requests.runResult, {
            uri: this.source.uri,
        });
        if (!reply) {
            post(this.panel, {
                type: 'unavailable',
                reason: 'The scenario has errors (see Problems); nothing was run.',
            });
            return;
        }
        this.runs = reply.runs.filter(r => this.source.run === undefined || r.run === this.source.run);
        const file = vscode.workspace.asRelativePath(vscode.Uri.parse(this.source.uri));
        this.panel.title = `Compare Variants: ${file.split('/').pop()}`;
        post(this.panel, {
            type: 'comparison',
            source: this.source,
            title: `${file}: ${reply.variants.length} variant(s)`,
            runs: this.runs.map(comparisonRun),
        });
    }

    private async export(format: ExportFormat): Promise<void> {
        const content = format === 'csv' ? comparisonCsv(this.runs) : comparisonMarkdown(this.runs);
        const document = await vscode.workspace.openTextDocument({
            content,
            language: format === 'csv' ? 'plaintext' : 'markdown',
        });
        await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside });
    }

    /** Asks where to save the chart; the bytes were validated as an SVG document or a PNG data URL. */
    private async saveImage(format: ImageFormat, data: string): Promise<void> {
        const base = vscode.Uri.parse(this.source.uri).path.replace(/\.mscn$/, '');
        const target = await vscode.window.showSaveDialog({
            defaultUri: vscode.Uri.file(`${base}-comparison.${format}`),
            filters: { [format.toUpperCase()]: [format] },
        });
        if (!target) return;
        const bytes =
            format === 'png' ? Buffer.from(data.slice(data.indexOf(',') + 1), 'base64') : Buffer.from(data, 'utf8');
        await vscode.workspace.fs.writeFile(target, bytes);
    }

    async onMessage(message: FromWebview): Promise<void> {
        if (message.type === 'ready') await this.refresh();
        else if (message.type === 'export') await this.export(message.format);
        else if (message.type === 'saveImage') await this.saveImage(message.format, message.data);
    }
}

export const comparisonKind: PanelKind<ComparisonPanel> = {
    spec: SPEC,
    host: (ctx, panel, source) => new ComparisonPanel(ctx, panel, source),
};
