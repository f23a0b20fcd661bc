/**
 * Show Page Tables as a panel: the tree and TLBs after a chosen statement of one run and variant. The
 * statement follows the slider in the panel and the cursor in the editor; a finished run refreshes it.
 * One panel at a time (panel-slot.ts).
 */
import * as vscode from 'vscode';
import { BASE_VARIANT, Requests, type RunResultReply } from '../../../server/src/protocol/index.js';
import type { Snapshot } from '../../../language/src/engine/index.js';
import type { FromWebview, PanelSource, StatementInfo } from './messages.js';
import type { PanelContext } from './panel-context.js';
import type { HostedPanel, PanelKind } from './panel-slot.js';
import { PAGE_TABLES_VIEW } from './view-types.js';
import { statementAtLine, type LocatedStatement } from './statement-at-line.js';
import { post, revealStatement } from './webview-panel.js';

const SPEC = { viewType: PAGE_TABLES_VIEW, title: 'Page Tables', script: 'page-tables' };

type Result = RunResultReply['runs'][number]['results'][number];

class PageTablesPanel implements HostedPanel {
    private statements: LocatedStatement[] = [];
    private statementId = -1;
    private variant = BASE_VARIANT;
    private readonly disposables: vscode.Disposable[] = [];

    constructor(
        private readonly ctx: PanelContext,
        readonly panel: vscode.WebviewPanel,
        public source: PanelSource,
    ) {
        this.disposables.push(vscode.window.onDidChangeTextEditorSelection(e => void this.followCursor(e)));
    }

    dispose(): void {
        for (const d of this.disposables) d.dispose();
    }

    async refresh(): Promise<void> {
        this.variant = this.ctx.variant();
        const reply = await this.ctx.client.sendRequest<RunResultReply | null>(Requests.runResult, {
            uri: this.source.uri,
            variant: this.variant,
        });
        const runs = reply?.runs.filter(r => this.source.run === undefined || r.run === this.source.run) ?? [];
        const result: Result | undefined = runs[0]?.results[0];
        if (!reply || !result) {
            post(this.panel, {
                type: 'unavailable',
                reason: reply ? 'No run block to show.' : 'The scenario has errors (see Problems); nothing was run.',
            });
            return;
        }
        const withSnapshot = new Set(result.snapshotStatements);
        this.statements = result.statements.filter(s => withSnapshot.has(s.id)).sort((a, b) => a.id - b.id);
        if (!withSnapshot.has(this.statementId)) this.statementId = this.statements.at(-1)?.id ?? -1;
        this.panel.title = `Page Tables: ${runs[0].run} (${result.variant})`;
        post(this.panel, {
            type: 'pageTables',
            source: this.source,
            title: `run ${runs[0].run} on ${runs[0].machine}, variant ${result.variant}`,
            statements: this.infos(result),
            statementId: this.statementId,
            ...(await this.snapshots(this.statementId)),
        });
    }

    private infos(result: Result): StatementInfo[] {
        const executions = new Map(result.statements.map(s => [s.id, s.executions]));
        return this.statements.map(s => ({ id: s.id, line: s.loc.line, executions: executions.get(s.id) ?? 0 }));
    }

    private async snapshot(statementId: number | undefined): Promise<Snapshot | null> {
        if (statementId === undefined || statementId < 0) return null;
        return this.ctx.client.sendRequest<Snapshot | null>(Requests.snapshot, {
            uri: this.source.uri,
            statementId,
            variant: this.variant,
        });
    }

    /** The statement's snapshot and the one before it (the changes since are marked). */
    private async snapshots(statementId: number): Promise<{ snapshot: Snapshot | null; previous: Snapshot | null }> {
        const at = this.statements.findIndex(s => s.id === statementId);
        const [snapshot, previous] = await Promise.all([
            this.snapshot(statementId),
            this.snapshot(at > 0 ? this.statements[at - 1].id : undefined),
        ]);
        return { snapshot, previous };
    }

    private async select(statementId: number): Promise<void> {
        if (statementId === this.statementId || !this.statements.some(s => s.id === statementId)) return;
        this.statementId = statementId;
        post(this.panel, { type: 'snapshot', statementId, ...(await this.snapshots(statementId)) });
    }

    private async followCursor(e: vscode.TextEditorSelectionChangeEvent): Promise<void> {
        if (e.textEditor.document.uri.toString() !== this.source.uri) return;
        const id = statementAtLine(this.statements, e.selections[0].active.line + 1);
        if (id !== undefined) await this.select(id);
    }

    async onMessage(message: FromWebview): Promise<void> {
        switch (message.type) {
            case 'ready':
                return this.refresh();
            case 'selectStatement':
                return this.select(message.statementId);
            case 'reveal': {
                const statement = this.statements.find(s => s.id === message.statementId);
                if (statement) await revealStatement(this.source.uri, statement.loc);
                return;
            }
            default:
                return;
        }
    }
}

export const pageTablesKind: PanelKind<PageTablesPanel> = {
    spec: SPEC,
    host: (ctx, panel, source) => new PageTablesPanel(ctx, panel, source),
};
