/**
 * Show Page Tables as a panel: the tree and TLBs after a chosen statement of one run and variant. The
 * statement follows the slider in the panel and the cursor in the editor; a finished run refreshes it.
 * One panel at a time, behind the two functions at the bottom.
 */
import * as vscode from 'vscode';
import { RUN_RESULT, SNAPSHOT, type RunResultReply } from '../protocol.js';
import type { Snapshot } from '../../../language/src/engine/index.js';
import type { FromWebview, StatementInfo } from './messages.js';
import type { PanelContext } from './panel-context.js';
import { statementAtLine, type LocatedStatement } from './statement-at-line.js';
import { createPanel, post, revealStatement } from './webview-panel.js';

type Result = RunResultReply['runs'][number]['results'][number];

class PageTablesPanel {
    private statements: LocatedStatement[] = [];
    private statementId = -1;
    private variant = 'base';
    private readonly panel: vscode.WebviewPanel;
    private readonly disposables: vscode.Disposable[] = [];

    constructor(private readonly ctx: PanelContext, public uri: string, public run: string | undefined, onDispose: () => void) {
        this.panel = createPanel(ctx.extensionUri, { viewType: 'mscn.pageTables', title: 'Page Tables', script: 'page-tables' }, m => void this.onMessage(m));
        this.disposables.push(vscode.window.onDidChangeTextEditorSelection(e => void this.followCursor(e)));
        this.panel.onDidDispose(() => {
            for (const d of this.disposables) d.dispose();
            onDispose();
        });
    }

    reveal(): void {
        this.panel.reveal(undefined, true);
    }

    async refresh(): Promise<void> {
        this.variant = this.ctx.variant();
        const reply = await this.ctx.client.sendRequest<RunResultReply | null>(RUN_RESULT, { uri: this.uri, variant: this.variant });
        const runs = reply?.runs.filter(r => this.run === undefined || r.run === this.run) ?? [];
        const result: Result | undefined = runs[0]?.results[0];
        if (!reply || !result) {
            post(this.panel, { type: 'unavailable', reason: reply ? 'No run block to show.' : 'The scenario has errors (see Problems); nothing was run.' });
            return;
        }
        const withSnapshot = new Set(result.snapshotStatements);
        this.statements = result.statements.filter(s => withSnapshot.has(s.id)).sort((a, b) => a.id - b.id);
        if (!withSnapshot.has(this.statementId)) this.statementId = this.statements.at(-1)?.id ?? -1;
        this.panel.title = `Page Tables: ${runs[0].run} (${result.variant})`;
        post(this.panel, {
            type: 'pageTables', title: `run ${runs[0].run} on ${runs[0].machine}, variant ${result.variant}`,
            statements: this.infos(result), statementId: this.statementId, snapshot: await this.snapshot(this.statementId),
        });
    }

    private infos(result: Result): StatementInfo[] {
        const executions = new Map(result.statements.map(s => [s.id, s.executions]));
        return this.statements.map(s => ({ id: s.id, line: s.loc.line, executions: executions.get(s.id) ?? 0 }));
    }

    private async snapshot(statementId: number): Promise<Snapshot | null> {
        if (statementId < 0) return null;
        return this.ctx.client.sendRequest<Snapshot | null>(SNAPSHOT, { uri: this.uri, statementId, variant: this.variant });
    }

    private async select(statementId: number): Promise<void> {
        if (statementId === this.statementId || !this.statements.some(s => s.id === statementId)) return;
        this.statementId = statementId;
        post(this.panel, { type: 'snapshot', statementId, snapshot: await this.snapshot(statementId) });
    }

    private async followCursor(e: vscode.TextEditorSelectionChangeEvent): Promise<void> {
        if (e.textEditor.document.uri.toString() !== this.uri) return;
        const id = statementAtLine(this.statements, e.selections[0].active.line + 1);
        if (id !== undefined) await this.select(id);
    }

    private async onMessage(message: FromWebview): Promise<void> {
        switch (message.type) {
            case 'ready': return this.refresh();
            case 'selectStatement': return this.select(message.statementId);
            case 'reveal': {
                const statement = this.statements.find(s => s.id === message.statementId);
                if (statement) await revealStatement(this.uri, statement.loc);
                return;
            }
            case 'export': return;
        }
    }
}

let current: PageTablesPanel | undefined;

export async function showPageTablesPanel(ctx: PanelContext, uri: string, run: string | undefined): Promise<void> {
    if (!current) current = new PageTablesPanel(ctx, uri, run, () => (current = undefined));
    else current.reveal();
    current.uri = uri;
    current.run = run;
    await current.refresh();
}

/** A run of `uri` landed: the panel shows the new figures (or that the text has errors now). */
export async function pageTablesRunFinished(uri: string): Promise<void> {
    if (current?.uri === uri) await current.refresh();
}
